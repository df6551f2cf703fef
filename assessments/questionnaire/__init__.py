"""The founder's questionnaire: section forms built from the framework.

- `conditions`: which of a section's questions apply, and how a condition is shown (reduced to the
  section for the page's script, or in words without it).
- `form`: `SectionForm`, one field per question, and how a cleaned value is stored.
- `cache`: the process-wide caches of blank section markup, and `caches_clear()` to reset them.

The server decides: a question whose condition depends only on other sections' saved answers is shown
or left out; one that depends on an answer in the same section is rendered with its condition reduced
to that section (`data-show-if`), so the page's script can reveal it as soon as the trigger changes,
and without JavaScript it is shown with a hint saying when to answer it. When a section is saved, the
answers decide again: what a hidden question was sent is ignored and its stored answer kept (ADR 0008).
"""
