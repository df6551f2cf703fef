"""Reading framework files: YAML to validated Framework, with a content hash. No database here."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import yaml

from .errors import FrameworkInvalid
from .schema import Framework
from .validator import framework_validate

PROJECT_ROOT = Path(__file__).resolve().parents[2]
VERSIONS_DIR = Path(__file__).resolve().parent / "versions"
BOOL_TAG = "tag:yaml.org,2002:bool"


class _Loader(yaml.SafeLoader):
    """Safe YAML with YAML 1.2 booleans, refusing duplicate fields.

    YAML 1.1 reads yes/no/on/off as booleans, which would turn `answers: {yes: ..., no: ...}` and
    `equals: no` into true/false; only true/false are booleans here. PyYAML silently keeps the last
    of two equal fields; a duplicate is almost always a mistake, so it is reported with its line.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[int, object]] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)):
                continue  # unhashable keys are PyYAML's to refuse
            if key in seen:
                self.duplicates.append((key_node.start_mark.line + 1, key))
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


@dataclass(frozen=True)
class LoadedFramework:
    """A validated framework file: the objects, the JSON definition stored in the database, its hash."""

    framework: Framework
    definition: dict[str, object]
    content_hash: str
    label: str


def file_label(path: Path) -> str:
    """The file as named in messages: relative to the project when inside it."""
    resolved = Path(path).resolve()
    try:
        return str(resolved.relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def yaml_parse(*, text: str, label: str) -> object:
    """Parse YAML text; raise FrameworkInvalid naming the file and line on a syntax error or duplicate field."""
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = error.problem or error.context or "not valid YAML"
        raise FrameworkInvalid([f"{label}: {where}YAML syntax error: {problem}"]) from None
    except yaml.YAMLError as error:
        raise FrameworkInvalid([f"{label}: YAML syntax error: {error}"]) from None
    finally:
        loader.dispose()
    if loader.duplicates:
        raise FrameworkInvalid(
            [
                f"{label}: line {line}: duplicate field '{key}' (only one may be given)"
                for line, key in loader.duplicates
            ]
        )
    return data


def definition_jsonable(data: object) -> object:
    """The parsed content as JSON values (dates as ISO text), as stored in the database."""
    if isinstance(data, dict):
        return {str(key): definition_jsonable(value) for key, value in data.items()}
    if isinstance(data, list):
        return [definition_jsonable(value) for value in data]
    if isinstance(data, (datetime.date, datetime.datetime)):
        return data.isoformat()
    return data


def definition_hash(definition: object) -> str:
    """SHA-256 of the canonical JSON: the content, so comments and layout of the file do not count."""
    canonical = json.dumps(definition, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def framework_definition_parse(*, definition: object, label: str) -> Framework:
    """Validate parsed content (from a file or the database) and build the Framework; raise FrameworkInvalid."""
    framework, errors = framework_validate(data=definition, label=label)
    if framework is None:
        raise FrameworkInvalid(errors)
    return framework


def framework_file_read(*, path: Path | str, label: str | None = None) -> LoadedFramework:
    """Read and validate one framework file without touching the database; raise FrameworkInvalid."""
    path = Path(path)
    label = label or file_label(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise FrameworkInvalid([f"{label}: cannot be read: {error}"]) from None
    definition = definition_jsonable(yaml_parse(text=text, label=label))
    framework = framework_definition_parse(definition=definition, label=label)
    # Parsed YAML is dynamic; a file that validated is a mapping.
    mapping = cast("dict[str, object]", definition)
    return LoadedFramework(framework, mapping, definition_hash(mapping), label)


def framework_files() -> list[Path]:
    """The framework files in the repository, in name order."""
    return sorted(VERSIONS_DIR.glob("*.yaml"))


def version_sort_key(version: str) -> tuple[int, ...]:
    """Order versions by number: "1.10" comes after "1.9"."""
    return tuple(int(part) for part in version.split("."))


def framework_file_newest() -> LoadedFramework | None:
    """The repository's framework file with the highest version, read and validated (None when there is none)."""
    loaded = [framework_file_read(path=path) for path in framework_files()]
    return max(loaded, key=lambda item: version_sort_key(item.framework.version), default=None)
