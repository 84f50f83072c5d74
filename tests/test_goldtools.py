"""Gold round trip: `gold export` writes a document's text and the pipeline's mentions in Label
Studio's and brat's own formats; `gold import` turns them back into gold tables that `eval`
reads. Without edits the gold tables are the predictions, cell for cell; an edit (a deleted span,
a changed value, an added span) shows up in `eval` as the error it is."""

from __future__ import annotations

import csv
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.corpus import run_corpus
from pipeline.goldtools import brat, labelstudio
from pipeline.goldtools.document import GoldDocument, Mention
from pipeline.kinds import KIND_BY_NAME, KINDS, TABLE_COLUMNS
from tests.conftest import SEED, SHARED

FORMATS = ["label-studio", "brat"]


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """The seed and, where ../shared is there, a Chinese and an English sibling and a PDF
    (converted: its source.txt in its folder), extracted."""
    inputs = [SEED]
    for name in ("siblings/zh-001.txt", "siblings/en-002.txt", "files/A_RES_73_3-EN.pdf"):
        if (SHARED / name).is_file():
            inputs.append(SHARED / name)
    folder = tmp_path_factory.mktemp("out")
    report = run_corpus(inputs, folder)
    assert report.failed == 0
    return folder


def documents(out: Path) -> list[Path]:
    return sorted(p for p in out.iterdir() if p.is_dir())


def contract_rows(path: Path, table: str) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return [[r[c] for c in TABLE_COLUMNS[table]] for r in csv.DictReader(f)]


def export_file(tmp: Path, fmt: str, name: str) -> Path:
    return tmp / "ls" / f"{name}.json" if fmt == "label-studio" else tmp / "brat" / name


def imported_file(path: Path, fmt: str) -> Path:
    return path if fmt == "label-studio" else path.with_name(path.name + ".ann")


def run(*args: str | Path) -> int:
    return main([str(a) for a in args])


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_round_trip_without_edits_gives_the_predictions(out, tmp_path, fmt, capsys):
    for doc in documents(out):
        exported = export_file(tmp_path, fmt, doc.name)
        assert run("gold", "export", doc, "--to", fmt, exported) == 0
        gold = tmp_path / "gold" / doc.name
        assert run("gold", "import", imported_file(exported, fmt), "--to", gold) == 0
        for table in TABLE_COLUMNS:
            expected = contract_rows(doc / f"{table}.csv", table)
            assert contract_rows(gold / f"{table}.csv", table) == expected, (doc.name, table)
        meta = json.loads((doc / "document.json").read_text(encoding="utf-8"))
        gold_meta = json.loads((gold / "document.json").read_text(encoding="utf-8"))
        assert gold_meta["symbol"] == meta["symbol"] and "source" not in gold_meta
    capsys.readouterr()
    # and eval finds nothing to report
    pred = tmp_path / "pred"
    shutil.copytree(out, pred, ignore=shutil.ignore_patterns("corpus*"))
    assert run("eval", "--gold", tmp_path / "gold", "--pred", pred, "--no-review") == 0
    scores = read_csv(pred / "eval_scores.csv")
    assert scores and all(r["fp"] == r["fn"] == "0" for r in scores)
    assert sum(int(r["tp"]) for r in scores if r["level"] == "exact") > 500


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def eval_errors(gold: Path, doc: Path, tmp_path: Path) -> list[dict[str, str]]:
    """`eval` of a gold folder against a copy of the document's folder: its error list."""
    pred = tmp_path / "pred" / doc.name
    shutil.copytree(doc, pred)
    run("eval", "--gold", gold, "--pred", pred, "--no-review")
    return read_csv(pred.parent / "eval_errors.csv")


def seed_folder(out: Path) -> Path:
    return out / "A-62-162.zh"


def test_label_studio_edits_show_up_in_eval(out, tmp_path, capsys):
    """An annotator deletes a date, changes a symbol's value and an organization's link, and
    marks a mention the pipeline missed: Label Studio's export holds the annotation beside the
    predictions; the import takes the annotation."""
    doc = seed_folder(out)
    exported = tmp_path / "A.json"
    assert run("gold", "export", doc, "--to", "label-studio", exported) == 0
    tasks = json.loads(exported.read_text(encoding="utf-8"))
    result = tasks[0]["predictions"][0]["result"]
    by_id: dict[str, dict[str, dict]] = {}
    for r in result:
        by_id.setdefault(r["id"], {})[r["type"]] = r
    deleted = by_id.pop("dates-3")["labels"]["value"]
    symbol = by_id["symbols-1"]
    symbol["textarea"]["value"]["text"] = [
        line if not line.startswith("symbol=") else "symbol=A/RES/61/67"
        for line in symbol["textarea"]["value"]["text"]
    ]
    org = by_id["organizations-1"]
    org["textarea"]["value"]["text"] = [
        line if not line.startswith("org_id=") else "org_id=unesco"
        for line in org["textarea"]["value"]["text"]
    ]
    # a mention the pipeline did not find: the first 联合国系统 (optional in the seed's gold)
    text = tasks[0]["data"]["text"]
    start = text.index("联合国系统")
    span = {"start": start, "end": start + 5}
    added = [
        {"id": "new-1", "from_name": "kind", "to_name": "text", "type": "labels",
         "value": {**span, "text": "联合国系统", "labels": ["ORG"]}},
        {"id": "new-1", "from_name": "value", "to_name": "text", "type": "textarea",
         "value": {**span, "text": ["org_id=un_system"]}},
    ]  # fmt: skip
    edited = [r for rid in by_id for r in by_id[rid].values()] + added
    tasks[0]["annotations"] = [
        {"result": [], "was_cancelled": True, "updated_at": "2030-01-01T00:00:00"},
        {"result": edited, "was_cancelled": False, "updated_at": "2025-01-02T10:00:00"},
    ]
    corrected = tmp_path / "A.corrected.json"
    corrected.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    gold = tmp_path / "gold"
    assert run("gold", "import", corrected, "--to", gold) == 0
    errors = eval_errors(gold, doc, tmp_path)
    capsys.readouterr()
    exact = {
        (e["table"], e["kind"], int(e["start"]), e["value"])
        for e in errors
        if e["level"] == "exact"
    }
    sym = symbol["labels"]["value"]
    org_span = org["labels"]["value"]
    symbols = contract_rows(doc / "symbols.csv", "symbols")
    predicted = next(r[6] for r in symbols if int(r[4]) == sym["start"])
    assert ("dates", "FP", deleted["start"]) in {(t, k, s) for t, k, s, _ in exact}
    assert ("symbols", "FP", sym["start"], predicted) in exact
    assert ("symbols", "FN", sym["start"], "A/RES/61/67") in exact
    links = [e for e in errors if e["kind"] == "LINK" and int(e["start"]) == org_span["start"]]
    assert links and links[0]["expected"] == "unesco"
    assert ("organizations", "FN", start) in {(t, k, s) for t, k, s, _ in exact}
    # nothing else differs
    others = {
        (t, k, s)
        for t, k, s, _ in exact
        if s not in (deleted["start"], sym["start"], org_span["start"], start)
    }
    assert others == set()


def test_brat_edits_show_up_in_eval(out, tmp_path, capsys):
    doc = seed_folder(out)
    base = tmp_path / "brat" / "A-62-162.zh"
    assert run("gold", "export", doc, "--to", "brat", base) == 0
    ann = base.with_name(base.name + ".ann")
    lines = ann.read_text(encoding="utf-8").splitlines()
    # delete the first symbol; change the first date's value
    first_sym = next(line for line in lines if "\tSYM " in line)
    sym_id = first_sym.split("\t")[0]
    sym_start = int(first_sym.split("\t")[1].split()[1])
    first_date = next(line for line in lines if "\tDATE " in line)
    date_id = first_date.split("\t")[0]
    date_start = int(first_date.split("\t")[1].split()[1])
    edited = []
    for line in lines:
        fields = line.split("\t")
        if fields[0] == sym_id or fields[1:2] == [f"AnnotatorNotes {sym_id}"]:
            continue
        if fields[1:2] == [f"AnnotatorNotes {date_id}"]:
            line = f"{fields[0]}\t{fields[1]}\tstart_value=2005-12-06; end_value=2005-12-06; precision=day; kind=point"
        edited.append(line)
    ann.write_text("\n".join(edited) + "\n", encoding="utf-8")
    gold = tmp_path / "gold"
    assert run("gold", "import", ann, "--to", gold) == 0
    errors = [e for e in eval_errors(gold, doc, tmp_path) if e["level"] == "exact"]
    capsys.readouterr()
    got = {(e["table"], e["kind"], int(e["start"]), e["value"]) for e in errors}
    assert ("symbols", "FP", sym_start) in {(t, k, s) for t, k, s, _ in got}
    assert ("dates", "FN", date_start, "2005-12-06") in got
    assert ("dates", "FP", date_start) in {(t, k, s) for t, k, s, _ in got}
    assert {s for _, _, s, _ in got} == {sym_start, date_start}


def test_offsets_outside_the_bmp_and_across_line_breaks(tmp_path):
    """Label Studio counts UTF-16 units: a character outside the BMP before a mention shifts
    its offsets there and back; brat cuts a mention at line breaks into fragments."""
    text = "𠀀 2007 年\r\n7 月，𠀀𠀀 61/66"
    doc = GoldDocument(
        "x",
        "zh",
        text,
        [{"doc_id": "x", "lang": "zh", "para": "body", "text": text, "start": "0",
          "end": str(len(text)), "zone": "body", "number": "", "section": "", "page_start": "1"}],
    )  # fmt: skip
    date_start = text.index("2007")
    sym_start = text.index("61/66")
    doc.mentions = [
        Mention("dates", date_start, text.index("月") + 1, {"start_value": "2007-07",
                "end_value": "2007-07", "precision": "month", "kind": "point"}),
        Mention("symbols", sym_start, sym_start + 5, {"symbol": "A/RES/61/66",
                "kind": "ga_resolution", "para_ref": "", "url": "https://undocs.org/A/RES/61/66"}),
    ]  # fmt: skip
    path = tmp_path / "x.json"
    labelstudio.export(doc, path, "test")
    regions = json.loads(path.read_text(encoding="utf-8"))[0]["predictions"][0]["result"]
    assert regions[0]["value"]["start"] == date_start + 1  # one astral character before it
    assert regions[2]["value"]["start"] == sym_start + 3
    assert (
        text.encode("utf-16-le")[2 * (sym_start + 3) : 2 * (sym_start + 8)].decode("utf-16-le")
        == "61/66"
    )
    for back in (labelstudio.read(path)[0], None):
        if back is None:
            brat.export(doc, tmp_path / "b" / "x")
            ann = (tmp_path / "b" / "x.ann").read_text(encoding="utf-8")
            assert f"DATE {date_start} {date_start + 6};" in ann  # cut at the CRLF
            back = brat.read(tmp_path / "b" / "x.ann")[0]
        assert [(m.kind, m.start, m.end, m.values) for m in back.mentions] == [
            (m.kind, m.start, m.end, m.values) for m in doc.mentions
        ]


@given(
    st.lists(
        st.text(st.characters(blacklist_categories=["Cs"]), max_size=12), min_size=4, max_size=4
    )
)
def test_brat_notes_keep_any_value(values):
    kind = KIND_BY_NAME["symbols"]
    record = dict(zip([c.name for c in kind.own], values, strict=True))
    note = brat.note_of(kind, record)
    assert "\n" not in note and "\r" not in note
    assert brat.values_of(kind, note, "test") == {k: v.strip() for k, v in record.items()}


def test_bad_corrections_are_refused_with_one_line_each(out, tmp_path, capsys):
    doc = seed_folder(out)
    exported = tmp_path / "A.json"
    run("gold", "export", doc, "--to", "label-studio", exported)
    capsys.readouterr()
    tasks = json.loads(exported.read_text(encoding="utf-8"))
    result = tasks[0]["predictions"][0]["result"]
    result[0]["value"]["labels"] = ["TIME"]  # no such label
    result[3]["value"]["text"] = ["start_value=2007-13", "end_value=2007-13"]  # a date: no month 13
    result[4]["value"]["text"] = "not the text"  # the region's text is not the source's
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    gold = tmp_path / "gold"
    assert run("gold", "import", bad, "--to", gold) == 2
    err = capsys.readouterr().err.splitlines()
    assert all(line.startswith("error: ") for line in err)
    assert ["TIME" in e for e in err] == [True, False, False, False]
    assert ["not the text" in e for e in err] == [False, True, False, False]
    assert ["'2007-13' is not ISO" in e for e in err] == [False, False, True, True]
    assert not gold.exists()  # nothing written
    assert run("gold", "import", tmp_path / "nothing.json", "--to", gold) == 2
    assert run("gold", "export", tmp_path, "--to", "brat", tmp_path / "x") == 2
    assert "no document.json" in capsys.readouterr().err


def test_labeling_config_names_every_kind():
    root = ET.fromstring(labelstudio.label_config())
    labels = [e.get("value") for e in root.iter("Label")]
    assert labels == [k.label for k in KINDS]
    area = next(root.iter("TextArea"))
    assert area.get("perRegion") == "true" and area.get("name") == labelstudio.VALUES
