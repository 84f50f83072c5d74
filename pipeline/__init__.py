"""un-extract: paragraphs, dates, UN symbols and organizations from UN documents (zh/en).

Stages: ingest -> layout -> segment -> extract -> tables (see pipeline/runner.py).

    from pipeline import extract_text, extract_file   # the Python API (pipeline/api.py)

The API is imported when first asked for, so `import pipeline` loads nothing else.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["Extracted", "InputError", "__version__", "extract_file", "extract_text"]

_API = {"extract_text", "extract_file", "Extracted"}


def __getattr__(name: str) -> Any:
    if name in _API:
        from pipeline import api

        return getattr(api, name)
    if name == "InputError":
        from pipeline.ingest import InputError

        return InputError
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
