"""spaCy components for the organization recognizer of pipeline/extract/organizations/ and the
place recognizer of pipeline/extract/places/.

    import spacy
    import pipeline.spacy_components  # registers the factory

    nlp = spacy.blank("zh")  # or spacy.blank("en")
    nlp.add_pipe("un_organizations")
    doc = nlp("联合国开发计划署（开发署）与安全理事会")
    [(e.text, e.ent_id_) for e in doc.ents]
    # [('联合国开发计划署', 'undp'), ('开发署', 'undp'), ('安全理事会', 'unsc')]  (label ORG)

A spaCy Doc is read as one paragraph: short forms defined in it apply to the rest of it. `ent_id_`
and `kb_id_` hold the org_id ("" for a body discovered outside the gazetteer); the canonical names
are on `span._.org` (name_en, name_zh, acronym).

    nlp.add_pipe("un_places")  # after un_organizations, if both
    doc = nlp("几内亚比绍政府和西非国家经济共同体")
    [(s.text, s.kb_id_) for s in doc.spans["places"]]  # [('几内亚比绍', 'GNB')]

`un_places` puts every place in `doc.spans["places"]` (kb_id_ = the code; the row's columns on
`span._.place`) and in `doc.ents` where no entity set before it overlaps. As in the places table,
a place inside an entity of a kind it yields to (pipeline/kinds.py: an organization, label ORG)
is no place: the organization's name holds it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.extract.organizations import find_organizations
from pipeline.extract.places import find_places, has_places
from pipeline.kinds import KIND_BY_NAME
from pipeline.language import languages
from pipeline.segment.lexicon import has_organizations

if not Span.has_extension("org"):
    Span.set_extension("org", default=None)
if not Span.has_extension("place"):
    Span.set_extension("place", default=None)


class OrganizationRecognizer:
    def __init__(self, lang: str, label: str, include_optional: bool) -> None:
        supported = [code for code in languages() if has_organizations(code)]
        if lang not in supported:
            raise ValueError(f"un_organizations supports {', '.join(supported)}, not {lang!r}")
        self.lang = lang
        self.label = label
        self.include_optional = include_optional

    def __call__(self, doc: Doc) -> Doc:
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
                spans.append(span)
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


class PlaceRecognizer:
    def __init__(self, lang: str, label: str, include_optional: bool) -> None:
        supported = [code for code in languages() if has_places(code)]
        if lang not in supported:
            raise ValueError(f"un_places supports {', '.join(supported)}, not {lang!r}")
        self.lang = lang
        self.label = label
        self.include_optional = include_optional
        kind = KIND_BY_NAME["places"]
        self.yields_to = {KIND_BY_NAME[k].label for k in kind.yields_to}  # entity labels

    def __call__(self, doc: Doc) -> Doc:
        holders = [e for e in doc.ents if e.label_ in self.yields_to]
        spans = []
        for m in find_places(doc.text, self.lang, include_optional=self.include_optional):
            span = doc.char_span(
                m.start,
                m.end,
                label=self.label,
                kb_id=m.place.code,
                span_id=m.place.code,
                alignment_mode="expand",
            )
            if span is None or any(h.start <= span.start and span.end <= h.end for h in holders):
                continue
            span._.place = dict(m.place.columns)
            spans.append(span)
        doc.spans["places"] = spans
        # entities set before win where they overlap a place
        taken = {i for e in doc.ents for i in range(e.start, e.end)}
        free = [s for s in spans if not taken.intersection(range(s.start, s.end))]
        doc.ents = sorted([*doc.ents, *free], key=lambda e: e.start)
        return doc


@Language.factory(
    KIND_BY_NAME["places"].spacy_component or "un_places",
    default_config={"label": "PLACE", "include_optional": False},
)
def make_place_recognizer(
    nlp: Language, name: str, label: str, include_optional: bool
) -> PlaceRecognizer:
    return PlaceRecognizer(nlp.lang, label, include_optional)
