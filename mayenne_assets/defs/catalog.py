"""Every asset and check of the code location, from the dataset declarations: what definitions.py assembles and
what the drive sensor routes files to."""

from __future__ import annotations

import dagster as dg

from mayenne_assets.datasets import DECLARED
from mayenne_assets.declarations.dataset import Dataset
from mayenne_assets.defs import projection_model
from mayenne_assets.defs.governance import register_asset
from mayenne_assets.defs.lineage import build_lineage_assets
from mayenne_assets.defs.reconciliation import reconciliation_asset
from mayenne_assets.defs.reference import reference_assets
from mayenne_assets.defs.valorise import valorisation_assets
from mayenne_assets.defs.warnings import warning_checks
from mayenne_assets.lib.common.charter import Charter
from mayenne_assets.lib.common.territory import Territory
from mayenne_assets.lib.read.families import family


def all_assets(datasets: dict[str, Dataset], territory: Territory, charter: Charter,
               on_opendatasoft: bool = False) -> list[dg.AssetsDefinition]:
    """datasets: as the territory publishes them (datasets_for); on_opendatasoft: where the portal assets publish
    (else the local portal's folder)."""
    portal_kinds = {"opendatasoft"} if on_opendatasoft else {"html", "csv"}
    lineages = [asset for dataset in datasets.values() for asset in build_lineage_assets(dataset, portal_kinds)]
    return [*reference_assets(territory), *lineages, projection_model.projection_model,
            reconciliation_asset(datasets["effectifs"]), register_asset(datasets),
            *valorisation_assets(datasets, territory, charter)]


def all_asset_checks(datasets: dict[str, Dataset]) -> list[dg.AssetChecksDefinition]:
    """Checks beyond each export's schema check: warnings a person should look at."""
    return [check for dataset in datasets.values() for check in warning_checks(dataset)]


def with_key_prefix(assets: list[dg.AssetsDefinition], checks: list[dg.AssetChecksDefinition],
                    prefix: str | None) -> tuple[list[dg.AssetsDefinition], list[dg.AssetChecksDefinition]]:
    """Every asset key (and every dependency and check on it) under the territory's prefix, so that several
    territories' code locations share one instance without sharing a key: « 72/raw_effectifs »."""
    if not prefix:
        return assets, checks
    mapping = {key: dg.AssetKey([prefix, *key.path]) for asset in assets for key in asset.keys}
    return ([asset.with_attributes(asset_key_replacements=mapping) for asset in assets],
            [check.with_attributes(asset_key_replacements=mapping) for check in checks])


def feeds() -> set[str]:
    return {family(name).feed for dataset in DECLARED.values() for name in dataset.families}


def assets_fed_by(feed: str, assets: list[dg.AssetsDefinition]) -> list[dg.AssetKey]:
    """The lineages that read this kind of workbook, with everything they join against (reference tables, and
    the export of another dataset). Datasets of other groups that join these lineages' tables follow by
    declarative automation (see lineage.automation)."""
    groups = [d.group for d in DECLARED.values() if any(family(name).feed == feed for name in d.families)]
    selection = dg.AssetSelection.groups(*groups).upstream()
    return sorted(selection.resolve(assets), key=lambda key: key.to_user_string())


def workbook_job_name(feed: str) -> str:
    return f"classeur_{feed}"


def workbook_job(feed: str, keys: list[dg.AssetKey]) -> dg.UnresolvedAssetJobDefinition:
    """The job a dropped workbook of this kind runs: in the UI, runs are grouped by what they do."""
    return dg.define_asset_job(workbook_job_name(feed), selection=dg.AssetSelection.assets(*keys),
                               description=f"Ce qu'un classeur « {feed} » déposé sur le lecteur alimente : ses "
                                           "lignées, avec les tables de référence qu'elles joignent.")
