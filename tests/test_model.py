"""TextView: a view built from source runs answers like one built from its offsets."""

from __future__ import annotations

import pickle
from itertools import chain

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.model import TextView

SOURCE = "".join(chr(0x4E00 + k % 500) if k % 7 else " " for k in range(2_000))


def _spans(draw: st.DrawFn) -> list[tuple[int, int]]:
    """Increasing source spans, some empty, some touching."""
    cuts = sorted(draw(st.lists(st.integers(0, len(SOURCE)), min_size=2, max_size=12)))
    return list(zip(cuts[::2], cuts[1::2], strict=False))


spans_strategy = st.composite(_spans)()


@given(spans_strategy)
def test_a_view_of_spans_is_the_view_of_its_offsets(spans):
    text = "".join(SOURCE[a:b] for a, b in spans)
    offsets = tuple(chain.from_iterable(range(a, b) for a, b in spans))
    lazy, eager = TextView.of_spans(text, spans), TextView(text, offsets)
    pairs = [
        (i, j) for i in range(len(text)) for j in sorted({i + 1, min(len(text), i + 7), len(text)})
    ]
    for i, j in pairs:
        assert lazy.source_span(i, j) == eager.source_span(i, j)
    assert lazy.source_spans(pairs) == eager.source_spans(pairs)  # before lazy.offsets is made
    assert lazy.offsets == offsets
    assert lazy == eager and hash(lazy) == hash(eager) and repr(lazy) == repr(eager)


def test_runs_take_a_joining_space_at_any_offset():
    # "ab" + " " (standing at source 2) + "de": what the layout stage builds for two lines
    view = TextView.of_runs("ab de", [0, 2, 3], [0, 2, 3])
    assert view.offsets == (0, 1, 2, 3, 4)
    assert view.source_span(1, 4) == (1, 4)
    trimmed = TextView.of_runs("abd", [0, 2], [0, 3])  # a run may skip source characters
    assert trimmed.offsets == (0, 1, 3) and trimmed.source_span(1, 3) == (1, 4)


def test_a_view_is_checked_immutable_and_pickles():
    with pytest.raises(ValueError):
        TextView.of_spans("abc", [(0, 2)])
    with pytest.raises(ValueError):
        TextView("abc", (0, 1))
    view = TextView.of_source("0123456789", 2, 6)
    with pytest.raises(IndexError):
        view.source_span(2, 2)
    with pytest.raises(AttributeError):
        view.text = "x"  # type: ignore[misc]
    assert view.text == "2345" and view.offsets == (2, 3, 4, 5) and len(view) == 4
    assert pickle.loads(pickle.dumps(view)) == view
    match view:
        case TextView(text, offsets):
            assert (text, offsets) == ("2345", (2, 3, 4, 5))
    assert TextView("", ()) == TextView.of_spans("", [])
