"""Gunicorn settings for Newsroom: `gunicorn -c deploy/gunicorn.conf.py` (see README, Deploying).

Everything here can be changed from the environment (deploy/newsroom.env) without editing this
file; a command-line option wins over both.
"""

import multiprocessing
import os
from pathlib import Path


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


# The project: this file lives in deploy/ beside it.
chdir = str(Path(__file__).resolve().parent.parent)
wsgi_app = "newsroom.wsgi:application"

# Behind Varnish on the same machine (nginx → Varnish :6081 → gunicorn :8000).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Synchronous workers, twice the cores plus one: requests are short (no Pillow on a reader's
# request, the edge answers most readers), so a worker mostly waits on PostgreSQL.
workers = _env_int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
# A request still running after this is stuck; the worker is killed and replaced.
timeout = _env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
# Varnish keeps its backend connections open between requests.
keepalive = 5
# Replace each worker now and then, staggered, so slow growth of memory never adds up.
max_requests = 2000
max_requests_jitter = 200

# Trust X-Forwarded-* only from the proxies on this machine.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Same rule as the settings: JSON logs unless DEBUG is on or LOG_FORMAT=text. With JSON, Django's
# request log (newsroom/middleware.py) writes one line per request, so gunicorn's access log would
# only repeat it; gunicorn's own messages become JSON lines too.
_debug = os.environ.get("DEBUG", "").lower() in {"1", "true", "yes", "on"}
_json = os.environ.get("LOG_FORMAT", "text" if _debug else "json") == "json"
errorlog = "-"
accesslog = None if _json else "-"
if _json:
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "newsroom.jsonlog.JsonFormatter"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"level": "INFO", "handlers": ["console"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
            # A logging config turns gunicorn's access log back on: silence it here.
            "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
        },
    }
