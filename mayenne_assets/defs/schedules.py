"""Schedules, in Europe/Paris time: the projections and the reference tables (the collège directory from the
Ministry's portal when one is set) refresh monthly, and every lineage weekly from its latest workbooks (what a
sensor may have missed while the service was down is caught up there)."""

from __future__ import annotations

import dagster as dg

TIMEZONE = "Europe/Paris"

projections_job = dg.define_asset_job(
    "projections_refresh", selection=dg.AssetSelection.groups("projections").upstream(),
    description="Rebuild the projected enrolments from the latest projection workbook",
)
reference_job = dg.define_asset_job(
    "reference_refresh", selection=dg.AssetSelection.groups("reference"),
    description="Refresh the reference tables: the collège directory from the Ministry's portal (or the snapshot), "
                "the communes and higher education; run it by hand when a collège opens",
)
all_datasets_job = dg.define_asset_job(
    "all_datasets", selection=dg.AssetSelection.all(),
    description="Rebuild every dataset from the workbooks on the shared drive",
)

projections_schedule = dg.ScheduleDefinition(
    name="projections_monthly", job=projections_job, cron_schedule="0 6 1 * *", execution_timezone=TIMEZONE,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="The 1st of every month at 06:00: refresh the projections",
)
weekly_refresh_schedule = dg.ScheduleDefinition(
    name="weekly_full_refresh", job=all_datasets_job, cron_schedule="0 5 * * 1", execution_timezone=TIMEZONE,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every Monday at 05:00: re-run every lineage from its latest workbook",
)
reference_schedule = dg.ScheduleDefinition(
    name="reference_monthly", job=reference_job, cron_schedule="0 4 1 * *", execution_timezone=TIMEZONE,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="The 1st of every month at 04:00: refresh the reference tables before the projections",
)
