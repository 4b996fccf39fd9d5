# Quick start: `make serve` (preview) and `make test` (everything CI runs).
# Both create .venv and install the pinned dependencies on first use.

PYTHON   ?= python3
VENV     := .venv
BIN      := $(VENV)/bin
STAMP    := $(VENV)/.installed
SITE_DIR ?= site
LOCK_FLAGS := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --upgrade
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help install system-deps serve build cards pdf test test-fast check check-links bench lock clean

help:
	@echo "make serve        preview the site at http://127.0.0.1:8000/<site_url path>"
	@echo "make build        strict build into $(SITE_DIR)/ plus the offline AWS link check"
	@echo "make cards        write the Anki decks into $(SITE_DIR)/anki/ (make build writes them too)"
	@echo "make pdf          build the PDF cheat sheets into $(SITE_DIR)/pdf/"
	@echo "make test         every check and test (browser and PDF tests included)"
	@echo "make check        content checks only (translations, Japanese style, memo coverage, front matter, cards, glossary)"
	@echo "make check-links  online check of every AWS doc link in $(SITE_DIR)/"
	@echo "make bench        run the benchmarks (figures in README)"
	@echo "make lock         re-pin requirements*.txt with hashes from pyproject.toml"
	@echo "(every tool: .venv/bin/python scripts/docs.py --help)"

# requirements-dev.txt pins everything (site + tests); the package itself is installed editable.
$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --editable .
	touch $@

install: $(STAMP)

# Debian packages for the browser and PDF tests; installed when running as root, else explained.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "missing system packages:$$missing -> sudo apt-get install$$missing (browser/PDF tests fail without them)"; \
	  fi; \
	fi

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir $(SITE_DIR)
	$(BIN)/python scripts/docs.py links --site $(SITE_DIR) --offline

# The build hook writes the decks on every build; this target writes them without a build.
cards: $(STAMP)
	$(BIN)/python scripts/docs.py anki --site $(SITE_DIR)

pdf: $(STAMP)
	$(BIN)/python scripts/docs.py pdf --site $(SITE_DIR)

check: $(STAMP)
	$(BIN)/python scripts/docs.py check

test: $(STAMP) system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser and not pdf"

check-links: $(STAMP)
	$(BIN)/python scripts/docs.py links --site $(SITE_DIR)

bench: $(STAMP)
	$(BIN)/python scripts/docs.py bench

lock: $(STAMP)
	$(BIN)/pip-compile $(LOCK_FLAGS) -o requirements.txt pyproject.toml
	$(BIN)/pip-compile $(LOCK_FLAGS) --extra dev -c requirements.txt -o requirements-dev.txt pyproject.toml

clean:
	rm -rf $(SITE_DIR) .cache test-artifacts
