"""Language resources as data: YAML files under this folder, loaded once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.cache import cached

RESOURCES = Path(__file__).parent
_OWN = RESOURCES  # the package's own resources: those the cache key covers


@lru_cache(maxsize=64)
def load_yaml(relative_path: str) -> Any:
    """Load resources/<relative_path> (e.g. "zh/dates.yaml"); cached, so treat it as read-only.
    Parsed once for all processes (pipeline/cache.py: PyYAML builds the values in Python,
    most of the time of a first document), unless RESOURCES was pointed elsewhere."""
    if RESOURCES != _OWN:
        return parse_yaml(relative_path)
    name = "yaml-" + relative_path.replace("/", ".")
    return cached(name, lambda: parse_yaml(relative_path))


def parse_yaml(relative_path: str) -> Any:
    import yaml  # imported only where the cache has not the file's values

    text = (RESOURCES / relative_path).read_text(encoding="utf-8")
    # libyaml's safe loader where PyYAML was built with it (~20x faster on the gazetteer)
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
