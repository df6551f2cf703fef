"""Reading rendered PDFs back in tests (with pypdf): the one way tests read a PDF's text."""

import io
import os

from pypdf import PdfReader


def pdf_reader(source) -> PdfReader:
    """A reader for a PDF given as bytes, a path or an open file."""
    if isinstance(source, bytes | bytearray):
        source = io.BytesIO(source)
    elif isinstance(source, str | os.PathLike):
        source = os.fspath(source)
    return PdfReader(source)


def pdf_pages(source) -> list[str]:
    """The text of each page."""
    return [page.extract_text() or "" for page in pdf_reader(source).pages]


def pdf_text(source) -> str:
    """The whole text, its runs of whitespace (line breaks included) made one space."""
    return " ".join(" ".join(pdf_pages(source)).split())


def squash(text: str) -> str:
    """Text without whitespace: lines wrap in a PDF wherever they must, so words are compared without spaces."""
    return "".join(text.split())


def image_xobjects(reader) -> list:
    """Every image in the PDF's pages, including those inside form XObjects (WeasyPrint draws SVG in forms)."""
    images, seen = [], set()

    def visit(resources):
        for reference in (resources or {}).get("/XObject", {}).values():
            if reference.idnum in seen:
                continue
            seen.add(reference.idnum)
            xobject = reference.get_object()
            if xobject["/Subtype"] == "/Image":
                images.append(xobject)
            else:
                visit(xobject.get("/Resources"))

    for page in reader.pages:
        visit(page.get("/Resources"))
    return images
