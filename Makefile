# Two commands for a fresh machine: `make demo` and `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: constraints demo test lint install bench bench-api eval fuzz soak docs clean

$(BIN)/python:
	$(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]' -c constraints.txt
	touch $(STAMP)

# Pin what the tests pass with: run after changing pyproject.toml's dependencies.
constraints: $(STAMP)
	{ sed -n '1,2p' constraints.txt; $(BIN)/pip freeze --exclude-editable | grep -v '^communique'; } > constraints.new
	mv constraints.new constraints.txt

install: $(STAMP)

demo: $(STAMP)
	rm -f demo.duckdb
	$(BIN)/communique run examples/articles --db demo.duckdb
	$(BIN)/communique events --db demo.duckdb --type CONSULT --format table
	@echo "Explore it in a browser: $(BIN)/communique serve --db demo.duckdb, then open http://127.0.0.1:8000/"

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest

# Benchmarks and evaluations: scripts, not tests; they print figures and write docs/.
bench: $(STAMP)
	$(BIN)/python bench/run_bench.py
	{ printf '\n## Actor resolution (50,000 people) and dyad queries (1,000,000 events)\n\n```\n'; \
	  $(BIN)/python bench/bench_actors.py && $(BIN)/python bench/bench_dyad.py; printf '```\n'; \
	} | tee -a docs/performance.md

bench-api: $(STAMP)
	$(BIN)/python bench/bench_api.py

eval: $(STAMP)
	$(BIN)/python bench/eval_all.py

# Three targets, FUZZ_SECONDS each (10 minutes in all by default): the file readers, the
# JSONL/CSV row readers and their line splitter, and the API's upload body.
FUZZ_SECONDS ?= 200
fuzz: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,fuzz]'
	$(BIN)/python fuzz/fuzz_readers.py -max_total_time=$(FUZZ_SECONDS)
	$(BIN)/python fuzz/fuzz_rows.py -max_total_time=$(FUZZ_SECONDS)
	$(BIN)/python fuzz/fuzz_api.py -max_total_time=$(FUZZ_SECONDS)

soak: $(STAMP)
	$(BIN)/python bench/soak_api.py

docs: $(STAMP)
	$(BIN)/python scripts/cli_docs.py

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache demo.duckdb
