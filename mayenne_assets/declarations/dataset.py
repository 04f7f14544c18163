"""The shape of a dataset's declaration: the one place that says everything about a published dataset.

Each dataset of mayenne_assets/datasets/ fills one: its identity and descriptive record, the workbook families it
reads and how their cells are prepared and identified, its columns (fields of fields.toml), its key, its extra
resources and the warnings a person should look at. The SQL that stages it is dbt_like_sql/stg_<group>.sql and the
models that file reads; the assets it depends on are read from that SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only a type: declarations import nothing of the package
    from mayenne_assets.lib.common.territory import Territory

# The publisher (name, SIREN, SIRET, contact) is the configured territory's (Settings.territory).
PUBLISHER_SERVICE = "Direction de l'éducation et des collèges"
LICENCE = "Licence Ouverte v2.0 (Etalab)"
LICENCE_SPDX, LICENCE_URL = "etalab-2.0", "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

# Cleans a family's raw rows before they are stored: (rows, territory) → (rows, problems).
Prepare = Callable[[Any, Any], tuple[Any, list[str]]]


@dataclass(frozen=True)
class Resolver:
    """Resolves each raw row to its UAI: (DuckDB connection, rows, territory) → (matches, problems)."""

    resolve: Callable[[Any, Any, Any], tuple[Any, list[str]]]
    reads: tuple[str, ...]  # the warehouse tables it reads, so that they are built first
    # Rows that stand alone (an establishment of a list, not a point of a collège's series): one that cannot be
    # identified is held back (stg.<family>_matches.held says why) and the others published, instead of the
    # whole list refused.
    holds_unidentified: bool = False


@dataclass(frozen=True)
class RawTable:
    """A workbook family the dataset reads into raw.<family>, and what is done to its rows."""

    family: str
    prepare: Prepare | None = None
    resolver: Resolver | None = None  # into stg.<family>_matches
    # a column the preparation computes → the column of the workbook it is computed from (its cell is that one)
    prepared_from: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Resource:
    """A table published beside the dataset's main one, as <dataset_id>_<name>, from the staging table."""

    name: str
    table: str
    columns: tuple[str, ...]
    unique: tuple[str, ...]


@dataclass(frozen=True)
class WarningCheck:
    """What a person should look at before trusting a figure: rows of the published table; it never blocks."""

    name: str
    description: str
    finds: Callable[[Any], Any]  # the published table → the rows to look at
    what: str


@dataclass(frozen=True)
class Dataset:
    """Title, description and keywords may name the territory: {de_departement} is « de la Mayenne » for the
    Mayenne (Territory.facts gives every name). A declaration is published for a territory once bound to it
    (`for_territory`): its identifier, title and checks are then that territory's."""

    slug: str
    group: str  # the Dagster asset group, also the short name used in asset keys and SQL tables
    title_template: str
    description_template: str
    keywords_template: tuple[str, ...]
    raw_tables: tuple[RawTable, ...]
    columns: tuple[str, ...]  # fields of fields.toml, in the published order; "@<list>" names a field list
    unique: tuple[str, ...]
    extra_resources: tuple[Resource, ...] = ()
    warning_checks: tuple[WarningCheck, ...] = ()
    frequency: str = "annuelle"
    temporal_column: str | None = None
    temporal_sql: str | None = None  # when there is no temporal column: SELECT first, last FROM {table}
    # rows that carry no year: the coverage is « état au » the day the content was received (ISO dates)
    as_of_reception: bool = False
    personal_data: dict[str, str] = field(default_factory=dict)  # column → why it may be published
    purpose: str = "Information du public (open data, loi pour une République numérique)"
    legal_basis: str = "Obligation légale d'ouverture des données publiques (CRPA, art. L312-1-1)"
    bound_to: Territory | None = field(default=None, compare=False, repr=False)

    def for_territory(self, territory: Territory) -> Dataset:
        return replace(self, bound_to=territory)

    @property
    def territory(self) -> Territory:
        if self.bound_to is None:
            raise LookupError(f"the dataset {self.slug!r} is not bound to a territory: use "
                              "datasets_for(settings.territory)")
        return self.bound_to

    @property
    def dataset_id(self) -> str:
        """The portal's identifier: the publisher's SIREN, then the slug."""
        return f"{self.territory.siren}_{self.slug}"

    @property
    def title(self) -> str:
        return self.territory.fill(self.title_template)

    @property
    def description(self) -> str:
        return self.territory.fill(self.description_template)

    @property
    def keywords(self) -> tuple[str, ...]:
        return tuple(self.territory.fill(word) for word in self.keywords_template)

    @property
    def table(self) -> str:
        """The staging table of the main resource, built by dbt_like_sql/stg_<group>.sql."""
        return f"stg.{self.group}"

    @property
    def families(self) -> tuple[str, ...]:
        return tuple(raw.family for raw in self.raw_tables)

    @property
    def holding_families(self) -> tuple[str, ...]:
        """The families whose unidentifiable rows are held back rather than refusing the workbook."""
        return tuple(table.family for table in self.raw_tables
                     if table.resolver is not None and table.resolver.holds_unidentified)

    @property
    def temporal_query(self) -> str:
        """A query for the first and last year the data cover (or twice the day they describe); {table} is the
        staging table."""
        if self.as_of_reception:
            received = " union all ".join(f"select left(source_received, 10) as day from raw.{family}"
                                          for family in self.families)
            return f"select max(day), max(day) from ({received})"
        if self.temporal_sql:
            return self.temporal_sql
        column = self.temporal_column
        return f"select min({column}), max({column}) from {{table}}"
