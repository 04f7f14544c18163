"""Higher education in the département, from the real Parcoursup programmes of its establishments: several
programmes to a cell, UAI often missing, a notes sheet."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import duckdb
from openpyxl import Workbook
from openpyxl.styles import Alignment

from mayenne_assets.lib.common.territory import REFERENCE_DATA
from mayenne_assets.lib.common.uai import is_valid_uai
from mayenne_assets.lib.warehouse.sql_models import run_model
from mayenne_assets.lib.warehouse.tables import sql_models
from mayenne_assets.sample.directory import colleges, reference_rows, sample_territory
from mayenne_assets.sample.xlsx import save_deterministic, set_widths, title, write_row

LABELS = ["Établissement", "Sigle", "Type", "Statut", "Diplômes préparés", "Commune", "UAI", "Site web"]
_TYPES = [("iut", "IUT"), ("ifsi", "IFSI"), ("institut de formation", "IFSI"), ("universite", "Université"),
          ("ecole", "École d'ingénieurs"), ("estaca", "École d'ingénieurs"), ("esiea", "École d'ingénieurs"),
          ("lycee", "Lycée (BTS, CPGE)"), ("lgt", "Lycée (BTS, CPGE)"), ("lp", "Lycée (BTS, CPGE)")]


def _type_of(name: str) -> str:
    lowered = name.lower().replace(".", "")
    return next((label for key, label in _TYPES if key in lowered), "Autre établissement")


def file_name() -> str:
    return f"Enseignement supérieur {sample_territory().in_name}.xlsx"


def _sites() -> dict[tuple[str, float, float], str]:
    """(UAI, latitude, longitude) of each site → its commune, by the pipeline's own model of the sites (the
    commune of the territory's nearest collège): the sample's truth and the pipeline agree on where a site is."""
    con = duckdb.connect()
    model = sql_models()["ref.enseignement_superieur_sites"]
    run_model(con, model, {"reference_data": REFERENCE_DATA.as_posix(), **sample_territory().sql_variables()})
    return {(uai, lat, lon): commune for uai, commune, lat, lon in
            con.execute("select uai, code_commune, latitude, longitude from ref.enseignement_superieur_sites")
            .fetchall()}


def _programmes() -> list[dict]:
    prefixes = ", ".join(f"'{p}'" for p in sorted(sample_territory().uai_prefixes))
    rows = reference_rows(  # a programme the sample cannot place is left out
        f"select * from '{{ref}}/parcoursup.parquet' where left(\"Code UAI de l etablissement\", 3) in ({prefixes}) "
        f"and \"Coordonnées GPS de la formation\" is not null")
    # Parcoursup lists a few establishments under a UAI whose key letter is wrong: the sample writes the first
    # of them as the Ministry gives it (tests/trust shows the row is held back, the others published), and
    # leaves the others out. A programme placed outside the territory (Saint-Martin's, under Guadeloupe's
    # codes) is left out too.
    wrong_keys = sorted({row["Code UAI de l etablissement"] for row in rows
                         if not is_valid_uai(row["Code UAI de l etablissement"])})
    return [row for row in rows if (is_valid_uai(row["Code UAI de l etablissement"])
                                    or row["Code UAI de l etablissement"] == next(iter(wrong_keys), None))
            and sample_territory().inside(*_position(row))]


def _position(row: dict) -> tuple[float, float]:
    latitude, longitude = (float(v) for v in row["Coordonnées GPS de la formation"].split(","))
    return latitude, longitude


def _commune_names() -> dict[str, str]:
    return {c.code_commune: c.commune for c in colleges()}


def establishments() -> list[dict]:
    """One entry per establishment and commune where it teaches (a university on three sites is three rows):
    name, status, UAI, programmes, commune (its name and code), and where the programmes are taught."""
    sites, names = _sites(), _commune_names()
    by_site: dict[tuple[str, str], dict] = defaultdict(lambda: {"formations": []})
    for row in _programmes():
        uai = row["Code UAI de l etablissement"]
        code = sites.get((uai, *_position(row)))
        if code not in names:  # a site with no collège of the territory near it, or in a commune none names
            continue
        entry = by_site[(uai, code)]
        entry.update(uai=uai, nom=" ".join(row["etablissement"].split()), commune=names[code], code_commune=code,
                     statut="Public" if row[next(k for k in row if k.startswith("Statut"))].startswith("Public")
                     else "Privé")
        formation = " ".join(row["Filiere de formation"].split())
        if formation not in entry["formations"]:
            entry["formations"].append(formation)
    return [by_site[key] for key in sorted(by_site)]


def write_superieur_workbook(drive: Path) -> Path:
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Établissements"
    title(ws, 1, f"L'enseignement supérieur {sample_territory().in_name}", len(LABELS))
    write_row(ws, 2, ["Mise à jour : rentrée 2021"])
    write_row(ws, 4, LABELS, bold=True)
    for offset, entry in enumerate(establishments()):
        separator = "\n" if offset % 2 else " ; "
        row = 5 + offset
        write_row(ws, row, [
            entry["nom"], "", _type_of(entry["nom"]), entry["statut"], separator.join(entry["formations"]),
            # a third of the UAIs left for the pipeline to find; the Ministry's wrong one always written
            entry["commune"], entry["uai"] if offset % 3 or not is_valid_uai(entry["uai"]) else "", "",
        ])
        ws.cell(row=row, column=5).alignment = Alignment(wrap_text=True)
    notes = workbook.create_sheet("Lisez-moi")
    notes["A1"] = f"Formations proposées sur Parcoursup par les établissements {sample_territory().of_name}."
    set_widths(ws, {1: 44, 3: 20, 5: 60})
    path = drive / file_name()
    save_deterministic(workbook, path)
    return path
