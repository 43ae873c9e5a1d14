"""Autosave: an editor's unsaved work, kept on the server by their open change (or add) page.

static/articles/autosave.js posts the form every few seconds while it changes. An autosave is
its user's alone: it is not a revision, nobody else sees it, and it never touches the article (no
save, no new version, no audit entry, no publication), so it can never trip anyone's version
check. Reopening the page offers it back ("Restore them"): the form then shows the autosaved
values with the version they were made from, and Save goes through the usual version check.
A Save deletes the user's autosave (ArticleAdmin.save_related); one left AUTOSAVE_KEEP_DAYS is
deleted by the next autosave anyone makes, so no scheduled job is needed.

There is one autosave per user and article, so a new one replaces the old: the server keeps an
autosave from being replaced by a page that does not hold it. A page names the autosave it may
replace (`replaces`: the one it made, restored, or found with nothing to offer); a page offering
one back sends none until the user restores or discards it, and is refused (409) if it tries.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Autosave
from articles.permissions import can_edit_text
from newsroom.numbers import whole_number

# Not the editor's work: the page's token, the version (kept in its own column), and the
# autosave the page may replace.
NOT_KEPT = {"csrfmiddlewaretoken", "base_version", "replaces"}


def _cutoff():
    return timezone.now() - timedelta(days=settings.AUTOSAVE_KEEP_DAYS)


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def may_autosave(model_admin, request, article: Article | None) -> bool:
    """Only those who may write this article's text (or add articles) keep work on it."""
    if article is None:
        return model_admin.has_add_permission(request)
    return can_edit_text(request.user, article)


def _article(model_admin, request, object_id) -> Article | None:
    """The article the URL names (None on the add page); 404 if this user may not see it."""
    if object_id is None:
        return None
    article = model_admin.get_object(request, object_id)
    if article is None:
        raise Http404("No such article, or not one you may see.")
    return article


class Refused(Exception):
    """An autosave not kept, with the status and sentence the page shows."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def store(model_admin, request, object_id=None):
    """POST: keep the posted form as this user's autosave of the article. Answers JSON."""
    try:
        article = _article(model_admin, request, object_id)
        if not may_autosave(model_admin, request, article):
            raise Refused(403, "You may not edit this article's text now: nothing was autosaved.")
        data, base, replaces = _posted_form(request)
        _refuse_after_own_save(request.user, article, base)
        with transaction.atomic():
            saved = _replace(request.user, article, replaces, data, base)
    except Http404:
        return _error(404, "No such article, or not one you may see: nothing was autosaved.")
    except Refused as refused:
        return _error(refused.status, refused.message)
    Autosave.objects.filter(saved_at__lt=_cutoff()).delete()
    return JsonResponse({"saved_at": f"{timezone.localtime(saved.saved_at):%H:%M}", "id": saved.pk})


def _refuse_after_own_save(user, article: Article | None, base: int | None) -> None:
    """Refused if this user saved the article since the version the autosave's page was made on.

    Their save was then either the Save of this very page (the autosave was in flight when Save
    was pressed and landed after it: its work is in that save) or one in another of their tabs;
    kept, it would be offered back on the next visit as unsaved work older than what they saved.
    A save by someone else does not count: this user's work is still unsaved, and is offered
    with a warning that the article was saved since."""
    if article is None or base is None or base >= article.version:
        return
    if article.revisions.filter(number__gt=base, created_by=user).exists():
        raise Refused(
            409,
            "You saved this article since this page was opened: nothing was autosaved. "
            "Reload the page to go on from what you saved.",
        )


def _replace(user, article: Article | None, replaces: int | None, data, base) -> Autosave:
    """Keep the autosave, replacing this user's one only if the page holds it (`replaces`)."""
    held = Autosave.objects.select_for_update().filter(user=user, article=article).first()
    if held is not None and held.saved_at >= _cutoff() and held.pk != replaces:
        raise Refused(
            409,
            f"You have unsaved changes from {timezone.localtime(held.saved_at):%H:%M} that this "
            "page has not restored or discarded: nothing was autosaved, so as not to replace "
            "them. Reload the page to restore or discard them.",
        )
    defaults = {
        "data": data,
        "base_version": base if base is not None else getattr(article, "version", None),
        "saved_at": timezone.now(),
    }
    if held is None:
        return Autosave.objects.create(user=user, article=article, **defaults)
    for name, value in defaults.items():
        setattr(held, name, value)
    held.save()
    return held


def _posted_form(request) -> tuple[dict[str, list[str]], int | None, int | None]:
    """The form's fields as name -> values, the version it was made from and the autosave the
    page may replace; or Refused."""
    limit = settings.AUTOSAVE_MAX_BYTES
    too_big = Refused(413, f"Too large to autosave (over {limit // 1024} KB): save it instead.")
    if int(request.META.get("CONTENT_LENGTH") or 0) > limit:
        raise too_big  # refused before the body is read
    try:
        posted = request.POST
    except RequestDataTooBig:
        raise too_big from None
    except SuspiciousOperation:  # too many fields, a malformed body
        raise Refused(400, "Not a form this page sends: nothing was autosaved.") from None
    data = {
        name: posted.getlist(name)
        for name in posted
        if name not in NOT_KEPT and "__prefix__" not in name  # an inline's blank template row
    }
    if not data:
        raise Refused(400, "The autosave was empty: nothing was kept.")
    return data, whole_number(posted.get("base_version")), whole_number(posted.get("replaces"))


def discard(model_admin, request, object_id=None):
    """POST: delete this user's autosave of the article and show the page as saved."""
    article = _article(model_admin, request, object_id)
    Autosave.objects.filter(user=request.user, article=article).delete()
    messages.success(request, "Your autosaved changes were discarded.")
    if article is None:
        return HttpResponseRedirect(reverse("admin:articles_article_add"))
    return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))


def forget(user, article: Article, *, new: bool) -> None:
    """After a successful Save: the user's autosave of it (and of the add page) is spent."""
    Autosave.objects.filter(user=user, article=article).delete()
    if new:
        Autosave.objects.filter(user=user, article=None).delete()


def pending(user, article: Article | None) -> Autosave | None:
    """This user's own autosave of the article (of the add page if None), if not expired."""
    return Autosave.objects.filter(user=user, article=article, saved_at__gte=_cutoff()).first()


def to_restore(model_admin, request, article: Article | None) -> Autosave | None:
    """The autosave to show in the form: on `?autosave=restore`, for one who may edit."""
    if request.method != "GET" or request.GET.get("autosave") != "restore":
        return None
    if article is not None and article.pk is None:
        article = None  # the add page's inlines are made for an unsaved article
    if not may_autosave(model_admin, request, article):
        return None
    return pending(request.user, article)


def differs(saved: Autosave, form_class, formsets, article: Article | None) -> bool:
    """Whether the autosave holds anything the saved article (or an empty add form) does not.

    Compared as Django compares a posted form with its initial data; a field the autosave
    does not carry (read-only for this user now) counts as unchanged."""
    data = saved.as_query_dict()
    form = form_class(data=data, instance=article)
    for name in form.changed_data:
        widget = form.fields[name].widget
        if name != "base_version" and not widget.value_omitted_from_data(data, {}, name):
            return True
    for formset_class in formsets:
        prefix = formset_class.get_default_prefix()
        if f"{prefix}-TOTAL_FORMS" in data:
            formset = formset_class(data=data, instance=article or Article(), prefix=prefix)
            if formset.has_changed():
                return True
    return False


def restored_form(form_class, saved: Autosave):
    """The admin's form class, whose unbound forms start from the autosave's values and from
    the version they were made on (so Save is checked against saves made since)."""
    data = saved.as_query_dict()
    initial = {
        name: field.widget.value_from_datadict(data, {}, name)
        for name, field in form_class.base_fields.items()
        if name != "base_version" and not field.widget.value_omitted_from_data(data, {}, name)
    }
    if saved.base_version is not None:
        initial["base_version"] = saved.base_version

    class Restored(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if not self.is_bound:
                self.initial.update(initial)

    Restored.__name__ = form_class.__name__
    return Restored


def restored_formset_data(saved: Autosave, prefix: str) -> dict:
    """Arguments that show an inline (the bylines) as autosaved, if the autosave has it."""
    data = saved.as_query_dict()
    return {"data": data, "files": {}} if f"{prefix}-TOTAL_FORMS" in data else {}


def page_context(model_admin, request, article: Article | None) -> dict:
    """What the change and add pages need: the status line's address, and the banner."""
    if not may_autosave(model_admin, request, article):
        return {}
    args = [article.pk] if article else []
    name = "autosave" if article else "autosave_new"
    context = {
        "autosave_url": reverse(f"admin:articles_article_{name}", args=args),
        "autosave_discard_url": reverse(f"admin:articles_article_{name}_discard", args=args),
    }
    saved = pending(request.user, article)
    if saved is None:
        return context
    # What the page's script may autosave over: the autosave it restores, or one it does not
    # offer (nothing in it differs from the saved article; or a form re-shown with errors,
    # which holds the user's work already). An offered one is replaced by nobody until the
    # user restores or discards it.
    holding = {**context, "autosave_replaces": saved.pk}
    if request.method != "GET":
        return holding
    restoring = to_restore(model_admin, request, article) is not None
    if not restoring:
        form_class = model_admin.get_form(request, article, change=article is not None)
        formsets = [fs for fs, _ in model_admin.get_formsets_with_inlines(request, article)]
        if not differs(saved, form_class, formsets, article):
            return holding
    return {
        **(holding if restoring else context),
        "autosave": saved,
        "autosave_restored": restoring,
        # Someone (or this user, elsewhere) saved since the autosave's page was opened.
        "autosave_behind": article is not None and saved.base_version != article.version,
    }
