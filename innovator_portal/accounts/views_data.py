"""Your data: download everything we hold about you, or delete your account."""

import json
import shutil
import tempfile
import zipfile

from allauth.account.models import EmailAddress
from django import forms
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from assessments.review.selectors import audit_entries_by_user
from innovator_portal.feedback.selectors import feedback_export
from innovator_portal.forms.layout import Field, fields_only_helper
from innovator_portal.forms.validators import PlainTextMixin
from innovator_portal.organisations.selectors import (
    evidence_archive_name,
    evidence_documents_for_founder,
    organisations_export,
    organisations_for_founder,
)

from . import services
from .roles import role_of


@never_cache
@login_required
def data_download(request):
    """The user's data as a JSON file: their account and its email addresses, memberships, their
    organisations' data (assessments, shares, feedback, the audit entries about them) and what they did."""
    user = request.user
    data = {
        "exported_at": timezone.now(),
        "account": {
            "email": user.email,
            "name": user.full_name,
            "joined_at": user.date_joined,
            "last_login": user.last_login,
            "role": role_of(user),
            "email_addresses": [
                {"email": address.email, "primary": address.primary, "verified": address.verified}
                for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
            ],
        },
        "adviser_profile": _adviser_profile(user),
        "organisations": organisations_export(user=user),
        "audit_entries_by_you": audit_entries_by_user(user=user),
    }
    data["feedback"] = feedback_export(user=user)
    data["memberships"] = [
        {"organisation": organisation["name"], "joined_at": _joined_at(organisation, user)}
        for organisation in data["organisations"]
    ]
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    filename = f"innovator-portal-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
def documents_download(request):
    """Every evidence file of the user's organisations' assessments, as one ZIP (its paths are the ones the data
    download names at `file_in_documents_download`). A file gone from storage is listed in MISSING.txt."""
    # Closed by the response once sent, so not a context manager here.
    archive = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115
    missing = []
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for document in evidence_documents_for_founder(user=request.user):
            try:
                with document.file.open("rb") as handle, bundle.open(evidence_archive_name(document), "w") as entry:
                    shutil.copyfileobj(handle, entry, 1024 * 1024)
            except (FileNotFoundError, OSError, ValueError):
                missing.append(evidence_archive_name(document))
        if missing:
            bundle.writestr("MISSING.txt", "These files could not be found in storage:\n" + "\n".join(missing) + "\n")
        if not bundle.namelist():
            bundle.writestr("README.txt", "None of your organisations' assessments has a document attached.\n")
    archive.seek(0)
    filename = f"innovator-portal-documents-{timezone.localdate():%Y-%m-%d}.zip"
    response = FileResponse(archive, as_attachment=True, filename=filename, content_type="application/zip")
    response["Cache-Control"] = "private, no-store"
    return response


def _joined_at(organisation: dict, user):
    return next((m["joined_at"] for m in organisation["members"] if m["email"] == user.email), None)


def _adviser_profile(user) -> dict | None:
    profile = getattr(user, "adviser_profile", None) if role_of(user) == "adviser" else None
    if profile is None:
        return None
    return {"health_innovation_network": profile.hin.name, "job_title": profile.job_title}


class AccountDeleteForm(PlainTextMixin, forms.Form):
    password = forms.CharField(
        label="Enter your password to confirm",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper = fields_only_helper(Field("password", label_size="m"))
        self.helper.disable_csrf = True  # the page's <form> has the token

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("The password is not correct", code="wrong_password")
        return password


@login_required
def account_delete(request):
    form = AccountDeleteForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        deleted = services.account_delete(user=request.user)
        logout(request)
        # The confirmation page is shown once, after the session that asked for it has gone.
        request.session["account_deleted"] = deleted
        return redirect("account_deleted")
    organisations = organisations_for_founder(user=request.user)
    return render(
        request,
        "pages/accounts/delete.html",
        {
            "form": form,
            "sole_organisations": [o for o in organisations if o.member_count == 1],
            "shared_organisations": [o for o in organisations if o.member_count > 1],
        },
    )


def account_deleted(request):
    deleted = request.session.pop("account_deleted", None)
    if deleted is None or request.user.is_authenticated:
        return redirect("home")
    return render(request, "pages/accounts/deleted.html", {"deleted_organisations": deleted})
