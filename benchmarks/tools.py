"""What `benchmarks/run.py` times: this pipeline (whole, and each stage alone) and its peers.

Each entry is a setup function, run once in a fresh process and timed as the tool's import, that
returns the call timed per document. A call gets the document's path and its decoded text (each
tool takes what it takes: our pipeline reads the file itself, the peers take a string).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

Call = Callable[[Path, str], Any]
ROOT = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- this pipeline


def ours_all() -> Call:
    """ingest -> layout (paragraphs) -> segment -> dates, symbols, organizations: every table's
    rows, from the file on disk, as `extract` computes them before writing."""
    from pipeline.runner import extract_file

    return lambda path, text: extract_file(path)


def _stage(name: str) -> Callable[[], Call]:
    """One stage alone, its input prepared (untimed) by the stages before it."""

    def setup() -> Call:
        from pipeline import ingest, layout, segment
        from pipeline.extract import extract, extractors

        if name == "ingest":
            return lambda path, text: ingest.read_document(path)
        prepared: dict[Path, Any] = {}

        def inputs(path: Path) -> Any:
            if path not in prepared:
                doc = ingest.read_document(path)
                laid = layout.analyze(doc)
                seg = segment.segment(laid)
                prepared[path] = (doc, laid, seg, extract(seg))
            return prepared[path]

        if name == "layout":
            return lambda path, text: layout.analyze(inputs(path)[0])
        if name == "segment":
            return lambda path, text: segment.segment(inputs(path)[1])
        if name == "tables":
            from pipeline.tables import write_document

            out = Path(tempfile.mkdtemp(prefix="bench-tables-"))
            return lambda path, text: write_document(inputs(path)[3], out)
        fn = extractors()[name]
        return lambda path, text: fn(inputs(path)[2])

    return setup


# --------------------------------------------------------------------------- peers


def jionlp_time() -> Call:
    try:
        from jionlp import extract_time
    except ImportError:  # releases whose top level no longer re-exports it
        from jionlp.algorithm.ner import extract_time

    return lambda path, text: extract_time(text)


def dateparser_search() -> Call:
    from dateparser.search import search_dates

    return lambda path, text: search_dates(text, languages=["zh"])


def jieba_posseg() -> Call:
    import jieba.posseg

    return lambda path, text: jieba.posseg.lcut(text)


def jieba_lcut() -> Call:
    import jieba

    return lambda path, text: jieba.lcut(text)


def rjieba_cut() -> Call:
    import rjieba

    return lambda path, text: rjieba.cut(text)


def spacy_jieba() -> Call:
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.max_length = 10_000_000
    return lambda path, text: nlp(text)


# The floor: one regex pass for date and symbol shapes and one Aho-Corasick pass over the
# gazetteer's names, no context, no normalization, no rows.
SCAN_RE = re.compile(
    r"\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?"
    r"|\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December)\s+\d{4}"
    r"|[A-Z]{1,6}(?:/[A-Z0-9.]+)+|\d{2,3}/\d{1,4}"
)
NAME_KEYS = {"name_zh", "name_en", "acronym", "short_zh", "aliases_zh", "aliases_en"}


def gazetteer_names() -> list[str]:
    import yaml

    data = yaml.load(
        (ROOT / "pipeline" / "resources" / "organizations" / "gazetteer.yaml").read_text(
            encoding="utf-8"
        ),
        Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader),
    )
    names: set[str] = set()

    def walk(node: Any, key: str = "") -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, str(k))
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in NAME_KEYS and len(node) >= 2:
            names.add(node)

    walk(data)
    return sorted(names)


def bare_scan() -> Call:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for name in gazetteer_names():
        automaton.add_word(name, name)
    automaton.make_automaton()

    def scan(path: Path, text: str) -> int:
        hits = sum(1 for _ in SCAN_RE.finditer(text))
        return hits + sum(1 for _ in automaton.iter(text))

    return scan


# name -> (setup, what it is). "ours: all four" is the reference of every ratio.
TOOLS: dict[str, tuple[Callable[[], Call], str]] = {
    "ours: all four": (ours_all, "un-extract, ingest to the rows of all four tables"),
    "ours: ingest": (_stage("ingest"), "read, decode, detect language"),
    "ours: paragraphs": (_stage("layout"), "layout: furniture, zones, paragraphs"),
    "ours: segment": (_stage("segment"), "words for every extractor (gazetteer-aware rjieba)"),
    "ours: dates": (_stage("dates"), "dates extractor alone"),
    "ours: symbols": (_stage("symbols"), "symbols extractor alone"),
    "ours: organizations": (_stage("organizations"), "organizations extractor alone"),
    "ours: write tables": (_stage("tables"), "write the document folder (5 files)"),
    "jionlp extract_time": (jionlp_time, "jionlp.extract_time (dates only)"),
    "dateparser search_dates": (dateparser_search, "dateparser.search.search_dates, zh"),
    "jieba posseg": (jieba_posseg, "jieba.posseg.lcut (words + POS)"),
    "jieba lcut": (jieba_lcut, "jieba.lcut (words)"),
    "rjieba cut": (rjieba_cut, "rjieba.cut (words, compiled)"),
    "spaCy blank zh + jieba": (spacy_jieba, "spacy.blank('zh', segmenter=jieba)"),
    "bare regex + Aho-Corasick": (bare_scan, "one regex + one automaton pass, no rows"),
}
