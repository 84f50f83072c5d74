"""UN document symbols and cited resolutions: find them in a paragraph, then canonicalize them.

The grammar is data: resources/symbols/grammar.yaml (symbol series, components, suffix words,
citation number shapes, which body's acts become which symbol) and resources/<lang>/symbols.yaml
(the language's citation phrases, body names, sales-number prefix). This module is the engine
and knows no language.

Finding: a paragraph holding none of the characters every match needs ("/", 第, ...) is done
in one search; otherwise one master regular expression per language, compiled once (each
alternative behind a lookahead on its first characters), scans it left to right in one pass.
Its alternatives are, in order: URLs (consumed so that their slashes never read as symbols),
sales numbers after their prefix, citations by number (第 61/66 号决议, resolutions 53/77 E and
53/77 T) and document symbols (A/62/163, with a following "和 Corr.2").
Normalizing: each hit is then parsed into one or more mentions (a list of resolutions, a symbol
and its corrigendum), each with its canonical symbol, kind, cited paragraph and undocs.org URL.

The text is matched after folding full-width ASCII to ASCII one-to-one (／ → /, （ → (), so
offsets into the folded text are offsets into the paragraph's view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from pipeline.extract.base import Match, class_members, first_char, required_chars, rows_for
from pipeline.language import profile
from pipeline.model import Paragraph, Segmented
from pipeline.resources import load_yaml
from pipeline.text.fold import fold_full_width as fold

UNDOCS = "https://undocs.org/"
# What `fold` changes: full-width ASCII and the ideographic space (see pipeline/text/fold.py).
FOLDED_CHARS = [chr(c) for c in range(0xFF01, 0xFF5F)] + ["\u3000"]
NO_URL_KINDS = frozenset({"decision", "sales_number"})  # no document symbol of their own
# Compiled once (a module-level re.sub/match call pays a cache lookup each time).
SPACES = re.compile(r"\s+")
DIGIT = re.compile(r"\d")
JOB = re.compile(r"-\d{5}(?!\d)")  # what every page mark `blank` reads as white space holds
WORD = re.compile(r"[A-Za-z]+")
SERIAL = re.compile(r"\d+/(\d+)")
PIECE = re.compile(r"[^/]+")
TRIMMED = re.compile(r"\S(?:.*\S)?", re.S)


def _nospace(s: str) -> str:
    return SPACES.sub("", s)


def _alternation(names: list[str]) -> str:
    """A regex alternation of literal names, longest first so that a longer name wins."""
    return "(?:" + "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n))) + ")"


def _name_key(name: str) -> str:
    """How a body's name is looked up: case and spacing aside (`World Health\nAssembly`)."""
    return SPACES.sub(" ", name).upper()


@dataclass(frozen=True)
class Act:
    prefix: str  # canonical symbol = prefix + number; "" keeps the number alone
    kind: str


@dataclass(frozen=True)
class Body:
    shapes: frozenset[str]  # number shapes this body's acts use
    acts: dict[str, Act]  # "resolution" / "decision" -> Act


@dataclass
class _Context:
    """Per-paragraph facts needed only when a citation has to find the body that adopted it."""

    names: list[tuple[int, int, str | None]]  # (start, end, body) of each body name
    sentence_starts: list[int]
    home: str | None = None  # the document's own body

    def sentence_start(self, pos: int) -> int:
        start = 0
        for s in self.sentence_starts:
            if s > pos:
                break
            start = s
        return start

    def sentence_end(self, pos: int) -> int:
        return next((s for s in self.sentence_starts if s > pos), 1 << 30)


class Grammar:
    """The compiled grammar of one language."""

    def __init__(self, lang: str) -> None:
        shared = load_yaml("symbols/grammar.yaml")
        local = profile(lang).rules("symbols")
        self.lang = lang

        # --- document symbols
        comp = shared["components"]
        self.words = {w.upper(): w for w in shared["words"]}
        self.body_words = frozenset(w.upper() for w in shared["body_words"])
        self.kind_by_prefix = sorted(
            shared["kind_by_prefix"].items(), key=lambda kv: len(kv[0]), reverse=True
        )
        roots = (
            "(?:"
            + "|".join(
                [_alternation(list(shared["series"]) + list(shared["press_series"]))]
                + list(shared.get("series_patterns") or [])
            )
            + ")"
        )
        mixed = _alternation(shared["words"])
        component = (
            f"(?:{comp['session']}|{comp['number']}"
            f"|(?:{mixed}|[A-Z][A-Z0-9]*)(?![a-z]){comp['word_suffix']})"
        )
        # Not inside a longer token or a path; whitespace allowed after "/" only (a line break).
        # Atomic, so that a symbol is never cut back to a shorter one that happens to fit.
        # A suffix glued to the number before it, its "/" missing (A/BUR/54/1Add.1): read as
        # the component it is (A/BUR/54/1/Add.1). Only the mixed-case words, so that a letter
        # of a resolution (56/24V) or an upper-case word is never split off.
        expansion = _alternation(shared["expansion_words"])
        glued = rf"(?<=\d){expansion}\.\s?\d+(?!\d)"
        self.glued = re.compile(rf"(?<=\d){expansion}\.\s?\d+\Z")
        symbol = rf"(?<![A-Za-z0-9/._])(?>{roots}(?:/\s*{component})+(?:{glued})?)(?![A-Za-z0-9])"
        suffix = expansion + r"\.\s?\d+(?!\d)"
        conn = local["expansion_connector"]
        self.expansion = re.compile(f"{conn}(?P<suffix>{suffix})")

        # --- citations by number
        self.shapes = dict(shared["citation_numbers"])
        self.number = re.compile("|".join(f"(?P<{k}>{v})" for k, v in self.shapes.items()))
        number_any = "(?:" + "|".join(self.shapes.values()) + ")"
        # `{symbol}` in a separator: a document symbol in brackets between two numbers of a list
        # (第 48/264(A/52/856)和第 51/241 号决议) is a mention of its own, found in the separator.
        separator = local["item_separator"].replace("{symbol}", symbol)
        self.item_sep = re.compile(separator)
        items = f"{number_any}(?:(?:{separator}){number_any})*"
        self.citation_acts: dict[str, str] = {}
        citation_parts = []
        for i, c in enumerate(local["citations"]):
            self.citation_acts[f"c{i}"] = c["act"]
            body = c["pattern"].replace("{items}", f"(?P<i{i}>{items})")
            citation_parts.append(f"(?P<c{i}>{body})")
        self.bodies = {
            name: Body(
                shapes=frozenset(b["shapes"]),
                acts={
                    a: Act(b[a]["prefix"], b[a]["kind"])
                    for a in ("resolution", "decision")
                    if a in b
                },
            )
            for name, b in shared["acts"].items()
        }
        self.default_body: dict[str, dict[str, str]] = shared["default_body"]
        self.ga_decision_min = int(shared["ga_decision_min_number"])
        before, after = local.get("para_ref_before"), local.get("para_ref_after")
        self.para_before = re.compile(f"(?:{before})\\Z") if before else None
        self.para_after = re.compile(after) if after else None
        self.body_of: dict[str, str | None] = {
            _name_key(n): b for n, b in local["body_names"].items()
        }
        # Home names (`Council`) stand for the document's own body where it is one of theirs.
        self.home_names = {_name_key(n): set(b) for n, b in (local.get("home_names") or {}).items()}
        names = list(local["body_names"]) + list(local.get("home_names") or {})
        variants = sorted({v for n in names for v in (n, n.upper())}, key=lambda v: (-len(v), v))
        self.body_names = re.compile(
            "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in variants)
        )
        self.home_body = sorted(
            (shared.get("home_body") or {}).items(), key=lambda kv: len(kv[0]), reverse=True
        )
        self.press_joint = re.compile(shared.get("press_joint") or "(?!)")
        blank = shared.get("blank") or []
        self.blank = re.compile("|".join(f"(?:{b})" for b in blank)) if blank else None
        # A list of mandates under a heading naming its acts (`General Assembly resolutions`).
        heading = local.get("list_heading")
        self.list_heading = re.compile(rf"\s*(?:{heading})\s*") if heading else None
        self.list_acts: dict[str, str] = dict(local.get("list_acts") or {})
        self._listed: dict[str, tuple[str, str] | None] = {}
        list_sep = local.get("list_separator") or "(?!)"
        self.listed = re.compile(rf"\s*(?P<items>{number_any}(?:(?:{list_sep}){number_any})*)")
        self.sentence_end = re.compile(local["sentence_end"])
        after_if = local.get("body_after_if")
        self.body_after_if = re.compile(after_if) if after_if else None

        # --- the master pattern: one pass over a paragraph
        document = (
            rf"(?P<sym>{symbol})(?P<bracket>{shared['resolution_bracket']})?"
            rf"(?P<exp>(?:{conn}{suffix})*)"
        )
        self.document = re.compile(document)  # symbols inside a citation's list separators
        alternatives = [
            f"(?P<url>{shared['url']})",
            f"{local['sales_prefix']}(?P<sales>{shared['sales_number']})",
            *citation_parts,
            document,
        ]
        # One character test per position first, then per alternative: most characters of a
        # paragraph (CJK text, lower-case words) cannot begin any of them.
        any_first = first_char(*alternatives)
        self.master = re.compile(
            (f"(?={any_first})" if any_first else "")
            + "(?:"
            + "|".join(_guarded(a) for a in alternatives)
            + ")"
        )
        # Every match holds one of a few characters ("/" for a symbol, 第 for a citation): a
        # paragraph with none of them, as written or full-width, is done in one search.
        need = required_chars(*alternatives)
        members = class_members(need) if need else None
        if members:
            twins = [c for c in FOLDED_CHARS if fold(c) in members]
            self.candidate: re.Pattern[str] | None = re.compile(
                "[" + re.escape("".join(members + twins)) + "]"
            )
        else:
            self.candidate = None

    # ------------------------------------------------------------------ finding

    def _fold(self, text: str) -> str:
        """Full-width ASCII as ASCII, page furniture left inside a paragraph as white space
        (`… 57/11 of 12 November 18-12345 3/10 2002, 58/7 …`); same length."""
        folded = fold(text)
        # Every page mark holds a job number (-12345): a literal first, so the test is fast.
        if self.blank is not None and "-" in folded and JOB.search(folded):
            folded = self.blank.sub(lambda m: " " * (m.end() - m.start()), folded)
        return folded

    def home_of(self, symbol: str) -> str | None:
        """The body whose text the document with this symbol is (grammar.yaml, home_body)."""
        for prefix, body in self.home_body:
            if symbol.startswith(prefix):
                return body
        return None

    def find(self, text: str, home: str | None = None) -> list[Match]:
        """Symbol mentions of `text`; `home` is the document's own body (see `home_of`)."""
        if self.candidate is not None and not self.candidate.search(text):
            return []
        folded = self._fold(text)
        ctx: _Context | None = None
        out: list[Match] = []
        for m in self.master.finditer(folded):
            if m.group("sales") is not None:
                out.append(self._sales(folded, m))
            elif m.group("sym") is not None:
                out.extend(self._symbols(folded, m))
            elif m.lastgroup in self.citation_acts:
                if ctx is None:
                    ctx = self._context(folded, home)
                out.extend(self._citations(folded, m, ctx))
            # a URL: nothing inside it is a symbol
        return sorted(out, key=lambda x: (x.start, x.end))

    def listed_under(self, heading: str) -> tuple[str, str] | None:
        """(act, body) of a heading over a list of mandates (`General Assembly resolutions`)."""
        if self.list_heading is None:
            return None
        if heading not in self._listed:  # a section's units share its heading: read it once
            self._listed[heading] = self._read_list_heading(heading)
        return self._listed[heading]

    def _read_list_heading(self, heading: str) -> tuple[str, str] | None:
        assert self.list_heading is not None
        h = self.list_heading.fullmatch(fold(heading))
        if h is None:
            return None
        body = self.body_of.get(_name_key(h.group("body")))
        act = self.list_acts.get(h.group("act"))
        return (act, body) if act and body else None

    def find_listed(self, text: str, act: str, body: str) -> list[Match]:
        """The acts whose numbers open a row of a list of mandates (`50/152; 53/125  Office …`),
        adopted by the body its heading names. Numbers in the rest of the row are not cited."""
        folded = self._fold(text)
        m = self.listed.match(folded)
        if m is None:
            return []
        out = []
        for n in self.number.finditer(folded, m.start("items"), m.end("items")):
            if not self._fits(body, n.lastgroup or "", act):
                return []  # a row that does not open with this body's numbers
            number = _nospace(n.group(0)).upper()
            adopted = self.bodies[body].acts[act]
            out.append(Match(n.start(), n.end(), _values(adopted.prefix + number, adopted.kind)))
        return out

    # ------------------------------------------------------------------ sales numbers

    def _sales(self, text: str, m: re.Match[str]) -> Match:
        s, e = m.span("sales")
        return Match(s, e, _values(_nospace(text[s:e]), "sales_number"))

    # ------------------------------------------------------------------ document symbols

    def _symbols(self, text: str, m: re.Match[str]) -> list[Match]:
        s, e = m.span("sym")
        comps = _components(text, s, e)
        glued = self.glued.search(text, comps[-1][0], comps[-1][1])
        if glued is not None:  # A/BUR/54/1Add.1: two components, "1" and "Add.1"
            a, b = comps.pop()
            comps += [(a, glued.start()), (glued.start(), b)]
        # A symbol never ends on a body's name (E/CN.4/Sub.2 is the Sub-Commission): cut back.
        trimmed = False
        while len(comps) > 2 and _word(text[comps[-1][0] : comps[-1][1]]) in self.body_words:
            comps.pop()
            trimmed = True
        last = text[comps[-1][0] : comps[-1][1]]
        if len(comps) < 2 or not DIGIT.search(last) or _word(last) in self.body_words:
            return []
        e = comps[-1][1]
        parts = [self._canonical_component(text[a:b]) for a, b in comps]
        if not trimmed and m.group("bracket") and "RES" in parts:
            parts[-1] += _nospace(m.group("bracket"))
            e = m.end("bracket")
        symbol = "/".join(parts)
        kind = self._kind(symbol)
        joint = self.press_joint.match(text, e) if kind == "press_release" else None
        if joint is not None:  # SC/7791-IK/365
            symbol += joint.group(0)
            e = joint.end()
        out = [Match(s, e, _values(symbol, kind))]
        if trimmed:
            return out
        # "A/60/88 和 Corr.2": each further suffix is a mention of its own document.
        pos, end = m.span("exp")
        while pos < end:
            x = self.expansion.match(text, pos, end)
            if x is None:
                break
            xs, xe = x.span("suffix")
            suffix = self._canonical_component(x.group("suffix"))
            base = parts[:-1] if _word(parts[-1]) == _word(suffix) else parts
            value = "/".join([*base, suffix])
            out.append(Match(xs, xe, _values(value, self._kind(value))))
            pos = x.end()
        return out

    def _canonical_component(self, comp: str) -> str:
        comp = _nospace(comp)
        word = WORD.match(comp)
        if not word or comp[: word.end()].isdigit():
            return comp.upper()
        head = word.group(0)
        canonical = self.words.get(head.upper(), head.upper())
        return canonical + comp[word.end() :].upper()

    def _kind(self, symbol: str) -> str:
        for prefix, kind in self.kind_by_prefix:
            if symbol.startswith(prefix):
                return kind
        return "document"

    # ------------------------------------------------------------------ citations by number

    def _context(self, text: str, home: str | None) -> _Context:
        names = []
        for n in self.body_names.finditer(text):
            key = _name_key(n.group(0))
            if key in self.body_of:
                names.append((n.start(), n.end(), self.body_of[key]))
            elif home is not None and home in self.home_names.get(key, ()):
                names.append((n.start(), n.end(), home))
        starts = [x.end() for x in self.sentence_end.finditer(text)]
        return _Context(names, starts, home)

    def _citations(self, text: str, m: re.Match[str], ctx: _Context) -> list[Match]:
        group = m.lastgroup  # `c<i>`: its alternative's outermost group closes last
        assert group is not None
        act = self.citation_acts[group]
        s, e = m.span("i" + group[1:])
        items: list[tuple[int, int, str]] = []  # (start, end, shape)
        inside: list[Match] = []  # document symbols in brackets between two numbers
        pos = s
        while pos < e:
            n = self.number.match(text, pos, e)
            if n is None:
                break
            shape = n.lastgroup or ""
            # A bare number after a list separator is a year or a count ("resolution 1701 (2006)
            # to 2008"), unless the list is of bare numbers (resolutions 1325 and 1820).
            if items and shape == "plain" and items[0][2] != "plain":
                break
            items.append((n.start(), n.end(), shape))
            sep = self.item_sep.match(text, n.end(), e)
            if sep is None or sep.end() == n.end():
                break
            if "(" in sep.group(0):
                for x in self.document.finditer(text, sep.start(), sep.end()):
                    inside.extend(self._symbols(text, x))
            pos = sep.end()
        para_ref: int | str = ""
        if len(items) == 1:
            para_ref = self._para_ref(text, m.start(group), m.end(group))
        start = m.start(group)
        look_after = bool(
            self.body_after_if and self.body_after_if.search(text, max(0, start - 40), start)
        )
        out = []
        for a, b, shape in items:
            number = _nospace(text[a:b]).upper()
            body = self._body(ctx, a, shape, act, number, look_after)
            if body is None:
                continue
            adopted = self.bodies[body].acts[act]
            symbol = adopted.prefix + number
            out.append(Match(a, b, _values(symbol, adopted.kind, para_ref)))
        return out + inside

    def _para_ref(self, text: str, start: int, end: int) -> int | str:
        if self.para_after is not None:
            x = self.para_after.match(text, end)
            if x:
                return int(x.group("para"))
        if self.para_before is not None:
            x = self.para_before.search(text, max(0, start - 200), start)
            if x:
                return int(x.group("para"))
        return ""

    def _fits(self, body: str, shape: str, act: str) -> bool:
        b = self.bodies[body]
        return shape in b.shapes and act in b.acts

    def _body(
        self, ctx: _Context, pos: int, shape: str, act: str, number: str, look_after: bool
    ) -> str | None:
        """Who adopted the act cited at `pos`: the nearest body named before it in the same
        sentence that uses this number shape; with `look_after` ("In its resolution 40/16, the
        Human Rights Council"), else the first one named after it; else the shape's default."""
        sentence = ctx.sentence_start(pos)
        for start, end, body in reversed(ctx.names):
            if end > pos:
                continue
            if start < sentence:
                break
            if body is not None and self._fits(body, shape, act):
                return body
        if look_after:
            stop = ctx.sentence_end(pos)
            for start, _end, body in ctx.names:
                if pos < start < stop and body is not None:
                    if self._fits(body, shape, act):
                        return body
                    break
        if ctx.home is not None and self._fits(ctx.home, shape, act):
            return ctx.home  # `resolution 5/2` in a Human Rights Council text
        body = self.default_body.get(act, {}).get(shape)
        if body == "ga" and act == "decision" and shape == "session":
            serial = int(SERIAL.match(number).group(1))  # type: ignore[union-attr]
            if serial < self.ga_decision_min:
                body = "other"
        if body is None or not self._fits(body, shape, act):
            return None
        return body


def _guarded(pattern: str) -> str:
    """`pattern`, preceded by a lookahead for the characters its matches can begin with."""
    guard = first_char(pattern)
    return f"(?={guard})(?:{pattern})" if guard else pattern


def _components(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Spans of the "/"-separated components of text[s:e], surrounding whitespace excluded."""
    spans = []
    for piece in PIECE.finditer(text[s:e]):
        inner = TRIMMED.search(piece.group(0))
        if inner:
            spans.append((s + piece.start() + inner.start(), s + piece.start() + inner.end()))
    return spans


def _word(comp: str) -> str:
    """The leading word of a component, upper-cased ("Sub.2" -> "SUB", "61" -> "")."""
    w = WORD.match(comp)
    return w.group(0).upper() if w else ""


def _values(symbol: str, kind: str, para_ref: int | str = "") -> dict[str, Any]:
    return {
        "symbol": symbol,
        "kind": kind,
        "para_ref": para_ref,
        "url": "" if kind in NO_URL_KINDS else UNDOCS + symbol,
    }


@cache
def grammar(lang: str) -> Grammar:
    return Grammar(lang)


def find_symbols(text: str, lang: str, doc_symbol: str | None = None) -> list[Match]:
    """Symbol mentions in a plain string (a paragraph's clean text), in text order; `doc_symbol`,
    the document's own symbol, says whose text it is (`resolution 5/2` in an HRC text)."""
    g = grammar(lang)
    return g.find(text, g.home_of(doc_symbol) if doc_symbol else None)


def extract(seg: Segmented) -> list[dict[str, Any]]:
    layout = seg.layout
    lang = layout.document.lang
    if not profile(lang).has("symbols"):  # a language without citation rules
        return []
    own_symbol = layout.metadata.get("symbol") or ""
    # The document's own symbol (each part of a joint one) in its front matter is metadata.
    own = {m.values["symbol"] for m in find_symbols(own_symbol, lang)} if own_symbol else set()
    front = front_matter(layout.paragraphs)
    g = grammar(lang)
    home = g.home_of(own_symbol) if own_symbol else None
    rows: list[dict[str, Any]] = []
    for k, para in enumerate(layout.paragraphs):
        text = para.view.text
        matches = g.find(text, home)
        listed = g.listed_under(para.section) if para.section else None
        if listed is not None and para.zone not in ("heading", "front", "toc"):
            seen = {(m.start, m.end) for m in matches}
            matches += [m for m in g.find_listed(text, *listed) if (m.start, m.end) not in seen]
            matches.sort(key=lambda x: (x.start, x.end))
        if k in front:
            matches = [m for m in matches if m.values["symbol"] not in own]
        rows.extend(rows_for(layout, para, matches))
    if own:
        source = layout.document.text
        rows = [r for r in rows if not (r["symbol"] in own and _running_head(r, source))]
    return rows


# Words after which a symbol that ends its line is cited, not a running head's (`see A/62/162`).
CITING = re.compile(r"(?i:see|in|of|and|or|to|by|as|under|document|documents|report|symbol)\Z")


def _running_head(row: dict[str, Any], source: str) -> bool:
    """A symbol that a layout left inside a paragraph as its page's running head: all of its
    line (`A/RES/73/3`), or the end of a line after the title it repeats (`… on the fight
    against tuberculosis A/RES/73/3`, the 2018 layout)."""
    line_start = source.rfind("\n", 0, row["start"]) + 1
    line_end = source.find("\n", row["end"])
    after = source[row["end"] : line_end if line_end >= 0 else len(source)]
    if after.strip():
        return False
    before = source[line_start : row["start"]].rstrip()
    if not before:  # alone on its line, unless the line above ends citing it (`document ⏎ A/…`)
        return not CITING.search(source[max(0, line_start - 40) : line_start].rstrip())
    spaced = row["start"] > line_start + len(before)
    return before[-1].isalpha() and spaced and not CITING.search(before)


OPENING = 600  # characters: the opening of a web copy, where its title lines stand
CLAUSE_END = frozenset(".,;:!?。，；：、！？")


def front_matter(paragraphs: tuple[Paragraph, ...]) -> set[int]:
    """Indices of the units that hold the front matter: the `front` zone; where the layout found
    none (a document flattened to one line), the units before the first numbered paragraph, or
    the opening unit of a document with no numbered paragraph, with the title lines of its
    opening (units that end no clause or sentence: `通过日期 联合国大会…第53/115号决议通过`)."""
    front = {k for k, p in enumerate(paragraphs) if p.zone == "front"}
    if front:
        return front
    for k, p in enumerate(paragraphs):
        if p.number is not None:
            return front
        front.add(k)
    # no numbered paragraph at all: the opening unit, and the title lines of the opening
    titles = {
        k
        for k, p in enumerate(paragraphs)
        if p.end <= paragraphs[0].start + OPENING
        and (text := p.view.text.rstrip())
        and text[-1] not in CLAUSE_END
    }
    return {0} | titles if paragraphs else set()
