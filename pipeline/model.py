"""The data that flows between the stages.

ingest -> Document -> layout -> Layout -> segment -> Segmented -> extract -> Extraction -> tables

Provenance rule: every piece of text a later stage sees is a `TextView`, a string plus, for each
of its characters, the offset of that character in the decoded source. A match found at view
positions [i, j) is reported as the source span `view.source_span(i, j)`, and its `text` is
always `source[start:end]`, never the view's own characters.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

# The tables and their columns are declared once, in pipeline/kinds.py; re-exported here for the
# code that knows them from here (the gold builder: tests/gold/build_gold.py).
from pipeline.kinds import COMMON_COLUMNS, MENTION_TABLES, SYMBOL_KINDS, TABLE_COLUMNS  # noqa: F401

# Closed value sets of the contract (check_tables.py accepts only these; symbol kinds: kinds.py).
DATE_KINDS = ("point", "range")
DATE_PRECISIONS = ("year", "half", "quarter", "month", "day")  # coarse to fine
ZONES = ("front", "toc", "heading", "body", "table", "footnote", "annex")


class TextView:
    """A derived string that remembers where each of its characters came from in the source:
    `offsets[k]` is the source index of `text[k]`. Immutable (read-only properties), compared
    and hashed by value.

    A view built from runs of source characters (`of_spans`, `of_runs`: how the layout stage
    builds every paragraph's) keeps the runs and makes the `offsets` tuple only when it is first
    read: the extractors only call `source_span`, which the runs answer directly, so a pipeline
    run does not pay for one int object per character."""

    __slots__ = ("_text", "_offsets", "_starts", "_sources")
    __match_args__ = ("text", "offsets")

    def __init__(self, text: str, offsets: tuple[int, ...]) -> None:
        if len(text) != len(offsets):
            raise ValueError("a TextView needs exactly one source offset per character")
        self._text = text
        self._offsets: tuple[int, ...] | None = offsets
        self._starts: list[int] = []
        self._sources: list[int] = []

    @classmethod
    def of_spans(cls, text: str, spans: Iterable[tuple[int, int]]) -> TextView:
        """The view whose characters come, in order, from the source spans [a, b) (`text` as
        long as the spans together, e.g. the source slices, or a space standing for one)."""
        starts: list[int] = []
        sources: list[int] = []
        k = 0
        for a, b in spans:
            if b > a:
                starts.append(k)
                sources.append(a)
                k += b - a
        if k != len(text):
            raise ValueError("a TextView needs exactly one source offset per character")
        return cls.of_runs(text, starts, sources)

    @classmethod
    def of_runs(cls, text: str, starts: list[int], sources: list[int]) -> TextView:
        """The view made of runs of consecutive source characters: run r starts at view index
        starts[r] (starts[0] == 0, increasing), at source index sources[r], and ends where the
        next run (or the text) starts. Not checked: see `of_spans`."""
        view = cls.__new__(cls)
        view._text = text
        view._offsets = None
        view._starts = starts
        view._sources = sources
        return view

    @property
    def text(self) -> str:
        return self._text

    @property
    def offsets(self) -> tuple[int, ...]:
        if self._offsets is None:  # from the runs: each one's offsets count up from its start
            ends = [*self._starts[1:], len(self._text)] if self._starts else []
            runs = zip(self._sources, self._starts, ends, strict=True)
            self._offsets = tuple(chain.from_iterable(range(s, s + b - a) for s, a, b in runs))
        return self._offsets

    def __len__(self) -> int:
        return len(self._text)

    def source_span(self, i: int, j: int) -> tuple[int, int]:
        """Source span [start, end) covering view characters [i, j) (j > i)."""
        return self.source_spans(((i, j),))[0]

    def source_spans(self, pairs: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """`source_span` of each (i, j), in one call: the extractors map all of a paragraph's
        matches at once, and the runs answer without making the `offsets` tuple."""
        size = len(self._text)
        spans = []
        offsets, starts, sources = self._offsets, self._starts, self._sources
        for i, j in pairs:
            if not 0 <= i < j <= size:
                raise IndexError(f"view span {i}:{j} outside 0:{size}")
            if offsets is not None:
                spans.append((offsets[i], offsets[j - 1] + 1))
                continue
            r = bisect_right(starts, i) - 1
            start = sources[r] + i - starts[r]
            k = j - 1
            if r + 1 < len(starts) and k >= starts[r + 1]:  # the span crosses into later runs
                r = bisect_right(starts, k) - 1
            spans.append((start, sources[r] + k - starts[r] + 1))
        return spans

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TextView) or other.__class__ is not self.__class__:
            return NotImplemented
        return self._text == other._text and self.offsets == other.offsets

    def __hash__(self) -> int:
        return hash((self._text, self.offsets))

    def __repr__(self) -> str:
        return f"TextView(text={self._text!r}, offsets={self.offsets!r})"

    def __reduce__(self) -> tuple[type[TextView], tuple[str, tuple[int, ...]]]:
        return TextView, (self._text, self.offsets)

    @classmethod
    def of_source(cls, source: str, start: int, end: int) -> TextView:
        """The identity view of source[start:end]."""
        return cls.of_spans(source[start:end], [(start, end)])


@dataclass(frozen=True, slots=True)
class SourceLine:
    """What an input format knows of one line of the source beyond its text (a PDF's geometry, a
    Word paragraph's style): optional, for the layout stage to use where it exists. `role` is
    the reader's (pipeline.readers: "furniture", "footnote", "heading", "table", "text");
    `bbox` is x0, top, x1, bottom in points from the top left of the page; `note` the footnote
    number a footnote line belongs to."""

    start: int  # source span of the line's text
    end: int
    page: int = 1  # 1-based (a Word file has no pages: 1)
    bbox: tuple[float, float, float, float] | None = None
    font_size: float | None = None
    bold: bool | None = None
    role: str | None = None
    note: str | None = None
    cells: tuple[tuple[float, float], ...] | None = None  # x extents of its runs of text, apart
    # by column gaps: several for a table's row (PDF)


@dataclass(frozen=True)
class Document:
    """A decoded input file. `text` is the source every offset refers to: the file's text as
    decoded, or the text its reader extracted (HTML, PDF, Word), never altered afterwards."""

    doc_id: str  # the input file stem, e.g. "A-62-162.zh"
    path: str
    encoding: str  # of `text` as saved: the file's own, or utf-8 for extracted text
    lang: str  # a language of pipeline/resources (see pipeline.language)
    text: str
    input_format: str = "text"  # the input format's name (pipeline.ingest.formats)
    lines: tuple[SourceLine, ...] | None = None  # per-line structure, where the reader has it
    warnings: tuple[str, ...] = ()  # what ingest could not be sure of (a guessed encoding)


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
    # (and a text layer's CJK letter-spacing: what every extractor reads)
    # The clean text as the paragraphs table gives it, where it differs from the view's: a
    # letter-spaced layer's lines joined with their spaces (None: the view's text)
    text: str | None = None

    @property
    def clean_text(self) -> str:
        return self.view.text if self.text is None else self.text


@dataclass(frozen=True)
class Layout:
    document: Document
    paragraphs: tuple[Paragraph, ...]
    furniture: tuple[tuple[int, int], ...]  # source spans of page furniture (no zone)
    metadata: dict[str, Any] = field(default_factory=dict)  # what document.json states
    # Source spans of text inside a unit that names nothing (a web copy's links to other
    # documents): no mention of any kind lies in one
    opaque: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Segmented:
    """Layout plus the words of each paragraph, segmented once for every extractor.

    `words[k]`: paragraph k as the organization matcher reads it (see `Segmented.Words`); empty
    when the segment stage did not compute it (a hand-built Segmented, or a language without a
    matcher), in which case the extractor reads the paragraph itself. The view indices where a
    word starts or ends are `pipeline.segment.tagging(seg)`, derived from the words when
    asked for: no extractor needs them, so the stage does not pay for them."""

    @dataclass(frozen=True)
    class Words:
        """One paragraph's view text normalized for matching (full-width to ASCII, traditional
        to simplified, spaces inside Chinese dropped, ...), for each normalized character the
        index in the view of the character it comes from, and the words of the normalized text
        from the gazetteer-aware segmenter (a segmented language only: empty for others).

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


@dataclass
class Extraction:
    layout: Layout
    tables: dict[str, list[dict[str, Any]]]  # table name -> rows with TABLE_COLUMNS keys
