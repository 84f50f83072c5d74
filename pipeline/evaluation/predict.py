"""Run the pipeline on each gold document's input, in this process, into PRED/<doc_id>/.

One process for the whole set: the language resources, the gazetteer automaton and the
segmenter load once (a process per document would pay for them thirty times). The document id
is the gold folder's name, not the input's stem: `A_80_590-EN.docx` and `A_80_590-EN.pdf` share
a stem, and each has its own gold folder.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.evaluation.goldset import GoldDoc


@dataclass
class Prediction:
    doc_id: str
    folder: Path | None  # None: the pipeline gave no tables (see `error`)
    seconds: float
    error: str = ""  # the one-line reason the document gave no tables
    lang: str = ""  # the language the pipeline read it in


def predict(doc: GoldDoc, out: Path) -> Prediction:
    """Extract the document's input (annotations.yaml) and write its folder in `out`. A failure
    of the pipeline is not an error of the evaluation: the document is scored as predicting
    nothing, and `error` says why."""
    from pipeline import ingest, runner
    from pipeline.tables import safe_name, write_document

    t0 = time.perf_counter()
    path = doc.input_path()
    stale = out / safe_name(doc.doc_id)
    try:
        if path is None:
            raise ingest.InputError(doc.folder / "annotations.yaml", "names no input to extract")
        document = replace(ingest.read_document(path), doc_id=doc.doc_id)
        result = runner.extract_document(document)
        folder = write_document(result.extraction, out, result.tables)
    except ingest.InputError as e:
        error = str(e)
    except Exception as e:  # a bug met by one document is measured, not fatal to the set
        error = f"{path}: internal error: {type(e).__name__}: {e}"
    else:
        return Prediction(doc.doc_id, folder, time.perf_counter() - t0, lang=document.lang)
    shutil.rmtree(stale, ignore_errors=True)  # an earlier run's tables are not this run's
    return Prediction(doc.doc_id, None, time.perf_counter() - t0, error=" ".join(error.split()))
