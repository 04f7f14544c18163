"""What is published, and the checks it must pass first: the pandera schema of every export, built from
the field dictionary (declarations/fields.toml); the reusable checks; validation that places each failure in its
workbook; the CSV, Parquet and Table Schema files; the comparison with the Ministry's national figures."""
