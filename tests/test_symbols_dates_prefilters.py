"""The character tests the date and symbol scans put before their patterns (extract.base):
`first_char` must admit the first character of every match, `required_chars` at least one
character of every match, or the scans would miss mentions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract import symbols
from pipeline.extract.base import class_members, first_char, required_chars
from pipeline.extract.dates import grammar as date_rules

CORPUS = Path(__file__).resolve().parent / "corpus"
LANGS = ("zh", "en")


def _date_patterns(lang: str) -> list[str]:
    spec = date_rules._spec(lang)
    macros, _ = date_rules._lang_parts(spec)
    return [date_rules._expand(p["pattern"], macros) for p in spec["patterns"]]


def _corpus_texts(kind: str, lang: str) -> list[str]:
    with open(CORPUS / f"{kind}.{lang}.yaml", encoding="utf-8") as f:
        data = yaml.load(f, Loader=yaml.BaseLoader)
    return [c["text"] for v in data.values() if isinstance(v, list) for c in v if "text" in c]


def _check(pattern: str, text: str) -> None:
    guard, need = first_char(pattern), required_chars(pattern)
    for m in re.finditer(pattern, text):
        if guard and m.end() > m.start():
            assert re.fullmatch(guard, text[m.start()]), (pattern, m.group(), guard)
        if need:
            assert re.search(need, m.group()), (pattern, m.group(), need)


@pytest.mark.parametrize("lang", LANGS)
def test_date_patterns_on_the_corpus(lang: str) -> None:
    texts = _corpus_texts("dates", lang)
    for pattern in _date_patterns(lang):
        assert first_char(pattern) is not None  # every date pattern gets its guard
        for text in texts:
            _check(pattern, text)


@pytest.mark.parametrize("lang", LANGS)
def test_symbol_master_on_the_corpus(lang: str) -> None:
    grammar = symbols.grammar(lang)
    assert grammar.candidate is not None
    for text in _corpus_texts("symbols", lang):
        folded = symbols.fold(text)
        for m in grammar.master.finditer(folded):
            assert grammar.candidate.search(text[m.start() : m.end()])


TEXTY = (
    "0123456789０１ 年月日至和-/同底第十二〇一九号决议\nJuneMayDecember early Mid late of sA/E.(),"
)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=TEXTY, max_size=50), lang=st.sampled_from(LANGS))
def test_date_patterns_on_any_text(text: str, lang: str) -> None:
    for pattern in _date_patterns(lang):
        _check(pattern, text)


@pytest.mark.parametrize(
    ("pattern", "first", "required"),
    [
        (r"\d+/\d+", r"[\d]", "[/]"),
        ("(?:x)?[^a]", "(?:[x]|[^a])", None),
        ("a*", None, None),
        ("(?i:mid)-|[Rr]es", "(?:(?i:[m])|[Rr])", "[\\-e]"),
        ("(?<![0-9])(?:19|20)[0-9]{2}年", "[12]", "[年]"),
        (".x", None, "[x]"),
    ],
)
def test_first_and_required_characters(pattern: str, first: str | None, required: str | None):
    assert first_char(pattern) == first
    assert required_chars(pattern) == required


def test_class_members() -> None:
    assert class_members("[0-2同A-C]") == ["0", "1", "2", "同", "A", "B", "C"]
    assert class_members("x") == ["x"]
    assert class_members(r"[\w]") is None
    assert class_members("[^a]") is None
