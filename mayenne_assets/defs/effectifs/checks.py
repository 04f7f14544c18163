"""Warnings on the enrolments: what a person should look at before trusting a figure (they do not block)."""

from __future__ import annotations

import dagster as dg
import pandas as pd

from mayenne_assets.defs.reporting import markdown_table
from mayenne_assets.resources import ExportStore
from mayenne_assets.spec.datasets import EFFECTIFS

JUMP_THRESHOLD = 0.30
SAMPLE_SIZE = 20


def read_published_table(exports: ExportStore) -> pd.DataFrame:
    return pd.read_parquet(exports.folder(EFFECTIFS.dataset_id) / f"{EFFECTIFS.dataset_id}.parquet")


def jumps(frame: pd.DataFrame, threshold: float = JUMP_THRESHOLD) -> pd.DataFrame:
    """Consecutive rentrées of a collège whose enrolment changes by more than the threshold."""
    ordered = frame.sort_values(["uai", "rentree_scolaire"])
    previous = ordered.groupby("uai")[["rentree_scolaire", "effectif"]].shift()
    consecutive = ordered["rentree_scolaire"] - previous["rentree_scolaire"] == 1
    change = (ordered["effectif"] - previous["effectif"]) / previous["effectif"]
    # assign before filtering: assigning a Series to an empty frame would take the Series' whole index
    flagged = ordered.assign(effectif_precedent=previous["effectif"], variation=change.round(3))
    flagged = flagged[consecutive & (change.abs() > threshold)]
    return flagged[["uai", "nom_etablissement", "rentree_scolaire", "effectif_precedent", "effectif", "variation"]]


def gaps(frame: pd.DataFrame) -> pd.DataFrame:
    """Rentrées missing for a collège between two rentrées where it has an enrolment."""
    rows = []
    for uai, years in frame.groupby("uai")["rentree_scolaire"]:
        present = set(years)
        rows += [{"uai": uai, "rentree_scolaire_manquante": year}
                 for year in range(min(present), max(present)) if year not in present]
    return pd.DataFrame(rows, columns=["uai", "rentree_scolaire_manquante"])


def _warning(found: pd.DataFrame, what: str) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        passed=found.empty, severity=dg.AssetCheckSeverity.WARN,
        metadata={"count": len(found), "what": what,
                  "sample": markdown_table(found, SAMPLE_SIZE)},
    )


@dg.asset_check(asset="export_effectifs", blocking=False,
                description="A collège's enrolment changes by more than 30 % from one rentrée to the next.")
def enrolment_jumps(exports: ExportStore) -> dg.AssetCheckResult:
    return _warning(jumps(read_published_table(exports)), "enrolment changes of more than 30 % in a year")


@dg.asset_check(asset="export_effectifs", blocking=False,
                description="A collège has no enrolment for a rentrée between two rentrées where it has one.")
def enrolment_gaps(exports: ExportStore) -> dg.AssetCheckResult:
    return _warning(gaps(read_published_table(exports)), "rentrées missing between two present ones")


CHECKS = [enrolment_jumps, enrolment_gaps]
