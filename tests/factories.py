"""Factories for the objects tests need. Users get a verified email address and a known password."""

import datetime
import time
from typing import TypedDict

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model

from assessments.evidence.models import Evidence
from assessments.models import Assessment, SecondOpinion, Share
from innovator_portal.accounts.models import User
from innovator_portal.hins.models import AdviserProfile, HealthInnovationNetwork
from innovator_portal.organisations.models import Membership, Organisation, Region

PASSWORD = "a-long-and-unusual-passphrase"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or PASSWORD)
        if create:
            user.save(update_fields=["password"])

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Healthtech Company {n} Ltd")
    companies_house_number = factory.Sequence(lambda n: f"{n:08d}")
    region = Region.LONDON


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class FounderFactory(UserFactory):
    """A founder who belongs to one organisation."""

    membership = factory.RelatedFactory(MembershipFactory, factory_related_name="user")


class HealthInnovationNetworkFactory(factory.django.DjangoModelFactory[HealthInnovationNetwork]):
    """One of the 15 networks loaded by the reference-data migration, found by its slug."""

    class Meta:
        model = HealthInnovationNetwork
        django_get_or_create = ["slug"]

    slug = "south-london"


class AdviserProfileFactory(factory.django.DjangoModelFactory[AdviserProfile]):
    class Meta:
        model = AdviserProfile

    user = factory.SubFactory(UserFactory)
    hin = factory.SubFactory(HealthInnovationNetworkFactory)
    job_title = "Innovation adviser"


class AdviserFactory(UserFactory):
    """An adviser of a Health Innovation Network; with `totp=True`, also an authenticator app."""

    profile = factory.RelatedFactory(AdviserProfileFactory, factory_related_name="user")

    @factory.post_generation
    def totp(user, create, extracted, **kwargs):
        if create and extracted:
            user.totp_secret = add_totp(user)


def add_totp(user) -> str:
    """Give the user an authenticator app; returns its secret so tests can make codes."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


# A code is not made in the last seconds of its step: by the time a browser has typed and posted it, the
# server may be in the next step, and the code would then rest on the drift allowance alone.
TOTP_MARGIN_SECONDS = 2


def totp_code(secret: str, *, step_offset: int = 0) -> str:
    """The code an authenticator app with this secret shows now (`step_offset` steps of 30 seconds from now:
    -1 is the code of the step before). Near the end of a step it waits for the next one to begin."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    period = app_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < TOTP_MARGIN_SECONDS:
        time.sleep(left + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period + step_offset))


# Assessments ------------------------------------------------------------------------------------


def framework_version_loaded():
    """The repository's framework versions loaded into the test database; returns the newest."""
    from assessments.framework import framework_version_current, framework_versions_sync

    framework_versions_sync()
    return framework_version_current()


def framework_version_of(version: str):
    """The FrameworkVersion row of one of the repository's versions (loaded if needed), for an assessment
    started on an older version: `AssessmentFactory(framework_version=framework_version_of("1.0"))`."""
    from assessments.framework import framework_versions_sync
    from assessments.models import FrameworkVersion

    framework_versions_sync()
    return FrameworkVersion.objects.get(version=version)


class Profile(TypedDict):
    """A product profile, as the start of an assessment takes it."""

    product_name: str
    product_description: str
    product_type: str
    intended_users: str
    care_settings: list[str]
    target_buyers: list[str]
    development_stage: str


PROFILE: Profile = {
    "product_name": "WoundWatch",
    "product_description": "An app that helps district nurses photograph and track chronic wounds.",
    "product_type": "software",
    "intended_users": "District nurses and tissue viability specialists",
    "care_settings": ["community"],
    "target_buyers": ["trusts"],
    "development_stage": "pilot",
}


def answers_for(framework, *, quality: str = "best", device: bool = True) -> dict:
    """A complete set of answers (see assessments.demo.demo_answers); `device` shows the most questions."""
    from assessments.demo import demo_answers

    return demo_answers(framework, quality=quality, widest=device)


def answers_in_sections(framework, *, quality: str = "best", **sections: str) -> dict:
    """Complete answers of one quality, with the scored questions of some sections at another:
    `answers_in_sections(framework, procurement="middling")`."""
    answers = answers_for(framework, quality=quality)
    for section, other in sections.items():
        others = answers_for(framework, quality=other)
        for question in framework.domain_by_key[section].questions:
            if question.scored and question.key in others:
                answers[question.key] = others[question.key]
    return answers


class AssessmentFactory(factory.django.DjangoModelFactory[Assessment]):
    """A draft assessment of an organisation, on the newest framework version (loaded if needed)."""

    class Meta:
        model = "assessments.Assessment"

    organisation = factory.SubFactory(OrganisationFactory)
    framework_version = factory.LazyFunction(framework_version_loaded)
    product_name = PROFILE["product_name"]
    product_description = PROFILE["product_description"]
    product_type = PROFILE["product_type"]
    intended_users = PROFILE["intended_users"]
    care_settings = factory.LazyFunction(lambda: list(PROFILE["care_settings"]))
    target_buyers = factory.LazyFunction(lambda: list(PROFILE["target_buyers"]))
    development_stage = PROFILE["development_stage"]


def assessment_answered(assessment, *, quality: str = "best", device: bool = True, user=None, **overrides):
    """Store a complete set of answers on a draft (through the model, not the forms)."""
    from assessments.framework import framework_get
    from assessments.models import Answer

    answers = {**answers_for(framework_get(assessment.framework_version), quality=quality, device=device), **overrides}
    Answer.objects.bulk_create(
        Answer(assessment=assessment, question_key=key, value=value, updated_by=user)
        for key, value in answers.items()
        if value is not None
    )
    return answers


def assessment_submitted(*, organisation=None, quality: str = "best", user=None, **overrides):
    """A submitted assessment with complete answers and frozen results."""
    from assessments.services import assessment_submit

    assessment = AssessmentFactory.create(**({"organisation": organisation} if organisation else {}))
    assessment_answered(assessment, quality=quality, user=user, **overrides)
    return assessment_submit(assessment=assessment, user=user)


class EvidenceFactory(factory.django.DjangoModelFactory[Evidence]):
    """A document attached to an assessment as an https link, issued 100 days ago, for the clinical safety case
    unless `item_key` says otherwise (a file goes through the evidence services, which check it)."""

    class Meta:
        model = Evidence

    assessment = factory.SubFactory(AssessmentFactory)
    item_key = "clinical_safety_case_report"
    link = "https://example.org/document.pdf"
    issued_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=100))
    expires_on = None


class ShareFactory(factory.django.DjangoModelFactory[Share]):
    """A submitted assessment shared with a network, its review at `status` (a share made by the service,
    with its history, is `services.share_create`; this is the row alone, for pages that show shares)."""

    class Meta:
        model = "assessments.Share"

    assessment = factory.LazyFunction(lambda: assessment_submitted(quality="middling"))
    hin = factory.SubFactory(HealthInnovationNetworkFactory)
    status = "shared"
    consent_version = "2026-11"


class SecondOpinionFactory(factory.django.DjangoModelFactory[SecondOpinion]):
    """A colleague asked for a second opinion on a share (`share`, `adviser` the colleague), not given yet."""

    class Meta:
        model = SecondOpinion

    share = factory.SubFactory(ShareFactory)
    adviser = factory.SubFactory(AdviserFactory)
    requested_by = factory.SubFactory(AdviserFactory)


def review_every_area(*, share, adviser, rating: int = 3, skip=()):
    """Rate every area of a review in progress (with a rationale), so that it can be sent; the areas in `skip`
    are left as they are."""
    from assessments.framework import framework_get
    from assessments.review.services import domain_review_save

    for domain in framework_get(share.assessment.framework_version).domains:
        if domain.key not in skip:
            domain_review_save(
                adviser=adviser,
                share=share,
                domain_key=domain.key,
                comment=f"On {domain.title}.",
                rating=rating,
                rationale="Seen the evidence.",
            )


def section_page_url(assessment, domain_key: str, question_key: str | None = None) -> str:
    """The address of the page of a section that asks `question_key` (the section's first page without one)."""
    from django.urls import reverse

    from assessments.framework import framework_get
    from assessments.questionnaire.pages import question_page

    domain = framework_get(assessment.framework_version).domain_by_key[domain_key]
    page = question_page(domain, question_key) if question_key else 1
    if page == 1:
        return reverse("assessment_section", args=[assessment.reference, domain_key])
    return reverse("assessment_section_page", args=[assessment.reference, domain_key, page])


# A reviewer's sentence, repeated to fill a field to its maximum length (so that lines wrap as real text does).
ADVISER_PROSE = (
    "The evidence so far comes from one site and a small number of patients, without a comparator, so a buyer "
    "cannot yet judge the benefit against current care; plan an independent evaluation with agreed outcomes. "
)


def prose(length: int) -> str:
    """Realistic adviser text of exactly `length` characters."""
    return (ADVISER_PROSE * (length // len(ADVISER_PROSE) + 1))[:length].rstrip() + "."


def feedback_longest_send(*, assessment, founder, adviser):
    """Share `assessment` with the adviser's network and send back the longest feedback an adviser can write,
    through the services the review pages use: every area rated Partially or No with a reason, and a comment,
    of the maximum allowed length, an overall judgement, a recommendation and a note at their maximum lengths."""
    from assessments.framework import framework_get
    from assessments.review import services
    from assessments.review.models import AdviserRating, DomainReview, MaturityJudgement, ReviewEvent, Share
    from assessments.review.workflow import ReviewStatus

    def longest(model, field: str) -> int:
        return model._meta.get_field(field).max_length

    share = services.share_create(founder=founder, assessment=assessment, hin=adviser.adviser_profile.hin, consent=True)
    share = services.review_transition(adviser=adviser, share=share, to_status=ReviewStatus.IN_REVIEW)
    domains = framework_get(assessment.framework_version).domains
    ratings = (AdviserRating.PARTIALLY, AdviserRating.NO)
    services.review_save(
        adviser=adviser,
        share=share,
        areas={
            domain.key: {
                "comment": prose(longest(DomainReview, "comment") - 1),
                "rating": ratings[number % 2],
                "not_reviewed": False,
                "rationale": prose(longest(DomainReview, "rationale") - 1),
            }
            for number, domain in enumerate(domains)
        },
        recommendation=prose(longest(Share, "recommendation") - 1),
        maturity=MaturityJudgement.DEVELOPING,
    )
    return services.feedback_send(
        adviser=adviser,
        share=share,
        to_status=ReviewStatus.FEEDBACK_SENT,
        note=prose(longest(ReviewEvent, "note") - 1),
    )
