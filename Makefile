# Two set-up commands: `make demo` and `make test`. Everything else here serves them.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HANDOFF := $(BIN)/handoff --data-dir .handoff/demo
DEMO_ACCOUNT ?= fernhill-creamery

# Installs take the tested versions from constraints.txt (`make constraints` writes it from the tested venv).
CONSTRAINTS := constraints.txt

.PHONY: demo test install install-test constraints licences eval-retrieval eval-golden bench clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "handoff needs Python 3.11+")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(CONSTRAINTS) $(VENV)/.installed
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e '.[test,postgres]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# The versions in the venv that `make test` passed with, as pins. To move to newer versions, install without the
# constraints (`$(BIN)/pip install -U --upgrade-strategy eager -e '.[test,postgres]'`), run the tests, then
# `make constraints` and `make licences`.
constraints: $(VENV)/.installed-test
	{ echo "# The tested versions of every package that handoff and its test and postgres extras install:"; \
	  echo "# make install and make install-test install with -c $(CONSTRAINTS). Written by 'make constraints'"; \
	  echo "# (pip freeze of the venv 'make test' passed with, on Python $$($(BIN)/python -V | cut -d' ' -f2))."; \
	  echo "# Hand edits are lost: change pyproject.toml, reinstall, test, and run 'make constraints' again."; \
	  $(BIN)/pip freeze --exclude-editable --disable-pip-version-check; } > $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)

# docs/licences.md: the licence of every runtime dependency, from the installed packages' metadata.
licences: $(VENV)/.installed-test
	$(BIN)/python tools/licences.py docs/licences.md

DEMO_AS_OF ?= 2026-02-06

demo: install
	$(HANDOFF) ingest examples/accounts
	$(HANDOFF) accounts
	$(HANDOFF) search $(DEMO_ACCOUNT) "when is the renewal and what was promised?" --k 5
	$(HANDOFF) demo --out .handoff/demo/pack/$(DEMO_ACCOUNT)

test: install-test
	$(BIN)/python -m pytest -q

eval-retrieval: install
	$(BIN)/handoff --data-dir .handoff/eval eval retrieval ../shared/eval/public/qmsum/dev

eval-golden: install
	$(BIN)/handoff --data-dir .handoff/eval eval golden ../shared/eval/golden
	$(BIN)/handoff --data-dir .handoff/eval eval golden examples

bench: install
	$(BIN)/python bench/ingest.py

clean:
	rm -rf $(VENV) .handoff
