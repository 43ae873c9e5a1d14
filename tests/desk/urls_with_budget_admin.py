"""The project's routes with the admin's rebuilt, so that a model registered by a test (the
budget line, until desk/admin.py registers it) has its change page. See test_comments.py."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, path

from newsroom.urls import urlpatterns as project

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls) if str(route.pattern) == "admin/" else route
    for route in project
]
