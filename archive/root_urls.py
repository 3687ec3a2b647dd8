from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("archive.urls")),
]

# Off the public URL space unless DJANGO_ADMIN_URL gives it a (hard to guess) path.
if settings.ADMIN_URL:
    urlpatterns.insert(0, path(settings.ADMIN_URL, admin.site.urls))
