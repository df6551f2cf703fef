"""Process-wide caches of blank section markup (SectionForm.questions_render), and their one reset.

Rendering a field through the template pack costs about a millisecond and a section has up to twenty;
most answers are one of a few choices, so most sections and fields are found here. Keys hold the
framework's content hash, so a new framework version never meets another's markup.
"""

from __future__ import annotations


class BoundedCache:
    """A dict that forgets its oldest entries beyond `size` (per process; safe for threads under the GIL)."""

    def __init__(self, size: int):
        self.size = size
        self.entries: dict = {}

    def get(self, key):
        """The markup stored under `key`, or None."""
        return self.entries.get(key)

    def put(self, key, value):
        """Store `value` under `key`, forgetting the oldest entries to make room; returns `value`."""
        while len(self.entries) >= self.size:
            try:
                del self.entries[next(iter(self.entries))]
            except (KeyError, StopIteration, RuntimeError):  # another thread got there first
                break
        self.entries[key] = value
        return value

    def clear(self):
        """Forget every entry (see caches_clear for both caches at once)."""
        self.entries.clear()


# Sections are tens of kilobytes, fields a few: at the sizes below, under 40 MB a process.
QUESTIONS_HTML = BoundedCache(500)
FIELD_HTML = BoundedCache(4000)


def caches_clear() -> None:
    """Forget every cached section and field markup in this process. The one reset: tests that must see a
    section rendered afresh call it, since the caches otherwise outlive a test."""
    QUESTIONS_HTML.clear()
    FIELD_HTML.clear()
