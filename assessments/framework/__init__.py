"""The assessment framework: versioned YAML files (versions/), validated, synced and parsed.

Pure (no database): `framework_file_read`, `framework_validate`, the objects in `schema`.
Database: `framework_versions_sync` (service), `framework_get` / `framework_current` (selectors),
imported lazily so that scoring and the benchmark can use this package without Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import FrameworkError, FrameworkImmutable, FrameworkInvalid
from .loader import LoadedFramework, framework_definition_parse, framework_file_read, framework_files
from .schema import Framework
from .validator import framework_validate

if TYPE_CHECKING:
    from assessments.models import FrameworkVersion

    from .sync import SyncResult


def framework_get(version: str | FrameworkVersion) -> Framework:
    """The parsed, immutable Framework of a loaded version (version string or FrameworkVersion row)."""
    from .store import framework_get as get

    return get(version)


def framework_current() -> Framework:
    """The parsed, immutable Framework of the newest loaded version."""
    from .store import framework_current as current

    return current()


def framework_version_current() -> FrameworkVersion:
    """The FrameworkVersion row of the newest loaded version (to pin an assessment to)."""
    from .store import framework_version_current as current

    return current()


def framework_versions_sync(*, paths: Sequence[Path | str] | None = None) -> list[SyncResult]:
    """Validate framework files and store the versions not yet loaded (see sync.py)."""
    from .sync import framework_versions_sync as sync

    return sync(paths=paths)


__all__ = [
    "Framework",
    "FrameworkError",
    "FrameworkImmutable",
    "FrameworkInvalid",
    "LoadedFramework",
    "framework_current",
    "framework_definition_parse",
    "framework_file_read",
    "framework_files",
    "framework_get",
    "framework_validate",
    "framework_version_current",
    "framework_versions_sync",
]
