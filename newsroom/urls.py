"""Top-level routes: the admin, media in development, and the public site."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from articles.urls import urlpatterns as article_pages
from fronts.urls import front_pages
from newsroom.health import healthz

admin.site.site_header = f"{settings.SITE_NAME} admin"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Newsroom"

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", healthz, name="healthz"),
    # Before the admin: its catch-all would answer these paths.
    path("admin/two-factor/", include("accounts.urls")),
    path("admin/inbox/", include("notifications.urls")),  # your notifications, email choices
    path("admin/comments/", include("desk.urls")),  # the newsroom's comments on stories
    path("admin/", admin.site.urls),
    path("api/", include("wire.urls")),
    # The public site, one namespace: the fronts' pages (home, section) and the articles'.
    path("", include((front_pages + article_pages, "articles"))),
]

# Uncaught errors: the 503 page when the database is away, Django's 500 page otherwise.
handler500 = "newsroom.errors.server_error"
# A request over one of Django's upload limits (fields, files, bytes): a 400 saying which.
handler400 = "newsroom.errors.bad_request"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
