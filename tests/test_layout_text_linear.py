"""Linear time for the layout of text inputs: every pattern the text rules compile (each language's
openings, preamble words, contents, chrome; layout/contents.py's) on long runs inside a line, and
the whole layout stage on text flattened to one line (each line is cut once: no rest of a line
rescanned or copied at each cut)."""

from __future__ import annotations

import dataclasses
import re

import pytest

from pipeline.language import languages
from pipeline.layout import analyze, contents, textlines
from pipeline.layout.textrules import text_rules_for
from pipeline.model import Document
from tests.conftest import SEED
from tests.test_fuzz import timed
from tests.test_layout_rules import RUNS, _match_time

# Runs a resolution's flattened text repeats: commas before preamble words, openings.
TEXT_RUNS = [
    *RUNS,
    ", ",
    "，",
    "大会, ",
    "The General Assembly, ",
    "Recalling, ",
    "回顾, ",
    "| ",
    "*",
]


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    found = []
    for lang in languages():
        rules = text_rules_for(lang)
        for f in dataclasses.fields(rules):
            value = getattr(rules, f.name)
            if isinstance(value, re.Pattern):
                found.append((f"{lang}:{f.name}", value))
    for module in (contents, textlines):
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found.append((f"{module.__name__}:{name}", value))
    return found


def test_every_text_pattern_is_linear_on_long_runs_in_a_line():
    slow = []
    for name, pattern in _patterns():
        for run in TEXT_RUNS:
            small, large = ("大会" + (run * n)[:n] + "决议。" for n in (2_000, 8_000))
            t_large = _match_time(pattern, large)
            if t_large > 0.02 and t_large / max(_match_time(pattern, small), 1e-4) > 8:
                slow.append((name, run, round(t_large, 3)))
    assert slow == []


@pytest.mark.skipif(not SEED.is_file(), reason="the seed is absent")
def test_layout_of_one_line_text_grows_linearly():
    one = SEED.read_text(encoding="utf-8").replace("\n", " ") + " "

    def lay_out(text: str) -> None:
        analyze(Document("big", "big.txt", "utf-8", "zh", text))

    lay_out(one)  # rules compiled outside the timing
    ratio = timed(lay_out, one * 8, repeat=2) / timed(lay_out, one, repeat=3)
    # linear: 8; quadratic: 64 (it was 59 before each line was cut once)
    assert ratio < 16, f"8x the text took {ratio:.1f}x the time"
