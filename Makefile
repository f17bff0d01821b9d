# The two commands a new user runs: `make run` and `make test`.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Two stamps: `make run` installs only what serves (the runtime dependencies); the test
# extras (pytest, Playwright, schemathesis ...) come with the first `make test`.
STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test

HOST ?= 127.0.0.1
PORT ?= 8000

# The test suite runs against real PostgreSQL and Redis; these are the local defaults.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/unleash
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: run test lint format venv clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP) pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(TEST_STAMP)

venv: $(TEST_STAMP)

# The Dockerfile runs the same two steps (migrate, then serve with the settings' defaults).
run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_setup
	HOST=$(HOST) PORT=$(PORT) $(PY) manage.py serve

# The import contracts first (pyproject.toml: apps depend one way), then the suite.
# Hypothesis (also under schemathesis) keeps its example database under .cache/, not in
# the checkout's root.
test: $(TEST_STAMP)
	$(VENV)/bin/lint-imports --no-cache
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} \
	REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
	HYPOTHESIS_STORAGE_DIRECTORY=$${HYPOTHESIS_STORAGE_DIRECTORY:-.cache/hypothesis} \
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(TEST_STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) data .cache .pytest_cache

# The quick loop: every test except those that start a server process or a browser
# (marked `live` / `browser`, many automatically by tests/conftest.py). `make test` runs all.
# Two pytest-xdist workers (TEST_FAST_WORKERS), each with its own test database (pytest-django
# suffixes _gw0, _gw1) and Redis database (tests/support/xdist_redis.py: REDIS_URL's db + N).
# --dist load keeps pytest-django's order on each worker (transactional tests last: their
# flush removes the migrated default rows); worksteal breaks it and tests then miss them.
# Bytecode, and pytest's assert-rewritten test modules, are cached under .cache/pycache even
# where PYTHONDONTWRITEBYTECODE is set: without it every run re-compiles ~450 modules per
# worker, about 10 s of CPU each.
TEST_FAST_WORKERS ?= 2
.PHONY: test-fast
test-fast: $(TEST_STAMP)
	PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(CURDIR)/.cache/pycache \
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} \
	REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
	HYPOTHESIS_PROFILE=$${HYPOTHESIS_PROFILE:-fast} \
	HYPOTHESIS_STORAGE_DIRECTORY=$${HYPOTHESIS_STORAGE_DIRECTORY:-.cache/hypothesis} \
	$(PY) -m pytest -p tests.support.xdist_redis -n $(TEST_FAST_WORKERS) --dist load \
		-m "not live and not browser" $(PYTEST_ARGS)
