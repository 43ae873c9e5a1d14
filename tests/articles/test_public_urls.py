"""Addresses of public pages are remembered, but never across script prefixes or slug changes."""

from django.urls import reverse, set_script_prefix
from django.utils import timezone

from articles.teasers import credits_by_article
from articles.templatetags.bylines import byline_links
from tests import factories


def test_remembered_addresses_are_what_reverse_gives(db):
    article = factories.make_article()
    when = timezone.localtime(article.created_at)
    date = (str(when.year), f"{when.month:02d}", f"{when.day:02d}")
    expected = reverse("articles:article", args=[article.section.slug, *date, article.slug])
    assert article.get_absolute_url() == expected
    assert article.section.get_absolute_url() == f"/section/{article.section.slug}/"
    author = article.bylines.get().author
    assert author.get_absolute_url() == f"/author/{author.slug}/"


def test_an_address_follows_the_script_prefix_it_is_asked_under(db):
    section = factories.make_section("World")
    assert section.get_absolute_url() == "/section/world/"
    set_script_prefix("/news/")
    try:
        assert section.get_absolute_url() == "/news/section/world/"
    finally:
        set_script_prefix("/")
    assert section.get_absolute_url() == "/section/world/"


def test_a_changed_slug_gives_the_new_address(db):
    author = factories.make_author("Ann Lee")
    assert author.get_absolute_url() == "/author/ann-lee/"
    author.slug = "ann-lee-2"
    assert author.get_absolute_url() == "/author/ann-lee-2/"


def credits_of(article):
    return credits_by_article([article.pk])[article.pk]


def test_byline_links_escape_what_editors_typed(db):
    author = factories.make_author('Tom "Tommy" <Lee> & Co', slug="tom-lee")
    article = factories.make_article(bylines=[author])
    assert byline_links(credits_of(article)) == (
        'By <a href="/author/tom-lee/" rel="author">Tom &quot;Tommy&quot; &lt;Lee&gt; &amp; Co</a>'
    )


def test_byline_links_word_roles_and_names_as_the_plain_byline_does(db):
    names = ["Ann Lee", "Ben Ode", "Cy Park", "Di Ross"]
    authors = [factories.make_author(name) for name in names]
    article = factories.make_article(bylines=authors)
    article.bylines.filter(author=authors[3]).update(role="additional")
    article.refresh_from_db()
    link = '<a href="/author/{}/" rel="author">{}</a>'
    people = [link.format(author.slug, author.name) for author in authors]
    assert byline_links(credits_of(article)) == (
        f"By {people[0]}, {people[1]} and {people[2]}; additional reporting by {people[3]}"
    )
    assert article.byline == "By Ann Lee, Ben Ode and Cy Park; additional reporting by Di Ross"
