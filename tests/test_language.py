"""Language profiles (pipeline/language): the supported languages are the folders present, every
rule file is checked at load (a wrong key or type names its file, key and reason), detection
tells the languages of one script apart by their words."""

from __future__ import annotations

import copy

import pytest

from pipeline.ingest import InputError, document_from_text
from pipeline.language import RuleFileError, UnknownLanguage, detect, languages, profile
from pipeline.language.schema import check
from pipeline.language.schemas import SCHEMAS
from pipeline.resources import RESOURCES

FILE = "resources/xx/dates.yaml"


def test_the_languages_are_the_folders_with_a_profile():
    folders = {d.name for d in RESOURCES.iterdir() if (d / "language.yaml").is_file()}
    assert set(languages()) == folders
    assert {"zh", "en"} <= folders
    # kind folders (the gazetteer, the symbol grammar) are no languages
    assert "organizations" not in languages() and "symbols" not in languages()


@pytest.mark.parametrize("lang", languages())
def test_every_shipped_rule_file_passes_its_schema(lang):
    p = profile(lang)  # loads and checks every rule file of the folder
    assert p.code == lang and p.script in ("cjk", "latin")
    for name in SCHEMAS:
        if p.has(name):
            p.rules(name)


def test_an_unknown_language_fails_in_one_way():
    with pytest.raises(UnknownLanguage, match="unsupported language 'xx'"):
        profile("xx")
    with pytest.raises(InputError, match="unsupported language 'xx'"):
        document_from_text("The General Assembly adopted resolution 61/66.", lang="xx")


def problems_of(name: str, data: object) -> str:
    with pytest.raises(RuleFileError) as e:
        check(data, SCHEMAS[name], FILE)
    return str(e.value)


def test_a_misspelt_key_names_its_file_and_key():
    data = copy.deepcopy(profile("en").rules("dates"))
    data["range_conectors"] = data.pop("range_connectors")
    message = problems_of("dates", data)
    assert f"{FILE}: range_conectors: unknown key" in message
    assert f"{FILE}: range_connectors: missing" in message


def test_a_wrong_type_names_the_key_and_what_it_must_be():
    data = copy.deepcopy(profile("en").rules("dates"))
    data["patterns"][0]["max_span"] = "ten"
    data["month_names"]["May"] = "five"
    message = problems_of("dates", data)
    assert f"{FILE}: patterns[0].max_span: must be an integer, not str 'ten'" in message
    assert f"{FILE}: month_names.May: must be an integer, not str 'five'" in message


def test_a_pattern_that_does_not_compile_is_reported():
    data = copy.deepcopy(profile("zh").rules("layout"))
    data["annex_heading"] = "附件[一二"
    assert f"{FILE}: annex_heading: not a valid regular expression" in problems_of("layout", data)


def test_yaml_booleans_are_caught():
    # YAML reads a bare `on` as true: a word list with it is a wrong type, not a silent rule
    data = copy.deepcopy(profile("en").rules("organizations"))
    data["discovery"]["connectors"] = ["of", True]
    message = problems_of("organizations", data)
    assert f"{FILE}: discovery.connectors[1]: must be a string, not bool True" in message


def test_a_profile_field_of_the_wrong_kind_is_reported():
    data = copy.deepcopy(profile("zh").rules("language"))
    data["script"] = "cyrillic"
    data["spaced"] = "no"
    message = problems_of("language", data)
    assert f"{FILE}: script: must be one of cjk, latin" in message
    assert f"{FILE}: spaced: must be true or false, not str 'no'" in message


def test_detection_by_script():
    assert detect("大会通过了第 61/66 号决议 (A/RES/61/66)。") == "zh"
    assert detect("The General Assembly adopted resolution 61/66 of 6 December 2006.") == "en"
    # no letter at all, or no word that tells: the language marked detect_default of its script
    assert detect("12345 ...") == "en"
    assert profile("en").detect_default
