"""The parts of a .docx package, read with a bound on what they inflate to.

A .docx is a zip of XML parts. A small file can inflate to gigabytes (a decompression bomb),
so every part is read in chunks while the bytes are counted, and reading stops at the bound:
before any XML is parsed, and whatever the zip's headers claim about sizes.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from pipeline.readers.model import NotReadableError, TooLargeError

MAX_XML_BYTES = 50_000_000  # all parts read from one file, decompressed
MAX_ZIP_ENTRIES = 10_000
_CHUNK = 1 << 16

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


class Package:
    """The zip, the main document part's name, and a budget of bytes left to inflate."""

    def __init__(self, data: bytes | str | Path, max_bytes: int = MAX_XML_BYTES) -> None:
        try:
            if isinstance(data, bytes | bytearray):
                self.zip = zipfile.ZipFile(io.BytesIO(data))
            else:
                self.zip = zipfile.ZipFile(data)
        except (zipfile.BadZipFile, OSError, ValueError) as e:
            raise NotReadableError(f"not a readable Word .docx file ({type(e).__name__})") from None
        if len(self.zip.infolist()) > MAX_ZIP_ENTRIES:
            raise TooLargeError(f"Word file of more than {MAX_ZIP_ENTRIES:,} parts")
        self.names = set(self.zip.namelist())
        self.limit = max_bytes
        self.left = max_bytes
        self.main = self._main_part()

    def _main_part(self) -> str:
        rels = self.xml("_rels/.rels")
        if rels is not None:
            for rel in rels.iter(_REL):
                if rel.get("Type") == _OFFICE_DOC:
                    return rel.get("Target", "").lstrip("/")
        if "word/document.xml" in self.names:
            return "word/document.xml"
        raise NotReadableError("not a Word .docx file (no main document part)")

    def read(self, name: str) -> bytes | None:
        """A part's bytes, None if absent. Counts against the budget while inflating."""
        if name not in self.names:
            return None
        out = bytearray()
        try:
            with self.zip.open(name) as f:
                while chunk := f.read(_CHUNK):
                    self.left -= len(chunk)
                    if self.left < 0:
                        raise TooLargeError(
                            f"Word file whose XML inflates beyond {self.limit // 1_000_000} MB "
                            "(a decompression bomb?)"
                        )
                    out += chunk
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as e:
            kind = type(e).__name__
            raise NotReadableError(f"damaged Word .docx file ({kind} in {name})") from None
        return bytes(out)

    def xml(self, name: str) -> ET.Element | None:
        data = self.read(name)
        if data is None:
            return None
        # Word writes no DTD; one here can only be an entity-expansion attack
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise NotReadableError(f"Word file with a DTD in {name} (refused)")
        try:
            return ET.fromstring(data)
        except ET.ParseError as e:
            raise NotReadableError(f"damaged Word .docx file (bad XML in {name}: {e})") from None

    def related(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type's last word, part name) of `part`."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        out: dict[str, tuple[str, str]] = {}
        if root is None:
            return out
        for rel in root.iter(_REL):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            name = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            out[rel.get("Id", "")] = (kind, posixpath.normpath(name))
        return out
