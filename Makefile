# Two commands on a fresh machine: `make build` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SLUG ?= new-notice

.PHONY: build test check serve new clean setup browser

build: $(STAMP)
	$(PY) -m generator build

check: $(STAMP)
	$(PY) -m generator check

serve: $(STAMP)
	$(PY) -m generator serve

new: $(STAMP)
	$(PY) -m generator new $(SLUG)

test: $(STAMP) browser
	$(PY) -m pytest

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Browser tests drive Debian's chromium; install it (and CJK fonts) when missing.
browser:
	@command -v chromium >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q . || { \
	  echo "installing chromium and CJK fonts (apt-get)"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-cjk; }

clean:
	rm -rf output .output-new-* .output-old .pytest_cache
