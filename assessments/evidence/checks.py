"""`manage.py check --deploy`: evidence files are scanned for malware in production."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def malware_scan_configured(app_configs=None, **kwargs):
    if settings.CLAMD_SOCKET:
        return []
    return [
        checks.Warning(
            "Evidence files are not scanned for malware.",
            hint="Set CLAMD_SOCKET to the ClamAV daemon's socket (a path, or host:port); docs/operations.md, "
            "'Evidence files'.",
            id="assessments.W001",
        )
    ]
