"""Fixtures of the reader tests: the real UN files of ../shared/files (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FILES = ROOT.parent / "shared" / "files"


def real_file(name: str) -> Path:
    path = FILES / name
    if not path.is_file():
        pytest.skip(f"../shared/files/{name} is absent")
    return path


def real_pdfs() -> list[Path]:
    return sorted(FILES.glob("*.pdf")) if FILES.is_dir() else []


# The ODS PDFs (today's layout and 2009's): every page carries page furniture.
ODS_PDFS = [
    "A_80_590-EN.pdf",
    "A_RES_73_3-EN.pdf",
    "A_INF_76_1-EN.pdf",
    "A_HRC_WG.6_7_ITA_1-EN_2009-layout.pdf",
]
