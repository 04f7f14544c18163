"""What a blocking check refused reaches no publication, not even through another dataset; a workbook whose run
fails is set aside with a report and later runs use the last good version; no file stops the drive sensor."""

from __future__ import annotations

import json
import os
import shutil
import time

import dagster as dg

from mayenne_assets.definitions import build_definitions, resources_for
from mayenne_assets.lib.drive.layout import ARCHIVES, PROCESSED, QUARANTINE
from mayenne_assets.lib.publish.local_portal import LocalPortal
from mayenne_assets.settings import SAMPLE_DRIVE
from mayenne_assets_tests.support.lineage import failure_message, materialize_group
from mayenne_assets_tests.support.sensors import (
    EFFECTIFS_FILE,
    Drive,
    after_failure,
    dagster_home,
    mark_processed,
    run_request,
    tick,
)
from mayenne_assets_tests.support.settings import DATASETS, make_settings
from mayenne_assets_tests.support.workbooks import effectifs_rows, make_xlsx, set_cells

ANNUAIRE = DATASETS["annuaire"].dataset_id


def _published_files(settings, dataset_id: str) -> dict[str, bytes]:
    folder = settings.portal_dir / dataset_id
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _materialize_groups_only(settings, *groups: str) -> dg.ExecuteInProcessResult:
    """These groups and the reference tables, nothing of the datasets they join (as an automation run)."""
    defs = build_definitions(settings)
    assets = [a for a in defs.assets if set(a.group_names_by_key.values()) & {*groups, "reference"}]
    keys = {key for a in assets for key in a.keys}
    checks = [c for c in defs.asset_checks if any(k.asset_key in keys for k in c.check_keys)]
    return dg.materialize([*assets, *checks], resources=resources_for(settings))


def test_a_refused_enrolment_workbook_leaves_the_annuaire_byte_identical(tmp_path):
    settings = make_settings(tmp_path, with_sample=True)
    assert materialize_group(settings, "annuaire").success
    before = _published_files(settings, ANNUAIRE)
    make_xlsx(settings.shared_drive / "Effectifs collèges publics 2035.xlsx",
              {"Publics": [["Commune", "Collège", 2035], ["Laval", "Alain Gerbault", 777]]})

    instance = dg.DagsterInstance.ephemeral()
    refused = materialize_group(settings, "effectifs", raise_on_error=False, instance=instance)
    assert not refused.success and "ne respecte pas son schéma" in failure_message(refused)
    [said] = [r.event_log_entry.asset_observation for r in instance.get_records_for_run(
        refused.run_id, of_type=dg.DagsterEventType.ASSET_OBSERVATION).records]
    in_force = LocalPortal(settings.portal_dir).current(DATASETS["effectifs"].dataset_id)["version"]
    assert said.asset_key == dg.AssetKey("portal_effectifs")  # what stands, said where the engineer looks
    assert (said.metadata["publication"].value, said.metadata["version_en_ligne"].value) == ("inchangée", in_force)
    assert said.metadata["refus"].value.startswith("export_effectifs — ")
    assert _materialize_groups_only(settings, "annuaire").success  # what the automation would run next
    assert not materialize_group(settings, "annuaire", raise_on_error=False).success  # as the drive sensor would

    assert _published_files(settings, ANNUAIRE) == before
    published = LocalPortal(settings.portal_dir).metadata(ANNUAIRE)
    assert EFFECTIFS_FILE in {source["title"] for source in published["sources"]}  # Nombre_d_eleves comes from it


def test_a_workbook_whose_run_fails_is_set_aside_and_the_innocent_one_runs_again(tmp_path):
    settings = make_settings(tmp_path)
    shutil.copy2(SAMPLE_DRIVE / EFFECTIFS_FILE, settings.shared_drive / EFFECTIFS_FILE)
    negative = [["Commune", "Collège", 2021], ["Laval", "Immaculée Conception", -12]]
    bad = make_xlsx(settings.shared_drive / "Effectifs privés.xlsx", {"Privés": negative})
    defs = build_definitions(settings)
    with dagster_home(tmp_path) as instance:
        _, cursor = tick(defs, settings, instance, None)
        result, cursor = tick(defs, settings, instance, cursor)
        runs = [run_request(defs, settings, instance, request) for request in result.run_requests]
        assert len(runs) == 2 and not any(run.success for run in runs)  # both read the bad workbook
        for run in runs:
            after_failure(defs, settings, instance, run)

        assert not bad.exists()
        [report] = (settings.shared_drive / QUARANTINE).glob("*.LISEZ-MOI.txt")
        text = report.read_text(encoding="utf-8")
        assert "Effectifs privés.xlsx, onglet « Privés », ligne 2, colonne C (2021)" in text
        assert "Que faire : corrigez" in text
        logged = [json.loads(line) for line in settings.failure_log.read_text(encoding="utf-8").splitlines()]
        assert [str(report)] in [entry["reports"] for entry in logged]

        result, cursor = tick(defs, settings, instance, cursor)  # the innocent workbook, once more
        [retry] = result.run_requests
        assert retry.tags["mayenne/file"] == EFFECTIFS_FILE and "-after-" in retry.run_key
        run = run_request(defs, settings, instance, retry)
        assert run.success
        mark_processed(defs, settings, instance, run)
        again, _ = tick(defs, settings, instance, cursor)
        assert not again.run_requests
    assert (settings.shared_drive / PROCESSED / EFFECTIFS_FILE).is_file()
    assert LocalPortal(settings.portal_dir).current(DATASETS["effectifs"].dataset_id)


def test_the_same_refused_bytes_dropped_again_are_set_aside_at_once(tmp_path):
    settings = make_settings(tmp_path)
    rows = [*effectifs_rows(), ["Laval", "Jules Renard", 622, 610, 600]]
    make_xlsx(tmp_path / "bad.xlsx", {"Publics": rows})
    shutil.copy2(tmp_path / "bad.xlsx", settings.shared_drive / "Effectifs publics.xlsx")
    defs = build_definitions(settings)
    with dagster_home(tmp_path) as instance:
        _, cursor = tick(defs, settings, instance, None)
        result, cursor = tick(defs, settings, instance, cursor)
        after_failure(defs, settings, instance, run_request(defs, settings, instance, result.run_requests[0]))
        shutil.copy2(tmp_path / "bad.xlsx", settings.shared_drive / "Effectifs publics (2).xlsx")
        _, cursor = tick(defs, settings, instance, cursor)
        result, cursor = tick(defs, settings, instance, cursor)
    assert not result.run_requests
    [again] = (settings.shared_drive / QUARANTINE).glob("*(2).xlsx.LISEZ-MOI.txt")
    assert "ont déjà été refusés" in again.read_text(encoding="utf-8")


def test_a_stray_cell_workbook_on_a_running_drive_is_set_aside_and_the_next_one_processed(settings):
    drive = Drive(settings)
    path = make_xlsx(settings.shared_drive / "Effectifs publics.xlsx", {"Publics": effectifs_rows()})
    set_cells(path, {"XFD1048576": "x"})
    drive.tick()
    assert not drive.tick().run_requests
    [report] = (settings.shared_drive / QUARANTINE).glob("*.LISEZ-MOI.txt")
    text = report.read_text(encoding="utf-8")
    assert "va jusqu'à la cellule XFD1048576" in text and "supprimant les lignes et colonnes au-delà du tableau" in text
    assert "rappelés ci-dessus" not in text  # the advice fits what was found
    drive.drop(EFFECTIFS_FILE)
    drive.tick()
    [request] = drive.tick().run_requests
    assert request.tags["mayenne/file"] == EFFECTIFS_FILE


def test_a_copy_that_pauses_while_its_writer_holds_it_is_never_judged(settings):
    drive = Drive(settings)
    data = (SAMPLE_DRIVE / EFFECTIFS_FILE).read_bytes()
    path = settings.shared_drive / EFFECTIFS_FILE
    with path.open("wb") as writer:
        writer.write(data[: len(data) // 2])
        writer.flush()
        os.utime(path, (time.time() - 3600, time.time() - 3600))  # size and date unchanged for an hour
        drive.tick()
        for _ in range(3):
            result = drive.tick()
            assert not result.run_requests and "encore ouvert par un programme" in result.skip_reason.skip_message
        writer.write(data[len(data) // 2 :])
    assert not any((settings.shared_drive / QUARANTINE).iterdir())
    drive.tick()
    assert drive.tick().run_requests


def test_a_file_modified_within_the_settling_delay_waits(tmp_path):
    settings = make_settings(tmp_path)
    drive = Drive(settings)
    drive.settle_seconds = 60
    make_xlsx(settings.shared_drive / "Effectifs publics.xlsx", {"Publics": effectifs_rows()})
    drive.tick()
    result = drive.tick()
    assert not result.run_requests and "modifié il y a moins de 60 s" in result.skip_reason.skip_message
    old = time.time() - 120
    os.utime(settings.shared_drive / "Effectifs publics.xlsx", (old, old))
    drive.tick()
    assert drive.tick().run_requests


def test_every_source_of_a_publication_is_archived_and_its_year_comes_from_the_content(sample_settings):
    assert materialize_group(sample_settings, "principaux").success
    dataset_id = DATASETS["principaux"].dataset_id
    metadata = LocalPortal(sample_settings.portal_dir).metadata(dataset_id)
    archived = {p.name.split("_", 2)[1] for p in (sample_settings.shared_drive / ARCHIVES).iterdir()}
    assert metadata["sources"] and all(s["sha256"][:12] in archived for s in metadata["sources"])
    provenance = json.loads((sample_settings.exports_dir / dataset_id / "provenance.json").read_text())
    assert provenance["temporal"] == [2021, 2021]  # « année scolaire 2021-2022 » in the title, not the file's date


def test_heads_of_collèges_without_a_year_anywhere_are_refused_clearly(settings):
    rows = [["Collège", "Commune", "Principal(e)"], ["Alain Gerbault", "Laval", "Mme Anne DUPONT"]]
    make_xlsx(settings.shared_drive / "principaux.xlsx", {"Feuil1": rows})
    result = materialize_group(settings, "principaux", raise_on_error=False)
    assert not result.success
    assert "principaux.xlsx, onglet « Feuil1 » : aucune année trouvée" in failure_message(result)
