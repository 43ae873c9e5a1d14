"""The comment forms' targets: post a comment or a reply, resolve or reopen a thread.

Each answers with a redirect to the page the thread is shown on. Someone who may not read the
article or budget line gets a 404 (a draft's existence is not theirs to learn); someone who may
read it but not comment gets a 403; bad input is a message, with nothing saved.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from articles.models import Article
from desk import comments
from desk.models import BudgetLine, Comment
from newsroom.numbers import whole_number


@require_POST
def on_article(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(request, get_object_or_404(Article, pk=pk))


@require_POST
def on_line(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(request, get_object_or_404(BudgetLine, pk=pk))


@require_POST
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    first = comments.resolve(_readable_comment(request, pk), request.user)
    messages.success(request, "Thread resolved.")
    return _back_to(first)


@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    first = comments.reopen(_readable_comment(request, pk), request.user)
    messages.success(request, "Thread reopened.")
    return _back_to(first)


def _post(request: HttpRequest, target: comments.Target) -> HttpResponse:
    user = request.user
    if not comments.may_read(user, target):
        raise Http404(f"No such {comments.noun(target)}, or not one you may see.")
    if not comments.may_comment(user, target):
        raise PermissionDenied(f"You may not comment on this {comments.noun(target)}.")
    try:
        parent = _parent(request)
        comment, not_told = comments.post(target, user, request.POST.get("text", ""), parent=parent)
    except ValidationError as invalid:
        messages.error(request, " ".join(invalid.messages))
        return HttpResponseRedirect(f"{comments.change_url(target)}#comments")
    messages.success(request, "Reply posted." if parent else "Comment posted.")
    for person in not_told:
        messages.warning(
            request,
            f"@{person.get_username()} cannot see this {comments.noun(target)} and was not told.",
        )
    return _back_to(comment)


def _parent(request: HttpRequest) -> Comment | None:
    raw = request.POST.get("parent", "")
    if not raw:
        return None
    pk = whole_number(raw)
    parent = Comment.objects.filter(pk=pk).first() if pk is not None else None
    if parent is None:
        raise ValidationError("That thread no longer exists; reload the page.")
    return parent


def _readable_comment(request: HttpRequest, pk: int) -> Comment:
    related = Comment.objects.select_related("article", "line", "parent")
    comment = get_object_or_404(related, pk=pk)
    if not comments.may_read(request.user, comments.target_of(comment)):
        raise Http404("No such comment, or not one you may see.")
    return comment


def _back_to(comment: Comment) -> HttpResponse:
    return HttpResponseRedirect(comments.comment_url(comment))
