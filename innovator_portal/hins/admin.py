from django.contrib import admin

from innovator_portal.forms.validators import PlainTextModelForm

from .models import AdviserProfile, HealthInnovationNetwork


@admin.register(HealthInnovationNetwork)
class HealthInnovationNetworkAdmin(admin.ModelAdmin):
    form = PlainTextModelForm
    list_display = ["name", "area"]
    search_fields = ["name", "area"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(AdviserProfile)
class AdviserProfileAdmin(admin.ModelAdmin):
    form = PlainTextModelForm
    list_display = ["user", "hin", "job_title", "created_at"]
    list_filter = ["hin"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]
