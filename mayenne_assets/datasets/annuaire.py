"""The Annuaire de l'éducation for the collèges of the département, from the directory workbook."""

from __future__ import annotations

import pandas as pd

from mayenne_assets.declarations.dataset import Dataset, RawTable
from mayenne_assets.lib.common.territory import Territory
from mayenne_assets.lib.common.text import quoted
from mayenne_assets.lib.identify.resolve import COLLEGES
from mayenne_assets.lib.prepare.cells import (
    normalise_choice,
    parse_marks,
    parse_phones,
    parse_values,
    parse_web_addresses,
    problem_at,
)
from mayenne_assets.lib.prepare.geo import repair_position
from mayenne_assets.lib.read.families import choices, family

MARKS = ("segpa", "ulis", "section_sport", "section_europeenne", "section_internationale", "section_arts",
         "hebergement", "restauration")


def _label(column: str) -> str:
    return family("colleges").label(column)


def _marks(rows: pd.DataFrame) -> list[str]:
    problems = []
    for column in MARKS:
        marks = parse_marks(rows[column])
        refused = rows[rows[column].notna() & marks.isna()]
        problems += [problem_at(row, f"{quoted(row[column])} n'est pas une marque oui/non ; attendu : « X », « oui » "
                                "ou « 1 » pour oui, une cellule vide, « non » ou « 0 » pour non", _label(column))
                     for _, row in refused.iterrows()]
        rows[column] = marks.fillna(0)
    return problems


def _positions(rows: pd.DataFrame, here: Territory) -> list[str]:
    """Swapped coordinates, and metres of the territory's projected systems, are repaired and the repair
    recorded; a point still outside the territory is an error: it is what broke the map in the logbook."""
    latitudes, problems = parse_values(rows, "latitude", "coordinate", _label("latitude"))
    longitudes, more = parse_values(rows, "longitude", "coordinate", _label("longitude"))
    repaired = [repair_position(None if pd.isna(lat) else float(lat), None if pd.isna(lon) else float(lon), here)
                for lat, lon in zip(latitudes, longitudes, strict=True)]
    systems = " ou ".join(sorted(here.projections)) or "un système projeté"
    problems += [problem_at(row, f"le point ({row['latitude']}, {row['longitude']}) n'est pas {here.in_name}, même "
                            f"lu inversé ou en mètres de {systems} ; écrivez la latitude et la longitude WGS84 en "
                            "degrés décimaux")
                 for _, row in rows[[p.repair == "outside" for p in repaired]].iterrows()]
    rows["latitude"] = pd.Series([p.latitude for p in repaired], index=rows.index, dtype="Float64")
    rows["longitude"] = pd.Series([p.longitude for p in repaired], index=rows.index, dtype="Float64")
    rows["position_repair"] = pd.Series([p.repair for p in repaired], index=rows.index, dtype="string")
    return problems + more


def prepare_directory(rows: pd.DataFrame, territory: Territory) -> tuple[pd.DataFrame, list[str]]:
    rows = rows.copy()
    rows["secteur"] = normalise_choice(rows["secteur"], choices("secteur"))
    rows["telephone"], problems = parse_phones(rows, "telephone", _label("telephone"))
    rows["mail"] = rows["mail"].str.strip().str.lower()
    rows["web"], more = parse_web_addresses(rows, "web", _label("web"))
    problems += more
    rows["code_postal"] = rows["code_postal"].str.extract(r"(\d{5})", expand=False)
    problems += _marks(rows) + _positions(rows, territory)
    return rows, problems


DATASET = Dataset(
    slug="annuaire-education-colleges",
    group="annuaire",
    title_template="Annuaire de l'éducation : les collèges {de_departement}",
    description_template=(
        "Les collèges publics et privés {de_departement} au format de l'Annuaire de l'éducation national (mêmes "
        "colonnes, même ordre), construit à partir de la liste des collèges {du_publisher} et complété par "
        "l'annuaire national géolocalisé, suivi du nombre d'élèves de la dernière rentrée connue. Téléphones à "
        "dix chiffres, dispositifs en 1/0, positions en WGS84 : les coordonnées inversées ou projetées du "
        "classeur (Lambert-93, ou le système de l'annuaire national outre-mer) sont corrigées, et un point hors "
        "du département n'est jamais publié. Limites : les champs propres aux écoles et aux lycées sont vides."
    ),
    keywords_template=("éducation", "collèges", "annuaire", "établissements scolaires", "{departement}"),
    raw_tables=(RawTable("colleges", prepare=prepare_directory, resolver=COLLEGES),),
    columns=("@annuaire_education", "Nombre_d_eleves"),
    unique=("Identifiant_de_l_etablissement",),
    # the rentrée of its Nombre_d_eleves: the latest of the enrolment dataset
    temporal_sql="select max(rentree_scolaire), max(rentree_scolaire) from validated.effectifs",
)
