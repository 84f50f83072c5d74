"""The layout rules of a language: the conventions every UN document shares
(resources/layout.yaml) and the language's own words and patterns (resources/<lang>/layout.yaml),
compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.language import profile
from pipeline.resources import load_yaml

# The shapes a whole line may have, in the order they are tried: the first that matches decides.
# A line shaped like the running head is furniture only if it is the running head; otherwise the
# other shapes decide (LINE_SHAPES without the first).
LINE_SHAPES = ("running_head", "job_number", "barcode", "footnote_rule", "mark", "link_artifact")


@dataclass(frozen=True)
class Rules:
    page_number: re.Pattern[str]
    # One alternation of the furniture patterns, a named group for each of LINE_SHAPES: a line
    # is fullmatched once and `lastgroup` names its shape, instead of trying them in turn. (So a
    # furniture pattern may not refer to a group by its number.)
    line_shape: re.Pattern[str]
    line_shape_not_head: re.Pattern[str]
    mark: re.Pattern[str]  # fullmatched against the line as written (see layout.yaml)
    paragraph: re.Pattern[str]
    section_paragraph: re.Pattern[str]
    table_note: re.Pattern[str]  # matched at the start of a line under a table: its note
    heading: re.Pattern[str]
    heading_documents: re.Pattern[str]  # fullmatched: the documents under an agenda item
    toc_entry: re.Pattern[str]
    toc_locator: re.Pattern[str]
    sentence_stops: str  # characters
    sentence_closers: str
    clause_ends: tuple[str, ...]
    toc_title: frozenset[str]
    annex_heading: re.Pattern[str]
    front_prose_width: int  # a block of prose this wide ends the front (see front_end)
    front_section_title: frozenset[str]
    inline_paragraph: re.Pattern[str]
    inline_not_after: frozenset[str]
    inline_heading: re.Pattern[str] | None  # none for a language whose headings cannot be told
    adoption: re.Pattern[str] | None  # a resolution's adoption line (meeting and date)
    adoption_anchor: re.Pattern[str] | None  # in a line near every adoption line

    def ends_sentence(self, folded: str) -> bool:
        """Whether (folded) text ends a sentence: its last character but closing quotes and
        brackets is a stop."""
        # (What rstrip takes off the end is a stop: cheaper than endswith a tuple of them.)
        body = folded.rstrip(self.sentence_closers)
        return len(body.rstrip(self.sentence_stops)) < len(body)


@lru_cache(maxsize=8)
def rules_for(lang: str) -> Rules:
    data = load_yaml("layout.yaml")
    own = profile(lang).rules("layout")
    f, n = data["furniture"], data["numbering"]
    adoption = own.get("adoption")
    inline_heading = own.get("inline_heading")

    def full(p: str) -> re.Pattern[str]:
        return re.compile(rf"(?:{p})")

    def shapes(names: tuple[str, ...]) -> re.Pattern[str]:
        shape = [f[name].replace("{symbol}", data["symbol"]) for name in names]
        return re.compile("|".join(f"(?P<{n}>{p})" for n, p in zip(names, shape, strict=True)))

    return Rules(
        page_number=full(f["page_number"]),
        line_shape=shapes(LINE_SHAPES),
        line_shape_not_head=shapes(LINE_SHAPES[1:]),
        mark=full(f["mark"]),
        paragraph=re.compile(n["paragraph"]),
        section_paragraph=re.compile(n["section_paragraph"]),
        table_note=re.compile(
            "|".join(
                [n["table_note_mark"]]
                + [rf"{re.escape(w)}\s*+[:：]" for w in own.get("table_note_title", [])]
            )
        ),
        heading=re.compile(n["heading"]),
        heading_documents=re.compile(n["heading_documents"].replace("{symbol}", data["symbol"])),
        toc_entry=re.compile(n["toc_entry"]),
        toc_locator=re.compile(n["toc_locator"]),
        sentence_stops=n["sentence_end"]["stops"],
        sentence_closers=n["sentence_end"]["closers"],
        clause_ends=tuple(n["clause_end"]),
        toc_title=frozenset(own["toc_title"]),
        annex_heading=full(own["annex_heading"]),
        front_prose_width=data["front"]["prose_width"],
        front_section_title=frozenset(own["front_section_title"]),
        inline_paragraph=re.compile(n["inline_paragraph"]),
        inline_not_after=frozenset(own["inline_not_after"]),
        inline_heading=re.compile(inline_heading) if inline_heading else None,
        adoption=re.compile(adoption["pattern"]) if adoption else None,
        adoption_anchor=re.compile(adoption["anchor"]) if adoption else None,
    )
