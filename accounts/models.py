"""The newsroom's accounts as the admin shows them to editors: no table of their own."""

from django.contrib.auth.models import User


class Colleague(User):
    """A staff account, as the second-factor page lists it (a proxy: the users table)."""

    class Meta:
        proxy = True
        verbose_name = "colleague's second factor"
        verbose_name_plural = "colleagues' second factors"
        default_permissions = ("view",)
        permissions = [("reset_second_factor", "Can reset a colleague's second factor")]
