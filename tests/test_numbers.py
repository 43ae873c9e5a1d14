"""Numbers in addresses and forms: "²", "٣" (digits to str.isdigit(), not to int()) and numbers
longer than a database column holds are no number at all, never a 500."""

import pytest
from django.urls import reverse

from articles.models import Autosave, Status
from newsroom.numbers import whole_number
from tests.factories import make_article, make_photo

NOT_NUMBERS = ["\u00b2", "\u0663", "99999999999999999999", "-1", "1.5", " 1", ""]


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_what_is_not_ascii_digits_of_a_column_s_size_is_no_number(text):
    assert whole_number(text) is None


def test_a_number_is_its_value():
    assert whole_number("0") == 0 and whole_number("42") == 42
    assert whole_number("999999999999999999") == 10**18 - 1


@pytest.mark.django_db
@pytest.mark.parametrize("page", NOT_NUMBERS[:3] + ["0", "1000001"])
@pytest.mark.parametrize("address", ["/", "/search/?q=river&"])
def test_a_page_number_that_is_no_page_is_a_404(client, address, page):
    joiner = "" if address.endswith("&") else "?"
    response = client.get(f"{address}{joiner}page={page}")
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("value", NOT_NUMBERS[:3])
@pytest.mark.parametrize("name", ["author", "tag"])
def test_the_article_list_filters_treat_a_non_number_as_matching_nothing(
    client, editor, name, value
):
    # Tagged and bylined, so that both filters are offered (a filter with no choices is not).
    make_article(headline="Storm closes the coast road", status=Status.PUBLISHED, tags=["Storms"])
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_changelist"), {name: value})
    assert response.status_code in (200, 302)  # the admin's own "invalid filter" redirect
    if response.status_code == 200:
        assert "Storm closes the coast road" not in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("value", NOT_NUMBERS[:3])
def test_the_photo_chooser_treats_a_non_number_as_no_photo(client, editor, value):
    photo = make_photo(caption="Barges on the Danube")
    client.force_login(editor)
    chooser = reverse("admin:articles_article_photos")

    by_id = client.get(chooser, {"id": f"{value},{photo.pk}"})
    by_term = client.get(chooser, {"term": value})

    assert [found["id"] for found in by_id.json()["results"]] == [photo.pk]
    assert by_term.status_code == 200 and by_term.json()["results"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("value", NOT_NUMBERS[:3])
def test_an_autosave_with_a_version_that_is_no_number_starts_from_the_article_s(
    client, editor, value
):
    article = make_article(created_by=editor)
    client.force_login(editor)
    address = reverse("admin:articles_article_autosave", args=[article.pk])

    response = client.post(address, {"headline": "Typed", "base_version": value})

    assert response.status_code == 200
    assert Autosave.objects.get().base_version == article.version  # as if none was sent
