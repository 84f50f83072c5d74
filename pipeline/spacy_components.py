"""spaCy components, one for each kind of mention of the registry (pipeline/kinds.py) that names
a `spacy_component`: un_dates, un_symbols, un_organizations, and any kind added later.

    import spacy

    nlp = spacy.blank("zh")  # or spacy.blank("en")
    nlp.add_pipe("un_dates")
    nlp.add_pipe("un_symbols")
    doc = nlp("大会第 61/66 号决议请秘书长于 2008 年下半年提交报告。")
    [(s.text, s.label_, s.id_) for s in doc.spans["dates"]]
    # [('2008 年下半年', 'DATE', '2008-H2')]
    doc.spans["symbols"][0]._.un["url"]  # 'https://undocs.org/A/RES/61/66'

Each component puts its kind's mentions in `doc.spans["<kind>"]` (label: the kind's label,
DATE, SYM, ORG, ...), with the normalized value as the span's `id_` and `kb_id_` (a date's value,
`start..end` for a range; a symbol; a linked record's id) and the mention's full row, as the
tables have it, on `span._.un`. spaCy finds the components without an import (entry points of
pyproject.toml); `displacy.render(doc, style="span", options={"spans_key": "dates"})` draws them.

A kind's component runs the pipeline on the Doc's text as on a document's (layout, segment, the
kind's extractor), so a whole report given as one Doc gets the same mentions as its tables;
the stages' result is kept for the next component on the same text. A span covers whole
tokens ("expand": a mention inside a token, 61/66 of A/RES/61/66 with spaCy's English
tokenizer, gets the token's span; `span._.un` keeps the mention's own offsets).

`un_organizations` is its own component (kept as it was): it reads the Doc as one paragraph,
sets `doc.ents` (label ORG; `ent_id_`/`kb_id_` the org_id, "" for a body discovered outside the
gazetteer; canonical names on `span._.org`), and also fills `doc.spans["organizations"]`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.kinds import KIND_BY_NAME, KINDS, Kind

if TYPE_CHECKING:
    from pipeline.model import Segmented

for _name in ("un", "org"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)

Row = dict[str, Any]

# Colours of the review page for displacy: displacy.render(..., options={"colors": COLORS, ...})
COLORS = {k.label: k.colour for k in KINDS if k.label and k.colour}


def normalized(kind: Kind, row: Row) -> str:
    """A mention's normalized value: its link (an org_id), else the value the review page
    shows (a date's value or range, a symbol)."""
    if kind.link:
        return str(row.get(kind.link) or "")
    return kind.show(row)


# --------------------------------------------------------------------------- any kind

_last: tuple[str, str, Segmented] | None = None  # (text, lang, its segmented layout)


def segmented(text: str, lang: str) -> Segmented:
    """The text laid out and segmented as a document, kept for the next component."""
    global _last
    if _last is not None and _last[1] == lang and _last[0] == text:
        return _last[2]
    from pipeline import layout, segment
    from pipeline.model import Document
    from pipeline.runner import cyclic_gc_paused

    doc = Document(doc_id="", path="", encoding="", lang=lang, text=text)
    with cyclic_gc_paused():
        seg = segment.segment(layout.analyze(doc))
    _last = (text, lang, seg)
    return seg


def mentions(text: str, lang: str, kind: Kind) -> list[Row]:
    """The rows of one kind in a text, derived columns included, in text order."""
    from pipeline.extract import extract
    from pipeline.tables import with_derived

    rows = extract(segmented(text, lang), kinds=[kind.name]).tables[kind.name]
    return with_derived(kind.name, rows)


class KindComponent:
    """The mentions of one kind of the registry, as spans in doc.spans[kind]."""

    def __init__(self, kind: str, lang: str, component: str) -> None:
        from pipeline.language import languages

        if lang not in languages():
            raise ValueError(f"{component} supports {', '.join(languages())}, not {lang!r}")
        self.kind = KIND_BY_NAME[kind]
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for row in mentions(doc.text, self.lang, self.kind):
            value = normalized(self.kind, row)
            span = doc.char_span(
                row["start"],
                row["end"],
                label=self.kind.label or self.kind.name,
                kb_id=value,
                span_id=value,
                alignment_mode="expand",
            )
            if span is not None:
                span._.un = row
                spans.append(span)
        doc.spans[self.kind.name] = spans
        return doc


def _register(kind: Kind) -> None:
    """Register the factory of a kind's component, as `make_<kind>_component` of this module
    (what the entry points of pyproject.toml name)."""
    component = kind.spacy_component or ""

    def make(nlp: Language, name: str) -> KindComponent:
        return KindComponent(kind.name, nlp.lang, component)

    make.__name__ = make.__qualname__ = f"make_{kind.name}_component"
    make.__doc__ = f"spaCy factory of {component}: the {kind.name} of a Doc in doc.spans."
    Language.factory(component, func=make)
    globals()[make.__name__] = make


# --------------------------------------------------------------------------- organizations


class OrganizationRecognizer:
    def __init__(self, lang: str, label: str, include_optional: bool) -> None:
        from pipeline.language import languages
        from pipeline.segment.lexicon import has_organizations

        supported = [code for code in languages() if has_organizations(code)]
        if lang not in supported:
            raise ValueError(f"un_organizations supports {', '.join(supported)}, not {lang!r}")
        self.lang = lang
        self.label = label
        self.include_optional = include_optional

    def __call__(self, doc: Doc) -> Doc:
        from pipeline.extract.organizations import find_organizations

        spans = []
        for m in find_organizations(doc.text, self.lang, include_optional=self.include_optional):
            # "expand": a name always covers whole tokens, even where the tokenizer cut elsewhere
            span = doc.char_span(
                m.start,
                m.end,
                label=self.label,
                kb_id=m.org.org_id,
                span_id=m.org.org_id,
                alignment_mode="expand",
            )
            if span is not None:
                span._.org = m.org.values()
                span._.un = {
                    "text": doc.text[m.start : m.end],
                    "start": m.start,
                    "end": m.end,
                    **m.org.values(),
                }
                spans.append(span)
        doc.spans["organizations"] = list(spans)
        # the recognizer's spans win over entities set before it where they overlap
        doc.ents = filter_spans(spans + [e for e in doc.ents])
        return doc


@Language.factory(
    KIND_BY_NAME["organizations"].spacy_component or "un_organizations",
    default_config={"label": "ORG", "include_optional": False},
)
def make_organization_recognizer(
    nlp: Language, name: str, label: str, include_optional: bool
) -> OrganizationRecognizer:
    return OrganizationRecognizer(nlp.lang, label, include_optional)


# Every other kind that names a component: the generic one.
for _kind in KINDS:
    if _kind.spacy_component and _kind.name != "organizations":
        _register(_kind)
