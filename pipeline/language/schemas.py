"""The schema of each rule file of a language folder (see pipeline/language/schema.py).

A rule file named here is checked when its language is first loaded; a misspelt key, a value of
the wrong type or a regular expression that does not compile fails there, with its file and key.
"""

from __future__ import annotations

from typing import Any

from pipeline.language.schema import PATTERN, Choice, Keys, Mapping, Maybe

WORDS = [str]
PAIRS = [[str]]  # (opening, closing) marks

LANGUAGE = Keys(
    required={
        "name": str,
        "script": Choice(("cjk", "latin")),
        "spaced": bool,
        "names_case_insensitive": bool,
        "dehyphenate": bool,
        "un_markers": WORDS,
    },
    optional={
        "segmenter": Maybe(Choice(("gazetteer",))),
        "detect_words": WORDS,
        "detect_default": bool,
        "numerals": Keys(
            optional={
                "digits": Mapping(str, int),
                "units": Mapping(str, int),
                "ordinals": WORDS,
                "tens_ordinals": Mapping(str, int),
                "tens": Mapping(str, int),
            }
        ),
    },
)

_MODIFIER = Keys(required={"pattern": str}, optional={"half": int, "quarter": int})
DATES = Keys(
    required={
        "patterns": [
            Keys(
                required={"name": str, "pattern": str},
                optional={
                    "weak_unless": WORDS,
                    "license": str,
                    "max_span": int,
                    "anchor": WORDS,
                },
            )
        ],
        "range_connectors": PATTERN,
        "coordinators": PATTERN,
    },
    optional={
        "lang": str,
        "fold": Mapping(str, str),
        "numerals": Mapping(str, int),
        "ten": str,
        "month_names": Mapping(str, int),
        "pre_modifiers": [_MODIFIER],
        "post_modifiers": [_MODIFIER],
        "first_chars": PATTERN,
        "macros": Mapping(str, str),  # with {MACROS} inside: compiled once expanded
        "licenses": Mapping(str, [Keys(optional={"before": PATTERN, "after": PATTERN})]),
        "borrow": Mapping(str, WORDS),
        "range_openers": [Keys(required={"opener": PATTERN, "connector": PATTERN})],
        "mask": [PATTERN],
        "elliptical_day": Choice(("before", "after", "both")),
        "not_dates": [Keys(optional={"before": PATTERN, "after": PATTERN, "yearless": bool})],
        "sentence_end": PATTERN,
        "century_words": Mapping(str, int),
        "blank": [PATTERN],
    },
)

SYMBOLS = Keys(
    required={
        "citations": [
            Keys(required={"act": Choice(("resolution", "decision")), "pattern": str})
        ],  # with {items}
        "item_separator": str,  # with {symbol}
        "expansion_connector": PATTERN,
        "sales_prefix": PATTERN,
        "sentence_end": PATTERN,
        "body_names": Mapping(str, Maybe(str)),
    },
    optional={
        "para_ref_before": Maybe(PATTERN),
        "para_ref_after": Maybe(PATTERN),
        "body_after_if": Maybe(PATTERN),
        "home_names": Mapping(str, WORDS),
        "list_heading": PATTERN,
        "list_separator": PATTERN,
        "list_acts": Mapping(str, Choice(("resolution", "decision"))),
    },
)

ORGANIZATIONS = Keys(
    required={
        "un_prefixes": WORDS,
        "not_organizations": WORDS,
        "discovery": Keys(
            required={"method": Choice(("segmented_suffixes", "capitalized_heads"))},
            optional={
                # segmented_suffixes: words ending with a suffix, from a place name on
                "suffixes": WORDS,
                "start_tags": WORDS,
                "stop_words": WORDS,
                "coordinators": WORDS,
                "min_chars": int,
                "max_words": int,
                "verb_tags": WORDS,
                "not_suffix_words": WORDS,
                "name_verbs": WORDS,
                "start_words": WORDS,
                # capitalized_heads: a head word among capitalized words (capitalized.py)
                "heads": WORDS,
                "titled_heads": WORDS,
                "standalone": WORDS,
                "connectors": WORDS,
                "inner": WORDS,
                "not_first": WORDS,
                "generic_modifiers": WORDS,
                "lowercase_connectors": WORDS,
                "max_lowercase": int,
                "lowercase_first_stops": WORDS,
                "lowercase_objects": WORDS,
                "lowercase_stops": WORDS,
                "end_words": WORDS,
                "process_nouns": WORDS,
                "foreign_heads": WORDS,
                "foreign_inner": WORDS,
            },
        ),
    },
    optional={
        "regional_variants": WORDS,
        "units": WORDS,
        "unit_place_connectors": WORDS,
        "units_after": [PATTERN],
        "units_own_body": WORDS,
        "units_before": [PATTERN],
        "not_organization_patterns": [PATTERN],
        "titles_of_works": [PATTERN],
        "quotations": PATTERN,
        "act_number_cell": PATTERN,
        "person_titles": WORDS,
        "title_brackets": PAIRS,
        "quotes": PAIRS,
        "anaphors": Maybe(Keys(optional={"heads": WORDS, "window": int, "plural_before": WORDS})),
        # a name of the gazetteer ending a longer name (context.drop_modified)
        "longer_name_before": Keys(
            required={"method": Choice(("capitalized", "tagged"))},
            optional={
                "not_modifier_endings": WORDS,
                "not_modifier_after": WORDS,
                "names": WORDS,
                "tags": WORDS,
            },
        ),
        # shorter names of a body named in full (context.short_forms_of)
        "short_forms": Keys(
            optional={
                "drop_leading": WORDS,
                "drop_trailing_after": WORDS,
                "cut_before": WORDS,
                "drop_inner": WORDS,
                "min_words": int,
                "generic_modifiers": WORDS,
                "drop_leading_places": bool,
                "min_chars": int,
            }
        ),
        # the gazetteer type of a candidate body by its head word (candidates.py)
        "candidate_types": Mapping(str, WORDS),
        # lists that define bodies, read before the paragraphs (lists.py)
        "lists": Keys(
            optional={
                "entry": PATTERN,
                "lead": PATTERN,
                "line": PATTERN,
                "titles": PATTERN,
                "not_names": WORDS,
                "item_separators": PATTERN,
            }
        ),
        # names made of names: a unit after a slash, a body named by the States it joins
        # (compounds.py)
        "compounds": Keys(
            optional={
                "joiner": str,
                "tail": PATTERN,
                "state_acronym": PATTERN,
                "state_separators": WORDS,
                "quoted_body": PATTERN,
            }
        ),
        # definitions in the document (definitions.py)
        "definitions": Keys(
            optional={
                "markers": WORDS,
                "max_words": int,
                "actor_verbs": WORDS,
                "not_body_heads": WORDS,
            }
        ),
    },
)

LAYOUT = Keys(
    required={
        "toc_title": WORDS,
        "annex_heading": PATTERN,
        "front_section_title": WORDS,
        "inline_not_after": WORDS,
        "metadata": Keys(
            required={
                "united_nations": WORDS,
                "session": PATTERN,
                "agenda": PATTERN,
                "summary_title": WORDS,
                "month_names": Mapping(str, int),
            },
            optional={
                "distribution_date": [PATTERN],
                "dateline": [PATTERN],
                "meeting_date": [PATTERN],
                "adoption_date": [PATTERN],
                "title_symbol": [Keys(required={"pattern": PATTERN, "symbol": str})],
            },
        ),
    },
    optional={
        "inline_heading": Maybe(PATTERN),
        "table_note_title": WORDS,
        "adoption": Maybe(Keys(required={"anchor": PATTERN, "pattern": PATTERN})),
        # text inputs: web copies, converted files, Markdown (pipeline/layout/textrules.py)
        "text": Keys(
            optional={
                "chrome": WORDS,
                "chrome_pattern": Maybe(PATTERN),
                "title_line": Maybe(PATTERN),
                "letter_title": Maybe(PATTERN),
                "resolution_opening": WORDS,
                "resolution_opening_end": PATTERN,
                "preamble_words": WORDS,
                "preamble_adverbs": WORDS,
                "toc_columns": WORDS,
                "inline_annex": Maybe(PATTERN),
                "annex_line": Maybe(PATTERN),
                "inline_heading_before_paragraph": Maybe(PATTERN),
                "front_line": Maybe(PATTERN),
                "record_line": Maybe(PATTERN),
                "record_inline": Maybe(PATTERN),
                "prose_after": Maybe(PATTERN),
                "abbreviations": WORDS,
                "article_heading": Maybe(PATTERN),
                "table_title": Maybe(PATTERN),
            }
        ),
    },
)

_NOT_PLACE = Keys(required={"text": str, "inner": str, "why": str})
PLACES = Keys(
    required={
        "contained": [Keys(required={"outer": str, "inner": str, "why": str})],
        "not_places": [_NOT_PLACE],
        "ambiguous": [Keys(required={"text": str, "codes": WORDS, "why": str})],
        "same_name_cities": WORDS,
    },
    optional={
        "case_sensitive": bool,
        "fold_accents": bool,
        "apostrophes": WORDS,
        "article": str,
        "longer_words": [
            Keys(required={"word": str, "inner": str}, optional={"mention": bool, "why": str})
        ],
        "person_names": Keys(
            required={"names": WORDS, "titles_before": WORDS}, optional={"why": str}
        ),
        "suffixes": [Keys(required={"suffix": str, "except_next": WORDS, "why": str})],
        # a State's formal name made of a form and its short name (names.state_forms)
        "state_forms": WORDS,
        "title_brackets": PAIRS,
        "instruments": Keys(
            required={"heads": WORDS},
            optional={
                "capitalized": bool,
                "openers": WORDS,
                "connectors": WORDS,
                "quotes": PAIRS,
            },
        ),
    },
)

SCHEMAS: dict[str, Any] = {
    "language": LANGUAGE,
    "layout": LAYOUT,
    "dates": DATES,
    "symbols": SYMBOLS,
    "organizations": ORGANIZATIONS,
    "places": PLACES,
}
