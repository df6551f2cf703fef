"""The stylesheet is built from only the NHS.UK components and classes our pages use (static/scss/main.scss
and bin/build-assets.mjs): every NHS.UK class that a template, a view or a script names must still be styled."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STYLESHEET = ROOT / "static" / "build" / "css" / "main.css"
SOURCES = {
    "templates": ("*.html", "*.txt"),
    "assessments": ("*.py",),
    "innovator_portal": ("*.py",),
    "static/js": ("*.js",),
}
CLASS = re.compile(r"(?<![\w/-])(nhsuk-[a-z0-9]+(?:[-_]{1,2}[a-z0-9]+)*)(?![\w{/.-])")
# Names that look like classes but are not styled by design: the frontend's own file names, hooks for its
# scripts, and component wrappers whose children carry the styles.
UNSTYLED = {
    "nhsuk-frontend",
    "nhsuk-icon-180",
    "nhsuk-js-character-count",
    "nhsuk-js-password-input-toggle",
    "nhsuk-contents-list",
    "nhsuk-password-input",
    "nhsuk-icon--arrow-left",
    "nhsuk-icon--arrow-right",
    "nhsuk-icon--tick",  # coloured only inside a do and don't list
    "nhsuk-header__account-form",  # markup hooks the frontend's header and back link leave unstyled
    "nhsuk-back-link__link",
}


def classes_named() -> dict[str, str]:
    """Each NHS.UK class named in the code, with one file that names it."""
    found: dict[str, str] = {}
    for folder, patterns in SOURCES.items():
        for pattern in patterns:
            for path in (ROOT / folder).rglob(pattern):
                if "migrations" in path.parts:
                    continue
                for name in CLASS.findall(path.read_text(errors="ignore")):
                    found.setdefault(name, str(path.relative_to(ROOT)))
    return found


def test_every_nhsuk_class_the_code_names_is_styled():
    assert STYLESHEET.exists(), "Build the front-end assets first (make install)"
    styled = set(re.findall(r"\.(nhsuk-[A-Za-z0-9_-]+)", STYLESHEET.read_text()))
    missing = {name: path for name, path in classes_named().items() if name not in styled and name not in UNSTYLED}
    assert not missing, (
        "These NHS.UK classes are named but not in the built stylesheet: add their component to "
        f"static/scss/main.scss or keep them in bin/build-assets.mjs: {missing}"
    )


def test_the_stylesheet_leaves_out_what_no_page_uses():
    css = STYLESHEET.read_text()
    for unused in ("nhsuk-hero", "nhsuk-do-dont-list", "nhsuk-tabs", "nhsuk-breadcrumb"):
        assert f".{unused}" not in css
    assert ".nhsuk-button" in css
    assert "font-family" in css
