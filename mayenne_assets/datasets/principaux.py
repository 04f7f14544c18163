"""Heads of the collèges and the councillors on their boards; the business managers never leave the workbook."""

from __future__ import annotations

import pandas as pd

from mayenne_assets.declarations.dataset import Dataset, RawTable
from mayenne_assets.lib.common.territory import Territory
from mayenne_assets.lib.identify.resolve import COLLEGES
from mayenne_assets.lib.prepare.cells import normalise_choice, parse_phones, problem_at, require_year
from mayenne_assets.lib.prepare.people import normalise_civilite, split_names, split_person
from mayenne_assets.lib.read.families import choices, family


def _present(value: object) -> object:
    return None if value is None or pd.isna(value) else value


def _heads(rows: pd.DataFrame) -> pd.DataFrame:
    """Civilité, first and last name from separate columns, or split from one « Principal(e) » cell."""
    civilites, first_names, last_names = [], [], []
    for row in rows.itertuples():
        split = split_person(row.principal) if _present(row.principal) else (None, None, None)
        civilite = normalise_civilite(row.civilite) if _present(row.civilite) else None
        civilites.append(civilite or split[0])
        first_names.append(_present(row.prenom_principal) or split[1])
        last_names.append(_present(row.nom_principal) or split[2])
    for column, values in (("civilite", civilites), ("prenom_principal", first_names),
                           ("nom_principal", last_names)):
        rows[column] = pd.Series(values, index=rows.index, dtype="string")
    return rows


def prepare_heads(rows: pd.DataFrame, _territory: Territory) -> tuple[pd.DataFrame, list[str]]:
    rows = _heads(rows.copy())
    rows["mail_principal"] = rows["mail_principal"].str.strip().str.lower()
    rows["telephone"], problems = parse_phones(rows, "telephone", family("principaux").label("telephone"))
    problems += [problem_at(row, "aucun nom pour le chef d'établissement (« Nom du principal » ou « Principal(e) »)")
                 for _, row in rows[rows["nom_principal"].isna()].iterrows()]
    rows["conseillers_departementaux"] = rows["conseillers"].map(
        lambda cell: "; ".join(split_names(cell)) or None if pd.notna(cell) else None).astype("string")
    rows["secteur"] = normalise_choice(rows["secteur"], choices("secteur"))
    return rows, problems + require_year(rows)


DATASET = Dataset(
    slug="principaux-colleges",
    group="principaux",
    title_template="Principaux des collèges {de_departement} et {elus} aux conseils d'administration",
    description_template=(
        "Pour chaque collège : le chef d'établissement (civilité, nom, prénom, courriel professionnel), le "
        "téléphone du collège et les {elus} qui siègent à son conseil d'administration. "
        "Données de fonction publique, publiées après accord du délégué à la protection des données. Les noms "
        "et courriels des gestionnaires ne sont jamais lus ni publiés."
    ),
    keywords_template=("éducation", "collèges", "principaux", "conseil d'administration", "élus", "{departement}"),
    raw_tables=(RawTable("principaux", prepare=prepare_heads, resolver=COLLEGES,
                         prepared_from={"conseillers_departementaux": "conseillers"}),),
    columns=("uai", "nom_etablissement", "nom_commune", "secteur", "civilite", "nom_principal", "prenom_principal",
             "mail_principal", "telephone", "conseillers_departementaux"),
    unique=("uai",),
    # the year the workbook says it describes (a column, its title, sheet or file name)
    temporal_sql="select min(annee_reference), max(annee_reference) from {table}",
    purpose="Faire connaître les responsables des collèges et les représentants du Département aux conseils "
            "d'administration",
    legal_basis="Mission d'intérêt public (RGPD, art. 6.1.e) ; données de fonction publique et de mandat électif",
    personal_data={
        "nom_principal": "nom d'un agent public dans l'exercice de sa fonction de chef d'établissement",
        "prenom_principal": "prénom du chef d'établissement, même fondement",
        "mail_principal": "adresse professionnelle de fonction du chef d'établissement",
        "conseillers_departementaux": "noms d'élus dans l'exercice de leur mandat",
    },
)
