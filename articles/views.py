"""Public pages; every one fetches through Article.objects.published()."""

from django.shortcuts import get_object_or_404, render

from articles.models import Article, Author, Section


def home(request):
    articles = Article.objects.published().for_page()[:20]
    return render(request, "articles/home.html", {"articles": articles})


def section(request, slug):
    section = get_object_or_404(Section, slug=slug)
    articles = Article.objects.published().for_page().filter(section=section)[:20]
    return render(request, "articles/section.html", {"section": section, "articles": articles})


def author(request, slug):
    author = get_object_or_404(Author, slug=slug)
    articles = Article.objects.published().for_page().filter(bylines__author=author)[:20]
    return render(request, "articles/author.html", {"author": author, "articles": articles})


def article(request, section, year, month, day, slug):
    article = get_object_or_404(Article.objects.published().for_page(), slug=slug)
    return render(request, "articles/article.html", {"article": article})
