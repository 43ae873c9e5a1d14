"""The fronts' action names in the audit log."""

from django.db import models


class FrontAction(models.TextChoices):
    ARRANGE = "front_arrange", "Front arranged"
