"""The review page as an error-hunting tool: the document's symbol and title in the header, an error
list whose entries link to their places in the text, filters by kind and status, a wrong value
drawn once as "found X, expected Y", symbols linked to undocs.org. Checked on the page's DOM with
a Python HTML parser, and driven in a real headless browser where one is installed (skipped
otherwise; nothing is downloaded)."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from collections import Counter
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.evaluation.command import main as eval_main
from pipeline.evaluation.review import display
from pipeline.evaluation.review_page import UNDOCS
from pipeline.kinds import KINDS
from tests.eval_case import DOC, PRED, SOURCE, SYMBOL, build, date, write_tables

OWN_SYMBOL = "A/62/999"  # the document's own symbol, in its document.json
TITLE = "Report <of> the Secretary-General & friends"
BROWSERS = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "headless_shell",
)


def browser() -> str | None:
    """An installed Chromium-family browser, or None (the tests that need one skip)."""
    return next((p for p in map(shutil.which, BROWSERS) if p), None)


def headless(exe: str, tmp_path: Path, *args: str) -> list[str]:
    """The command that runs the browser `exe` headless, offline, in a profile of its own in
    `tmp_path`, on a 1000x800 window, with `args` (what to do and the page's URI)."""
    return [
        exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1000,800", *args,
    ]  # fmt: skip


class Page(HTMLParser):
    """The elements the tests look at: every id and where it stands, the error list's entries,
    the filter boxes, the marks (with their verdict text), the header's links."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: dict[str, str] = {}  # id -> the section it stands in ("errors" or "text")
        self.entries: list[dict] = []
        self.boxes: list[dict[str, str]] = []
        self.marks: list[dict] = []
        self.links: list[dict] = []  # every <a>: href and text
        self.tags: list[str] = []
        self.stack: list[tuple[str, dict]] = []  # open elements: tag and what we record in them
        self.in_list = False
        self.order: list[str] = []  # ids in the order they appear
        self.h1 = ""
        self.doc_title = ""

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        if tag == "input":
            self.boxes.append(a)
            return  # a void element: no end tag
        rec: dict = {"tag": tag, "attrs": a, "text": ""}
        classes = set(a.get("class", "").split())
        if a.get("id") == "errors":
            self.in_list = True
        if "id" in a:
            self.ids[a["id"]] = "errors" if self.in_list else "text"
        if tag == "li" and "err" in classes:
            self.entries.append(rec)
        if tag == "mark":
            rec["classes"] = classes
            rec["fix"] = ""
            self.marks.append(rec)
        if tag == "a":
            self.links.append(rec)
            for _, outer in self.stack:
                if outer in self.entries and "href" not in outer:
                    outer["href"] = a.get("href", "")
        if "id" in a:
            self.order.append(a["id"])
        self.stack.append((tag, rec))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break
        if tag == "section":
            self.in_list = False

    def handle_data(self, data):
        fix = any("fix" in r["attrs"].get("class", "").split() for _, r in self.stack)
        for open_tag, rec in self.stack:
            rec["text"] += data
            if open_tag == "mark" and fix:
                rec["fix"] += data
        if any(t == "h1" for t, _ in self.stack):
            self.h1 += data
        if any("doc-title" in r["attrs"].get("class", "") for _, r in self.stack):
            self.doc_title += data


def parse(html: str) -> Page:
    p = Page()
    p.feed(html)
    p.close()
    return p


WRONG = date("2", "2007", "2.", "2008")  # paragraph 2's year, read with another value


@pytest.fixture
def hunted(tmp_path: Path) -> tuple[Path, str]:
    """The evaluation case, with one more error: paragraph 2's "2007" read as 2008 (right span,
    wrong value); and a document.json naming the document's symbol and title."""
    gold, out, _ = build(tmp_path)
    pred = {**PRED, "dates": [WRONG if r["para"] == "2" else r for r in PRED["dates"]]}
    write_tables(out / DOC, pred)
    meta_path = out / DOC / "document.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(symbol=OWN_SYMBOL, title=TITLE, date="2007-07-26")
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    no_floors = tmp_path / "thresholds.yaml"
    no_floors.write_text("{}\n", encoding="utf-8")
    args = ["--gold", gold, "--pred", out, "--thresholds", no_floors]
    assert eval_main([str(a) for a in args]) == 0
    page = out / DOC / "review.html"
    return page, page.read_text(encoding="utf-8")


def exact_counts(report: Path) -> dict[str, tuple[int, int]]:
    """(FP, FN) at the exact level per table, as the evaluation scored them."""
    with open(report / "eval_scores.csv", encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["name"] == DOC and r["level"] == "exact"]
    return {r["table"]: (int(r["fp"]), int(r["fn"])) for r in rows}


def test_header_names_the_document_and_links_its_symbol(hunted):
    _, html = hunted
    p = parse(html)
    assert OWN_SYMBOL in p.h1 and DOC in p.h1
    assert p.doc_title == TITLE  # escaped in the page, read back as written
    assert "<of>" not in p.tags
    own = [a for a in p.links if a["text"] == OWN_SYMBOL]
    assert [a["attrs"]["href"] for a in own] == [UNDOCS + OWN_SYMBOL]


def test_every_error_is_listed_once_and_links_to_its_place_in_the_text(hunted):
    page, html = hunted
    p = parse(html)
    assert p.entries, "no error list"
    targets = [e["attrs"] for e in p.entries]
    hrefs = [e.get("href", "") for e in p.entries]
    assert all(h.startswith("#") for h in hrefs) and len(set(hrefs)) == len(hrefs)
    for href in hrefs:
        assert p.ids.get(href[1:]) == "text", href  # an id in the text, not in the list
    # the list runs in text order
    assert [h[1:] for h in hrefs] == [i for i in p.order if i in {h[1:] for h in hrefs}]
    # the list agrees with the scorer: a wrong value is one FP and one FN drawn once
    counts = exact_counts(page.parent.parent)
    by_status = Counter((t["data-kind"], t["data-status"]) for t in targets)
    for k in KINDS:
        if k.name not in counts:
            continue
        fp, fn = counts[k.name]
        wrong = by_status[k.singular, "wrong"]
        assert by_status[k.singular, "fp"] + wrong == fp, k.name
        assert by_status[k.singular, "fn"] + wrong == fn, k.name
    assert by_status[("date", "wrong")] == 1
    assert by_status[("organization", "link")] == 1  # UNDP linked to unodc (span right)
    assert by_status[("paragraph", "fn")] == by_status[("paragraph", "text")] == 1


def test_a_wrong_value_is_drawn_once_as_found_and_expected(hunted):
    _, html = hunted
    p = parse(html)
    shown = display(SOURCE, WRONG["start"], WRONG["end"])
    on_span = [
        m
        for m in p.marks
        if m["text"].removesuffix(m["fix"]) == shown and {"date", "wrong"} <= m["classes"]
    ]
    assert len(on_span) == 1
    assert on_span[0]["fix"] == "found 2008, expected 2007"  # written in the page, not a tooltip
    # no second chip for the gold value on that span
    assert not [m for m in p.marks if "fn" in m["classes"] and m["text"] == shown]
    undp = [m for m in p.marks if "link" in m["classes"]]
    assert [m["fix"] for m in undp] == ["found unodc, expected undp"]
    entry = next(e for e in p.entries if e["attrs"]["data-status"] == "wrong")
    assert "found 2008, expected 2007" in entry["text"]


def test_filters_cover_every_kind_and_status_shown(hunted):
    _, html = hunted
    p = parse(html)
    boxes = {(b.get("data-group"), b.get("value")) for b in p.boxes if b.get("data-group")}
    kinds = {m["attrs"]["class"].split()[1] for m in p.marks}
    assert {("kind", k) for k in kinds} | {("kind", "paragraph")} <= boxes
    assert {("st", s) for s in ("tp", "wrong", "fp", "fn", "optional")} <= boxes
    for group, value in boxes:  # each box has the rules that hide what it names
        assert f"body.hide-{group}-{value} " in html
    assert any(b.get("id") == "only-errors" for b in p.boxes)


def test_symbols_link_to_undocs(hunted):
    _, html = hunted
    p = parse(html)
    sym = [m for m in p.marks if "symbol" in m["classes"]]
    assert sym
    for m in sym:
        links = [a for a in p.links if a["attrs"].get("class") == "doc" and a["text"] in m["text"]]
        assert UNDOCS + SYMBOL["symbol"] in {a["attrs"]["href"] for a in links}


def test_the_page_is_self_contained(hunted):
    _, html = hunted
    p = parse(html)
    assert "link" not in p.tags and "img" not in p.tags and "iframe" not in p.tags
    assert "src=" not in html and "url(" not in html and "@import" not in html
    for a in p.links:  # the only absolute links: records on undocs.org, followed by a click
        href = a["attrs"]["href"]
        assert href.startswith(("#", UNDOCS)), href


# A probe run by the browser after the page's own script: it works the filters and follows a
# link as a reader would, and writes what it saw into the page for --dump-dom to print.
PROBE = """<script>
(function () {
  function shown(el) { return el.getClientRects().length > 0 && getComputedStyle(el).display !== "none"; }
  function visible(sel) { return Array.from(document.querySelectorAll(sel)).filter(shown).length; }
  function box(group, value) { return document.querySelector('input[data-group="' + group + '"][value="' + value + '"]'); }
  function flip(b) { b.checked = !b.checked; b.dispatchEvent(new Event("change")); }
  var r = {};
  r.entries = document.querySelectorAll("li.err").length;
  r.visible0 = visible("li.err");
  r.counter0 = document.getElementById("err-shown").textContent;
  r.fp = document.querySelectorAll('li.err[data-status="fp"]').length;
  flip(box("st", "fp"));
  r.visibleNoFp = visible("li.err");
  r.counterNoFp = document.getElementById("err-shown").textContent;
  var fpMark = document.querySelector("mark.fp:not(.detached)");
  r.fpBorderHidden = getComputedStyle(fpMark).borderTopColor;
  r.fpText = fpMark.textContent.length > 0 && shown(fpMark);
  flip(box("st", "fp"));
  r.fpBorderBack = getComputedStyle(fpMark).borderTopStyle;
  flip(box("kind", "date"));
  r.dateEntriesVisible = visible('li.err[data-kind="date"]');
  r.otherEntriesVisible = visible('li.err:not([data-kind="date"])');
  r.others = document.querySelectorAll('li.err:not([data-kind="date"])').length;
  flip(box("kind", "date"));
  var only = document.getElementById("only-errors");
  only.click();
  r.cleanUnitsShown = visible(".unit:not(.has-err)");
  r.errUnitsShown = visible(".unit.has-err");
  r.errUnits = document.querySelectorAll(".unit.has-err").length;
  only.click();
  var fix = document.querySelector("mark.wrong .fix");
  r.fixShown = shown(fix) && fix.offsetWidth > 0;
  r.fixText = fix.innerText;
  var errors = document.getElementById("errors").getBoundingClientRect().top;
  r.listAboveText = errors < document.querySelector(".unit").getBoundingClientRect().top;
  var last = Array.from(document.querySelectorAll("li.err a")).pop();
  last.click();
  r.hash = location.hash;
  var target = document.getElementById(location.hash.slice(1));
  var top = target.getBoundingClientRect().top;
  r.targetInView = top > -2 && top < window.innerHeight;  // scrolled to, within a pixel
  r.scrolled = window.scrollY;
  var out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify(r);
  document.body.appendChild(out);
})();
</script>"""


def run_browser(exe: str, page: Path, tmp_path: Path) -> dict:
    probed = tmp_path / "probed.html"
    html = page.read_text(encoding="utf-8")
    # a long page, so that following a link has to scroll
    filler = "<div style='height:3000px'></div>"
    probed.write_text(html.replace("</body>", filler + PROBE + "</body>"), encoding="utf-8")
    cmd = headless(exe, tmp_path, "--dump-dom", probed.resolve().as_uri())
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    dom = parse(r.stdout)
    assert "probe" in dom.ids, f"the browser ran no probe: {r.stderr[-2000:]}"
    text = r.stdout.split('<pre id="probe">', 1)[1].split("</pre>", 1)[0]
    return json.loads(unescape(text))


@pytest.mark.skipif(browser() is None, reason="no headless browser installed")
def test_the_page_works_in_a_headless_browser(hunted, tmp_path):
    page, _ = hunted
    exe = browser()
    assert exe is not None
    r = run_browser(exe, page, tmp_path)
    assert r["entries"] == r["visible0"] == int(r["counter0"]) > 0
    assert r["fp"] > 0 and r["visibleNoFp"] == r["entries"] - r["fp"] == int(r["counterNoFp"])
    assert r["fpBorderHidden"] == "rgba(0, 0, 0, 0)" and r["fpText"]  # the text stays
    assert r["fpBorderBack"] == "dashed"
    assert r["dateEntriesVisible"] == 0 and r["otherEntriesVisible"] == r["others"] > 0
    assert r["cleanUnitsShown"] == 0 and r["errUnitsShown"] == r["errUnits"] > 0
    assert r["fixShown"] and r["fixText"] == "found 2008, expected 2007"
    assert r["listAboveText"]
    assert r["hash"].startswith("#") and r["targetInView"] and r["scrolled"] > 0, str(r)


def test_predictions_alone_have_the_header_and_kind_filters_but_no_errors(hunted, capsys):
    from pipeline.evaluation.review import main

    page, _ = hunted
    assert main([str(page.parent)]) == 0
    p = parse(page.read_text(encoding="utf-8"))
    assert OWN_SYMBOL in p.h1 and p.doc_title == TITLE
    assert p.entries == []  # nothing scored, nothing called an error
    boxes = {(b.get("data-group"), b.get("value")) for b in p.boxes if b.get("data-group")}
    assert ("st", "pred") in boxes and ("kind", "date") in boxes
    assert not {("st", s) for s in ("tp", "fp", "fn", "wrong")} & boxes
