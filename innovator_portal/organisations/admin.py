from django.contrib import admin

from innovator_portal.forms.validators import PlainTextModelForm

from .models import Invitation, Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class InvitationInline(admin.TabularInline):
    """Read-only: invitations are made and accepted by founders; the token (the link's secret) is not shown."""

    model = Invitation
    fk_name = "organisation"
    extra = 0
    fields = readonly_fields = ("email", "invited_by", "created_at", "accepted_at", "accepted_by")
    can_delete = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = PlainTextModelForm
    list_display = ["name", "companies_house_number", "region", "created_at"]
    list_filter = ["region"]
    search_fields = ["name", "companies_house_number"]
    inlines = [MembershipInline, InvitationInline]
