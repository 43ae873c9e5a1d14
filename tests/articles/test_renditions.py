"""Renditions off the request path: readers never wait for Pillow, the worker makes what pages use,
each missing set is queued once, and failures are retried and shown to the photo desk."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from articles import editing, renditions, teasers
from articles.models import Teaser
from media_assets.models import Photo, RenditionState
from tests import factories
from wire.importer import import_data

pytestmark = pytest.mark.django_db
TASK = "articles.renditions.make_photo_renditions"
SEED = settings.BASE_DIR / "articles" / "seed" / "000_7e226a48a90657f7.txt"


def queued(photo) -> list[DBTaskResult]:
    return list(
        DBTaskResult.objects.filter(task_path=TASK, args_kwargs__args__0=photo.pk).order_by(
            "enqueued_at"
        )
    )


def reader_urls(article, link) -> list[str]:
    section, tag = article.section.slug, "summit"
    author = article.bylines.first().author.slug
    return [
        "/",
        f"/section/{section}/",
        f"/tag/{tag}/",
        f"/author/{author}/",
        article.get_absolute_url(),
        "/feeds/rss/",
        "/feeds/atom/",
        f"/section/{section}/rss/",
        f"/tag/{tag}/atom/",
        f"/author/{author}/rss/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/news-sitemap.xml",
        "/search/?q=summit",
        "/api/ninjs/",
        f"/api/ninjs/{article.pk}/",
        link.get_absolute_url(),
    ]


def test_no_reader_request_runs_pillow_while_the_renditions_wait(client, breaking, no_pillow):
    article, link = breaking
    photo = article.lead_photo
    with no_pillow():
        for url in reader_urls(article, link):
            response = client.get(url)
            assert response.status_code == 200, url
        page = client.get(article.get_absolute_url()).content.decode()
    # The original stands in at the rendition's size and shape, with no srcset to offer yet.
    lead = re.search(r'<figure class="photo">\s*<img [^>]+>', page).group(0)
    assert f'src="{photo.image.url}"' in lead and 'width="640" height="360"' in lead
    assert "srcset" not in lead and "photo-fit-16x9" in lead
    assert len(queued(photo)) == 1  # at publication, not again for any reader, draft or save
    assert Photo.objects.get(pk=photo.pk).renditions_state == RenditionState.QUEUED


def test_the_worker_makes_them_and_the_pages_then_offer_them(
    run_worker, client, breaking, no_pillow
):
    article, _ = breaking
    photo = article.lead_photo

    run_worker()

    assert [task.status for task in queued(photo)] == ["SUCCESSFUL"]
    assert Photo.objects.get(pk=photo.pk).renditions_state == RenditionState.READY
    made = set(photo.renditions.values_list("spec", flat=True))
    assert made >= set(renditions.wanted_specs(photo))
    with no_pillow():
        page = client.get(article.get_absolute_url()).content.decode()
    small = photo.renditions.get(spec="fill-400x225").url
    lead = re.search(r'<figure class="photo">\s*<img [^>]+>', page).group(0)
    assert f"{small} 400w" in lead and photo.image.url not in lead
    row = Teaser.objects.get(article=article).data["photo"]
    assert row["pending"] is False and not row["images"]["crop-16x9"].get("original")


def test_saving_and_republishing_while_queued_adds_no_second_task(breaking, editor):
    article, _ = breaking
    photo = article.lead_photo
    for _ in range(3):
        teasers.refresh([article.pk])
        renditions.queue(photo)
    assert len(queued(photo)) == 1


def test_a_new_focal_point_queues_the_new_crops_and_keeps_the_old_ones_meanwhile(
    run_worker, breaking, client, photodesk
):
    article, _ = breaking
    photo = article.lead_photo
    run_worker()
    old = Photo.objects.get(pk=photo.pk).renditions.get(spec="fill-640x360").file.name
    client.force_login(photodesk)
    data = {
        "focal_x": "0.1",
        "focal_y": "0.5",
        **{
            name: getattr(photo, name) or ""
            for name in ("caption", "alt_text", "creator", "credit_line", "copyright_notice")
        },
        "source": photo.source,
        "usage_terms": "",
        "licence_expires": "",
        "web_statement": "",
    }
    response = client.post(reverse("admin:media_assets_photo_change", args=[photo.pk]), data)
    assert response.status_code == 302
    assert len(queued(photo)) == 2
    shown = Teaser.objects.get(article=article).data["photo"]["figures"]["fill-640x360"]
    assert old.rsplit("/", 1)[-1] in shown["src"] and shown["pending"] is True
    run_worker()
    shown = Teaser.objects.get(article=article).data["photo"]["figures"]["fill-640x360"]
    assert old.rsplit("/", 1)[-1] not in shown["src"] and shown["pending"] is False


def test_a_failure_is_retried_later_then_shown_to_the_desk_who_can_try_again(
    run_worker, breaking, client, photodesk, monkeypatch
):
    article, _ = breaking
    photo = article.lead_photo

    def broken(*args, **kwargs):
        raise OSError("storage unreachable")

    monkeypatch.setattr("media_assets.rendition_store.render", broken)
    run_worker()  # the first attempt fails; the next waits (run_after) for a later round

    tasks = queued(photo)
    assert [task.status for task in tasks] == ["FAILED", "READY"]
    assert tasks[1].args_kwargs["args"] == [photo.pk, 2]
    assert tasks[1].run_after > tasks[0].finished_at
    stored = Photo.objects.get(pk=photo.pk)
    assert (stored.renditions_state, stored.renditions_attempts) == (RenditionState.QUEUED, 1)

    DBTaskResult.objects.filter(status="READY").update(run_after=tasks[0].finished_at)
    for _ in range(3):  # the remaining attempts, each made due at once here
        run_worker()
        DBTaskResult.objects.filter(status="READY").update(run_after=tasks[0].finished_at)
    assert [task.status for task in queued(photo)] == ["FAILED"] * 4
    stored = Photo.objects.get(pk=photo.pk)
    assert stored.renditions_state == RenditionState.FAILED
    assert stored.renditions_error == "OSError: storage unreachable"

    client.force_login(photodesk)
    listing = client.get(reverse("admin:media_assets_photo_changelist")).content.decode()
    assert "failed after 4 attempts: OSError: storage unreachable" in listing
    change = reverse("admin:media_assets_photo_change", args=[photo.pk])
    page = client.get(change).content.decode()
    retry = reverse("admin:media_assets_photo_renditions", args=[photo.pk])
    assert "OSError: storage unreachable" in page and f'formaction="{retry}"' in page

    monkeypatch.undo()
    response = client.post(retry)
    assert response.status_code == 302 and response.url == change
    assert queued(photo)[-1].status == "READY"
    run_worker()
    assert Photo.objects.get(pk=photo.pk).renditions_state == RenditionState.READY
    assert Teaser.objects.get(article=article).data["photo"]["pending"] is False


def test_only_the_desk_may_ask_again(breaking, client, reporter):
    article, _ = breaking
    client.force_login(reporter)
    retry = reverse("admin:media_assets_photo_renditions", args=[article.lead_photo.pk])
    assert client.post(retry).status_code == 403
    assert len(queued(article.lead_photo)) == 1


def upload(name: str, color: int):
    return SimpleUploadedFile(name, factories.image_bytes(color=(color, 9, 9)), "image/jpeg")


def test_a_photo_uploaded_alone_or_in_bulk_is_queued_once(run_worker, client, photodesk):
    client.force_login(photodesk)
    form = dict.fromkeys(["caption", "alt_text", "creator", "credit_line", "source"], "")
    single = {**form, "copyright_notice": "", "usage_terms": "", "licence_expires": ""}
    response = client.post(
        reverse("admin:media_assets_photo_add"),
        {**single, "web_statement": "", "upload": upload("one.jpg", 1)},
    )
    assert response.status_code == 302
    client.post(
        reverse("admin:media_assets_photo_bulk_upload"),
        {"files": [upload("two.jpg", 120), upload("three.jpg", 240), upload("again.jpg", 1)]},
    )
    photos = list(Photo.objects.order_by("pk"))
    assert len(photos) == 3  # "again.jpg" is "one.jpg", already in the library
    assert [len(queued(photo)) for photo in photos] == [1, 1, 1]
    run_worker()
    for photo in photos:  # the library's thumbnail, and what the pages use
        assert photo.renditions.count() == len(renditions.wanted_specs(photo)) + 1


def test_attaching_a_wire_picture_queues_its_renditions(client, photodesk, task_queue):
    picture = import_data(SEED.name, SEED.read_bytes(), user=None).item.pictures.get()
    client.force_login(photodesk)
    attach = reverse("admin:wire_wirepicture_attach", args=[picture.pk])
    client.post(attach, {"upload": upload("wire.jpg", 60), "alt_text": "Speaking"})
    assert len(queued(Photo.objects.get())) == 1


def test_a_lead_photo_chosen_for_a_draft_is_queued_before_publication(editor, task_queue):
    photo = factories.make_photo()
    DBTaskResult.objects.all().delete()  # as if the upload's task had run and its files gone
    article = factories.make_article(headline="Draft")
    article.lead_photo = photo
    editing.save_content(article, user=editor, source="admin", expected_version=article.version)
    assert len(queued(photo)) == 1


def test_a_queue_outside_the_database_gets_the_task_only_once_the_change_commits(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    backend = renditions.make_photo_renditions.get_backend()
    backend.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        photo = factories.make_photo()
        renditions.queue(photo)
        assert backend.results == []
    for callback in callbacks:
        callback()
    assert [result.args for result in backend.results] == [[photo.pk, 1]]


PUBLISH = """
from articles import workflow
from articles.models import Status
from tests import factories
editor = factories.make_user("editor", is_superuser=True)
article = factories.make_article(status=Status.EDIT, lead_photo=factories.make_photo())
workflow.perform(article, "publish", editor)
"""
READ = """
from django.test import Client
from articles.models import Article
from django_tasks_db.models import DBTaskResult
article = Article.objects.get()
page = Client().get(article.get_absolute_url()).content.decode()
print([task.status for task in DBTaskResult.objects.all()], "400w" in page)
"""


@pytest.mark.django_db(databases=[])
def test_a_worker_process_makes_the_renditions_of_a_new_photo(tmp_path):
    """The production shape: the site and `manage.py db_worker` as separate processes sharing
    the database queue."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DEBUG": "true",
        "ALLOWED_HOSTS": "testserver",
        "PUBLIC_PAGE_CACHE_SECONDS": "0",
    }

    def manage(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    manage("migrate", "--no-input", "-v0")
    manage("shell", "--no-imports", "-c", PUBLISH)
    # Queued at publication; meanwhile the page shows the original, without a srcset.
    assert manage("shell", "--no-imports", "-c", READ) == "['READY'] False"
    manage("db_worker", "--batch", "--no-startup-delay", "--no-reload", "-v0")
    assert manage("shell", "--no-imports", "-c", READ) == "['SUCCESSFUL'] True"
