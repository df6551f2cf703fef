"""Services: syncing framework files into the database."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from assessments.models import FrameworkVersion

from .errors import FrameworkImmutable, FrameworkInvalid
from .loader import LoadedFramework, framework_file_read, framework_files


@dataclass(frozen=True)
class SyncResult:
    version: str
    label: str
    created: bool  # false: already loaded with the same content


def framework_versions_sync(*, paths: Sequence[Path | str] | None = None) -> list[SyncResult]:
    """Validate framework files (default: every file in versions/) and store the versions not yet loaded.

    All or nothing: raises FrameworkInvalid when any file is bad and FrameworkImmutable when a loaded
    version's content changed, and then stores nothing. Loading the same files again changes nothing.
    """
    files = list(paths) if paths is not None else framework_files()
    loaded: list[LoadedFramework] = []
    errors: list[str] = []
    for path in files:
        try:
            loaded.append(framework_file_read(path=path))
        except FrameworkInvalid as error:
            errors.extend(error.messages)
    first_label: dict[str, str] = {}
    for item in loaded:
        version = item.framework.version
        if version in first_label:
            errors.append(f"{item.label}: version {version} is also defined in {first_label[version]}")
        first_label.setdefault(version, item.label)
    if errors:
        raise FrameworkInvalid(errors)
    with transaction.atomic():
        stored = {
            row.version: row
            for row in FrameworkVersion.objects.select_for_update().filter(version__in=list(first_label))
        }
        changed = [
            f"{item.label}: version {item.framework.version} is already loaded with different content, and a "
            "published version never changes: give the changed file a new version number"
            for item in loaded
            if item.framework.version in stored and stored[item.framework.version].content_hash != item.content_hash
        ]
        if changed:
            raise FrameworkImmutable(changed)
        results = []
        for item in loaded:
            framework = item.framework
            created = framework.version not in stored
            if created:
                FrameworkVersion.objects.create(
                    version=framework.version,
                    title=framework.title,
                    published=framework.published,
                    content_hash=item.content_hash,
                    definition=item.definition,
                )
            results.append(SyncResult(framework.version, item.label, created))
    return results
