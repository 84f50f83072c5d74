"""The review page: every mention highlighted, values on hover, errors marked apart, text escaped;
and, where Chromium is installed, a real headless render."""

from __future__ import annotations

import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.evaluation.command import main as eval_main
from pipeline.evaluation.review import Mark, Unit, display, main, render
from tests.eval_case import DOC, GOLD, PRED, SOURCE, build
from tests.test_review_errors import browser, headless


class Marks(HTMLParser):
    """Collects each <mark>: its classes, title and full text content (nested marks included)."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[dict] = []
        self.open: list[dict] = []
        self.tags: set[str] = set()
        self.text: list[str] = []
        self.aside: list[str] = []  # open elements a mark adds beside its text (link, verdict)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        classes = set((dict(attrs).get("class") or "").split())
        if self.aside or (self.open and classes & {"doc", "fix"}):
            self.aside.append(tag)
        if tag == "mark":
            a = dict(attrs)
            m = {
                "classes": set(a.get("class", "").split()),
                "title": a.get("title", ""),
                "text": "",
            }
            self.marks.append(m)
            self.open.append(m)

    def handle_endtag(self, tag):
        if self.aside:
            self.aside.pop()
        elif tag == "mark":
            self.open.pop()

    def handle_data(self, data):
        if self.aside:
            return
        self.text.append(data)
        for m in self.open:
            m["text"] += data


def parse(page: str) -> Marks:
    p = Marks()
    p.feed(page)
    p.close()
    assert p.open == []  # every mark closed
    return p


def marks_with_text(p: Marks, text: str) -> list[dict]:
    return [m for m in p.marks if m["text"] == text]


@pytest.fixture
def evaluated(tmp_path: Path) -> tuple[Path, Marks]:
    gold, out, _ = build(tmp_path)
    no_floors = tmp_path / "thresholds.yaml"
    no_floors.write_text("{}\n", encoding="utf-8")
    args = ["--gold", gold, "--pred", out, "--thresholds", no_floors]
    assert eval_main([str(a) for a in args]) == 0
    page = out / DOC / "review.html"
    return page, parse(page.read_text(encoding="utf-8"))


def test_every_mention_is_highlighted(evaluated):
    _, p = evaluated
    for tables in (GOLD, PRED):
        for table in ("dates", "symbols", "organizations"):
            kind = {"dates": "date", "symbols": "symbol", "organizations": "organization"}[table]
            for r in tables[table]:
                shown = display(SOURCE, r["start"], r["end"])
                found = [m for m in marks_with_text(p, shown) if kind in m["classes"]]
                assert found, (table, r["text"])


def test_status_and_value_on_hover(evaluated):
    _, p = evaluated

    def only(text: str, status: str) -> dict:
        found = [m for m in marks_with_text(p, text) if status in m["classes"]]
        assert len(found) == 1, (text, status, marks_with_text(p, text))
        return found[0]

    assert "2006-12-06" in only("December 2006", "fp")["title"]
    assert "2006-12-06" in only("6 December 2006", "fn")["title"]
    assert "A/RES/61/66" in only("61/66", "tp")["title"]
    undp = only("UNDP", "link")  # right span, wrong organization
    assert "unodc" in undp["title"] and "gold: organization undp" in undp["title"]
    assert "unodc" in only("United Nations Office on Drugs and Crime", "fn")["title"]
    only("Office on Drugs and Crime", "fp")
    only("Coordinating Action on Small Arms", "optional")
    only("Small Arms", "optional")
    only("2007", "tp")  # paragraph 2
    only("July 2007", "tp")
    # the spurious year inside "July 2007" is drawn nested in it
    july = only("July 2007", "tp")
    assert july is not only("2007", "fp")


def test_source_text_is_escaped_and_shown_once_per_paragraph(evaluated):
    page, p = evaluated
    assert "draft" not in p.tags  # "<draft>" in the source stays text
    html = page.read_text(encoding="utf-8")
    text = "".join(parse(html.partition('<div class="unit')[2]).text)  # the text, not the list
    assert "Report <draft> & notes" in text
    assert text.count("3. The Coordinating Action") == 1
    assert 'class="unit fn has-err"' in html  # gold paragraph 2 has no exact prediction
    assert "Predicted paragraphs not in gold (1): 2 92:160" in html


def test_display_joins_lines_like_clean_text():
    src = "联合国开发\n 计划署 and the Office\non Drugs"
    assert display(src, 0, len(src)) == "联合国开发计划署 and the Office on Drugs"
    # a mention's own text is joined the same way, looking at the source beyond its ends
    assert display(src, 3, 10) == "开发计划署"


def test_crossing_spans_are_drawn_apart_and_nested_units_once():
    src = "17. alpha beta gamma\nfn1 footnote text\n delta end"
    para = Unit("17", "body", 0, len(src))
    fn = Unit("fn1", "footnote", src.index("fn1"), src.index("text") + 4)
    marks = [
        Mark("organization", 4, 14, "fp", "alpha beta"),  # "alpha beta"
        Mark("organization", 10, 20, "fn", "beta gamma"),  # crosses the one before
        Mark("date", src.index("footnote"), src.index("footnote") + 8, "pred", "in fn1"),
    ]
    p = parse(render("x.en", src, [para, fn], marks))
    assert [m["text"] for m in p.marks if "organization" in m["classes"]] == [
        "alpha beta",
        "beta gamma",
    ]
    detached = [m for m in p.marks if "detached" in m["classes"]]
    assert [m["text"] for m in detached] == ["beta gamma"]
    text = "".join(p.text)
    assert text.count("footnote text") == 1  # shown in fn1, not again inside 17
    assert "[→ fn1]" in text and "delta end" in text


def test_mentions_outside_every_paragraph_are_listed():
    src = "A/62/162 running head\n1. text"
    page = render("x.en", src, [Unit("1", "body", 22, 29)], [Mark("symbol", 0, 8, "fp", "s")])
    p = parse(page)
    assert "outside every paragraph" in "".join(p.text)
    assert [m["text"] for m in p.marks if "symbol" in m["classes"]] == ["A/62/162"]


def test_review_of_predictions_alone(tmp_path, capsys):
    _, out, _ = build(tmp_path)
    assert main([str(out / DOC)]) == 0
    p = parse((out / DOC / "review.html").read_text(encoding="utf-8"))
    preds = [m for m in p.marks if "pred" in m["classes"]]
    assert len(preds) == sum(len(PRED[t]) for t in ("dates", "symbols", "organizations"))


def png_pixels(path: Path) -> tuple[int, int, bytes]:
    """Width, height and the decompressed scanlines of a PNG (enough to judge its content)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    return width, height, zlib.decompress(idat)


@pytest.mark.skipif(browser() is None, reason="no headless browser installed")
def test_review_page_renders_in_headless_chromium(evaluated, tmp_path):
    page, _ = evaluated
    shot = tmp_path / "shot.png"
    cmd = headless(str(browser()), tmp_path, f"--screenshot={shot}", page.resolve().as_uri())
    subprocess.run(cmd, capture_output=True, timeout=120, check=False)
    assert shot.exists(), "chromium wrote no screenshot"
    width, height, pixels = png_pixels(shot)
    assert (width, height) == (1000, 800)
    # a blank or single-colour page compresses to almost nothing and uses few byte values;
    # highlighted text in several colours does not
    assert len(set(pixels)) > 50
    assert shot.stat().st_size > 10_000


SEED_GOLD = Path(__file__).resolve().parent / "gold" / "A-62-162.zh"
SEED = Path(__file__).resolve().parent.parent / "raw" / "A-62-162.zh.txt"


def test_seed_review_page_highlights_every_gold_and_predicted_mention(tmp_path):
    """The real document end to end: extract the seed, evaluate it against its gold, and find
    every mention of both sides in a highlighted element of its review page."""
    if not (SEED_GOLD / "paragraphs.csv").exists():
        pytest.skip("seed gold tables not built yet")
    from pipeline.evaluation.read import read_csv
    from pipeline.model import MENTION_TABLES, TABLE_COLUMNS
    from pipeline.runner import process
    from pipeline.tables import write_document

    doc = write_document(process(SEED), tmp_path / "out")
    code = eval_main(["--gold", str(SEED_GOLD), "--pred", str(doc)])  # the seed alone
    assert code in (0, 1)  # scored (whether above the floors is make eval's business)
    source = SEED.read_text(encoding="utf-8")
    p = parse((doc / "review.html").read_text(encoding="utf-8"))
    shown = {m["text"] for m in p.marks}
    count = 0
    scored = [t for t in MENTION_TABLES if (SEED_GOLD / f"{t}.csv").exists()]  # not places
    for folder in (SEED_GOLD, doc):
        for table in scored:
            rows, _ = read_csv(folder / f"{table}.csv", TABLE_COLUMNS[table])
            for r in rows:
                count += 1
                assert display(source, int(r["start"]), int(r["end"])) in shown, r["text"]
    assert count > 300  # 281 gold organizations alone
