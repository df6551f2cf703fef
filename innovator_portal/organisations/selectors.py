from django.db.models import Count, Prefetch

from .models import Invitation, Membership, Organisation


def organisations_for_founder(*, user):
    """The founder's organisations, with how many members each has."""
    # Counted over a separate subquery: annotating after visible_to() would count only the joined row that
    # matched the user, so every organisation would seem to have one member.
    return (
        Organisation.objects.filter(pk__in=Organisation.objects.visible_to(user).values("pk"))
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name")
    )


def organisation_members(*, organisation):
    """The members of an organisation, oldest first."""
    return Membership.objects.filter(organisation=organisation).select_related("user").order_by("joined_at")


def organisation_invitations_pending(*, organisation):
    """The organisation's invitations that can still be accepted, newest first."""
    return (
        Invitation.objects.pending()
        .filter(organisation=organisation)
        .select_related("invited_by")
        .order_by("-created_at")
    )


def invitation_by_token(*, token: str):
    """The invitation a link's token names, or None. The token is the secret: whoever holds it may open it."""
    return Invitation.objects.select_related("organisation").filter(token=token).first()


def organisations_export(*, user) -> list[dict]:
    """Everything stored about the user's organisations, as plain data for "Download your data": details,
    members, invitations and every assessment with its answers (and results once submitted), its shares,
    the feedback sent back, and the audit entries about it.
    A fixed number of queries, however many organisations, assessments or answers there are."""
    # Imported here: the assessments domain builds on organisations, so organisations does not import it
    # when it loads.
    from assessments.models import Answer, Evidence
    from assessments.review.selectors import review_export, review_export_prefetches
    from assessments.selectors import assessments_for_founder

    organisations = list(
        Organisation.objects.visible_to(user)
        .order_by("name")
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("user").order_by("joined_at")),
            Prefetch("invitations", queryset=Invitation.objects.select_related("invited_by").order_by("created_at")),
        )
    )
    # The results are exported too: read with the rows (the founder's selector leaves them out), not one by one.
    assessments = assessments_for_founder(user=user).defer(None).defer("framework_version__definition")
    assessments = assessments.prefetch_related(
        Prefetch("answers", queryset=Answer.objects.order_by("question_key")),
        Prefetch("evidence", queryset=Evidence.objects.order_by("item_key")),
        *review_export_prefetches(),
    )
    by_pk = {organisation.pk: organisation for organisation in organisations}
    by_organisation: dict[int, list] = {}
    for assessment in assessments:
        organisation = by_pk[assessment.organisation_id]
        review = review_export(
            assessment=assessment,
            organisation_name=organisation.name,
            user=user,
            colleague_ids={m.user_id for m in organisation.memberships.all()},
        )
        by_organisation.setdefault(assessment.organisation_id, []).append({**_assessment_export(assessment), **review})
    return [
        {
            "name": organisation.name,
            "companies_house_number": organisation.companies_house_number,
            "region": organisation.get_region_display(),
            "created_at": organisation.created_at,
            "updated_at": organisation.updated_at,
            "members": [
                {"name": m.user.full_name, "email": m.user.email, "joined_at": m.joined_at}
                for m in organisation.memberships.all()
            ],
            "invitations": [
                {
                    "email": invitation.email,
                    "invited_by": invitation.invited_by.email if invitation.invited_by else None,
                    "created_at": invitation.created_at,
                    "expires_at": invitation.expires_at,
                    "accepted_at": invitation.accepted_at,
                }
                for invitation in organisation.invitations.all()
            ],
            "assessments": by_organisation.get(organisation.pk, []),
        }
        for organisation in organisations
    ]


def _assessment_export(assessment) -> dict:
    return {
        "reference": assessment.reference,
        "product": {
            "name": assessment.product_name,
            "description": assessment.product_description,
            "type": assessment.product_type,
            "intended_users": assessment.intended_users,
            "care_settings": assessment.care_settings,
            "target_buyers": assessment.target_buyers,
            "development_stage": assessment.development_stage,
        },
        "status": assessment.status,
        "framework_version": assessment.framework_version.version,
        "created_at": assessment.created_at,
        "updated_at": assessment.updated_at,
        "submitted_at": assessment.submitted_at,
        "answers": {answer.question_key: answer.value for answer in assessment.answers.all()},
        "results": assessment.results if assessment.is_submitted else None,
        # The files themselves are in "Download your documents" (a ZIP), at `file_in_documents_download`.
        "evidence": [
            {
                "item": document.item_key,
                "file_name": document.file_name or None,
                "file_in_documents_download": evidence_archive_name(document) if document.file else None,
                "content_type": document.content_type or None,
                "size": document.size if document.file else None,
                "sha256": document.sha256 or None,
                "link": document.link or None,
                "issued_on": document.issued_on,
                "expires_on": document.expires_on,
                "added_at": document.added_at,
            }
            for document in assessment.evidence.all()
        ],
    }


def evidence_archive_name(document) -> str:
    """Where an evidence file sits in the documents download: a folder per assessment, the item then its name."""
    return f"{document.assessment.reference}/{document.item_key}-{document.file_name or 'document'}"


def evidence_documents_for_founder(*, user):
    """Every evidence file of the user's organisations' assessments (for "Download your documents")."""
    from assessments.models import Evidence

    return (
        Evidence.objects.filter(assessment__organisation__memberships__user=user)
        .exclude(file="")
        .select_related("assessment")
        .order_by("assessment__reference", "item_key")
    )
