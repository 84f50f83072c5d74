"""spaCy component for the organization recognizer of pipeline/extract/organizations/.

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
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.extract.organizations import find_organizations
from pipeline.kinds import KIND_BY_NAME
from pipeline.language import languages
from pipeline.segment.lexicon import has_organizations

if not Span.has_extension("org"):
    Span.set_extension("org", default=None)


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
