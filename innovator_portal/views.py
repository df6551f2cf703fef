"""Site-wide pages: the start page and the error pages (which never show a trace)."""

from django.http import HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader

from assessments.framework import framework_current
from assessments.models import FrameworkVersion


def home(request):
    """The start page: what the service does, who it is for and what to have ready; signed-in users go on to
    their dashboard."""
    if request.user.is_authenticated:
        return redirect("dashboard")
    try:
        section_count = len(framework_current().domains)
    except FrameworkVersion.DoesNotExist:  # a bare database: the page still says everything else
        section_count = None
    return render(request, "pages/home.html", {"section_count": section_count})


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # Rendered without the request's context: whatever broke (the database, say) must not break this too.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())


def csrf_failure(request, reason=""):
    return render(request, "errors/403_csrf.html", status=403)
