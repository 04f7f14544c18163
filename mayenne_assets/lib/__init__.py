"""Dagster-free building blocks: reading messy workbooks, matching, SQL models, exports, the local portal."""
