"""Copy the Mayenne rows of the national reference files into the package (mayenne_assets/reference_data/).

Run once when ../shared/reference changes:  python scripts/extract_reference.py [path/to/shared/reference]
The copies keep the upstream columns and values unchanged; only rows outside the département are left out.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "mayenne_assets" / "reference_data"


def _rows(path: Path, delimiter: str) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        return list(reader.fieldnames or []), list(reader)


def _write(name: str, fields: list[str], rows: list[dict]) -> None:
    with (OUT / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, delimiter=";", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{name}: {len(rows)} rows")


def main(reference: Path) -> None:
    education = reference / "education"
    fields, rows = _rows(
        education / "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre.csv", ";"
    )
    _write("colleges_53.csv", fields, [r for r in rows if r["code_departement"] == "053"])

    fields, rows = _rows(education / "commune_2022.csv", ",")
    _write("communes_53.csv", fields, [r for r in rows if r["DEP"] == "53" or r["COMPARENT"].startswith("53")])

    fields, rows = _rows(education / "donnees-dnb.csv", ",")
    _write("dnb_2021_53.csv", fields[1:], [r for r in rows if r["code_departement"] in {"053", "53"}])

    records = json.loads((education / "effectifs_colleges_pays_loire.json").read_text(encoding="utf-8"))
    mayenne = [r["record"]["fields"] for r in records if r["record"]["fields"]["code_dept"] == "53"]
    _write("effectifs_nationaux_53.csv", list(mayenne[0]), mayenne)

    fields, rows = _rows(education / "fr-esr-parcoursup.csv", ",")
    _write("parcoursup_53.csv", fields, [r for r in rows if r["Code UAI de l etablissement"].startswith("053")])

    fields, _ = _rows(education / "fr-en-annuaire-education.csv", ";")
    (OUT / "annuaire_education_header.txt").write_text("\n".join(fields) + "\n", encoding="utf-8")
    print(f"annuaire_education_header.txt: {len(fields)} columns")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "reference")
