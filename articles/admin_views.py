"""The article admin's own pages: workflow steps, revisions, the edit lock, share links, embargo.

Each view takes the ArticleAdmin first; `ArticleAdmin.get_urls()` binds them and wraps them in
`admin_view`, and each checks the user's right to this article on the server before acting.
"""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from articles import editing, locks, log, workflow
from articles.log import ArticleAction
from articles.models import ShareLink, Status
from articles.permissions import can_edit_text
from articles.revisions import diff
from newsroom.numbers import whole_number

SHARE_LIFETIMES = [(1, "1 hour"), (24, "1 day"), (72, "3 days"), (168, "7 days")]


def _article(model_admin, request, object_id):
    article = model_admin.get_object(request, object_id)
    if article is None:
        raise Http404("No such article, or not one you may see.")
    return article


def _change_page(article):
    return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))


def _render(model_admin, request, template, article, **context):
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "article": article,
        **context,
    }
    return TemplateResponse(request, f"admin/articles/article/{template}", context)


# --- workflow -------------------------------------------------------------------------------


class TransitionForm(forms.Form):
    required_css_class = "required"

    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 4, "cols": 60}), required=False)
    publish_at = forms.DateTimeField(
        label="Publish at (leave empty for now)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text="In the newsroom's time zone. The article appears exactly then, everywhere.",
    )


def transition(model_admin, request, object_id, name):
    article = _article(model_admin, request, object_id)
    step = workflow.get_transition(name)
    if not workflow.may(step, article, request.user):
        raise PermissionDenied(f"You may not {step.label.lower()} this article now.")
    form = TransitionForm(request.POST or None)
    form.fields["note"].label = step.note_label
    form.fields["note"].required = step.note_required
    if not step.note_required:
        form.fields["note"].help_text = "Optional; kept in the article's history."
    if name != "publish":
        del form.fields["publish_at"]
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            step_taken = workflow.perform(
                article,
                name,
                request.user,
                note=form.cleaned_data["note"],
                publish_at=form.cleaned_data.get("publish_at"),
            )
        except workflow.TransitionBlocked as blocked:
            errors = blocked.messages
        else:
            scheduled = step_taken.action == ArticleAction.SCHEDULE
            done = "scheduled" if scheduled else f"{step.label.lower()} done"
            messages.success(request, f"“{article}”: {done}.")
            return _change_page(article)
    return _render(
        model_admin,
        request,
        "transition.html",
        article,
        title=f"{step.label}: {article}",
        transition=step,
        target_label=Status(step.target).label,
        form=form,
        errors=errors,
    )


def lift_embargo(model_admin, request, object_id):
    article = _article(model_admin, request, object_id)
    try:
        workflow.lift_embargo(article, request.user)
    except workflow.TransitionBlocked as blocked:
        messages.error(request, " ".join(blocked.messages))
    else:
        messages.success(request, f"“{article}”: embargo lifted.")
    return _change_page(article)


# --- revisions ------------------------------------------------------------------------------


def revisions(model_admin, request, object_id):
    article = _article(model_admin, request, object_id)
    if not request.user.has_perm("articles.view_revision"):
        raise PermissionDenied
    listing = article.revisions.select_related("created_by")
    return _render(
        model_admin,
        request,
        "revisions.html",
        article,
        title=f"Revisions: {article}",
        revisions=listing,
        may_restore=can_edit_text(request.user, article),
    )


def compare(model_admin, request, object_id):
    article = _article(model_admin, request, object_id)
    if not request.user.has_perm("articles.view_revision"):
        raise PermissionDenied
    try:
        numbers = sorted({int(request.GET["a"]), int(request.GET["b"])})
    except (KeyError, ValueError):
        messages.error(request, "Choose two revisions to compare.")
        return HttpResponseRedirect(reverse("admin:articles_article_revisions", args=[article.pk]))
    old = get_object_or_404(article.revisions, number=numbers[0])
    new = get_object_or_404(article.revisions, number=numbers[-1])
    return _render(
        model_admin,
        request,
        "compare.html",
        article,
        title=f"Revision #{old.number} → #{new.number}: {article}",
        old=old,
        new=new,
        changes=diff(old.content, new.content),
    )


def restore(model_admin, request, object_id, number):
    article = _article(model_admin, request, object_id)
    if not can_edit_text(request.user, article):
        raise PermissionDenied("You may not change this article now.")
    revision = get_object_or_404(article.revisions, number=number)
    if request.method == "POST":
        try:
            new = editing.restore(
                article, revision, user=request.user, expected_version=_base_version(request)
            )
        except editing.StaleVersion:
            messages.error(
                request,
                "The article was saved by someone else after you opened this page: "
                "nothing was restored. Compare again and restore if you still want to.",
            )
            return HttpResponseRedirect(
                reverse("admin:articles_article_restore", args=[article.pk, number])
            )
        messages.success(request, f"Revision #{number} restored as revision #{new.number}.")
        return _change_page(article)
    latest = article.revisions.first()
    return _render(
        model_admin,
        request,
        "restore.html",
        article,
        title=f"Restore revision #{number}: {article}",
        revision=revision,
        changes=diff(latest.content, revision.content) if latest else [],
    )


# --- the edit lock --------------------------------------------------------------------------


def lock(model_admin, request, object_id):
    """Called by the open change page every minute: renew my lock, or say who has it now."""
    article = _article(model_admin, request, object_id)
    other = _lock_for(model_admin, request, article)
    return JsonResponse(
        {
            "mine": other is None,
            "holder": str(other.user) if other else str(request.user),
            "since": timezone.localtime(other.since).strftime("%H:%M") if other else "",
        }
    )


def _base_version(request) -> int | None:
    """The article version a POSTed form was made from (None if absent or not a number)."""
    return whole_number(request.POST.get("base_version"))


def _lock_for(model_admin, request, article):
    """Take or renew the lock if the user may change the article; either way, who else holds it.

    Someone who can only read the article never holds it, so editors are not warned about them."""
    if model_admin.has_change_permission(request, article):
        return locks.acquire(article, request.user)
    return locks.holder(article, request.user)


def take_over(model_admin, request, object_id):
    article = _article(model_admin, request, object_id)
    if not model_admin.has_change_permission(request, article):
        raise PermissionDenied("You may not change this article.")
    locks.take_over(article, request.user)
    messages.warning(request, "You have taken over editing; the other editor will be told.")
    return _change_page(article)


def release(model_admin, request, object_id):
    article = _article(model_admin, request, object_id)
    locks.release(article, request.user)
    return JsonResponse({"released": True})


# --- share links ----------------------------------------------------------------------------


class ShareLinkForm(forms.Form):
    # Rendered inside the article's page but submitted with the separate share form.
    hours = forms.TypedChoiceField(
        label="Valid for",
        choices=SHARE_LIFETIMES,
        coerce=int,
        initial=24,
        widget=forms.Select(attrs={"form": "share-form"}),
    )
    note = forms.CharField(
        label="For whom",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"form": "share-form"}),
    )


def share(model_admin, request, object_id):
    article = _article(model_admin, request, object_id)
    if not request.user.has_perm("articles.add_sharelink"):
        raise PermissionDenied
    form = ShareLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose how long the link should work.")
    elif article in type(article).objects.published():
        messages.error(request, "This article is public already: share its own address.")
    else:
        link = ShareLink.objects.create(
            article=article,
            note=form.cleaned_data["note"],
            created_by=request.user,
            expires_at=timezone.now() + timedelta(hours=form.cleaned_data["hours"]),
        )
        log.record_share(
            ArticleAction.SHARE_CREATED, link, actor=request.user, detail=_describe(link)
        )
        messages.success(
            request, f"Share link made: {request.build_absolute_uri(link.get_absolute_url())}"
        )
    return _change_page(article)


def revoke(model_admin, request, object_id, link_id):
    article = _article(model_admin, request, object_id)
    if not request.user.has_perm("articles.change_sharelink"):
        raise PermissionDenied
    link = get_object_or_404(article.share_links, pk=link_id, revoked_at__isnull=True)
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    log.record_share(ArticleAction.SHARE_REVOKED, link, actor=request.user, detail=_describe(link))
    messages.success(request, "Share link revoked: it no longer opens the article.")
    return _change_page(article)


def _describe(link: ShareLink) -> str:
    until = timezone.localtime(link.expires_at)
    return f"link #{link.pk}{f' for {link.note}' if link.note else ''}, until {until:%d %b %H:%M}"


def change_page_context(model_admin, request, article) -> dict:
    """What the change page shows beside the form: workflow, lock, embargo, revisions, links."""
    user = request.user
    return {
        "transitions": workflow.available(article, user),
        "lock_holder": _lock_for(model_admin, request, article),
        "may_lift_embargo": article.is_embargoed and user.has_perm("articles.publish_article"),
        "revision_count": article.revisions.count(),
        "share_links": _share_links(article) if user.has_perm("articles.view_sharelink") else None,
        "share_form": ShareLinkForm() if user.has_perm("articles.add_sharelink") else None,
        "history": history_lines(article, user),
    }


def _share_links(article) -> list[ShareLink]:
    views = log.share_views(article)
    links = list(article.share_links.all())
    for link in links:
        link.view_count = views.get(link.pk, 0)
    return links


HISTORY_LINES = 50


def history_lines(article, user) -> list[dict]:
    """The article's history as the change page shows it, newest first: every entry the log
    holds about it for those who may read the audit log, else its workflow steps."""
    if user.has_perm("audit.view_auditentry"):
        entries = log.history(article)
    else:
        entries = log.workflow_history(article)
    return [
        {
            "at": entry.at,
            "what": entry.action_label,
            "who": entry.actor,
            "text": log.describe(entry),
        }
        for entry in entries[:HISTORY_LINES]
    ]
