"""The health check that load balancers and monitors poll (docs/operations.md)."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def health(request):
    """Answers "ok" while this process can serve requests. It reads no database or cache on purpose: a
    load balancer would otherwise take every app server out at once when the database is slow."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
