# Two commands set everything up on a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,ocr,distributed]'
	touch $(VENV)/.installed $@

demo: $(VENV)/.installed
	$(BIN)/policywatch demo

lint: $(VENV)/.installed-test
	$(BIN)/ruff check policywatch tests benchmarks scripts
	$(BIN)/lint-imports

# two processes (pytest-xdist): the suite is mostly integration tests that wait on loopback
# servers and child processes; one process took ~10-11 min on the 2-core machine, two take ~6.
# The slowest tests are listed at the end: the suite must stay under 10 minutes in CI.
test: lint
	$(BIN)/python -m pytest -n 2 --durations=25

# every benchmark runs, so one missed target does not hide the others' figures; exit 1 if any missed
bench: $(VENV)/.installed-test
	@failed=""; for b in benchmarks/*.py; do echo "== $$b"; PYTHONPATH=. $(BIN)/python $$b || failed="$$failed $$b"; done; \
	if [ -n "$$failed" ]; then echo "missed targets:$$failed"; exit 1; fi

clean:
	rm -rf $(VENV) policywatch-demo .pytest_cache
