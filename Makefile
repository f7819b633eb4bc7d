# Two commands for a newcomer: `make run` and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev

.PHONY: run test lint typecheck pytest screenshots bench console clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)  ## start plbot serve on SQLite with the demo organisation
	PLBOT_PLAYGROUND=$${PLBOT_PLAYGROUND:-1} $(BIN)/plbot serve

console: $(STAMP)  ## chat with the bot in this terminal
	$(BIN)/plbot console

test: $(STAMP) lint typecheck pytest  ## ruff, mypy --strict, pytest

lint: $(STAMP)  ## ruff, and the container and Kubernetes recipes (hadolint, kubernetes-validate)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check bot adapters scheduler
	$(BIN)/hadolint --failure-threshold warning Dockerfile
	cd deploy/kubernetes && ../../$(BIN)/kubernetes-validate --strict --quiet $$(ls *.yaml | grep -v kustomization)

typecheck: $(STAMP)
	$(BIN)/mypy --strict bot adapters scheduler tests

pytest: $(STAMP)
	$(BIN)/pytest

screenshots: $(STAMP)  ## rewrite docs/screenshots from the browser tests (make test writes them to a temporary folder)
	PLBOT_UPDATE_SCREENSHOTS=1 $(BIN)/pytest tests/adapters/web/test_browser.py

bench: $(STAMP)  ## benchmarks: each prints our figure next to a baseline from the same run
	@for f in bench/*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) data/*.db .mypy_cache .pytest_cache .ruff_cache
