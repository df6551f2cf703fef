import json

from django.contrib import admin

from .models import AuditEntry, FrameworkVersion, ReviewEvent, Share


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records are shown, never added, changed or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(ReadOnlyAdmin):
    """Read-only: versions come only from files through `manage.py framework load`, and never change; none is
    deleted, since assessments pin a version and deleting one would make their reports irreproducible."""

    list_display = ["version", "title", "published", "short_hash", "created_at"]
    readonly_fields = ["version", "title", "published", "content_hash", "definition", "created_at"]
    search_fields = ["version", "title"]

    @admin.display(description="content hash")
    def short_hash(self, obj):
        return obj.content_hash[:12]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor_email", "action", "assessment_reference", "hin"]
    list_filter = ["action", "hin"]
    search_fields = ["actor_email", "assessment_reference"]
    date_hierarchy = "created_at"
    actions = ["export_csv"]

    @admin.action(description="Export the selected entries as CSV")
    def export_csv(self, request, queryset):
        from assessments.review.csv import csv_response

        rows = (
            [
                entry.created_at.isoformat(),
                entry.actor_email,
                entry.get_action_display(),
                entry.assessment_reference,
                entry.hin.name if entry.hin else "",
                json.dumps(entry.details, sort_keys=True),
            ]
            for entry in queryset.select_related("hin").iterator()
        )
        header = ["when", "who", "action", "assessment", "network", "details"]
        return csv_response(filename="audit-log.csv", header=header, rows=rows)


class EmailDeliveryFilter(admin.SimpleListFilter):
    """Which review emails went, and which could not be sent (`manage.py notifications_retry` sends those)."""

    title = "email"
    parameter_name = "email"

    def lookups(self, request, model_admin):
        return [("failed", "Could not be sent"), ("sent", "Sent or not needed"), ("waiting", "Waiting to be sent")]

    def queryset(self, request, queryset):
        if self.value() == "failed":
            return queryset.filter(notified_at__isnull=True).exclude(notification_error="")
        if self.value() == "sent":
            return queryset.filter(notified_at__isnull=False)
        if self.value() == "waiting":
            return queryset.filter(notified_at__isnull=True, notification_error="")
        return queryset


@admin.register(ReviewEvent)
class ReviewEventAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "share",
        "actor_name",
        "from_status",
        "to_status",
        "email",
        "notified_at",
        "notification_error",
    ]
    list_filter = [EmailDeliveryFilter, "to_status"]
    search_fields = ["share__assessment__reference", "actor_name"]

    @admin.display(description="email")
    def email(self, obj):
        if obj.notified_at is not None:
            return "Sent"
        return "Could not be sent" if obj.notification_error else "Waiting"


@admin.register(Share)
class ShareAdmin(ReadOnlyAdmin):
    list_display = ["assessment", "hin", "status", "shared_at", "withdrawn_at"]
    list_filter = ["status", "hin"]
    search_fields = ["assessment__reference", "assessment__organisation__name"]
