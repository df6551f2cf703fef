"""What every email the service sends has in common: a subject that starts with the service name, a plain
text body in the layout of templates/emails/base.txt, and the same words as HTML in templates/emails/base.html."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def subject_prefix() -> str:
    """What every subject starts with, so that the service's emails are known at a glance in an inbox."""
    return f"[{settings.SITE_NAME}] "


def email_subject(template_name: str, context: dict) -> str:
    """An email subject rendered from a template as one line of plain text: whatever a name in it holds,
    each run of spaces and line breaks becomes one space (a line break in a header would stop the email
    being sent), and nothing is HTML-escaped (a subject is not HTML)."""
    return " ".join(render_to_string(template_name, context).split())


def email_build(*, template: str, context: dict, to: list[str]) -> EmailMultiAlternatives:
    """The email made from templates/emails/<template>_subject.txt, <template>.txt and <template>.html."""
    context = {"site_name": settings.SITE_NAME, **context}
    message = EmailMultiAlternatives(
        subject=subject_prefix() + email_subject(f"emails/{template}_subject.txt", context),
        body=render_to_string(f"emails/{template}.txt", context),
        to=to,
    )
    message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    return message


def html_from_text(text: str, *, subject: str) -> str:
    """An email written only as plain text in the layout of templates/emails/base.txt, as HTML in the
    layout of templates/emails/base.html: its paragraphs, with addresses made links. The service name
    that opens the text and the sign-off that closes it are left to the HTML layout, which has its own."""
    paragraphs = [paragraph.strip() for paragraph in re.split(r"\n\s*\n", text.strip()) if paragraph.strip()]
    if paragraphs and paragraphs[0] == settings.SITE_NAME:
        paragraphs = paragraphs[1:]
    closing = [f"From the {settings.SITE_NAME} team", "This is an automated email. Please do not reply to it."]
    if paragraphs[-len(closing) :] == closing:
        paragraphs = paragraphs[: -len(closing)]
    return render_to_string(
        "emails/text.html", {"site_name": settings.SITE_NAME, "subject": subject, "paragraphs": paragraphs}
    )
