"""The Dagster code location: assembles assets, resources and jobs; logic lives in lib/ and defs/."""

from __future__ import annotations

import dagster as dg

from mayenne_assets.defs.actions import assets as actions_assets
from mayenne_assets.defs.annuaire import assets as annuaire_assets
from mayenne_assets.defs.effectifs import assets as effectifs_assets
from mayenne_assets.defs.enseignement_superieur import assets as superieur_assets
from mayenne_assets.defs.principaux import assets as principaux_assets
from mayenne_assets.defs.projections import assets as projections_assets
from mayenne_assets.defs.reference import assets as reference_assets
from mayenne_assets.resources import DataProtection, ExportStore, PortalResource, SharedDrive, Warehouse
from mayenne_assets.settings import Settings, load_settings

ALL_DATASETS_JOB = dg.define_asset_job("all_datasets", selection=dg.AssetSelection.all(),
                                       description="Rebuild every dataset from the workbooks on the shared drive")


def resources_for(settings: Settings) -> dict[str, dg.ConfigurableResource]:
    return {
        "shared_drive": SharedDrive(path=str(settings.shared_drive)),
        "warehouse": Warehouse(path=str(settings.warehouse)),
        "exports": ExportStore(path=str(settings.exports_dir)),
        "portal": PortalResource(path=str(settings.portal_dir)),
        "data_protection": DataProtection(approvals_file=str(settings.approvals_file)),
    }


def build_definitions(settings: Settings) -> dg.Definitions:
    assets = dg.load_assets_from_modules([
        reference_assets, annuaire_assets, effectifs_assets, projections_assets, actions_assets, superieur_assets,
        principaux_assets,
    ])
    return dg.Definitions(assets=assets, jobs=[ALL_DATASETS_JOB], resources=resources_for(settings))


defs = build_definitions(load_settings())
