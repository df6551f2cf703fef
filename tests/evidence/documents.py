"""Attaching a document as a founder does, through its page: the form's date fields, and a file or a link
posted to it."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

ISSUED = datetime.date.today() - datetime.timedelta(days=30)


def dates(issued: datetime.date = ISSUED, expires: datetime.date | None = None) -> dict[str, int]:
    """The issued and (if given) expiry date fields of a document's form."""
    data = {"issued_on_day": issued.day, "issued_on_month": issued.month, "issued_on_year": issued.year}
    if expires is not None:
        data |= {"expires_on_day": expires.day, "expires_on_month": expires.month, "expires_on_year": expires.year}
    return data


def document_post(
    client, assessment, key, name=None, content=None, *, link=None, issued=ISSUED, expires=None, **fields
):
    """Send the form of one of the assessment's documents: a file (`name`, `content`), a `link` or both, dated,
    with any other `fields`; returns the response."""
    data = {**dates(issued, expires), **fields}
    if content is not None:
        data["file"] = SimpleUploadedFile(name, content, content_type="application/pdf")
    if link is not None:
        data["link"] = link
    return client.post(reverse("assessment_evidence_item", args=[assessment.reference, key]), data)


def document_attach(client, assessment, key, name=None, content=None, **kwargs):
    """Send a document's form as `document_post` does, and check that it was attached: the founder is sent back
    to the assessment."""
    response = document_post(client, assessment, key, name, content, **kwargs)
    assert response.status_code == 302, response.content.decode()
    assert response["Location"].startswith("/assessments/"), response["Location"]
    return response
