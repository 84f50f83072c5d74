"""The parts of the review page around the document's text: the header (symbol linked to
undocs.org, title), the error list (each entry a link to the error's place in the text), the
filters by kind and by status, and the page's style and script.

Everything is inline (one self-contained file, no network resource). Filtering works by classes
on <body>: a cleared box adds `hide-<group>-<value>`, and the CSS below hides what carries that
value (a mark loses its colour but keeps its text; an error list entry disappears). So the page
reads whole without JavaScript, and the script is a dozen lines.
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass
from typing import Any

from pipeline.kinds import KINDS

UNDOCS = "https://undocs.org/"  # a document's page by its symbol (as the symbols table's url)
PARAGRAPH = "paragraph"  # the kind of a paragraph error (a unit missed, or its clean text)
ERROR_STATUSES = ("wrong", "link", "fp", "fn")
# Status filters: one box a group; "wrong value" covers both ways a value is wrong.
STATUS_GROUPS: dict[str, tuple[str, ...]] = {
    "tp": ("tp",),
    "wrong": ("wrong", "link"),
    "fp": ("fp",),
    "fn": ("fn",),
    "optional": ("optional",),
    "pred": ("pred",),
}
STATUS_NAMES = {
    "tp": "TP",
    "wrong": "wrong value",
    "fp": "FP",
    "fn": "FN",
    "optional": "optional",
    "pred": "predicted",
    "link": "wrong link",  # statuses of entries beyond the groups
    "text": "text differs",
}
GROUP_OF = {s: g for g, members in STATUS_GROUPS.items() for s in members}


def esc(text: str) -> str:
    return html.escape(text, quote=True)


@dataclass(frozen=True)
class Entry:
    """One error of the list: where it is drawn (`anchor`, an id in the text) and what it says."""

    anchor: str
    kind: str  # a kind's singular, or PARAGRAPH
    status: str  # wrong, link, fp, fn (marks); fn, text (paragraphs)
    para: str
    start: int
    text: str  # the source text, as displayed
    says: str  # "found X, expected Y", ...


def verdict(status: str, found: str, expected: str) -> str:
    """What an error says, written out (never hover-only)."""
    if status in ("wrong", "link"):
        return f"found {found}, expected {expected}"
    if status == "fp":
        return f"found {found}, not in gold"
    if status == "fn":
        return f"missed: expected {expected}"
    return found


def header(doc_id: str, meta: dict[str, Any]) -> str:
    """The document's symbol (linked to its undocs.org page), id and title."""
    symbol = str(meta.get("symbol") or "")
    parts = ['<header class="doc">']
    if symbol:
        parts.append(
            f'<h1><a class="symbol" href="{esc(UNDOCS + symbol)}">{esc(symbol)}</a>'
            f' <span class="docid">{esc(doc_id)}</span></h1>'
        )
    else:
        parts.append(f"<h1>{esc(doc_id)}</h1>")
    if meta.get("title"):
        parts.append(f'<p class="doc-title">{esc(str(meta["title"]))}</p>')
    facts = [str(meta[k]) for k in ("lang", "date") if meta.get(k)]
    if meta.get("session"):
        facts.append(f"session {meta['session']}")
    if facts:
        parts.append(f'<p class="doc-facts">{esc(" · ".join(facts))}</p>')
    return "".join(parts) + "</header>"


def error_list(entries: list[Entry], labels: dict[str, str], scored: bool) -> str:
    """The errors in text order, each a link to its place; a note where nothing was scored."""
    if not scored:
        return (
            '<section id="errors"><h2>Errors</h2><p class="none">Not scored on this text: every'
            " mention is shown as a prediction (status pred).</p></section>"
        )
    if not entries:
        return '<section id="errors"><h2>Errors (0)</h2><p class="none">None.</p></section>'
    items = []
    for e in sorted(entries, key=lambda e: (e.start, e.kind)):
        text = e.text if len(e.text) <= 80 else e.text[:79] + "…"
        group = GROUP_OF.get(e.status, e.status)
        items.append(
            f'<li class="err k-{e.kind} g-{group}" data-kind="{e.kind}" data-status="{e.status}">'
            f'<a href="#{e.anchor}"><span class="badge {e.kind}">{esc(labels.get(e.kind, e.kind))}'
            f'</span> <span class="st">{esc(STATUS_NAMES.get(e.status, e.status))}</span>'
            f' <span class="where">¶{esc(e.para)}</span> <q>{esc(text)}</q></a>'
            f' <span class="says">{esc(e.says)}</span></li>'
        )
    return (
        f'<section id="errors"><h2>Errors (<span id="err-shown">{len(entries)}</span> shown of'
        f" {len(entries)})</h2><ol>{''.join(items)}</ol></section>"
    )


def filters(kinds: Counter[str], statuses: Counter[str], labels: dict[str, str]) -> str:
    """Boxes by kind and by status (with their counts), and one to show only paragraphs that
    hold an error."""

    def box(group: str, value: str, name: str, n: int) -> str:
        return (
            f'<label><input type="checkbox" data-group="{group}" value="{value}" checked>'
            f" {esc(name)} ({n})</label>"
        )

    groups: Counter[str] = Counter()
    for status, n in statuses.items():
        groups[GROUP_OF.get(status, status)] += n
    by_kind = [box("kind", k, labels.get(k, k), n) for k, n in sorted(kinds.items())]
    by_status = [box("st", g, STATUS_NAMES[g], groups[g]) for g in STATUS_GROUPS if groups[g]]
    return (
        '<form class="filters" onsubmit="return false"><fieldset><legend>kind</legend>'
        + "".join(by_kind)
        + "</fieldset><fieldset><legend>status</legend>"
        + "".join(by_status)
        + '</fieldset><fieldset><legend>text</legend><label><input type="checkbox"'
        ' id="only-errors"> only paragraphs with an error</label></fieldset></form>'
    )


# Hides what a cleared box names: in the text a mark's colour and badge (its text stays), a
# badge drawn apart; in the list the entries.
def _hide_rules() -> str:
    rules = []
    kinds = [k.singular for k in KINDS] + [PARAGRAPH]
    for group, values in (("kind", {k: (k,) for k in kinds}), ("st", STATUS_GROUPS)):
        for value, classes in values.items():
            on = f"body.hide-{group}-{value}"
            for cls in classes:
                rules.append(
                    f"{on} .ent.{cls} {{ background: none !important; border-color: transparent"
                    f" !important; }}\n{on} .ent.{cls}::after, {on} .ent.{cls}::before,"
                    f" {on} .ent.{cls} > .fix, {on} .ent.{cls}.detached {{ display: none; }}\n"
                )
            li = f"li.err.k-{value}" if group == "kind" else f"li.err.g-{value}"
            rules.append(f"{on} {li} {{ display: none; }}\n")
    return "".join(rules)


_CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans", sans-serif; margin: 2em;
       line-height: 2.2; max-width: 60em; }
header.doc h1 { margin-bottom: 0; line-height: 1.3; }
header.doc .docid { font-size: .5em; color: #888; font-weight: normal; }
.doc-title { font-size: 1.15em; margin: .2em 0; line-height: 1.4; }
.doc-facts { color: #666; margin: 0; }
#errors { line-height: 1.5; }
#errors ol { max-height: 40vh; overflow-y: auto; border: 1px solid #ddd; padding: .3em 2.5em; }
#errors li { margin: .15em 0; }
#errors a { text-decoration: none; color: inherit; } #errors a q { color: #00e; }
#errors a:hover q { text-decoration: underline; }
#errors .says { color: #a00; }
#errors .st { font: bold .8em monospace; }
.badge { font: bold .7em sans-serif; padding: 0 .3em; border-radius: .3em; }
.filters { line-height: 1.6; margin: .5em 0; }
.filters fieldset { display: inline-block; border: 1px solid #ddd; margin-right: .5em; }
.filters label { margin-right: .6em; white-space: nowrap; }
body.only-errors .unit:not(.has-err) { display: none; }
.unit { border-top: 1px solid #ddd; padding: .2em 0; }
.key { font: bold .8em monospace; background: #eee; padding: 0 .4em; border-radius: 3px; }
.zone { font-size: .7em; color: #888; }
.unit.fn > .key { background: #fcc; } .unit.text > .key { background: #fe9; }
.nested { font: .7em monospace; color: #888; }
.ent { padding: .1em .3em; border-radius: .3em; border: 2px solid transparent; }
.ent::after { content: attr(data-label); font: bold .55em sans-serif; margin-left: .3em;
                  vertical-align: middle; }
KIND_COLOURS
.ent.fp { border: 2px dashed #d00; }
.ent.fn { background: repeating-linear-gradient(45deg, #fff, #fff 4px, #fdd 4px, #fdd 8px);
          border-bottom: 3px double #d00; }
.ent.fn::before { content: "✗"; color: #d00; font-weight: bold; margin-right: .2em; }
.ent.link, .ent.wrong { border: 2px solid #f80; }
.ent .fix { font: bold .75em sans-serif; color: #a00; background: #fff3e0; margin-left: .3em;
            padding: 0 .3em; border-radius: .3em; }
.ent.optional { opacity: .55; border: 2px dotted #777; }
.ent.detached { font-size: .75em; vertical-align: super; }
.ent.detached::before { content: "⤷"; }
a.doc { text-decoration: none; font-size: .8em; margin-left: .2em; }
.ent:target, .unit:target { outline: 3px solid #06c; outline-offset: 2px; }
a.to-errors { position: fixed; right: 1em; bottom: 1em; background: #fff; padding: 0 .5em;
              border: 1px solid #ccc; border-radius: .3em; }
table { border-collapse: collapse; font-size: .85em; line-height: 1.4; }
td, th { border: 1px solid #ccc; padding: .1em .5em; }
.legend .ent { margin-right: .8em; }
"""
CSS = (
    _CSS.replace(
        "KIND_COLOURS\n",
        "".join(
            f".ent.{k.singular}, .badge.{k.singular} {{ background: {k.colour}; }}\n" for k in KINDS
        )
        + f".badge.{PARAGRAPH} {{ background: #eee; }}\n",
    )
    + _hide_rules()
)

# A cleared box hides its value; the count of errors still shown is kept in the heading.
SCRIPT = """
(function () {
  var body = document.body;
  var boxes = document.querySelectorAll(".filters input[data-group]");
  var only = document.getElementById("only-errors");
  function apply() {
    boxes.forEach(function (b) {
      body.classList.toggle("hide-" + b.dataset.group + "-" + b.value, !b.checked);
    });
    if (only) { body.classList.toggle("only-errors", only.checked); }
    var shown = document.getElementById("err-shown");
    if (shown) {
      var n = 0;
      document.querySelectorAll("li.err").forEach(function (li) {
        if (getComputedStyle(li).display !== "none") { n += 1; }
      });
      shown.textContent = String(n);
    }
  }
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  if (only) { only.addEventListener("change", apply); }
  apply();
})();
"""
