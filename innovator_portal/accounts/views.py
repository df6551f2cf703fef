from allauth.account import views as allauth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.shortcuts import redirect, render

from assessments.review.selectors import shares_active_by_assessment
from assessments.selectors import assessments_for_founder, stage_title
from innovator_portal.hins.selectors import adviser_colleagues
from innovator_portal.organisations.selectors import organisations_for_founder

from .decorators import adviser_required, founder_required
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
    for assessment in assessments:
        assessment.stage_title = stage_title(assessment)
        assessment.active_share = shares.get(assessment.pk)
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
    return render(request, "pages/accounts/overview.html", {"has_second_factor": has_second_factor(request.user)})


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
