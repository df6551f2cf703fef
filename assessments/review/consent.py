"""The consent statement a founder agrees to when sharing, by version. A share records the version agreed
to; a version's words never change once in use: a new wording is a new version."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ConsentStatement:
    """`{organisation}` in the words stands for the name of the company sharing."""

    version: str
    intro: str
    items: tuple[str, ...]
    paragraphs: tuple[str, ...]
    agreement: str

    def for_organisation(self, organisation: str) -> ConsentStatement:
        """The statement as shown to one company (its name filled in)."""
        return ConsentStatement(
            version=self.version,
            intro=self.intro,
            items=tuple(item.replace("{organisation}", organisation) for item in self.items),
            paragraphs=self.paragraphs,
            agreement=self.agreement,
        )

    def text(self, organisation: str) -> str:
        """The statement as plain text, as the company saw it."""
        shown = self.for_organisation(organisation)
        return "\n".join([shown.intro, *(f"- {item}" for item in shown.items), *shown.paragraphs, shown.agreement])


CONSENT_STATEMENTS = {
    "2026-11": ConsentStatement(
        version="2026-11",
        intro="The advisers of the network you choose will see:",
        items=(
            "your product profile and the name of {organisation}",
            "your answers to every question",
            "your scores, readiness stage, barriers and action plan",
            "your PDF report",
        ),
        paragraphs=(
            "They use them only to review your readiness for NHS adoption and to advise you. Their comments, "
            "ratings and recommendation come back to you on your results page. They do not see your other "
            "assessments.",
            "You can withdraw your assessment at any time. The network loses access at once; what happened so "
            "far is kept in your review history.",
        ),
        agreement="I agree to share this assessment with the network I have chosen, as described above",
    ),
}

CONSENT_VERSION = "2026-11"
CONSENT = CONSENT_STATEMENTS[CONSENT_VERSION]
