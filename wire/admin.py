"""The wire desk's screens: what came in, what it became, and what needs the desk's eye."""

import json
import re

from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from wire import feed_admin, routing_admin, subject_admin, views  # noqa: F401 (they register screens)
from wire.intake import parse
from wire.models import WireItem, WirePicture
from wire.story import WireError


class WirePictureInline(admin.StackedInline):
    """Pictures are recorded, not fetched: the photo desk attaches the file with this credit."""

    model = WirePicture
    extra = 0
    can_delete = False
    described = [
        "caption", "credit_line", "creator", "copyright_notice", "copyright_holder",
        "rendition_link", "width", "height",
    ]  # fmt: skip

    def get_fields(self, request, obj=None):
        # Only those who may attach the file are offered the link to do so.
        can_attach = request.user.has_perms(views.ATTACH_PERMISSIONS)
        return [*self.described, "photo_link" if can_attach else "photo"]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="photo")
    def photo_link(self, picture):
        if picture.photo_id:
            url = reverse("admin:media_assets_photo_change", args=[picture.photo_id])
            return format_html('<a href="{}">{}</a>', url, picture.photo)
        url = reverse("admin:wire_wirepicture_attach", args=[picture.pk])
        return format_html('<a href="{}">Attach the picture file</a>', url)

    @admin.display(description="best rendition")
    def rendition_link(self, picture):
        if not picture.rendition_url.startswith(("https://", "http://")):
            return picture.rendition_url or "—"
        return format_html('<a href="{0}" rel="noopener noreferrer">{0}</a>', picture.rendition_url)


@admin.register(WireItem)
class WireItemAdmin(admin.ModelAdmin):
    list_display = ["headline", "agency", "received_at", "version", "status", "flag_list"]
    list_filter = [
        "pubstatus", "place_unrecognised", routing_admin.RoutingListFilter, "format", "agency"
    ]  # fmt: skip
    search_fields = ["uri", "article__headline", "agency"]
    list_select_related = ["article"]
    date_hierarchy = "received_at"
    inlines = [WirePictureInline]
    main = ["article_link", "flag_list", "agency", "uri", "version", "format"]
    as_sent = [
        "received_at", "filename", "version_created", "pubstatus", "embargoed_until", "language",
        "copyright_holder", "copyright_notice", "usage_terms", "ed_note", "info_sources",
        "payload",
    ]  # fmt: skip
    also_sent = ["urgency", "category", "subject_list", "notice_list", "kept_list"]
    waiting = ["pending_version", "pending_received_at", "pending_preview", "pending_payload"]
    readonly_fields = main + also_sent + as_sent + waiting

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": self.main}),
            ("Also sent: kept with the item, not in the article", {"fields": self.also_sent}),
            ("As sent", {"fields": self.as_sent, "classes": ["collapse"]}),
        ]
        if obj and obj.pending_version:
            fieldsets.insert(1, ("Newer version waiting", {"fields": self.waiting}))
        return fieldsets

    def get_urls(self):
        page = self.admin_site.admin_view(views.import_page)
        attach = self.admin_site.admin_view(views.attach_picture)
        return [
            path("import/", page, name="wire_wireitem_import"),
            path("picture/<int:pk>/attach/", attach, name="wire_wirepicture_attach"),
            *super().get_urls(),
        ]

    def has_add_permission(self, request):
        return False  # items arrive through the import page or the import_wire command

    def changelist_view(self, request, extra_context=None):
        can_import = request.user.has_perms(views.IMPORT_PERMISSIONS)
        return super().changelist_view(request, {"can_import": can_import, **(extra_context or {})})

    @admin.display(description="headline", ordering="article__headline")
    def headline(self, item):
        return item.article.headline if item.article else "(draft deleted)"

    @admin.display(description="article status")
    def status(self, item):
        return item.article.get_status_display() if item.article else "—"

    @admin.display(description="needs attention")
    def flag_list(self, item):
        return "; ".join(item.flags()) or "—"

    @admin.display(description="article")
    def article_link(self, item):
        if not item.article:
            return "(the desk deleted the draft)"
        url = item.get_article_admin_url()
        return format_html('<a href="{}">{}</a>', url, item.article) if url else str(item.article)

    @admin.display(description="subjects")
    def subject_list(self, item):
        """Each subject with its code and the tag the desk's mapping gives it."""
        if not item.subjects:
            return "—"
        tags = dict(item.subject_mappings.values_list("code", "tag__name"))
        rows = [
            (s.get("name", ""), s.get("code", "") or "no code", tags.get(s.get("code")) or "no tag")
            for s in item.subjects
            if isinstance(s, dict)
        ]
        items = format_html_join("", "<li>{} <code>{}</code> → {}</li>", rows)
        return format_html('<ul class="wire-subjects">{}</ul>', items)

    @admin.display(description="for the desk to check")
    def notice_list(self, item):
        if not item.notices:
            return "—"
        items = format_html_join("", "<li>{}</li>", ((notice,) for notice in item.notices))
        return format_html("<ul>{}</ul>", items)

    @admin.display(description="also sent")
    def kept_list(self, item):
        """What the article's fields do not hold, a term per key (escaped: it is the agency's)."""
        if not item.kept or not isinstance(item.kept, dict):
            return "—"
        rows = ((_label(key), _readable(value)) for key, value in item.kept.items())
        return format_html(
            '<dl class="wire-kept">{}</dl>', format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows)
        )

    @admin.display(description="waiting version, as it would import")
    def pending_preview(self, item):
        if not item.pending_payload:
            return "—"
        try:
            story, _ = parse(item.pending_payload.encode(), today=item.pending_received_at.date())
        except WireError as error:
            return str(error)
        lines = format_html_join("", "<p><strong>{}</strong></p>", [(story.headline,)])
        # The body went through the house allow-list (articles.html) when it was parsed.
        return format_html("{}<p>{}</p>{}", lines, story.standfirst, mark_safe(story.body))


def _label(key: str) -> str:
    """`rightsInfo`, `organisation_authors` → "rights info", "organisation authors"."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", str(key)).replace("_", " ").lower()


def _readable(value) -> SafeString:
    """A list as a list, an entry by its name with its other properties after it."""
    if isinstance(value, list):
        items = format_html_join("", "<li>{}</li>", ((_entry(v),) for v in value))
        return format_html("<ul>{}</ul>", items)
    return format_html("{}", _entry(value))


def _entry(value) -> str:
    if isinstance(value, dict):
        name = value.get("name")
        # In name order: PostgreSQL's jsonb does not keep the order the keys were sent in.
        rest = [
            f"{_label(k)}: {_scalar(value[k])}" for k in sorted(value) if k != "name" or not name
        ]
        if isinstance(name, str) and name:
            return f"{name} ({'; '.join(rest)})" if rest else name
        return "; ".join(rest)
    return _scalar(value)


def _scalar(value) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
