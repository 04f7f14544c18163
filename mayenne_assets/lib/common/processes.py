"""The processes below a process, read from /proc (Linux): to measure a run's memory with its workers, or to check
that a service stopped with its children."""

from __future__ import annotations

from pathlib import Path

PROC = Path("/proc")


def process_tree(root: int) -> set[int]:
    """The process and every process below it (those that exist now)."""
    parents: dict[int, int] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree = {root}
    while found := {pid for pid, parent in parents.items() if parent in tree} - tree:
        tree |= found
    return tree
