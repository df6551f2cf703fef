"""Demo data for a developer's machine: a founder with an organisation, an adviser, an admin.

Idempotent: running it again changes nothing and prints the same logins.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from innovator_portal.hins.models import AdviserProfile, HealthInnovationNetwork
from innovator_portal.organisations.models import Membership, Organisation, Region

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 (printed for local demos only)
# A fixed authenticator secret, so that the demo adviser can be added to an authenticator app once.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105

FOUNDER_EMAIL = "founder@demo.innovator-portal.localhost"
ADVISER_EMAIL = "adviser@demo.innovator-portal.localhost"
ADMIN_EMAIL = "admin@demo.innovator-portal.localhost"


class Command(BaseCommand):
    help = "Create demo users and an organisation (for local use), and print the logins."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    @transaction.atomic
    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with known passwords: it only runs with DEBUG on (or --force)."
            )
        founder = self._user(FOUNDER_EMAIL, "Priya Shah")
        organisation, _ = Organisation.objects.get_or_create(
            name="Brightwell Diagnostics Ltd",
            defaults={"companies_house_number": "12345678", "region": Region.NORTH_WEST},
        )
        Membership.objects.get_or_create(user=founder, organisation=organisation)
        assessments_note = self._assessments(founder, organisation)

        adviser = self._user(ADVISER_EMAIL, "Tom Okafor")
        hin = HealthInnovationNetwork.objects.get(slug="south-london")
        AdviserProfile.objects.get_or_create(user=adviser, defaults={"hin": hin, "job_title": "Innovation adviser"})
        if not Authenticator.objects.filter(user=adviser, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(adviser, DEMO_TOTP_SECRET)

        self._user(ADMIN_EMAIL, "Platform Operator", is_staff=True, is_superuser=True)

        self.stdout.write(
            f"\nDemo logins (password for each: {DEMO_PASSWORD})\n"
            f"  Founder: {FOUNDER_EMAIL} (organisation: {organisation.name})\n"
            f"  Adviser: {ADVISER_EMAIL} ({hin.name}); authenticator app secret {DEMO_TOTP_SECRET}\n"
            f"  Admin:   {ADMIN_EMAIL} (administration site at /admin/)\n"
            f"{assessments_note}\n"
        )

    def _user(self, email, full_name, **flags):
        user, created = get_user_model().objects.get_or_create(email=email, defaults={"full_name": full_name, **flags})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"primary": True, "verified": True})
        return user

    def _assessments(self, founder, organisation) -> str:
        """A submitted assessment and a draft retake of it, so every page has something to show."""
        from assessments.demo import demo_answers
        from assessments.framework import framework_get, framework_version_current
        from assessments.models import Answer, FrameworkVersion
        from assessments.services import assessment_retake, assessment_start, assessment_submit

        if organisation.assessments.exists():
            return "  Demo assessments: already there."
        try:
            framework = framework_get(framework_version_current())
        except FrameworkVersion.DoesNotExist:
            return "  Demo assessments: none (load the framework first: manage.py framework load)."
        submitted = assessment_start(founder=founder, organisation=organisation, profile=DEMO_PROFILE)
        answers = demo_answers(framework, quality="middling")
        Answer.objects.filter(assessment=submitted).delete()
        Answer.objects.bulk_create(
            Answer(assessment=submitted, question_key=key, value=value, updated_by=founder)
            for key, value in answers.items()
        )
        submitted = assessment_submit(assessment=submitted, user=founder)
        draft = assessment_retake(founder=founder, previous=submitted)
        return f"  Demo assessments: {submitted.reference} (submitted) and {draft.reference} (a draft retake)."


DEMO_PROFILE = {
    "product_name": "WoundWatch",
    "product_description": "An app that helps district nurses photograph, measure and track chronic wounds, and flags those that are not healing.",
    "product_type": "ai",
    "intended_users": "District nurses and tissue viability specialists",
    "care_settings": ["community", "home"],
    "target_buyers": ["trusts", "icbs"],
    "development_stage": "pilot",
}
