"""The source articles the barrier catalogue cites (sources.yaml): read once, validated, shared by every version.

Pure: no Django, so the validator, scoring and the benchmark can read them.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from types import MappingProxyType

from .errors import FrameworkInvalid
from .fields import Item, Report, describe
from .schema import Source

SOURCES_FILE = Path(__file__).resolve().parent / "sources.yaml"
SOURCE_KEY_PATTERN = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$"
FIELDS = {"key", "cite_as", "author", "title", "title_supplied", "outlet", "year", "url", "note"}


def sources_validate(*, data: object, label: str) -> tuple[tuple[Source, ...], list[str]]:
    """Check the parsed sources file; return (sources, []) when valid, else ((), every error message)."""
    report = Report(label)
    if not isinstance(data, dict) or set(data) != {"sources"}:
        report.error("", f"the file must be a mapping with one field, sources, not {describe(data)}")
        return (), report.errors
    top = Item(report, data, "", {"sources"})
    sources: list[Source] = []
    seen: set[str] = set()
    for index, raw in enumerate(top.list("sources")):
        item = Item.open(report, raw, f"sources[{index}]", FIELDS)
        if item is None:
            continue
        key = item.raw.get("key")
        if not isinstance(key, str) or not re.match(SOURCE_KEY_PATTERN, key):
            item.fail(f"'key' must be upper-case words joined by hyphens, like HTA-LANSMAN, not {describe(key)}")
            key = ""
        elif key in seen:
            item.fail(f"duplicate source key '{key}'")
        seen.add(key)
        cite_as, author, title = item.text("cite_as"), item.text("author"), item.text("title")
        outlet, note = item.text("outlet", required=False), item.text("note", required=False)
        year = item.integer("year", 1900, 2100, required=False, default=0) or None
        url = item.https("url") if item.raw.get("url") is not None else ""
        supplied = item.boolean("title_supplied", default=False)
        if key and key in " ".join((cite_as, author, title, outlet, note)):
            item.fail(f"the key '{key}' is for the framework files only; it must not appear in what readers see")
        if item.ok:
            sources.append(Source(key, cite_as, author, title, supplied, outlet, year, url, note))
    if report.errors:
        return (), report.errors
    return tuple(sources), []


@functools.cache
def sources_read(path: Path = SOURCES_FILE) -> tuple[Source, ...]:
    """The sources, validated; raise FrameworkInvalid naming the file, the source and what is wrong."""
    from .loader import file_label, yaml_parse

    label = file_label(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise FrameworkInvalid([f"{label}: cannot be read: {error}"]) from None
    sources, errors = sources_validate(data=yaml_parse(text=text, label=label), label=label)
    if errors:
        raise FrameworkInvalid(errors)
    return sources


def source_by_key() -> MappingProxyType[str, Source]:
    """The sources by key."""
    return MappingProxyType({source.key: source for source in sources_read()})
