"""Real documents of each accepted type, and hostile ones, made in memory for the evidence tests; and the files
that storage holds."""

import io
import zipfile
from pathlib import Path

from PIL import Image

EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def pdf(text: str = "Clinical safety case report", *, padding: int = 0) -> bytes:
    """A small, valid one-page PDF (with `padding` bytes of comment to make it larger)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    if padding:
        out += b"%" + b"0" * padding + b"\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (0, 94, 184)).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (0, 94, 184)).save(buffer, "JPEG")
    return buffer.getvalue()


def _zip(entries) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


def docx(*, macros: bool = False) -> bytes:
    entries = [("[Content_Types].xml", "<Types/>"), ("_rels/.rels", "<r/>"), ("word/document.xml", "<w/>")]
    if macros:
        entries.append(("word/vbaProject.bin", "macro"))
    return _zip(entries)


def xlsx() -> bytes:
    return _zip([("[Content_Types].xml", "<Types/>"), ("_rels/.rels", "<r/>"), ("xl/workbook.xml", "<w/>")])


def executable() -> bytes:
    """The start of a Windows program, as a renamed .exe would have."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\0" * 512 + b"This program cannot be run"


def pdf_zip_polyglot() -> bytes:
    """A PDF with a ZIP archive (holding a script) after it: opens as either."""
    return pdf() + _zip([("payload.js", "alert(1)")])


def png_with_archive() -> bytes:
    return png() + _zip([("payload.html", "<script>alert(1)</script>")])


def svg() -> bytes:
    return b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def stored_files(root: Path) -> list[Path]:
    """Every file stored under `root`, in order of its path."""
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []
