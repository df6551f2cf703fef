from django.contrib import admin

from .models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Feedback is read here, never changed: it is what someone said."""

    list_display = ["created_at", "satisfaction", "improvement_start", "page", "reply_email"]
    list_filter = ["satisfaction", "created_at"]
    search_fields = ["improvement", "page", "reply_email"]
    date_hierarchy = "created_at"
    readonly_fields = ("created_at", "satisfaction", "improvement", "page", "reply_email", "user")
    fields = readonly_fields

    @admin.display(description="How we could improve")
    def improvement_start(self, feedback):
        return feedback.improvement if len(feedback.improvement) <= 80 else feedback.improvement[:79] + "…"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
