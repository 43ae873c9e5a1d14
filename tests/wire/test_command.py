"""manage.py import_wire FILE…: progress, one line per failure, a summary and an exit code."""

import io
import os
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from tests.wire.conftest import EXAMPLES, SEED

pytestmark = pytest.mark.django_db


def run(*paths):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_wire", *map(str, paths), stdout=out, stderr=err)
        code = 0
    except CommandError as error:
        code = error.returncode
    return code, out.getvalue(), err.getvalue()


def test_importing_the_seed_and_every_example_succeeds():
    code, out, err = run(SEED, *sorted(EXAMPLES.glob("*.json")))
    assert code == 0
    assert out.strip() == "created 8, updated 0, skipped 1, failed 0"
    assert "[9/9]" in err  # not a terminal: one progress line per file
    assert Article.objects.count() == 8
    assert Article.objects.filter(created_by=None).count() == 8


def test_running_it_again_skips_everything():
    run(SEED)
    code, out, _ = run(SEED)
    assert (code, out.strip()) == (0, "created 0, updated 0, skipped 1, failed 0")


def test_failures_get_one_line_each_the_rest_imports_and_the_exit_code_is_1(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"uri": ')
    binary = tmp_path / "picture.jpg"
    binary.write_bytes(b"\xff\xd8\x00\x00")
    code, out, err = run(broken, SEED, binary, tmp_path / "missing.txt")
    assert code == 1
    assert out.strip() == "created 1, updated 0, skipped 0, failed 3"
    lines = err.splitlines()
    assert f"{broken}: invalid JSON: Expecting value (line 1 column 9)" in lines
    assert f"{binary}: binary data, not text or JSON" in lines
    assert f"{tmp_path / 'missing.txt'}: No such file or directory" in lines
    assert Article.objects.count() == 1


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    huge = tmp_path / "huge.json"
    with huge.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing on disk
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read an oversized file"))
    code, out, err = run(huge)
    assert code == 1
    assert f"{huge}: 50.0 MB is too large for a wire item (the limit is 5.0 MB)" in err


def test_the_size_limit_is_a_setting(tmp_path, settings):
    settings.WIRE_MAX_BYTES = 1024
    code, _, err = run(SEED)
    size = round(os.path.getsize(SEED) / 1024)
    assert code == 1
    assert f"{SEED}: {size} KB is too large for a wire item (the limit is 1 KB)" in err


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_on_a_terminal_progress_is_a_bar():
    err = FakeTerminal()
    call_command("import_wire", str(SEED), stdout=io.StringIO(), stderr=err)
    assert "\r[" + "#" * 30 + "] 1/1" in err.getvalue()
