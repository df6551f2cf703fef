from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from assessments.permissions import can_accept_invitation
from innovator_portal.accounts.decorators import founder_required
from innovator_portal.accounts.roles import Role, role_of

from . import selectors, services
from .forms import InvitationForm, OrganisationForm
from .models import Membership, Organisation


@founder_required
def organisation_create(request):
    form = OrganisationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(founder=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{organisation.name} has been added.")
            return redirect("organisation_detail", pk=organisation.pk)
    return render(request, "pages/organisations/form.html", {"form": form, "creating": True})


@founder_required
def organisation_detail(request, pk):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk)
    return render(
        request,
        "pages/organisations/detail.html",
        {
            "organisation": organisation,
            "members": selectors.organisation_members(organisation=organisation),
            "invitations": selectors.organisation_invitations_pending(organisation=organisation),
            "assessment_count": organisation.assessments.count(),
        },
    )


@founder_required
def organisation_edit(request, pk):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk)
    form = OrganisationForm(request.POST if request.method == "POST" else None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your organisation's details have been saved.")
            return redirect("organisation_detail", pk=organisation.pk)
    return render(
        request, "pages/organisations/form.html", {"form": form, "organisation": organisation, "creating": False}
    )


# Colleagues ---------------------------------------------------------------------------------------


@founder_required
def invitation_create(request, pk):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk)
    form = InvitationForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                organisation=organisation, invited_by=request.user, email=form.cleaned_data["email"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        except services.InvitationNotSent as error:
            form.add_error(None, str(error))
            status = 503
        else:
            messages.success(request, f"We have emailed an invitation to {invitation.email}.")
            return redirect("organisation_detail", pk=organisation.pk)
    return render(
        request,
        "pages/organisations/invitation_form.html",
        {"form": form, "organisation": organisation},
        status=status,
    )


@founder_required
def invitation_cancel(request, pk, invitation_pk):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk)
    invitation = get_object_or_404(
        selectors.organisation_invitations_pending(organisation=organisation), pk=invitation_pk
    )
    if request.method == "POST":
        services.invitation_cancel(invitation=invitation)
        messages.success(request, f"The invitation to {invitation.email} has been cancelled.")
        return redirect("organisation_detail", pk=organisation.pk)
    return render(
        request, "pages/organisations/invitation_cancel.html", {"organisation": organisation, "invitation": invitation}
    )


@founder_required
def membership_remove(request, pk, membership_pk):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk)
    membership = get_object_or_404(
        Membership.objects.filter(organisation=organisation).select_related("user"), pk=membership_pk
    )
    leaving = membership.user_id == request.user.pk
    context = {
        "organisation": organisation,
        "membership": membership,
        "leaving": leaving,
        "last_member": Membership.objects.filter(organisation=organisation).count() <= 1,
        "last_member_message": services.LAST_MEMBER_MESSAGE.format(organisation=organisation.name),
    }
    if request.method == "POST":
        try:
            services.membership_remove(membership=membership)
        except ValidationError as error:
            context.update(last_member=True, errors=error.messages)
            return render(request, "pages/organisations/membership_remove.html", context, status=409)
        if leaving:
            messages.success(request, f"You have left {organisation.name}.")
            return redirect("dashboard")
        messages.success(request, f"{membership.user.get_full_name()} has been removed from {organisation.name}.")
        return redirect("organisation_detail", pk=organisation.pk)
    return render(request, "pages/organisations/membership_remove.html", context)


def invitation_accept(request, token):
    """Anyone with the link may open it; only a signed-in founder with the invited address, confirmed on their
    account, can accept it. Anyone else is told which address it was sent to, and nothing more is shown."""
    invitation = selectors.invitation_by_token(token=token)
    if invitation is None:
        return _invitation_unavailable(request, "unknown")
    if invitation.is_accepted or invitation.is_expired:
        return _invitation_unavailable(request, "accepted" if invitation.is_accepted else "expired")
    context = {"invitation": invitation, "organisation": invitation.organisation}
    template = "pages/organisations/invitation_accept.html"
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        here = urlencode({"next": request.get_full_path()}, safe="/")
        context.update(login_url=f"{reverse('account_login')}?{here}", signup_url=f"{reverse('account_signup')}?{here}")
        return render(request, template, context)
    role = role_of(request.user)
    if role != Role.FOUNDER:
        return render(request, template, {**context, "wrong_role": role}, status=403)
    decision = can_accept_invitation(request.user, invitation)
    if request.method == "POST" and decision:
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except services.InvitationUnavailable as unavailable:
            return _invitation_unavailable(request, unavailable.reason)
        messages.success(request, f"You have joined {invitation.organisation.name}.")
        return redirect("organisation_detail", pk=invitation.organisation_id)
    already_member = Membership.objects.filter(organisation=invitation.organisation, user=request.user).exists()
    context.update(already_member=already_member, refusal=None if decision else decision.reason)
    return render(request, template, context, status=403 if not decision and not already_member else 200)


def _invitation_unavailable(request, reason: str):
    """Unknown links answer 404; links that worked once (used or expired) answer 410 Gone."""
    return render(
        request,
        "pages/organisations/invitation_unavailable.html",
        {"reason": reason},
        status=404 if reason == "unknown" else 410,
    )
