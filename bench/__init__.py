"""Benchmarks: `python -m bench` runs them all; each records its figures in bench/results.json."""
