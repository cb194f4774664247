# Two commands on a fresh machine: `make build` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# What building needs, then the test tools on top; both pinned by constraints.txt (`make lock`).
STAMP := $(VENV)/.installed-build
TEST_STAMP := $(VENV)/.installed-test
CONSTRAINTS := constraints.txt
# The language server of VS Code's YAML extension, run by tests/test_editor_schema.py over a scaffold (npm, pinned).
YAML_SERVER := .cache/node/node_modules/yaml-language-server/bin/yaml-language-server
YAML_SERVER_VERSION := 1.25.0
# The messages' translations: compiled to .mo by every install (setup.py), so an edited .po reinstalls.
CATALOGUES := $(wildcard generator/locale/*/LC_MESSAGES/notices.po)
SLUG ?= new-notice
PORT ?= 8000

# The editor's commands (build, check, serve, new) do not echo the Python command line: a clerk reads only
# what the tool says.
.PHONY: build test check serve bench bench-scale new clean setup system import-report lock messages regions help

build: $(STAMP)
	@$(PY) -m generator build

check: $(STAMP)
	@$(PY) -m generator check

serve: $(STAMP)
	@$(PY) -m generator serve --port $(PORT)

# What an editor runs, and apart from it what the site's operator and developers run (`make help`).
help:
	@echo "编写和发布通知："
	@echo "  make new SLUG=weinan-kepuri-2024 YEAR=2024 CAMPAIGN=全国科普日 REGION=渭南市"
	@echo "                新建一篇通知，把其中的 ×× 都填好后检查才会通过"
	@echo "  make check    检查全部通知，不写出任何文件"
	@echo "  make serve    在 http://127.0.0.1:$(PORT)/ 预览网站，保存文件后自动刷新"
	@echo "  make build    构建网站到 output/，把 output/ 上传到网站空间即发布"
	@echo "  从 Word 文件起草通知：.venv/bin/python -m generator import 通知.docx"
	@echo ""
	@echo "网站管理员和开发人员用（见 docs/运维指南.md、docs/开发者指南.md）："
	@echo "  make test  bench  bench-scale  import-report  messages  lock  regions  setup  clean"

# Synthetic archives of 1,000 and 10,000 notices built cold, unchanged, after one edit and after a
# template edit; prints a table (takes several minutes; BENCH_ARGS="--sizes 1000" for a quick one).
bench: $(STAMP)
	$(PY) -m generator bench $(BENCH_ARGS)
	$(MAKE) bench-scale

# A national archive of 100,000 notices built once with --no-search: the file count and the largest
# files (SCALE_ARGS="--notices 20000" for a smaller one). Not part of `make test`.
bench-scale: $(STAMP)
	$(PY) -m generator.scale $(SCALE_ARGS)

# make new SLUG=weinan-kepuri-2024 YEAR=2024 ISSUED=2024-08-20 CAMPAIGN=全国科普日 REGION=渭南市 (all but SLUG optional)
new: $(STAMP)
	@NOTICES_PROG=make $(PY) -m generator new $(SLUG) $(if $(YEAR),--year '$(YEAR)') $(if $(ISSUED),--issued '$(ISSUED)') \
	  $(if $(CAMPAIGN),--campaign '$(CAMPAIGN)') $(if $(REGION),--region '$(REGION)') $(if $(TITLE),--title '$(TITLE)')

# Regenerate generator/vocabulary/regions.json (the built-in provinces and prefectures, their codes and
# area codes) from the packages it is made from, after upgrading one of them in constraints.txt.
regions: $(TEST_STAMP)
	$(PY) -m generator.vocabulary.make_regions

# How well `python -m generator import` recognises the seed notices (precision/recall per field).
import-report: $(STAMP)
	$(PY) -m generator.importer.report

test: $(TEST_STAMP) system $(YAML_SERVER)
	$(PY) -m pytest $(PYTEST_ARGS)

setup: $(TEST_STAMP) $(YAML_SERVER)

$(YAML_SERVER):
	@command -v npm >/dev/null 2>&1 || { echo "npm is missing: tests/test_editor_schema.py will skip (make test installs it)"; exit 0; }; \
	  npm install --prefix .cache/node --no-audit --no-fund --silent yaml-language-server@$(YAML_SERVER_VERSION)

$(STAMP): pyproject.toml $(CONSTRAINTS) $(CATALOGUES)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c $(CONSTRAINTS) -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -c $(CONSTRAINTS) -e '.[test]'
	touch $(TEST_STAMP)

# After adding or changing a message in the code: the template (.pot) extracted anew and every
# catalogue (.po) updated from it; then translate what is new or marked fuzzy (docs/开发者指南.md).
messages: $(TEST_STAMP)
	$(VENV)/bin/pybabel --quiet extract -F babel.cfg -k tr -k N_ --no-location --sort-output \
	  --project campaign-notices --omit-header -o generator/locale/notices.pot .
	$(VENV)/bin/pybabel --quiet update -i generator/locale/notices.pot -d generator/locale -D notices \
	  --ignore-obsolete --width 100
	sed -i '/^"POT-Creation-Date: \|^"PO-Revision-Date: /d' generator/locale/*/LC_MESSAGES/notices.po  # no churn

# Pin the whole tree anew: the newest releases pyproject.toml's ranges allow, resolved in a fresh
# venv (with the Windows-only tzdata), written to constraints.txt. Run the tests before committing it.
lock:
	rm -rf .cache/lock-venv
	$(PYTHON) -m venv .cache/lock-venv
	.cache/lock-venv/bin/python -m pip install --quiet --disable-pip-version-check '.[test]' tzdata
	{ echo "# Every package of the tested tree, pinned: pip install -c constraints.txt -e '.[test]'"; \
	  echo "# (the Makefile does). Refresh with \`make lock\` (newest releases pyproject.toml allows)."; \
	  .cache/lock-venv/bin/python -m pip freeze --exclude campaign-notices; } > $(CONSTRAINTS)
	rm -rf .cache/lock-venv build

# Tests need Debian's chromium (browser tests), CJK fonts (real glyphs in printed PDFs), Java
# (the Nu HTML Checker), LibreOffice with Carlito, Calibri's metric twin (the forms printed as a
# clerk's office suite prints them), nginx (the site served under a sub-path with
# docs/deploy/nginx-notices.conf) and rclone (the workflow's publishing step, run against a local
# folder) and node with npm (yaml-language-server, the editors' schema check); install whatever is missing.
system:
	@command -v chromium >/dev/null 2>&1 && command -v java >/dev/null 2>&1 && \
	  command -v soffice >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q . && \
	  fc-list | grep -q Carlito && { command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx; } && \
	  command -v rclone >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || { \
	  echo "installing chromium, CJK fonts, Java, LibreOffice, nginx, rclone, node and npm (apt-get)"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	    chromium fonts-noto-cjk fonts-arphic-ukai fonts-crosextra-carlito fontconfig default-jre-headless \
	    libreoffice-calc libreoffice-writer nginx rclone nodejs npm; }

clean:
	rm -rf output .output-new-* .output-old .output.lock .pytest_cache .cache/generator build dist *.egg-info
