"""Accounts made before sign-up asked for a name are asked for it once, before anything else."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

# Pages open to a nameless account: the name page itself, the pages about the service, leaving (logging out,
# deleting the account, downloading its data) and allauth's own account pages.
EXEMPT_NAMES = (
    "account_name",
    "account_logout",
    "account_delete",
    "account_deleted",
    "account_data_download",
    "about",
    "privacy",
    "accessibility",
    "cookies",
    "contact",
    "terms",
    "feedback",
    "feedback_sent",
    "health",
)
EXEMPT_PREFIXES = ("/accounts/", "/static/", "/media/")


class NameRequiredMiddleware:
    """Send a signed-in user without a name to the page that asks for it, then on to where they were going.

    Only page requests are sent there: a form being posted is let through, so that nothing typed is lost, and
    so is a script asking for JSON."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._exempt_paths = None

    def exempt_paths(self) -> frozenset[str]:
        if self._exempt_paths is None:
            self._exempt_paths = frozenset(reverse(name) for name in EXEMPT_NAMES)
        return self._exempt_paths

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.needs_name
            and request.method in ("GET", "HEAD")
            and request.accepts("text/html")
            and request.path_info not in self.exempt_paths()
            and not request.path_info.startswith(EXEMPT_PREFIXES)
        ):
            return redirect(f"{reverse('account_name')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
