"""Assessments taken on framework 1.0 keep their results: 1.0's scoring is pinned by recorded results."""

import json
from pathlib import Path

import pytest

from assessments.framework.schema import DONT_KNOW
from assessments.results import Results
from assessments.scoring import score_assessment
from tests.assessments.frameworks import REAL_PATH, framework_at

GOLDEN = json.loads((Path(__file__).parent / "golden" / "framework_1_0.json").read_text())


@pytest.mark.parametrize("quality", sorted(GOLDEN))
def test_a_1_0_assessment_scores_as_it_was_recorded(quality):
    recorded = GOLDEN[quality]
    results = score_assessment(framework_at(REAL_PATH), recorded["answers"])
    assert json.loads(json.dumps(results.to_dict())) == recorded["results"]
    assert Results.from_dict(recorded["results"]) == results


def test_1_0_number_questions_offer_no_dont_know_and_ignore_it():
    framework = framework_at(REAL_PATH)
    answers = GOLDEN["middling"]["answers"]
    numbers = [question for question in framework.questions if question.type == "number"]
    assert numbers
    assert not any(question.allow_dont_know for question in numbers)
    with_dont_know = answers | {question.key: DONT_KNOW for question in numbers}
    without = {key: value for key, value in answers.items() if key not in {q.key for q in numbers}}
    assert score_assessment(framework, with_dont_know) == score_assessment(framework, without)
