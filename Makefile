# Set-up and the main commands.  `make demo` and `make test` work on a fresh machine with
# Python 3.11 + pip: they create .venv/, install banli into it, and run.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/banli.sqlite

.PHONY: demo test install system-deps clean

$(BIN)/banli: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(BIN)/banli

install: system-deps $(BIN)/banli

# System packages some features need (OCR of scanned PDFs, CJK fonts for plots); needs root.
system-deps:
	@if command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -q chi_sim \
	    && fc-list 2>/dev/null | grep -qi wenquanyi && command -v pdftoppm >/dev/null \
	    && command -v chromium >/dev/null && command -v chromedriver >/dev/null; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    tesseract-ocr tesseract-ocr-chi-sim fonts-wqy-microhei poppler-utils chromium chromium-driver >/dev/null; \
	else echo "system-deps: not root or no apt-get; install tesseract-ocr tesseract-ocr-chi-sim fonts-wqy-microhei chromium chromium-driver yourself"; fi

# The main job: ingest the bundled real report (Markdown text + PDF rendition) into the dataset.
demo: install
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/banli ingest corpora/reports --db $(DB)
	$(BIN)/banli query "select seq, deputies, title, topic from suggestions order by seq" --db $(DB)

test: install
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) data build *.egg-info
