"""Enrolments per collège and rentrée since 1985, with the warnings a person should read before trusting them."""

from __future__ import annotations

import pandas as pd

from mayenne_assets.declarations.dataset import Dataset, RawTable, WarningCheck
from mayenne_assets.lib.common.problems import Problem
from mayenne_assets.lib.common.territory import Territory
from mayenne_assets.lib.identify.resolve import COLLEGES
from mayenne_assets.lib.prepare.cells import normalise_choice, parse_enrolments
from mayenne_assets.lib.read.families import choices

JUMP_THRESHOLD = 0.30


def prepare_enrolments(cells: pd.DataFrame, _territory: Territory) -> tuple[pd.DataFrame, list[str]]:
    """Count cells to whole numbers (missing markers to null), sectors to Public / Privé."""
    cells = cells.copy()
    cells["effectif"], problems = parse_enrolments(cells)
    cells["secteur"] = normalise_choice(cells["secteur"], choices("secteur"))
    return cells, problems + empty_year_columns(cells)


def empty_year_columns(cells: pd.DataFrame) -> list[str]:
    """A year column with its header and no value in any row, once a later year of the sheet has values or as
    its latest year: cleared cells would withdraw a whole year silently. Leading empty years (before any collège
    of the sheet opened) are allowed, as the contract allows blank cells before a collège existed."""
    columns = cells.groupby(["source_file", "source_sheet", "source_column", "source_label", "rentree_scolaire"],
                            dropna=False)["effectif"].count().reset_index(name="values")
    problems = []
    for (file, sheet), years in columns.groupby(["source_file", "source_sheet"]):
        year = years["rentree_scolaire"]
        last_filled = year[years["values"] > 0].max()  # NaN for a sheet without any value: every year is empty
        empty = years[(years["values"] == 0) & ((year < last_filled) | (year == year.max()) | pd.isna(last_filled))]
        problems += [Problem(f"{file}, onglet « {sheet} », colonne {row.source_column} ({row.source_label}) : la "
                             f"rentrée {row.rentree_scolaire} a un en-tête et aucune valeur ; remplissez ses cellules, "
                             "ou supprimez la colonne et retirez l'année explicitement", blames=file)
                     for row in empty.itertuples()]
    return problems


def jumps(frame: pd.DataFrame, threshold: float = JUMP_THRESHOLD) -> pd.DataFrame:
    """Consecutive rentrées of a collège whose enrolment changes by more than the threshold."""
    ordered = frame.sort_values(["uai", "rentree_scolaire"])
    previous = ordered.groupby("uai")[["rentree_scolaire", "effectif"]].shift()
    consecutive = ordered["rentree_scolaire"] - previous["rentree_scolaire"] == 1
    change = (ordered["effectif"] - previous["effectif"]) / previous["effectif"]
    # assign before filtering: assigning a Series to an empty frame would take the Series' whole index
    flagged = ordered.assign(effectif_precedent=previous["effectif"], variation=change.round(3))
    flagged = flagged[consecutive & (change.abs() > threshold)]
    return flagged[["uai", "nom_etablissement", "rentree_scolaire", "effectif_precedent", "effectif", "variation"]]


def gaps(frame: pd.DataFrame) -> pd.DataFrame:
    """Rentrées missing for a collège between two rentrées where it has an enrolment."""
    rows = []
    for uai, years in frame.groupby("uai")["rentree_scolaire"]:
        present = set(years)
        rows += [{"uai": uai, "rentree_scolaire_manquante": year}
                 for year in range(min(present), max(present)) if year not in present]
    return pd.DataFrame(rows, columns=["uai", "rentree_scolaire_manquante"])


DATASET = Dataset(
    slug="effectifs-colleges",
    group="effectifs",
    title_template="Effectifs des collèges {de_departement} depuis 1985",
    description_template=(
        "Nombre d'élèves inscrits à la rentrée dans chaque collège public et privé sous contrat {de_departement}, "
        "depuis la rentrée 1985. Construit à partir des classeurs de la Direction de l'éducation et des collèges "
        "(un onglet par secteur) : lignes de totaux et colonnes calculées retirées, collèges identifiés par leur "
        "UAI dans l'annuaire de l'éducation, communes et arrondissements du Code officiel géographique 2022. "
        "Limites : une cellule vide ou marquée « nc » n'est pas publiée (aucune valeur n'est inventée) ; "
        "les effectifs de la dernière rentrée peuvent être provisoires."
    ),
    keywords_template=("éducation", "collèges", "effectifs", "élèves", "{departement}", "rentrée scolaire"),
    raw_tables=(RawTable("effectifs", prepare=prepare_enrolments, resolver=COLLEGES,
                         prepared_from={"effectif": "value_raw"}),),
    columns=("rentree_scolaire", "uai", "nom_etablissement", "secteur", "code_commune", "nom_commune",
             "code_arrondissement", "nom_arrondissement", "code_departement", "code_academie", "libelle_academie",
             "region_academique", "effectif"),
    unique=("uai", "rentree_scolaire"),
    warning_checks=(
        WarningCheck("enrolment_jumps", "A collège's enrolment changes by more than 30 % from one rentrée to the "
                     "next.", jumps, "enrolment changes of more than 30 % in a year"),
        WarningCheck("enrolment_gaps", "A collège has no enrolment for a rentrée between two rentrées where it "
                     "has one.", gaps, "rentrées missing between two present ones"),
    ),
    temporal_column="rentree_scolaire",
)
