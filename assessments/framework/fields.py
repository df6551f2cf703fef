"""Reading one item of a framework file field by field, reporting every problem with where it is."""

from __future__ import annotations

import datetime
import math
import re
from typing import Any, TypeGuard

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class Report:
    """Collects every error of one file, each naming the file, the item and what is wrong."""

    def __init__(self, label: str):
        self.label = label
        self.errors: list[str] = []

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{self.label}: {where}: {message}" if where else f"{self.label}: {message}")


def describe(value: object) -> str:
    """A value as it would be shown in an error message."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, (int, float)):
        return str(value) if abs(value) < 1e18 else "a number too large"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def is_number(value: object) -> TypeGuard[float]:
    """A finite int or float (YAML has no other numbers); true and false are not numbers."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


class Item:
    """One mapping in the file (a domain, a question, a choice...), read with type checks.

    Accessors never raise: a missing or wrong field is reported and a harmless default returned,
    and `ok` turns false so that the caller does not build an object from it.
    """

    def __init__(self, report: Report, raw: dict, path: str, allowed: set[str], *, key_field: str = "key"):
        self.report = report
        self.raw = raw
        self.ok = True
        key = raw.get(key_field)
        self.where = f"{path} '{key}'" if isinstance(key, str) and key else path
        for name in raw:
            if name not in allowed:
                self.fail(f"unknown field '{name}'")

    @classmethod
    def open(cls, report: Report, raw: object, path: str, allowed: set[str], *, key_field: str = "key") -> Item | None:
        """Return an Item for a mapping, or report that `raw` is not one."""
        if not isinstance(raw, dict):
            report.error(path, f"must be a mapping of fields, not {describe(raw)}")
            return None
        return cls(report, raw, path, allowed, key_field=key_field)

    def fail(self, message: str) -> None:
        self.ok = False
        self.report.error(self.where, message)

    def _get(self, name: str, required: bool) -> Any:
        value = self.raw.get(name)
        if value is None and required:
            self.fail(f"'{name}' is missing")
        return value

    def key(self, name: str = "key") -> str:
        value = self._get(name, True)
        if value is None:
            return ""
        if not isinstance(value, str) or not KEY_PATTERN.match(value):
            self.fail(f"'{name}' must be snake_case text (a-z, 0-9, _), not {describe(value)}")
            return ""
        return value

    def text(self, name: str, *, required: bool = True) -> str:
        value = self._get(name, required)
        if value is None:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(f"'{name}' must be text, not {describe(value)}")
            return ""
        return value.strip()

    def integer(self, name: str, low: int, high: int, *, required: bool = True, default: int = 0) -> int:
        value = self._get(name, required)
        if value is None:
            return default
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.fail(f"'{name}' must be a whole number from {low} to {high}, not {describe(value)}")
            return default
        return value

    def number(
        self, name: str, *, required: bool = False, low: float | None = None, high: float | None = None
    ) -> float | None:
        value = self._get(name, required)
        if value is None:
            return None
        in_range = is_number(value) and (low is None or value >= low) and (high is None or value <= high)
        if not in_range:
            bounds = f" from {low:g} to {high:g}" if low is not None and high is not None else ""
            self.fail(f"'{name}' must be a number{bounds}, not {describe(value)}")
            return None
        return float(value)

    def boolean(self, name: str, *, default: bool) -> bool:
        value = self.raw.get(name)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(f"'{name}' must be true or false, not {describe(value)}")
            return default
        return value

    def list(self, name: str, *, required: bool = True) -> list:
        value = self._get(name, required)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(f"'{name}' must be a list, not {describe(value)}")
            return []
        if required and not value:
            self.fail(f"'{name}' must not be empty")
        return value

    def mapping(self, name: str) -> dict:
        value = self.raw.get(name)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(f"'{name}' must be a mapping, not {describe(value)}")
            return {}
        return value

    def date(self, name: str) -> datetime.date | None:
        value = self._get(name, True)
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                pass
        if value is not None:
            self.fail(f"'{name}' must be a date (YYYY-MM-DD), not {describe(value)}")
        return None

    def https(self, name: str) -> str:
        """Read a link's URL: https only, so that nothing we send people to can be tampered with on the way."""
        url = self._get(name, True)
        if url is None:
            return ""
        if not isinstance(url, str) or not re.match(r"^https://[^\s/]+\.[^\s/]+(/\S*)?$", url):
            self.fail(f"link {describe(url)} is not an https:// address")
            return ""
        return url
