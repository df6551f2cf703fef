"""Scoring speed: median time to score a complete, realistic assessment on the current framework (target < 1 ms).

Scoring is pure, so the framework file is read through the loader without Django or a database.
"""

import statistics
import time

from assessments.framework.loader import PROJECT_ROOT, framework_file_newest, framework_file_read
from assessments.framework.options import question_options
from assessments.framework.schema import Framework
from assessments.scoring import score_assessment, visible_questions
from bench.results import record

RUNS = 2000
WARM_UP = 200
TARGET_MS = 1.0
FALLBACK = PROJECT_ROOT / "tests" / "assessments" / "frameworks" / "small.yaml"


def answers_realistic(framework: Framework) -> dict:
    """Every question answered with a middling answer; each classification question with the answer that
    shows the most questions, so that every question a founder can be asked is scored."""
    answers: dict = {}
    for question in framework.questions:
        options = question_options(question)
        if options and not question.scored:
            answers[question.key] = max(
                (option.value for option in options),
                key=lambda value: len(visible_questions(framework, {**answers, question.key: value})),
            )
        elif options:
            ranked = sorted(options, key=lambda option: option.points)
            value = ranked[len(ranked) // 2].value
            answers[question.key] = list(value) if isinstance(value, tuple) else value
        elif question.type == "date":
            answers[question.key] = "2025-06-01"
        elif question.type == "link":
            answers[question.key] = "https://example.org/product"
        else:
            answers[question.key] = "A realistic paragraph of text written by a founder. " * 3
    return answers


def main() -> float:
    newest = framework_file_newest()
    if newest is None:
        print(f"No framework file in assessments/framework/versions/: benchmarking {FALLBACK.name} instead.")
    framework = (newest or framework_file_read(path=FALLBACK)).framework
    answers = answers_realistic(framework)
    for _ in range(WARM_UP):
        score_assessment(framework, answers)
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        score_assessment(framework, answers)
        timings.append(time.perf_counter() - start)
    median_ms = round(statistics.median(timings) * 1000, 4)
    verdict = "within" if median_ms < TARGET_MS else "OVER"
    print(
        f"score_assessment_ms: {median_ms} (median of {RUNS} warm runs, framework {framework.version}, "
        f"{len(answers)} answers, {len(visible_questions(framework, answers))} questions shown; "
        f"{verdict} the {TARGET_MS} ms target)"
    )
    record(score_assessment_ms=median_ms)
    return median_ms


if __name__ == "__main__":
    main()
