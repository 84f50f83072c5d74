"""French from data only (issue 17): resources/fr/ and the French corpora, no engine change.

The fixture (tests/fixtures/fr/A-62-999.fr.txt) is a short note written for this test in the
style of a UN document in French, with a made-up symbol; its dates and symbols below were worked
out by hand from the text, not copied from the pipeline's output."""

from __future__ import annotations

import json

import pytest

from pipeline.cli import main
from pipeline.language import detect, languages
from pipeline.runner import extract_file
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "fr" / "A-62-999.fr.txt"


def test_french_is_a_language_because_its_folder_is_there():
    assert "fr" in languages()


def test_the_french_text_reads_as_french_and_english_stays_english():
    assert detect(FIXTURE.read_text(encoding="utf-8")) == "fr"
    english = ROOT / "tests" / "fixtures" / "pairs" / "report.en.txt"
    assert detect(english.read_text(encoding="utf-8")) == "en"


def test_dates_and_symbols_of_a_french_un_text():
    result = extract_file(FIXTURE)
    source = result.document.text
    assert result.document.lang == "fr"
    for table, rows in result.tables.items():
        for r in rows:
            if table != "paragraphs":
                assert source[r["start"] : r["end"]] == r["text"], r
    dates = [
        (r["para"], r["text"], r["start_value"], r["end_value"], r["precision"], r["kind"])
        for r in result.tables["dates"]
    ]
    assert dates == [
        ("front", "8 août 2007", "2007-08-08", "2007-08-08", "day", "point"),
        ("1", "6 décembre 2006", "2006-12-06", "2006-12-06", "day", "point"),
        ("2", "du 19 au 23 mars 2007", "2007-03-19", "2007-03-23", "day", "range"),
        ("3", "2024/25", "2024", "2025", "year", "range"),
    ]
    symbols = [(r["para"], r["text"], r["symbol"], r["kind"]) for r in result.tables["symbols"]]
    assert symbols == [
        ("1", "61/66", "A/RES/61/66", "ga_resolution"),
        ("1", "A/62/162", "A/62/162", "document"),
        ("2", "1540 (2004)", "S/RES/1540(2004)", "sc_resolution"),
    ]  # the note's own symbol, A/62/999, on its cover, is what it states about itself
    assert result.tables["organizations"] == []  # no French organization rules yet
    meta = result.layout.metadata
    assert (meta["symbol"], meta["session"], meta["agenda_items"], meta["date"]) == (
        "A/62/999",
        62,
        ["98"],
        "2007-08-08",
    )
    assert [p.key for p in result.layout.paragraphs] == ["front", "1", "2", "3"]


def test_the_command_line_takes_french(tmp_path, capsys):
    assert main(["extract", str(FIXTURE), "--out", str(tmp_path), "--lang", "fr", "-q"]) == 0
    meta = json.loads((tmp_path / "A-62-999.fr" / "document.json").read_text(encoding="utf-8"))
    assert meta["lang"] == "fr"


def test_spacy_takes_french_from_its_folder():
    spacy = pytest.importorskip("spacy")
    import pipeline.spacy_components  # noqa: F401  (registers the factories)

    nlp = spacy.blank("fr")
    nlp.add_pipe("un_dates")
    doc = nlp("La réunion tenue du 19 au 23 mars 2007 a examiné la résolution 61/66.")
    assert [(s.text, s.id_) for s in doc.spans["dates"]] == [
        ("du 19 au 23 mars 2007", "2007-03-19..2007-03-23")
    ]
