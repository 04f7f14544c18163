"""Higher education in the département: one row per establishment and programme."""

from __future__ import annotations

import re

import pandas as pd

from mayenne_assets.declarations.dataset import Dataset, RawTable
from mayenne_assets.lib.common.territory import Territory
from mayenne_assets.lib.common.text import cell_text, quoted
from mayenne_assets.lib.identify.resolve import HIGHER_EDUCATION
from mayenne_assets.lib.prepare.cells import normalise_choice, parse_web_addresses, problem_at
from mayenne_assets.lib.read.families import choices, family

_FORMATION_SEPARATORS = r"\s*(?:\n|\r|;)\s*"


def _programmes(cell: object) -> list[str]:
    """The distinct programmes of one cell, in the order written."""
    if cell is None or pd.isna(cell):
        return []
    text = "\n".join(str(cell).splitlines())
    return list(dict.fromkeys(p for p in (cell_text(part) for part in re.split(_FORMATION_SEPARATORS, text)) if p))


def prepare_establishments(rows: pd.DataFrame, _territory: Territory) -> tuple[pd.DataFrame, list[str]]:
    """One row per programme: a cell lists several, separated by line breaks or ";"."""
    rows = rows.copy()
    rows["statut"] = normalise_choice(rows["statut"], choices("secteur"))
    rows["site_web"], problems = parse_web_addresses(rows, "site_web", family("enseignement_superieur").label(
        "site_web"))
    programmes = [_programmes(cell) for cell in rows["formations"]]
    problems += [problem_at(row, f"aucune formation dans la colonne « Formations » pour {quoted(row['nom'])}")
                 for _, row in rows[[not found for found in programmes]].iterrows()]
    exploded = rows.loc[rows.index.repeat([len(found) for found in programmes])].reset_index(drop=True)
    exploded["formation"] = pd.Series([p for found in programmes for p in found], dtype="string")
    return exploded, problems


DATASET = Dataset(
    slug="enseignement-superieur",
    group="enseignement_superieur",
    title_template="L'enseignement supérieur {en_departement}",
    description_template=(
        "Les établissements d'enseignement supérieur {de_departement} (université, IUT, écoles d'ingénieurs, "
        "instituts de formation en soins infirmiers, lycées avec BTS ou CPGE) et les formations qu'ils "
        "préparent, une ligne par établissement, commune et formation, telle que la liste a été reçue (état au "
        "jour de sa réception). L'UAI manquant est complété depuis les données Parcoursup du ministère quand le "
        "nom correspond avec certitude ; la position est celle du site de l'établissement dans la commune de la "
        "ligne (Parcoursup), vide quand Parcoursup n'y connaît aucun site. Une ligne dont l'UAI écrit est faux "
        "n'est pas publiée : la fiche en donne le nombre et le dossier d'audit la cellule. Limites : la liste "
        "des formations est celle déclarée par {le_publisher}, pas un catalogue exhaustif."
    ),
    keywords_template=("enseignement supérieur", "formations", "université", "BTS", "{departement}", "{chef_lieu}"),
    raw_tables=(RawTable("enseignement_superieur", prepare=prepare_establishments, resolver=HIGHER_EDUCATION,
                         prepared_from={"formation": "formations"}),),
    columns=("uai", "etablissement", "sigle", "type", "statut", "formation", "adresse", "code_postal", "code_commune",
             "nom_commune", "site_web", "latitude", "longitude"),
    unique=("etablissement", "nom_commune", "formation"),  # namesakes in two communes are two establishments
    # the list describes the establishments as they are when it is dropped: no year is asked for
    as_of_reception=True,
)
