"""The newsroom's roles: each group and exactly the permissions it bundles, in one table.

Code checks permissions, never group names; a group only bundles them for the people who hold it.
The roles span every app (articles, media_assets, wire, audit, taggit), so they live here, in the
project package that wires the apps together, and not in any one app: no app has to reach up for
them.

To change a role, edit ROLES (one "app_label.codename" a line) and add a migration to
newsroom/migrations that calls sync_roles() again, depending on the migrations that create the
permissions' models (copy the last one). tests/test_roles.py checks the groups against this table.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS

ROLES: dict[str, tuple[str, ...]] = {
    "Reporter": (
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "articles.add_byline",
        "articles.change_byline",
        "articles.delete_byline",
        "articles.view_byline",
        "articles.view_author",
        "articles.view_section",
        "articles.view_revision",
        "media_assets.view_photo",
        "taggit.view_tag",
        "wire.view_wireitem",
        "wire.view_wirepicture",
        # The planning desk (desk/): reporters see the budget, pitch stories and comment.
        "desk.add_budgetline",
        "desk.view_budgetline",
        "desk.view_photorequest",
        "desk.add_comment",
        "desk.view_comment",
    ),
    "Editor": (
        "articles.add_article",
        "articles.change_article",
        "articles.delete_article",
        "articles.view_article",
        "articles.publish_article",
        "articles.edit_any_article",
        "articles.attach_photo",
        "articles.add_byline",
        "articles.change_byline",
        "articles.delete_byline",
        "articles.view_byline",
        "articles.add_author",
        "articles.change_author",
        "articles.view_author",
        "articles.add_section",
        "articles.change_section",
        "articles.view_section",
        "articles.view_revision",
        "articles.add_correction",
        "articles.view_correction",
        "articles.add_sharelink",
        "articles.change_sharelink",
        "articles.view_sharelink",
        "audit.view_auditentry",
        # A colleague who lost their phone gets back in (accounts/two_factor.py; logged).
        "accounts.view_colleague",
        "accounts.reset_second_factor",
        "media_assets.add_photo",
        "media_assets.view_photo",
        "taggit.add_tag",
        "taggit.change_tag",
        "taggit.view_tag",
        # Importing makes drafts and agency contributors: add_article and add_author above.
        "wire.add_wireitem",
        "wire.change_wireitem",
        "wire.view_wireitem",
        "wire.view_wirepicture",
        # The planning desk: the budget, assignments, photo requests, comments.
        "desk.add_budgetline",
        "desk.change_budgetline",
        "desk.view_budgetline",
        "desk.assign_budgetline",
        "desk.add_photorequest",
        "desk.change_photorequest",
        "desk.view_photorequest",
        "desk.add_comment",
        "desk.view_comment",
        # Curated fronts (fronts/): the home page and section fronts, arranged and scheduled.
        "fronts.add_front",
        "fronts.change_front",
        "fronts.view_front",
        "fronts.add_arrangement",
        "fronts.change_arrangement",
        "fronts.view_arrangement",
        "fronts.add_slot",
        "fronts.change_slot",
        "fronts.view_slot",
    ),
    "Photo desk": (
        "media_assets.add_photo",
        "media_assets.change_photo",
        "media_assets.delete_photo",
        "media_assets.view_photo",
        "articles.view_article",
        "articles.attach_photo",
        "articles.view_section",
        "articles.view_author",
        # The photo desk attaches pictures by the credits the wire recorded.
        "wire.view_wireitem",
        "wire.view_wirepicture",
        # The desk works its queue of photo requests and sees the budget they come from.
        "desk.view_budgetline",
        "desk.view_photorequest",
        "desk.change_photorequest",
        "desk.add_comment",
        "desk.view_comment",
    ),
}


def sync_roles(
    apps: Apps = global_apps,
    *,
    roles: Mapping[str, Iterable[str]] = ROLES,
    using: str = DEFAULT_DB_ALIAS,
    strict: bool = True,
) -> list[str]:
    """Make each role's group hold exactly its permissions; return the permissions not found.

    Creates missing groups, and missing permissions (with their content types) of the models
    `apps` knows: Django makes permissions only after migrate, and a data migration runs before.
    Groups outside the table are left alone. Running it again changes nothing.

    A permission in the table that `apps` has no model for raises LookupError when `strict`; a
    migration passes strict=False, since a later table may name models that migration predates.
    """
    _create_permissions(apps, using)
    permissions = _permissions_by_name(apps, using)
    missing = sorted({name for names in roles.values() for name in names} - permissions.keys())
    if missing and strict:
        raise LookupError(f"Roles name permissions that do not exist: {', '.join(missing)}")
    Group = apps.get_model("auth", "Group")
    for role, names in roles.items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        group.permissions.set([permissions[name] for name in names if name in permissions])
    return missing


def _create_permissions(apps: Apps, using: str) -> None:
    for app_config in apps.get_app_configs():
        # A historical app (in a migration) has no models module, and create_permissions
        # skips such apps; the flag is all it looks at.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True  # type: ignore[assignment]
        try:
            create_permissions(app_config, verbosity=0, using=using, apps=apps)
        finally:
            app_config.models_module = models_module


def _permissions_by_name(apps: Apps, using: str) -> dict[str, Any]:
    Permission = apps.get_model("auth", "Permission")
    rows = Permission.objects.using(using).select_related("content_type")
    return {f"{p.content_type.app_label}.{p.codename}": p for p in rows}
