"""Site-wide pages: the start page and the error pages (which never show a trace)."""

from django.core.exceptions import TooManyFilesSent
from django.http import HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader


def home(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "pages/home.html")


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
