"""Demo data for a developer's machine: a founder with an organisation, an adviser, an admin.

Idempotent: running it again changes nothing and prints the same logins.
"""

from typing import NotRequired, TypedDict

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
# Fixed authenticator secrets, so that the demo adviser and admin can be added to an authenticator app once.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105
DEMO_ADMIN_TOTP_SECRET = "NFXG433WMF2G64RNOBXXE5DBNQWWCZDN"  # noqa: S105

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
        self._authenticator(adviser, DEMO_TOTP_SECRET)

        shares_note = self._shares(founder, organisation, adviser, hin)

        admin = self._user(ADMIN_EMAIL, "Platform Operator", is_staff=True, is_superuser=True)
        # The administration site needs a second factor, as adviser pages do.
        self._authenticator(admin, DEMO_ADMIN_TOTP_SECRET)

        self.stdout.write(
            f"\nDemo logins (password for each: {DEMO_PASSWORD})\n"
            f"  Founder: {FOUNDER_EMAIL} (organisation: {organisation.name})\n"
            f"  Adviser: {ADVISER_EMAIL} ({hin.name}); authenticator app secret {DEMO_TOTP_SECRET}\n"
            f"  Admin:   {ADMIN_EMAIL} (administration site at /admin/); authenticator app secret {DEMO_ADMIN_TOTP_SECRET}\n"
            "  The adviser and the admin log in with the password, then the 6-digit code that an authenticator app\n"
            "  set up with their secret shows.\n"
            f"{assessments_note}\n"
            f"{shares_note}\n"
        )

    def _authenticator(self, user, secret):
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, secret)

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

    def _shares(self, founder, organisation, adviser, hin) -> str:
        """One submitted assessment shared with the adviser's network in each state of its review, so that
        both sides have something to show; each is made once, found again by its product name."""
        from assessments.demo import demo_answers
        from assessments.framework import framework_get, framework_version_current
        from assessments.models import Answer, FrameworkVersion
        from assessments.review.services import (
            domain_review_save,
            recommendation_save,
            review_transition,
            share_create,
        )
        from assessments.review.workflow import ReviewStatus
        from assessments.services import assessment_start, assessment_submit

        try:
            framework = framework_get(framework_version_current())
        except FrameworkVersion.DoesNotExist:
            return "  Demo shares: none (load the framework first: manage.py framework load)."
        first, second = framework.domains[0], framework.domains[1]
        made = []
        for demo in DEMO_SHARED:
            if organisation.assessments.filter(product_name=demo["product_name"]).exists():
                continue
            assessment = assessment_start(
                founder=founder, organisation=organisation, profile={**DEMO_PROFILE, **demo["profile"]}
            )
            Answer.objects.filter(assessment=assessment).delete()
            Answer.objects.bulk_create(
                Answer(assessment=assessment, question_key=key, value=value, updated_by=founder)
                for key, value in demo_answers(framework, quality=demo["quality"]).items()
            )
            assessment = assessment_submit(assessment=assessment, user=founder)
            share = share_create(founder=founder, assessment=assessment, hin=hin, consent=True)
            status = demo["status"]
            if status != ReviewStatus.SHARED:
                share = review_transition(
                    adviser=adviser, share=share, to_status=ReviewStatus.IN_REVIEW, note="Thanks: looking at this now."
                )
                domain_review_save(
                    adviser=adviser,
                    share=share,
                    domain_key=first.key,
                    comment=f"A good start on {first.title.lower()}; the evidence would convince a trust.",
                    rating=3,
                    rationale="Most of what a buyer asks for is in place.",
                )
                domain_review_save(
                    adviser=adviser,
                    share=share,
                    domain_key=second.key,
                    comment=f"{second.title} is where to put your effort next.",
                    rating=2,
                    rationale="Several answers were 'I don't know'.",
                )
                if status != ReviewStatus.IN_REVIEW:
                    recommendation_save(adviser=adviser, share=share, recommendation=demo["recommendation"])
                    review_transition(adviser=adviser, share=share, to_status=status, note=demo["note"])
            made.append(f"{assessment.reference} ({demo['product_name']}, {ReviewStatus(status).label.lower()})")
        if not made:
            return f"  Demo shares with {hin.name}: already there."
        return f"  Demo shares with {hin.name}: " + ", ".join(made) + "."


class DemoShare(TypedDict):
    product_name: str
    profile: dict[str, str]
    quality: str  # as demo_answers takes it
    status: str
    recommendation: NotRequired[str]  # with a note, for the statuses that send feedback
    note: NotRequired[str]


# Submitted assessments shared with the demo adviser's network, one in each state of the review.
DEMO_SHARED: list[DemoShare] = [
    {
        "product_name": "SleepSense",
        "profile": {"product_name": "SleepSense", "product_type": "software", "development_stage": "prototype"},
        "quality": "worst",
        "status": "shared",
    },
    {
        "product_name": "GaitGuard",
        "profile": {"product_name": "GaitGuard", "product_type": "hardware", "development_stage": "pilot"},
        "quality": "middling",
        "status": "in_review",
    },
    {
        "product_name": "DermaScan",
        "profile": {"product_name": "DermaScan", "product_type": "diagnostic", "development_stage": "market"},
        "quality": "best",
        "status": "feedback_sent",
        "recommendation": "Talk to your integrated care board's digital lead about a funded pilot, and bring the "
        "evaluation plan with you.",
        "note": "Strong work: see the comments on each area.",
    },
    {
        "product_name": "BreatheEasy",
        "profile": {"product_name": "BreatheEasy", "product_type": "ai", "development_stage": "pilot"},
        "quality": "middling",
        "status": "changes_requested",
        "recommendation": "Finish your clinical safety case before anything else, then take the assessment again.",
        "note": "Please complete the clinical safety case (DCB0129) and share the new version with us.",
    },
]

DEMO_PROFILE = {
    "product_name": "WoundWatch",
    "product_description": "An app that helps district nurses photograph, measure and track chronic wounds, and flags those that are not healing.",
    "product_type": "ai",
    "intended_users": "District nurses and tissue viability specialists",
    "care_settings": ["community", "home"],
    "target_buyers": ["trusts", "icbs"],
    "development_stage": "pilot",
}
