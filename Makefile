# Two commands do all set-up: `make run` opens the atlas, `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
STAMP := $(VENV)/.requirements
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PORT ?= 8501
# Extra pytest options for make test / test-fast, e.g. PYTEST_ARGS='--durations=20' or '-x'.
PYTEST_ARGS ?=
# Tests run in this many processes (pytest-xdist), each with its own atlas server and Chromium: one per core, and
# one more to use the processor while the others wait on a page (fresh clones of the same commit on 2 cores: 3
# processes 13 min 35 s, 2 processes 14 min 41 s; the README's test section has the runs).
TEST_WORKERS ?= $(shell echo $$(( $$(nproc) + 1 )))
# make load-test: replicas behind HAProxy (default: one per core), Poisson arrivals of new sessions.
REPLICAS ?= $(shell nproc)
RATE ?= 5
DURATION ?= 60
# make load-test MODE=burst|hall|hall-app: 300 phones within 30 s through make serve's stack (deploy/hall.py).
MODE ?= sessions

.PHONY: run serve test test-fast lint bench deploy-test load-test chromium haproxy nginx jemalloc messages

# The venv is rebuilt whenever requirements.txt changes (the stamp is a copy of it).
$(STAMP): requirements.txt
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv && rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	@cp requirements.txt $(STAMP)

# The server runs on jemalloc (Debian's libjemalloc2, installed when missing; without it, on glibc's malloc): a
# visit's memory goes back to the system once its session expires (harness/allocator.py says why).
run: $(STAMP) jemalloc
	$(VENV)/bin/python -m harness.allocator $(VENV)/bin/streamlit run server.py --server.port $(PORT)

# The atlas as a hall or a ministry reaches it: nginx (Streamlit's bundles precompressed once, brotli and gzip,
# cached a year) in front of HAProxy in front of one replica per core (REPLICAS=k), on 127.0.0.1:PORT.
serve: $(STAMP) haproxy nginx jemalloc
	$(VENV)/bin/python -m deploy.serve --port $(PORT) --replicas $(REPLICAS)

jemalloc: $(STAMP)
	@$(VENV)/bin/python -c "import sys; from harness.allocator import jemalloc; sys.exit(jemalloc() is None)" 2>/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libjemalloc2 || true; }

# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

# The deploy and load tests put Debian's HAProxy in front of the replicas (it lives in /usr/sbin).
haproxy:
	@command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq haproxy; }

# make serve puts Debian's nginx, with its brotli_static module, in front of the balancer.
nginx:
	@{ command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; } && [ -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nginx libnginx-mod-http-brotli-static; }

# Style, types and the layers of components/ (all configured in pyproject.toml); .pre-commit-config.yaml runs the same.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# Every tier (unit, app, browser; see pytest.ini and tests/conftest.py): what CI runs. The deploy tests need
# HAProxy and nginx, installed like Chromium when missing.
test: lint chromium haproxy nginx jemalloc
	$(VENV)/bin/python -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

# The tiers without a browser (unit and app): an answer in minutes while working.
test-fast: lint
	$(VENV)/bin/python -m pytest -n $(TEST_WORKERS) --dist worksteal -m "not browser" $(PYTEST_ARGS)

bench: $(STAMP) chromium haproxy nginx jemalloc
	$(VENV)/bin/python -m bench.run_bench
	$(VENV)/bin/python -m bench.search_bench
	$(VENV)/bin/python -m bench.wire_bench

deploy-test: $(STAMP) chromium haproxy jemalloc
	bash deploy/test_deploy.sh

# Prints exactly one line on stdout (progress goes to stderr); fails if a target is missed.
load-test: $(STAMP) haproxy nginx chromium jemalloc
	@$(VENV)/bin/python -m deploy.load_test --replicas $(REPLICAS) --rate $(RATE) --duration $(DURATION) --mode $(MODE)

# Interface translations: extract every message of the app into locale/atlas.pot and merge it into each language's
# .po (new messages arrive untranslated or fuzzy, and tests/test_translations.py fails until they are translated).
messages: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ --no-location --no-wrap --sort-output \
		--project="Health Worker Migration Atlas" --copyright-holder="Health Worker Migration Atlas contributors" \
		-o locale/atlas.pot .
	$(VENV)/bin/pybabel update -i locale/atlas.pot -d locale -D atlas --no-wrap --ignore-obsolete
