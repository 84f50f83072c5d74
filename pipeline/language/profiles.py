"""Language profiles: loading and checking a language folder (see pipeline/language)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.cache import load, store
from pipeline.language.schema import RuleFileError, check
from pipeline.language.schemas import SCHEMAS
from pipeline.resources import RESOURCES, load_yaml

PROFILE_FILE = "language.yaml"


class UnknownLanguage(ValueError):
    """A language code with no folder (and language.yaml) under pipeline/resources."""

    def __init__(self, lang: str) -> None:
        known = ", ".join(languages())
        super().__init__(f"unsupported language {lang!r} (supported: {known})")
        self.lang = lang


@dataclass(frozen=True)
class Numerals:
    """Number words, for what a document states about itself (a session's number)."""

    digits: dict[str, int]  # 六 -> 6 (read digit by digit: 二〇〇七 -> 2007)
    units: dict[str, int]  # 十 -> 10 (positional: 六十二 -> 62)
    ordinals: tuple[str, ...]  # first, second, ... (1, 2, ...)
    tens_ordinals: dict[str, int]  # twentieth -> 20
    tens: dict[str, int]  # twenty -> 20 (twenty-first -> 21)


@dataclass(frozen=True)
class Profile:
    """A language as the engines see it (language.yaml, checked)."""

    code: str  # the folder's name: "zh"
    name: str
    script: str  # "cjk" or "latin": what language detection counts
    # Words are separated by spaces: a line break inside a paragraph is read as a space, a
    # prefix and a name are joined by one; otherwise lines join without one (but between two
    # Latin letters or digits) and spaces next to CJK ideographs are dropped when matching.
    spaced: bool
    names_case_insensitive: bool  # names match whatever their case (then the case is checked)
    dehyphenate: bool  # a word broken by a hyphen at a line end is made whole again
    segmenter: str | None  # "gazetteer": words from the gazetteer-aware segmenter (Chinese)
    detect_words: tuple[str, ...]  # frequent words that tell it from the others of its script
    detect_default: bool  # where no word decides, the language of its script
    un_markers: tuple[str, ...]  # words that show a text is a UN document (ingest)
    numerals: Numerals
    folder: Path

    def has(self, name: str) -> bool:
        """The folder has a rule file `<name>.yaml` (e.g. "organizations"): looked up once per
        process, as the files are loaded once (the stages ask for every document)."""
        return _has(self.folder, name)

    def rules(self, name: str) -> Any:
        """The rule file `<name>.yaml` of the language, checked against its schema."""
        return _rules(self.code, name)


@cache
def _has(folder: Path, name: str) -> bool:
    return (folder / f"{name}.yaml").is_file()


def languages() -> tuple[str, ...]:
    """The supported languages: the folders of pipeline/resources with a language.yaml."""
    return _languages(RESOURCES)


@cache
def _languages(root: Path) -> tuple[str, ...]:
    return tuple(sorted(d.name for d in root.iterdir() if (d / PROFILE_FILE).is_file()))


@cache
def profile(lang: str) -> Profile:
    """The profile of `lang`, loaded and checked once. Raises UnknownLanguage or
    RuleFileError."""
    if lang not in languages():
        raise UnknownLanguage(lang)
    data = _rules(lang, "language")
    for name in SCHEMAS:
        if name != "language" and (RESOURCES / lang / f"{name}.yaml").is_file():
            _rules(lang, name)  # every rule file fails here, at load, not in an engine
    n = data.get("numerals") or {}
    return Profile(
        code=lang,
        name=data["name"],
        script=data["script"],
        spaced=data["spaced"],
        names_case_insensitive=data["names_case_insensitive"],
        dehyphenate=data["dehyphenate"],
        segmenter=data.get("segmenter"),
        detect_words=tuple(data.get("detect_words") or ()),
        detect_default=bool(data.get("detect_default")),
        un_markers=tuple(data["un_markers"]),
        numerals=Numerals(
            digits=dict(n.get("digits") or {}),
            units=dict(n.get("units") or {}),
            ordinals=tuple(n.get("ordinals") or ()),
            tens_ordinals=dict(n.get("tens_ordinals") or {}),
            tens=dict(n.get("tens") or {}),
        ),
        folder=RESOURCES / lang,
    )


@cache
def _rules(lang: str, name: str) -> Any:
    relative = f"{lang}/{name}.yaml"
    try:
        data = load_yaml(relative)
    except FileNotFoundError as e:
        raise RuleFileError(f"{RESOURCES / relative}: missing") from e
    except Exception as e:  # noqa: BLE001 (a YAML syntax error, named with its file)
        raise RuleFileError(f"{RESOURCES / relative}: not valid YAML ({e})") from e
    if name in SCHEMAS and load(f"checked-{lang}-{name}") is not True:
        # checked once for all processes (pipeline/cache.py: its key covers the file and the
        # schema): the check compiles every pattern of the file
        check(data, SCHEMAS[name], str(RESOURCES / relative))
        store(f"checked-{lang}-{name}", True)
    return data


def all_un_markers() -> tuple[str, ...]:
    """The words that show a text is a UN document, in every supported language."""
    return tuple(w for code in languages() for w in profile(code).un_markers)
