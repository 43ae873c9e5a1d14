"""The names of the actions the log holds, each owned by the app that performs it.

The log itself knows no verbs: an app lists its own as a `TextChoices` and registers it from its
AppConfig.ready(), so a new verb is a line in that app, never a migration here. Registering
gives the admin its labels and filter; an entry whose action no app registers still shows, by
its stored name.
"""

from django.db.models import TextChoices

_labels: dict[str, str] = {}


class DuplicateAction(ValueError):
    """Two apps claimed the same action name: the log could not tell their entries apart."""


def register(actions: type[TextChoices]) -> None:
    for value, label in actions.choices:
        known = _labels.get(value)
        if known is not None and known != label:
            raise DuplicateAction(f"The audit action “{value}” is registered twice.")
        _labels[value] = str(label)


def label(action: str) -> str:
    return _labels.get(action, action)


def choices() -> list[tuple[str, str]]:
    return sorted(_labels.items(), key=lambda item: item[1])
