"""spaCy components for every kind of the registry: spans in doc.spans[kind] with the normalized
value as id_/kb_id_ and the full row on span._.un, the same mentions as the tables, found by
spaCy without an import, drawn by displacy's span view."""

from __future__ import annotations

import subprocess
import sys

import pytest

spacy = pytest.importorskip("spacy")

from pipeline import extract_text  # noqa: E402
from pipeline.kinds import KINDS  # noqa: E402
from tests.conftest import SEED  # noqa: E402

COMPONENTS = {k.name: k.spacy_component for k in KINDS if k.spacy_component}
GENERIC = {name: c for name, c in COMPONENTS.items() if name != "organizations"}
ZH = "委员会于 2007 年 7 月举行会议。大会第 61/66 号决议请秘书长于 2008 年下半年提交报告。"


def test_every_kind_has_a_component():
    assert set(COMPONENTS) == {k.name for k in KINDS}
    assert {"dates": "un_dates", "symbols": "un_symbols"}.items() <= COMPONENTS.items()


def test_spacy_finds_every_component_without_an_import():
    """spaCy loads the package's entry points itself: no `import pipeline...` needed."""
    code = f"""
import sys, spacy
nlp = spacy.blank("zh")
for name in {sorted(COMPONENTS.values())!r}:
    nlp.add_pipe(name)
doc = nlp({ZH!r})
print(sorted(doc.spans))
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd="/")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str(sorted(COMPONENTS))


@pytest.mark.parametrize("kind", sorted(GENERIC))
def test_spans_are_the_tables_mentions(kind):
    """On a whole report (Chinese: one token a character, so spans are exact), the spans of a
    kind's component are its table's rows: offsets, value, row."""
    import pipeline.spacy_components  # noqa: F401

    text = SEED.read_text(encoding="utf-8")
    nlp = spacy.blank("zh")
    nlp.add_pipe(GENERIC[kind])
    doc = nlp(text)
    rows = extract_text(text, lang="zh", doc_id="").rows[kind]
    spans = list(doc.spans[kind])
    assert rows and len(spans) == len(rows)
    kind_ = next(k for k in KINDS if k.name == kind)
    for span, row in zip(spans, rows, strict=True):
        assert (span.start_char, span.end_char, span.text) == (
            row["start"],
            row["end"],
            row["text"],
        )
        assert span.label_ == kind_.label
        assert span.id_ == span.kb_id_ == kind_.show(row) != ""
        assert span._.un == row


def test_values_and_records():
    import pipeline.spacy_components  # noqa: F401

    nlp = spacy.blank("zh")
    for name in COMPONENTS.values():
        nlp.add_pipe(name)
    doc = nlp(ZH)
    dates = {s.text: s for s in doc.spans["dates"]}
    assert dates["2008 年下半年"].id_ == "2008-H2"
    assert str(dates["2008 年下半年"]._.un["start_date"]) == "2008-07-01"
    assert dates["2007 年 7 月"].kb_id_ == "2007-07"
    symbol = doc.spans["symbols"][0]
    assert (symbol.text, symbol.id_) == ("61/66", "A/RES/61/66")
    assert symbol._.un["url"] == "https://undocs.org/A/RES/61/66"
    # un_organizations: doc.ents as before, and its spans group
    assert [(e.text, e.ent_id_) for e in doc.ents] == [("大会", "unga")]
    assert [(s.text, s.id_) for s in doc.spans["organizations"]] == [("大会", "unga")]
    assert doc.spans["organizations"][0]._.un["name_en"] == "General Assembly"


def test_a_mention_inside_a_token_gets_the_tokens_span():
    import pipeline.spacy_components  # noqa: F401

    nlp = spacy.blank("en")
    nlp.add_pipe("un_symbols")
    nlp.add_pipe("un_dates")
    text = "Resolution 61/66 of 6 December 2006 asked for a report (A/62/162)/Add.1."
    doc = nlp(text)
    for span in list(doc.spans["symbols"]) + list(doc.spans["dates"]):
        row = span._.un
        assert span.start_char <= row["start"] < row["end"] <= span.end_char
        assert text[row["start"] : row["end"]] == row["text"]
    assert [s.id_ for s in doc.spans["dates"]] == ["2006-12-06"]
    symbols = {s._.un["text"]: s for s in doc.spans["symbols"]}
    assert symbols["A/62/162"].text == "A/62/162)/Add.1"  # one token for spaCy
    assert symbols["61/66"].text == "61/66"


def test_displacy_draws_the_span_view():
    from spacy import displacy

    import pipeline.spacy_components  # noqa: F401

    nlp = spacy.blank("zh")
    nlp.add_pipe("un_dates")
    doc = nlp(ZH)
    html = displacy.render(doc, style="span", options={"spans_key": "dates"})
    assert len(doc.spans["dates"]) == 2
    assert "DATE" in html
    for span in doc.spans["dates"]:
        assert f">{span.id_}</a>" in html  # the value, as displacy shows a span's kb_id


def test_a_language_without_resources_is_refused():
    import pipeline.spacy_components  # noqa: F401

    nlp = spacy.blank("de")  # no folder pipeline/resources/de
    for name in COMPONENTS.values():
        with pytest.raises(ValueError, match="supports"):
            nlp.add_pipe(name)


def test_a_new_kind_needs_only_its_registry_entry(monkeypatch):
    """A kind that names a component gets the generic one, with nothing else written for it
    (what the places kind relies on): here a second kind that reuses the dates extractor."""
    from dataclasses import replace

    from spacy.language import Language

    import pipeline.extract
    import pipeline.spacy_components as sc
    from pipeline import kinds

    moments = replace(
        kinds.KIND_BY_NAME["dates"], name="moments", label="MOMENT", spacy_component="un_moments"
    )
    monkeypatch.setitem(kinds.KIND_BY_NAME, "moments", moments)
    monkeypatch.setitem(kinds.TABLES, "moments", moments)
    monkeypatch.setattr(pipeline.extract, "KINDS", (*kinds.KINDS, moments))
    if not Language.has_factory("un_moments"):
        sc._register(moments)
    nlp = spacy.blank("zh")
    nlp.add_pipe("un_moments")
    doc = nlp(ZH)
    assert [(s.label_, s.id_) for s in doc.spans["moments"]] == [
        ("MOMENT", "2007-07"),
        ("MOMENT", "2008-H2"),
    ]
