"""A territory's drive generated from its real collèges and every asset materialised on it, with settings that
name the territory (nothing in the environment), and the generator's truth that territory's while the tests read
it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg

from mayenne_assets.definitions import build_definitions, resources_for
from mayenne_assets.lib.common.territory import Territory
from mayenne_assets.sample.directory import generating_for
from mayenne_assets.sample.generate import generate
from mayenne_assets.settings import Settings
from mayenne_assets_tests.support.settings import make_settings

APPROVAL = '[[approval]]\ndataset_id = "{siren}_principaux-colleges"\napproved_by = "DPD"\napproved_on = 2022-01-10\n'


@contextmanager
def published_territory(root: Path, territory: Territory,
                        approvals: str) -> Iterator[tuple[Settings, dg.ExecuteInProcessResult]]:
    """approvals: the text of the DPO's approvals file (APPROVAL.format(siren=...) approves the territory's)."""
    with generating_for(territory.code):
        approvals_file = root / "dpo_approvals.toml"
        approvals_file.write_text(approvals, encoding="utf-8")
        settings = dataclasses.replace(make_settings(root), approvals_file=approvals_file, territory=territory)
        generate(settings.shared_drive, territory.code)
        defs = build_definitions(settings)
        yield settings, dg.materialize([*defs.assets, *defs.asset_checks], resources=resources_for(settings),
                                       raise_on_error=False)
