"""A catalogue of bad inputs: each gets a clear error naming what is wrong and where, nothing is published, and
the publication already there stays exactly as it was."""

from __future__ import annotations

import zipfile

import pytest

from mayenne_assets.lib.common.uai import uai_key
from mayenne_assets.lib.drive.layout import QUARANTINE
from mayenne_assets.lib.publish.local_portal import LocalPortal
from mayenne_assets.sample.colleges_workbook import LABELS as DIRECTORY_LABELS
from mayenne_assets_tests.support.lineage import failure_message, materialize_group
from mayenne_assets_tests.support.sensors import Drive
from mayenne_assets_tests.support.settings import DATASETS
from mayenne_assets_tests.support.workbooks import make_xlsx, set_cells

HEADER = ["Commune", "Collège", 2019, 2020]
OTHER_DEPARTEMENT_UAI = "0440001" + uai_key("0440001")
NO_COLLEGE_UAI = "0539999" + uai_key("0539999")


def _effectifs(rows):
    return {"Publics": [HEADER, *rows]}


def _directory(latitude, longitude):
    row = ["0530484N", "Collège Alain Gerbault", "Public", "1 rue X", "53000", "Laval", "0243000000",
           "ce.0530484n@ac-nantes.fr", "", *[""] * 8, latitude, longitude]
    return {"Collèges": [DIRECTORY_LABELS, row]}


def _directory_with_phone(phone):
    row = ["0530484N", "Collège Alain Gerbault", "Public", "1 rue X", "53000", "Laval", phone, "", "", *[""] * 8,
           48.07, -0.77]
    return {"Collèges": [DIRECTORY_LABELS, row]}


def _directory_rows(*colleges):
    return {"Collèges": [DIRECTORY_LABELS, *[[uai, name, "Public", "1 rue X", "53000", "Laval", "0243000000", "",
                                              "", *[""] * 8, 48.07, -0.77] for uai, name in colleges]]}


def _with_cell(reference, value, data_type=None):
    def write(path):
        make_xlsx(path, _effectifs([["Laval", "Alain Gerbault", 1, 2]]))
        set_cells(path, {reference: value}, {reference: data_type} if data_type else None)
    return write


def _zip_bomb(path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("xl/workbook.xml", "w") as entry:
        for _ in range(260):
            entry.write(b"\0" * (1 << 20))


def _oversized(path):
    with path.open("wb") as handle:
        handle.truncate(210 * 1024 * 1024)  # sparse: 210 MB on paper, nothing written


def _password_protected(path):
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)  # an OLE container: Office encryption


CASES = {
    "corrupt xlsx": ("effectifs", "Effectifs publics.xlsx", lambda p: p.write_bytes(b"PK\x03\x04garbage"),
                     ["Effectifs publics.xlsx", "endommagé"]),
    "password-protected workbook": ("effectifs", "Effectifs publics.xlsx", _password_protected,
                                    ["Effectifs publics.xlsx", "protégé par un mot de passe"]),
    "empty workbook": ("effectifs", "Effectifs publics.xlsx", lambda p: make_xlsx(p, {"Feuil1": []}),
                       ["Effectifs publics.xlsx", "l'onglet « Feuil1 » est vide"]),
    "required column missing": ("effectifs", "Effectifs publics.xlsx",
                                lambda p: make_xlsx(p, {"Publics": [["Commune", "Nom", 2019], ["Laval", "X", 1]]}),
                                ["onglet « Publics », ligne 1", "« Collège »"]),
    "duplicated collège": ("effectifs", "Effectifs publics.xlsx",
                           lambda p: make_xlsx(p, _effectifs([["Laval", "Alain Gerbault", 1, 2],
                                                              ["Laval", "Alain Gerbault", 1, 2]])),
                           ["0530484N", "apparaît 2 fois", "Effectifs publics.xlsx, onglet « Publics », ligne 2",
                            "ligne 3"]),
    "wrong UAI key letter": ("effectifs", "Effectifs publics.xlsx",
                             lambda p: make_xlsx(p, {"Publics": [["UAI", 2019], ["0530484M", 12]]}),
                             ["onglet « Publics », ligne 2", "« 0530484M » a une lettre clé fausse"]),
    "UAI of another département": ("effectifs", "Effectifs publics.xlsx",
                                   lambda p: make_xlsx(p, {"Publics": [["UAI", 2019], [OTHER_DEPARTEMENT_UAI, 12]]}),
                                   ["onglet « Publics », ligne 2", "est du département 044, pas de la Mayenne"]),
    "negative enrolment": ("effectifs", "Effectifs publics.xlsx",
                           lambda p: make_xlsx(p, _effectifs([["Laval", "Alain Gerbault", -12, 2]])),
                           ["ligne 2, colonne C (2019)", "« -12 » n'est pas un nombre entier ≥ 0"]),
    "fractional enrolment": ("effectifs", "Effectifs publics.xlsx",
                             lambda p: make_xlsx(p, _effectifs([["Laval", "Alain Gerbault", "12,5", 2]])),
                             ["ligne 2, colonne C (2019)", "« 12,5 » n'est pas un nombre entier ≥ 0"]),
    "formula in a name": ("effectifs", "Effectifs publics.xlsx",
                          lambda p: make_xlsx(p, _effectifs([["Laval", '=HYPERLINK("http://x","Alain Gerbault")',
                                                              1, 2]])),
                          ["onglet « Publics », ligne 2", "non identifié"]),
    "zip bomb": ("effectifs", "Effectifs publics.xlsx", _zip_bomb, ["décompressé ferait 260 Mo", "n'a pas été lu"]),
    "200 MB file": ("effectifs", "Effectifs publics.xlsx", _oversized,
                    ["fait 210 Mo, au-delà de la limite de 50 Mo", "pas été lu"]),
    "well-formed UAI of no collège": ("effectifs", "Effectifs publics.xlsx",
                                      lambda p: make_xlsx(p, {"Publics": [["UAI", "Collège", 2019],
                                                                          [NO_COLLEGE_UAI, "Alain Gerbault", 12]]}),
                                      ["onglet « Publics », ligne 2",
                                       f"UAI « {NO_COLLEGE_UAI} » n'est pas un collège"]),
    "UAIs swapped in the directory": ("annuaire", "Annuaire des collèges.xlsx",
                                      lambda p: make_xlsx(p, _directory_rows(("0530914F", "Collège Alain Gerbault"),
                                                                             ("0530484N", "Collège Fernand Puech"))),
                                      ["onglet « Collèges », ligne 2", "UAI « 0530914F » est celui de 0530914F",
                                       "le nom est celui de 0530484N"]),
    "error cell in a year": ("effectifs", "Effectifs publics.xlsx", _with_cell("D2", "#REF!", "e"),
                             ["onglet « Publics », cellule D2 (2020) : la cellule affiche l'erreur #REF!"]),
    "formula without a saved value": ("effectifs", "Effectifs publics.xlsx", _with_cell("C2", "=1+1"),
                                      ["cellule C2 (2019) : une formule dont la valeur n'a jamais été enregistrée"]),
    "stray cell at XFD1048576": ("effectifs", "Effectifs publics.xlsx", _with_cell("XFD1048576", "x"),
                                 ["Effectifs publics.xlsx : l'onglet « Publics » va jusqu'à la cellule XFD1048576"]),
    "stray cell at A1048576": ("effectifs", "Effectifs publics.xlsx", _with_cell("A1048576", "x"),
                               ["l'onglet « Publics » va jusqu'à la cellule A1048576",
                                "au-delà de la limite de 200\u202f000 lignes"]),
    "phone that is no number": ("annuaire", "Annuaire des collèges.xlsx",
                                lambda p: make_xlsx(p, _directory_with_phone("bonjour")),
                                ["onglet « Collèges », ligne 2",
                                 "« bonjour » n'est pas un numéro de téléphone français"]),
    "coordinates in the sea": ("annuaire", "Annuaire des collèges.xlsx",
                               lambda p: make_xlsx(p, _directory(47.2, -2.6)),
                               ["onglet « Collèges », ligne 2", "n'est pas en Mayenne",
                                "même lu inversé ou en mètres de EPSG:2154"]),
}


def _portal_state(settings, group):
    portal = LocalPortal(settings.portal_dir)
    dataset_id = DATASETS[group].dataset_id
    current = portal.current(dataset_id)
    folder = settings.portal_dir / dataset_id / "versions" / current["version"]
    return current, portal.versions(dataset_id), {p.name: p.read_bytes() for p in folder.iterdir()}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The sample published once; each case starts from a copy of that state."""
    from mayenne_assets_tests.support.settings import make_settings

    settings = make_settings(tmp_path_factory.mktemp("published"), with_sample=True)
    for group in ("effectifs", "annuaire"):
        assert materialize_group(settings, group).success
    return settings


@pytest.mark.parametrize("case", CASES)
def test_bad_input_gets_a_clear_error_and_publishes_nothing(case, published, tmp_path):
    import shutil
    from dataclasses import replace

    group, name, write, expected = CASES[case]
    settings = replace(published, shared_drive=tmp_path / "drive", warehouse=tmp_path / "w.duckdb",
                       exports_dir=tmp_path / "exports", portal_dir=tmp_path / "portal")
    shutil.copytree(published.shared_drive, settings.shared_drive)
    shutil.copytree(published.portal_dir, settings.portal_dir)
    shutil.copy2(published.warehouse, settings.warehouse)
    before = _portal_state(settings, group)
    write(settings.shared_drive / name)
    result = materialize_group(settings, group, raise_on_error=False)
    assert not result.success
    message = failure_message(result)
    for fragment in expected:
        assert fragment in message, (case, message[:2000])
    assert _portal_state(settings, group) == before


def test_a_csv_in_windows_1252_is_read_with_its_accents(settings):
    path = settings.shared_drive / "effectifs publics.csv"
    path.write_bytes("Commune;Collège;2020\r\nÉvron;Paul Langevin;380\r\n".encode("cp1252"))
    assert materialize_group(settings, "effectifs").success
    text = (settings.exports_dir / DATASETS["effectifs"].dataset_id / "225300011_effectifs-colleges.csv").read_text(
        encoding="utf-8-sig")
    assert "Évron" in text and "Collège Paul Langevin" in text


def test_a_formula_in_free_text_is_neutralised_in_the_csv(sample_settings):
    rows = [["Établissement", "Type", "Formations", "Commune"],
            ["IUT de Laval", "IUT", '=HYPERLINK("http://evil","BUT Informatique")', "Laval"]]
    for path in sample_settings.shared_drive.glob("Enseignement*"):
        path.unlink()
    make_xlsx(sample_settings.shared_drive / "Enseignement supérieur 2021.xlsx", {"ESR": rows})
    assert materialize_group(sample_settings, "enseignement_superieur").success
    dataset_id = DATASETS["enseignement_superieur"].dataset_id
    text = (sample_settings.exports_dir / dataset_id / f"{dataset_id}.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ";=HYPERLINK" not in text


def test_a_file_name_with_dot_dot_stays_inside_the_drive(settings):
    """On a Windows share a backslash separates folders: such a name must not lead anywhere else. (A name that
    starts with "." is a hidden file, ignored by the contract.)"""
    drive = Drive(settings)
    name = "budget ..\\..\\..\\evil.xlsx"
    make_xlsx(settings.shared_drive / name, {"Feuil1": [["Poste", "Montant"], ["x", 1]]})
    make_xlsx(settings.shared_drive / "..\\..\\hidden.xlsx", {"Feuil1": [["Poste"], ["x"]]})
    drive.tick()
    drive.tick()
    [quarantined, report] = sorted((settings.shared_drive / QUARANTINE).iterdir())
    assert quarantined.parent == report.parent == settings.shared_drive / QUARANTINE
    assert quarantined.name.endswith(name) and not list(settings.shared_drive.parent.glob("*evil*"))
    assert (settings.shared_drive / "..\\..\\hidden.xlsx").exists()  # ignored, left as it is
