"""Site-wide request checks that no single view can make."""

import time
from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.core.exceptions import BadRequest, TooManyFilesSent
from django.core.files.uploadhandler import FileUploadHandler
from django.http.multipartparser import MultiPartParser
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import patch_cache_control

from innovator_portal.accounts.roles import Role, role_of


class RefuseNullCharactersMiddleware:
    """Answer 400 Bad Request to a NUL character in the path, the query string or a cookie.

    None of them can mean anything here, and PostgreSQL refuses NUL in text, so a lookup with one (an
    assessment reference in the path, a session cookie) would otherwise end in a server error. Posted
    forms are not checked here: their fields refuse NUL themselves, with a message next to the field.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            "\x00" in request.path_info
            or any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists())
            or any("\x00" in key or "\x00" in value for key, value in request.COOKIES.items())
        ):
            raise BadRequest("NUL character in the request")
        return self.get_response(request)


SESSION_STARTED_KEY = "innovator_portal.session_started_at"
SESSION_ACTIVE_KEY = "innovator_portal.session_active_at"
# Activity is written to the session at most this often, so that every page view is not a database write.
ACTIVITY_RESOLUTION_SECONDS = 60


def session_started(sender, request, user, **kwargs):
    """`user_logged_in` receiver: a session's absolute lifetime counts from the log-in."""
    now = time.time()
    request.session[SESSION_STARTED_KEY] = now
    request.session[SESSION_ACTIVE_KEY] = now


def duration_in_words(seconds: int) -> str:
    """A length of time as people say it: "14 days", "30 minutes"."""
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{seconds} seconds"


class SessionLifetimeMiddleware:
    """Ends signed-in sessions that have lasted too long.

    Everyone is logged out SESSION_ABSOLUTE_SECONDS after logging in, however active. Advisers and admins, who
    can see many companies' assessments, are also logged out after STAFF_SESSION_IDLE_SECONDS without a request,
    in case they walked away from a shared computer. The person is sent to log in again, with a message saying
    why, and comes back to the page they asked for.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            ended = self._ended(request, user)
            if ended:
                return self._log_out(request, ended)
        return self.get_response(request)

    def _ended(self, request, user) -> str:
        session = request.session
        now = time.time()
        started = session.setdefault(SESSION_STARTED_KEY, now)
        absolute = settings.SESSION_ABSOLUTE_SECONDS
        if now - started > absolute:
            return (
                f"You have been logged out because you logged in more than {duration_in_words(absolute)} ago. "
                "Log in again to carry on."
            )
        if role_of(user) in (Role.ADVISER, Role.ADMIN):
            idle = settings.STAFF_SESSION_IDLE_SECONDS
            active = session.get(SESSION_ACTIVE_KEY, now)
            if now - active > idle:
                return (
                    f"For your security, you have been logged out after {duration_in_words(idle)} without using the "
                    "service. Log in again to carry on."
                )
            if now - active >= ACTIVITY_RESOLUTION_SECONDS or SESSION_ACTIVE_KEY not in session:
                session[SESSION_ACTIVE_KEY] = now
        return ""

    def _log_out(self, request, message: str):
        next_url = request.get_full_path() if request.method in ("GET", "HEAD") else ""
        logout(request)
        messages.info(request, message)
        login_url = reverse("account_login")
        if next_url:
            login_url += "?" + urlencode({REDIRECT_FIELD_NAME: next_url})
        return redirect(login_url)


class PrivateNoStoreMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in user and on every download.

    What a signed-in user sees (assessments, feedback, insights, their account) is commercially sensitive: no
    browser, proxy or shared computer should keep a copy to show after they log out or to the next person.
    Static files are answered before this runs (WhiteNoise) and keep their long caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        download = response.get("Content-Disposition", "").lower().startswith("attachment")
        if signed_in or download:
            patch_cache_control(response, private=True, no_store=True)
        return response


# The pages that take a file: the founder's evidence upload (assessments/views/evidence.py).
FILE_UPLOAD_URL_NAMES = frozenset({"assessment_evidence_item"})


class RefuseFilesHandler(FileUploadHandler):
    """The upload handler of every page that takes no file: the first file part ends the request with a 400
    (bad_request says the service does not take files there), before any of it is kept."""

    def new_file(self, *args, **kwargs):
        raise TooManyFilesSent("This page does not take files.")

    def receive_data_chunk(self, raw_data, start):  # pragma: no cover - new_file has already refused
        raise TooManyFilesSent("This page does not take files.")

    def file_complete(self, file_size):  # pragma: no cover - new_file has already refused
        return None


def takes_files(request) -> bool:
    try:
        return resolve(request.path_info).url_name in FILE_UPLOAD_URL_NAMES
    except Resolver404:
        return False


class RequestSizeLimitMiddleware:
    """Answer 413 Content Too Large to a request body bigger than this page accepts, before reading it; and
    refuse file parts on every page but the ones that take a file.

    Form fields are limited to DATA_UPLOAD_MAX_MEMORY_SIZE; a page that takes a file (FILE_UPLOAD_URL_NAMES)
    accepts one file of up to EVIDENCE_MAX_BYTES as well, and on the others a file part is refused with a 400
    by RefuseFilesHandler before any of it is kept. Refusing on the declared length means a large body is
    neither read nor written anywhere. Bodies without a declared length are still limited by Django as read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        files = takes_files(request)
        if files and limit is not None:
            limit += settings.EVIDENCE_REQUEST_MAX_BYTES
        elif not files:
            request.upload_handlers = [RefuseFilesHandler(request)]
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads an unparseable length as no body
        if limit is not None and length > limit:
            return render(request, "errors/413.html", {"limit_mb": round(limit / (1024 * 1024), 1)}, status=413)
        if files:
            request.parse_file_upload = partial(evidence_upload_parse, request)
        return self.get_response(request)


class NameKeepingMultiPartParser(MultiPartParser):
    """Django's parser, noting each file name that had to be changed to be safe (a path such as ../../x.pdf,
    or characters that cannot be printed), so the page can refuse the file instead of keeping it renamed."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.unsafe_names: list[str] = []

    def sanitize_file_name(self, file_name):
        clean = super().sanitize_file_name(file_name)
        if clean != file_name:
            self.unsafe_names.append(file_name)
        return clean


def evidence_upload_parse(request, META, post_data):
    """HttpRequest.parse_file_upload for the pages that take a file; `request.unsafe_file_names` lists the
    names the parser had to change."""
    parser = NameKeepingMultiPartParser(META, post_data, request.upload_handlers, request.encoding)
    parsed = parser.parse()
    request.unsafe_file_names = parser.unsafe_names
    return parsed


class CrossOriginResourcePolicyMiddleware:
    """Send `Cross-Origin-Resource-Policy` (CROSS_ORIGIN_RESOURCE_POLICY, "same-origin") with every response,
    static files included (it sits above WhiteNoise), so that no other site can embed our pages, reports or
    files. Django's SecurityMiddleware sets the opener policy but has no setting for this one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "CROSS_ORIGIN_RESOURCE_POLICY", None)
        if policy:
            response.headers.setdefault("Cross-Origin-Resource-Policy", policy)
        return response
