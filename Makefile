# Two set-up commands: `make demo` and `make test`. Everything else here serves them.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HANDOFF := $(BIN)/handoff --data-dir .handoff/demo
DEMO_ACCOUNT ?= fernhill-creamery

.PHONY: demo test install install-test eval-retrieval bench clean

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

demo: install
	$(HANDOFF) ingest examples/accounts
	$(HANDOFF) accounts
	$(HANDOFF) search $(DEMO_ACCOUNT) "when is the renewal and what was promised?" --k 5

test: install-test
	$(BIN)/python -m pytest -q

eval-retrieval: install
	$(BIN)/handoff --data-dir .handoff/eval eval retrieval ../shared/eval/public/qmsum/dev

bench: install
	$(BIN)/python bench/ingest.py

clean:
	rm -rf $(VENV) .handoff
