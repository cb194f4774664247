# Two commands on a fresh machine: `make build` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SLUG ?= new-notice
PORT ?= 8000

.PHONY: build test check serve bench new clean setup system import-report

build: $(STAMP)
	$(PY) -m generator build

check: $(STAMP)
	$(PY) -m generator check

serve: $(STAMP)
	$(PY) -m generator serve --port $(PORT)

# Synthetic archives of 1,000 and 10,000 notices built cold, unchanged, after one edit and after a
# template edit; prints a table (takes several minutes; BENCH_ARGS="--sizes 1000" for a quick one).
bench: $(STAMP)
	$(PY) -m generator bench $(BENCH_ARGS)

new: $(STAMP)
	$(PY) -m generator new $(SLUG)

# How well `python -m generator import` recognises the seed notices (precision/recall per field).
import-report: $(STAMP)
	$(PY) -m generator.importer.report

test: $(STAMP) system
	$(PY) -m pytest

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Tests need Debian's chromium (browser tests), CJK fonts (real glyphs in printed PDFs), Java
# (the Nu HTML Checker), LibreOffice with Carlito, Calibri's metric twin (the forms printed as a
# clerk's office suite prints them), nginx (the site served under a sub-path with
# docs/deploy/nginx-notices.conf) and rclone (the workflow's publishing step, run against a local
# folder); install whatever is missing.
system:
	@command -v chromium >/dev/null 2>&1 && command -v java >/dev/null 2>&1 && \
	  command -v soffice >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q . && \
	  fc-list | grep -q Carlito && { command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx; } && \
	  command -v rclone >/dev/null 2>&1 || { \
	  echo "installing chromium, CJK fonts, Java, LibreOffice, nginx and rclone (apt-get)"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	    chromium fonts-noto-cjk fonts-arphic-ukai fonts-crosextra-carlito fontconfig default-jre-headless \
	    libreoffice-calc libreoffice-writer nginx rclone; }

clean:
	rm -rf output .output-new-* .output-old .output.lock .pytest_cache .cache/generator
