from allauth.account import views as allauth_views
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from assessments.framework import framework_version_current
from assessments.permissions import can_upgrade
from assessments.review.selectors import shares_active_by_assessment
from assessments.selectors import assessments_for_founder, assessments_version_marks, stage_title
from innovator_portal.hins.selectors import adviser_colleagues
from innovator_portal.organisations.selectors import evidence_documents_for_founder, organisations_for_founder

from . import services
from .decorators import adviser_required, founder_required
from .forms import FullNameForm
from .roles import Role, has_second_factor, role_of


@login_required
def dashboard(request):
    """Send each user to the home page of their role."""
    role = role_of(request.user)
    if role == Role.ADVISER:
        return redirect("adviser_queue")
    if role == Role.ADMIN:
        return render(request, "pages/accounts/admin_home.html", {"has_second_factor": has_second_factor(request.user)})
    return redirect("founder_home")


@founder_required
def founder_home(request):
    organisations = list(organisations_for_founder(user=request.user))
    by_organisation = {organisation.pk: [] for organisation in organisations}
    assessments = list(assessments_for_founder(user=request.user))
    shares = shares_active_by_assessment(assessment_ids=[assessment.pk for assessment in assessments])
    marks = assessments_version_marks(assessments)
    current = framework_version_current().version if assessments else ""
    for assessment in assessments:
        assessment.upgrade_to = current if can_upgrade(request.user, assessment, current_version=current) else ""
        assessment.stage_title = stage_title(assessment)
        assessment.active_share = shares.get(assessment.pk)
        assessment.version_mark = marks[assessment.pk]
        by_organisation[assessment.organisation_id].append(assessment)
    for organisation in organisations:
        organisation.assessment_list = by_organisation[organisation.pk]
    return render(request, "pages/accounts/founder_home.html", {"organisations": organisations})


@adviser_required
def adviser_home(request):
    profile = request.user.adviser_profile
    return render(
        request,
        "pages/accounts/adviser_home.html",
        {"profile": profile, "hin": profile.hin, "colleagues": adviser_colleagues(user=request.user)},
    )


@login_required
def account_overview(request):
    context = {
        "has_second_factor": has_second_factor(request.user),
        "has_documents": evidence_documents_for_founder(user=request.user).exists(),
    }
    return render(request, "pages/accounts/overview.html", context)


@login_required
def account_name(request):
    """Ask for the name others see: once, after logging in, for an account made without one (then going on to
    the page the person was on their way to), or from their account page to change it."""
    first_time = request.user.needs_name
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    form = FullNameForm(
        request.POST if request.method == "POST" else None, initial={"full_name": request.user.full_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.user_name_set(user=request.user, full_name=form.cleaned_data["full_name"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not first_time:
                messages.success(request, "Your name has been changed.")
            return redirect(next_url or ("dashboard" if first_time else "account_overview"))
    return render(request, "pages/accounts/name.html", {"form": form, "first_time": first_time, "next_url": next_url})


class LoginView(allauth_views.LoginView):
    """allauth's log-in page, answering 429 Too Many Requests while failed log-ins are rate limited, and then
    saying how to get back in without waiting (a password reset clears the account's limit)."""

    rate_limited = False

    def form_invalid(self, form):
        limited = form.errors.as_data().get(NON_FIELD_ERRORS, [])
        self.rate_limited = any(error.code == "too_many_login_attempts" for error in limited)
        response = super().form_invalid(form)
        if self.rate_limited:
            response.status_code = 429
        return response

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "rate_limited": self.rate_limited}
