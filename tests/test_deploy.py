"""The files in deploy/ are checked by the tools that will read them: Django's deployment checks
on deploy/env.example, `nginx -t`, `systemd-analyze verify`, and gunicorn's own config loader.

nginx comes from `make test-deps`; systemd-analyze is part of every Debian system.
"""

import http.client
import json
import os
import re
import secrets
import shutil
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.processes import free_port

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
SERVER_ROOT = "/srv/newsroom"


def production_environment() -> dict[str, str]:
    """deploy/env.example as an operator fills it in: only the secret key is theirs to add."""
    values = {}
    for line in (DEPLOY / "env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    assert values["SECRET_KEY"] == "", "the example must not ship a key anyone could copy"
    return {**values, "SECRET_KEY": secrets.token_urlsafe(50)}


def run(command: list[str], env: dict[str, str] | None = None, **options):
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, **options
    )


def test_check_deploy_is_clean_with_the_example_production_environment():
    inherited = {
        k: v
        for k, v in os.environ.items()
        if k in {"PATH", "HOME", "LANG", "PYTHONPATH", "VIRTUAL_ENV"}
    }
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={**inherited, **production_environment()},
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_gunicorn_config_loads_and_agrees_with_nginx():
    environment = {"PATH": os.environ["PATH"], "LOG_FORMAT": "json", "GUNICORN_WORKERS": "3"}
    script = (
        "from gunicorn.config import Config; from gunicorn.app.base import Application\n"
        "import runpy, json\n"
        "values = runpy.run_path('deploy/gunicorn.conf.py')\n"
        "print(json.dumps({k: values[k] for k in ('bind', 'workers', 'timeout', 'accesslog',"
        " 'forwarded_allow_ips', 'wsgi_app', 'chdir')}))\n"
    )
    result = run([sys.executable, "-c", script], env=environment)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["bind"] == "127.0.0.1:8000"
    assert values["workers"] == 3
    assert values["accesslog"] is None  # the JSON request log replaces it
    assert values["chdir"] == str(ROOT)
    nginx = (DEPLOY / "nginx" / "newsroom.conf").read_text()
    assert "server 127.0.0.1:8000;" in nginx  # the health probe's way to the application
    assert "server 127.0.0.1:6081;" in nginx  # everything else goes through Varnish

    development = {"PATH": os.environ["PATH"], "DEBUG": "true"}
    readable = run([sys.executable, "-c", script], env=development)
    assert json.loads(readable.stdout)["accesslog"] == "-"


def test_gunicorn_loads_the_application_with_its_config_file():
    command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--check-config"]
    result = run(command, env={"PATH": os.environ["PATH"], **production_environment()})
    assert result.returncode == 0, result.stderr + result.stdout


def nginx_site(tmp_path, *, https_port: int = 443) -> tuple[str, Path]:
    """nginx and deploy/nginx/newsroom.conf in a main config of their own, with a self-signed
    certificate where certbot's would be (and HTTPS on `https_port`)."""
    nginx = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if not nginx:
        pytest.skip("nginx is not installed: `make test-deps` installs it")
    certificate, key = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    made = run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=news.example.org", "-keyout", str(key), "-out", str(certificate)]
    )
    assert made.returncode == 0, made.stderr
    site = (DEPLOY / "nginx" / "newsroom.conf").read_text()
    site = site.replace("/etc/letsencrypt/live/news.example.org/", f"{tmp_path}/")
    if https_port != 443:  # served for real: HTTPS on a free port, no plain HTTP
        site = site.replace("listen 443 ssl", f"listen 127.0.0.1:{https_port} ssl")
        site = re.sub(r"\n\s*listen \[::\]:\d+[^;]*;", "", site)
        site = site.replace("listen 80;", f"listen 127.0.0.1:{free_port()};")
    (tmp_path / "newsroom.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  include {tmp_path}/newsroom.conf;\n}}\n"
    )
    return nginx, tmp_path / "nginx.conf"


def test_nginx_accepts_the_site_config(tmp_path):
    nginx, config = nginx_site(tmp_path)
    result = run([nginx, "-t", "-p", str(tmp_path), "-c", str(config)])
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_nginx_refuses_purges_from_the_internet(tmp_path):
    """Varnish takes purges from localhost, and nginx connects from there: nginx must stop them."""
    port = free_port()
    nginx, config = nginx_site(tmp_path, https_port=port)
    server = subprocess.Popen([nginx, "-p", str(tmp_path), "-c", str(config), "-g", "daemon off;"])
    try:
        context = ssl.create_default_context(cafile=tmp_path / "fullchain.pem")
        context.check_hostname = False
        headers = {"Host": "news.example.org", "xkey-purge": "all"}
        for _ in range(100):
            connection = http.client.HTTPSConnection("127.0.0.1", port, context=context)
            try:
                connection.request("PURGE", "/", headers=headers)
                status = connection.getresponse().status
                break
            except ConnectionRefusedError:
                time.sleep(0.05)
            finally:
                connection.close()
        assert status == 405
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_nginx_takes_a_photo_as_large_as_the_photo_desk_accepts():
    site = (DEPLOY / "nginx" / "newsroom.conf").read_text()
    [megabytes] = re.findall(r"client_max_body_size (\d+)m;", site)
    limit = int(megabytes) * 1024 * 1024
    # The largest photo plus its form fits; not much more than that is let through.
    assert settings.PHOTO_MAX_BYTES < limit <= settings.PHOTO_MAX_BYTES + 2 * 1024 * 1024


def systemd_analyze():
    tool = shutil.which("systemd-analyze")
    if not tool:
        pytest.skip("systemd-analyze is not installed (it comes with systemd on Debian)")
    return tool


def test_systemd_units_verify(tmp_path):
    tool = systemd_analyze()
    units = []
    for unit in ("newsroom-web.service", "newsroom-worker.service"):
        text = (DEPLOY / "systemd" / unit).read_text()
        # Where the checkout and its virtualenv are on this machine, so the commands exist.
        text = text.replace(f"{SERVER_ROOT}/.venv", sys.prefix).replace(SERVER_ROOT, str(ROOT))
        (tmp_path / unit).write_text(text)
        units.append(str(tmp_path / unit))
    result = run([tool, "verify", *units])
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_the_varnish_override_verifies_against_debians_unit(tmp_path):
    tool = systemd_analyze()
    debian_unit = Path("/lib/systemd/system/varnish.service")
    if not debian_unit.exists():
        pytest.skip("Debian's varnish package is not installed: `make test-deps` installs it")
    shutil.copy(debian_unit, tmp_path / "varnish.service")
    shutil.copytree(DEPLOY / "systemd" / "varnish.service.d", tmp_path / "varnish.service.d")
    result = run(
        [tool, "verify", str(tmp_path / "varnish.service")],
        env={**os.environ, "SYSTEMD_LOG_LEVEL": "debug"},
    )
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert f"DropIn Path: {tmp_path}/varnish.service.d/newsroom.conf" in output
    problems = [line for line in output.splitlines() if "newsroom.conf:" in line]
    assert problems == []
    override = (DEPLOY / "systemd" / "varnish.service.d" / "newsroom.conf").read_text()
    assert "-a 127.0.0.1:6081" in override
    assert "-f /etc/varnish/newsroom.vcl" in override


def test_the_application_purges_the_varnish_the_deployment_runs():
    """Without EDGE_PURGE_VARNISH nothing is ever purged: pulled articles stay at the edge."""
    override = (DEPLOY / "systemd" / "varnish.service.d" / "newsroom.conf").read_text()
    [listening] = re.findall(r" -a (\S+) ", override)
    assert production_environment()["EDGE_PURGE_VARNISH"] == f"http://{listening}/"
