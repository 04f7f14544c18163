"""Resolving every raw row of a table to a UAI, with the directory and communes of the warehouse."""

from __future__ import annotations

from functools import lru_cache

import duckdb
import pandas as pd

from mayenne_assets.declarations.dataset import Resolver
from mayenne_assets.lib.common.territory import Territory
from mayenne_assets.lib.common.uai import normalise_uai
from mayenne_assets.lib.identify.matching import ESTABLISHMENT, CollegeMatcher, CommuneIndex, DirectoryEntry
from mayenne_assets.lib.prepare.cells import problem_at

ROW_KEY = ["source_file", "source_sheet", "source_row"]
MATCH_COLUMNS = ["nom_ecrit", "commune_ecrite", "uai", "code_commune", "match_method", "match_score",
                 "match_detail", "held"]


def matcher_from_warehouse(con: duckdb.DuckDBPyConnection, territory: Territory) -> CollegeMatcher:
    """The directory's collèges, each known by its official name, its patronym and the other names the local
    knowledge file gives it (ref.college_names)."""
    other_names: dict[str, list[str]] = {}
    for uai, name in con.execute("select uai, nom from ref.college_names").fetchall():
        other_names.setdefault(uai, []).append(name)
    directory = tuple(
        DirectoryEntry(uai, tuple(n for n in (appellation, patronyme, *other_names.get(uai, ())) if n),
                       code_commune, commune)
        for uai, appellation, patronyme, code_commune, commune in con.execute(
            "select uai, appellation_officielle, patronyme, code_commune, nom_commune from ref.colleges"
        ).fetchall()
    )
    return _matcher(directory, _commune_names(con), territory)


def higher_education_matcher(con: duckdb.DuckDBPyConnection, territory: Territory) -> CollegeMatcher:
    """Higher-education establishments by name, in the communes of their sites (namesakes « Lycée Jules Verne »
    are told apart by the row's commune, and of several communes of one name, the site's is the row's)."""
    directory = tuple(DirectoryEntry(uai, (name,), "", sites=tuple(sites or ())) for uai, name, sites in con.execute(
        "select e.uai, e.etablissement, list(distinct s.code_commune order by s.code_commune) filter "
        "(where s.code_commune is not null) from ref.enseignement_superieur as e "
        "left join ref.enseignement_superieur_sites as s using (uai) group by all order by e.uai").fetchall())
    return _matcher(directory, _commune_names(con), territory, known_uai_only=False, kind=ESTABLISHMENT,
                    beyond_commune=True)


def _commune_names(con: duckdb.DuckDBPyConnection) -> tuple[tuple[str, str], ...]:
    """Every name of a commune, current or former, with the code of the commune it belongs to now."""
    return tuple(con.execute("select libelle, code_commune from ref.communes").fetchall())


_MATCHERS: dict[tuple, CollegeMatcher] = {}
_MATCHERS_KEPT = 8


def _matcher(directory: tuple[DirectoryEntry, ...], communes: tuple[tuple[str, str], ...], territory: Territory,
             **options) -> CollegeMatcher:
    """Built once per process for the same directory, communes and territory (its code says its geography):
    every lineage of a run resolves against them, and a national directory takes seconds to index (the matcher
    keeps nothing of a resolution but its memo of commune names)."""
    key = (directory, communes, territory.code, tuple(sorted(options.items())))
    if key not in _MATCHERS:
        if len(_MATCHERS) >= _MATCHERS_KEPT:
            _MATCHERS.clear()
        _MATCHERS[key] = CollegeMatcher(list(directory), _commune_index(communes), territory, **options)
    return _MATCHERS[key]


@lru_cache(maxsize=4)
def _commune_index(communes: tuple[tuple[str, str], ...]) -> CommuneIndex:
    return CommuneIndex(communes)


def row_uai_written(row: pd.Series | dict) -> bool:
    """A UAI written in the workbook must be right even where a name alone may stay unresolved."""
    return normalise_uai(_text(row.get("uai"))) is not None


def _text(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def resolve_rows(
    rows: pd.DataFrame, matcher: CollegeMatcher, required: bool = True, hold: bool = False
) -> tuple[pd.DataFrame, list[str]]:
    """One match per distinct raw row (file, sheet, row): its UAI, method and score; and the problems.

    With required=False a name that does not resolve leaves the UAI empty; a UAI written wrong is still an error,
    unless hold: then that row is held back (« held » says why) and the others stand.
    """
    distinct = rows.drop_duplicates(ROW_KEY)
    records, problems = [], []
    for row in distinct.to_dict("records"):  # a dict per row: iterrows builds a Series for each of 300 000
        name, commune = _text(row.get("nom")), _text(row.get("commune"))
        match = matcher.resolve(name, commune, _text(row.get("uai")))
        code_commune = matcher.commune_of(match, commune)
        unidentified = match.uai is None and (required or row_uai_written(row))
        problem = problem_at(row, f"{matcher.kind} « {name} » (commune « {commune} ») non identifié : "
                                  f"{match.detail}. Écrivez son UAI dans une colonne « UAI », ou son nom comme dans "
                                  "l'annuaire") if unidentified else None
        records.append({
            **{key: row[key] for key in ROW_KEY},
            "nom_ecrit": name, "commune_ecrite": commune, "uai": match.uai, "code_commune": code_commune,
            "match_method": match.method, "match_score": match.score, "match_detail": match.detail,
            "held": problem if hold else None,
        })
        if unidentified and not hold:
            problems.append(problem)
    matches = pd.DataFrame.from_records(records, columns=[*ROW_KEY, *MATCH_COLUMNS])
    return matches.astype({"held": "string"}), problems


def resolve_colleges(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame,
                     territory: Territory) -> tuple[pd.DataFrame, list[str]]:
    """Every row names a collège of the département, by UAI or by name and commune: unresolved is an error."""
    return resolve_rows(rows, matcher_from_warehouse(con, territory))


def resolve_establishments(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame,
                           territory: Territory) -> tuple[pd.DataFrame, list[str]]:
    """The UAI written, else the reference establishment whose name matches with confidence (in the row's commune
    first), else none; a row whose written UAI is wrong (a key letter copied wrong from a national file) is held
    back, the others stand."""
    return resolve_rows(rows, higher_education_matcher(con, territory), required=False, hold=True)


COLLEGES = Resolver(resolve_colleges, reads=("ref.colleges", "ref.college_names", "ref.communes"))
HIGHER_EDUCATION = Resolver(resolve_establishments, reads=("ref.enseignement_superieur",
                                                          "ref.enseignement_superieur_sites", "ref.communes"),
                            holds_unidentified=True)
