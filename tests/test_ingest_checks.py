"""The ingest checks that look at characters (garbage share, language, corrupt UTF-8) run in C
(regexes, str and bytes methods) and must decide exactly as the plain per-character loops they
replaced. Those loops are kept here as the reference, and both are run over every code point
of Unicode and over random text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pipeline import ingest
from pipeline.ingest import decoding
from pipeline.language import profile
from pipeline.text.cjk import letter_counts
from tests.conftest import ROOT, SEED, SHARED

SIBLINGS = SHARED / "siblings"


# --------------------------------------------------------------------------- references


def garbage_share_reference(text: str) -> float:
    """The loop ingest used before: one unicodedata.category call per character."""
    if not text:
        return 0.0
    sample = text[:20000]
    bad = 0
    for ch in sample:
        if ch in "\n\r\t\f\v":
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cn", "Co", "Cs") or ch == "\ufffd":
            bad += 1
    return bad / len(sample)


def letter_counts_reference(text: str) -> tuple[int, int]:
    cjk = latin = 0
    for ch in text:
        if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
            cjk += 1
        elif ch.isalpha() and ch.isascii():
            latin += 1
    return cjk, latin


def detect_language_reference(text: str) -> str:
    cjk, latin = letter_counts_reference(text[:50000])
    if cjk + latin == 0:
        return "en"
    return "zh" if cjk / (cjk + latin) > 0.2 else "en"


def script_of(lang: str) -> str:
    """The script a language is detected by: the reference tells the script, the words of the
    text tell the languages of one script apart (test_language.py)."""
    return profile(lang).script


def corrupt_utf8_reference(data: bytes) -> str | None:
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd")
    non_ascii = sum(1 for ch in replaced if ord(ch) > 127) - bad
    if non_ascii >= 20 and bad <= 0.02 * non_ascii:
        first = replaced.index("\ufffd")
        return f"invalid UTF-8 ({bad} bad byte sequences, first at character {first}): corrupt?"
    return None


# --------------------------------------------------------------------------- all of Unicode


def all_code_points(size: int) -> list[str]:
    """Every code point 0..U+10FFFF (lone surrogates included), in strings of `size`."""
    return ["".join(map(chr, range(a, min(a + size, 0x110000)))) for a in range(0, 0x110000, size)]


@pytest.mark.parametrize("size", [20000, 97])
def test_garbage_share_agrees_on_every_code_point(size):
    """Chunks of 20,000 (the sample size) and of 97 (other boundaries, mostly one category)."""
    for chunk in all_code_points(size):
        assert decoding._garbage_share(chunk) == garbage_share_reference(chunk), repr(chunk[:3])


def test_garbage_share_counts_each_kind_of_garbage():
    """Counted by hand: 2 controls, 1 unassigned, 1 private use, 1 surrogate, 1 U+FFFD among
    100 characters; tabs, newlines, U+3000 and a zero-width space are not garbage."""
    assert unicodedata.category("\u0378") == "Cn"  # unassigned in every Unicode version so far
    odd = "\x00\x7f\u0378\ue000\ud800\ufffd"
    clean = "联合国\t大会\r\n第六十二届会议\u3000\u200b"
    text = odd + clean + "x" * (100 - len(odd) - len(clean))
    assert len(text) == 100
    assert decoding._garbage_share(text) == 6 / 100
    assert decoding._garbage_share(clean) == 0.0


def test_harmless_characters_are_never_garbage():
    """What the fast path takes out before str.isprintable() must never be garbage (the line
    and tab controls, which are controls, are left out of the count on purpose)."""
    taken = [chr(c) for c in range(0x110000) if decoding._HARMLESS.fullmatch(chr(c))]
    assert {"\n", "\r", "\t", "\u3000", "\u200b"} <= set(taken)
    for ch in taken:
        if ch not in "\n\r\t\f\v":
            assert unicodedata.category(ch) not in decoding._GARBAGE_CATEGORIES, hex(ord(ch))
            assert ch != "\ufffd"


def test_letter_counts_agree_on_every_code_point():
    for chunk in all_code_points(4096):
        assert letter_counts(chunk) == letter_counts_reference(chunk), repr(chunk[:3])


def test_letter_counts_by_hand():
    # 联合国 3, 㐀 (Extension A) 1; A, b, Z 3 letters; é, ｆ (full width) and 2 are neither
    assert letter_counts("联合国 A/b-Z é ｆ 2 㐀") == (4, 3)


# --------------------------------------------------------------------------- random and real text

# Text of any code point, lone surrogates included, with runs of the characters the checks
# care about so that mixed samples come up often.
ANY_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec=None, exclude_categories=()),
        st.sampled_from("\n\r\t\x00\x1b\u3000\u200b\ufffd\ue000\u0378联合国A-z"),
    ),
    max_size=300,
)


@settings(max_examples=400, deadline=None)
@given(ANY_TEXT)
def test_garbage_share_agrees_on_random_text(text):
    assert decoding._garbage_share(text) == garbage_share_reference(text)


@settings(max_examples=400, deadline=None)
@given(ANY_TEXT)
def test_language_agrees_on_random_text(text):
    assert letter_counts(text) == letter_counts_reference(text)
    assert script_of(ingest.detect_language(text)) == script_of(detect_language_reference(text))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400), st.text(alphabet="联合国大会报告", min_size=0, max_size=60))
def test_corrupt_utf8_agrees_on_random_bytes(junk, chinese):
    """On what it is called with: bytes that fail to decode as UTF-8."""
    data = chinese.encode("utf-8") + junk + chinese.encode("utf-8")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        assume(False)
    assert decoding._corrupt_utf8(data) == corrupt_utf8_reference(data)


def real_texts() -> list[str]:
    texts = [SEED.read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests").rglob("*.txt"))]
    if SIBLINGS.is_dir():
        texts += [p.read_text(encoding="utf-8") for p in sorted(SIBLINGS.glob("*.txt"))]
    return texts


def test_real_texts_decide_as_before():
    texts = real_texts()
    assert len(texts) > 1
    for text in texts:
        assert decoding._garbage_share(text) == garbage_share_reference(text)
        assert script_of(ingest.detect_language(text)) == script_of(detect_language_reference(text))
        for enc in ("gb18030", "utf-16-le"):
            # the same text read the wrong way: both must see the same garbage
            wrong = text.encode("utf-8").decode(enc, errors="replace")
            assert decoding._garbage_share(wrong) == garbage_share_reference(wrong)


def test_the_garbage_white_space_is_all_of_it():
    """The fast path counts these after str.split() took all white space out."""
    spaces = {chr(c) for c in range(0x110000) if chr(c).isspace()}
    garbage = {ch for ch in spaces if unicodedata.category(ch) in decoding._GARBAGE_CATEGORIES}
    assert garbage - set("\n\r\t\f\v") == set(decoding._GARBAGE_SPACE)
