"""un-extract: paragraphs, dates, UN symbols and organizations from UN documents (zh/en).

Stages: ingest -> layout -> segment -> extract -> tables (see pipeline/runner.py).
"""

__version__ = "0.1.0"

# The compiled stage modules, when an up-to-date build exists (pipeline/compiled.py).
from pipeline.compiled import overlay as _overlay  # noqa: E402

_overlay(__path__)
