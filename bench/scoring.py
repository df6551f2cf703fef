"""Scoring speed: median time to score a complete, realistic assessment on the current framework (target < 1 ms).

Scoring is pure, so the framework file is read through the loader without Django or a database.
"""

import statistics
import time

from assessments.demo import demo_answers
from assessments.framework.loader import PROJECT_ROOT, framework_file_newest, framework_file_read
from assessments.framework.schema import Framework
from assessments.scoring import score_assessment, visible_questions
from bench.results import record

RUNS = 2000
WARM_UP = 200
TARGET_MS = 1.0
FALLBACK = PROJECT_ROOT / "tests" / "assessments" / "frameworks" / "small.yaml"


def answers_realistic(framework: Framework) -> dict:
    """Every question answered with a middling answer; classification questions answered so that every
    question a founder can be asked is shown and scored."""
    return demo_answers(framework, quality="middling")


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
