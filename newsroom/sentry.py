"""Errors to Sentry when SENTRY_DSN is set (see settings and README)."""

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration


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
    )
