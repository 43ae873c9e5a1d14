"""Shared by the data migrations that give the newsroom's groups their permissions."""

from django.contrib.auth.management import create_permissions


def _permission(apps, dotted):
    app_label, codename = dotted.split(".")
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant(apps, roles: dict[str, list[str]]) -> None:
    # Permissions are normally made after migrate; make them now so the groups can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, codenames in roles.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*(_permission(apps, dotted) for dotted in codenames))


def revoke(apps, roles: dict[str, list[str]]) -> None:
    Group = apps.get_model("auth", "Group")
    for name, codenames in roles.items():
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.remove(*(_permission(apps, dotted) for dotted in codenames))
