"""Layout stage: from a decoded document to zones, paragraphs and footnotes.

PDF-extracted UN text (the seed is typical) arrives as short lines separated by blank lines, with
page furniture (running heads, job numbers, page numbers, footnote rules) between pages and
footnote blocks at the bottom of pages, often in the middle of a paragraph. The stage works line
by line:

1. split the text into its non-blank lines, classify each (furniture, footnote rule, reference
   mark, content) and number pages (`lines`);
2. find the front matter and the table of contents (`builder`);
3. walk the body, opening a unit at each numbered paragraph or heading, continuing the current
   unit across line and page breaks, and setting footnote blocks aside as their own units
   (`body`);
4. build each unit's clean view (lines joined as the language joins them, furniture and
   footnotes out) with its offset map (runs of source characters, see model.TextView) (`base`);
5. read what the document states about itself (`metadata`).

All patterns come from resources/layout.yaml (what every UN document shares) and the language's
resources/<lang>/layout.yaml (`rules`); nothing here is specific to one document or language.
"""

from __future__ import annotations

from pipeline.layout.builder import LayoutBuilder
from pipeline.layout.lines import raw_lines, split_lines
from pipeline.layout.rules import rules_for
from pipeline.model import Document, Layout
from pipeline.text.cjk import WIDE_RANGES

__all__ = ["WIDE_RANGES", "LayoutBuilder", "analyze", "raw_lines", "rules_for", "split_lines"]


def analyze(doc: Document) -> Layout:
    """The layout stage: a pure function of the decoded document."""
    return LayoutBuilder(doc).build()
