"""Action plan length over varied generated assessments, on every framework file in the repository.

`python -m bench.plan_length`: for each version, the median and largest number of steps in the plans of
the same number of complete assessments answered at random (seeded, so the figures repeat): each assessment
has its own strength, the chance that a scored question gets its best answer rather than any answer, so the
set runs from weak to strong companies; classification answers (product type, device, data) are random.
Pure: the files are read through the loader, without Django or a database.
"""

import random
import statistics

from assessments.framework.loader import framework_file_read, framework_files
from assessments.framework.options import options_best, question_options
from assessments.framework.schema import Framework
from assessments.scoring import score_assessment, visible_questions

ASSESSMENTS = 500
SEED = 13


def answers_random(framework: Framework, rng: random.Random) -> dict:
    """Every question that is shown answered: a random option for choice and number questions, or (for a
    scored one, with this assessment's strength as the chance) one of its best options."""
    strength = rng.random()
    answers: dict = {}
    for question in framework.questions:
        if question.key not in visible_questions(framework, answers):
            continue
        options = question_options(question)
        if options:
            if question.scored and rng.random() < strength:
                options = options_best(options)
            value = rng.choice(options).value
            answers[question.key] = list(value) if isinstance(value, tuple) else value
        elif question.type == "date":
            answers[question.key] = "2027-06-30"
        elif question.type == "link":
            answers[question.key] = "https://example.org/evidence"
        else:
            answers[question.key] = "Our own words about this."
    return answers


def plan_lengths(framework: Framework, *, count: int = ASSESSMENTS, seed: int = SEED) -> list[int]:
    """The number of actions in the plans of `count` random complete assessments."""
    rng = random.Random(seed)
    return [len(score_assessment(framework, answers_random(framework, rng)).actions) for _ in range(count)]


def main() -> dict[str, tuple[float, int]]:
    figures = {}
    for path in framework_files():
        framework = framework_file_read(path=path).framework
        lengths = plan_lengths(framework)
        figures[framework.version] = (statistics.median(lengths), max(lengths))
        print(
            f"framework {framework.version}: plan length median {statistics.median(lengths):g}, "
            f"max {max(lengths)} ({len(lengths)} random complete assessments, seed {SEED})"
        )
    return figures


if __name__ == "__main__":
    main()
