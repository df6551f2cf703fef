"""Request bodies are limited: no page but the evidence upload takes files, and a body over the size limit is refused before it is read."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.test import Client
from django.urls import reverse

from innovator_portal.middleware import RequestSizeLimitMiddleware
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LIMIT = 2_621_440


@pytest.fixture
def upload_handlers_untouched(monkeypatch):
    """Fails the test if any upload handler is given a file to keep, in memory or on disk."""
    received = []

    def refuse(self, *args, **kwargs):
        received.append(type(self).__name__)
        raise AssertionError("a file part reached an upload handler")

    for handler in (MemoryFileUploadHandler, TemporaryFileUploadHandler):
        monkeypatch.setattr(handler, "new_file", refuse)
        monkeypatch.setattr(handler, "receive_data_chunk", refuse)
    return received


def test_the_limits_are_set(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == LIMIT
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000
    # One file, and only on the evidence upload page (the others refuse any file part: below).
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES == 1
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == LIMIT


def test_a_file_sent_to_the_log_in_page_is_refused_and_kept_nowhere(client, upload_handlers_untouched):
    user = UserFactory()
    upload = SimpleUploadedFile("big.bin", b"\0" * 1024, content_type="application/octet-stream")
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD, "file": upload})
    assert response.status_code == 400
    assert "this service does not take files, so nothing was saved or changed" in response.content.decode()
    assert upload_handlers_untouched == []
    assert "_auth_user_id" not in client.session


def test_a_file_sent_with_a_signed_in_form_changes_nothing(founder_client, founder, upload_handlers_untouched):
    upload = SimpleUploadedFile("notes.txt", b"hello", content_type="text/plain")
    response = founder_client.post(reverse("account_delete"), {"password": PASSWORD, "file": upload})
    assert response.status_code == 400
    assert type(founder).objects.filter(pk=founder.pk).exists()


def test_a_body_over_the_limit_is_refused_with_413(client):
    user = UserFactory()
    body = b"login=" + user.email.encode() + b"&password=" + PASSWORD.encode() + b"&pad=" + b"x" * LIMIT
    response = client.generic("POST", reverse("account_login"), body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert "larger than this service accepts (2.5 MB), so nothing was saved or changed" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_body_over_the_limit_is_not_read_at_all(rf):
    class Unreadable(io.RawIOBase):
        def read(self, *args):
            raise AssertionError("the body was read")

    request = rf.post("/accounts/login/", data=b"", content_type="multipart/form-data; boundary=x")
    request.META["CONTENT_LENGTH"] = str(100 * 1024 * 1024)  # the 100 MB upload of the finding
    request.META["wsgi.input"] = Unreadable()
    request._stream = Unreadable()

    def view(request):
        raise AssertionError("the view ran")

    response = RequestSizeLimitMiddleware(view)(request)
    assert response.status_code == 413


def test_a_body_within_the_limit_is_let_through(client):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD, "pad": "x" * 10_000})
    assert response.status_code == 302


def test_too_many_form_fields_are_refused_with_400():
    fields = {f"field{n}": "x" for n in range(1001)}
    response = Client().post(reverse("account_login"), fields)
    assert response.status_code == 400
