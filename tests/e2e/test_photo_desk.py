"""In a browser: the photo desk clicks the picture to set its focal point, under the site's CSP."""

import pytest
from django.urls import reverse

from media_assets.uploads import import_photo
from tests.e2e.conftest import csp_violations, log_in
from tests.media_assets import images

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_clicking_the_picture_sets_the_focal_point_and_saving_keeps_it(site_page, photodesk):
    page = site_page
    photo, _ = import_photo(
        images.encode(images.quadrants((1600, 800)), "JPEG"),
        filename="q.jpg",
        fields={"credit_line": "EPA", "alt_text": "Four coloured squares"},
    )
    log_in(page, photodesk.username)
    page.goto(page.base + reverse("admin:media_assets_photo_change", args=[photo.pk]))

    picker = page.locator("[data-focal-picker] img")
    box = picker.bounding_box()
    picker.click(position={"x": box["width"] * 0.75, "y": box["height"] * 0.25})
    assert float(page.input_value("#id_focal_x")) == pytest.approx(0.75, abs=0.01)
    assert float(page.input_value("#id_focal_y")) == pytest.approx(0.25, abs=0.01)
    marker = page.locator(".focal-marker").bounding_box()
    assert marker["x"] + marker["width"] / 2 == pytest.approx(box["x"] + box["width"] * 0.75, abs=2)

    page.locator("[data-focal-picker]").press("ArrowDown")
    assert float(page.input_value("#id_focal_y")) == pytest.approx(0.27, abs=0.01)
    page.click("input[name=_continue]")
    photo.refresh_from_db()
    assert photo.focal == pytest.approx((0.75, 0.27), abs=0.01)
    assert not csp_violations(page)
