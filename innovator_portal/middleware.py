"""Site-wide request checks that no single view can make."""

from django.conf import settings
from django.core.exceptions import BadRequest


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
