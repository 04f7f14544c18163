"""Higher education in the département, from the real Parcoursup programmes of its establishments: several
programmes to a cell, UAI often missing, a notes sheet."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Alignment

from mayenne_assets.lib.common.uai import is_valid_uai
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


def _nearest_communes(points: list[tuple[float, float]]) -> list[str]:
    """The commune of the collège nearest to each point (a programme's position)."""
    placed = [c for c in colleges() if c.latitude is not None]
    lat = np.array([c.latitude for c in placed])
    lon = np.array([c.longitude for c in placed])
    return [placed[int(np.argmin(np.hypot(lat - a, lon - b)))].commune for a, b in points]


def _programmes() -> list[dict]:
    prefixes = ", ".join(f"'{p}'" for p in sorted(sample_territory().uai_prefixes))
    rows = reference_rows(  # a programme the sample cannot place is left out
        f"select * from '{{ref}}/parcoursup.parquet' where left(\"Code UAI de l etablissement\", 3) in ({prefixes}) "
        f"and \"Coordonnées GPS de la formation\" is not null")
    # Parcoursup lists a few establishments under a UAI whose key letter is wrong: the sample leaves them out,
    # as the pipeline would refuse the workbook that wrote them (tests/trust shows it does).
    # A programme placed outside the territory (Saint-Martin's, under Guadeloupe's codes) is left out too.
    return [row for row in rows if is_valid_uai(row["Code UAI de l etablissement"])
            and sample_territory().inside(*_position(row))]


def _position(row: dict) -> tuple[float, float]:
    latitude, longitude = (float(v) for v in row["Coordonnées GPS de la formation"].split(","))
    return latitude, longitude


def establishments() -> list[dict]:
    """One entry per establishment: name, status, UAI, programmes, commune."""
    rows = _programmes()
    positions = [_position(row) for row in rows]
    communes = _nearest_communes(positions)
    by_uai: dict[str, dict] = defaultdict(lambda: {"formations": []})
    for row, commune in zip(rows, communes, strict=True):
        entry = by_uai[row["Code UAI de l etablissement"]]
        entry["uai"] = row["Code UAI de l etablissement"]
        entry["nom"] = " ".join(row["etablissement"].split())
        entry["statut"] = "Public" if row[next(k for k in row if k.startswith("Statut"))].startswith("Public") \
            else "Privé"
        formation = " ".join(row["Filiere de formation"].split())
        if formation not in entry["formations"]:
            entry["formations"].append(formation)
        entry["commune"] = commune
    return [by_uai[uai] for uai in sorted(by_uai)]


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
            entry["commune"], entry["uai"] if offset % 3 else "", "",
        ])
        ws.cell(row=row, column=5).alignment = Alignment(wrap_text=True)
    notes = workbook.create_sheet("Lisez-moi")
    notes["A1"] = f"Formations proposées sur Parcoursup par les établissements {sample_territory().of_name}."
    set_widths(ws, {1: 44, 3: 20, 5: 60})
    path = drive / file_name()
    save_deterministic(workbook, path)
    return path
