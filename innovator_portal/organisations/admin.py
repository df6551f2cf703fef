from django.contrib import admin

from .models import Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "companies_house_number", "region", "created_at"]
    list_filter = ["region"]
    search_fields = ["name", "companies_house_number"]
    inlines = [MembershipInline]
