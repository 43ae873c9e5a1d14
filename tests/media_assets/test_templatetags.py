"""{% figure %} and {% rendition %}: how every photo reaches a page."""

import re

from django.template import Context, Template

from media_assets.models import Photo
from media_assets.rendition_store import get_rendition, make_renditions
from media_assets.uploads import import_photo
from tests.media_assets import images


def render(source: str, **context) -> str:
    return Template("{% load photos %}" + source).render(Context(context))


def made(photo: Photo, *specs: str) -> Photo:
    """The photo with these renditions made (as the worker makes them), read afresh."""
    make_renditions(photo, specs)
    return Photo.objects.prefetch_related("renditions").get(pk=photo.pk)


def test_figure_renders_img_with_srcset_sizes_dimensions_alt_and_a_credited_caption(photo):
    photo = made(photo, "fill-400x225", "fill-800x450", "fill-1200x675")
    html = render('{% figure photo "fill-1200x675" sizes="50vw" %}', photo=photo)
    img = re.search(r"<img [^>]+>", html).group(0)
    assert 'width="1200" height="675"' in img
    assert 'sizes="50vw"' in img and 'loading="lazy"' in img and 'decoding="async"' in img
    assert 'alt="Three people walk up steps"' in img
    widths = re.findall(r" (\d+)w", re.search(r'srcset="([^"]+)"', img).group(1))
    assert widths == ["400", "800", "1200"]
    assert "photo-fit" not in img
    caption = re.search(r"<figcaption>(.*)</figcaption>", html, re.S).group(1)
    assert "Ministers &lt;arrive&gt;" in caption
    assert "© EPA-EFE/KOCA SULEJMANOVIC" in caption


def test_placement_overrides_replace_caption_credit_and_alt(photo):
    html = render(
        '{% figure photo "width-800" caption="Local caption" credit="Our photographer" '
        'alt="Local alt" loading="eager" css_class="lead" %}',
        photo=photo,
    )
    assert 'class="photo lead"' in html
    assert "Local caption" in html and "Ministers" not in html
    assert "© Our photographer" in html and "EPA-EFE" not in html
    assert 'alt="Local alt"' in html
    assert 'loading="eager"' in html and 'fetchpriority="high"' in html


def test_an_empty_caption_leaves_only_the_credit(photo):
    html = render('{% figure photo "width-800" caption="" %}', photo=photo)
    assert "Ministers" not in html and "© EPA-EFE/KOCA SULEJMANOVIC" in html


def test_no_photo_renders_nothing(db):
    assert render('{% figure photo "width-800" %}', photo=None).strip() == ""


def test_srcset_never_offers_more_pixels_than_the_original(db):
    photo, _ = import_photo(images.jpeg((700, 400)), filename="small.jpg")
    photo = made(photo, "fill-400x225", "fill-1200x675")
    html = render('{% figure photo "fill-1200x675" %}', photo=photo)
    assert re.findall(r" (\d+)w", html) == ["400", "700"]
    assert 'width="700" height="394"' in html


def test_the_rendition_tag_gives_url_and_size_for_structured_data(photo):
    photo = made(photo, "crop-16x9")
    html = render(
        '{% rendition photo "crop-16x9" as r %}{{ r.url }} {{ r.width }}x{{ r.height }} '
        "{{ r.mime_type }}",
        photo=photo,
    )
    url, size, mime = html.split()
    assert url.startswith("/media/renditions/") and url.endswith(".jpg")
    assert (size, mime) == ("1200x675", "image/jpeg")


def test_figure_never_renders_it_shows_the_original_at_the_specs_size_until_they_are_made(
    photo, no_pillow
):
    with no_pillow():
        html = render('{% figure photo "fill-1200x675" sizes="50vw" %}', photo=photo)
    img = re.search(r"<img [^>]+>", html).group(0)
    assert f'src="{photo.image.url}"' in img
    # The spec's size and shape, so the layout is the one the renditions will have.
    assert 'width="1200" height="675"' in img and 'class="photo-fit photo-fit-16x9"' in img
    assert "srcset" not in img and "sizes" not in img
    assert not photo.renditions.exclude(spec="max-160x160").exists()


def test_figure_uses_the_other_widths_or_the_same_shape_made_so_far(photo, no_pillow):
    photo = made(photo, "fill-400x225", "crop-1x1")
    with no_pillow():
        html = render('{% figure photo "fill-1200x675" %}', photo=photo)
        small = render('{% figure photo "fill-320x180" %}', photo=photo)  # 16:9, no srcset
        square = render('{% figure photo "fill-800x800" %}', photo=photo)
    only = photo.renditions.get(spec="fill-400x225").url
    assert f'src="{only}"' in html and f'srcset="{only} 400w"' in html
    assert 'width="1200" height="675"' in html
    assert f'src="{only}"' in small and 'width="320" height="180"' in small
    assert photo.renditions.get(spec="crop-1x1").url in square


def test_the_rendition_tag_gives_nothing_before_the_rendition_is_made(photo, no_pillow):
    with no_pillow():
        html = render('{% rendition photo "crop-16x9" as r %}[{{ r.url }}]', photo=photo)
    assert html == "[]"


def test_srcset_urls_are_those_of_the_renditions_and_escaped(photo, settings):
    settings.MEDIA_URL = "/media&b/"
    photo = made(photo, "fill-400x225", "fill-800x450")
    html = render('{% figure photo "fill-800x450" %}', photo=photo)
    img = re.search(r"<img [^>]+>", html).group(0)
    expected = [get_rendition(photo, spec).url for spec in ("fill-400x225", "fill-800x450")]
    assert all(url.startswith("/media&b/") for url in expected)
    escaped = [url.replace("&", "&amp;") for url in expected]
    assert f'src="{escaped[1]}"' in img
    assert f'srcset="{escaped[0]} 400w, {escaped[1]} 800w"' in img


def test_after_a_new_focal_point_the_old_crop_stands_in_until_the_new_one_is_made(photo):
    photo = made(photo, "fill-400x225", "fill-800x450")
    old = photo.renditions.get(spec="fill-400x225").file.name
    photo.focal_x = 0.1
    photo.save()
    fresh = Photo.objects.prefetch_related("renditions").get(pk=photo.pk)
    html = render('{% figure fresh "fill-800x450" %}', fresh=fresh)
    assert old in html
    fresh = made(fresh, "fill-400x225", "fill-800x450")
    html = render('{% figure fresh "fill-800x450" %}', fresh=fresh)
    new = fresh.renditions.get(spec="fill-400x225").file.name
    assert new != old and new in html and old not in html
