"""Time and peak memory of the standard renditions of a 24-megapixel JPEG.

Run by hand: `.venv/bin/python bench/renditions.py [--runs N]`. Results go into issue notes, never
into assertions.

Method. A 6000×4000 JPEG with photographic texture (gradients, shapes and sensor-like noise) is
made once. Each case then runs in a fresh Python subprocess that imports Django and Pillow and
reads the file into memory; then the kernel's resident-set high-water mark is reset (writing 5
to /proc/self/clear_refs) and peak memory is how far `VmHWM` (/proc/self/status) rises above the
resident set during the first run. This is what the operating system had to provide, Pillow's
C allocations included (tracemalloc sees only Python's). `ru_maxrss` is no good here: Linux
carries it over from the parent process across fork and exec. Time is the median wall-clock of N
runs (nothing is cached between runs: each decodes, crops, converts, encodes and embeds metadata
from the bytes again); "CPU ms" is the median processor time of the same runs, which a busy
machine inflates less than wall-clock time.

The "plain Pillow" case is what naive code does: decode the whole bitmap, `ImageOps.fit` to
1200×675, save a JPEG — the same output as `fill-1200x675`, without `draft()`.
"""

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STANDARD = ["fill-1200x675", "width-800", "max-400x400", "crop-1x1", "crop-4x3", "crop-16x9"]
PLAIN = "plain full-decode resize"
CREDITS = {
    "caption": "NATO Secretary General Jens Stoltenberg",
    "credit_line": "EPA-EFE/KOCA SULEJMANOVIC",
    "creator": "KOCA SULEJMANOVIC",
    "source": "EPA-EFE",
    "copyright_notice": "© EPA-EFE",
}


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()


def make_photo(path: Path) -> None:
    from PIL import Image, ImageDraw

    size = (6000, 4000)
    red = Image.linear_gradient("L").resize(size)
    green = red.transpose(Image.Transpose.ROTATE_90).resize(size)
    blue = Image.radial_gradient("L").resize(size)
    image = Image.merge("RGB", (red, green, blue))
    draw = ImageDraw.Draw(image)
    for n in range(40):
        x, y = (n * 733) % 6000, (n * 457) % 4000
        draw.ellipse((x, y, x + 300 + n * 20, y + 200 + n * 15), fill=(n * 6, 255 - n * 6, 128))
    noise = Image.effect_noise(size, 60).convert("RGB")
    image = Image.blend(image, noise, 0.25)
    image.save(path, "JPEG", quality=90)


def memory_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status: this benchmark needs Linux")


def measure(case: str, path: str, runs: int) -> dict:
    """Runs inside the child process."""
    setup_django()
    from PIL import Image, ImageOps

    from media_assets.imaging import parse_spec, render

    data = Path(path).read_bytes()
    if case == PLAIN:

        def work():
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                fitted = ImageOps.fit(image, (1200, 675), Image.Resampling.LANCZOS)
                out = io.BytesIO()
                fitted.save(out, "JPEG", quality=82, progressive=True, optimize=True)
                return fitted.size, out.tell()
    else:
        spec = parse_spec(case)

        def work():
            rendered = render(data, spec, metadata=CREDITS)
            return (rendered.width, rendered.height), len(rendered.data)

    Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM to the current VmRSS
    baseline = memory_kib("VmRSS")
    times, cpu_times = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        size, length = work()
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
        if len(times) == 1:
            peak_kib = memory_kib("VmHWM") - baseline
    return {
        "case": case,
        "size": f"{size[0]}x{size[1]}",
        "bytes": length,
        "median_ms": round(statistics.median(times) * 1000),
        "min_ms": round(min(times) * 1000),
        "cpu_ms": round(statistics.median(cpu_times) * 1000),
        "peak_mb": round(peak_kib / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--child", nargs=2, metavar=("CASE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child[0], args.child[1], args.runs)))
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.jpg"
        make_photo(path)
        print(f"source: 6000x4000 JPEG, {path.stat().st_size / 1e6:.1f} MB; {args.runs} runs each")
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(
            f"{'case':<26}{'output':>10}{'bytes':>9}{'median ms':>11}{'min ms':>8}"
            f"{'CPU ms':>8}{'peak MB':>9}"
        )
        for case in [*STANDARD, PLAIN]:
            child = [sys.executable, __file__, "--runs", str(args.runs), "--child", case, str(path)]
            result = json.loads(subprocess.run(child, check=True, capture_output=True).stdout)
            print(
                f"{result['case']:<26}{result['size']:>10}{result['bytes']:>9}"
                f"{result['median_ms']:>11}{result['min_ms']:>8}{result['cpu_ms']:>8}"
                f"{result['peak_mb']:>9}"
            )


if __name__ == "__main__":
    main()
