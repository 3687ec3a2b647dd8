"""The optional admin (DJANGO_ADMIN_URL): a read-only look at what was ingested.
Cables change only through `manage.py ingest`, so nothing here can edit them."""

from django.contrib import admin

from archive.models import Cable, Person, Tag


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Cable)
class CableAdmin(ReadOnlyAdmin):
    list_display = ["reference_id", "date", "origin", "classification"]
    search_fields = ["reference_id"]


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(Tag)
class TagAdmin(ReadOnlyAdmin):
    list_display = ["code", "canonical"]
    search_fields = ["code"]
