"""What cannot be rebuilt is saved in one archive and restored on an empty machine, where the pipeline then
publishes nothing new; a restore never overwrites what a place already holds."""

from __future__ import annotations

import io
import shutil
import sqlite3
import tarfile
from dataclasses import replace
from pathlib import Path

import dagster as dg
import pytest

from mayenne_assets.backup import main as backup_main
from mayenne_assets.backup import places_of
from mayenne_assets.definitions import build_definitions, resources_for
from mayenne_assets.lib.drive.layout import ARCHIVES, PROCESSED, mark_processed
from mayenne_assets.lib.drive.snapshot import sha256_of
from mayenne_assets.lib.governance.backup import RestoreRefused, create, restore
from mayenne_assets.settings import PROJECT_ROOT
from mayenne_assets_tests.support.settings import DATASETS, make_settings


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _materialise(settings) -> dg.ExecuteInProcessResult:
    defs = build_definitions(settings)
    result = dg.materialize([*defs.assets, *defs.asset_checks], resources=resources_for(settings))
    assert result.success
    return result


def _machine(root: Path, with_sample: bool):
    """The settings of a machine: its own approvals, withdrawals, local collèges and Dagster instance."""
    settings = make_settings(root, with_sample=with_sample)
    files = root / "fichiers"
    files.mkdir()
    settings = replace(settings, approvals_file=files / "approbations.toml", withdrawals_file=files / "retraits.toml",
                       local_colleges=files / "colleges_locaux.toml", dagster_home=root / "dagster_home")
    if with_sample:
        shutil.copy2(PROJECT_ROOT / "data" / "dpo_approvals.toml", settings.approvals_file)
        shutil.copy2(PROJECT_ROOT / "data" / "retraits.toml", settings.withdrawals_file)
        settings.dagster_home.mkdir()
        with sqlite3.connect(settings.dagster_home / "runs.db") as db:  # as a local instance keeps its runs
            db.execute("create table runs (run_id text)")
            db.execute("insert into runs values ('run-1')")
    return settings


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """The sample published, its workbooks processed as the drive sensor leaves them, and the archive."""
    root = tmp_path_factory.mktemp("backup")
    first = _machine(root / "a", with_sample=True)
    _materialise(first)
    for path in sorted(p for p in first.shared_drive.iterdir() if p.is_file()):
        mark_processed(first.shared_drive, path, sha256_of(path))
    archive = root / "sauvegarde.tar.gz"
    create(archive, places_of(first))
    return first, archive


def test_a_restore_on_an_empty_machine_puts_everything_back_and_publishes_nothing_new(saved, tmp_path):
    first, archive = saved
    second = _machine(tmp_path / "b", with_sample=False)
    restore(archive, places_of(second))
    assert _tree(second.portal_dir) == _tree(first.portal_dir)
    for folder in (ARCHIVES, PROCESSED):
        assert _tree(second.shared_drive / folder) == _tree(first.shared_drive / folder)
    assert second.approvals_file.read_bytes() == first.approvals_file.read_bytes()
    with sqlite3.connect(second.dagster_home / "runs.db") as db:
        assert db.execute("select run_id from runs").fetchall() == [("run-1",)]
    result = _materialise(second)  # the warehouse and exports rebuilt from the restored workbooks
    published = {node: result.asset_materializations_for_node(f"portal_{group}")[0].metadata
                 for node, group in ((d.dataset_id, g) for g, d in DATASETS.items())}
    assert {node: m["new_version"].value for node, m in published.items()} == dict.fromkeys(published, False)
    datasets = tuple(d.dataset_id for d in DATASETS.values())  # every version, pointer and journal as it was
    assert {k: v for k, v in _tree(second.portal_dir).items() if k.startswith(datasets)} == \
        {k: v for k, v in _tree(first.portal_dir).items() if k.startswith(datasets)}


def test_a_restore_never_overwrites_a_place_that_holds_something(saved, tmp_path):
    _, archive = saved
    second = _machine(tmp_path / "b", with_sample=False)
    (second.portal_dir / "225300011_x").mkdir(parents=True)
    (second.portal_dir / "225300011_x" / "current.json").write_text("{}", encoding="utf-8")
    with pytest.raises(RestoreRefused, match=f"already holds something.*{second.portal_dir}"):
        restore(archive, places_of(second))
    assert not (second.shared_drive / ARCHIVES).exists()  # nothing else restored either


def test_an_archive_altered_after_it_was_written_is_refused(saved, tmp_path):
    _, archive = saved
    altered = tmp_path / "altered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(altered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else None
            if member.name == "fichiers/approbations.toml":
                data = data.replace(b"2022", b"2023")
                member.size = len(data)
            target.addfile(member, io.BytesIO(data) if data is not None else None)
    with pytest.raises(RestoreRefused, match=r"fichiers/approbations\.toml does not match the manifest"):
        restore(altered, places_of(_machine(tmp_path / "b", with_sample=False)))


def test_the_command_saves_and_restores_the_configured_places(saved, tmp_path, monkeypatch):
    _, archive = saved
    second = _machine(tmp_path / "b", with_sample=False)
    monkeypatch.setattr("mayenne_assets.backup.load_settings", lambda: second)
    assert backup_main(["restore", str(archive)]) == 0
    assert backup_main(["restore", str(archive)]) == 2  # a second time: the places hold something now
    assert backup_main(["create", str(tmp_path / "again.tar.gz")]) == 0
