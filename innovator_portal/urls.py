from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from . import health, views
from .accounts.views import LoginView

admin.site.site_header = "Innovator Portal administration"
admin.site.site_title = "Innovator Portal"
# Admins log in through the same page as everyone else: rate limited, and with their second factor.
# allauth's documented way to wrap the admin's login; the stubs refuse any assignment to a method.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", health.health, name="health"),
    path("accounts/login/", LoginView.as_view(), name="account_login"),
    path("accounts/", include("allauth.urls")),
    path("organisations/", include("innovator_portal.organisations.urls")),
    path("assessments/", include("assessments.urls")),
    path("adviser/", include("assessments.urls_adviser")),
    path("adviser/", include("assessments.urls_insights")),
    path("", include("innovator_portal.accounts.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "innovator_portal.views.bad_request"
handler403 = "innovator_portal.views.permission_denied"
handler404 = "innovator_portal.views.page_not_found"
handler500 = "innovator_portal.views.server_error"
