"""A publication is all or nothing, and nothing outside the drive, or inside a cell, can act: a row without its
whole key or a CSV line cut in two stops the run before anything is published; a link on the drive is never
followed; a file that takes the name of the drive's own folders is set aside; a name near the file system's limit
is published like any other; what a cell holds is text in every page."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil

import dagster as dg
import openpyxl
import pytest

from mayenne_assets.definitions import build_definitions, resources_for
from mayenne_assets.lib.drive.layout import ARCHIVES, PROCESSED, QUARANTINE, current_files
from mayenne_assets.lib.publish.local_portal import LocalPortal
from mayenne_assets.settings import SAMPLE_DRIVE
from mayenne_assets_tests.support.lineage import failure_message, materialize_group
from mayenne_assets_tests.support.sensors import (
    EFFECTIFS_FILE,
    Drive,
    after_failure,
    dagster_home,
    first_run,
    mark_processed,
    run_request,
    tick,
)
from mayenne_assets_tests.support.settings import DATASETS, make_settings
from mayenne_assets_tests.support.workbooks import make_xlsx

SUPERIEUR_FILE = "Enseignement supérieur en Mayenne.xlsx"
SUPERIEUR = DATASETS["enseignement_superieur"].dataset_id


def _portal_folder_state(settings, dataset_id: str) -> dict[str, bytes]:
    folder = settings.portal_dir / dataset_id
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _edit_superieur(drive, column: int, value: object) -> int:
    """The first establishment's cell of this column (1-based) set to value; returns the row number."""
    path = drive / SUPERIEUR_FILE
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    row = next(r for r in range(1, 20) if sheet.cell(r, 1).value and sheet.cell(r + 1, 1).value
               and str(sheet.cell(r, 1).value).startswith("Établissement")) + 1
    sheet.cell(row, column).value = value
    workbook.save(path)
    return row


def test_a_row_without_its_commune_stops_the_run_before_anything_is_published(sample_settings):
    settings = sample_settings
    assert materialize_group(settings, "enseignement_superieur").success
    before = _portal_folder_state(settings, SUPERIEUR)
    row = _edit_superieur(settings.shared_drive, 6, None)  # « Commune »

    result = materialize_group(settings, "enseignement_superieur", raise_on_error=False)
    assert not result.success
    message = failure_message(result)
    assert f"la colonne nom_commune est vide là où une valeur est obligatoire — {SUPERIEUR_FILE}" in message
    assert f"ligne {row}" in message
    assert _portal_folder_state(settings, SUPERIEUR) == before  # no new version, visible or half-written


def test_a_refused_row_sets_its_workbook_aside_and_the_portal_keeps_its_version(tmp_path):
    settings = make_settings(tmp_path)
    shutil.copy2(SAMPLE_DRIVE / SUPERIEUR_FILE, settings.shared_drive / SUPERIEUR_FILE)
    _edit_superieur(settings.shared_drive, 6, None)
    defs = build_definitions(settings)
    with dagster_home(tmp_path) as instance:
        run = first_run(defs, settings, instance)
        assert not run.success
        after_failure(defs, settings, instance, run)
    assert not (settings.shared_drive / SUPERIEUR_FILE).exists()
    [report] = (settings.shared_drive / QUARANTINE).glob("*.LISEZ-MOI.txt")
    assert "la colonne nom_commune est vide" in report.read_text(encoding="utf-8")
    assert LocalPortal(settings.portal_dir).current(SUPERIEUR) is None


def test_a_csv_line_cut_by_a_bare_carriage_return_is_refused_naming_its_lines(settings):
    text = "Commune;Collège;2019;2020\r\nLaval;Alain Gerbault;312;318\r\nÉvron;Paul\rLangevin;380;390\r\n"
    (settings.shared_drive / "Effectifs publics.csv").write_bytes(text.encode("utf-8"))
    result = materialize_group(settings, "effectifs", raise_on_error=False)
    assert not result.success
    message = failure_message(result)
    assert "Effectifs publics.csv, ligne 3 : 2 champs là où son en-tête (ligne 1) en a 4" in message
    assert "Effectifs publics.csv, ligne 4 : 3 champs" in message
    assert LocalPortal(settings.portal_dir).current(DATASETS["effectifs"].dataset_id) is None


def test_a_utf16_csv_is_named_as_such(settings):
    text = "Commune;Collège;2020\r\nLaval;Alain Gerbault;318\r\n"
    (settings.shared_drive / "Effectifs publics.csv").write_bytes(text.encode("utf-16"))
    result = materialize_group(settings, "effectifs", raise_on_error=False)
    assert "Effectifs publics.csv : le fichier est encodé en UTF-16" in failure_message(result)


def test_a_year_typed_twice_names_both_its_columns(settings):
    rows = [["Commune", "Collège", 2019, 2020, 2020], ["Laval", "Alain Gerbault", 312, 318, 320]]
    make_xlsx(settings.shared_drive / "Effectifs publics.xlsx", {"Publics": rows})
    message = failure_message(materialize_group(settings, "effectifs", raise_on_error=False))
    assert ("onglet « Publics », ligne 2, colonne D ; Effectifs publics.xlsx, onglet « Publics », ligne 2, colonne E"
            in message)


@pytest.mark.parametrize("address", ["javascript:alert(document.domain)", "data:text/html,<script>x</script>"])
def test_a_web_address_that_is_not_http_or_mailto_is_refused(sample_settings, address):
    row = _edit_superieur(sample_settings.shared_drive, 8, address)  # « Site web »
    message = failure_message(materialize_group(sample_settings, "enseignement_superieur", raise_on_error=False))
    assert (f"onglet « Établissements », ligne {row}, colonne « Site web » : « {address} » n'est pas une adresse web"
            in message)
    assert LocalPortal(sample_settings.portal_dir).current(SUPERIEUR) is None


def test_a_site_written_without_its_scheme_is_published_with_https(sample_settings):
    _edit_superieur(sample_settings.shared_drive, 8, "www.univ-lemans.fr")
    assert materialize_group(sample_settings, "enseignement_superieur").success
    text = (sample_settings.exports_dir / SUPERIEUR / f"{SUPERIEUR}.csv").read_text(encoding="utf-8-sig")
    assert ";https://www.univ-lemans.fr;" in text


# The drive: regular files only.

def test_a_link_to_a_workbook_outside_the_drive_is_reported_and_never_read(settings, tmp_path):
    outside = tmp_path / "elsewhere" / EFFECTIFS_FILE
    outside.parent.mkdir()
    shutil.copy2(SAMPLE_DRIVE / EFFECTIFS_FILE, outside)
    link = settings.shared_drive / EFFECTIFS_FILE
    link.symlink_to(outside)
    (settings.shared_drive / "hostname.xlsx").symlink_to("/etc/hostname")
    os.mkfifo(settings.shared_drive / "pipe.xlsx")
    drive = Drive(settings)
    for _ in range(3):
        result = drive.tick()
        assert not result.run_requests
    assert "non lu : un raccourci (lien symbolique) vers" in result.skip_reason.skip_message
    reports = {p.name: p.read_text(encoding="utf-8") for p in (settings.shared_drive / QUARANTINE).iterdir()}
    assert len(reports) == 3 and all(name.endswith(".LISEZ-MOI.txt") for name in reports)  # one each, once
    assert any("pipe.xlsx (un tube nommé (FIFO)" in text for text in reports.values())
    digest = hashlib.sha256(outside.read_bytes()).hexdigest()
    assert not any(digest in text for text in reports.values())
    assert link.is_symlink() and outside.is_file()  # neither the link nor what it points to was moved
    assert current_files(settings.shared_drive) == []
    result = materialize_group(settings, "effectifs", raise_on_error=False)
    assert not result.success and "aucun classeur « Effectifs des collèges »" in failure_message(result)


def test_a_processed_folder_turned_into_a_link_elsewhere_is_not_read(settings, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy2(SAMPLE_DRIVE / EFFECTIFS_FILE, elsewhere / EFFECTIFS_FILE)
    (settings.shared_drive / PROCESSED).symlink_to(elsewhere, target_is_directory=True)
    assert current_files(settings.shared_drive) == []
    Drive(settings).tick()
    assert (settings.shared_drive / PROCESSED).is_dir() and not (settings.shared_drive / PROCESSED).is_symlink()
    [moved] = [p for p in (settings.shared_drive / QUARANTINE).iterdir() if p.name.endswith(PROCESSED)]
    assert moved.is_symlink() and (elsewhere / EFFECTIFS_FILE).is_file()


def test_a_file_named_like_the_quarantine_folder_beside_an_unreadable_file(settings):
    shutil.rmtree(settings.shared_drive / QUARANTINE, ignore_errors=True)
    (settings.shared_drive / QUARANTINE).write_bytes(b"not a folder")
    (settings.shared_drive / "Effectifs abîmés.xlsx").write_bytes(b"PK\x03\x04garbage")
    drive = Drive(settings)
    drive.tick()
    drive.tick()
    quarantine = settings.shared_drive / QUARANTINE
    assert quarantine.is_dir()
    names = sorted(p.name for p in quarantine.iterdir())
    [reserved] = [n for n in names if n.endswith(f"_{QUARANTINE}")]
    assert (quarantine / reserved).read_bytes() == b"not a folder"
    assert "réservé au traitement" in (quarantine / f"{reserved}.LISEZ-MOI.txt").read_text(encoding="utf-8")
    assert any(n.endswith("Effectifs abîmés.xlsx") for n in names)
    assert any(n.endswith("Effectifs abîmés.xlsx.LISEZ-MOI.txt") for n in names)


def test_the_failure_sensor_writes_the_failure_when_the_quarantine_is_a_file(tmp_path):
    settings = make_settings(tmp_path)
    make_xlsx(settings.shared_drive / "Effectifs privés.xlsx",
              {"Privés": [["Commune", "Collège", 2021], ["Laval", "Immaculée Conception", -12]]})
    defs = build_definitions(settings)
    with dagster_home(tmp_path) as instance:
        _, cursor = tick(defs, settings, instance, None)
        result, _ = tick(defs, settings, instance, cursor)
        run = run_request(defs, settings, instance, result.run_requests[0])
        shutil.rmtree(settings.shared_drive / QUARANTINE, ignore_errors=True)
        (settings.shared_drive / QUARANTINE).write_bytes(b"x")
        after_failure(defs, settings, instance, run)
    assert run.run_id in settings.failure_log.read_text(encoding="utf-8")
    assert not (settings.shared_drive / "Effectifs privés.xlsx").exists()  # set aside all the same


def test_a_name_of_252_bytes_is_published_end_to_end(tmp_path):
    settings = make_settings(tmp_path)
    stem = "Effectifs collèges 1985-2021 "
    name = stem + "x" * (252 - len(os.fsencode(stem + ".xlsx"))) + ".xlsx"
    assert len(os.fsencode(name)) == 252
    shutil.copy2(SAMPLE_DRIVE / EFFECTIFS_FILE, settings.shared_drive / name)
    defs = build_definitions(settings)
    with dagster_home(tmp_path) as instance:
        run = first_run(defs, settings, instance)
        assert run.success
        mark_processed(defs, settings, instance, run)
    assert (settings.shared_drive / PROCESSED / name).is_file()
    assert len(list((settings.shared_drive / ARCHIVES).glob("*.xlsx"))) == 1
    record = LocalPortal(settings.portal_dir).metadata(DATASETS["effectifs"].dataset_id)
    assert name in {source["title"] for source in record["sources"]}


# What a cell holds is text in every page.

HOSTILE = "2 Rue ${alert(document.domain)} du `Collège` <script>alert(1)</script> \\"


def test_a_script_in_an_address_stays_text_on_the_map(tmp_path):
    import pandas as pd

    from mayenne_assets.lib.common.charter import DEFAULT_CHARTER, load_charter
    from mayenne_assets.lib.valorise.college_map import college_map

    row = {"Nom_etablissement": "Collège ${alert(1)}", "Statut_public_prive": "Public", "Nombre_d_eleves": 400,
           "Telephone": "0243000000", "Adresse_1": HOSTILE, "Code_postal": "53000", "Nom_commune": "Laval",
           "latitude": 48.07, "longitude": -0.77}
    path, markers = college_map(pd.DataFrame([row]), tmp_path, load_charter(DEFAULT_CHARTER))
    page = path.read_text(encoding="utf-8")
    assert markers == 1
    assert "${alert" not in page and "<script>alert(1)" not in page and "`Coll" not in page
    [popup] = [json.loads(text) for text in re.findall(r'"fiche": ("(?:[^"\\]|\\.)*")', page)]  # as JSON gives it
    assert "2 Rue &#36;{alert(document.domain)} du &#96;Collège&#96; &lt;script&gt;" in popup


def test_a_script_in_a_cell_stays_text_in_the_audit_dossier_and_the_pages():
    from mayenne_assets.lib.common.markup import html_text, markdown_text

    assert html_text(HOSTILE) == ("2 Rue &#36;{alert(document.domain)} du &#96;Collège&#96; &lt;script&gt;alert(1)"
                                  "&lt;/script&gt; &#92;")
    assert markdown_text("a | b\n<img src=x onerror=alert(1)>") == "a &#124; b &lt;img src=x onerror=alert(1)&gt;"


def test_a_script_in_a_directory_address_is_text_in_every_published_page(tmp_path):
    """End to end: the sample drive with « ${…} », backquotes and a <script> in one collège's address, every
    asset materialised; no page of the portal holds them as code."""
    settings = make_settings(tmp_path, with_sample=True)
    path = settings.shared_drive / "Annuaire des collèges 2021.xlsx"
    workbook = openpyxl.load_workbook(path)
    workbook["Collèges"]["D5"] = HOSTILE
    workbook.save(path)
    defs = build_definitions(settings)
    assert dg.materialize([*defs.assets, *defs.asset_checks], resources=resources_for(settings)).success
    pages = {p: p.read_text(encoding="utf-8") for p in settings.portal_dir.rglob("*.html")}
    assert any("carte" in p.name for p in pages) and any("&#36;{alert(document.domain)}" in t for t in pages.values())
    for page, text in pages.items():
        assert "${alert" not in text and "<script>alert(1)" not in text and "`Collège`" not in text, page
