"""Recording benchmark figures in bench/results.json (not committed: figures depend on the machine)."""

import json
from pathlib import Path

RESULTS_PATH = Path(__file__).resolve().parent / "results.json"


def record(**figures: float) -> dict:
    """Merge figures into bench/results.json, creating it; returns everything recorded so far."""
    results = json.loads(RESULTS_PATH.read_text()) if RESULTS_PATH.exists() else {}
    results.update(figures)
    RESULTS_PATH.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    return results
