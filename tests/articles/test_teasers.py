"""Teaser rows: one per published article, rewritten by every path that changes what they hold."""

from datetime import timedelta

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from articles import editing, teasers, workflow
from articles.context_processors import navigation
from articles.models import Article, Author, Byline, Correction, Section, Status, Teaser
from articles.models.teaser import visible_sql
from media_assets.figures import figure
from media_assets.models import Photo, RenditionState
from tests import factories
from tests.articles.test_admin import change_url, form_data

pytestmark = pytest.mark.django_db


def row(article) -> Teaser:
    return Teaser.objects.get(article=article)


def test_credits_come_in_byline_order_with_each_authors_kind():
    reporter = factories.make_author("Ana Reporter")
    tass = factories.make_author("TASS", kind="agency")
    article = factories.make_article(bylines=[])
    Byline.objects.create(article=article, author=reporter, position=2)
    Byline.objects.create(article=article, author=tass, position=1, role="additional")
    Article.objects.filter(pk=article.pk).update(
        status=Status.PUBLISHED, published_at=timezone.now()
    )
    teasers.refresh([article.pk])
    assert teasers.credits(row(article)) == [
        ("additional", "TASS", tass.slug, "agency"),
        ("writer", "Ana Reporter", reporter.slug, "person"),
    ]
    assert row(article).data["byline"] == (
        f'Additional reporting by <a href="/author/{tass.slug}/" rel="author">TASS</a>; '
        f'By <a href="/author/{reporter.slug}/" rel="author">Ana Reporter</a>'
    )


def test_topics_are_the_articles_own_tags_in_the_order_added():
    article = factories.make_article(status=Status.PUBLISHED, tags=["Zebra", "NATO", "Apple"])
    factories.make_article(status=Status.PUBLISHED, tags=["Other"])
    assert [topic.name for topic in teasers.topics(row(article))] == ["Zebra", "NATO", "Apple"]
    assert teasers.topics(row(article))[1].url == "/tag/nato/"


def test_only_published_articles_have_rows_scheduled_and_embargoed_included():
    draft = factories.make_article()
    scheduled = factories.make_article(status=Status.PUBLISHED)
    Article.objects.filter(pk=scheduled.pk).update(
        published_at=timezone.now() + timedelta(hours=1),
        embargo_until=timezone.now() + timedelta(hours=2),
    )
    teasers.refresh([draft.pk, scheduled.pk, scheduled.pk])
    assert list(Teaser.objects.values_list("article_id", flat=True)) == [scheduled.pk]
    assert not Teaser.objects.visible().exists()
    teasers.refresh([scheduled.pk])  # idempotent
    assert Teaser.objects.count() == 1


def test_visible_in_sql_keeps_the_same_rows_as_visible():
    now = timezone.now()
    moments = {
        "published": {},
        "scheduled": {"published_at": now + timedelta(hours=1)},
        "embargoed": {"embargo_until": now + timedelta(hours=1)},
        "embargo lifted": {"embargo_until": now - timedelta(minutes=1)},
        "scheduled after its embargo": {
            "published_at": now + timedelta(hours=2),
            "embargo_until": now - timedelta(minutes=1),
        },
    }
    for fields in moments.values():
        article = factories.make_article(status=Status.PUBLISHED)
        Article.objects.filter(pk=article.pk).update(**fields)
        teasers.refresh([article.pk])
    sql = f"SELECT * FROM articles_teaser t WHERE {visible_sql('t')}"
    now = timezone.now()
    by_sql = {row.article_id for row in Teaser.objects.raw(sql, [now, now])}
    assert by_sql == set(Teaser.objects.visible().values_list("article_id", flat=True))
    assert len(by_sql) == 2  # the published one and the one whose embargo was lifted


def test_publishing_and_unpublishing_write_and_remove_the_row(editor):
    article = factories.make_article(status=Status.EDIT, no_photo=True)
    workflow.perform(article, "publish", editor)
    assert row(article).headline == article.headline
    workflow.perform(article, "unpublish", editor, note="Legal asked")
    assert not Teaser.objects.filter(article=article).exists()


def test_lifting_an_embargo_rewrites_the_row(editor):
    article = factories.make_article(status=Status.PUBLISHED)
    Article.objects.filter(pk=article.pk).update(embargo_until=timezone.now() + timedelta(days=1))
    teasers.refresh([article.pk])
    assert not Teaser.objects.visible().exists()
    workflow.lift_embargo(article, editor)
    assert Teaser.objects.visible().get().embargo_until is None


NO_NOTES = {
    "corrections-TOTAL_FORMS": "0",
    "corrections-INITIAL_FORMS": "0",
    "corrections-MIN_NUM_FORMS": "0",
    "corrections-MAX_NUM_FORMS": "1000",
}


def test_an_admin_save_rewrites_bylines_tags_and_headline(client, editor):
    section, author = factories.make_section("World"), factories.make_author("Helen Marsh")
    article = factories.make_article(status=Status.PUBLISHED, section=section, bylines=[author])
    client.force_login(editor)
    data = form_data(section=section, author=author, slug=article.slug, tags="roads")
    data |= {"headline": "Changed <headline>", "bylines-0-role": "editor"}
    response = client.post(change_url(article), data | NO_NOTES | {"base_version": 0})
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    teaser = row(article)
    assert teaser.headline == "Changed <headline>"
    assert [topic.name for topic in teasers.topics(teaser)] == ["roads"]
    assert "; edited by <a" in teaser.data["byline"]


def test_renaming_a_section_in_the_admin_rewrites_its_rows(client, editor):
    section = factories.make_section("World")
    article = factories.make_article(status=Status.PUBLISHED, section=section)
    client.force_login(editor)
    client.post(
        reverse("admin:articles_section_change", args=[section.pk]),
        {"name": "Europe", "slug": "europe", "description": "", "position": 0},
    )
    assert Section.objects.get().name == "Europe"
    assert row(article).data["section"] == {"name": "Europe", "url": "/section/europe/"}
    assert row(article).url.startswith("/europe/")


def test_renaming_an_author_in_the_admin_rewrites_their_rows(client, editor):
    author = factories.make_author("Helen Marsh")
    article = factories.make_article(status=Status.PUBLISHED, bylines=[author])
    client.force_login(editor)
    client.post(
        reverse("admin:articles_author_change", args=[author.pk]),
        {"name": "Helen Marsh-Li", "slug": "hml", "kind": "person", "bio": "", "user": ""},
    )
    assert Author.objects.get().slug == "hml"
    assert teasers.credits(row(article)) == [("writer", "Helen Marsh-Li", "hml", "person")]


def test_a_photo_desk_change_rewrites_the_rows_showing_the_photo(client, photodesk):
    photo = factories.make_photo()
    article = factories.make_article(status=Status.PUBLISHED, lead_photo=photo)
    old_src = row(article).data["photo"]["figures"]["fill-640x360"]["src"]
    client.force_login(photodesk)
    form = {"caption": "New", "alt_text": "Alt", "credit_line": "AP", "focal_x": 0.2}
    form |= {"focal_y": 0.5, "licence_expires": "", "web_statement": ""}
    form |= dict.fromkeys(["creator", "copyright_notice", "source", "usage_terms"], "")
    response = client.post(reverse("admin:media_assets_photo_change", args=[photo.pk]), form)
    assert response.status_code == 302
    shown = row(article).data["photo"]
    assert (shown["caption"], shown["credit"], shown["alt"]) == ("New", "© AP", "Alt")
    assert shown["figures"]["fill-640x360"]["src"] != old_src  # a new crop, a new address


def test_a_note_moves_the_rows_updated_time(client, editor):
    section, author = factories.make_section("World"), factories.make_author("Helen Marsh")
    article = factories.make_article(status=Status.PUBLISHED, section=section, bylines=[author])
    client.force_login(editor)
    data = form_data(section=section, author=author, slug=article.slug)
    data |= NO_NOTES | {"corrections-TOTAL_FORMS": "1", "bylines-TOTAL_FORMS": "0"}
    data["base_version"] = article.version
    data |= {"corrections-0-kind": "update", "corrections-0-text": "Now confirmed."}
    response = client.post(change_url(article), data)
    assert response.status_code == 302
    note = Correction.objects.get()
    assert row(article).revised_at == note.published_at


def test_restoring_a_revision_rewrites_the_row(editor):
    article = factories.make_article(status=Status.PUBLISHED, headline="First words")
    first = factories.save_revision(article, editor)
    article.headline = "Second words"
    factories.save_revision(article, editor)
    assert row(article).headline == "Second words"
    editing.restore(article, first, user=editor, expected_version=2)
    assert row(article).headline == "First words"


def test_a_photo_that_cannot_be_rendered_shows_its_original_and_the_desk_sees_why(editor):
    photo = factories.make_photo()
    photo.image.storage.delete(photo.image.name)
    article = factories.make_article(status=Status.EDIT, lead_photo=photo)
    workflow.perform(article, "publish", editor)
    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED
    assert_shows_the_original(row(article).data["photo"], photo)
    state = Photo.objects.values_list("renditions_state", "renditions_error").get(pk=photo.pk)
    assert state[0] == RenditionState.FAILED and state[1].startswith("FileNotFoundError")


def assert_shows_the_original(shown: dict, photo) -> None:
    """The row points at the original, at each spec's size, until the worker has made them."""
    assert shown["pending"] is True
    lead = shown["figures"]["fill-1200x675"]
    assert (lead["src"], lead["srcset"], lead["width"], lead["height"]) == (
        photo.image.url,
        "",
        1200 if photo.width >= 1200 else photo.width,
        675 if photo.width >= 1200 else round(photo.width * 9 / 16),
    )
    card = shown["images"]["crop-16x9"]
    assert (card["url"], card["width"], card["original"]) == (photo.image.url, photo.width, True)


def test_a_stored_figure_is_the_markup_figure_makes():
    photo = factories.make_photo(caption="Ministers <arrive>", credit_line="EPA-EFE/KOCA")
    article = factories.make_article(
        status=Status.PUBLISHED, lead_photo=photo, lead_caption="Here & now"
    )
    stored = row(article).data["photo"]
    for spec, options in [
        ("fill-1200x675", {"sizes": "(min-width: 60em) 60em, 100vw", "loading": "eager"}),
        ("fill-640x360", {"sizes": "(min-width: 40em) 12em, 100vw", "caption": ""}),
    ]:
        caption = options.pop("caption", article.caption)
        made = figure(photo, spec, caption=caption, credit=article.credit, **options)
        assert teasers.stored_figure(stored, spec, caption=caption, **options) == made


def test_teasers_render_from_one_query_and_no_other(django_assert_num_queries):
    for _ in range(3):
        factories.make_article(status=Status.PUBLISHED, lead_photo=factories.make_photo())
    macro = '{% from "articles/_teaser.html" import teaser %}{% for r in rows %}{{ teaser(r) }}'
    template = engines["jinja2"].from_string(macro + "{% endfor %}")
    with django_assert_num_queries(1):
        rows = list(Teaser.objects.visible()[:21])
        html = template.render({"rows": rows})
    assert html.count("<figure") == 3 and html.count('rel="author"') == 3


def test_the_navigation_lists_sections_in_the_orms_order():
    factories.make_section("Sport", position=2)
    factories.make_section("World", position=1)
    factories.make_section("Business", position=2)
    listed = [section.name for section in navigation(RequestFactory().get("/"))["nav_sections"]]
    assert listed == [section.name for section in Section.objects.all()]
    assert listed == ["World", "Business", "Sport"]


def test_generating_articles_leaves_a_row_for_each(db):
    from io import StringIO

    from django.core.management import call_command

    call_command("generate_articles", "12", "--photos", "2", stdout=StringIO())
    assert Teaser.objects.count() == 12
    assert all(t.data["photo"]["images"]["crop-16x9"]["size"] > 0 for t in Teaser.objects.all())


def test_a_rows_notes_come_oldest_first_as_the_orm_orders_them():
    article = factories.make_article(status=Status.PUBLISHED)
    later = article.corrections.create(kind="update", text="Later")
    earlier = article.corrections.create(kind="correction", text="Earlier")
    Correction.objects.filter(pk=earlier.pk).update(published_at=later.published_at - timedelta(1))
    teasers.refresh([article.pk])  # as add_note() does

    notes = teasers.notes(row(article))

    expected = list(article.corrections.all())
    assert [(n.pk, n.kind, n.text, n.published_at) for n in notes] == [
        (n.pk, n.kind, n.text, n.published_at) for n in expected
    ]
    assert [note.text for note in notes] == ["Earlier", "Later"]


def test_the_command_rewrites_every_published_articles_row(purged):
    from io import StringIO

    from django.core.management import call_command

    published = factories.make_article(status=Status.PUBLISHED, headline="Kept for readers")
    factories.make_article(headline="A draft")
    Teaser.objects.all().delete()  # a restored database, say
    out = StringIO()

    call_command("refresh_teasers", stdout=out)

    assert out.getvalue().strip() == (
        "1 teaser rows written, 0 live blog entries rendered; every page purged."
    )
    assert row(published).headline == "Kept for readers"
    assert purged[-1] == {"all"}  # pages made from the old rows are not served


def test_a_full_disk_at_publication_shows_the_original_and_publishes(editor, monkeypatch):
    import errno

    from django.core.files.storage import FileSystemStorage

    photo = factories.make_photo()
    article = factories.make_article(status=Status.EDIT, lead_photo=photo)

    def disk_full(self, name, content, max_length=None):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "save", disk_full)
    workflow.perform(article, "publish", editor)

    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED
    assert_shows_the_original(row(article).data["photo"], photo)
    photo.refresh_from_db()
    assert (photo.renditions_state, photo.renditions_attempts) == (RenditionState.FAILED, 4)
    assert "No space left on device" in photo.renditions_error


def test_a_rendition_lost_from_storage_leaves_the_original_in_its_place(editor, caplog):
    photo = factories.make_photo()
    article = factories.make_article(status=Status.PUBLISHED, lead_photo=photo)
    card = photo.renditions.get(spec="crop-16x9")
    card.file.storage.delete(card.file.name)
    teasers.refresh([article.pk])
    image = row(article).data["photo"]["images"]["crop-16x9"]
    assert (image["url"], image["original"]) == (photo.image.url, True)
    assert "missing from storage" in caplog.text
