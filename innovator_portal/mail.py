"""What every email the service sends has in common."""

from django.template.loader import render_to_string


def email_subject(template_name: str, context: dict) -> str:
    """An email subject rendered from a template as one line of plain text: whatever a name in it holds,
    each run of spaces and line breaks becomes one space (a line break in a header would stop the email
    being sent), and nothing is HTML-escaped (a subject is not HTML)."""
    return " ".join(render_to_string(template_name, context).split())
