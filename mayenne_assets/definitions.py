"""The Dagster code location: assembles assets, resources, jobs, sensors and schedules; logic lives elsewhere."""

from __future__ import annotations

import dagster as dg

from mayenne_assets.datasets import datasets_for
from mayenne_assets.defs.catalog import (
    all_asset_checks,
    all_assets,
    assets_fed_by,
    feeds,
    with_key_prefix,
    workbook_job,
)
from mayenne_assets.defs.portal_actions import portal_rollback_job
from mayenne_assets.defs.schedules import (
    all_datasets_job,
    projections_job,
    projections_schedule,
    reference_job,
    reference_schedule,
    weekly_refresh_schedule,
)
from mayenne_assets.defs.sensors import (
    build_drive_sensor,
    dataset_automation_sensor,
    processed_files_sensor,
    run_failure_alert_sensor,
)
from mayenne_assets.lib.common.charter import load_charter
from mayenne_assets.resources import (
    DataProtection,
    ExportStore,
    FailureNotifier,
    PortalResource,
    ReferenceSources,
    SharedDrive,
    Warehouse,
)
from mayenne_assets.settings import Settings, load_settings


def resources_for(settings: Settings) -> dict[str, dg.ConfigurableResource]:
    return {
        "shared_drive": SharedDrive(path=str(settings.shared_drive), settle_seconds=settings.settle_seconds),
        "warehouse": Warehouse(path=str(settings.warehouse)),
        "exports": ExportStore(path=str(settings.exports_dir)),
        "portal": PortalResource(
            path=str(settings.portal_dir), ods_domain=settings.ods_domain,
            ods_api_key=dg.EnvVar("ODS_API_KEY") if settings.ods_api_key else None,
            public_url=settings.public_url, contact_person=settings.contact_person, charter=str(settings.charter)),
        "data_protection": DataProtection(approvals_file=str(settings.approvals_file),
                                          withdrawals_file=str(settings.withdrawals_file)),
        "failure_notifier": FailureNotifier(log_file=str(settings.failure_log), webhook_url=settings.alert_webhook),
        "reference_sources": ReferenceSources(directory_api=settings.reference_api,
                                              local_colleges=str(settings.local_colleges)),
    }


def build_definitions(settings: Settings) -> dg.Definitions:
    """Everything the code location holds, for the settings' territory: nothing is read from the environment
    here, so two territories' definitions can be built side by side."""
    datasets = datasets_for(settings.territory)
    charter = load_charter(settings.charter)  # a charter that cannot be used stops the code location, naming it
    assets, checks = with_key_prefix(
        all_assets(datasets, settings.territory, charter, bool(settings.ods_domain and settings.ods_api_key)),
        all_asset_checks(datasets), settings.asset_prefix)
    targets = {feed: assets_fed_by(feed, assets) for feed in sorted(feeds())}
    drive_jobs = {feed: workbook_job(feed, keys) for feed, keys in targets.items()}
    drive_sensor = build_drive_sensor(targets, drive_jobs)
    return dg.Definitions(
        assets=assets,
        asset_checks=checks,
        jobs=[all_datasets_job, projections_job, reference_job, portal_rollback_job(settings.territory),
              *drive_jobs.values()],
        schedules=[projections_schedule, reference_schedule, weekly_refresh_schedule],
        sensors=[drive_sensor, processed_files_sensor, run_failure_alert_sensor, dataset_automation_sensor],
        resources=resources_for(settings),
        # One process per run, its steps one after the other: on a two-core machine this is faster than a
        # process per step, and the duckdb pool still serialises writers across runs.
        executor=dg.in_process_executor,
    )


@dg.definitions
def defs() -> dg.Definitions:
    """What `dagster dev` and the code server load: built when loaded, not at import."""
    return build_definitions(load_settings())
