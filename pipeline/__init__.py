"""un-extract: paragraphs, dates, UN symbols and organizations from UN documents (zh/en).

Stages: ingest -> layout -> segment -> extract -> tables (see pipeline/runner.py).
"""

__version__ = "0.1.0"
