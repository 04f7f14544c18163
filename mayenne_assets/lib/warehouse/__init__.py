"""DuckDB and the SQL models of dbt_like_sql/: each model is one SELECT materialised as a table, and the
tables a model reads (parsed with sqlglot) give both the order the models run in and the assets a lineage
depends on."""
