"""The version of the report's templates, kept apart from the renderer so that computing a report's cache
key never imports WeasyPrint.

Part of the cache key of stored reports: change it whenever templates/reports/ or static/reports/ change,
so that no one is served a report laid out by an older template.
"""

REPORT_TEMPLATE_VERSION = "2026-12-07.3"
