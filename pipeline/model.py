"""The data that flows between the stages.

ingest -> Document -> layout -> Layout -> segment -> Segmented -> extract -> Extraction -> tables

Provenance rule: every piece of text a later stage sees is a `TextView`, a string plus, for each
of its characters, the offset of that character in the decoded source. A match found at view
positions [i, j) is reported as the source span `view.source_span(i, j)`, and its `text` is
always `source[start:end]`, never the view's own characters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from typing import Any

# Table columns of ../shared/ANNOTATION.md, in order. The first six are common to all tables.
COMMON_COLUMNS = ["doc_id", "lang", "para", "text", "start", "end"]
TABLE_COLUMNS: dict[str, list[str]] = {
    "paragraphs": COMMON_COLUMNS + ["zone", "number", "section", "page_start"],
    "dates": COMMON_COLUMNS + ["start_value", "end_value", "precision", "kind"],
    "symbols": COMMON_COLUMNS + ["symbol", "kind", "para_ref", "url"],
    "organizations": COMMON_COLUMNS + ["org_id", "name_en", "name_zh", "acronym"],
}
MENTION_TABLES = ["dates", "symbols", "organizations"]
# Closed value sets of the contract (check_tables.py accepts only these).
SYMBOL_KINDS = frozenset(
    {
        "ga_resolution",
        "sc_resolution",
        "ga_decision",
        "decision",
        "presidential_statement",
        "document",
        "sales_number",
    }
)
DATE_KINDS = ("point", "range")
DATE_PRECISIONS = ("year", "half", "quarter", "month", "day")  # coarse to fine
ZONES = ("front", "toc", "heading", "body", "footnote", "annex")


@dataclass(frozen=True)
class TextView:
    """A derived string that remembers where each of its characters came from in the source."""

    text: str
    offsets: tuple[int, ...]  # offsets[k] = source index of text[k]

    def __post_init__(self) -> None:
        if len(self.text) != len(self.offsets):
            raise ValueError("a TextView needs exactly one source offset per character")

    def __len__(self) -> int:
        return len(self.text)

    def source_span(self, i: int, j: int) -> tuple[int, int]:
        """Source span [start, end) covering view characters [i, j) (j > i)."""
        if not 0 <= i < j <= len(self.text):
            raise IndexError(f"view span {i}:{j} outside 0:{len(self.text)}")
        return self.offsets[i], self.offsets[j - 1] + 1

    @classmethod
    def of_source(cls, source: str, start: int, end: int) -> TextView:
        """The identity view of source[start:end]."""
        return cls(source[start:end], tuple(range(start, end)))

    @classmethod
    def concat(cls, parts: list[tuple[str, tuple[int, ...]]]) -> TextView:
        text = "".join(p[0] for p in parts)
        offsets: tuple[int, ...] = tuple(chain.from_iterable(p[1] for p in parts))
        return cls(text, offsets)


@dataclass(frozen=True)
class Document:
    """A decoded input file. `text` is the source every offset refers to."""

    doc_id: str  # the input file stem, e.g. "A-62-162.zh"
    path: str
    encoding: str
    lang: str  # "zh" or "en"
    text: str


@dataclass(frozen=True)
class Paragraph:
    """One unit of the paragraphs table: a numbered paragraph, footnote, heading, or zone block."""

    key: str  # "17", "fn3", "front", "toc", "heading", "body", "annex"
    zone: str  # one of ZONES
    number: int | None  # the paragraph or footnote number, where it has one
    section: str  # the heading the unit stands under ("" before the first heading)
    page_start: int  # 1-based page of the unit's first character
    start: int  # source span of the whole unit (furniture and interrupting footnotes included)
    end: int
    view: TextView  # clean text: lines joined, furniture and interrupting footnotes taken out


@dataclass(frozen=True)
class Layout:
    document: Document
    paragraphs: tuple[Paragraph, ...]
    furniture: tuple[tuple[int, int], ...]  # source spans of page furniture (no zone)
    metadata: dict[str, Any] = field(default_factory=dict)  # what document.json states


@dataclass(frozen=True)
class Segmented:
    """Layout plus the words of each paragraph, segmented once for every extractor.

    `words[k]`: paragraph k as the organization matcher reads it (see `Segmented.Words`); empty
    when the segment stage did not compute it (a hand-built Segmented, or a language without a
    matcher), in which case the extractor reads the paragraph itself. `boundaries[k]`: the view
    indices of paragraph k where a word starts or ends (0 and len(view) included), derived from
    the words on first use: no extractor needs them, so the stage does not pay for them."""

    @dataclass(frozen=True)
    class Words:
        """One paragraph's view text normalized for matching (full-width to ASCII, traditional
        to simplified, spaces inside Chinese dropped, ...), for each normalized character the
        index in the view of the character it comes from, and the words of the normalized text
        from the gazetteer-aware segmenter (Chinese only: empty for other languages).

        The words are contiguous and cover the text, so they are kept as the indices where they
        meet, one flat tuple rather than a tuple per word: word k is norm[cuts[k]:cuts[k + 1]].
        Their parts of speech are not kept: the matcher tags the few clauses it asks about."""

        norm: str
        index: tuple[int, ...]  # index[i] = view index of norm[i]
        cuts: tuple[int, ...] = ()  # 0, the end of each word (len(norm) last); () if no words

        def spans(self) -> list[tuple[int, int]]:
            """(start, end) of each word."""
            return list(zip(self.cuts[:-1], self.cuts[1:], strict=True))

    layout: Layout
    words: tuple[Segmented.Words, ...] = ()

    @cached_property
    def boundaries(self) -> tuple[frozenset[int], ...]:
        from pipeline.segment import boundaries  # the stage's own rule; model imports no stage

        return boundaries(self)


@dataclass
class Extraction:
    layout: Layout
    tables: dict[str, list[dict[str, Any]]]  # table name -> rows with TABLE_COLUMNS keys
