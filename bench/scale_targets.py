"""Print what bench/scale.sh measures, on one line: the newest article's address, a section's
and an author's address, that author's and that section's ids, and the session cookie of an
editor (made if need be) for the admin pages.

Run with the benchmark's environment: python bench/scale_targets.py
"""

import os
import sys
from importlib import import_module
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402

from articles.models import Article, Author, Section  # noqa: E402


def editor_cookie() -> str:
    editor, made = User.objects.get_or_create(username="bench-editor", defaults={"is_staff": True})
    if made:
        editor.groups.add(Group.objects.get(name="Editor"))
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(editor.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = editor.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def main():
    article = Article.objects.published().first()
    section = Section.objects.get(slug="politics")
    author = Author.objects.filter(kind=Author.Kind.PERSON).order_by("pk")[0]
    print(
        article.get_absolute_url(),
        section.get_absolute_url(),
        author.get_absolute_url(),
        author.pk,
        section.pk,
        editor_cookie(),
    )


if __name__ == "__main__":
    main()
