"""Site-wide pages: the start page, the pages about the service (about, privacy, accessibility, cookies,
contact, terms of use) and the error pages (which never show a trace)."""

from django.conf import settings
from django.core.exceptions import TooManyFilesSent
from django.http import HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader

from assessments.framework import framework_current
from assessments.models import FrameworkVersion
from assessments.selectors import assessment_minutes

from .middleware import duration_in_words


def home(request):
    """The start page: what the service does, who it is for and what to have ready; signed-in users go on to
    their dashboard."""
    if request.user.is_authenticated:
        return redirect("dashboard")
    try:
        framework = framework_current()
    except FrameworkVersion.DoesNotExist:  # a bare database: the page still says everything else
        return render(request, "pages/home.html", {"section_count": None, "minutes": None})
    return render(
        request,
        "pages/home.html",
        {"section_count": len(framework.domains), "minutes": assessment_minutes(framework=framework)},
    )


def about(request):
    return render(request, "pages/site/about.html")


def privacy(request):
    """The privacy notice, with the retention periods the settings set."""
    days = settings.AUDIT_RETENTION_DAYS
    years, rest = divmod(days, 365)
    return render(
        request,
        "pages/site/privacy.html",
        {
            "signed_in_for": duration_in_words(settings.SESSION_ABSOLUTE_SECONDS),
            "audit_kept_for": f"{years} year{'' if years == 1 else 's'}" if years and not rest else f"{days} days",
        },
    )


def accessibility(request):
    return render(request, "pages/site/accessibility.html")


def cookies(request):
    """The cookies we set, named as the settings name them (production gives them a `__Host-` prefix)."""
    return render(
        request,
        "pages/site/cookies.html",
        {
            "session_cookie": settings.SESSION_COOKIE_NAME,
            "session_cookie_age": duration_in_words(settings.SESSION_COOKIE_AGE),
            "signed_in_for": duration_in_words(settings.SESSION_ABSOLUTE_SECONDS),
            "staff_idle": duration_in_words(settings.STAFF_SESSION_IDLE_SECONDS),
            "csrf_cookie": settings.CSRF_COOKIE_NAME,
            "csrf_cookie_age": duration_in_words(settings.CSRF_COOKIE_AGE),
        },
    )


def contact(request):
    return render(request, "pages/site/contact.html")


def terms(request):
    return render(request, "pages/site/terms.html")


def bad_request(request, exception=None):
    # No page takes files: a form sent with one is refused (DATA_UPLOAD_MAX_NUMBER_FILES is 0), and says so.
    files_refused = isinstance(exception, TooManyFilesSent)
    return render(request, "errors/400.html", {"files_refused": files_refused}, status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # Rendered without the request's context: whatever broke (the database, say) must not break this too.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())


def csrf_failure(request, reason=""):
    return render(request, "errors/403_csrf.html", status=403)
