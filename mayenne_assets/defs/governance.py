"""Governance: the register of processing for the data protection officer."""

from __future__ import annotations

import json

import dagster as dg
import pandas as pd

from mayenne_assets.declarations.dataset import Dataset
from mayenne_assets.defs.reporting import markdown_table
from mayenne_assets.lib.export.files import write_csv
from mayenne_assets.lib.governance.register import register
from mayenne_assets.lib.warehouse.tables import lineage_assets
from mayenne_assets.resources import DataProtection, ExportStore

FOLDER = "gouvernance"


def register_asset(datasets: dict[str, Dataset]) -> dg.AssetsDefinition:
    @dg.asset(name="registre_traitements", group_name="gouvernance", kinds={"csv", "json"}, owners=["team:data"],
              deps=[lineage_assets(group).portal for group in datasets],
              automation_condition=dg.AutomationCondition.eager())
    def registre_traitements(exports: ExportStore, data_protection: DataProtection) -> dg.MaterializeResult:
        """One entry per dataset: personal data published and why, personal data removed on reading and why,
        purpose, legal basis and the data protection officer's approval. Kept up by automation: written again
        after every publication."""
        return _write_register(datasets, exports, data_protection)

    return registre_traitements


def _write_register(datasets: dict[str, Dataset], exports: ExportStore,
                    data_protection: DataProtection) -> dg.MaterializeResult:
    entries = register(datasets.values(), data_protection.approval)
    folder = exports.folder(FOLDER)
    write_csv(pd.DataFrame(entries), folder / "registre_traitements.csv")
    (folder / "registre_traitements.json").write_text(json.dumps(entries, ensure_ascii=False, indent=2),
                                                      encoding="utf-8")
    return dg.MaterializeResult(metadata={
        "datasets": len(entries),
        "with_personal_data": sum(e["donnees_personnelles_publiees"] != "aucune" for e in entries),
        "register": markdown_table(pd.DataFrame(entries)[["dataset_id", "donnees_personnelles_publiees",
                                                          "approbation_dpd"]]),
        "folder": dg.MetadataValue.path(str(folder)),
    })
