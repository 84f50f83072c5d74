"""The whole pipeline on one document: `process` pauses the cycle collector, which is only safe
because a document makes no reference cycles. These tests hold that up."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from pipeline.runner import cyclic_gc_paused, process
from tests.conftest import SEED


def _cycles_left_by(path: Path) -> int:
    """How many objects a collection finds after `process(path)`, its result dropped."""
    process(path)  # first: the rules, gazetteer and caches load, once per process
    gc.collect()
    gc.disable()
    try:
        extraction = process(path)
        assert extraction.tables["dates"] or extraction.tables["organizations"]
        del extraction
        return gc.collect()
    finally:
        gc.enable()


def test_a_document_makes_no_reference_cycles():
    assert _cycles_left_by(SEED) == 0


def test_no_sibling_makes_reference_cycles(shared_dir):
    docs = sorted((shared_dir / "siblings").glob("*.txt"))
    if not docs:
        pytest.skip("no sibling text files")
    assert {doc.name: _cycles_left_by(doc) for doc in docs} == {doc.name: 0 for doc in docs}


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_left_as_it_was(enabled):
    (gc.enable if enabled else gc.disable)()
    try:
        process(SEED)
        assert gc.isenabled() is enabled
        with pytest.raises(RuntimeError), cyclic_gc_paused():
            assert not gc.isenabled()
            raise RuntimeError("a failing stage")
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
