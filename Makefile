# The two commands of the README: `make dev` (set up, then the Dagster UI on the sample shared drive) and
# `make test`. Everything is installed into .venv from pyproject.toml; nothing outside the project is used.

PYTHON ?= python3
PORT ?= 3000
VENV := .venv
BIN := $(VENV)/bin
export DAGSTER_HOME := $(CURDIR)/dagster_home

.PHONY: setup dev materialize test lint benchmark sample-drive clean-generated \
	production-code production-daemon production-webserver

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

setup: $(BIN)/.installed

# The working shared drive starts as a copy of the sample drive (the sensor moves files out of it).
data/shared_drive:
	mkdir -p data/shared_drive
	cp -n -p data/sample_drive/* data/shared_drive/

# Stops on Ctrl-C or SIGTERM with its children, even when started from a script (mayenne_assets/service.py).
dev: setup data/shared_drive
	$(BIN)/python -m mayenne_assets.service $(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p $(PORT)

# The production layout without containers (README, « Production »): three services, each stopping on SIGTERM
# with its children. PRODUCTION_HOME holds a copy of deploy/dagster.yaml; DAGSTER_PG_* and the MAYENNE_* settings
# come from the service manager's environment.
PRODUCTION_HOME ?= /var/lib/mayenne_assets/dagster

production-code: setup
	DAGSTER_HOME=$(PRODUCTION_HOME) $(BIN)/python -m mayenne_assets.service \
		$(BIN)/dagster api grpc -m mayenne_assets.definitions -h 127.0.0.1 -p 4000

production-daemon: setup
	DAGSTER_HOME=$(PRODUCTION_HOME) $(BIN)/python -m mayenne_assets.service \
		$(BIN)/dagster-daemon run -w deploy/workspace.yaml

production-webserver: setup
	DAGSTER_HOME=$(PRODUCTION_HOME) $(BIN)/python -m mayenne_assets.service \
		$(BIN)/dagster-webserver -w deploy/workspace.yaml -h 0.0.0.0 -p $(PORT)

materialize: setup data/shared_drive
	$(BIN)/dagster job execute -w workspace.yaml -j all_datasets

test: setup
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check mayenne_assets mayenne_assets_tests scripts

benchmark: setup
	$(BIN)/python scripts/benchmark.py

sample-drive: setup
	$(BIN)/python -m mayenne_assets.sample.generate data/sample_drive

clean-generated:
	rm -rf data/shared_drive data/warehouse data/exports data/portal
