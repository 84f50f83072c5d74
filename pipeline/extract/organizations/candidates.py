"""`python -m pipeline gazetteer candidates OUT_DIR`: the bodies outside the gazetteer that a run
found (their `new:` ids), as records in the gazetteer's own format, for a maintainer to review
and add to pipeline/resources/organizations/gazetteer.yaml.

Each record has a proposed id (the acronym in lower case, else the name's snake_case slug), a
type guessed from the name's head word (the language's `candidate_types`), the names and the
acronym the documents give it, the other forms written, and, as comments, how often and where
it was found with a few contexts. The most frequent bodies come first.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipeline.extract.organizations.bodies import NEW
from pipeline.language import profile
from pipeline.segment.lexicon import gazetteer, has_organizations

CONTEXT = 70  # characters of a paragraph's text on each side of a mention


@dataclass
class Candidate:
    org_id: str
    lang: Counter[str] = field(default_factory=Counter)
    name_en: Counter[str] = field(default_factory=Counter)
    name_zh: Counter[str] = field(default_factory=Counter)
    acronym: Counter[str] = field(default_factory=Counter)
    written: Counter[str] = field(default_factory=Counter)
    documents: set[str] = field(default_factory=set)
    mentions: int = 0
    contexts: list[str] = field(default_factory=list)


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def document_folders(out: Path) -> list[Path]:
    """The document folders of an output folder (or the folder itself, if it is one)."""
    if (out / "organizations.csv").is_file():
        return [out]
    return sorted(p for p in out.iterdir() if (p / "organizations.csv").is_file())


def collect(out: Path, contexts: int = 3) -> dict[str, Candidate]:
    """The new bodies of every document folder in `out`, by id."""
    found: dict[str, Candidate] = {}
    for folder in document_folders(out):
        rows = [r for r in read_csv(folder / "organizations.csv") if r["org_id"].startswith(NEW)]
        if not rows:
            continue
        table = folder / "paragraphs.csv"
        paragraphs = read_csv(table) if table.is_file() else []
        for r in rows:
            c = found.setdefault(r["org_id"], Candidate(r["org_id"]))
            c.mentions += 1
            c.documents.add(r["doc_id"])
            c.lang[r["lang"]] += 1
            text = " ".join(r["text"].split())
            c.written[text] += 1
            for key in ("name_en", "name_zh", "acronym"):
                if r[key]:
                    getattr(c, key)[r[key]] += 1
            where = f"{r['doc_id']} {r['para']}"
            if len(c.contexts) < contexts and not any(x.startswith(where) for x in c.contexts):
                c.contexts.append(context_of(r, paragraphs, text))
    return found


def context_of(row: dict[str, str], paragraphs: list[dict[str, str]], text: str) -> str:
    """`doc para: …words around the mention…`, from its paragraph's clean text."""
    start = int(row["start"])
    where = f"{row['doc_id']} {row['para']}"
    for p in paragraphs:
        if int(p["start"]) <= start < int(p["end"]):
            clean = p["text"]
            at = clean.find(text)
            if at >= 0:
                lo, hi = max(0, at - CONTEXT), min(len(clean), at + len(text) + CONTEXT)
                return f"{where}: …{clean[lo:hi]}…"
    return f"{where}: {text}"


def guess_type(name: str, lang: str) -> str:
    """The gazetteer type of a name by its head word (the language's `candidate_types`)."""
    if not lang or not has_organizations(lang):
        return ""
    types = profile(lang).rules("organizations").get("candidate_types") or {}
    spaced = f" {' '.join(name.split())} "
    for kind, heads in types.items():
        for head in heads:
            if f" {head} " in spaced or (not profile(lang).spaced and name.endswith(head)):
                return str(kind)
    return ""


def proposed_id(c: Candidate, name_en: str, acronym: str, taken: set[str]) -> str:
    """The acronym in lower case, else the English name's snake_case slug; unique."""
    base = acronym.lower().replace("-", "_") if acronym else ""
    if not base and name_en:
        base = c.org_id[len(NEW) :].replace("-", "_")
    base = "".join(ch for ch in base if ch.isascii() and (ch.isalnum() or ch == "_"))
    if not base:
        return ""  # a name in ideographs alone: its English name and id are the maintainer's
    oid, n = base, 2
    while oid in taken:
        oid, n = f"{base}_{n}", n + 1
    taken.add(oid)
    return oid


def records(found: dict[str, Candidate]) -> str:
    """The candidates as gazetteer records (YAML), most documents and mentions first."""
    taken = set(gazetteer())
    order = sorted(found.values(), key=lambda c: (-len(c.documents), -c.mentions, c.org_id))
    parts = []
    for c in order:
        name_en = most(c.name_en)
        name_zh = most(c.name_zh)
        acronym = most(c.acronym)
        lang = most(c.lang)
        record: dict[str, object] = {
            "org_id": proposed_id(c, name_en, acronym, taken),
            "type": guess_type(name_en or name_zh, lang),
            "name_en": name_en,
            "name_zh": name_zh,
            "acronym": acronym,
        }
        others = [w for w in c.written if w not in (name_en, name_zh, acronym)]
        if others:  # (the gazetteer has aliases of its two languages: en, zh)
            record[f"aliases_{lang or 'en'}"] = others
        text = yaml.safe_dump([record], allow_unicode=True, sort_keys=False, width=100)
        where = ", ".join(sorted(c.documents)[:5]) + (" …" if len(c.documents) > 5 else "")
        n, docs = c.mentions, len(c.documents)
        counts = f"{n} mention{'s' * (n > 1)} in {docs} document{'s' * (docs > 1)}"
        notes = [f"# {c.org_id}: {counts} ({where})"]
        notes += ["#   " + " ".join(x.split()) for x in c.contexts]
        parts.append("\n".join(notes) + "\n" + text)
    bodies = f"{len(found)} bod{'ies' if len(found) != 1 else 'y'}"
    head = (
        f"# Gazetteer candidates: {bodies} outside the gazetteer. Review each record "
        "(id, type, both\n# names, parent) before adding it to "
        "pipeline/resources/organizations/gazetteer.yaml.\norganizations:\n"
    )
    return head + "\n".join(parts)


def most(counts: Counter[str]) -> str:
    return counts.most_common(1)[0][0] if counts else ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline gazetteer", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)
    cand = sub.add_parser("candidates", help="bodies outside the gazetteer found in a run")
    cand.add_argument("out_dir", help="the output folder of `python -m pipeline extract`")
    cand.add_argument("--contexts", type=int, default=3, help="contexts per body (default 3)")
    cand.add_argument("--min-documents", type=int, default=1, help="found in this many at least")
    cand.add_argument("-o", "--output", help="write the records here (default: stdout)")
    args = ap.parse_args(argv)
    out = Path(args.out_dir)
    if not out.is_dir():
        print(f"error: {out}: no such folder", file=sys.stderr)
        return 2
    try:
        found = collect(out, args.contexts)
    except (OSError, KeyError, ValueError, csv.Error) as e:
        print(f"error: {out}: cannot read its tables ({e})", file=sys.stderr)
        return 2
    found = {k: c for k, c in found.items() if len(c.documents) >= args.min_documents}
    text = records(found)
    if args.output:  # written beside, then moved into place
        target = Path(args.output)
        tmp = target.with_name(f".{target.name}.tmp")
        try:
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(target)
        except OSError as e:
            print(f"error: {target}: cannot write ({e.strerror})", file=sys.stderr)
            return 2
    else:
        sys.stdout.write(text)
    return 0
