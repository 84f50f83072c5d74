"""A gold set: the gold document folders under a folder, what each says about itself in its
annotations.yaml (language, genre, input form, where its input is) and its source text.

A gold folder's `annotations.yaml` names its input by one of (docs/evaluation.md, "Gold set"):
  source:   a text file (its text is the source the gold's offsets refer to);
  input:    a PDF or Word file (the source is the text the project's reader decodes it to);
  extract:  the file to run the pipeline on, where it is not the source (an HTML page whose
            decoded text the gold folder keeps as `source:`).
Paths are relative to the repository root: the nearest folder above the gold folder in which
the path exists. A path outside the repository (`../shared/...`) that this machine lacks makes
the document *absent*: skipped, with one line, not an error. `source_sha256` pins the source
text: a source that changed since the gold was made is an error (every offset would shift).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.evaluation.read import InputError, is_doc_folder, one_line, read_text

ANNOTATIONS = "annotations.yaml"
DESCRIBED = ("lang", "genre", "form")  # what the scores are grouped by
UNKNOWN = "-"  # a group value the gold folder does not state


@dataclass
class GoldDoc:
    doc_id: str  # the gold folder's name: the prediction folder's name
    folder: Path
    meta: dict[str, str] = field(default_factory=dict)  # lang, genre, form
    source: str | None = None  # as written in annotations.yaml
    input: str | None = None
    extract: str | None = None
    sha256: str | None = None
    bom: bool = False

    def locate(self, written: str) -> Path | None:
        """A path as annotations.yaml writes it (relative to the repository root)."""
        if Path(written).is_absolute():
            return Path(written) if Path(written).exists() else None
        for base in self.folder.resolve().parents:
            if (base / written).exists():
                return base / written
        return None

    def named(self) -> list[str]:
        return [w for w in (self.extract, self.input, self.source) if w]

    def absent(self) -> str | None:
        """The first file the document needs that lies outside the repository and is not on
        this machine (the document is then skipped); a missing file inside the repository is
        an error of the gold."""
        for written in self.named():
            if self.locate(written) is None:
                if written.startswith("../") or written == self.input:
                    return written
                raise InputError([f"{self.folder / ANNOTATIONS}: {written} not found"])
        return None

    def input_path(self) -> Path | None:
        """The file the pipeline runs on (None: the gold folder names none)."""
        written = self.extract or self.input or self.source
        return self.locate(written) if written else None

    def text(self) -> str | None:
        """The gold's source text, or None where annotations.yaml names none (the prediction's
        source is then taken)."""
        if self.input:
            path = self.locate(self.input)
            if path is None:
                raise InputError([f"{self.folder / ANNOTATIONS}: {self.input} not found"])
            from pipeline.readers import ReaderError, source_text

            try:
                text = source_text(path)
            except (ReaderError, OSError) as e:
                raise InputError([f"{path}: {one_line(str(e))}"]) from e
        elif self.source:
            path = self.locate(self.source)
            if path is None:
                raise InputError([f"{self.folder / ANNOTATIONS}: {self.source} not found"])
            data, problems = read_text(path)
            if data is None:
                raise InputError(problems)
            text = data.removeprefix("\ufeff") if self.bom else data
        else:
            return None
        if self.sha256 and hashlib.sha256(text.encode("utf-8")).hexdigest() != self.sha256:
            raise InputError(
                [f"{self.folder / ANNOTATIONS}: the source text changed (source_sha256 differs)"]
            )
        return text


def load_yaml(text: str) -> Any:
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def read_gold_doc(folder: Path) -> GoldDoc:
    """A gold folder and what its annotations.yaml says (all empty where it has none)."""
    doc = GoldDoc(folder.name, folder)
    path = folder / ANNOTATIONS
    if not path.exists():
        return doc
    import yaml

    text, problems = read_text(path)
    if text is None:
        raise InputError(problems)
    try:
        ann = load_yaml(text) or {}
    except yaml.YAMLError as exc:
        raise InputError([f"{path}: not valid YAML ({one_line(str(exc))})"]) from exc
    if not isinstance(ann, dict):
        raise InputError([f"{path}: not a mapping of keys"])
    doc.meta = {k: str(ann[k]) for k in DESCRIBED if ann.get(k)}
    for name in ("source", "input", "extract"):
        value = ann.get(name)
        if value is not None and not isinstance(value, str):
            raise InputError([f"{path}: {name} must be a path"])
        setattr(doc, name, value)
    doc.sha256 = ann.get("source_sha256")
    doc.bom = bool(ann.get("bom"))
    return doc


def gold_folders(gold: Path) -> list[Path]:
    """One gold document's folder, or every such folder inside `gold` (sorted)."""
    if not gold.is_dir():
        raise InputError([f"{gold}: gold folder not found"])
    if is_doc_folder(gold):
        return [gold]
    folders = sorted(d for d in gold.iterdir() if d.is_dir() and is_doc_folder(d))
    if not folders:
        raise InputError([f"{gold}: no gold document folders"])
    return folders
