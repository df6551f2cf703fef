"""The framework's words, which speak to the founder ("your product"), as an adviser reads them about the
company ("their product")."""

import re

from django import template

register = template.Library()

# "you" after one of these is the object of the sentence ("a pilot with you", "expect you to"): "them".
OBJECT_AFTER = frozenset(
    [
        "with",
        "to",
        "for",
        "from",
        "about",
        "of",
        "adopt",
        "help",
        "helps",
        "ask",
        "asks",
        "expect",
        "expects",
        "give",
        "gives",
        "tell",
        "tells",
        "show",
        "shows",
        "let",
        "lets",
        "support",
        "supports",
        "contact",
        "trust",
        "reach",
        "join",
        "pay",
        "pays",
        "choose",
        "chooses",
    ]
)
POSSESSIVES = {"your": "their", "yours": "theirs", "yourself": "themselves", "yourselves": "themselves"}
CONTRACTIONS = {"you're": "they're", "you've": "they've", "you'll": "they'll", "you'd": "they'd"}
SECOND_PERSON = re.compile(r"\b(you(?:r|rs|rself|rselves|'re|'ve|'ll|'d)?)\b(?=[^\w']|$)", re.IGNORECASE)


def _matching_case(word: str, replacement: str) -> str:
    return replacement.capitalize() if word[0].isupper() else replacement


@register.filter
def company_words(text: str) -> str:
    """Text written to the founder, reworded for an adviser reading about the company: your → their, you → they
    (or them, after a preposition or verb), so "adopt your product" reads "adopt their product"."""

    def reword(match: re.Match[str]) -> str:
        word = match.group(1)
        lower = word.lower()
        if lower in POSSESSIVES:
            return _matching_case(word, POSSESSIVES[lower])
        if lower in CONTRACTIONS:
            return _matching_case(word, CONTRACTIONS[lower])
        before = re.search(r"(\w+)\W*$", text[: match.start()])
        is_object = before is not None and before.group(1).lower() in OBJECT_AFTER
        return _matching_case(word, "them" if is_object else "they")

    return SECOND_PERSON.sub(reword, str(text))
