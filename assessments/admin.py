from django.contrib import admin

from .models import FrameworkVersion


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    """Read-only: versions come only from files through `manage.py framework load`, and never change."""

    list_display = ["version", "title", "published", "short_hash", "created_at"]
    readonly_fields = ["version", "title", "published", "content_hash", "definition", "created_at"]
    search_fields = ["version", "title"]

    @admin.display(description="content hash")
    def short_hash(self, obj):
        return obj.content_hash[:12]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Assessments pin a version; deleting one would make their reports irreproducible.
        return False
