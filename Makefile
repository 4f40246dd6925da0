# The two commands a fresh machine needs (see README.md):
#   make site   builds the public site from data/ into site/
#   make test   runs every check: lint, types, the test suite
# and, for archivists, make archive: the offline copy as dist/<name>-<date>-<revision>.zip.
# Each creates .venv and installs the pinned versions from requirements.lock first; make test
# also installs Debian's chromium and fonts-noto-cjk for the browser tests where missing.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# MkDocs 1.6 and Material print a banner about MkDocs 2.0 on every run; it is noise here.
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

# Browser tests (tests/browser/) drive Debian's chromium; fonts-noto-cjk draws the Chinese.
# Playwright's own browser download cannot reach its servers here, so it is never used.
BROWSER_PACKAGES := chromium fonts-noto-cjk
# apt-get needs root: CI is root; elsewhere sudo, where there is one.
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo)

# The start of the offline archive's name: ASCII, so that it survives every disc and USB stick.
ARCHIVE_NAME ?= tianjin-union

.PHONY: site archive test lint lock clean browser-deps

$(INSTALLED): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	# No build isolation: setuptools comes pinned from requirements.lock, not fetched anew.
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# Strict, dated by the last commit, and site/ is replaced only when the whole build passed.
# The address the site is published at, when mkdocs.yml does not say it (QR codes, sitemap):
# make site SITE_URL=https://example.org/ ; pages.yml passes the repository variable SITE_URL.
SITE_URL ?=

# The form editor at /admin/ (Decap CMS) and, for its browser tests, decap-server: pinned by
# cms/package-lock.json, installed from the npm registry with npm ci, copied into the site.
CMS_DIR := cms
CMS := $(CMS_DIR)/node_modules/decap-cms/dist/decap-cms.js

$(CMS): $(CMS_DIR)/package.json $(CMS_DIR)/package-lock.json
	cd $(CMS_DIR) && npm ci --no-audit --no-fund
	touch $@

site: $(INSTALLED) $(CMS)
	$(BIN)/showcase build $(if $(SITE_URL),--site-url "$(SITE_URL)")

archive: $(INSTALLED)
	$(BIN)/showcase archive --name $(ARCHIVE_NAME)

lint: $(INSTALLED)
	$(BIN)/ruff check plugins tests bench
	$(BIN)/ruff format --check plugins tests bench
	$(BIN)/mypy

browser-deps:
	dpkg -s $(BROWSER_PACKAGES) >/dev/null 2>&1 || ($(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(BROWSER_PACKAGES))

# axe-core for the accessibility tests (tests/browser/test_accessibility.py), pinned by
# tests/browser/axe/package-lock.json and installed from the npm registry with npm ci.
AXE_DIR := tests/browser/axe
AXE := $(AXE_DIR)/node_modules/axe-core/axe.min.js

$(AXE): $(AXE_DIR)/package.json $(AXE_DIR)/package-lock.json
	cd $(AXE_DIR) && npm ci --no-audit --no-fund
	touch $@

test: lint browser-deps $(AXE) $(CMS)
	$(BIN)/showcase validate
	$(BIN)/python -m pytest

# Re-resolve requirements.in into exact pins. Run by hand when a dependency changes.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.in
	.lock-venv/bin/python -m pip freeze --all --exclude pip | LC_ALL=C sort -f > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) site dist $(AXE_DIR)/node_modules $(CMS_DIR)/node_modules
