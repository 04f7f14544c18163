"""The real collèges and communes of the département, as the sample generator and the tests use them."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from mayenne_assets.settings import REFERENCE_DATA


@dataclass(frozen=True)
class College:
    uai: str
    appellation: str
    patronyme: str
    secteur: str  # "Public" or "Privé"
    adresse: str
    code_postal: str
    commune: str
    code_commune: str
    latitude: float
    longitude: float
    x_lambert93: float
    y_lambert93: float
    under_contract: bool


def _csv(name: str) -> list[dict]:
    with (REFERENCE_DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


@cache
def colleges() -> tuple[College, ...]:
    rows = sorted(_csv("colleges_53.csv"), key=lambda r: r["numero_uai"])
    return tuple(
        College(
            uai=r["numero_uai"],
            appellation=r["appellation_officielle"],
            patronyme=r["patronyme_uai"],
            secteur=r["secteur_public_prive_libe"],
            adresse=r["adresse_uai"],
            code_postal=r["code_postal_uai"],
            commune=r["libelle_commune"],
            code_commune=r["code_commune"],
            latitude=float(r["latitude"]),
            longitude=float(r["longitude"]),
            x_lambert93=float(r["coordonnee_x"]),
            y_lambert93=float(r["coordonnee_y"]),
            under_contract=r["secteur_public_prive_libe"] == "Public"
            or r["secteur_prive_code_type_contrat"] != "10",
        )
        for r in rows
    )


@cache
def arrondissement_of_commune() -> dict[str, str]:
    """INSEE commune code → arrondissement name."""
    names = {r["code_arrondissement"]: r["nom_arrondissement"] for r in _csv("arrondissements_53.csv")}
    return {r["COM"]: names[r["ARR"]] for r in _csv("communes_53.csv") if r["TYPECOM"] == "COM"}


@cache
def rentree_2020_enrolments() -> dict[str, int]:
    """The Ministry's enrolment of rentrée 2020 per UAI (DNB 2021 file)."""
    return {r["numero_college"]: int(r["nombre_eleves_total"]) for r in _csv("dnb_2021_53.csv")}
