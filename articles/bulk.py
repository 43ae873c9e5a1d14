"""The article list's bulk work: workflow steps and placement changes on the selected articles.

Each is a Django admin action with a form page between, the way "Delete selected" confirms: the
list posts the selection, the form page shows it with the action's fields and posts it back
(`_selected_action`, `apply`); then each article is acted on in its own transaction, and a page
lists each with "done" or why not. One article refused never undoes another's step.

Workflow steps go through `workflow.perform()` (its permission and checks, per article); section
and tag changes through `editing.save_content()`, on the articles the user may edit. Which
actions a user is offered is ArticleAdmin's `has_<permission>_permission()`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin import helpers
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from taggit.models import Tag

from articles import editing, workflow
from articles.models import Article, Revision, Section
from articles.permissions import can_edit_text

MAX_SELECTED = 500  # a page of results a person can read, and a request that ends in seconds
DELETED = "It was deleted meanwhile."


# --- the forms -----------------------------------------------------------------------------


class BulkForm(forms.Form):
    required_css_class = "required"

    def __init__(self, *args: Any, queryset: QuerySet[Article], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class NoteForm(BulkForm):
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Optional; kept in each article's history.",
    )


class ReturnForm(BulkForm):
    note = forms.CharField(
        label="What the reporters should change",
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text="The same note goes to each article's reporters and into its history.",
    )


class PublishForm(BulkForm):
    publish_at = forms.DateTimeField(
        label="Publish at (leave empty for now)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text="In the newsroom's time zone. Each article appears exactly then, everywhere.",
    )

    def clean_publish_at(self) -> Any:
        when = self.cleaned_data["publish_at"]
        if when is not None and when <= timezone.now():
            raise ValidationError("That time has passed: leave it empty to publish now.")
        return when


class UnpublishForm(BulkForm):
    note = forms.CharField(
        label="Why they come down",
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text="Kept in each article's history and sent to its reporters.",
    )


class SectionForm(BulkForm):
    section = forms.ModelChoiceField(
        queryset=Section.objects.all(), help_text="Each selected article moves to this section."
    )


class AddTagForm(BulkForm):
    tag = forms.CharField(
        max_length=100, help_text="An existing tag's name (in any case), or a new tag."
    )

    def clean_tag(self) -> str:
        name = " ".join(self.cleaned_data["tag"].split())
        if not name:
            raise ValidationError("A tag needs words, not only spaces.")
        return name


class RemoveTagForm(BulkForm):
    tag = forms.ModelChoiceField(
        queryset=Tag.objects.none(), help_text="The tags the selected articles carry."
    )

    def __init__(self, *args: Any, queryset: QuerySet[Article], **kwargs: Any) -> None:
        super().__init__(*args, queryset=queryset, **kwargs)
        carried = Article.tags.through.objects.filter(object_id__in=queryset.values("pk"))
        tag_field = self.fields["tag"]
        assert isinstance(tag_field, forms.ModelChoiceField)
        tag_field.queryset = Tag.objects.filter(pk__in=carried.values("tag_id")).order_by("name")


# --- acting on each article --------------------------------------------------------------------


class NotYours(PermissionDenied):
    """The user may not edit this article's text (a reporter's article, sent on)."""


@dataclass
class Outcome:
    article: Article
    done: bool
    messages: list[str] = field(default_factory=list)


Act = Callable[[Article, Any, dict[str, Any]], str | None]  # a remark, or None; raises if refused


def act_on_each(
    articles: Iterable[Article], act: Act, user: Any, data: dict[str, Any]
) -> list[Outcome]:
    """Act on each article in turn; one refused is listed with its reasons, the rest go on."""
    outcomes = []
    for article in articles:
        try:
            remark = act(article, user, data)
        except ObjectDoesNotExist:
            # Deleted after the list was read: the step's lock finds no row. Its own transaction
            # rolled back; the articles before it stay done, the ones after it go on.
            outcomes.append(Outcome(article, False, [DELETED]))
        except ValidationError as refused:  # TransitionBlocked, StaleVersion
            outcomes.append(Outcome(article, False, refused.messages))
        except PermissionDenied as refused:  # TransitionNotAllowed, NotYours
            outcomes.append(Outcome(article, False, [str(refused)]))
        else:
            outcomes.append(Outcome(article, True, [remark] if remark else []))
    return outcomes


def step(name: str) -> Act:
    def act(article: Article, user: Any, data: dict[str, Any]) -> None:
        note = data.get("note", "")
        workflow.perform(article, name, user, note=note, publish_at=data.get("publish_at"))

    return act


def _may_edit(article: Article, user: Any) -> None:
    if not can_edit_text(user, article):
        raise NotYours("You may not edit it.")


def _save(article: Article, user: Any, note: str, write_related: Any = None) -> None:
    try:
        editing.save_content(
            article,
            user=user,
            source=Revision.Source.ADMIN,
            expected_version=article.version,  # as the list read it: a save meanwhile is stale
            note=note,
            write_related=write_related,
        )
    except editing.StaleVersion as stale:
        raise ValidationError(
            f"It was saved by someone else meanwhile ({stale.messages[0]}): select it again."
        ) from stale


def set_section(article: Article, user: Any, data: dict[str, Any]) -> str | None:
    _may_edit(article, user)
    section = data["section"]
    if article.section_id == section.pk:
        return "It was already in this section."
    article.section = section
    _save(article, user, f"Section: {section}")
    return None


def add_tag(article: Article, user: Any, data: dict[str, Any]) -> str | None:
    _may_edit(article, user)
    name = data["tag"]
    names = article.tags.names()
    if name.lower() in {n.lower() for n in names}:
        return "It already had this tag."
    if len(names) >= (limit := settings.ARTICLE_MAX_TAGS):
        raise ValidationError(f"It has {limit} tags already, the most an article may have.")
    _save(article, user, f"Tag added: {name}", lambda a: a.tags.add(name))
    return None


def remove_tag(article: Article, user: Any, data: dict[str, Any]) -> str | None:
    _may_edit(article, user)
    tag = data["tag"]
    if not article.tags.filter(pk=tag.pk).exists():
        return "It did not have this tag."
    _save(article, user, f"Tag removed: {tag.name}", lambda a: a.tags.remove(tag))
    return None


# --- the admin actions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Bulk:
    """One bulk action; the instance is what ModelAdmin.actions lists (a callable)."""

    do_not_call_in_templates: ClassVar[bool] = True  # the pages read its name and label

    name: str
    label: str  # the list's action menu says "<label>", the page's button too
    permission: str  # ArticleAdmin.has_<permission>_permission(request)
    form: type[BulkForm]
    act: Act

    def __call__(self, model_admin: Any, request: HttpRequest, queryset: QuerySet[Article]) -> Any:
        return run(self, model_admin, request, queryset)

    # What Django reads off an action function (as @admin.action would set them).
    @property
    def __name__(self) -> str:
        return self.name

    @property
    def short_description(self) -> str:
        return self.label

    @property
    def allowed_permissions(self) -> tuple[str]:
        return (self.permission,)


def run(bulk: Bulk, model_admin: Any, request: HttpRequest, queryset: QuerySet[Article]) -> Any:
    count = queryset.count()  # of the selection, among the articles the user may see
    if not count:
        messages.warning(request, "None of the selected articles is one you may change.")
        return None
    if count > MAX_SELECTED:
        messages.error(request, f"Select at most {MAX_SELECTED} articles at once ({count} now).")
        return None
    applying = "apply" in request.POST
    form = bulk.form(request.POST if applying else None, queryset=queryset)
    if applying and form.is_valid():
        outcomes = act_on_each(queryset, bulk.act, request.user, form.cleaned_data)
        return _page(
            model_admin,
            request,
            "bulk_result.html",
            bulk,
            title=f"{bulk.label.rstrip('…')}: results",
            outcomes=outcomes,
            done=sum(o.done for o in outcomes),
            refused=sum(not o.done for o in outcomes),
        )
    return _page(model_admin, request, "bulk_form.html", bulk, form=form, articles=queryset)


def _page(
    model_admin: Any, request: HttpRequest, template: str, bulk: Bulk, **context: Any
) -> HttpResponse:
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": bulk.label,
        "bulk": bulk,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        **context,
    }
    return TemplateResponse(request, f"admin/articles/article/{template}", context)


ACTIONS = [
    Bulk("submit_selected", "Submit selected for editing", "submit", NoteForm, step("submit")),
    Bulk("return_selected", "Return selected to reporters…", "publish", ReturnForm, step("return")),
    Bulk("publish_selected", "Publish selected…", "publish", PublishForm, step("publish")),
    Bulk("unpublish_selected", "Unpublish selected…", "publish", UnpublishForm, step("unpublish")),
    Bulk("set_section", "Set section…", "edit_any", SectionForm, set_section),
    Bulk("add_tag", "Add a tag…", "edit_any", AddTagForm, add_tag),
    Bulk("remove_tag", "Remove a tag…", "edit_any", RemoveTagForm, remove_tag),
]
NAMES = {bulk.name for bulk in ACTIONS}
