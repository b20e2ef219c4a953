# The two commands a newcomer needs: `make book` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: venv test test-lib lint bench clean

# (Re)create the virtual environment when it is missing or older than the pins.
$(STAMP): requirements.txt pyproject.toml
	rm -rf $(VENV)
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

venv: $(STAMP)

lint: $(STAMP)
	$(PY) -m ruff check pgdlib tests benchmarks

test-lib: $(STAMP)
	$(PY) -m pytest tests -q

test: lint test-lib

bench: $(STAMP)
	$(PY) benchmarks/run.py

clean:
	rm -rf _build
