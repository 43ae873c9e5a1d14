"""Make one published article of the benchmark's newsroom a live blog of 500 entries, for
bench/pages.sh; print its address. Running it again finds the blog and prints the address.

    python bench/live_blog.py [ENTRIES]

Run with the benchmark's environment. Entries are posted through the one way entries are posted
(articles.live.post), as an editor, every tenth a key event and the first pinned.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402

from articles import live  # noqa: E402
from articles.models import Article, Teaser  # noqa: E402


def editor() -> User:
    user, _ = User.objects.get_or_create(username="bench-live-editor", defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name="Editor"))
    return User.objects.get(pk=user.pk)  # a fresh object: its permissions are read anew


def live_blog(entries: int) -> Article:
    found = Article.objects.filter(is_live=True).first()
    if found is not None and found.live_entries.count() == entries:
        return found
    pk = Teaser.objects.visible().values_list("article_id", flat=True)[5]
    # Only the flag: the address and the teaser row stay as they are.
    Article.objects.filter(pk=pk).update(is_live=True)
    article = Article.objects.get(pk=pk)
    article.live_entries.all().delete()
    user = editor()
    for n in range(entries):
        body = f"<p>Update {n}: ministers arrived at the summit and spoke to reporters.</p>"
        live.post(
            article,
            user,
            live.Entry(body=body, key_event=n % 10 == 0, pinned=n == 0, summary=f"Update {n}"),
        )
    return article


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    blog = live_blog(count)
    print(Teaser.objects.get(article=blog).url)
