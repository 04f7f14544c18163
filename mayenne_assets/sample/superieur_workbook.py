"""Higher education in the département, from the real Parcoursup programmes of its establishments: several
programmes to a cell, UAI often missing, a notes sheet."""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment

from mayenne_assets.sample.directory import College, colleges
from mayenne_assets.sample.xlsx import save_deterministic, set_widths, title, write_row
from mayenne_assets.settings import REFERENCE_DATA

FILE_NAME = "Enseignement supérieur en Mayenne.xlsx"
LABELS = ["Établissement", "Sigle", "Type", "Statut", "Diplômes préparés", "Commune", "UAI", "Site web"]
_TYPES = [("iut", "IUT"), ("ifsi", "IFSI"), ("institut de formation", "IFSI"), ("universite", "Université"),
          ("ecole", "École d'ingénieurs"), ("estaca", "École d'ingénieurs"), ("esiea", "École d'ingénieurs"),
          ("lycee", "Lycée (BTS, CPGE)"), ("lgt", "Lycée (BTS, CPGE)"), ("lp", "Lycée (BTS, CPGE)")]


def _type_of(name: str) -> str:
    lowered = name.lower().replace(".", "")
    return next((label for key, label in _TYPES if key in lowered), "Autre établissement")


def _nearest_commune(lat: float, lon: float) -> str:
    def distance(college: College) -> float:
        return math.hypot(college.latitude - lat, college.longitude - lon)

    return min(colleges(), key=distance).commune


def establishments() -> list[dict]:
    """One entry per establishment: name, status, UAI, programmes, commune."""
    with (REFERENCE_DATA / "parcoursup_53.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    by_uai: dict[str, dict] = defaultdict(lambda: {"formations": []})
    for row in rows:
        entry = by_uai[row["Code UAI de l etablissement"]]
        entry["uai"] = row["Code UAI de l etablissement"]
        entry["nom"] = " ".join(row["etablissement"].split())
        entry["statut"] = "Public" if row[next(k for k in row if k.startswith("Statut"))].startswith("Public") \
            else "Privé"
        formation = " ".join(row["Filiere de formation"].split())
        if formation not in entry["formations"]:
            entry["formations"].append(formation)
        lat, lon = (float(v) for v in row["Coordonnées GPS de la formation"].split(","))
        entry["commune"] = _nearest_commune(lat, lon)
    return [by_uai[uai] for uai in sorted(by_uai)]


def write_superieur_workbook(drive: Path) -> Path:
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Établissements"
    title(ws, 1, "L'enseignement supérieur en Mayenne", len(LABELS))
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
    notes["A1"] = "Formations proposées sur Parcoursup par les établissements de la Mayenne."
    set_widths(ws, {1: 44, 3: 20, 5: 60})
    path = drive / FILE_NAME
    save_deterministic(workbook, path)
    return path
