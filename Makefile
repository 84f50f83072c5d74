# Everything a user or CI needs; `make extract` and `make test` set up .venv on first use.
# `make extract` installs the package and what extraction needs (its core dependencies);
# `make test` adds the test tools (the `dev` extra: pytest, hypothesis, spaCy, Dask, ...).
# Each step prints one line, and pip says what it fetches.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip install --disable-pip-version-check --progress-bar off
RAW    ?= raw
OUT    ?= output
GOLD   ?= tests/gold
EVAL   ?= eval

.PHONY: setup extract eval test lint compare bench clean

# The development set-up: the package, its core dependencies and the test tools.
setup: $(VENV)/.dev

$(VENV)/.core: pyproject.toml
	@echo "== set-up: a virtual environment in $(VENV)"
	$(PYTHON) -m venv $(VENV)
	@echo "== set-up: the package and its core dependencies"
	$(PIP) -e .
	touch $@

$(VENV)/.dev: $(VENV)/.core
	@echo "== set-up: the test tools (the dev extra)"
	$(PIP) -e '.[dev]'
	touch $@

extract: $(VENV)/.core
	@echo "== extract: $(RAW) into $(OUT)"
	$(PY) -m pipeline extract $(RAW) --out $(OUT)

# raw/ as `make extract` does, then the gold set: each gold document's input extracted into
# $(EVAL)/gold/<doc_id>/ in one process, scored; reports in $(EVAL)/eval_* (docs/evaluation.md).
# Apart from $(OUT): that folder holds the main job's document folders and nothing else.
eval: extract
	@echo "== eval: the gold set $(GOLD) into $(EVAL)"
	$(PY) -m pipeline eval --gold $(GOLD) --extract --pred $(EVAL)/gold --report $(EVAL)

test: $(VENV)/.dev
	@echo "== test: the suite, one pytest worker a core (pytest-xdist)"
	$(PY) -m pytest -n auto

compare: $(VENV)/.core
	$(PY) -m pipeline compare --pairs $(RAW) --out $(OUT)

# BENCH_ARGS=--quick: the seed only, 200 small documents, up to 100 copies (about 3 minutes)
bench: $(VENV)/.core
	@echo "== bench: the peers (the bench extra)"
	$(PIP) -e '.[bench]'
	$(PY) benchmarks/run.py --out $(OUT) $(BENCH_ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check pipeline tests benchmarks scripts
	$(VENV)/bin/ruff format --check pipeline tests benchmarks scripts

clean:
	rm -rf $(EVAL)
	rm -rf $(OUT)/*/ $(OUT)/*.csv $(OUT)/*.md $(OUT)/*.parquet $(OUT)/*.duckdb $(OUT)/*.png
