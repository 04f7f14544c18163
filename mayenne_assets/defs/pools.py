"""Concurrency pools. A DuckDB file takes one writing process at a time: every asset that opens the warehouse
runs in this pool, whose limit is 1 in the instance configuration (dagster_home/dagster.yaml)."""

DUCKDB_POOL = "duckdb"
