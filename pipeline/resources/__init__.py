"""Language resources as data: YAML files under this folder, loaded once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

RESOURCES = Path(__file__).parent


@lru_cache(maxsize=64)
def load_yaml(relative_path: str) -> Any:
    """Load resources/<relative_path> (e.g. "zh/dates.yaml"); cached, so treat it as read-only."""
    with open(RESOURCES / relative_path, encoding="utf-8") as f:
        return yaml.safe_load(f)
