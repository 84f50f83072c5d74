"""The layout stage's line splitting against the plain definitions it replaces: a line ends at
\\r\\n, \\r or \\n, is stripped with str.strip, and is as wide as its characters, CJK ones two."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from pipeline.layout import WIDE_RANGES, raw_lines, rules_for, split_lines
from pipeline.text.fold import fold_full_width

# Characters that make lines: the three line breaks, what str.splitlines also breaks at, white
# space of both widths, wide and narrow letters, digits of three scripts.
ALPHABET = "\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029 \t\u3000ab.1２٣联合国，“é\U00020001"
LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
WIDE = re.compile(f"[{WIDE_RANGES}]")
texts = st.text(alphabet=ALPHABET, max_size=60)


def reference_lines(text: str) -> list[str]:
    lines = []
    for m in LINE.finditer(text):
        if not m.group() and m.start() == len(text):
            break
        lines.append(m.group())
    return lines


@given(texts)
def test_raw_lines_end_at_the_three_line_breaks_only(text):
    assert raw_lines(text) == reference_lines(text)


@given(texts)
def test_split_lines_keeps_the_non_blank_lines_stripped(text):
    lines, count = split_lines(text, fold_full_width(text), rules_for("zh"))
    expected = []
    pos = 0
    for index, raw in enumerate(reference_lines(text)):
        stripped = raw.strip()
        if stripped:
            start = pos + len(raw) - len(raw.lstrip())
            expected.append((index, start, start + len(stripped), stripped, start > pos))
        pos += len(raw)
    assert [(ln.index, ln.start, ln.end, ln.text, ln.indented) for ln in lines] == expected
    assert count == len(reference_lines(text))
    for ln in lines:
        assert ln.folded == fold_full_width(ln.text)
        assert ln.ends_sentence == rules_for("zh").ends_sentence(ln.folded)
        assert ln.width == len(ln.text) + len(WIDE.findall(ln.text))
        assert ln.other_digits == any(c.isdecimal() and not "0" <= c <= "9" for c in ln.folded)


# What the sentence and clause ends were as patterns, searched for at the end of a line.
SENTENCE_END = re.compile(r"(?:[。！？；.!?;:：][\"”’」』）)]*)$")
CLAUSE_END = re.compile(r"[,，、]$")


@given(st.text(alphabet='a联 。！？；.!?;:："”’」』）),，、', max_size=12))
def test_line_ends_read_from_the_end_as_the_patterns_found_them(text):
    rules = rules_for("zh")
    assert rules.ends_sentence(text) == bool(SENTENCE_END.search(text))
    assert text.endswith(rules.clause_ends) == bool(CLAUSE_END.search(text))
