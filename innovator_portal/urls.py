from django.contrib import admin
from django.urls import include, path

from . import health, views
from .accounts.views import LoginView

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", health.health, name="health"),
    path("about/", views.about, name="about"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("cookies/", views.cookies, name="cookies"),
    path("contact/", views.contact, name="contact"),
    path("terms/", views.terms, name="terms"),
    path("feedback/", include("innovator_portal.feedback.urls")),
    path("accounts/login/", LoginView.as_view(), name="account_login"),
    path("accounts/", include("allauth.urls")),
    path("organisations/", include("innovator_portal.organisations.urls")),
    path("assessments/", include("assessments.urls")),
    path("adviser/", include("assessments.urls_adviser")),
    path("adviser/", include("assessments.urls_insights")),
    path("", include("innovator_portal.accounts.urls")),
    # Admins log in through the same page as everyone else: rate limited, and with their second factor. The
    # site (innovator_portal/admin_site.py) opens no page to staff without an authenticator app.
    path("admin/", admin.site.urls),
]

handler400 = "innovator_portal.views.bad_request"
handler403 = "innovator_portal.views.permission_denied"
handler404 = "innovator_portal.views.page_not_found"
handler500 = "innovator_portal.views.server_error"
