"""Rebuild the national reference rows the package ships (mayenne_assets/reference_data/*.parquet).

    python scripts/build_reference.py [path/to/shared/reference] [--decoupage path/to/decoupage-administratif.tgz]

Every collège, commune, arrondissement and département of France is kept, so that any département can be configured
(MAYENNE_DEPARTEMENT) without rebuilding: the values are copied unchanged, as text, from the upstream files of
../shared/reference/education/. The names of the arrondissements and the grammatical type of each département's
name (for « de la Mayenne », « du Nord ») are not in those files: they come from Etalab's découpage administratif
for the COG 2022 (npm package @etalab/decoupage-administratif 2.2.1, checked against its sha256), downloaded from
the npm registry unless a local copy of the tarball is given.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import tarfile
from pathlib import Path

import duckdb
import pandas as pd
import requests

OUT = Path(__file__).resolve().parents[1] / "mayenne_assets" / "reference_data"
DECOUPAGE_URL = "https://registry.npmjs.org/@etalab/decoupage-administratif/-/decoupage-administratif-2.2.1.tgz"
DECOUPAGE_SHA256 = "e1073142385fe493c554831caef009508b76766f6b90eb3ffcd735425c1dc120"
GEOLOCATION = "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre.csv"


def _write(con: duckdb.DuckDBPyConnection, name: str, query: str) -> None:
    target = OUT / f"{name}.parquet"
    con.execute(f"copy ({query}) to '{target.as_posix()}' (format parquet, compression zstd)")
    rows = con.execute(f"select count(*) from read_parquet('{target.as_posix()}')").fetchall()[0][0]
    print(f"{target.name}: {rows} rows, {target.stat().st_size / 1024:.0f} KiB")


def _csv(path: Path, delimiter: str) -> str:
    return f"read_csv('{path.as_posix()}', delim='{delimiter}', header=true, all_varchar=true, quote='\"')"


def _decoupage(tarball: Path | None) -> dict[str, list[dict]]:
    content = tarball.read_bytes() if tarball else requests.get(DECOUPAGE_URL, timeout=60).content
    digest = hashlib.sha256(content).hexdigest()
    if digest != DECOUPAGE_SHA256:
        raise SystemExit(f"decoupage-administratif tarball: sha256 {digest}, expected {DECOUPAGE_SHA256}")
    with tarfile.open(fileobj=io.BytesIO(content)) as archive:
        return {name: json.load(archive.extractfile(f"package/data/{name}.json"))
                for name in ("arrondissements", "departements")}


def _geography(con: duckdb.DuckDBPyConnection, education: Path, decoupage: dict[str, list[dict]]) -> None:
    for name, rows in decoupage.items():
        con.register(name, pd.DataFrame(rows))
    _write(con, "arrondissements", "select code as code_arrondissement, nom as nom_arrondissement, "
           "departement as code_departement, chefLieu as chef_lieu, typeLiaison::varchar as tncc "
           "from arrondissements order by code")
    # The académie and the region's name, as the Ministry writes them, from its directory of collèges.
    _write(con, "departements", f"""
        with men as (
            select distinct code_departement as code_departement_men, code_academie, libelle_academie,
                   libelle_region
            from {_csv(education / GEOLOCATION, ';')}
        )
        select d.code as code_departement, d.nom as nom_departement, d.typeLiaison::varchar as tncc,
               d.region as code_region, d.chefLieu as chef_lieu, d.zone, men.*
        from departements as d
        join men on men.code_departement_men = lpad(d.code, 3, '0')
        where d.zone in ('metro', 'drom')  -- the 101 départements; not the overseas collectivities
        order by d.code""")
    _write(con, "communes", f"select * from {_csv(education / 'commune_2022.csv', ',')}")
    unnamed = con.execute(f"select distinct ARR from {_csv(education / 'commune_2022.csv', ',')} where ARR <> '' "
                          "except select code from arrondissements").fetchall()
    if unnamed:
        raise SystemExit(f"arrondissements of the COG without a name in decoupage-administratif: {unnamed}")


def main(reference: Path, tarball: Path | None) -> None:
    education = reference / "education"
    con = duckdb.connect()
    _geography(con, education, _decoupage(tarball))
    _write(con, "colleges", f"select * from {_csv(education / GEOLOCATION, ';')} order by numero_uai")
    _write(con, "dnb_2021", f"select * exclude (column00) from {_csv(education / 'donnees-dnb.csv', ',')}")
    records = json.loads((education / "effectifs_colleges_pays_loire.json").read_text(encoding="utf-8"))
    con.register("national", pd.DataFrame([r["record"]["fields"] for r in records]).astype(str))
    _write(con, "effectifs_nationaux", "select * from national order by numero_college")
    _write(con, "parcoursup", f"select * from {_csv(education / 'fr-esr-parcoursup.csv', ',')}")
    header = con.sql(f"select * from {_csv(education / 'fr-en-annuaire-education.csv', ';')} limit 0").columns
    (OUT / "annuaire_education_header.txt").write_text("\n".join(header) + "\n", encoding="utf-8")
    print(f"annuaire_education_header.txt: {len(header)} columns")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("reference", nargs="?", type=Path,
                        default=Path(__file__).resolve().parents[2] / "shared" / "reference")
    parser.add_argument("--decoupage", type=Path, help="a local copy of the decoupage-administratif tarball")
    arguments = parser.parse_args()
    main(arguments.reference, arguments.decoupage)
