"""Load the demo newsroom. Idempotent: a second run finds everything in place, changes nothing."""

import os
import secrets
from datetime import datetime, time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles import editing, workflow
from articles.models import Article, Author, Byline, Revision, Section, Status
from demo import content
from demo.seed import load_seed_story
from desk.models import BudgetLine, PhotoRequest

User = get_user_model()


class Command(BaseCommand):
    help = (
        "Create the demo newsroom: sections, accounts, the seed story and stories in every state."
    )

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                sections = self.sections()
                users, created = self.accounts()
                self.agencies()
                self.stories(users, sections)
                self.budget(users, sections)
                # Last, so the seed story leads the home page.
                load_seed_story(editor=users["editor"], section=sections["world"])
        except ValidationError as error:  # the demo photo refused, e.g. the media storage is down
            raise CommandError(" ".join(error.messages)) from None
        self.report(created)

    def sections(self):
        found = {}
        for position, (name, slug, description) in enumerate(content.SECTIONS):
            found[slug], _ = Section.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description, "position": position}
            )
        return found

    def accounts(self):
        chosen = os.environ.get("DEMO_PASSWORD", "")
        self.password = chosen or secrets.token_urlsafe(12)
        users, created = {}, []
        for username, group, author_name, author_slug in content.ACCOUNTS:
            user, new = User.objects.get_or_create(
                username=username,
                # Notifications by email go to these (the console in development).
                defaults={"is_staff": True, "email": f"{username}@newsroom.example"},
            )
            if new or (chosen and not user.check_password(chosen)):
                user.set_password(self.password)
                user.save()
                created.append(username)
            user.groups.add(Group.objects.get(name=group))
            if author_name:
                Author.objects.get_or_create(
                    slug=author_slug, defaults={"name": author_name, "user": user}
                )
            users[username] = user
        return users, created

    def agencies(self):
        for name, slug, bio in content.AGENCIES:
            Author.objects.get_or_create(
                slug=slug, defaults={"name": name, "bio": bio, "kind": Author.Kind.AGENCY}
            )

    def stories(self, users, sections):
        for status, section, username, headline, standfirst, paragraphs, tags in content.STORIES:
            slug = slugify(headline)
            if Article.objects.filter(slug=slug).exists():
                continue
            article = Article(
                headline=headline,
                slug=slug,
                standfirst=standfirst,
                body="".join(f"<p>{p}</p>" for p in paragraphs),
                section=sections[section],
                no_photo=True,
                created_by=users[username],
            )

            def write_related(article, author=users[username].author, tags=tags):
                Byline.objects.create(article=article, author=author)
                article.tags.add(*tags)

            editing.save_content(
                article,
                user=users[username],
                source=Revision.Source.ADMIN,
                expected_version=None,
                write_related=write_related,
            )
            if status != Status.DRAFT:
                workflow.perform(article, "submit", users[username])
            if status == Status.PUBLISHED:
                workflow.perform(article, "publish", users["editor"])

    def budget(self, users, sections):
        """Today's story budget, for the morning meeting; kept as it is on a second run."""
        today = timezone.localdate()
        for slug, pitch, section, writer, photographer, hour, words, brief in content.BUDGET:
            if BudgetLine.objects.filter(day=today, slug=slug).exists():
                continue
            line = BudgetLine.objects.create(
                day=today,
                slug=slug,
                pitch=pitch,
                section=sections[section],
                writer=users.get(writer),
                photographer=users.get(photographer),
                deadline=timezone.make_aware(datetime.combine(today, time(hour))),
                expected_words=words,
                created_by=users["editor"],
            )
            if brief:
                PhotoRequest.objects.create(line=line, brief=brief, requested_by=users["editor"])

    def report(self, created):
        self.stdout.write(self.style.SUCCESS("Demo newsroom ready."))
        kept = [username for username, *_ in content.ACCOUNTS if username not in created]
        if created:
            self.stdout.write(f"Password for {', '.join(created)}: {self.password}")
        if kept:
            self.stdout.write(
                f"{', '.join(kept)}: password unchanged (run with DEMO_PASSWORD=... to set one)."
            )
