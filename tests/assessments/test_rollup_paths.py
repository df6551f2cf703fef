"""The cohort totals stay equal to the live shares on every path that removes a share."""

import pytest

from assessments.models import Assessment
from assessments.review import services
from assessments.review.insights import cohort_insights
from assessments.review.models import CohortRollup, Share
from assessments.review.rollup import rollups_rebuild
from innovator_portal.accounts import services as account_services
from innovator_portal.organisations.models import Organisation
from tests.factories import (
    FounderFactory,
    HealthInnovationNetworkFactory,
    MembershipFactory,
    assessment_submitted,
)

pytestmark = pytest.mark.django_db


def _totals() -> dict:
    """Every network's totals as stored, without the rows and keys that have come down to nothing."""

    def clean(value):
        if isinstance(value, dict):
            return {key: clean(inner) for key, inner in value.items() if clean(inner) not in ({}, 0)}
        return value

    return {
        (row.hin_id, row.month, row.product_type): clean(
            {"count": row.count, "stages": row.stages, "barriers": row.barrier_levels, "domains": row.domain_scores}
        )
        for row in CohortRollup.objects.all()
        if row.count
    }


def assert_totals_match_live_shares() -> None:
    kept = _totals()
    live = Share.objects.active().filter(assessment__status="submitted")
    assert sum(key["count"] for key in kept.values()) == live.count()
    rollups_rebuild()  # recomputed from the shares themselves
    assert _totals() == kept


@pytest.fixture
def hin():
    return HealthInnovationNetworkFactory(slug="south-london")


@pytest.fixture
def sole_founder():
    return FounderFactory()


@pytest.fixture
def shares(hin, sole_founder):
    """Two companies' shares with one network, and one with another network: one of a sole founder's
    company, one of a company with two founders."""
    own = MembershipFactory(user=sole_founder).organisation
    team = MembershipFactory().organisation
    MembershipFactory(organisation=team, user=sole_founder)
    made = {
        "own": services.share_create(
            founder=sole_founder,
            assessment=assessment_submitted(organisation=own, quality="worst"),
            hin=hin,
            consent=True,
        ),
        "team": services.share_create(
            founder=sole_founder,
            assessment=assessment_submitted(organisation=team, quality="best"),
            hin=hin,
            consent=True,
        ),
        "other_network": services.share_create(
            founder=sole_founder,
            assessment=assessment_submitted(organisation=own, quality="middling"),
            hin=HealthInnovationNetworkFactory(slug="wessex"),
            consent=True,
        ),
    }
    assert cohort_insights(hin_id=hin.pk).count == 2
    assert_totals_match_live_shares()
    return made


def test_deleting_an_account_takes_its_companys_shares_out_of_the_totals(shares, sole_founder, hin):
    account_services.account_delete(user=sole_founder)
    assert not Share.objects.filter(pk=shares["own"].pk).exists()
    assert Share.objects.filter(pk=shares["team"].pk).exists()  # the colleague's company keeps its share
    assert cohort_insights(hin_id=hin.pk).count == 1
    assert_totals_match_live_shares()


def test_deleting_an_organisation_takes_its_shares_out_of_the_totals(shares, hin):
    shares["team"].assessment.organisation.delete()
    assert cohort_insights(hin_id=hin.pk).count == 1
    assert_totals_match_live_shares()


def test_deleting_several_organisations_at_once_takes_all_their_shares_out(shares, hin):
    Organisation.objects.filter(pk__in=[s.assessment.organisation_id for s in shares.values()]).delete()
    assert cohort_insights(hin_id=hin.pk).count == 0
    assert_totals_match_live_shares()


def test_deleting_a_shared_assessment_takes_its_share_out_of_the_totals(shares, hin):
    Assessment.objects.get(pk=shares["own"].assessment_id).delete()
    assert cohort_insights(hin_id=hin.pk).count == 1
    assert_totals_match_live_shares()


def test_withdrawing_a_share_takes_it_out_and_deleting_it_afterwards_does_not_take_it_out_twice(
    shares, sole_founder, hin
):
    services.share_withdraw(founder=sole_founder, share=shares["own"])
    assert cohort_insights(hin_id=hin.pk).count == 1
    assert_totals_match_live_shares()
    Share.objects.filter(pk=shares["own"].pk).delete()
    assert cohort_insights(hin_id=hin.pk).count == 1
    assert_totals_match_live_shares()


def test_deleting_shares_directly_takes_them_out_of_the_totals(shares, hin):
    Share.objects.filter(hin=hin).delete()
    assert cohort_insights(hin_id=hin.pk).count == 0
    assert_totals_match_live_shares()
