"""What every extractor shares: a match found in a paragraph's clean view, turned into a row.

Extraction is separate from normalization: an extractor's finder returns `Match`es (a span of the
view plus the normalized values parsed from it); `rows_for` maps the span back to the source and
builds the table row, so that `source[start:end] == text` holds by construction.

It also reads off a regex, once per process, the characters that let a scan skip work:
`first_char` (what a match begins with: a lookahead on it rejects a position after one character
test), `required_chars` (one of which every match holds: a text without any holds no match) and
`class_members` (the characters a literal class lists). They read the pattern with `re`'s own
parser (`re._parser`, Python 3.11+) and are sound: a class may be wider than needed, never
narrower, and where nothing sound is found they say so (None).
"""

from __future__ import annotations

import re
from functools import lru_cache
from re import _constants as sre  # type: ignore[attr-defined]  # the parser's opcodes
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any, NamedTuple

from pipeline.model import Layout, Paragraph


class Match(NamedTuple):
    """A named tuple rather than a frozen dataclass: as immutable, and 3x cheaper to make."""

    start: int  # index into the paragraph's view text
    end: int
    values: dict[str, Any]  # the table's own columns


def rows_for(layout: Layout, para: Paragraph, matches: list[Match]) -> list[dict[str, Any]]:
    if not matches:
        return []
    doc = layout.document
    source, doc_id, lang, key = doc.text, doc.doc_id, doc.lang, para.key
    spans = para.view.source_spans([(m.start, m.end) for m in matches])
    return [
        {
            "doc_id": doc_id,
            "lang": lang,
            "para": key,
            "text": source[start:end],
            "start": start,
            "end": end,
            **m.values,
        }
        for m, (start, end) in zip(matches, spans, strict=True)
    ]


# --------------------------------------------------------------------------- first characters

_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
}
_ZERO_WIDTH = frozenset({sre.AT, sre.ASSERT, sre.ASSERT_NOT})
_REPEATS = frozenset({sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT})


class _AnyChar(Exception):
    """The pattern may begin with any character (`.`, a back-reference, an unknown opcode)."""


@lru_cache(maxsize=256)
def _parse(pattern: str) -> Any:
    """re's parse tree of a rule pattern (read only; one parse per pattern and process)."""
    return sre_parse.parse(pattern)


def first_char(*patterns: str) -> str | None:
    """A regex of one character that begins every match of any of `patterns`, or None where
    there is no such bound (a pattern may match the empty string, or begin with any character).

    `(?=first_char(p))p` matches exactly where `p` does, but rejects the other positions after
    one character test instead of running all of `p` there. Read off the parsed pattern:
    zero-width assertions are passed over (so the class may be wider than needed, never
    narrower), and an optional item adds its first characters to those of what follows it.
    """
    classes: list[tuple[str, str]] = []
    for pattern in patterns:
        parsed = _parse(pattern)
        try:
            found, nullable = _first(parsed.data, parsed.state.flags)
        except _AnyChar:
            return None
        if nullable:
            return None
        classes += found
    # One class per set of flags (negated ones stay apart): [0-9]|[A-Z] -> [0-9A-Z].
    merged: dict[tuple[str, bool], list[str]] = {}
    for letters, body in classes:
        negated = body.startswith("^")
        merged.setdefault((letters, negated), [])
        if negated:
            merged[(letters, negated)].append(f"[{body}]")
        elif body not in merged[(letters, negated)]:
            merged[(letters, negated)].append(body)
    alternatives = []
    for (letters, negated), bodies in merged.items():
        for charset in dict.fromkeys(bodies) if negated else ["[" + "".join(bodies) + "]"]:
            alternatives.append(f"(?{letters}:{charset})" if letters else charset)
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


def _first(items: list[tuple[Any, Any]], flags: int) -> tuple[list[tuple[str, str]], bool]:
    """(the one-character classes a match of the sequence `items` can begin with, each as (inline
    flags, class body without brackets); whether the sequence can match the empty string)."""
    classes: list[tuple[str, str]] = []
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is sre.LITERAL:
            return [*classes, (_letters(flags), re.escape(chr(av)))], False
        if op is sre.NOT_LITERAL:
            return [*classes, (_letters(flags), "^" + re.escape(chr(av)))], False
        if op is sre.IN:
            return [*classes, (_letters(flags), _charset(av))], False
        if op is sre.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            found, nullable = _first(sub.data, (flags | add_flags) & ~del_flags)
        elif op is sre.ATOMIC_GROUP:
            found, nullable = _first(av.data, flags)
        elif op is sre.BRANCH:
            branches = [_first(b.data, flags) for b in av[1]]
            found = [c for cs, _ in branches for c in cs]
            nullable = any(n for _, n in branches)
        elif op in _REPEATS:
            low, _high, sub = av
            found, nullable = _first(sub.data, flags)
            nullable = nullable or low == 0
        else:
            raise _AnyChar(op)
        classes += found
        if not nullable:
            return classes, False
    return classes, True


def _charset(items: list[tuple[Any, Any]]) -> str:
    """The body of a parsed character class, as regex source."""
    parts = []
    for op, av in items:
        if op is sre.NEGATE:
            parts.append("^")
        elif op is sre.LITERAL:
            parts.append(re.escape(chr(av)))
        elif op is sre.RANGE:
            parts.append(re.escape(chr(av[0])) + "-" + re.escape(chr(av[1])))
        elif op is sre.CATEGORY and av in _CATEGORIES:
            parts.append(_CATEGORIES[av])
        else:
            raise _AnyChar(op)
    return "".join(parts)


def _letters(flags: int) -> str:
    """The inline flags that change what one character matches."""
    return ("i" if flags & re.IGNORECASE else "") + ("a" if flags & re.ASCII else "")


def class_members(char_class: str) -> list[str] | None:
    """The characters of a one-character class written with literals and ranges only
    (`[0-9A-Z同]`), or None for any other pattern (a category like \\w, a negation)."""
    parsed = _parse(char_class)
    if len(parsed.data) != 1 or parsed.state.flags & (re.IGNORECASE | re.ASCII):
        return None
    op, av = parsed.data[0]
    if op is sre.LITERAL:
        return [chr(av)]
    return _members(av) if op is sre.IN else None


def _members(items: list[tuple[Any, Any]]) -> list[str] | None:
    """The characters of a parsed class body of literals and ranges; None for anything else."""
    members = []
    for op, av in items:
        if op is sre.LITERAL:
            members.append(chr(av))
        elif op is sre.RANGE:
            if av[1] - av[0] > 0xFF:
                return None
            members += [chr(c) for c in range(av[0], av[1] + 1)]
        else:
            return None
    return members


# --------------------------------------------------------------------------- required characters

_MAX_REQUIRED = 16  # a wider class says too little about a text to be worth testing


def required_chars(*patterns: str) -> str | None:
    """A class of characters of which every match of any of `patterns` contains at least one, or
    None where no small one is found. A text without any of them holds no match, so one cheap
    search rules it out (`A/62/162` needs a "/", `第 61/66 号决议` a "第").

    Read off the parsed pattern: a sequence needs what its most telling non-empty item needs
    (the smallest class), an alternation what any of its branches needs, a repeat what its body
    needs if it repeats at least once; case-insensitive parts and assertions need nothing.
    """
    found: set[str] = set()
    for pattern in patterns:
        parsed = _parse(pattern)
        need = _required(parsed.data, parsed.state.flags)
        if not need:
            return None
        found |= need
    if len(found) > _MAX_REQUIRED:
        return None
    return "[" + "".join(re.escape(c) for c in sorted(found)) + "]"


def _required(items: list[tuple[Any, Any]], flags: int) -> frozenset[str] | None:
    best: frozenset[str] | None = None
    for op, av in items:
        need = _required_item(op, av, flags)
        if need is not None and (best is None or len(need) < len(best)):
            best = need
    return best


def _required_item(op: Any, av: Any, flags: int) -> frozenset[str] | None:
    if op is sre.LITERAL:
        return None if flags & re.IGNORECASE else frozenset(chr(av))
    if op is sre.IN:
        if flags & re.IGNORECASE:
            return None
        members = _members(av)
        return frozenset(members) if members and len(members) <= _MAX_REQUIRED else None
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return _required(sub.data, (flags | add_flags) & ~del_flags)
    if op is sre.ATOMIC_GROUP:
        return _required(av.data, flags)
    if op is sre.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            need = _required(branch.data, flags)
            if need is None:
                return None
            union |= need
        return frozenset(union) if len(union) <= _MAX_REQUIRED else None
    if op in _REPEATS:
        low, _high, sub = av
        return _required(sub.data, flags) if low >= 1 else None
    return None  # assertions match no character; anything else: nothing known
