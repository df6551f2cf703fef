"""Selectors: the framework versions in the database, parsed once per process."""

from __future__ import annotations

from assessments.models import FrameworkVersion

from .loader import framework_definition_parse, version_sort_key
from .schema import Framework

# Keyed by content hash, not version: a version's content never changes, and tests that load
# different content under one version number can never be served a stale framework.
_cache: dict[str, Framework] = {}


def framework_get(version: str | FrameworkVersion) -> Framework:
    """The parsed, immutable framework of a loaded version (a version string or a FrameworkVersion row).

    Raises FrameworkVersion.DoesNotExist for a version that was never loaded.
    """
    row = version if isinstance(version, FrameworkVersion) else None
    if row is None:
        row = FrameworkVersion.objects.only("version", "content_hash").get(version=version)
    cached = _cache.get(row.content_hash)
    if cached is not None:
        return cached
    definition = FrameworkVersion.objects.values_list("definition", flat=True).get(pk=row.pk)
    framework = framework_definition_parse(definition=definition, label=f"framework version {row.version} (database)")
    _cache[row.content_hash] = framework  # a lost race only parses the same content twice
    return framework


def framework_version_current() -> FrameworkVersion:
    """The newest loaded version (highest version number): the one new assessments are taken on."""
    rows = list(FrameworkVersion.objects.only("version", "content_hash"))
    if not rows:
        raise FrameworkVersion.DoesNotExist("No framework version is loaded: run `manage.py framework load`.")
    return max(rows, key=lambda row: version_sort_key(row.version))


def framework_current() -> Framework:
    """The parsed framework of the newest loaded version."""
    return framework_get(framework_version_current())
