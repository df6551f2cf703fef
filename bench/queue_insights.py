"""Adviser queue and cohort insights pages with 10 and with 10,000 shared assessments (target: at most 1.5 times the time).

Runs on a throwaway SQLite database (a temporary file) with the test settings. Assessments are made
with bulk_create from results scored once per answer quality, not submitted one by one.
"""

import os
import statistics
import tempfile
import time
from pathlib import Path

SIZES = (10, 10_000)
RUNS = 7
TARGET_RATIO = 1.5
DOCS = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
SECTION = "## Adviser queue and insights"


def _django_setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innovator_portal.settings.test")
    import django

    django.setup()


def _shared_assessments(hin, count: int, start: int) -> None:
    """`count` submitted assessments shared with `hin`, spread over organisations, product types and qualities."""
    from django.utils import timezone

    from assessments.demo import demo_answers
    from assessments.framework import framework_current, framework_version_current
    from assessments.models import Assessment, ProductType
    from assessments.review.models import Share
    from assessments.scoring import score_assessment
    from innovator_portal.organisations.models import Organisation

    framework, version = framework_current(), framework_version_current()
    variants = []
    for quality in ("best", "middling", "worst"):
        scored = score_assessment(framework, demo_answers(framework, quality=quality, widest=True))
        weakest = min(scored.domains, key=lambda domain: domain.score).key
        variants.append((scored.to_dict(), scored.stage.key, weakest))
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Bench Company {start + n} Ltd", region="london") for n in range(max(1, count // 5))
    )
    product_types = list(ProductType.values)
    now = timezone.now()
    batch = 500
    for offset in range(0, count, batch):
        assessments = []
        for n in range(offset, min(count, offset + batch)):
            results, stage_key, weakest = variants[n % len(variants)]
            assessments.append(
                Assessment(
                    reference=f"IP-{start + n:06d}",
                    organisation=organisations[n % len(organisations)],
                    framework_version=version,
                    product_name=f"Product {start + n}",
                    product_description="A product for the benchmark.",
                    product_type=product_types[n % len(product_types)],
                    intended_users="Clinicians",
                    development_stage="pilot",
                    status=Assessment.Status.SUBMITTED,
                    submitted_at=now,
                    results=results,
                    stage_key=stage_key,
                    weakest_domain_key=weakest,
                )
            )
        Assessment.objects.bulk_create(assessments)
        Share.objects.bulk_create(Share(assessment=a, hin=hin, consent_version="2026-11") for a in assessments)
    # Sharing keeps the network's running totals; bulk creation skips that, so they are recomputed here.
    from assessments.review.rollup import rollups_rebuild

    rollups_rebuild(hin_id=hin.pk)


def _time(client, url: str) -> float:
    response = client.get(url)  # warm caches (framework, templates)
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def _urls() -> dict[str, str | None]:
    from django.urls import NoReverseMatch, reverse

    urls: dict[str, str | None] = {}
    for label, name in (("queue", "adviser_queue"), ("insights", "adviser_insights")):
        try:
            urls[label] = reverse(name)
        except NoReverseMatch:
            urls[label] = None
    return urls


def _docs_write(table: str) -> None:
    """Replace this benchmark's section of docs/performance.md (other sections are left as they are)."""
    text = DOCS.read_text() if DOCS.exists() else "# Performance\n"
    start = text.find(SECTION)
    if start == -1:
        before, after = text.rstrip("\n") + "\n\n", ""
    else:
        following = text.find("\n## ", start + len(SECTION))
        before, after = text[:start], ("" if following == -1 else text[following + 1 :])
    section = f"{SECTION}\n\n{table}\n"
    DOCS.write_text(before + section + ("\n" + after if after else ""))


def main() -> dict:
    _django_setup()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_databases, teardown_databases

    from bench.results import record
    from tests.factories import AdviserFactory, add_totp

    urls = _urls()
    with tempfile.TemporaryDirectory() as folder:
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(Path(folder) / "bench.sqlite3")
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        old_config = setup_databases(verbosity=0, interactive=False)
        try:
            from assessments.framework import framework_versions_sync

            framework_versions_sync()
            adviser = AdviserFactory.create()
            add_totp(adviser)
            hin = adviser.adviser_profile.hin
            client = Client()
            client.force_login(adviser)
            timings: dict[str, dict[int, float]] = {"queue": {}, "insights": {}}
            failed: dict[str, str] = {}
            made = 0
            for size in SIZES:
                _shared_assessments(hin, size - made, start=made)
                made = size
                for label, url in urls.items():
                    if url is None or label in failed:
                        continue
                    try:
                        timings[label][size] = _time(client, url)
                    except Exception as error:  # a page still being built: report it, time the others
                        failed[label] = f"{type(error).__name__}: {error}"
        finally:
            teardown_databases(old_config, verbosity=0)

    small, large = SIZES
    lines = [
        f"| page | {small:,} shared (s) | {large:,} shared (s) | ratio | target ≤ {TARGET_RATIO}x |",
        "|---|---|---|---|---|",
    ]
    figures = {}
    for label, url in urls.items():
        if url is None or label in failed:
            reason = "not built yet" if url is None else f"failed: {failed[label][:80]}"
            lines.append(f"| {label} | {reason} | | | |")
            continue
        few, many = timings[label][small], timings[label][large]
        ratio = many / few
        lines.append(
            f"| {label} (`{url}`) | {few:.4f} | {many:.4f} | {ratio:.2f}x | {'met' if ratio <= TARGET_RATIO else 'NOT met'} |"
        )
        figures[f"{label}_{small}_s"] = round(few, 4)
        figures[f"{label}_{large}_s"] = round(many, 4)
    table = "\n".join(lines)
    note = (
        f"Median of {RUNS} warm runs through django.test.Client as a signed-in adviser, SQLite (temporary file), "
        "test settings; `python -m bench.queue_insights`. The queue reads one page of 25 shares with their "
        "organisations; the insights page reads running totals per network, month and product type "
        "(CohortRollup, kept when an assessment is shared or withdrawn), so neither grows with the number of "
        "shares. The CSV export streams every share and so does grow with them, by design."
    )
    print(table)
    print(note)
    record(**figures)
    _docs_write(table + "\n\n" + note)
    return figures


if __name__ == "__main__":
    main()
