# Everything a user or CI needs; `make extract` and `make test` set up .venv on first use.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
RAW    ?= raw
OUT    ?= output
GOLD   ?= tests/gold
# 1: compile the stage modules with mypyc into build/mypyc (pipeline/compiled.py); 0: pure Python
COMPILE ?= 1
SOURCES := $(shell find pipeline -name '*.py')

.PHONY: setup extract eval test lint compare bench clean clean-build

setup: $(VENV)/.installed build/.compiled-$(COMPILE)

# Rebuilt when a module changed; the package runs as pure Python until then (and if it fails).
build/.compiled-$(COMPILE): $(VENV)/.installed $(SOURCES)
ifeq ($(COMPILE),1)
	$(PY) -m pipeline compile
endif
	@mkdir -p build && touch $@

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

extract: setup
	$(PY) -m pipeline extract $(RAW) --out $(OUT)

eval: extract
	$(PY) -m pipeline eval --gold $(GOLD) --pred $(OUT)

test: setup
	$(PY) -m pytest

compare: setup
	$(PY) -m pipeline compare --pairs $(RAW) --out $(OUT)

bench: setup
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) benchmarks/run.py --out $(OUT)

lint: setup
	$(VENV)/bin/ruff check pipeline tests benchmarks
	$(VENV)/bin/ruff format --check pipeline tests benchmarks

clean-build:
	rm -rf build

clean:
	rm -rf $(OUT)/*/ $(OUT)/*.csv $(OUT)/*.md $(OUT)/*.parquet $(OUT)/*.duckdb $(OUT)/*.png
