"""Two territories in one Dagster instance, each its own code location with its own settings: the Mayenne under
the key prefix « 53 », the Sarthe under « 72 ». No asset key is shared, each publishes only its own datasets from
its own drive, and a workbook dropped on the Sarthe's drive is routed to the Sarthe's assets only."""

from __future__ import annotations

import dataclasses

import dagster as dg

from mayenne_assets.definitions import build_definitions, resources_for
from mayenne_assets.lib.common.territory import territory
from mayenne_assets.lib.publish.local_portal import LocalPortal
from mayenne_assets.sample.directory import generating_for
from mayenne_assets.sample.generate import generate
from mayenne_assets_tests.support.settings import DATASETS, make_settings

SARTHE = territory("72", "227200029", contact="opendata@sarthe.fr")


def _deployment(root, prefix: str, with_sample: bool, publisher=None):
    settings = dataclasses.replace(make_settings(root, with_sample=with_sample), asset_prefix=prefix)
    return dataclasses.replace(settings, territory=publisher) if publisher else settings


def _materialise(settings, instance, group: str) -> dg.ExecuteInProcessResult:
    defs = build_definitions(settings)
    assets = [a for a in defs.assets if set(a.group_names_by_key.values()) & {group, "reference"}]
    return dg.materialize(assets, resources=resources_for(settings), instance=instance)


def test_two_territories_share_an_instance_and_no_asset_key(tmp_path):
    mayenne = _deployment(tmp_path / "53", "53", with_sample=True)
    sarthe = _deployment(tmp_path / "72", "72", with_sample=False, publisher=SARTHE)
    with generating_for("72"):
        generate(sarthe.shared_drive, "72")
    mayenne_keys = build_definitions(mayenne).resolve_all_asset_keys()
    sarthe_keys = build_definitions(sarthe).resolve_all_asset_keys()
    assert not set(mayenne_keys) & set(sarthe_keys)
    assert dg.AssetKey(["72", "portal_effectifs"]) in sarthe_keys and all(k.path[0] == "53" for k in mayenne_keys)

    instance = dg.DagsterInstance.ephemeral()
    assert _materialise(mayenne, instance, "effectifs").success
    assert _materialise(sarthe, instance, "effectifs").success
    assert LocalPortal(mayenne.portal_dir).current(DATASETS["effectifs"].dataset_id) is not None
    assert LocalPortal(sarthe.portal_dir).current("227200029_effectifs-colleges") is not None
    assert not list(sarthe.portal_dir.glob("225300011_*")) and not list(mayenne.portal_dir.glob("227200029_*"))
    for prefix in ("53", "72"):  # each history its own
        assert instance.get_latest_materialization_event(dg.AssetKey([prefix, "portal_effectifs"])) is not None

    sensor = build_definitions(sarthe).resolve_sensor_def("shared_drive_sensor")
    context = dg.build_sensor_context(resources=resources_for(sarthe))
    sensor(context)  # first seen: judged at the next tick
    requests = sensor(dg.build_sensor_context(cursor=context.cursor, resources=resources_for(sarthe))).run_requests
    assert requests and all(key.path[0] == "72" for r in requests for key in r.asset_selection)
