"""The audit dossier of a published version, in one place for the auditor and the data protection officer: the
source workbooks (name, sha256, received, sheets, rows read and rows left out with the reason), how collèges were
identified (exactly or fuzzily, with the score), values repaired, revisions, personal data removed on reading and
published with approval, every check and its result, the portal's identifier and version, the code version."""

from __future__ import annotations

import json

import duckdb
import pandas as pd

from mayenne_assets.declarations.dataset import Dataset
from mayenne_assets.lib.common.keys import row_keys
from mayenne_assets.lib.common.markup import markdown_text
from mayenne_assets.lib.read.families import family
from mayenne_assets.lib.warehouse.sql_models import table_exists


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    frame = con.execute(sql).df()
    return json.loads(frame.to_json(orient="records", force_ascii=False))


def _sources(con: duckdb.DuckDBPyConnection, dataset: Dataset) -> list[dict]:
    sources = []
    for name in dataset.families:
        sources += _rows(con, f"""
            select '{name}' as family, source_file as file, source_sha256 as sha256, source_received as received,
                   string_agg(distinct source_sheet, ', ' order by source_sheet) as sheets,
                   count(distinct (source_sheet, source_row)) as rows_read
            from raw.{name} group by all order by file""")
    dropped = f"raw.{dataset.group}_dropped"
    if table_exists(con, dropped):
        left_out = _rows(con, f"select file, reason, count(*) as rows from {dropped} group by all order by all")
        for source in sources:
            source["rows_left_out"] = {d["reason"]: d["rows"] for d in left_out if d["file"] == source["file"]}
    return sources


def _identifiers(con: duckdb.DuckDBPyConnection, dataset: Dataset) -> dict:
    found = {}
    for raw in dataset.raw_tables:
        table = f"stg.{raw.family}_matches"
        if raw.resolver is None or not table_exists(con, table):
            continue
        found[raw.family] = {
            "by_method": {r["match_method"]: r["rows"] for r in _rows(
                con, f"select match_method, count(*) as rows from {table} group by all order by all")},
            "approximate": _rows(con, f"select nom_ecrit, commune_ecrite, uai, match_score from {table} "
                                      "where match_method <> 'uai' and match_score < 100 order by uai"),
            "held": _rows(con, f"select source_file, source_sheet, source_row, held from {table} "
                               "where held is not null order by all"),
        }
    return found


def _repairs(con: duckdb.DuckDBPyConnection, dataset: Dataset) -> dict:
    repairs = {}
    for name in dataset.families:
        columns = {r[0] for r in con.execute(f"describe raw.{name}").fetchall()}
        if "position_repair" in columns:
            repairs[f"{name}.position"] = {r["position_repair"]: r["rows"] for r in _rows(
                con, f"select position_repair, count(*) as rows from raw.{name} "
                     "where position_repair is not null group by all order by all")}
    return repairs


PLACE_COLUMNS = ("source_file", "source_sheet", "source_row", "source_column")  # what ties a staged row to raw


def value_cells(con: duckdb.DuckDBPyConnection, dataset: Dataset) -> pd.DataFrame:
    """For every published row (its key): the workbook, sheet and the cells its values were read from (A1).
    Only the key and place columns leave the warehouse: a national table has half a million rows."""
    key = list(dataset.unique)
    staged_columns = _columns(con, dataset.table)
    staged = con.execute(f"select {_listed([*key, *(c for c in PLACE_COLUMNS if c in staged_columns)])} "
                         f"from {dataset.table}").df()
    located = []
    for name in dataset.families:
        raw_columns = _columns(con, f"raw.{name}")
        on = [c for c in PLACE_COLUMNS if c in staged_columns and c in raw_columns]
        agree = [c for c in key if c in raw_columns and c != "uai"]  # e.g. the kind of equipment, the year
        raw = con.execute(f"select {_listed([*on, *agree, 'source_cells'])} from raw.{name}").df()
        pairs = staged[[*key, *on]].merge(raw, on=on, suffixes=("", "_raw"))
        for column in agree:
            same = pairs[column].astype("string") == pairs[f"{column}_raw" if f"{column}_raw" in pairs else column]
            pairs = pairs[same.fillna(False)] if same.any() else pairs
        located.append(pairs[[*key, "source_file", "source_sheet", "source_cells"]])
    cells = pd.concat(located, ignore_index=True).drop_duplicates(key)
    cells.insert(0, "key", row_keys(cells[key].astype("string"), key))
    return cells[["key", "source_file", "source_sheet", "source_cells"]].rename(columns={
        "source_file": "workbook", "source_sheet": "sheet", "source_cells": "cells"})


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [row[0] for row in con.execute(f"describe {table}").fetchall()]


def _listed(columns: list[str]) -> str:
    return ", ".join(f'"{c}"' for c in dict.fromkeys(columns))


def build_dossier(con: duckdb.DuckDBPyConnection, dataset: Dataset, publication: dict, checks: list[dict],
                  approval: dict | None, code_version: dict) -> dict:
    revisions = f"stg.{dataset.group}_revisions"
    return {
        "dataset_id": dataset.dataset_id,
        "title": dataset.title,
        "publication": publication,
        "code_version": code_version,
        "sources": _sources(con, dataset),
        "identifiers": _identifiers(con, dataset),
        "repaired": _repairs(con, dataset),
        "revisions": _rows(con, f"select * from {revisions}") if table_exists(con, revisions) else [],
        "personal_data": {
            "removed_on_reading": {f"{name}.{c.name}": c.personal_reason for name in dataset.families
                                   for c in family(name).columns.values() if c.personal},
            "published": dataset.personal_data,
            "approval": approval,
        },
        "checks": checks,
    }


def dossier_markdown(dossier: dict) -> str:
    """The dossier as a person reads it; every value written as text (markdown_text), never as markup."""
    m = markdown_text
    publication = dossier["publication"]
    lines = [f"# Dossier d'audit — {m(dossier['dataset_id'])}", "", m(dossier["title"]), "",
             f"- Version : {m(publication.get('version'))} ({m(publication.get('where'))})",
             f"- Code : {', '.join(f'{m(k)} {m(v)}' for k, v in dossier['code_version'].items())}", "",
             "## Classeurs sources", "", "| famille | classeur | sha256 | reçu | onglets | lignes lues | écartées |",
             "|---|---|---|---|---|---|---|"]
    lines += [f"| {m(s['family'])} | {m(s['file'])} | {m(s['sha256'][:12])}… | {m(s['received'])} | "
              f"{m(s['sheets'])} | {s['rows_read']} | {m(_left_out(s.get('rows_left_out', {})))} |"
              for s in dossier["sources"]]
    lines += ["", "## Identification des collèges", ""]
    for name, found in dossier["identifiers"].items():
        lines.append(f"- {m(name)} : " + ", ".join(f"{m(k)} {n}" for k, n in found["by_method"].items()))
        lines += [f"  - « {m(a['nom_ecrit'])} » ({m(a['commune_ecrite'])}) → {m(a['uai'])}, score {a['match_score']}"
                  for a in found["approximate"]]
        lines += [f"  - retenue, non publiée : {m(h['source_file'])}, onglet {m(h['source_sheet'])}, ligne "
                  f"{h['source_row']} — {m(h['held'])}" for h in found.get("held", [])]
    lines += ["", "## Valeurs réparées", ""] + [f"- {m(k)} : {m(v)}" for k, v in dossier["repaired"].items()] + \
        (["- aucune"] if not dossier["repaired"] else [])
    lines += ["", f"## Révisions ({len(dossier['revisions'])})", ""]
    lines += [f"- {m(r['key'])} {m(r['column'])} : {m(r['old_value'])} ({m(r['old_workbook'])}) → "
              f"{m(r['new_value'])} ({m(r['new_workbook'])})" for r in dossier["revisions"]]
    if "value_cells" in dossier:
        lines += ["", f"Cellule de chaque valeur publiée : {dossier['value_cells']['file']} "
                      f"({dossier['value_cells']['rows']} lignes)."]
    personal = dossier["personal_data"]
    lines += ["", "## Données personnelles", "",
              f"- écartées à la lecture : {m(', '.join(personal['removed_on_reading']) or 'aucune')}",
              f"- publiées : {m(', '.join(personal['published']) or 'aucune')}",
              f"- approbation du DPD : {m(_approval(personal['approval']))}", "", "## Contrôles", ""]
    lines += [f"- {m(c['check'])} : {'réussi' if c['passed'] else 'à regarder'} — {m(c['detail'])}"
              for c in dossier["checks"]]
    return "\n".join(lines) + "\n"


def _left_out(reasons: dict) -> str:
    return ", ".join(f"{n} {reason}" for reason, n in reasons.items()) or "0"


def _approval(approval: dict | None) -> str:
    if not approval:
        return "sans objet"
    return f"{approval.get('approved_by')}, le {approval.get('approved_on')}"


def checks_of(schema_rows: int, revisions: int, warnings: list[tuple[str, pd.DataFrame]]) -> list[dict]:
    """The blocking schema check (it passed: the export exists), the revisions and the declared warnings."""
    return [{"check": "schema", "passed": True, "detail": f"{schema_rows} lignes conformes au schéma"},
            {"check": "revisions", "passed": revisions == 0, "detail": f"{revisions} valeur(s) révisée(s)"},
            *({"check": name, "passed": found.empty, "detail": f"{len(found)} ligne(s) à regarder"}
              for name, found in warnings)]
