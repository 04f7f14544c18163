"""The workbook families of raw-workbooks.md, loaded from families.toml into typed, read-only objects."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, cached_property

from mayenne_assets.declarations import FOLDER as DECLARATIONS
from mayenne_assets.lib.common.territory import Territory
from mayenne_assets.lib.common.text import normalise_label

SERIES = "@series"  # in a required alternative: "at least one column of the family's series"
_SPEC_FILE = DECLARATIONS / "families.toml"


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    labels: tuple[str, ...]
    personal_reason: str | None = None  # personal data never read: why (for the register of processing)

    @property
    def personal(self) -> bool:
        return self.personal_reason is not None


@dataclass(frozen=True)
class ContextSpec:
    """A value taken from outside the table (sheet name, title rows, file name) when the column is absent."""

    name: str
    sources: tuple[str, ...]
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    pattern: str | None = None
    values_from: str | None = None  # "arrondissements": the configured territory's

    def keywords(self, territory: Territory) -> dict[str, tuple[str, ...]]:
        """Each value and the words that name it."""
        if self.values_from == "arrondissements":
            return {name: (normalise_label(name),) for name in territory.arrondissements.values()}
        return self.values


@dataclass(frozen=True)
class SeriesSpec:
    kind: str
    name: str


@dataclass(frozen=True)
class Family:
    name: str
    title: str
    columns: dict[str, ColumnSpec]
    required: tuple[tuple[str, ...], ...]
    signature: tuple[str, ...] = ()
    series: SeriesSpec | None = None
    context: dict[str, ContextSpec] = field(default_factory=dict)
    discriminant: str | None = None
    group: str | None = None
    file_hints: tuple[str, ...] = ()
    quantities: tuple[str, ...] = ()  # columns that each count one kind of thing

    @property
    def feed(self) -> str:
        """What a file of this family feeds: its group when sheets of one workbook hold several families."""
        return self.group or self.name

    def label(self, column: str) -> str:
        """The column's name as a person writes it: its first label."""
        return self.columns[column].labels[0]

    @cached_property
    def label_index(self) -> dict[str, str]:
        """Normalised label → logical column."""
        return {normalise_label(label): col.name for col in self.columns.values() for label in col.labels}

    def describe(self, column: str) -> str:
        """A logical column as a person looks for it in a header: its first labels, or the series of years."""
        if column == SERIES:
            return "une colonne par année scolaire (1985, « Rentrée 1985 »…)"
        return " ou ".join(f"« {label} »" for label in self.columns[column].labels[:3])

    def required_labels_text(self) -> str:
        """The required columns, as a person reads them in an error message."""
        return " ; ou ".join(" et ".join(self.describe(c) for c in alt) for alt in self.required)


@dataclass(frozen=True)
class NotDataRules:
    total_row_prefixes: tuple[str, ...]
    total_row_labels: tuple[str, ...]
    note_row_prefixes: tuple[str, ...]
    derived_column_prefixes: tuple[str, ...]
    ignored_sheet_prefixes: tuple[str, ...]
    missing_markers: frozenset[str]
    yes_marks: frozenset[str]
    no_marks: frozenset[str]

    def is_total_label(self, label: str) -> bool:
        """A normalised label that marks a total row: one of the labels, or a prefix followed by a word."""
        return self._total.match(label) is not None

    @cached_property
    def _total(self) -> re.Pattern[str]:
        labels = "|".join(re.escape(label) for label in self.total_row_labels)
        prefixes = "|".join(re.escape(prefix) for prefix in self.total_row_prefixes)
        return re.compile(f"(?:{labels or '(?!)'})$|(?:{prefixes or '(?!)'})(?: |$)")


Choices = dict[str, tuple[str, ...]]


def _family(name: str, raw: dict, choices: dict[str, Choices]) -> Family:
    columns = {
        col: ColumnSpec(col, tuple(spec["labels"]), spec.get("personal"))
        for col, spec in raw["columns"].items()
    }
    context = {
        col: ContextSpec(
            col,
            tuple(spec["sources"]),
            choices[spec["choices"]] if "choices" in spec
            else {value: tuple(words) for value, words in spec.get("values", {}).items()},
            spec.get("pattern"),
            spec.get("values_from"),
        )
        for col, spec in raw.get("context", {}).items()
    }
    series = SeriesSpec(**raw["series"]) if "series" in raw else None
    return Family(
        name=name,
        title=raw["title"],
        columns=columns,
        required=tuple(tuple(alt) for alt in raw["required"]),
        signature=tuple(raw.get("signature", ())),
        series=series,
        context=context,
        discriminant=raw.get("discriminant"),
        group=raw.get("group"),
        file_hints=tuple(raw.get("file_hints", ())),
        quantities=tuple(raw.get("quantities", ())),
    )


@cache
def _load() -> tuple[dict[str, Family], NotDataRules, dict[str, Choices]]:
    raw = tomllib.loads(_SPEC_FILE.read_text(encoding="utf-8"))
    choices = {name: {value: tuple(words) for value, words in spec.items()} for name, spec in raw["choices"].items()}
    families = {name: _family(name, spec, choices) for name, spec in raw["families"].items()}
    nd = raw["not_data"]
    rules = NotDataRules(
        total_row_prefixes=tuple(nd["total_row_prefixes"]),
        total_row_labels=tuple(nd["total_row_labels"]),
        note_row_prefixes=tuple(nd["note_row_prefixes"]),
        derived_column_prefixes=tuple(nd["derived_column_prefixes"]),
        ignored_sheet_prefixes=tuple(nd["ignored_sheet_prefixes"]),
        missing_markers=frozenset(nd["missing_markers"]),
        yes_marks=frozenset(nd["yes_marks"]),
        no_marks=frozenset(nd["no_marks"]),
    )
    return families, rules, choices


def families() -> dict[str, Family]:
    return _load()[0]


def family(name: str) -> Family:
    return families()[name]


def not_data_rules() -> NotDataRules:
    return _load()[1]


def choices(name: str) -> Choices:
    """Declared values and the keywords that name each ([choices.<name>] in families.toml)."""
    return _load()[2][name]
