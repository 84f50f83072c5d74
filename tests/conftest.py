from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "raw" / "A-62-162.zh.txt"
# ../shared beside the repository; UN_EXTRACT_SHARED names it where the checkout lives elsewhere.
SHARED = Path(os.environ.get("UN_EXTRACT_SHARED") or ROOT.parent / "shared")


@pytest.fixture(scope="session")
def seed_layout():
    from pipeline.ingest import read_document
    from pipeline.layout import analyze

    return analyze(read_document(SEED))


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent")
    return SHARED


def layout_of(text: str, tmp_path: Path, name: str = "doc.txt", lang: str | None = None):
    from pipeline.ingest import read_document
    from pipeline.layout import analyze

    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return analyze(read_document(p, lang=lang))
