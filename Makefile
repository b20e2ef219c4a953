# The two commands a newcomer needs: `make book` and `make test`; `make check` is the inner
# loop (lint, library tests, strict nbval) once `make test` or `make book` has built .venv.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Matplotlib's font cache lives with the venv: a cache in ~/.cache written by another (since
# deleted) environment makes every first figure print findfont warnings, which nbval sees.
export MPLCONFIGDIR := $(CURDIR)/$(VENV)/mplconfig
export PYDEVD_DISABLE_FILE_VALIDATION := 1
NOTEBOOKS := $(wildcard book/*.ipynb)
# Notebooks with an exploration (a show( call) run in JupyterLab in test-frontends; the others
# are executed by nbclient in test-binder-env. Each runs once in the reader's venv.
OPEN_PAREN := (
EXPLORED := $(shell grep -lF 'show$(OPEN_PAREN)' $(NOTEBOOKS))
UNEXPLORED := $(filter-out $(EXPLORED),$(NOTEBOOKS))
# pytest-xdist workers: the project's machines have two cores and each worker is one process,
# so two use both. nbval needs a notebook's cells in one worker (--dist loadscope).
JOBS ?= 2
XDIST := -n $(JOBS) --dist load
XDIST_NB := -n $(JOBS) --dist loadscope
# Where the book is executed without a person at the keyboard (nbval, the stored outputs, the
# student edition), explorations show a placeholder with their figure at the default setting,
# which the book's extension (book/_ext/pgd_explorations.py) turns into kernel-free controls.
STATIC := PGDLIB_STATIC=1

.PHONY: venv book check test test-lib test-notebooks test-book test-browser test-student \
        test-binder-env test-frontends test-grading student assignment lint notebooks bench clean

# (Re)create the maintainer's venv (reader pins + build and test tools) when it is missing or
# older than the pins.
$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	rm -rf $(VENV)
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements-dev.txt
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

## make book: build the HTML book into _build/html from the notebooks' stored outputs
## (strict nbval, in `make check`, proves that a fresh run prints what they show).
book: $(STAMP) $(MATHJAX)/tex-mml-chtml.js
	$(STATIC) $(VENV)/bin/jupyter-book build . -W -n --keep-going
	@echo "The book is at: $(CURDIR)/_build/html/index.html"

## make check: the inner loop -- lint, the library tests with doctests, and strict nbval.
check: lint test-lib test-notebooks

## make test: everything -- make check, the -W book build and its pages in Chromium, the
## student edition and its pages, and, in a venv built from requirements.txt alone (as Binder
## does), every notebook executed, the explorations' sliders moved in JupyterLab and Notebook 7.
test: check test-book test-browser test-student test-binder-env test-frontends test-grading

lint: $(STAMP)
	$(PY) -m ruff check pgdlib tests benchmarks book/_scripts book/_ext

# The library's tests need no built book; the browser and front-end tests (tests/browser,
# tests/jupyter) do.
test-lib: $(STAMP)
	$(PY) -m pytest tests pgdlib --doctest-modules -q -p no:cacheprovider $(XDIST) \
	  --ignore=tests/browser --ignore=tests/jupyter

# Every notebook in a fresh kernel; a cell's output must equal the stored one (strict nbval).
test-notebooks: $(STAMP)
	$(STATIC) $(PY) -m pytest --nbval --nbval-current-env \
	  --nbval-sanitize-with book/_scripts/nbval_sanitize.cfg -p no:cacheprovider book -q $(XDIST_NB)

test-book: book

## make test-browser: every page of the built book in Chromium (console, network, math, images,
## links, solutions, explorations, sizes); skipped without Chromium, except when CI is set.
test-browser: book
	BOOK_HTML=$(CURDIR)/_build/html $(PY) -m pytest tests/browser -q -p no:cacheprovider

## make notebooks: re-execute every notebook and store its outputs (what nbval compares with).
notebooks: $(STAMP)
	$(PY) book/_scripts/store_outputs.py $(NOTEBOOKS)

## make student: the student edition (no solutions) in _build/student/{notebooks,html}.
student: $(STAMP) $(MATHJAX)/tex-mml-chtml.js
	$(PY) book/_scripts/make_student.py

# The student edition's pages pass the same browser tests as the book's.
test-student: student
	BOOK_HTML=$(CURDIR)/_build/student/html $(PY) -m pytest tests/browser -q -p no:cacheprovider

## make assignment: the nbgrader course tree for instructors in _build/course: nbgrader_config.py,
## source/<chapter>/ (the book's chapters 1-8, with solutions) and, from nbgrader
## generate_assignment, release/<chapter>/ (no solutions) and gradebook.db.
assignment: $(STAMP)
	$(PY) book/_grading/make_course.py

## make test-grading: nbgrader end to end in _build/grading -- release, then autograde of the
## book's notebooks (full marks), the release (0) and one wrong answer per exercise (0), scores
## read from the gradebook, and the feedback of the wrong ones.
test-grading: $(STAMP)
	$(PY) book/_grading/check_grading.py

## make test-binder-env: the reader's venv as Binder builds it -- requirements.txt alone, with
## runtime.txt's Python when this machine has it; rebuilt only when those files change. It must
## hold no build or test tool; the notebooks without an exploration are executed in it here,
## the others in JupyterLab by test-frontends.
BINDER_VENV := _build/binder-venv
BINDER_STAMP := $(BINDER_VENV)/.installed
RUNTIME_PY := $(shell sed -n 's/^python-\([0-9.]*\)$$/python\1/p' runtime.txt)
$(BINDER_STAMP): requirements.txt pyproject.toml runtime.txt
	rm -rf $(BINDER_VENV)
	$$(command -v $(RUNTIME_PY) || echo python3) -m venv $(BINDER_VENV)
	$(BINDER_VENV)/bin/python -m pip install --quiet -r requirements.txt
	touch $(BINDER_STAMP)

test-binder-env: $(BINDER_STAMP)
	$(BINDER_VENV)/bin/python --version
	$(BINDER_VENV)/bin/python book/_scripts/reader_env.py --check-no-tools
	cd /tmp && $(CURDIR)/$(BINDER_VENV)/bin/python $(CURDIR)/book/_scripts/store_outputs.py --check --live \
	  $(addprefix $(CURDIR)/,$(UNEXPLORED))

## make test-frontends: every notebook with an exploration, run in JupyterLab (Notebook 7 for
## the first) from the reader's venv, each exploration's first slider moved.
test-frontends: $(STAMP) $(BINDER_STAMP)
	FRONTEND_PYTHON=$(CURDIR)/$(BINDER_VENV)/bin/python $(PY) -m pytest tests/jupyter -q -p no:cacheprovider $(XDIST)

## make bench: every speed and size figure (BENCH="--only env make" runs some sections).
BENCH ?=
bench: $(STAMP)
	$(PY) benchmarks/run.py $(BENCH)

clean:
	rm -rf _build
