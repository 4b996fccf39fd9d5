# Quick start: `make serve` (preview) and `make test` (everything CI runs).
# Both create .venv and install the pinned dependencies on first use.

PYTHON   ?= python3
VENV     := .venv
BIN      := $(VENV)/bin
STAMP    := $(VENV)/.installed
SITE_DIR ?= site
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help install system-deps serve build pdf test test-fast check check-links bench lock clean

help:
	@echo "make serve        preview the site at http://127.0.0.1:8000/<site_url path>"
	@echo "make build        strict build into $(SITE_DIR)/ plus the offline AWS link check"
	@echo "make pdf          build the PDF cheat sheets into $(SITE_DIR)/pdf/"
	@echo "make test         every check and test (browser and PDF tests included)"
	@echo "make check        content checks only (translations, Japanese style, memo coverage)"
	@echo "make check-links  online check of every AWS doc link in $(SITE_DIR)/"
	@echo "make bench        run the benchmarks (figures in README)"
	@echo "make lock         re-pin requirements*.txt with hashes from requirements*.in"

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt -r requirements-dev.txt
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
	$(BIN)/python scripts/check_links.py --site $(SITE_DIR) --offline

pdf: $(STAMP)
	$(BIN)/python scripts/build_pdf.py --site $(SITE_DIR)

check: $(STAMP)
	$(BIN)/python scripts/check_translations.py
	$(BIN)/python scripts/check_style_ja.py
	$(BIN)/python scripts/check_coverage.py

test: $(STAMP) system-deps
	$(BIN)/python -m pytest tests

test-fast: $(STAMP)
	$(BIN)/python -m pytest tests -m "not browser and not pdf"

check-links: $(STAMP)
	$(BIN)/python scripts/check_links.py --site $(SITE_DIR)

bench: $(STAMP)
	$(BIN)/python scripts/bench.py
	$(BIN)/python scripts/bench_search.py

lock: $(STAMP)
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --upgrade -o requirements.txt requirements.in
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --upgrade -o requirements-dev.txt requirements-dev.in

clean:
	rm -rf $(SITE_DIR) .cache test-artifacts
