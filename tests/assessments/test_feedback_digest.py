"""The adviser's feedback shortened for the report's core: each text whole up to its limit, otherwise cut at a
word with "…", and the report then points to the feedback in full in an appendix."""

import pytest

from assessments.presenters.feedback import (
    COMMENT_EXCERPT_CHARS,
    REASON_EXCERPT_CHARS,
    RECOMMENDATION_EXCERPT_CHARS,
    DomainComment,
    Excerpt,
    Feedback,
    excerpt,
    feedback_digest_present,
)
from tests.factories import prose


def feedback(*, recommendation="Write the safety case.", rationale="No DCB0129 safety case.", comment="Start now."):
    return Feedback(
        hin_name="Health Innovation South London",
        adviser_name="Priya Adeyemi",
        status_label="Feedback sent",
        recommendation=recommendation,
        domain_comments=(
            DomainComment("Regulatory", comment=comment, rating_label="No", rationale=rationale),
            DomainComment("Procurement", rating_label="Yes"),
        ),
    )


def test_a_text_up_to_its_limit_is_kept_whole():
    assert excerpt("  One small pilot, no comparator.  ", 32) == Excerpt("One small pilot, no comparator.")
    assert excerpt("", 10) == Excerpt("")


def test_a_longer_text_is_cut_at_a_word_with_an_ellipsis():
    shortened = excerpt("One small pilot, no comparator, and no independent evaluation yet.", 30)

    assert shortened == Excerpt("One small pilot, no comparator…", shortened=True)
    assert len(shortened.text) <= 31


def test_a_long_word_is_cut_at_the_limit():
    assert excerpt("x" * 50, 10) == Excerpt("x" * 10 + "…", shortened=True)


def test_short_feedback_is_not_shortened():
    digest = feedback_digest_present(feedback())

    assert not digest.shortened
    assert digest.recommendation.text == "Write the safety case."
    assert [(area.rationale.text, area.comment.text) for area in digest.areas] == [
        ("No DCB0129 safety case.", "Start now."),
        ("", ""),
    ]


@pytest.mark.parametrize(
    "long_field",
    [
        {"recommendation": prose(RECOMMENDATION_EXCERPT_CHARS + 50)},
        {"rationale": prose(REASON_EXCERPT_CHARS + 50)},
        {"comment": prose(COMMENT_EXCERPT_CHARS + 50)},
    ],
)
def test_feedback_with_any_text_over_its_limit_is_shortened(long_field):
    digest = feedback_digest_present(feedback(**long_field))

    assert digest.shortened
    texts = [digest.recommendation.text, digest.areas[0].rationale.text, digest.areas[0].comment.text]
    assert any(text.endswith("…") for text in texts)
    assert all(len(text) <= RECOMMENDATION_EXCERPT_CHARS + 1 for text in texts)
