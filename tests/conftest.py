"""Fixtures shared by the whole suite: a temporary MEDIA_ROOT and the newsroom's cast of users."""

import pytest
from django.contrib.auth.models import Group

from tests import factories


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing costs ~0.3 s a user; the cast is made hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _member(username, group_name):
    user = factories.make_user(username)
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def reporter(db):
    return _member("reporter", "Reporter")


@pytest.fixture
def other_reporter(db):
    return _member("other_reporter", "Reporter")


@pytest.fixture
def editor(db):
    return _member("editor", "Editor")


@pytest.fixture
def photodesk(db):
    return _member("photodesk", "Photo desk")


@pytest.fixture
def reader(db):
    """Has an account but no role: the public, logged in."""
    return _member("reader", None)


@pytest.fixture
def cast(reporter, editor, photodesk, reader):
    return {"reporter": reporter, "editor": editor, "photodesk": photodesk, "reader": reader}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run tests that flush the database (live-server browser tests) after all the others.

    Django's runner does the same. A flush removes the groups the data migrations made, and
    pytest's grouping by session-scoped parameters (the browser) can otherwise pull a browser
    test into the middle of the run.
    """

    def flushes(item) -> bool:
        marker = item.get_closest_marker("django_db")
        transactional = bool(marker and marker.kwargs.get("transaction"))
        return transactional or "transactional_db" in item.fixturenames

    items.sort(key=flushes)
