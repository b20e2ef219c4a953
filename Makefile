# The two commands a newcomer needs: `make book` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Matplotlib's font cache lives with the venv: a cache in ~/.cache written by another (since
# deleted) environment makes every first figure print findfont warnings, which nbval sees.
export MPLCONFIGDIR := $(CURDIR)/$(VENV)/mplconfig
NOTEBOOKS := $(wildcard book/*.ipynb)
# The book build shows still figures where Jupyter shows sliders (see pgdlib.viz.explore).
BOOK_ENV := PGDLIB_STATIC=1 PYDEVD_DISABLE_FILE_VALIDATION=1

.PHONY: venv book test test-lib test-notebooks test-book test-browser test-student test-binder-env test-frontends student lint notebooks bench clean

# (Re)create the virtual environment when it is missing or older than the pins.
$(STAMP): requirements.txt pyproject.toml
	rm -rf $(VENV)
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

venv: $(STAMP)

# MathJax is served by the site itself (no CDN): installed from the npm registry at build time.
MATHJAX_VERSION := 3.2.2
MATHJAX := _build/mathjax_site/_static/mathjax
$(MATHJAX)/tex-mml-chtml.js:
	command -v npm >/dev/null || { echo "npm is needed to install MathJax (apt-get install npm)"; exit 1; }
	npm install --silent --no-audit --no-fund --prefix _build/npm mathjax@$(MATHJAX_VERSION)
	mkdir -p $(MATHJAX)
	cp -r _build/npm/node_modules/mathjax/es5/. $(MATHJAX)/

## make book: build the HTML book into _build/html (executes the notebooks, cached).
book: $(STAMP) $(MATHJAX)/tex-mml-chtml.js
	$(BOOK_ENV) $(VENV)/bin/jupyter-book build . -W -n --keep-going
	@echo "The book is at: $(CURDIR)/_build/html/index.html"

## make test: lint, library tests, strict nbval, the -W book build and its pages in Chromium,
## the student edition, and every notebook run in a fresh venv built from requirements.txt
## alone (as Binder does), then its sliders moved in JupyterLab and Notebook 7.
test: lint test-lib test-notebooks test-book test-browser test-student test-binder-env test-frontends

lint: $(STAMP)
	$(PY) -m ruff check pgdlib tests benchmarks book/_scripts book/_ext

# The library's tests need no built book; the browser tests (tests/browser) do.
test-lib: $(STAMP)
	$(PY) -m pytest tests -q --ignore=tests/browser --ignore=tests/jupyter

test-notebooks: $(STAMP)
	PYDEVD_DISABLE_FILE_VALIDATION=1 $(PY) -m pytest --nbval --nbval-current-env \
	  --nbval-sanitize-with book/_scripts/nbval_sanitize.cfg -p no:cacheprovider book -q

test-book: book

## make test-browser: every page of the built book in Chromium (console, network, math, images,
## links, solutions, animations, sizes); skipped without Chromium, except when CI is set.
test-browser: book
	BOOK_HTML=$(CURDIR)/_build/html $(PY) -m pytest tests/browser -q -p no:cacheprovider

## make notebooks: re-execute every notebook and store its outputs (what nbval compares with).
notebooks: $(STAMP)
	$(PY) book/_scripts/store_outputs.py $(NOTEBOOKS)

## make student: the student edition (no solutions) in _build/student/{notebooks,html}.
student: $(STAMP) $(MATHJAX)/tex-mml-chtml.js
	PYDEVD_DISABLE_FILE_VALIDATION=1 $(PY) book/_scripts/make_student.py

# The student edition's pages pass the same browser tests as the book's.
test-student: student
	BOOK_HTML=$(CURDIR)/_build/student/html $(PY) -m pytest tests/browser -q -p no:cacheprovider

## make test-binder-env: what Binder does -- a fresh venv from requirements.txt alone, with
## runtime.txt's Python when this machine has it -- then every notebook executed in it.
BINDER_VENV := _build/binder-venv
RUNTIME_PY := $(shell sed -n 's/^python-\([0-9.]*\)$$/python\1/p' runtime.txt)
test-binder-env:
	rm -rf $(BINDER_VENV)
	$$(command -v $(RUNTIME_PY) || echo python3) -m venv $(BINDER_VENV)
	$(BINDER_VENV)/bin/python --version
	$(BINDER_VENV)/bin/python -m pip install --quiet -r requirements.txt
	cd /tmp && PYDEVD_DISABLE_FILE_VALIDATION=1 $(CURDIR)/$(BINDER_VENV)/bin/python \
	  $(CURDIR)/book/_scripts/store_outputs.py --check $(addprefix $(CURDIR)/,$(NOTEBOOKS))

## make test-frontends: every chapter's first slider in JupyterLab and Notebook 7 (Chromium),
## served from the Binder venv when test-binder-env has built it, else from .venv.
test-frontends: $(STAMP)
	FRONTEND_PYTHON=$$(test -x $(BINDER_VENV)/bin/python && echo $(CURDIR)/$(BINDER_VENV)/bin/python) \
	  $(PY) -m pytest tests/jupyter -q -p no:cacheprovider

bench: $(STAMP)
	$(PY) benchmarks/run.py

clean:
	rm -rf _build
