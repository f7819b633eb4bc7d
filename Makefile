# Two commands for a newcomer: `make run` and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev

.PHONY: run test lint typecheck pytest screenshots bench console clean catalogues

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)  ## start plbot serve on SQLite with the demo organisation
	mkdir -p data  # the default database's folder (plbot refuses to create a missing one itself)
	PLBOT_PLAYGROUND=$${PLBOT_PLAYGROUND:-1} $(BIN)/plbot serve

console: $(STAMP)  ## chat with the bot in this terminal
	mkdir -p data
	$(BIN)/plbot console

test: $(STAMP)  ## ruff, mypy --strict and pytest, side by side (mypy runs on one core; pytest's workers use the rest)
	@$(MAKE) --no-print-directory -j3 lint typecheck pytest

lint: $(STAMP)  ## ruff, and the container and Kubernetes recipes (hadolint, kubernetes-validate)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check bot adapters scheduler
	$(BIN)/hadolint --failure-threshold warning Dockerfile
	cd deploy/kubernetes && ../../$(BIN)/kubernetes-validate --strict --quiet $$(ls *.yaml | grep -v kustomization)

typecheck: $(STAMP)
	$(BIN)/mypy --strict bot adapters scheduler tests

# pytest-xdist workers: one per core and one more, as the suite also waits on real processes and sockets
# (pytest on 2 cores: 231 s with 3 workers, 253 s with 2 (= -n auto), 254 s with 3 and --dist loadfile, 436 s in one
# process); at most 8. PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= $(shell $(PY) -c "import os; print(min((os.cpu_count() or 1) + 1, 8))")

# --maxschedchunk 1: hand out tests one at a time, so the slow ones (run first) spread over the workers.
# PYTHONDONTWRITEBYTECODE emptied: every worker and every plbot process it starts reuses compiled modules.
pytest: $(STAMP)
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n $(PYTEST_WORKERS) --maxschedchunk 1 --durations=25

screenshots: $(STAMP)  ## rewrite docs/screenshots from the browser tests and the Agents Playground (make test writes them to a temporary folder)
	PLBOT_UPDATE_SCREENSHOTS=1 $(BIN)/pytest tests/adapters/web/test_browser.py tests/adapters/teams/test_agents_playground.py

bench: $(STAMP)  ## benchmarks: each prints our figure next to a baseline from the same run
	@for f in bench/*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) data/*.db .mypy_cache .pytest_cache .ruff_cache

LOCALES := bot/locale
BABEL_OPTS := --project "Practice Leader Bot" --copyright-holder "Practice Leader Bot" -c "Translators:" --sort-by-file -w 100

catalogues: $(STAMP)  ## extract every sentence, update the en_GB and cy catalogues, compile them (see README, Languages)
	$(BIN)/pybabel extract -F babel.cfg -o $(LOCALES)/messages.pot $(BABEL_OPTS) .
	$(BIN)/pybabel update -i $(LOCALES)/messages.pot -d $(LOCALES) -w 100 --ignore-pot-creation-date --no-fuzzy-matching
	$(BIN)/python -m bot.i18n.source $(LOCALES)/en_GB/LC_MESSAGES/messages.po
	$(BIN)/pybabel compile -d $(LOCALES) --statistics
