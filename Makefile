# AI Product Metrics course. Two commands matter (see README):
#   make course   set everything up and open the course in JupyterLab
#   make test     set everything up and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export PATH := $(abspath $(BIN)):$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: course test setup build check lint bench clean help

help:
	@echo "make course  - set up and open the course in JupyterLab"
	@echo "make test    - set up and run the test suite"
	@echo "make build   - regenerate assignments/, solutions/, datasets/ from course/"
	@echo "make lint    - ruff"
	@echo "make bench   - print the benchmark figures"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@# rfc3987-syntax (an optional extra of jupyter-events) compiles grammars on import and
	@# doubles the start-up of every jupyter/nbgrader command; nothing here needs it.
	$(BIN)/python -m pip uninstall --quiet -y rfc3987-syntax
	$(BIN)/python -m pip check
	$(BIN)/aipm link-config
	touch $(STAMP)

setup: $(STAMP)

course: setup
	$(BIN)/aipm lab

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 --dist loadfile

build: setup
	$(BIN)/aipm build

check: setup
	$(BIN)/aipm check my-work

lint: setup
	$(BIN)/ruff check .

bench: setup
	$(BIN)/python benchmarks/bench_module1.py
	$(BIN)/python benchmarks/bench_module2.py
	$(BIN)/python benchmarks/bench_module3.py
	$(BIN)/python benchmarks/bench_module4.py
	$(BIN)/python benchmarks/bench_module5.py

clean:
	rm -rf build .pytest_cache .ruff_cache
