"""What an evidence file must be before it is kept: a PDF, Word document, Excel spreadsheet, PNG or JPEG, told
by its content (not its name or the type the browser sent), not empty, not too large, one file type only
(no polyglots: a file that is also a ZIP archive, a web page or has data hidden after its end) and clean by
the malware scan."""

from __future__ import annotations

import hashlib
import re
import struct
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from PIL import Image, UnidentifiedImageError

from .scan import ScannerUnavailable, scan_file

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG = "image/png"
JPEG = "image/jpeg"
KINDS = {PDF: "PDF", DOCX: "Word document", XLSX: "Excel spreadsheet", PNG: "PNG image", JPEG: "JPEG image"}
EXTENSIONS = {PDF: "pdf", DOCX: "docx", XLSX: "xlsx", PNG: "png", JPEG: "jpg"}
WRONG_TYPE = "The selected file must be a PDF, Word document (.docx), Excel spreadsheet (.xlsx), PNG or JPEG"
# Markers of a second format inside the first: a ZIP archive's directory, or a web page with script.
ZIP_DIRECTORY = (b"PK\x01\x02", b"PK\x05\x06")
WEB_PAGE = re.compile(rb"<\s*(script|html|svg|iframe|object|embed)\b", re.IGNORECASE)
CHUNK = 1024 * 1024


class FileRefused(Exception):
    """The file is not kept; the message says why, in words the founder can act on."""


@dataclass(frozen=True, slots=True)
class CheckedFile:
    content_type: str
    extension: str
    size: int
    sha256: str


def max_bytes() -> int:
    return settings.EVIDENCE_MAX_BYTES


def size_words(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


def file_check(upload) -> CheckedFile:
    """Check an uploaded file (Django's UploadedFile); raise FileRefused with the reason when it is refused."""
    size = upload.size or 0
    if size == 0:
        raise FileRefused("The selected file is empty: choose the document itself")
    if size > max_bytes():
        raise FileRefused(f"The selected file must be smaller than {size_words(max_bytes())}")
    upload.seek(0)
    head = upload.read(8192)
    kind = filetype.guess(head)
    content_type = kind.mime if kind is not None else ""
    if content_type not in KINDS:
        raise FileRefused(WRONG_TYPE)
    digest = hashlib.sha256()
    hidden = False
    tail = b""
    upload.seek(0)
    while chunk := upload.read(CHUNK):
        digest.update(chunk)
        window = tail + chunk
        if content_type in (PDF, PNG, JPEG) and (WEB_PAGE.search(window) or all(m in window for m in ZIP_DIRECTORY)):
            hidden = True
        tail = window[-64:]
    if hidden:
        raise FileRefused(f"The selected file is not only a {KINDS[content_type]}: it has other content inside it")
    _structure_check(upload, content_type)
    upload.seek(0)
    try:
        result = scan_file(upload)
    except ScannerUnavailable as error:
        raise FileRefused(
            "The selected file could not be checked for viruses just now, so it was not saved. Try again in a few "
            "minutes"
        ) from error
    if not result.clean:
        raise FileRefused("The selected file contains a virus or other malware, so it was not saved")
    upload.seek(0)
    return CheckedFile(content_type, EXTENSIONS[content_type], size, digest.hexdigest())


def _structure_check(upload, content_type: str) -> None:
    """The file is whole and is one thing: nothing before its start or after its end."""
    kind = KINDS[content_type]
    damaged = FileRefused(f"The selected {kind} is damaged or incomplete: save it again and choose it again")
    upload.seek(0)
    if content_type == PDF:
        upload.seek(max(0, upload.size - 2048))
        if b"%%EOF" not in upload.read():
            raise damaged
    elif content_type in (PNG, JPEG):
        try:
            with Image.open(upload) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise damaged from error
        upload.seek(max(0, upload.size - 16))
        end = upload.read().rstrip(b"\0")
        if not (end.endswith(b"IEND\xaeB`\x82") if content_type == PNG else end.endswith(b"\xff\xd9")):
            raise FileRefused(f"The selected file is not only a {kind}: it has other content after the image")
    else:
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
                first = min((info.header_offset for info in archive.infolist()), default=-1)
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise damaged from error
        if "[Content_Types].xml" not in names or first != 0:
            raise damaged
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise FileRefused(f"The selected {kind} contains macros: save it without macros (.docx or .xlsx)")
        upload.seek(max(0, upload.size - 65_557))
        end = upload.read()
        at = end.rfind(b"PK\x05\x06")
        if at < 0 or len(end) - at != 22 + struct.unpack("<H", end[at + 20 : at + 22])[0]:
            raise FileRefused(f"The selected file is not only a {kind}: it has other content after the document")
    upload.seek(0)


def file_name_clean(name: str) -> str:
    """The founder's file name as shown and offered on download: printable, no path, at most 200 characters."""
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '/\\"<>:|?*').strip(" .")
    if len(name) > 200:
        stem, dot, extension = name.rpartition(".")
        name = (stem[:190] + dot + extension[:9]) if dot else name[:200]
    return name or "document"
