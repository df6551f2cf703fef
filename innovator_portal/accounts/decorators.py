"""View guards for each role. Views use these rather than checking roles themselves."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect

from .roles import Role, has_second_factor, role_of


def role_required(role: Role):
    """Signed-in users of `role` only; anyone else signed in gets a 404, so URLs reveal nothing."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if role_of(request.user) != role:
                raise Http404("This page does not exist.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


founder_required = role_required(Role.FOUNDER)


def adviser_required(view):
    """Advisers only, and only once they sign in with a second factor."""

    @role_required(Role.ADVISER)
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not has_second_factor(request.user):
            messages.info(
                request,
                "Advisers must set up an authenticator app before they can review assessments.",
            )
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    return wrapped
