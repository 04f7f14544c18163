"""The next rentrée: after a first publication, a workbook in another layout repeats the previous rentrée with a
few revised figures and adds a new one. The full series is published with the revised values, the revisions are
listed, and the first version stays byte-identical."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os

import duckdb
import pytest

from mayenne_assets.lib.drive.reception import record_reception
from mayenne_assets.lib.drive.snapshot import sha256_of
from mayenne_assets.lib.publish.changes import read_published
from mayenne_assets.lib.publish.local_portal import LocalPortal
from mayenne_assets.sample.directory import colleges
from mayenne_assets.sample.effectifs_workbook import observed_truth
from mayenne_assets_tests.support.exports import read_export
from mayenne_assets_tests.support.lineage import materialize_group
from mayenne_assets_tests.support.settings import DATASETS, make_settings
from mayenne_assets_tests.support.workbooks import make_xlsx

EFFECTIFS = DATASETS["effectifs"]

NEXT_FILE = "Effectifs collèges publics rentrée 2022.xlsx"
REVISED = {"0530484N": +5, "0530914F": -3, "0530007V": +12}  # three public collèges' 2021 figures corrected


def _next_rentree_rows() -> list[list[object]]:
    """UAIs instead of names, « Rentrée » labels, a title above: not the first workbook's layout."""
    truth = observed_truth()
    rows = [["Effectifs des collèges publics — constat de rentrée 2022"], [],
            ["UAI", "Établissement", "Rentrée 2021", "Rentrée 2022"]]
    for college in colleges():
        if college.secteur == "Public" and (college.uai, 2021) in truth:
            before = truth[(college.uai, 2021)]
            rows.append([college.uai, college.appellation, before + REVISED.get(college.uai, 0), before + 7])
    return rows


def _digests(folder) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def year_two(tmp_path_factory):
    """Published once, then given the next rentrée: done once for the module's tests, which only read."""
    sample_settings = make_settings(tmp_path_factory.mktemp("year_two"), with_sample=True)
    assert set(REVISED) <= {c.uai for c in colleges() if c.secteur == "Public"}
    assert materialize_group(sample_settings, "annuaire").success
    portal = LocalPortal(sample_settings.portal_dir)
    [first] = portal.versions(EFFECTIFS.dataset_id)
    first_folder = sample_settings.portal_dir / EFFECTIFS.dataset_id / "versions" / first
    before = _digests(first_folder)
    make_xlsx(sample_settings.shared_drive / NEXT_FILE, {"Publics 2022": _next_rentree_rows()})
    result = materialize_group(sample_settings, "annuaire")
    assert result.success
    return sample_settings, result, first_folder, before


def test_the_full_series_is_published_with_the_revised_values(year_two):
    settings, _, _, _ = year_two
    export = read_export(settings, "effectifs")
    got = {(r.uai, int(r.rentree_scolaire)): int(r.effectif) for r in export.itertuples()}
    truth = observed_truth()
    publics = {c.uai for c in colleges() if c.secteur == "Public"}
    for uai, change in REVISED.items():
        assert got[(uai, 2021)] == truth[(uai, 2021)] + change
    assert {uai for uai, year in got if year == 2022} == {uai for uai, year in truth if year == 2021} & publics
    kept = sorted(uai for uai, year in truth if year == 1985 and uai in publics - set(REVISED))[0]
    assert got[(kept, 1985)] == truth[(kept, 1985)]  # 1985–2020 kept from the first workbook
    assert len(got) == len(truth) + len({u for u, y in truth if y == 2021} & publics)


def test_the_revisions_are_listed_in_the_warehouse_the_metadata_and_a_warning(year_two):
    settings, result, _, _ = year_two
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        revisions = con.execute("select * from stg.effectifs_revisions order by key").df()
    assert sorted(json.loads(k)["uai"] for k in revisions["key"]) == sorted(REVISED)
    assert set(revisions["column"]) == {"effectif"}
    assert set(revisions["old_workbook"]) == {"Effectifs collèges 1985-2021.xlsx"}
    assert set(revisions["new_workbook"]) == {NEXT_FILE}
    truth = observed_truth()
    for row in revisions.itertuples():
        uai = json.loads(row.key)["uai"]
        assert (int(row.old_value), int(row.new_value)) == (truth[(uai, 2021)], truth[(uai, 2021)] + REVISED[uai])
    [check] = [e for e in result.get_asset_check_evaluations() if e.check_name == "revisions"
               and e.asset_key.to_user_string() == "stg_effectifs"]
    assert not check.passed and check.metadata["revisions"].value == len(REVISED)
    assert result.asset_materializations_for_node("stg_effectifs")[0].metadata["revisions"].value == len(REVISED)


def test_the_first_version_stays_byte_identical_and_the_annuaire_follows(year_two):
    settings, _, first_folder, before = year_two
    assert _digests(first_folder) == before
    portal = LocalPortal(settings.portal_dir)
    assert len(portal.versions(EFFECTIFS.dataset_id)) == 2
    assert portal.metadata(EFFECTIFS.dataset_id)["temporal_coverage"] == {"start": 1985, "end": 2022}
    assert portal.metadata("225300011_annuaire-education-colleges")["temporal_coverage"]["end"] == 2022


def test_the_workbook_received_last_wins_even_when_its_file_is_older(sample_settings):
    """What the drive sensor saw first is older, whatever the files' modification times say."""
    drive = sample_settings.shared_drive
    first = drive / "Effectifs collèges 1985-2021.xlsx"
    second = make_xlsx(drive / NEXT_FILE, {"Publics 2022": _next_rentree_rows()})
    os.utime(second, (first.stat().st_mtime - 86400,) * 2)  # the new workbook's file looks a day older
    record_reception(drive, sha256_of(first), first.name, "effectifs", dt.datetime(2022, 9, 1, tzinfo=dt.UTC))
    record_reception(drive, sha256_of(second), second.name, "effectifs", dt.datetime(2022, 11, 1, tzinfo=dt.UTC))
    assert materialize_group(sample_settings, "effectifs").success
    export = read_export(sample_settings, "effectifs")
    value = export[(export["uai"] == "0530484N") & (export["rentree_scolaire"] == "2021")]["effectif"]
    assert int(value.iloc[0]) == observed_truth()[("0530484N", 2021)] + REVISED["0530484N"]


def test_the_new_version_says_what_changed(year_two):
    settings, _, first_folder, _ = year_two
    portal = LocalPortal(settings.portal_dir)
    record = portal.metadata(EFFECTIFS.dataset_id)
    new_rows = len(_next_rentree_rows()) - 3
    assert record["changes"]["resume"] == (f"2022 : {new_rows} lignes ajoutées ; "
                                           f"2021 : {len(REVISED)} valeurs modifiées")
    assert (record["changes"]["lignes_ajoutees"], record["changes"]["valeurs_modifiees"]) == (new_rows, len(REVISED))
    folder = settings.portal_dir / EFFECTIFS.dataset_id / "versions" / record["version"]
    changes = read_published(folder / "changes.csv")
    assert list(changes.columns) == ["changement", "cle", "etablissement", "colonne", "ancienne_valeur",
                                     "nouvelle_valeur"]
    changed = changes[changes["changement"] == "valeur modifiée"]
    assert sorted(json.loads(k)["uai"] for k in changed["cle"]) == sorted(REVISED)
    directory = {c.uai: c.appellation for c in colleges()}  # each named as the directory names it
    assert {json.loads(k)["uai"]: n for k, n in zip(changed["cle"], changed["etablissement"], strict=True)} == {
        uai: directory[uai] for uai in REVISED}
    assert set(changed["colonne"]) == {"effectif"}
    first = read_published(first_folder / "changes.csv")
    assert set(first["changement"]) == {"ligne ajoutée"} and len(first) == len(observed_truth())
    assert record["changes"]["resume"] in (settings.portal_dir / "index.html").read_text(encoding="utf-8")
