# Two set-up commands: `make demo` and `make test`. Everything else here serves them.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HANDOFF := $(BIN)/handoff --data-dir .handoff/demo
DEMO_ACCOUNT ?= fernhill-creamery

.PHONY: demo test install install-test eval-retrieval eval-golden bench clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "handoff needs Python 3.11+")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,postgres]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

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
