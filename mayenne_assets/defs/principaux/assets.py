"""Heads of the collèges and the councillors on their boards; the business managers never leave the workbook."""

from __future__ import annotations

import pandas as pd

from mayenne_assets.defs.lineage import Lineage, RawTable, build_lineage_assets
from mayenne_assets.lib.people import normalise_civilite, split_names, split_person
from mayenne_assets.lib.raw_values import normalise_choice, parse_phones, require_year, where
from mayenne_assets.spec.datasets import PRINCIPAUX
from mayenne_assets.spec.families import choices


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


def prepare_heads(rows: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    rows = _heads(rows.copy())
    rows["mail_principal"] = rows["mail_principal"].str.strip().str.lower()
    rows["telephone"], problems = parse_phones(rows, "telephone", "Téléphone")
    problems += [f"{where(row)}: no name for the head of the collège (« Nom du principal » or « Principal(e) »)"
                 for _, row in rows.iterrows() if pd.isna(row["nom_principal"])]
    rows["conseillers_departementaux"] = rows["conseillers"].map(
        lambda cell: "; ".join(split_names(cell)) or None if pd.notna(cell) else None).astype("string")
    rows["secteur"] = normalise_choice(rows["secteur"], choices("secteur"))
    return rows, problems + require_year(rows)


LINEAGE = Lineage(dataset=PRINCIPAUX, raw_tables=(RawTable("principaux", prepare=prepare_heads),),
                  sql_models=("stg_principaux",))

raw_principaux, stg_principaux, export_principaux, portal_principaux = build_lineage_assets(LINEAGE)
