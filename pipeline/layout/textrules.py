"""The layout rules of text inputs (web copies, files converted to text or Markdown, one sentence a
line): the shapes every language shares (resources/layout.yaml, `text`) and the language's words
(resources/<lang>/layout.yaml, `text`), compiled once. The engine is pipeline/layout/flat.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.language import profile
from pipeline.resources import load_yaml


@dataclass(frozen=True)
class TextRules:
    chrome: frozenset[str]  # whole lines, casefolded
    chrome_pattern: re.Pattern[str] | None  # fullmatched
    chrome_shape: re.Pattern[str]  # fullmatched
    chrome_bar: str  # a navigation bar holds it
    nav_separator: re.Pattern[str]  # between a navigation bar's links
    title_line: re.Pattern[str] | None  # matched at the start of a line
    letter_title: re.Pattern[str] | None  # matched at the start of a line
    opening_line: re.Pattern[str] | None  # fullmatched against a whole line
    opening_inline: re.Pattern[str] | None  # searched for in flattened text
    preamble_line: re.Pattern[str] | None  # matched at the start of a line
    preamble_cut: re.Pattern[str] | None  # searched for: a comma, white space, a preamble word
    toc_inline: re.Pattern[str] | None  # searched for: a contents title before its column heads
    toc_columns: frozenset[str]
    inline_annex: re.Pattern[str] | None  # group 1 is the annex heading
    annex_line: re.Pattern[str] | None  # matched at the start of a line
    heading_before_paragraph: re.Pattern[str] | None  # group 1 is the heading
    part_title: re.Pattern[str]  # group 1: a resolution part's letter and title
    front_line: re.Pattern[str] | None  # matched at the start of a line
    record_line: re.Pattern[str] | None  # matched at the start of a line
    record_inline: re.Pattern[str] | None  # searched for in flattened text
    prose_after: re.Pattern[str] | None  # searched for in a flattened cover
    abbreviations: frozenset[str]  # a line ending with one ends no sentence
    article_heading: re.Pattern[str] | None  # fullmatched
    lost_number_heading: re.Pattern[str]  # matched at the start of a line
    markdown_heading: re.Pattern[str]
    markdown_footnote: re.Pattern[str]
    markdown_rule: re.Pattern[str]
    emphasis: str  # characters
    table_cell: str
    markdown_table_edge: str
    table_number_cell: re.Pattern[str]
    table_note: re.Pattern[str]
    table_gap: re.Pattern[str]
    table_figure: re.Pattern[str]  # fullmatched against a cell
    table_title: re.Pattern[str] | None  # fullmatched: "Table 1", a heading
    end_note: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    """The words as one alternation, longest first (a regex alternation takes the first that
    matches), each an English word where it ends in a Latin letter ("Noting", not "Notingham")."""
    out = []
    for w in sorted(set(words), key=lambda w: (-len(w), w)):  # one order in every process
        p = r"\s++".join(map(re.escape, w.split()))
        out.append(p + ("(?![A-Za-z])" if w[-1].isascii() and w[-1].isalpha() else ""))
    return "|".join(out)


def _lower_first(word: str) -> str:
    return word[:1].lower() + word[1:]


@lru_cache(maxsize=8)
def text_rules_for(lang: str) -> TextRules:
    shared = load_yaml("layout.yaml")["text"]
    own = profile(lang).rules("layout")
    t = own.get("text") or {}
    layout = own
    emph = re.escape(shared["emphasis"])
    em = f"[{emph}]{{0,3}}+"

    def maybe(key: str) -> re.Pattern[str] | None:
        p = t.get(key)
        return re.compile(p) if p else None

    openings = t.get("resolution_opening") or []
    words = t.get("preamble_words") or []
    adverbs = t.get("preamble_adverbs") or []
    opening_line = opening_inline = preamble_line = preamble_cut = None
    preamble = None
    if words:
        lowered = _alternation([_lower_first(w) for w in words])
        preamble = f"(?:(?:{_alternation(adverbs)})\\s*+(?:{lowered})|{_alternation(words)})"
        if not adverbs:
            preamble = f"(?:{_alternation(words)})"
        preamble_line = re.compile(f"{em}{preamble}")
        # (a footnote mark may follow the comma: "审议了报告,1 深信…", "工作报告,2/ 回顾…")
        preamble_cut = re.compile(f"[,，]{em}(?:\\d{{1,3}}/?+|\\*{{1,3}}+)?\\s++(?={em}{preamble})")
    if openings:
        names = _alternation(openings)
        end = t.get("resolution_opening_end", "[,，]?")
        opening_line = re.compile(f"{em}(?:{names}){em}{end}{em}")
        after = f"{em}{preamble}|" if preamble else ""
        # In flattened text: after white space (or at the start), with its comma, before a
        # preambular paragraph or the first operative one.
        opening_inline = re.compile(
            f"(?:(?<=\\s)|\\A){em}(?:{names}){em}[,，]{em}(?=\\s++(?:{after}1\\s*+[.．]\\s))"
        )
    toc_inline = None
    columns = t.get("toc_columns") or []
    if columns:
        titles = _alternation(list(layout["toc_title"]))
        toc_inline = re.compile(
            f"(?:(?<=\\s)|\\A)(?:{titles})\\s++(?=(?:{_alternation(columns)})(?:\\s|\\Z))"
        )
    return TextRules(
        chrome=frozenset(w.casefold() for w in t.get("chrome") or []),
        chrome_pattern=maybe("chrome_pattern"),
        chrome_shape=re.compile(shared["chrome_shape"]),
        chrome_bar=shared["chrome_bar"],
        nav_separator=re.compile(shared["nav_separator"]),
        title_line=maybe("title_line"),
        letter_title=maybe("letter_title"),
        opening_line=opening_line,
        opening_inline=opening_inline,
        preamble_line=preamble_line,
        preamble_cut=preamble_cut,
        toc_inline=toc_inline,
        toc_columns=frozenset(columns),
        inline_annex=maybe("inline_annex"),
        annex_line=maybe("annex_line"),
        heading_before_paragraph=maybe("inline_heading_before_paragraph"),
        part_title=re.compile(shared["part_title"]),
        front_line=maybe("front_line"),
        record_line=maybe("record_line"),
        record_inline=maybe("record_inline"),
        prose_after=maybe("prose_after"),
        abbreviations=frozenset(t.get("abbreviations") or []),
        article_heading=maybe("article_heading"),
        lost_number_heading=re.compile(shared["lost_number_heading"]),
        markdown_heading=re.compile(shared["markdown_heading"]),
        markdown_footnote=re.compile(shared["markdown_footnote"]),
        markdown_rule=re.compile(shared["markdown_rule"]),
        emphasis=shared["emphasis"],
        table_cell=shared["table_cell"],
        markdown_table_edge=shared["markdown_table_edge"],
        table_number_cell=re.compile(shared["table_number_cell"]),
        table_note=re.compile(shared["table_note"]),
        table_gap=re.compile(shared["table_gap"]),
        table_figure=re.compile(shared["table_figure"]),
        table_title=maybe("table_title"),
        end_note=re.compile(shared["end_note"]),
    )
