"""The PDF readiness report: HTML from the results presenter, rendered by WeasyPrint with a fetcher that
reads nothing but the project's own static files (render.py, fetcher.py)."""
