"""The shared-drive sensor, evaluated tick by tick on a temporary drive."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from mayenne_assets.lib.drive.layout import PROCESSED, QUARANTINE, mark_processed
from mayenne_assets.lib.drive.snapshot import sha256_of
from mayenne_assets.settings import SAMPLE_DRIVE
from mayenne_assets_tests.support.sensors import EFFECTIFS_FILE, Drive
from mayenne_assets_tests.support.workbooks import effectifs_rows, make_xlsx


@pytest.fixture
def drive(settings) -> Drive:
    return Drive(settings)


def test_a_new_file_gets_one_run_request_for_the_assets_it_feeds(drive):
    drive.drop(EFFECTIFS_FILE)
    assert not drive.tick().run_requests  # first seen: wait one tick in case it is still being copied
    [request] = drive.tick().run_requests
    keys = {key.to_user_string() for key in request.asset_selection}
    assert keys == {"raw_effectifs", "stg_effectifs", "export_effectifs", "portal_effectifs", "ref_colleges",
                    "ref_communes", "reconciliation_effectifs"}
    assert request.tags["mayenne/file"] == EFFECTIFS_FILE and request.run_key.startswith("effectifs-")
    assert request.job_name == "classeur_effectifs"  # in the UI, runs are grouped by the kind of workbook
    assert not drive.tick().run_requests  # requested once


def test_the_same_bytes_again_run_nothing_an_edited_file_runs_again(drive, tmp_path):
    drive.drop(EFFECTIFS_FILE)
    drive.tick()
    [first] = drive.tick().run_requests
    os.remove(drive.root / EFFECTIFS_FILE)
    drive.tick()
    drive.drop(EFFECTIFS_FILE)  # identical copy dropped again
    drive.tick()
    assert drive.tick().run_requests == []
    shutil.copy2(SAMPLE_DRIVE / EFFECTIFS_FILE, drive.root / "copie des effectifs.xlsx")  # same bytes, other name
    drive.tick()
    assert drive.tick().run_requests == []
    assert first.run_key.endswith(json.loads(drive.cursor)["requested"][0])
    path = drive.root / "Effectifs publics.xlsx"
    make_xlsx(path, {"Publics": effectifs_rows()})
    drive.tick()
    [edited_first] = drive.tick().run_requests
    make_xlsx(path, {"Publics": [*effectifs_rows(), ["Laval", "Pierre Dubois", 1, 2, 3]]})
    drive.tick()
    [edited_again] = drive.tick().run_requests
    assert edited_first.run_key != edited_again.run_key


def test_an_identical_copy_of_a_processed_workbook_runs_nothing_even_with_a_fresh_cursor(drive):
    """The sensor's memory may be lost (a new instance, a reset cursor): the processed folder and the archive
    still say these bytes were published."""
    drive.drop(EFFECTIFS_FILE)
    mark_processed(drive.root, drive.root / EFFECTIFS_FILE, sha256_of(drive.root / EFFECTIFS_FILE))
    drive.cursor = None
    drive.drop(EFFECTIFS_FILE)
    drive.tick()
    assert drive.tick().run_requests == []
    assert not (drive.root / EFFECTIFS_FILE).exists() and (drive.root / PROCESSED / EFFECTIFS_FILE).is_file()
    edited = drive.root / EFFECTIFS_FILE
    make_xlsx(edited, {"Publics": effectifs_rows()})  # the same name, other bytes: a new version, run
    drive.tick()
    assert len(drive.tick().run_requests) == 1


def test_a_file_still_growing_waits(drive):
    path = drive.root / "Effectifs publics.xlsx"
    make_xlsx(path, {"Publics": effectifs_rows()})
    drive.tick()
    with path.open("ab") as handle:  # the copy goes on
        handle.write(b"\0" * 10)
    result = drive.tick()
    assert not result.run_requests and "en cours de copie" in result.skip_reason.skip_message


def test_lock_and_hidden_files_are_ignored(drive):
    (drive.root / "~$Effectifs.xlsx").write_bytes(b"lock")
    (drive.root / ".DS_Store").write_bytes(b"x")
    drive.tick()
    assert not drive.tick().run_requests
    assert not any((drive.root / QUARANTINE).iterdir())


def test_an_unknown_file_is_quarantined_with_a_report_and_the_others_still_run(drive):
    make_xlsx(drive.root / "budget.xlsx", {"Feuil1": [["Poste", "Montant"], ["Chauffage", 1200]]})
    (drive.root / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    drive.drop(EFFECTIFS_FILE)
    drive.drop("Annuaire des collèges 2021.xlsx")
    drive.tick()
    requests = drive.tick().run_requests
    assert sorted(r.tags["mayenne/feed"] for r in requests) == ["colleges", "effectifs"]
    quarantined = sorted(p.name for p in (drive.root / QUARANTINE).iterdir())
    assert len(quarantined) == 4 and any(n.endswith("_budget.xlsx") for n in quarantined)
    report = next(p for p in (drive.root / QUARANTINE).iterdir() if p.name.endswith("budget.xlsx.LISEZ-MOI.txt"))
    text = report.read_text(encoding="utf-8")
    assert "budget.xlsx" in text and "Que faire" in text and "aucun onglet n'a de ligne d'en-tête" in text
    assert not (drive.root / "budget.xlsx").exists() and not (drive.root / "photo.jpg").exists()


def test_the_cursor_is_plain_json_without_wall_clock_time(drive):
    drive.drop(EFFECTIFS_FILE)
    drive.tick()
    drive.tick()
    assert EFFECTIFS_FILE in drive.cursor and "\\u00e8" not in drive.cursor  # readable in the UI: « collèges »
    state = json.loads(drive.cursor)["files"][EFFECTIFS_FILE]
    assert set(state) == {"size", "mtime_ns", "sha256", "requested_sha256", "slow_reads"}
    assert json.loads(drive.cursor)["requested"] == [state["sha256"]]
    assert state["sha256"] == state["requested_sha256"]


def test_a_workbook_is_recognised_from_the_first_rows_of_its_sheets(tmp_path):
    """Recognising reads only what a header search looks at, so a big workbook costs a tick no more than a small
    one; its cells are read, and refused when they must be, by the run."""
    from mayenne_assets.lib.read.classify import HEAD_ROWS, classify
    from mayenne_assets.lib.read.workbook import read_sheet_heads, read_sheets
    from mayenne_assets_tests.support.workbooks import set_cells

    rows = effectifs_rows() + [["Laval", f"Collège {i}", *[300] * 37] for i in range(200)]
    path = set_cells(make_xlsx(tmp_path / "Effectifs publics.xlsx", {"Publics": rows}), {"C150": "=1/0"})
    [head] = read_sheet_heads(path, HEAD_ROWS)
    assert head.rows == read_sheets(path)[0].rows[:HEAD_ROWS]
    assert classify(path).feed == "effectifs"  # the error cell far below is the run's to refuse


def test_a_workbook_too_long_to_open_waits_two_ticks_then_is_set_aside(drive, monkeypatch):
    from mayenne_assets.lib.read import workbook

    monkeypatch.setattr(workbook, "HEAD_TIMEOUT_SECONDS", 0.001)
    drive.drop(EFFECTIFS_FILE)
    drive.tick()
    for _ in range(2):
        result = drive.tick()
        assert not result.run_requests and "trop long à ouvrir à ce passage" in result.skip_reason.skip_message
        assert (drive.root / EFFECTIFS_FILE).exists()
    drive.tick()
    assert not (drive.root / EFFECTIFS_FILE).exists()
    [report] = (drive.root / QUARANTINE).glob("*.LISEZ-MOI.txt")
    assert "a pris plus de 0.001 s" in report.read_text(encoding="utf-8")


def test_a_name_whose_bytes_are_not_utf8_is_set_aside_and_the_cursor_stays_storable(drive):
    """A copy from an old system may name a file in Latin-1: its name cannot be text, so it is set aside with a
    report; meanwhile the cursor (stored by Dagster as text) holds it escaped."""
    name = os.fsdecode(b"Effectifs \xe9t\xe9.xlsx")
    shutil.copy2(SAMPLE_DRIVE / EFFECTIFS_FILE, drive.root / name)
    drive.tick()
    drive.cursor.encode("utf-8")  # storable, whatever the name
    drive.tick()
    assert not (drive.root / name).exists()
    [report] = (drive.root / QUARANTINE).glob("*.LISEZ-MOI.txt")
    assert "encoding" in report.read_text(encoding="utf-8")


def test_a_tick_that_fails_is_written_where_the_engineer_looks(drive, settings, monkeypatch):
    """A failure of the drive sensor itself (not of a file: those are set aside) fails the tick in the UI and is
    written to the failure log, which the webhook receives too."""
    import mayenne_assets.defs.sensors as sensors

    def broken(*args, **kwargs):
        raise RuntimeError("the drive's folder vanished")

    monkeypatch.setattr(sensors, "waiting_files", broken)
    with pytest.raises(Exception, match="the drive's folder vanished"):
        drive.tick()
    [logged] = [json.loads(line) for line in settings.failure_log.read_text(encoding="utf-8").splitlines()]
    assert logged["sensor"] == "shared_drive_sensor"
    assert "RuntimeError: the drive's folder vanished" in logged["message"]
