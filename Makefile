# Everything a user or CI needs; `make extract` and `make test` set up .venv on first use.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
RAW    ?= raw
OUT    ?= output
GOLD   ?= tests/gold

.PHONY: setup extract eval test lint compare bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

extract: setup
	$(PY) -m pipeline extract $(RAW) --out $(OUT)

# raw/ as `make extract` does, then the gold set: each gold document's input extracted into
# $(OUT)/gold/<doc_id>/ in one process, scored; reports in $(OUT)/eval_* (docs/evaluation.md).
eval: extract
	$(PY) -m pipeline eval --gold $(GOLD) --extract --pred $(OUT)/gold --report $(OUT)

test: setup
	$(PY) -m pytest

compare: setup
	$(PY) -m pipeline compare --pairs $(RAW) --out $(OUT)

bench: setup
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) benchmarks/run.py --out $(OUT)

lint: setup
	$(VENV)/bin/ruff check pipeline tests benchmarks scripts
	$(VENV)/bin/ruff format --check pipeline tests benchmarks scripts

clean:
	rm -rf $(OUT)/*/ $(OUT)/*.csv $(OUT)/*.md $(OUT)/*.parquet $(OUT)/*.duckdb $(OUT)/*.png
