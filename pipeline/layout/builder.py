"""The layout builder: the zones of a document (front matter, contents, body, annexes), then
its paragraphs and what it states about itself."""

from __future__ import annotations

from typing import Any

from pipeline.layout.body import BodyWalker
from pipeline.layout.lines import Line
from pipeline.layout.metadata import document_metadata
from pipeline.layout.structured import FOOTNOTE, STRUCTURED_KINDS, TABLE
from pipeline.layout.textlines import (
    ANNEX,
    CAPTION,
    HEADING,
    LETTER,
    OPENING,
    PREAMBLE,
    PROSE,
    TITLE,
    TOC,
)
from pipeline.model import Layout, Paragraph


class LayoutBuilder(BodyWalker):
    # -- zones -------------------------------------------------------------------------------
    def find_toc(self, content: list[Line]) -> tuple[int, int] | None:
        """Index range [a, b] into `content` of the table of contents, if there is one."""
        # (A numbered entry of the contents, "1. Committees ..... 19-22 8", opens no paragraph;
        # nor one whose leader and page are on its next line.)
        first_para = next(
            (
                k
                for k, ln in enumerate(content)
                if self.numbered(ln, 1)
                and not self.is_toc_entry(ln)
                and not (
                    k + 1 < len(content)
                    and content[k + 1].folded.find("...") >= 0
                    and self.rules.toc_locator.search(content[k + 1].folded)
                )
            ),
            len(content),
        )
        title = next(
            (k for k, ln in enumerate(content[:first_para]) if ln.folded in self.rules.toc_title),
            None,
        )
        entries = [k for k in range(first_para) if self.is_toc_entry(content[k])]
        if title is not None:
            listed_end, stopped = self.contents_listing(content, title, first_para)
            # (In a PDF or Word file the contents end where their listing stops: a table's
            # rows below may end in two numbers too.)
            entries = [k for k in entries if k > title and (content[k].src is None or k < stopped)]
            end = entries[-1] if entries else title
            return title, max(end, listed_end)
        if len(entries) >= 3:
            return entries[0], entries[-1]
        return None

    def contents_listing(self, content: list[Line], title: int, stop: int) -> tuple[int, int]:
        """The last line of contents written one entry a line under the title at `title` (the
        entry's title, its paragraph range and its page each on a line of their own: "I.
        Introduction", "1–4", "2"). The list runs over the lines that could be entries, up to
        `stop` (the first paragraph): none ends a sentence, none repeats a title listed
        above it (the body's first heading repeats the first entry). It ends with its last
        locator line, or with the text where it runs to the end. With fewer than two locators
        there is no such list: its end is `title`. Returns its end and the index where the
        listing stopped."""
        locators: list[int] = []
        listed: set[str] = set()
        k = title + 1
        while k < stop:
            ln = content[k]
            # (A heading's number alone on its line, "I.", ends in a stop but is no sentence.)
            text = ln.kind in ("content", TABLE)  # (Word lays its contents out as a table)
            # (A title that wraps to a line of leader dots, its page on the next: no sentence.)
            sentence = ln.ends_sentence and not ln.folded.endswith("..")
            if ln.kind == "rule" or (text and sentence and ln.width > 4):
                break
            if self.rules.toc_locator.search(ln.folded):
                locators.append(k)
            elif text:
                name = "".join(ln.folded.split()).casefold()
                # (A PDF repeats the contents' own column heads on each of their pages: there
                # the body's first heading is a heading by its type.)
                if name in listed and (ln.src is None or self.heading_by_role(ln)):
                    break
                listed.add(name)
            k += 1
        if len(locators) < 2:
            return title, k
        return (k - 1 if k == len(content) else locators[-1]), k

    def front_end(self, content: list[Line], stop: int) -> int:
        """Where the front matter ends, at `stop` (the contents or the first paragraph) at the
        latest: at an annex heading that is a whole line, or at the first line of a block of prose
        (its last line ends a sentence; the full lines above it that do not are its first ones;
        `front.prose_width` columns at least; a `*` cover footnote is none) that comes before any
        front section title (a summary: it runs to `stop`, prose and all), which stands alone on
        its line or ends it."""
        rules = self.rules
        for k in range(stop):
            ln = content[k]
            if ln.kind != "content":
                continue
            # The title on its own line, or ending one (flattened text: "…2004 A/59/2 Note").
            if ln.folded.rpartition(" ")[2] in rules.front_section_title:
                return stop
            if self.front_section_inside(ln):  # flattened: "…Secretary-General Summary The …"
                return stop
            if self.roles.get(ln) == LETTER:  # a letter's text begins after its title
                return self.letter_title_end(content, k, stop)
            if self.roles.get(ln) == PROSE:  # cut where a flattened cover's prose begins
                return k
            if rules.annex_heading.fullmatch(ln.folded):
                return k
            if not ln.ends_sentence or ln.folded.startswith(("*", "＊")) or self.no_prose_end(ln):
                continue
            if ln.src is not None and ln.src.role == FOOTNOTE:
                continue  # a cover's note (its mark on the line above) is no prose
            first, width = k, ln.width
            while first > 0:
                above = content[first - 1]
                if above.kind != "content" or above.ends_sentence or not self.is_full(above):
                    break
                if self.roles.get(above) == TITLE:  # a letter's title: no line of its prose
                    break
                first -= 1
                width += above.width
            if width >= rules.front_prose_width:
                return first
        return stop

    def letter_title_end(self, content: list[Line], k: int, stop: int) -> int:
        """Where a letter's title that starts at content[k] ends: it wraps over the lines right
        under it (no blank line between; four lines at most) that end no sentence nor clause
        (`Identical letters dated … from the Permanent ⏎ Representative of … addressed to the ⏎
        Secretary-General …`); the letter's first sentence, or `Excellency,`, is its text."""
        end = k + 1
        while end < min(stop, k + 4):
            ln = content[end]
            if ln.kind != "content" or ln.index != content[end - 1].index + 1 or self.roles.get(ln):
                break
            if ln.ends_sentence or ln.folded.endswith(self.rules.clause_ends):
                break
            end += 1
        return end

    def starts_text(self, ln: Line) -> bool:
        """The line starts the document's text (the front ends before it): a numbered paragraph,
        a heading, a resolution's opening or preamble, an annex heading cut out of flattened
        text; not the title line of a copy, a table row or a contents line."""
        role = self.roles.get(ln)
        if role in (TITLE, LETTER, TABLE, TOC):  # (a table row's role is the table kind's name)
            return False
        if role in (OPENING, PREAMBLE, HEADING, ANNEX, CAPTION):
            return True
        return self.numbered(ln, None) or self.is_heading_line(ln)

    def build(self) -> Layout:
        walked = ("content", "rule", "mark", *STRUCTURED_KINDS)
        content = [ln for ln in self.lines if ln.kind in walked]
        content = self.unflatten(content)  # flattened text cut, roles given (flat.py)
        toc = self.toc_by_roles(content) or self.find_toc(content)
        body_from: int | None
        unnumbered = False  # no contents, no numbered paragraph or heading
        if toc:
            body_from = toc[1] + 1
            front_to = toc[0]
        else:
            body_from = next((k for k, ln in enumerate(content) if self.starts_text(ln)), None)
            if body_from is None:  # no numbered paragraph or heading: front ends at the prose
                unnumbered = True
                body_from = self.first_prose(content)
            front_to = body_from
        # The front may end before the contents or the first paragraph (a note's transmittal
        # text, an annex heading). The text between is walked on its own: an annex zone it opens
        # ends there, and the contents and numbered text after it keep their units. (Unnumbered
        # text is walked in one go: it has no first paragraph to start again at.)
        front_end = self.front_end(content, front_to)
        if self.geometry.margins:  # a PDF: at the first indented line of running text
            front_end = min(front_end, self.front_ends_at(content, front_to))
        if front_end > 0:  # (from its first text: not a page number or mark above it; a
            # cover set as a table, a Word masthead, is text of the front)
            first = next(
                (ln for ln in content[:front_end] if ln.kind in ("content", TABLE)), content[0]
            )
            front = self.new_unit("front", "front", first)
            for ln in content[:front_end]:
                self.add_line(front, ln)
            notes = [ln for ln in content[:front_end] if ln.kind == FOOTNOTE]
            if notes:  # numbered notes of the cover are footnotes all the same
                self.add_footnotes(notes)
        if unnumbered:
            body_from = front_end
        elif front_end < front_to:
            self.walk_body(content[front_end:front_to])
            self.section = ""  # neither the contents nor the text after them stand under it
        if toc:
            unit = self.new_unit("toc", "toc", content[toc[0]])
            for ln in content[toc[0] : toc[1] + 1]:
                if ln.kind == "mark":  # in the contents a number alone on its line is a page
                    unit.add(ln.start, ln.text, False, False)
                else:
                    self.add_line(unit, ln)
        self.walk_body(content[body_from:])
        return self.finish()

    def finish(self) -> Layout:
        paragraphs = []
        for unit in self.units:
            if not unit.texts and unit.zone != "footnote":
                continue
            view = self.view_of(unit)
            clean = self.clean_text_of(unit, view)
            start = unit.first if unit.first is not None else unit.starts[0]
            end = unit.starts[-1] + len(unit.texts[-1]) if unit.texts else start
            paragraphs.append(
                Paragraph(
                    key=unit.key,
                    zone=unit.zone,
                    number=unit.number,
                    section=unit.section if unit.zone != "front" else "",
                    page_start=unit.page_start,
                    start=start,
                    end=end,
                    view=view,
                    text=clean,
                )
            )
        # Footnote rules are furniture too (they separate, they say nothing).
        furniture = tuple(
            sorted(
                [(ln.start, ln.end) for ln in self.lines if ln.kind in ("furniture", "rule")]
                + self.markup  # web chrome, Markdown marks (flat.py)
            )
        )
        meta: dict[str, Any] = document_metadata(
            self.doc, paragraphs, self.lines, self.line_count, self.running_head
        )
        return Layout(self.doc, tuple(paragraphs), furniture, meta, tuple(sorted(self.opaque)))
