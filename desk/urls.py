"""/admin/comments/: where the comment forms on article and budget-line pages post to."""

from django.contrib import admin
from django.urls import URLPattern, path

from desk import views

app_name = "desk"
urlpatterns: list[URLPattern] = [
    path("article/<int:pk>/", admin.site.admin_view(views.on_article), name="comment_article"),
    path("line/<int:pk>/", admin.site.admin_view(views.on_line), name="comment_line"),
    path("<int:pk>/resolve/", admin.site.admin_view(views.resolve), name="comment_resolve"),
    path("<int:pk>/reopen/", admin.site.admin_view(views.reopen), name="comment_reopen"),
]
