"""Dagster resources: the DuckDB warehouse, the shared drive, the export folder and the local portal."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
import requests

from mayenne_assets.lib.common.charter import DEFAULT_CHARTER, load_charter
from mayenne_assets.lib.common.territory import Territory
from mayenne_assets.lib.drive.file_activity import SETTLE_SECONDS
from mayenne_assets.lib.governance.approvals import find_approval
from mayenne_assets.lib.governance.withdrawals import withdrawn_periods
from mayenne_assets.lib.publish.backends import LocalBackend, OdsBackend
from mayenne_assets.lib.publish.catalogue import SENT_FOLDER, Site
from mayenne_assets.lib.publish.ods_client import OdsClient


class Warehouse(dg.ConfigurableResource):
    """A DuckDB file on local disk. One writer at a time: writers run in the "duckdb" pool (limit 1).

    Where no pool limit applies (an ephemeral instance on the command line), a connection waits for the
    file's lock instead of failing: DuckDB refuses a second process rather than queueing it.
    """

    path: str
    lock_timeout_seconds: float = 300.0

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        con = self._connect_when_free(read_only)
        try:
            yield con
        finally:
            con.close()

    def _connect_when_free(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + self.lock_timeout_seconds
        delay = 0.05
        while True:
            try:
                return duckdb.connect(self.path, read_only=read_only)
            except duckdb.IOException as error:
                if "lock" not in str(error).lower() or time.monotonic() > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 2.0)


class ReferenceSources(dg.ConfigurableResource):
    """Where the reference tables come from beyond the snapshot shipped with the package: the Ministry's
    open-data portal (base URL, unset for the snapshot only) and the file of local knowledge on collèges."""

    directory_api: str | None = None
    local_colleges: str
    timeout_seconds: float = 30.0


class SharedDrive(dg.ConfigurableResource):
    """The folder where the services drop their workbooks; a file is judged once nobody has written it for
    settle_seconds (a copy that pauses is not a damaged file)."""

    path: str
    settle_seconds: float = SETTLE_SECONDS

    @property
    def root(self) -> Path:
        return Path(self.path)


class ExportStore(dg.ConfigurableResource):
    """Where validated exports are written (CSV, Parquet, Table Schema), one folder per dataset."""

    path: str

    def folder(self, dataset_id: str) -> Path:
        folder = Path(self.path) / dataset_id
        folder.mkdir(parents=True, exist_ok=True)
        return folder


class PortalResource(dg.ConfigurableResource):
    """The publication target: OpenDataSoft when a domain and a key are configured, else the local portal."""

    path: str
    ods_domain: str | None = None
    ods_api_key: str | None = None  # given as dg.EnvVar: the UI shows the variable's name, never the key
    ods_timeout_seconds: float = 600.0
    ods_poll_seconds: float = 2.0
    public_url: str | None = None  # where the local portal is served (its catalogue's links)
    contact_person: str | None = None  # the catalogue's contact_personne
    charter: str = str(DEFAULT_CHARTER)  # the graphic charter of its pages

    @property
    def uses_opendatasoft(self) -> bool:
        return bool(self.ods_domain and self.ods_api_key)

    def site(self, territory: Territory) -> Site:
        return Site(territory, self.public_url, load_charter(Path(self.charter)))

    def backend(self, territory: Territory) -> LocalBackend | OdsBackend:
        """The portal the territory publishes on."""
        if self.uses_opendatasoft:
            client = OdsClient(self.ods_domain, self.ods_api_key)
            return OdsBackend(client, Path(self.path) / SENT_FOLDER, self.site(territory), self.ods_timeout_seconds,
                              self.ods_poll_seconds)
        return LocalBackend(Path(self.path), self.site(territory))


class DataProtection(dg.ConfigurableResource):
    """The approvals of the data protection officer, for datasets with personal data; and the periods the data
    officer withdrew on purpose from a published dataset."""

    approvals_file: str
    withdrawals_file: str = ""

    def approval(self, dataset_id: str) -> dict | None:
        return find_approval(Path(self.approvals_file), dataset_id)

    def withdrawn(self, dataset_id: str) -> set[str]:
        return withdrawn_periods(Path(self.withdrawals_file), dataset_id) if self.withdrawals_file else set()


class FailureNotifier(dg.ConfigurableResource):
    """Where failed runs are reported besides the UI: a JSON-lines log file, and a webhook when configured."""

    log_file: str
    webhook_url: str | None = None

    def notify(self, failure: dict) -> None:
        record = {"at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), **failure}
        path = Path(self.log_file)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        if self.webhook_url:
            try:
                requests.post(self.webhook_url, json=record, timeout=10)
            except requests.RequestException as error:  # an unreachable hook must not hide the failure itself
                dg.get_dagster_logger().warning(f"failure webhook not reached: {type(error).__name__}")
