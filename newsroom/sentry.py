"""Errors to Sentry when SENTRY_DSN is set (see settings and README)."""

from typing import Any, cast

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.types import Event, Hint

from newsroom.middleware import without_tokens


def start(dsn: str, environment: str, release: str | None, traces_sample_rate: float) -> None:
    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        # No cookies, user names, e-mail or IP addresses; the SDK also blanks fields named like
        # passwords, tokens and session ids in what it does send.
        send_default_pii=False,
        environment=environment,
        release=release,
        traces_sample_rate=traces_sample_rate,
        before_send=redact,
    )


def redact(event: Event, hint: Hint) -> Event:
    """No share-link token leaves in an event: they open unpublished articles. Tokens turn up
    in the request's URL and in the frames' local variables (a request's repr), so every
    string of the event is looked at."""
    return cast(Event, _without_tokens(event))


def _without_tokens(value: Any) -> Any:
    if isinstance(value, str):
        return without_tokens(value)
    if isinstance(value, dict):  # a view's keyword arguments hold the token bare
        return {
            key: "[Filtered]" if key == "token" else _without_tokens(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_without_tokens(item) for item in value]
    return value
