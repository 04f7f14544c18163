"""One declaration per published dataset: its identity and descriptive record, and the schema of its export.

The portal metadata, the Table Schema and the documentation are generated from these declarations.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandera.pandas as pa

from mayenne_assets.spec import schemas

PUBLISHER = "Département de la Mayenne"
PUBLISHER_SIREN = "225300011"
LICENCE = "Licence Ouverte v2.0 (Etalab)"
CONTACT = "opendata@lamayenne.fr"


@dataclass(frozen=True)
class Dataset:
    slug: str
    group: str  # the Dagster asset group, also the short name used in asset keys
    title: str
    description: str
    keywords: tuple[str, ...]
    schema: pa.DataFrameSchema
    feeds: tuple[str, ...]  # the workbook families it is built from
    frequency: str = "annuelle"
    temporal_column: str | None = None
    temporal_sql: str | None = None  # when there is no temporal column: SELECT first, last FROM {table}
    personal_data: dict[str, str] = field(default_factory=dict)  # column → why it may be published

    @property
    def dataset_id(self) -> str:
        return f"{PUBLISHER_SIREN}_{self.slug}"

    @property
    def temporal_query(self) -> str:
        """A query for the first and last year the data cover; {table} is the staging table."""
        if self.temporal_sql:
            return self.temporal_sql
        column = self.temporal_column
        return f"select min({column}), max({column}) from {{table}}"


EFFECTIFS = Dataset(
    slug="effectifs-colleges",
    group="effectifs",
    title="Effectifs des collèges de la Mayenne depuis 1985",
    description=(
        "Nombre d'élèves inscrits à la rentrée dans chaque collège public et privé sous contrat de la Mayenne, "
        "depuis la rentrée 1985. Construit à partir des classeurs de la Direction de l'éducation et des collèges "
        "(un onglet par secteur) : lignes de totaux et colonnes calculées retirées, collèges identifiés par leur "
        "UAI dans l'annuaire de l'éducation, communes et arrondissements du Code officiel géographique 2022. "
        "Limites : une cellule vide ou marquée « nc » n'est pas publiée (aucune valeur n'est inventée) ; "
        "les effectifs de la dernière rentrée peuvent être provisoires."
    ),
    keywords=("éducation", "collèges", "effectifs", "élèves", "Mayenne", "rentrée scolaire"),
    schema=schemas.EFFECTIFS,
    feeds=("effectifs",),
    temporal_column="rentree_scolaire",
)

DATASETS = {dataset.group: dataset for dataset in (EFFECTIFS,)}
