# The two commands of the README: `make serve` (the main job) and `make test`
# (every test). Both set the project up first; set-up is idempotent.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# aiobotocore pins an older botocore than SearchVectors needs: the async
# clients' tests run in a venv of their own.
ASYNC_BIN := .venv-async/bin
PORT ?= 8000
DEMO_PORT ?= 8080

.PHONY: setup setup-python setup-browser serve test test-python test-js test-e2e bench bench-fixtures bench-scale conformance clean

setup: setup-python setup-browser

setup-python: $(BIN)/dynoxide
$(BIN)/dynoxide: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip setuptools
	$(BIN)/pip install --quiet -e '.[server,test]'
	touch $@

setup-browser: node_modules/.package-lock.json dist/manifest.json console/dist/console.js
node_modules/.package-lock.json: package.json
	npm install --no-audit --no-fund
dist/manifest.json: node_modules/.package-lock.json build-wasm.sh $(shell find py/dynoxide js -name '*.py' -o -name '*.js' 2>/dev/null)
	PYTHON=$(BIN)/python npm run build:wasm
# The console (console/): its own output, never part of dist/'s budget.
console/dist/console.js: node_modules/.package-lock.json console/build.mjs console/index.html $(shell find console/src -type f 2>/dev/null)
	npm run --silent build:console

# The main job: the DynamoDB endpoint on :$(PORT) (its console at /console/) and
# the console in browser mode, on the in-page engine, on :$(DEMO_PORT).
serve: setup
	@echo "console on the endpoint:  http://127.0.0.1:$(PORT)/console/"
	@echo "console in the browser:   http://127.0.0.1:$(DEMO_PORT)/harness/index.html"
	node e2e/static-server.mjs --port $(DEMO_PORT) & trap 'kill $$!' EXIT INT TERM; \
	$(BIN)/dynoxide serve --port $(PORT)

test: setup test-python test-js test-e2e

test-python: setup-python $(ASYNC_BIN)/pytest
	$(BIN)/python -m pytest -q -m "not async_clients"
	$(ASYNC_BIN)/python -m pytest -q -m async_clients py/tests/test_mock.py

$(ASYNC_BIN)/pytest: pyproject.toml
	$(PYTHON) -m venv .venv-async
	$(ASYNC_BIN)/pip install --quiet --upgrade pip setuptools
	$(ASYNC_BIN)/pip install --quiet -e '.[async-test]'
	touch $@

test-js: setup-browser
	npm run --silent test:js

test-e2e: setup-browser
	npm run --silent test:e2e

bench: setup-python
	$(BIN)/python bench/run.py

bench-fixtures: setup-python
	$(BIN)/python bench/fixtures.py

bench-scale: setup-python
	$(BIN)/python bench/scale.py

conformance: setup-python
	bash scripts/conformance.sh $(CONFORMANCE_DIR)

clean:
	rm -rf $(VENV) .venv-async node_modules dist console/dist
