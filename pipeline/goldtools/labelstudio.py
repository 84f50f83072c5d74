"""Label Studio: a document as a task with the pipeline's mentions as predictions, and back.

Export (`FILE.json`, to import into a Label Studio project; the project's labeling config is
written beside it as `FILE.label_config.xml`):

    [{"data": {"text": SOURCE, "doc_id": ..., "un_extract": {paragraphs, metadata}},
      "predictions": [{"model_version": "un-extract ...", "result": [
          {"id": "dates-1", "from_name": "kind", "to_name": "text", "type": "labels",
           "value": {"start": 223, "end": 238, "text": "2006 年 12 月 6 日", "labels": ["DATE"]}},
          {"id": "dates-1", "from_name": "value", "to_name": "text", "type": "textarea",
           "value": {"start": 223, "end": 238, "text": ["start_value=2006-12-06", ...]}}]}]}]

One label a kind of the registry (its review-page label: DATE, SYM, ORG...); the normalized
values in a per-region text area, one `column=value` a line. Import reads Label Studio's JSON
export of the project (or this file as written): the latest annotation that was not cancelled,
else the predictions.

Offsets: Label Studio counts them in UTF-16 code units (JavaScript strings), Python in code
points; they differ after a character outside the Basic Multilingual Plane, and the export and
import convert. A region whose text is not the source's text at its offsets is an error.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from pipeline.goldtools.document import (
    GoldDocument,
    GoldError,
    Mention,
    check_mentions,
    decode_values,
    encode_values,
    write_atomic,
)
from pipeline.kinds import KIND_BY_NAME, KINDS, Kind

LABELS = "kind"  # the Labels control
VALUES = "value"  # the per-region TextArea
TEXT = "text"  # the Text object


def label_of(kind: Kind) -> str:
    return kind.label or kind.name


def kind_of_label() -> dict[str, Kind]:
    return {label_of(k): k for k in KINDS}


class Utf16:
    """Code point offsets to UTF-16 code units and back, for one text."""

    def __init__(self, text: str) -> None:
        # code point index of each character outside the BMP (two UTF-16 units each)
        self.astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def to_units(self, i: int) -> int:
        return i + bisect_right(self.astral, i - 1)

    def to_points(self, u: int) -> int | None:
        """None for a unit inside a surrogate pair."""
        lo, hi = 0, u
        while lo < hi:  # the smallest i with to_units(i) >= u
            mid = (lo + hi) // 2
            if self.to_units(mid) < u:
                lo = mid + 1
            else:
                hi = mid
        return lo if self.to_units(lo) == u else None


def label_config() -> str:
    """The labeling config of a Label Studio project for these tasks."""
    labels = "\n".join(
        f"    <Label value={quoteattr(label_of(k))} background={quoteattr(k.colour or '#ddd')}/>"
        for k in KINDS
    )
    return f"""<View>
  <Labels name="{LABELS}" toName="{TEXT}">
{labels}
  </Labels>
  <Text name="{TEXT}" value="$text"/>
  <View visibleWhen="region-selected">
    <Header value="Normalized value: one column=value a line"/>
    <TextArea name="{VALUES}" toName="{TEXT}" perRegion="true" editable="true" rows="4"/>
  </View>
</View>
"""


def export(doc: GoldDocument, path: Path, model_version: str) -> list[Path]:
    """Write the task file and the labeling config beside it; returns both paths."""
    units = Utf16(doc.text)
    result: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    for m in doc.mentions:
        kind = KIND_BY_NAME[m.kind]
        counts[m.kind] = counts.get(m.kind, 0) + 1
        rid = f"{m.kind}-{counts[m.kind]}"
        span = {"start": units.to_units(m.start), "end": units.to_units(m.end)}
        text = doc.text[m.start : m.end]
        result.append(
            {
                "id": rid,
                "from_name": LABELS,
                "to_name": TEXT,
                "type": "labels",
                "value": {**span, "text": text, "labels": [label_of(kind)]},
            }
        )
        result.append(
            {
                "id": rid,
                "from_name": VALUES,
                "to_name": TEXT,
                "type": "textarea",
                "value": {**span, "text": encode_values(kind, m.values)},
            }
        )
    task = {
        "data": {"text": doc.text, "doc_id": doc.doc_id, "un_extract": doc.record()},
        "predictions": [{"model_version": model_version, "result": result}],
    }
    config = path.with_name(path.name.removesuffix(".json") + ".label_config.xml")
    write_atomic(path, json.dumps([task], ensure_ascii=False, indent=1) + "\n")
    write_atomic(config, label_config())
    return [path, config]


def chosen_result(task: dict[str, Any]) -> list[dict[str, Any]]:
    """The latest annotation that was not cancelled, else the first prediction, else none."""
    annotations = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    if annotations:
        latest = max(
            enumerate(annotations),
            key=lambda ia: (str(ia[1].get("updated_at") or ia[1].get("created_at") or ""), ia[0]),
        )[1]
        return list(latest.get("result") or [])
    predictions = task.get("predictions") or []
    return list(predictions[0].get("result") or []) if predictions else []


def read(path: Path) -> list[GoldDocument]:
    """The documents of a task file or of Label Studio's JSON export. Raises GoldError."""
    try:
        tasks = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise GoldError([f"{path}: cannot read as Label Studio JSON ({e})"]) from e
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list) or not tasks:
        raise GoldError([f"{path}: no tasks (Label Studio's JSON export is a list of tasks)"])
    docs, problems = [], []
    for n, task in enumerate(tasks, start=1):
        try:
            docs.append(read_task(task, f"{path}: task {n}"))
        except GoldError as e:
            problems += e.problems
    if problems:
        raise GoldError(problems)
    return docs


def read_task(task: dict[str, Any], where: str) -> GoldDocument:
    data = task.get("data") if isinstance(task, dict) else None
    if not isinstance(data, dict) or "un_extract" not in data or "text" not in data:
        raise GoldError([f"{where}: not a task of `python -m pipeline gold export`"])
    text = data["text"]
    doc = GoldDocument.of_record(data["un_extract"], text, where)
    units = Utf16(text)
    regions: dict[str, dict[str, Any]] = {}
    for r in chosen_result(task):
        region = regions.setdefault(str(r.get("id")), {})
        if r.get("type") == "labels":
            region["labels"] = r
        elif r.get("type") == "textarea":
            region["values"] = r
    labels = kind_of_label()
    problems = []
    for rid, region in regions.items():
        at = f"{where}: region {rid}"
        if "labels" not in region:
            continue  # a text area whose region has no label: nothing to keep
        value = region["labels"].get("value") or {}
        names = value.get("labels") or []
        if len(names) != 1 or names[0] not in labels:
            problems.append(f"{at}: labels {names} (one of {', '.join(labels)})")
            continue
        kind = labels[names[0]]
        start, end = units.to_points(int(value["start"])), units.to_points(int(value["end"]))
        if start is None or end is None or not 0 <= start < end <= len(text):
            problems.append(f"{at}: offsets {value['start']}:{value['end']} not in the text")
            continue
        if "text" in value and value["text"] != text[start:end]:
            problems.append(
                f"{at}: text {value['text']!r} is not the source's {text[start:end]!r} at "
                f"{start}:{end}"
            )
            continue
        lines = (region.get("values") or {}).get("value", {}).get("text") or []
        if isinstance(lines, str):
            lines = [lines]
        try:
            values = decode_values(kind, [str(x) for x in lines], at)
        except GoldError as e:
            problems += e.problems
            continue
        doc.mentions.append(Mention(kind.name, start, end, values))
    problems += [f"{where}: {p}" for p in check_mentions(doc)]
    if problems:
        raise GoldError(problems)
    return doc
