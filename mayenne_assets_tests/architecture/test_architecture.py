"""The direction of imports: declarations are data and import nothing of the package but the territory they are
published for (lib/common); each stage of lib/ imports
only the stages before it (lib/__init__.py gives the order); lib/ and datasets/ know nothing of Dagster or of
defs/ (datasets/ may use every stage of lib/)."""

from __future__ import annotations

import ast
from pathlib import Path

import mayenne_assets
from mayenne_assets.lib import STAGES

PACKAGE = Path(mayenne_assets.__file__).parent


def _imports(path: Path) -> set[str]:
    """Every module the file imports, at its top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def _allowed_for(path: Path, package: Path) -> tuple[str, ...]:
    """The package prefixes a module may import from mayenne_assets."""
    parts = path.relative_to(package).parts
    if parts[0] == "declarations":
        return ("mayenne_assets.declarations", "mayenne_assets.lib.common")
    if parts[0] == "datasets":
        return ("mayenne_assets.declarations", "mayenne_assets.datasets", "mayenne_assets.lib",
                *(f"mayenne_assets.lib.{s}" for s in STAGES))
    stage = parts[1] if len(parts) > 2 else None
    earlier = STAGES[: STAGES.index(stage) + 1] if stage else STAGES
    return ("mayenne_assets.declarations", "mayenne_assets.lib", *(f"mayenne_assets.lib.{s}" for s in earlier))


def _violations(folder: str, package: Path = PACKAGE) -> list[str]:
    problems = []
    for path in sorted((package / folder).rglob("*.py")):
        allowed = _allowed_for(path, package)
        for name in _imports(path):
            if name.split(".")[0] == "dagster" or (
                name.startswith("mayenne_assets") and not _is_allowed(name, allowed)
            ):
                problems.append(f"{path.relative_to(package)} imports {name}")
    return problems


def test_datasets_use_lib_and_declarations_only():
    assert _violations("datasets") == []


def _is_allowed(name: str, allowed: tuple[str, ...]) -> bool:
    if name in ("mayenne_assets.lib", "mayenne_assets.lib.STAGES"):
        return True
    stage_prefixes = [a for a in allowed if a.startswith("mayenne_assets.lib.")]
    if name.startswith("mayenne_assets.lib."):
        return any(name == a or name.startswith(a + ".") for a in stage_prefixes)
    return any(name == a or name.startswith(a + ".") for a in allowed)


def test_declarations_import_nothing_of_the_package_but_themselves_and_the_territory():
    assert _violations("declarations") == []


def test_each_stage_of_lib_imports_only_the_stages_before_it():
    assert _violations("lib") == []


def test_every_stage_is_a_documented_package():
    for stage in STAGES:
        init = PACKAGE / "lib" / stage / "__init__.py"
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), f"lib/{stage} has no docstring"
    modules = {p.parent.name for p in (PACKAGE / "lib").rglob("*.py") if p.parent != PACKAGE / "lib"}
    assert modules <= set(STAGES), f"lib/ holds sub-packages outside the declared stages: {modules - set(STAGES)}"


def test_the_check_catches_an_import_against_the_direction(tmp_path):
    """A stage importing a later one, or Dagster, is reported (the tests above would not be worth much otherwise)."""
    probe = tmp_path / "lib" / "read" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text("import dagster\n\n\ndef publish():\n    from mayenne_assets.lib.publish import local_portal\n")
    assert sorted(_violations("lib", tmp_path)) == [
        "lib/read/probe.py imports dagster",
        "lib/read/probe.py imports mayenne_assets.lib.publish",
        "lib/read/probe.py imports mayenne_assets.lib.publish.local_portal",
    ]
