"""The national directory of collèges from the Ministry's open-data portal (data.education.gouv.fr, an
OpenDataSoft portal: Explore API v2.1), so that the reference keeps up with collèges that open, close, are renamed
or move. The dataset is the one the shipped snapshot was cut from, so its rows have the snapshot's columns."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import requests

DIRECTORY_DATASET = "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre"
COLLEGE_NATURES = ("340", "350", "352")  # collège, collège climatique, collège spécialisé
EXPLORE_PATH = "/api/explore/v2.1"


class ReferenceUnavailable(Exception):
    """The portal could not give the directory; the message says why in plain words."""


def directory_url(base_url: str) -> str:
    return f"{base_url.rstrip('/')}{EXPLORE_PATH}/catalog/datasets/{DIRECTORY_DATASET}/exports/json"


def fetch_colleges(base_url: str, departements: tuple[str, ...], timeout: float = 30.0) -> list[dict]:
    """Every collège of the départements (their Ministry codes: 053) in the national directory, as the portal
    holds it today."""
    natures = ", ".join(f'"{nature}"' for nature in COLLEGE_NATURES)
    codes = " or ".join(f'code_departement="{code}"' for code in departements)
    params = {"where": f"({codes}) and nature_uai in ({natures})", "limit": -1}
    try:
        response = requests.get(directory_url(base_url), params=params, timeout=timeout)
    except requests.RequestException as error:
        raise ReferenceUnavailable(f"{base_url} cannot be reached ({type(error).__name__})") from None
    if response.status_code != 200:
        raise ReferenceUnavailable(f"{base_url} answered HTTP {response.status_code} for {DIRECTORY_DATASET}")
    try:
        rows = response.json()
    except ValueError:
        raise ReferenceUnavailable(f"{base_url} did not answer JSON for {DIRECTORY_DATASET}") from None
    if not isinstance(rows, list) or not all(isinstance(row, dict) and row.get("numero_uai") for row in rows):
        raise ReferenceUnavailable(f"{base_url}: the answer for {DIRECTORY_DATASET} is not a list of schools")
    if not rows:
        raise ReferenceUnavailable(f"{base_url}: no collège of {', '.join(departements)} in {DIRECTORY_DATASET}")
    return rows


def write_rows(rows: list[dict], snapshot: Path, path: Path) -> Path:
    """The rows with the snapshot's columns, as text (a column the portal no longer gives stays empty)."""
    columns = pq.read_schema(snapshot).names
    table = pd.DataFrame([{c: "" if row.get(c) is None else str(row.get(c)) for c in columns} for row in rows],
                         columns=columns)
    table.to_parquet(path, index=False)
    return path
