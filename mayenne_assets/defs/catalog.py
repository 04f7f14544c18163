"""Every dataset's lineage, in one place: what definitions.py assembles and what the sensor routes files to."""

from __future__ import annotations

import dagster as dg

from mayenne_assets.defs.actions import assets as actions
from mayenne_assets.defs.annuaire import assets as annuaire
from mayenne_assets.defs.effectifs import assets as effectifs
from mayenne_assets.defs.effectifs import checks as effectifs_checks
from mayenne_assets.defs.effectifs import reconciliation as effectifs_reconciliation
from mayenne_assets.defs.enseignement_superieur import assets as enseignement_superieur
from mayenne_assets.defs.lineage import Lineage
from mayenne_assets.defs.principaux import assets as principaux
from mayenne_assets.defs.projections import assets as projections
from mayenne_assets.defs.reference import assets as reference
from mayenne_assets.spec.families import family

DATASET_MODULES = (annuaire, effectifs, projections, principaux, enseignement_superieur, actions)
LINEAGES: tuple[Lineage, ...] = tuple(module.LINEAGE for module in DATASET_MODULES)


def all_assets() -> list[dg.AssetsDefinition]:
    from mayenne_assets.defs.gouvernance import assets as gouvernance  # it reads LINEAGES from this module

    return list(dg.load_assets_from_modules([reference, *DATASET_MODULES, effectifs_reconciliation, gouvernance]))


def all_asset_checks() -> list[dg.AssetChecksDefinition]:
    """Checks beyond each export's schema check: warnings a person should look at."""
    return [*effectifs_checks.CHECKS]


def feeds() -> set[str]:
    return {family(t.family).feed for lineage in LINEAGES for t in lineage.raw_tables}


def assets_fed_by(feed: str, assets: list[dg.AssetsDefinition]) -> list[dg.AssetKey]:
    """The lineages that read this kind of workbook, with everything they join against (reference tables, and
    the staging of another dataset). Datasets of other groups that join these lineages' tables follow by
    declarative automation (see Lineage.automation)."""
    groups = [lineage.group for lineage in LINEAGES if any(family(t.family).feed == feed for t in lineage.raw_tables)]
    selection = dg.AssetSelection.groups(*groups).upstream()
    return sorted(selection.resolve(assets), key=lambda key: key.to_user_string())
