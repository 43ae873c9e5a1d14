"""One JSON object per log line, for production (see LOG_FORMAT in settings).

Standard library only, so gunicorn's master process can use it before Django is set up. Only the
fields named here leave a record: Django attaches the request object itself to its records, and
a log line must never carry headers, cookies or a body.
"""

import json
import logging
from datetime import UTC, datetime

# Extra fields a record may carry (`logger.info(..., extra={...})`), in the order they appear.
FIELDS = ("method", "path", "status", "duration_ms", "request_id", "user_id")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in FIELDS:
            if hasattr(record, field):
                line[field] = getattr(record, field)
        # Django's own request records (errors, 404s) name their status this way.
        status_code = getattr(record, "status_code", None)
        if "status" not in line and isinstance(status_code, int):
            line["status"] = status_code
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, default=str)
