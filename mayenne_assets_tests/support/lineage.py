"""Materialising asset groups in-process, on a temporary warehouse, drive and portal."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import dagster as dg

from mayenne_assets.definitions import build_definitions, resources_for
from mayenne_assets.settings import Settings
from mayenne_assets_tests.support.settings import make_settings


def groups_needed(defs: dg.Definitions, group: str) -> set[str]:
    """The group and every group one of its assets depends on (the reference tables, the enrolments the annuaire
    and the projection model read), as the asset graph says."""
    graph = defs.resolve_asset_graph()
    keys = dg.AssetSelection.groups(group).upstream().resolve(graph)
    return {graph.get(key).group_name for key in keys}


def materialize_group(
    settings: Settings, group: str, raise_on_error: bool = True, instance: dg.DagsterInstance | None = None,
    with_needed_groups: bool = True,
) -> dg.ExecuteInProcessResult:
    """The group's assets and checks, with the groups it needs (or only the reference tables besides)."""
    defs = build_definitions(settings)
    groups = groups_needed(defs, group) if with_needed_groups else {group, "reference"}
    assets = [a for a in defs.assets if set(a.group_names_by_key.values()) & groups]
    keys = {key for a in assets for key in a.keys}
    assets += [c for c in defs.asset_checks if any(k.asset_key in keys for k in c.check_keys)]
    return dg.materialize(assets, resources=resources_for(settings), raise_on_error=raise_on_error,
                          instance=instance)


class Publication(NamedTuple):
    settings: Settings
    result: dg.ExecuteInProcessResult
    instance: dg.DagsterInstance


def publish_sample(root: Path, group: str | None = None) -> Publication:
    """One dataset (with what it joins), or every asset when group is None, materialised from the sample drive."""
    settings = make_settings(root, with_sample=True)
    instance = dg.DagsterInstance.ephemeral()
    if group is not None:
        result = materialize_group(settings, group, instance=instance)
    else:
        defs = build_definitions(settings)
        result = dg.materialize([*defs.assets, *defs.asset_checks], resources=resources_for(settings),
                                instance=instance)
    assert result.success
    return Publication(settings, result, instance)


def failure_message(result: dg.ExecuteInProcessResult) -> str:
    return "\n".join(
        event.step_failure_data.error.message + (event.step_failure_data.user_failure_data.description or "")
        if event.step_failure_data.user_failure_data else event.step_failure_data.error.message
        for event in result.all_events if event.is_step_failure
    )
