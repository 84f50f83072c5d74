"""Chinese script conversion (zhconv: MediaWiki's tables), imported without pkg_resources.

zhconv finds its tables through `pkg_resources` where that imports, else by its own path; the
import of `pkg_resources` (setuptools) costs 0.1-0.2 s, more than the rest of zhconv's. It is
made to fail for that one import, so zhconv takes its own path (the same file)."""

from __future__ import annotations

import sys
from types import ModuleType


def zhconv() -> ModuleType:
    """The zhconv module (imported once)."""
    if "zhconv" in sys.modules:
        return sys.modules["zhconv"]
    had = "pkg_resources" in sys.modules
    if not had:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import fails: ImportError
    try:
        import zhconv as module
    finally:
        if not had:
            del sys.modules["pkg_resources"]
    return module


def convert(text: str, locale: str) -> str:
    """`text` in the script and usage of `locale` ("zh-cn", "zh-tw", "zh-hk", ...)."""
    return zhconv().convert(text, locale)  # type: ignore[no-any-return]
