"""The malware scan of evidence files: ClamAV's clamd when CLAMD_SOCKET is set (a Unix socket path, or
host:port), otherwise off (`manage.py check --deploy` warns). A scanner that cannot be reached refuses the
upload rather than letting it through."""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass

from django.conf import settings

CHUNK = 64 * 1024


class ScannerUnavailable(Exception):
    """The scanner is configured but did not answer."""


@dataclass(frozen=True, slots=True)
class ScanResult:
    clean: bool
    scanned: bool
    signature: str = ""


def _connect(address: str) -> socket.socket:
    if address.startswith("/"):
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(settings.CLAMD_TIMEOUT)
        connection.connect(address)
        return connection
    host, _, port = address.rpartition(":")
    return socket.create_connection((host, int(port)), timeout=settings.CLAMD_TIMEOUT)


def scan_file(fileobj) -> ScanResult:
    """Stream the file to clamd (its INSTREAM command) and read the verdict."""
    address = settings.CLAMD_SOCKET
    if not address:
        return ScanResult(clean=True, scanned=False)
    try:
        with _connect(address) as connection:
            connection.sendall(b"zINSTREAM\0")
            while chunk := fileobj.read(CHUNK):
                connection.sendall(struct.pack("!L", len(chunk)) + chunk)
            connection.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = connection.recv(4096)
                if not part:
                    break
                reply += part
    except (OSError, ValueError) as error:
        raise ScannerUnavailable(str(error)) from error
    verdict = reply.rstrip(b"\0").decode("utf-8", "replace")
    if verdict.endswith(" OK"):
        return ScanResult(clean=True, scanned=True)
    if verdict.endswith(" FOUND"):
        return ScanResult(clean=False, scanned=True, signature=verdict.split(": ", 1)[-1].removesuffix(" FOUND"))
    raise ScannerUnavailable(f"unexpected reply from the scanner: {verdict!r}")
