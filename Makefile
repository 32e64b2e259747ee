# Shouwang: `make run` serves the demo district, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SCALE ?= 0.01
VENDOR := var/vendor
SHOUWANG := $(BIN)/shouwang

.PHONY: run test lint format static messages migrate demo worker bench clean system-packages

# requirements.lock is what production runs; requirements-dev.lock adds the test and lint
# tools on top, at the same versions.
$(BIN)/activate: requirements.lock requirements-dev.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(BIN)/activate

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
	touch node_modules/.package-lock.json

# Front-end packages come from the npm registry (package-lock.json) and are copied into
# var/vendor, which Django collects as static files. Nothing is fetched at run time.
static: node_modules/.package-lock.json $(BIN)/activate
	mkdir -p $(VENDOR)/bootstrap $(VENDOR)/htmx $(VENDOR)/echarts
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/js/bootstrap.bundle.min.js $(VENDOR)/bootstrap/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/echarts/
	$(SHOUWANG) collectstatic --noinput --verbosity 0

messages: $(BIN)/activate
	cd src/shouwang && ../../$(SHOUWANG) compilemessages --verbosity 0

migrate: $(BIN)/activate
	mkdir -p var
	$(SHOUWANG) migrate --verbosity 0

# The demo district loads only into an empty database (see `shouwang demo --help`).
demo: migrate
	$(SHOUWANG) demo --scale $(SCALE) --if-empty

run: static messages demo
	@echo "Demo logins (password: $${SHOUWANG_DEMO_PASSWORD:-shouwang-demo}):"
	@$(SHOUWANG) demo-users
	$(SHOUWANG) db_worker --queue-name '*' & \
	trap 'kill $$!' EXIT; \
	$(SHOUWANG) runserver 127.0.0.1:$(PORT)

# chromium: browser tests; fonts-noto-cjk: Chinese in screenshots and PDFs; libpango: WeasyPrint
# lays out the PDFs; poppler-utils and tesseract (with Simplified Chinese): tests read PDFs back
# as text and as pictures; gettext: compiled catalogues.
SYSTEM_PACKAGES := chromium fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 poppler-utils \
  tesseract-ocr tesseract-ocr-chi-sim gettext

system-packages:
	@command -v chromium >/dev/null && command -v pdftoppm >/dev/null && command -v msgfmt >/dev/null \
	  && tesseract --list-langs 2>/dev/null | grep -q chi_sim \
	  && fc-list :lang=zh | grep -q . && ldconfig -p | grep -q libpangoft2 || { \
	  echo "Installing Debian's $(SYSTEM_PACKAGES)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; }

test: system-packages static messages
	$(BIN)/pytest -n $${PYTEST_WORKERS:-2} --dist loadgroup

lint: $(BIN)/activate
	$(BIN)/ruff check src bench
	$(BIN)/ruff format --check src bench

format: $(BIN)/activate
	$(BIN)/ruff format src bench
	$(BIN)/ruff check --fix src bench

# Each benchmark writes its own bench/RESULTS*.md; demo-load is `python -m bench`'s own.
BENCHES ?= demo-load people checkpoints quarantine enterprises policies reports
bench: $(BIN)/activate
	@for name in $(BENCHES); do \
	  if [ $$name = demo-load ]; then $(BIN)/python -m bench demo-load $(BENCH_ARGS) || exit 1; \
	  else $(BIN)/python -m bench.$$name || exit 1; fi; \
	done

clean:
	rm -rf $(VENV) node_modules var
