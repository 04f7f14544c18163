"""The direction of imports: declarations are data and import nothing of the package (a type named for the
checker aside); each stage of lib/ imports only the stages before it (lib/__init__.py gives the order); lib/ and
datasets/ know nothing of Dagster or of defs/ (datasets/ may use every stage of lib/); the commands and defs/ both
call down into lib/, never into each other. The environment is read in settings.py alone."""

from __future__ import annotations

import ast
from pathlib import Path

import mayenne_assets
from mayenne_assets.lib import STAGES

PACKAGE = Path(mayenne_assets.__file__).parent


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node but those of an `if TYPE_CHECKING:` block (names for the type checker, never imported)."""
    skipped = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If)
               and isinstance(block.test, ast.Name) and block.test.id == "TYPE_CHECKING"
               for statement in block.body for n in ast.walk(statement)}
    return [node for node in ast.walk(tree) if id(node) not in skipped]


def _imports(path: Path) -> set[str]:
    """Every module the file imports, at its top or inside a function."""
    found = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def _allowed_for(path: Path, package: Path) -> tuple[str, ...]:
    """The package prefixes a module may import from mayenne_assets."""
    parts = path.relative_to(package).parts
    if parts[0] == "declarations":
        return ("mayenne_assets.declarations",)
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


def test_declarations_import_nothing_of_the_package_but_themselves():
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


COMMANDS = ("audit.py", "backup.py", "documentation.py", "portal.py", "service.py")


def test_commands_and_dagster_both_call_down_into_lib_never_into_each_other():
    commands = {f"mayenne_assets.{name.removesuffix('.py')}" for name in COMMANDS}
    into_defs = [f"{name} imports {module}" for name in COMMANDS for module in _imports(PACKAGE / name)
                 if module.startswith("mayenne_assets.defs")]
    into_commands = [f"{path.name} imports {module}" for path in sorted((PACKAGE / "defs").glob("*.py"))
                     for module in _imports(path) if module.split(".")[:2] and ".".join(module.split(".")[:2])
                     in commands]
    assert into_defs == [] and into_commands == []


def _environment_reads(path: Path) -> list[str]:
    """os.environ and os.getenv anywhere in the file (reading, or handing the whole environment on)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [f"{path.name}:{node.lineno}" for node in ast.walk(tree)
            if (isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv"))
            or (isinstance(node, ast.Name) and node.id in ("environ", "getenv"))
            or (isinstance(node, ast.alias) and node.name in ("environ", "getenv"))]


def test_the_environment_is_read_in_settings_alone():
    """Every setting reaches the code as an argument: a module reading the environment would make two
    territories' definitions in one process see one territory."""
    project = PACKAGE.parent
    files = [*PACKAGE.rglob("*.py"), *(project / "scripts").glob("*.py")]
    reads = [read for path in sorted(files) if path != PACKAGE / "settings.py" for read in _environment_reads(path)]
    assert reads == []
    assert _environment_reads(PACKAGE / "settings.py")  # the check sees a read where there is one


def test_the_definitions_are_built_when_loaded_not_at_import():
    import dagster as dg

    from mayenne_assets import definitions

    assert not isinstance(definitions.defs, dg.Definitions)
    assert isinstance(definitions.defs.load_fn(), dg.Definitions)


def test_the_sensors_never_open_the_warehouse():
    """A tick must not wait for DuckDB's lock (README, « DuckDB and concurrency »)."""
    imported = _imports(PACKAGE / "defs" / "sensors.py")
    assert not {name for name in imported if name == "duckdb" or name.endswith(".Warehouse")}
    assert "warehouse" not in (PACKAGE / "defs" / "sensors.py").read_text(encoding="utf-8")
