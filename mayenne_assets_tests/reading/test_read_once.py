"""Each content of the drive is parsed and classified once per process, and a workbook the drive sensor already
knows feeds another lineage is not parsed at all."""

from __future__ import annotations

import shutil

from mayenne_assets.lib.drive.reception import receptions, record_reception
from mayenne_assets.lib.drive.snapshot import sha256_of
from mayenne_assets.lib.read import raw_tables, workbook
from mayenne_assets.settings import SAMPLE_DRIVE
from mayenne_assets_tests.support.settings import MAYENNE

ENROLMENTS = "Effectifs collèges 1985-2021.xlsx"
DIRECTORY = "Annuaire des collèges 2021.xlsx"


def _counting_parses(monkeypatch) -> list[str]:
    """The workbooks parsed (in the reading child) and the workbooks classified, each call noted by name."""
    parsed: list[str] = []
    parse, classify = workbook._parse_in_child, raw_tables.classify_sheets

    def parsed_counted(name, *args, **kwargs):
        parsed.append(name)
        return parse(name, *args, **kwargs)

    def classified_counted(path, sheets):
        parsed.append(f"classified {path.name}")
        return classify(path, sheets)

    monkeypatch.setattr(workbook, "_parse_in_child", parsed_counted)
    monkeypatch.setattr(raw_tables, "classify_sheets", classified_counted)
    monkeypatch.setattr(workbook, "_PARSED", type(workbook._PARSED)())
    monkeypatch.setattr(raw_tables, "_READ", type(raw_tables._READ)())
    return parsed


def test_six_lineages_reading_the_drive_parse_each_workbook_once(tmp_path, monkeypatch):
    parsed = _counting_parses(monkeypatch)
    paths = [shutil.copy2(p, tmp_path / p.name) for p in sorted(SAMPLE_DRIVE.iterdir())]
    for feeds in ({"colleges"}, {"effectifs"}, {"projections"}, {"principaux"}, {"enseignement_superieur"},
                  {"equipements", "dispositifs"}):
        frames, _ = raw_tables.read_family_files(paths, feeds, MAYENNE)
        assert all(len(frame) for frame in frames.values()), feeds
    names = [p.name for p in SAMPLE_DRIVE.iterdir()]
    assert sorted(parsed) == sorted([*names, *(f"classified {name}" for name in names)])


def test_a_workbook_known_to_feed_another_lineage_is_not_parsed(tmp_path, monkeypatch):
    parsed = _counting_parses(monkeypatch)
    drive = tmp_path
    enrolments = shutil.copy2(SAMPLE_DRIVE / ENROLMENTS, drive / ENROLMENTS)
    directory = shutil.copy2(SAMPLE_DRIVE / DIRECTORY, drive / DIRECTORY)
    record_reception(drive, sha256_of(directory), DIRECTORY, "colleges")
    frames, report = raw_tables.read_family_files([enrolments, directory], {"effectifs"}, MAYENNE, receptions(drive))
    assert parsed == [ENROLMENTS, f"classified {ENROLMENTS}"] and [f["file"] for f in report.files] == [ENROLMENTS]
    assert len(frames["effectifs"]) > 1000
    assert set(frames["effectifs"]["source_received"]) == {  # no reception recorded: the file's time
        raw_tables.take_snapshot(enrolments).modified.isoformat(timespec="seconds")}


def test_a_workbook_moved_while_the_drive_is_read_is_read_where_it_went(tmp_path):
    """In production a run ends and its workbooks move to _traites/ while another run reads the drive: the
    other run lists the drive again instead of failing on the file that moved."""
    from mayenne_assets.lib.read.raw_tables import read_changing_folder
    from mayenne_assets.sample.generate import copy_sample_drive

    drive = tmp_path / "drive"
    copy_sample_drive(drive)
    enrolments = drive / "Effectifs collèges 1985-2021.xlsx"
    processed = drive / "_traites" / enrolments.name
    listings = iter([[enrolments], [processed]])

    def list_then_move() -> list:
        listed = next(listings)
        if not processed.parent.exists():
            processed.parent.mkdir()
            enrolments.rename(processed)  # moved after the first listing, before it is read
        return listed

    frames, report = read_changing_folder(list_then_move, {"effectifs"}, MAYENNE)
    assert len(frames["effectifs"]) > 0 and [f["file"] for f in report.files] == [enrolments.name]
