"""Putting an export on a portal and reading it back: the local portal folder with its catalogue page,
and the OpenDataSoft Automation and Explore APIs. Unchanged data publish nothing new."""
