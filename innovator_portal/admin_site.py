"""The administration site: staff reach it only with a second factor, as advisers reach adviser pages.

From the admin an operator can remove an adviser's authenticator, make anyone an adviser of any network and
set passwords, so a password alone is not enough. Staff log in through the same rate-limited log-in page as
everyone else (and so are asked for their authenticator code there); staff without an authenticator app are
sent to set one up before any admin page opens.
"""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin, messages
from django.shortcuts import redirect

from innovator_portal.accounts.roles import has_second_factor

SET_UP_SECOND_FACTOR = "Administrators must set up an authenticator app before they can use the administration site."


class AdminSite(admin.AdminSite):
    site_header = "Innovator Portal administration"
    site_title = "Innovator Portal"

    def has_permission(self, request):
        return super().has_permission(request) and has_second_factor(request.user)

    def login(self, request, extra_context=None):
        user = request.user
        if user.is_authenticated and user.is_active and user.is_staff and not has_second_factor(user):
            messages.info(request, SET_UP_SECOND_FACTOR)
            return redirect("mfa_activate_totp")
        return secure_admin_login(super().login)(request, extra_context)
