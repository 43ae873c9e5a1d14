"""Start-up from the environment: production refuses to start unsafe, and says why in one line."""

import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3Jx9-vQ2mZr8Lp0wT5yB7nC4hF6dS1aG3eU9iO0pK2lM8jN5bV7cX4zQ1wE6rT3yU",
    "ALLOWED_HOSTS": "news.example.org",
    "DATABASE_URL": "sqlite:////tmp/newsroom-deploy-check.sqlite3",
}


# Set by the browser tests for Playwright's sake; never part of a production environment.
TEST_ONLY = {"DJANGO_ALLOW_ASYNC_UNSAFE"}


def manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION.keys() | TEST_ONLY}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_deploy_reports_nothing_in_production_settings():
    result = manage("check", "--deploy", "--fail-level", "DEBUG", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_a_missing_secret_key_stops_start_up_with_one_line():
    result = manage("check", env={**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "SECRET_KEY is not set: set it in the environment (or DEBUG=true for development)."
    ]


def test_development_key_is_flagged_by_check_deploy():
    env = {**PRODUCTION, "DEBUG": "true", "SECRET_KEY": ""}
    result = manage("check", "--deploy", env=env)
    assert "security.W009" in result.stderr + result.stdout


def test_content_security_policy_is_on_without_inline_scripts(client):
    response = client.get("/admin/login/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy


def test_a_redis_that_hangs_times_out_instead_of_holding_the_request():
    """CACHE_URL=redis://… gets socket timeouts: a Redis that accepts and never answers costs
    half a second (the page cache then serves from the database), not the whole request."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        read = "from django.core.cache import cache; cache.get('page')"
        env = {"DEBUG": "true", "CACHE_URL": f"redis://127.0.0.1:{port}/0"}
        result = manage("shell", "--no-imports", "-c", read, env=env)
    assert result.returncode != 0
    assert "TimeoutError: Timeout reading from" in result.stderr


def site_url(env):
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SITE_URL)",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_site_url_follows_the_address_make_run_serves_on_unless_set():
    # Empty stands for "not set" whatever a developer's .env or shell says (a real variable wins
    # over .env, and an empty one counts as unset).
    development = {"DEBUG": "true", "SITE_URL": "", "RUN_URL": ""}
    assert site_url(development) == "http://127.0.0.1:8000"
    assert site_url({**development, "RUN_URL": "http://127.0.0.1:8103"}) == "http://127.0.0.1:8103"
    chosen = {**development, "RUN_URL": "http://127.0.0.1:8103", "SITE_URL": "https://n.example/"}
    assert site_url(chosen) == "https://n.example"


def test_make_run_passes_its_host_and_port_to_the_server():
    dry = subprocess.run(
        ["make", "--dry-run", "--always-make", "-o", ".venv/.installed", "-o", ".env",
         "run", "HOST=127.0.0.2", "PORT=8103"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert "RUN_URL=http://127.0.0.2:8103 " in dry.stdout
    assert "runserver 127.0.0.2:8103" in dry.stdout
