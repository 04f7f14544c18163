"""Every setting of a deployment: where things are, the territory it publishes for, its secrets. The environment
(or a .env file) is read here and nowhere else; each default is written once, here or beside what it governs."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import load_dotenv

from mayenne_assets.lib.common.charter import DEFAULT_CHARTER
from mayenne_assets.lib.common.territory import (
    MAYENNE,
    REFERENCE_DATA,  # noqa: F401 (where the package's references are)
    Territory,
    territory,
)
from mayenne_assets.lib.drive.file_activity import SETTLE_SECONDS

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DRIVE = PROJECT_ROOT / "data" / "sample_drive"


@dataclass(frozen=True)
class Settings:
    shared_drive: Path
    warehouse: Path
    portal_dir: Path
    exports_dir: Path
    approvals_file: Path
    ods_domain: str | None
    ods_api_key: str | None
    failure_log: Path = PROJECT_ROOT / "data" / "logs" / "run_failures.jsonl"
    alert_webhook: str | None = None
    settle_seconds: float = SETTLE_SECONDS  # a file modified more recently than this is not judged yet
    reference_api: str | None = None  # the Ministry's open-data portal; unset: the shipped snapshot only
    local_colleges: Path = PROJECT_ROOT / "data" / "reference" / "colleges_locaux.toml"
    withdrawals_file: Path = PROJECT_ROOT / "data" / "retraits.toml"  # periods withdrawn on purpose
    public_url: str | None = None  # where the local portal is served; unset: file:// links on this machine
    contact_person: str | None = None  # the e-mail of the person who knows the data (the catalogue's contact_personne)
    dagster_home: Path | None = None  # the Dagster instance's folder (DAGSTER_HOME), for the backup
    # what is published for, and by whom: MAYENNE_DEPARTEMENT, MAYENNE_SIREN, MAYENNE_SIRET, MAYENNE_CONTACT
    territory: Territory = field(default_factory=territory)
    charter: Path = DEFAULT_CHARTER  # the graphic charter of charts, map and pages (MAYENNE_CHARTE)
    # every asset key under this prefix (MAYENNE_ASSET_PREFIX): several territories in one instance
    asset_prefix: str | None = None


def _path(name: str, default: Path) -> Path:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser().resolve() if value else default


def load_settings() -> Settings:
    """Read the environment (a .env in the working folder may set it; real variables win)."""
    load_dotenv(Path.cwd() / ".env", override=False)
    data = PROJECT_ROOT / "data"
    return Settings(
        shared_drive=_path("MAYENNE_SHARED_DRIVE", data / "shared_drive"),
        warehouse=_path("MAYENNE_WAREHOUSE", data / "warehouse" / "mayenne.duckdb"),
        portal_dir=_path("MAYENNE_PORTAL_DIR", data / "portal"),
        exports_dir=_path("MAYENNE_EXPORTS_DIR", data / "exports"),
        approvals_file=_path("MAYENNE_APPROVALS", data / "dpo_approvals.toml"),
        ods_domain=os.environ.get("ODS_DOMAIN") or None,
        ods_api_key=os.environ.get("ODS_API_KEY") or None,
        failure_log=_path("MAYENNE_FAILURE_LOG", data / "logs" / "run_failures.jsonl"),
        alert_webhook=os.environ.get("MAYENNE_ALERT_WEBHOOK") or None,
        settle_seconds=float(os.environ.get("MAYENNE_SETTLE_SECONDS") or SETTLE_SECONDS),
        reference_api=os.environ.get("MAYENNE_REFERENCE_API") or None,
        local_colleges=_path("MAYENNE_LOCAL_COLLEGES", data / "reference" / "colleges_locaux.toml"),
        withdrawals_file=_path("MAYENNE_WITHDRAWALS", data / "retraits.toml"),
        public_url=(os.environ.get("MAYENNE_PUBLIC_URL") or "").strip().rstrip("/") or None,
        contact_person=os.environ.get("MAYENNE_CONTACT_PERSON") or None,
        dagster_home=_path("DAGSTER_HOME", PROJECT_ROOT / "dagster_home"),
        territory=configured_territory(),
        charter=_path("MAYENNE_CHARTE", DEFAULT_CHARTER),
        asset_prefix=(os.environ.get("MAYENNE_ASSET_PREFIX") or "").strip() or None,
    )


def configured_territory() -> Territory:
    """The territory and publisher the environment names; the Mayenne's by default."""
    return territory(os.environ.get("MAYENNE_DEPARTEMENT") or MAYENNE["code"],
                     os.environ.get("MAYENNE_SIREN") or None, os.environ.get("MAYENNE_SIRET") or None,
                     os.environ.get("MAYENNE_CONTACT") or None)
