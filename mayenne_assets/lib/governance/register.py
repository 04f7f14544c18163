"""The register of processing (registre des traitements) for the data protection officer: for each dataset, the
personal data it publishes and why, the personal data removed on reading and why, its purpose, legal basis and
approval."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from mayenne_assets.declarations.dataset import Dataset
from mayenne_assets.lib.read.families import family


def register_entry(dataset: Dataset, approval: dict | None) -> dict:
    removed = {f"{name}.{column.name}": column.personal_reason
               for name in dataset.families for column in family(name).columns.values() if column.personal}
    if not dataset.personal_data:
        status = "sans objet : aucune donnée personnelle publiée"
    elif approval:
        status = f"approuvé par {approval['approved_by']} le {approval['approved_on']}"
    else:
        status = "approbation requise, absente : publication suspendue"
    return {
        "dataset_id": dataset.dataset_id,
        "titre": dataset.title,
        "finalite": dataset.purpose,
        "base_legale": dataset.legal_basis,
        "donnees_personnelles_publiees": "; ".join(f"{c} ({why})" for c, why in dataset.personal_data.items())
        or "aucune",
        "donnees_personnelles_ecartees": "; ".join(f"{c} ({why})" for c, why in removed.items()) or "aucune",
        "approbation_dpd": status,
    }


def register(datasets: Iterable[Dataset], approval_of: Callable[[str], dict | None]) -> list[dict]:
    return [register_entry(d, approval_of(d.dataset_id)) for d in datasets]
