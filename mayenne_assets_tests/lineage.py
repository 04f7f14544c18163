"""Materialising asset groups in-process, on a temporary warehouse, drive and portal."""

from __future__ import annotations

import dagster as dg

from mayenne_assets.definitions import build_definitions, resources_for
from mayenne_assets.settings import Settings

# Groups whose staging joins another dataset's staging table.
UPSTREAM_GROUPS = {"annuaire": {"effectifs"}}


def materialize_group(
    settings: Settings, group: str, raise_on_error: bool = True, instance: dg.DagsterInstance | None = None
) -> dg.ExecuteInProcessResult:
    """The group's assets, the reference assets and the groups it joins against."""
    defs = build_definitions(settings)
    groups = {group, "reference", *UPSTREAM_GROUPS.get(group, ())}
    assets = [a for a in defs.assets if set(a.group_names_by_key.values()) & groups]
    assets += [c for c in defs.asset_checks if any(k.asset_key in {key for a in assets for key in a.keys}
                                                   for k in c.check_keys)]
    return dg.materialize(assets, resources=resources_for(settings), raise_on_error=raise_on_error,
                          instance=instance)


def failure_message(result: dg.ExecuteInProcessResult) -> str:
    return "\n".join(
        event.step_failure_data.error.message + (event.step_failure_data.user_failure_data.description or "")
        if event.step_failure_data.user_failure_data else event.step_failure_data.error.message
        for event in result.all_events if event.is_step_failure
    )
