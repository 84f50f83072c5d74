"""Language resources as data: YAML files under this folder, loaded once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

RESOURCES = Path(__file__).parent
# libyaml's safe loader where PyYAML was built with it (~20x faster on the gazetteer).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=64)
def load_yaml(relative_path: str) -> Any:
    """Load resources/<relative_path> (e.g. "zh/dates.yaml"); cached, so treat it as read-only."""
    text = (RESOURCES / relative_path).read_text(encoding="utf-8")
    return yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 (a safe loader)
