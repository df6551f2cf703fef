"""The only way WeasyPrint may read anything while rendering a report: the project's own static files.

WeasyPrint's default fetcher follows any `file://`, `http(s)://`, `ftp://` or `data:` URL it finds in the
HTML or CSS (images, stylesheets, `@import`, fonts, `<link rel="attachment">`). Reports contain text that
founders typed, so a slip in escaping would let that text read local files or reach internal services.
This fetcher closes the door whatever the HTML says: it answers from files that
`django.contrib.staticfiles` finds (or that sit under STATIC_ROOT) and refuses everything else. It never
opens a network connection, so there is no redirect to follow and nothing to wait for.

A refusal is not an error for the render: WeasyPrint logs it and leaves the resource out.
"""

from __future__ import annotations

import logging
import posixpath
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.utils._os import safe_join
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger("assessments.reports")

# Our own references to static files: `static:reports/report.css`. HTML and CSS given to WeasyPrint use
# STATIC_BASE_URL as their base, so a relative reference can never resolve to the filesystem or the network.
STATIC_SCHEME = "static"
STATIC_BASE_URL = f"{STATIC_SCHEME}:"

# What a report may use from the static files; scripts, source maps and the like are never needed.
ALLOWED_TYPES = {
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
}
MAX_BYTES = 5 * 1024 * 1024


class ResourceRefused(ValueError):
    """A URL the report renderer will not read."""


class StaticFilesURLFetcher(URLFetcher):
    """Serves `static:<path>` (and `<STATIC_URL><path>`) from the project's static files; refuses the rest.

    Every network handler of the parent class stays unused: `fetch` never calls the parent's `fetch`, and
    the parent is configured to refuse every protocol and redirect anyway, with a short timeout.
    """

    def __init__(self, **kwargs):
        super().__init__(timeout=2, allowed_protocols=(), allow_redirects=False, fail_on_errors=False)

    def fetch(self, url, headers=None):
        try:
            path = static_file_for(url)
        except ResourceRefused as refusal:
            logger.info("Report renderer refused to fetch %.200r: %s", url, refusal)
            raise
        body = path.read_bytes()
        return URLFetcherResponse(url, body, headers={"Content-Type": ALLOWED_TYPES[path.suffix.lower()]})


def static_file_for(url: str) -> Path:
    """The static file a report URL names; raises ResourceRefused for anything that is not one."""
    relative = _static_relative_path(url)
    suffix = posixpath.splitext(relative)[1].lower()
    if suffix not in ALLOWED_TYPES:
        raise ResourceRefused("not a kind of file a report uses")
    found = finders.find(relative)
    if found is None and settings.STATIC_ROOT:
        try:
            candidate = safe_join(str(settings.STATIC_ROOT), relative)
        except SuspiciousFileOperation as error:
            raise ResourceRefused("outside the static files") from error
        found = candidate if Path(candidate).is_file() else None
    if found is None:
        raise ResourceRefused("no such static file")
    path = Path(found)
    if not path.is_file() or path.stat().st_size > MAX_BYTES:
        raise ResourceRefused("not a readable static file")
    return path


def _static_relative_path(url: str) -> str:
    if not isinstance(url, str) or "\x00" in url or "\\" in url:
        raise ResourceRefused("malformed URL")
    if url.lower().startswith(STATIC_BASE_URL):
        rest = url[len(STATIC_BASE_URL) :]
    elif settings.STATIC_URL and url.startswith(settings.STATIC_URL):
        rest = url[len(settings.STATIC_URL) :]
    else:
        raise ResourceRefused("only the project's static files are available to reports")
    rest = unquote(rest.split("#", 1)[0].split("?", 1)[0])
    if "\x00" in rest or "\\" in rest:
        raise ResourceRefused("malformed URL")
    segments = [segment for segment in rest.split("/") if segment not in ("", ".")]
    if not segments or ".." in segments:
        raise ResourceRefused("path traversal")
    return "/".join(segments)


def static_url(path: str) -> str:
    """The URL of a static file for use in report HTML or CSS, e.g. static_url("reports/report.css")."""
    return f"{STATIC_BASE_URL}{path}"
