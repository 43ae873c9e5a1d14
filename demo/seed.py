"""The seed story as the demo shows it: the TASS dispatch comes in through the wire desk, the desk
edits it as a newsroom would (dateline spelling, section, tags, a credited photo) and an editor
publishes it through the workflow."""

from typing import cast

from django.contrib.auth import get_user_model

from articles import editing, renditions, workflow
from articles.models import Article, Revision
from demo import content
from media_assets.demo import demo_photo_bytes
from media_assets.uploads import import_photo
from wire.importer import CREATED, import_data
from wire.models import WireItem

SEED_TAGS = ["NATO", "Russia", "INF Treaty"]


def load_seed_story(*, editor, section) -> None:
    """Import, edit and publish the seed story once; later runs find it and change nothing."""
    outcome = import_data(content.SEED_FILE.name, content.SEED_FILE.read_bytes(), user=editor)
    if outcome.result != CREATED:
        return
    # A created outcome holds its item and article.
    article, item = cast(Article, outcome.article), cast(WireItem, outcome.item)
    # The agency spells it BRUSELLS; the wire desk flagged it and the editor corrects our copy.
    article.dateline_place = "Brussels"
    article.section = section
    article.lead_photo = seed_photo(uploaded_by=get_user_model().objects.get(username="photodesk"))
    editing.save_content(
        article,
        user=editor,
        source=Revision.Source.ADMIN,
        expected_version=article.version,
        write_related=lambda article: article.tags.add(*SEED_TAGS),
    )
    item.pictures.filter(photo__isnull=True).update(photo=article.lead_photo)
    workflow.perform(article, "submit", editor)
    workflow.perform(article, "publish", editor, note="Seed story of the demo newsroom.")


def seed_photo(*, uploaded_by):
    """A generated picture carrying the seed's caption and credit in its own IPTC/XMP, with its
    renditions made here: the demo's pages show them whether a worker runs yet or not."""
    data = demo_photo_bytes(**content.SEED_PHOTO)
    photo, _ = import_photo(data, filename="stoltenberg.jpg", uploaded_by=uploaded_by)
    renditions.make_now(photo)
    return photo
