"""SQLite: editors opening change pages at the same moment all get their page.

Opening a change page writes the edit lock (articles/locks.py): a read, then a write, in one
transaction. Eight real threads, each with its own connection to one SQLite file (the way gunicorn
workers share it), open change pages behind a barrier; none may answer 500 "database is locked".
"""

import sqlite3
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from articles.models import EditLock
from tests.conftest import _member
from tests.factories import make_article

EDITORS = 8
VISITS = 5  # each editor opens the page a few times: one round rarely interleaves the threads


def copy_to_file(path) -> dict:
    """The committed test database copied to a file; the settings to open that file with."""
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
    return {**connection.settings_dict, "NAME": str(path)}


def open_at_once(settings_dict: dict, visits: list[tuple[Client, str]]) -> list[int]:
    """Each (client, url) fetched VISITS times in its own thread, with its own connection, all
    threads at once."""
    barrier = threading.Barrier(len(visits))
    wrapper = type(connections["default"])
    statuses: list[int] = []

    def visit(client: Client, url: str) -> None:
        connections["default"] = wrapper(settings_dict, "default")
        try:
            barrier.wait()
            statuses.extend(client.get(url).status_code for _ in range(VISITS))
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=visit, args=pair) for pair in visits]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@pytest.mark.parametrize("same_article", [True, False], ids=["one-article", "eight-articles"])
def test_eight_editors_opening_change_pages_at_once_all_get_them(
    transactional_db, tmp_path, same_article
):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's database-wide write lock only")
    shared = make_article()
    visits = []
    for n in range(EDITORS):
        client = Client(raise_request_exception=False)
        client.force_login(_member(f"desk{n}", "Editor"))
        article = shared if same_article else make_article()
        visits.append((client, f"/admin/articles/article/{article.pk}/change/"))
    database = copy_to_file(tmp_path / "newsroom.sqlite3")

    assert open_at_once(database, visits) == [200] * EDITORS * VISITS

    with sqlite3.connect(database["NAME"]) as reader:
        query = f"select count(*) from {EditLock._meta.db_table}"
        assert reader.execute(query).fetchone()[0] == (1 if same_article else EDITORS)
