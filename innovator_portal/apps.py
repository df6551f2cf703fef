from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """Django's admin on our site, which asks staff for a second factor (innovator_portal/admin_site.py)."""

    default_site = "innovator_portal.admin_site.AdminSite"
