"""Workbooks laid out differently within the contract (other labels, column order, sheet layout, file format)
give the same export as the sample drive, dataset by dataset."""

from __future__ import annotations

import os
from collections import defaultdict

import pytest

from mayenne_assets.lib.read.workbook import read_sheets
from mayenne_assets.sample.actions_workbooks import (
    EQUIPMENT,
    SCHOOL_YEARS,
    biclou_counts,
    cdvc_amounts,
    equipment_counts,
)
from mayenne_assets.sample.directory import colleges
from mayenne_assets.sample.effectifs_workbook import observed_truth
from mayenne_assets.sample.enrolments import LAST_OBSERVED, LAST_PROJECTED, enrolment_series
from mayenne_assets.sample.generate import date_as_saved
from mayenne_assets.sample.people import MANAGER_LAST_NAMES, email, person
from mayenne_assets.sample.superieur_workbook import establishments
from mayenne_assets.settings import SAMPLE_DRIVE
from mayenne_assets_tests.support.exports import export_bytes
from mayenne_assets_tests.support.lineage import materialize_group
from mayenne_assets_tests.support.settings import make_settings
from mayenne_assets_tests.support.workbooks import make_xlsx

BY_UAI = {c.uai: c for c in colleges()}
PUBLICS = [c for c in colleges() if c.secteur == "Public"]


def _write_csv(path, rows: list[list[object]], separator: str, encoding: str) -> None:
    text = "\r\n".join(separator.join("" if v is None else str(v) for v in row) for row in rows)
    path.write_bytes(text.encode(encoding))


def effectifs_layout(drive) -> None:
    """Per-sector files instead of sheets: public as .xlsx keyed by UAI with « RS 1985 » headers and the years
    first; private as a Windows-1252 .csv with names, communes and « 1985-1986 » headers."""
    values = defaultdict(dict)
    for (uai, year), value in observed_truth().items():
        values[uai][year] = value
    years = sorted({year for _, year in observed_truth()})
    public = [[*[f"RS {y}" for y in years], "Code UAI", "Nom établissement"]]
    private = [["Ville", "Etablissement", *[f"{y}-{y + 1}" for y in years]]]
    for uai in sorted(values):
        college, cells = BY_UAI[uai], [values[uai].get(y) for y in years]
        if college.secteur == "Public":
            public.append([*cells, uai.lower(), college.appellation.upper()])
        else:
            private.append([college.commune, college.appellation, *cells])
    make_xlsx(drive / "effectifs colleges publics.xlsx", {"Feuil1": [["Effectifs des collèges publics"], [], *public]})
    _write_csv(drive / "effectifs_colleges_prives.csv", private, ";", "cp1252")


def annuaire_layout(drive) -> None:
    """One header row with other label spellings, another column order, "oui"/"non" marks, as a UTF-8 .csv with
    commas; the same cell values otherwise (the sample's coordinates, swapped or in Lambert-93 included)."""
    sample = read_sheets(SAMPLE_DRIVE / "Annuaire des collèges 2021.xlsx")[0].rows
    labels, rows = sample[3], sample[4:]
    renamed = {"Code RNE": "UAI", "Nom de l'établissement": "Collège", "Public/Privé": "Statut", "Tél.": "Téléphone",
               "Mél": "Courriel", "Site internet": "Site web", "Classe à horaires aménagés": "Section artistique",
               "Demi-pension": "Restauration", "Internat": "Hébergement", "CP": "Code postal", "Commune": "Ville",
               "Latitude": "Lat", "Longitude": "Lon"}
    order = list(reversed(range(len(labels))))
    marks = {"X": "oui", "x": "OUI", "oui": "1", "✓": "x", "": "non"}

    def cell(index: int, value: object) -> object:
        text = "" if value is None else str(value)
        if 9 <= index <= 16:
            return marks[text]
        return f'"{text}"' if "," in text else text

    table = [[renamed.get(labels[i], labels[i]) for i in order]]
    table += [[cell(i, row[i]) for i in order] for row in rows]
    path = drive / "liste_colleges.csv"
    _write_csv(path, table, ",", "utf-8-sig")
    mtime = (SAMPLE_DRIVE / "Annuaire des collèges 2021.xlsx").stat().st_mtime
    os.utime(path, (mtime, mtime))  # date_maj_ligne is the workbook's date


def projections_layout(drive) -> None:
    """One sheet with UAIs instead of one sheet per arrondissement, other year labels."""
    years = range(LAST_OBSERVED, LAST_PROJECTED + 1)
    header = ["UAI", "Établissement", "Rentrée 2021 (constat)", *[str(y) for y in years if y != LAST_OBSERVED]]
    rows = [[c.uai, c.patronyme, *[enrolment_series()[c.uai][y] for y in years]] for c in PUBLICS]
    make_xlsx(drive / "prevision effectifs.xlsx", {"Tous": [header, *rows, ["Total", "", *[0] * len(years)]]})


def principaux_layout(drive) -> None:
    """Civilité, name and first name in separate columns, keyed by UAI, councillors separated by line breaks."""
    sample = read_sheets(SAMPLE_DRIVE / "Principaux gestionnaires et conseillers départementaux.xlsx")[0].rows[3:]
    header = ["Code UAI", "Civilité", "Prénom du principal", "Nom du principal", "Courriel du principal", "Tél.",
              "Nom du gestionnaire", "Courriel gestionnaire", "Représentants du département"]
    rows = []
    for college, sample_row in zip(PUBLICS, sample, strict=True):
        civilite, first, last = person(f"principal-{college.uai}")
        _, m_first, m_last = person(f"gestionnaire-{college.uai}", MANAGER_LAST_NAMES)
        councillors = [" ".join(person(f"conseiller-{college.uai}-{i}")[1:]) for i in range(2)]
        rows.append([college.uai, "Madame" if civilite == "Mme" else "Monsieur", first, last.upper(),
                     email(first, last, "ac-nantes.fr").upper(), sample_row[4], f"{m_first} {m_last}",
                     email(m_first, m_last, "ac-nantes.fr"), "\n".join(councillors)])
    make_xlsx(drive / "chefs etablissement.xlsx", {"CA": [["Représentation aux conseils d'administration 2021-22"], [],
                                                         header, *rows]})


def superieur_layout(drive) -> None:
    """A ;-separated UTF-8 .csv with other labels and order, every UAI written, programmes separated by ";"."""
    sample = {row[0]: row for row in read_sheets(SAMPLE_DRIVE / "Enseignement supérieur en Mayenne.xlsx")[0].rows[4:]}
    header = ["Code UAI", "Nom", "Statut", "Type d'établissement", "Ville", "Formations proposées"]
    rows = [[e["uai"], e["nom"], sample[e["nom"]][3], sample[e["nom"]][2], e["commune"],
             '"' + " ; ".join(e["formations"]) + '"'] for e in establishments()]
    _write_csv(drive / "superieur rentree 2021.csv", [header, *rows], ";", "utf-8-sig")


def actions_layout(drive) -> None:
    """Equipment in one sheet with a school-year column and other labels; Biclou and CDVC in two workbooks."""
    labels = ["PC fixes", "PC portables", "Tablettes", "VPI", "Vidéo projecteurs"]
    assert len(labels) == len(EQUIPMENT)
    equipment = [["Année scolaire", "Code RNE", *reversed(labels)]]
    for year in SCHOOL_YEARS[1:]:
        counts = equipment_counts(year)
        equipment += [[year.replace("-", "/"), c.uai, *reversed(counts[c.uai])] for c in PUBLICS]
    make_xlsx(drive / "informatique.xlsx", {"Parc": equipment})
    bikes = [["Établissement", "Ville", "Nb vélos", "Année"]]
    bikes += [[BY_UAI[uai].appellation, BY_UAI[uai].commune, n, year] for (uai, year), n in biclou_counts().items()]
    make_xlsx(drive / "biclou.xlsx", {"Biclou 2019-2022": bikes})
    amounts = cdvc_amounts()
    cdvc = [["RNE", "2019/2020 (€)", "Montant 2020-2021", "2021/22 (€)"]]
    cdvc += [[uai, *[amounts[(uai, y)] for y in SCHOOL_YEARS]] for uai in sorted({u for u, _ in amounts})]
    make_xlsx(drive / "cdvc.xlsx", {"CDVC": cdvc})


LAYOUTS = {
    "effectifs": effectifs_layout,
    "annuaire": annuaire_layout,
    "projections": projections_layout,
    "principaux": principaux_layout,
    "enseignement_superieur": superieur_layout,
    "actions": actions_layout,
}
# the annuaire's Nombre_d_eleves and the projection model come from the enrolments
NEEDS = {"annuaire": [effectifs_layout], "projections": [effectifs_layout]}


@pytest.mark.parametrize("group", LAYOUTS)
def test_a_drive_laid_out_otherwise_publishes_the_same_export(group, sample_publication, tmp_path):
    sample_settings = sample_publication(group).settings
    other = make_settings(tmp_path)
    for layout in [*NEEDS.get(group, []), LAYOUTS[group]]:
        layout(other.shared_drive)
    for path in other.shared_drive.iterdir():  # dated as the sample: « date_maj_ligne » is a file's date
        date_as_saved(path)
    result = materialize_group(other, group, raise_on_error=False)
    assert result.success, group
    assert export_bytes(other, group) == export_bytes(sample_settings, group)
