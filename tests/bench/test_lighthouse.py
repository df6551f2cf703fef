"""bench/lighthouse.py reads Lighthouse's JSON report: scores as integers, and what costs a category points."""

from bench.lighthouse import failures, production_environment, scores


def report(**audits):
    """A Lighthouse report cut down to what the bench reads."""
    refs = [{"id": key, "weight": weight} for key, (weight, _audit) in audits.items()]
    return {
        "categories": {
            "performance": {"score": 0.774, "auditRefs": []},
            "accessibility": {"score": 0.96, "auditRefs": refs},
            "best-practices": {"score": None, "auditRefs": []},
        },
        "audits": {key: audit for key, (_weight, audit) in audits.items()},
    }


def test_scores_are_whole_numbers_out_of_100_and_an_unscored_category_is_0():
    assert scores(report()) == {"performance": 77, "accessibility": 96, "best-practices": 0}


def test_failures_name_each_failing_audit_that_counts_and_where_it_fails():
    failing = {
        "id": "color-contrast",
        "title": "Background and foreground colors do not have a sufficient contrast ratio.",
        "score": 0,
        "details": {"items": [{"node": {"snippet": '<a class="app-link" href="/">'}}]},
    }
    passing = {"id": "document-title", "title": "Document has a title", "score": 1}
    unweighted = {"id": "tap-targets", "title": "Tap targets", "score": 0}
    not_applicable = {"id": "video-caption", "title": "Videos have captions", "score": None}

    lines = failures(
        report(
            **{
                "color-contrast": (7, failing),
                "document-title": (7, passing),
                "tap-targets": (0, unweighted),
                "video-caption": (10, not_applicable),
            }
        ),
        "accessibility",
    )

    assert lines == [
        "color-contrast (0.00): Background and foreground colors do not have a sufficient contrast ratio.\n"
        '      <a class="app-link" href="/">'
    ]


def test_the_server_runs_the_production_settings_on_a_throwaway_database(tmp_path):
    environment = production_environment(tmp_path)

    assert environment["DJANGO_SETTINGS_MODULE"] == "innovator_portal.settings.production"
    assert environment["DATABASE_URL"] == f"sqlite:///{tmp_path / 'lighthouse.sqlite3'}"
    assert len(environment["SECRET_KEY"]) >= 50
    assert environment["ALLOWED_HOSTS"] == "127.0.0.1"
