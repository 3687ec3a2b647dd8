"""The archive's addresses plus two that fail on purpose, for the fault tests."""

from django.db import connection
from django.http import HttpResponse
from django.urls import include, path


def runaway(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(10)")
    return HttpResponse("finished")  # pragma: no cover - cancelled long before


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("runaway/", runaway),
    path("broken/", broken),
    path("", include("archive.urls")),
]
