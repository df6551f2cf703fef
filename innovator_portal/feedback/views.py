from allauth.core import ratelimit
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from . import services
from .forms import FeedbackForm, local_path

RATE_LIMITED = (
    "You have sent feedback several times in a short while, so we cannot take more just now. "
    "Wait 10 minutes and send it again: what you typed is still here."
)


@never_cache
def feedback(request):
    """The feedback form the phase banner links to: open to everyone, signed in or not."""
    if request.method == "POST":
        form = FeedbackForm(request.POST)
    else:
        form = FeedbackForm(initial={"page": local_path(request.GET.get("from", ""))})
    status = 200
    if request.method == "POST" and form.is_valid():
        if ratelimit.consume(request, action="feedback"):
            services.feedback_create(**form.cleaned_data, user=request.user)
            return redirect("feedback_sent")
        form.add_error(None, RATE_LIMITED)
        status = 429
    return render(request, "pages/site/feedback.html", {"form": form}, status=status)


def feedback_sent(request):
    return render(request, "pages/site/feedback_sent.html")
