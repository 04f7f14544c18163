"""The Dagster job that undoes a publication (as `python -m mayenne_assets.portal` does): restore the previous
version of a dataset, or withdraw it, from the UI's launchpad with its config; the run and the journal record it."""


from typing import Literal  # no "from __future__ import annotations": Dagster reads the config class itself

import dagster as dg

from mayenne_assets.lib.common.territory import Territory
from mayenne_assets.lib.publish.backends import undo
from mayenne_assets.resources import PortalResource


class UndoConfig(dg.Config):
    dataset_id: str
    action: Literal["rollback", "withdraw"] = "rollback"


def portal_rollback_job(territory: Territory) -> dg.JobDefinition:
    @dg.op(description="Restore the version before the current one of a dataset, or withdraw it from the portal.")
    def undo_publication(context: dg.OpExecutionContext, config: UndoConfig, portal: PortalResource) -> None:
        entry = undo(portal.backend(territory), config.action, config.dataset_id)
        context.log.info(f"{config.action} of {config.dataset_id}: {entry}")

    @dg.job(description="Undo a publication: config {dataset_id, action: rollback | withdraw}")
    def portal_rollback() -> None:
        undo_publication()

    return portal_rollback
