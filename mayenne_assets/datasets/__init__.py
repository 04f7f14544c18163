"""One module per published dataset: its declaration (declarations/dataset.py says what it holds), the index of
everything about it, beside the Python that prepares its cells. Dagster's assets are built from these in defs/."""

from __future__ import annotations

from mayenne_assets.datasets import actions, annuaire, effectifs, enseignement_superieur, principaux, projections
from mayenne_assets.declarations.dataset import Dataset
from mayenne_assets.lib.common.territory import Territory

DECLARED: dict[str, Dataset] = {
    module.DATASET.group: module.DATASET
    for module in (annuaire, effectifs, projections, principaux, enseignement_superieur, actions)
}


def datasets_for(territory: Territory) -> dict[str, Dataset]:
    """Every dataset as the territory publishes it (its identifiers, titles and checks)."""
    return {group: dataset.for_territory(territory) for group, dataset in DECLARED.items()}
