"""The roles table (newsroom/roles.py) is what the groups hold, and its sync puts them right."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython

from newsroom.roles import ROLES, sync_roles
from wire.models import WireItem

pytestmark = pytest.mark.django_db


def held() -> dict[str, set[str]]:
    return {
        group.name: {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }
        for group in Group.objects.filter(name__in=ROLES)
    }


def table() -> dict[str, set[str]]:
    return {name: set(permissions) for name, permissions in ROLES.items()}


def test_after_migrate_each_group_holds_exactly_its_row_of_the_table():
    assert held() == table()


def test_the_table_names_no_permission_twice_in_a_role():
    assert all(len(set(names)) == len(names) for names in ROLES.values())


def test_a_second_sync_changes_nothing():
    groups = set(Group.objects.values_list("pk", "name"))
    permissions = set(Permission.objects.values_list("pk", "content_type", "codename"))

    assert sync_roles() == []

    assert set(Group.objects.values_list("pk", "name")) == groups
    assert set(Permission.objects.values_list("pk", "content_type", "codename")) == permissions
    assert held() == table()


def test_sync_corrects_a_drifted_group_and_remakes_a_deleted_one():
    Group.objects.get(name="Editor").permissions.remove(
        Permission.objects.get(codename="publish_article")
    )
    Group.objects.get(name="Reporter").permissions.add(
        Permission.objects.get(codename="publish_article")
    )
    Group.objects.get(name="Photo desk").delete()

    sync_roles()

    assert held() == table()


def test_sync_leaves_groups_outside_the_table_alone():
    interns = Group.objects.create(name="Interns")
    interns.permissions.add(Permission.objects.get(codename="view_article"))

    sync_roles()

    assert [p.codename for p in interns.permissions.all()] == ["view_article"]


def test_sync_makes_missing_permissions_with_their_content_types():
    Permission.objects.filter(content_type__app_label="wire").delete()

    sync_roles()

    assert held() == table()
    wire_item = ContentType.objects.get_for_model(WireItem)
    assert Permission.objects.get(codename="add_wireitem").content_type == wire_item


def test_the_migration_syncs_with_the_historical_models():
    Group.objects.filter(name__in=ROLES).delete()
    Permission.objects.filter(content_type__app_label="wire").delete()
    loader = MigrationLoader(connection)
    migration = loader.get_migration("newsroom", "0001_roles")
    state = loader.project_state(("newsroom", "0001_roles"), at_end=False)

    operation = migration.operations[0]
    assert isinstance(operation, RunPython)

    operation.code(state.apps, connection.schema_editor())

    assert held() == table()


def test_a_permission_that_does_not_exist_is_named():
    roles = {"Reporter": ["articles.view_article", "articles.fly_article"]}

    with pytest.raises(LookupError, match="articles.fly_article"):
        sync_roles(roles=roles)
    assert sync_roles(roles=roles, strict=False) == ["articles.fly_article"]
    assert held()["Reporter"] == {"articles.view_article"}
