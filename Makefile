# Two commands do everything on a fresh machine:
#   make demo   -- run the demo on the built-in simulated models (no keys)
#   make test   -- run the whole test suite (and the linter)
# Each installs what it needs into .venv first: the demo only Ember and its dependencies
# (aiohttp, pydantic), the tests everything they exercise (the `test` extra, Ray included).
# Also: make corpus (every case of the JIT's corpus: `make test` runs a ninth of it, see
# tests/xcs/libcorpus/__init__.py), make bench (the benchmarks), make wheel-check (the built wheel, installed into a
# fresh venv, runs `ember --version` and `ember bench --quick` from an empty folder).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORE := $(VENV)/.installed-core
STAMP := $(VENV)/.installed
CHECK := build/wheel-check

# The suite mostly waits (servers on 127.0.0.1, sleeps, the JIT corpus run plain and
# jitted): ten pytest-xdist workers on a 2-core machine. More finish no sooner once the
# CPUs are busy (each worker's collection alone takes 12 s of CPU), and sixteen starved
# timing-judged tests into failing (a clean clone took 12m40s with sixteen, the CPUs 1.7
# busy; 11m47s with twelve). The tests that must not run beside each other
# carry @pytest.mark.xdist_group (--dist loadgroup keeps a group in one worker); those
# that measure throughput carry @pytest.mark.alone and run after the rest, by themselves.
# `make test PYTEST_PARALLEL=` runs it in one process.
PYTEST_PARALLEL ?= -n 10 --dist loadgroup --durations=20

.PHONY: demo test corpus lint bench wheel-check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(CORE): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(CORE)

demo: $(CORE)
	$(BIN)/ember demo

# compileall: every worker and child process imports the corpus's 227 modules; compiled
# once here, not in each (and not at all where PYTHONDONTWRITEBYTECODE is set). The
# collection before the run does the same for pytest's rewrite of the test modules'
# asserts (5 s of CPU in each of sixteen workers, which it skips where it finds the
# rewritten code cached: written even where PYTHONDONTWRITEBYTECODE is set). A collection
# error is left to the run after it to report.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m compileall -q -j 0 src tests
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest --collect-only -q > /dev/null || true
	$(BIN)/pytest $(PYTEST_PARALLEL) -m "not alone"
	$(BIN)/pytest -m alone

corpus: $(STAMP)
	$(BIN)/python -m compileall -q -j 0 src tests
	EMBER_CORPUS=all $(BIN)/pytest $(PYTEST_PARALLEL) tests/xcs/test_libcorpus.py

bench: $(CORE)
	$(BIN)/ember bench

wheel-check:
	rm -rf $(CHECK) && mkdir -p $(CHECK)/empty
	$(PYTHON) -m venv $(CHECK)/venv
	$(CHECK)/venv/bin/pip wheel . --no-deps --quiet -w $(CHECK)/dist
	$(CHECK)/venv/bin/pip install --quiet $(CHECK)/dist/ember-*.whl
	cd $(CHECK)/empty && ../venv/bin/ember --version && ../venv/bin/ember bench --quick

clean:
	rm -rf $(VENV) build src/*.egg-info
