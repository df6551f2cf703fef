"""State shared while one framework file is validated."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

from .fields import Item, Report
from .schema import LEVELS, Link, Question, Reveals, Source


@dataclass
class Context:
    report: Report
    barrier_keys: set[str] = field(default_factory=set)
    action_keys: set[str] = field(default_factory=set)
    stage_keys: list[str] = field(default_factory=list)
    # Every question key in file order (first occurrence), known before questions are read,
    # so that a condition can tell "later in the file" from "not in the file".
    question_order: dict[str, int] = field(default_factory=dict)
    position: int = 0  # place in the file of the question being read
    questions: dict[str, Question] = field(default_factory=dict)  # read without error so far
    keys_seen: dict[str, str] = field(default_factory=dict)  # key -> where it was first used
    sources: dict[str, Source] = field(default_factory=dict)  # the sources a citation may name
    citation_words_required: bool = True  # every citation needs a quotation or a paraphrase
    effort_required: bool = True  # every action says how much work it typically takes

    def key_register(self, item: Item, key: str) -> None:
        """Keys are unique across domains, questions, barriers, gates and actions, so a key names one thing."""
        if not key:
            return
        if key in self.keys_seen:
            item.fail(f"duplicate key '{key}': already used by {self.keys_seen[key]}")
        else:
            self.keys_seen[key] = item.where

    def links_read(self, item: Item, name: str, *, required: bool = False) -> tuple[Link, ...]:
        links = []
        for index, raw in enumerate(item.list(name, required=required)):
            link = Item.open(self.report, raw, f"{item.where}: {name}[{index}]", {"title", "url"})
            if link is None:
                item.ok = False
                continue
            title, url = link.text("title"), link.https("url")
            item.ok &= link.ok
            links.append(Link(title=title, url=url))
        return tuple(links)

    def actions_read(self, item: Item) -> tuple[str, ...]:
        keys = []
        for value in item.list("actions"):
            if not isinstance(value, str):
                item.fail(f"'actions' must list action keys, not {describe_short(value)}")
            elif value not in self.action_keys:
                item.fail(f"unknown action '{value}'")
            else:
                keys.append(value)
        return tuple(keys)

    def reveals_read(self, item: Item, name: str = "reveals") -> Reveals:
        revealed = {}
        for barrier, level in item.mapping(name).items():
            if barrier not in self.barrier_keys:
                item.fail(f"{name} unknown barrier '{barrier}'")
            elif level not in LEVELS:
                item.fail(f"{name} '{barrier}' as {describe_short(level)}: the level must be high, medium or low")
            else:
                revealed[barrier] = level
        return MappingProxyType(revealed)


def describe_short(value: object) -> str:
    return f"'{value}'" if isinstance(value, str) else repr(value)
