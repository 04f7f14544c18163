"""The business managers' names and e-mails never leave the workbook: not in the warehouse, an export, the
portal, a log line or a metadata value."""

from __future__ import annotations

import json
from dataclasses import replace

import duckdb
import pandas as pd
import pytest

from mayenne_assets.lib.publish.local_portal import LocalPortal
from mayenne_assets.sample.directory import colleges
from mayenne_assets.sample.people import person
from mayenne_assets.sample.principaux_workbook import managers
from mayenne_assets_tests.support.lineage import materialize_group
from mayenne_assets_tests.support.settings import DATASETS, make_settings

PRINCIPAUX = DATASETS["principaux"]


def _needles() -> list[str]:
    """Every manager's full name, surname and e-mail, lower-cased (the sample draws their surnames apart)."""
    needles = set()
    for name, mail in managers():
        needles |= {name.lower(), name.split()[-1].lower(), mail.lower()}
    assert len(needles) > 40
    return sorted(needles)


def _warehouse_text(path) -> str:
    with duckdb.connect(str(path), read_only=True) as con:
        tables = con.execute("select table_schema, table_name from information_schema.tables").fetchall()
        return "\n".join(con.execute(f'select * from "{schema}"."{name}"').df().to_csv() for schema, name in tables)


def _files_text(folder) -> str:
    texts = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix == ".parquet":
            texts.append(pd.read_parquet(path).to_csv())
        else:
            texts.append(path.read_bytes().decode("utf-8", errors="replace"))
    return "\n".join(texts)


@pytest.fixture(scope="module")
def everything_written(sample_publication) -> dict[str, str]:
    settings, result, instance = sample_publication(None)
    logs = "\n".join(repr(entry) for entry in instance.all_logs(result.run_id))
    return {
        "warehouse": _warehouse_text(settings.warehouse).lower(),
        "exports": _files_text(settings.exports_dir).lower(),
        "portal": _files_text(settings.portal_dir).lower(),
        "logs and metadata": logs.lower(),
    }


@pytest.mark.parametrize("place", ["warehouse", "exports", "portal", "logs and metadata"])
def test_no_business_manager_name_or_email_is_kept(everything_written, place):
    text = everything_written[place]
    assert len(text) > 1000  # the place holds the data it should
    leaked = [needle for needle in _needles() if needle in text]
    assert leaked == []


def test_the_heads_themselves_are_published(everything_written):
    head = " ".join(person(f"principal-{colleges()[0].uai}")[1:]).lower()
    assert head.split()[-1] in everything_written["exports"]


def test_without_the_dpo_approval_a_dataset_with_personal_data_is_not_published(tmp_path):
    settings = replace(make_settings(tmp_path, with_sample=True), approvals_file=tmp_path / "none.toml")
    result = materialize_group(settings, "principaux")
    assert result.success
    assert LocalPortal(settings.portal_dir).current(PRINCIPAUX.dataset_id) is None
    metadata = result.asset_materializations_for_node("portal_principaux")[0].metadata
    assert metadata["published"].value is False
    assert "aucune approbation du délégué à la protection des données" in metadata["skipped_reason"].value
    [logged] = [json.loads(line) for line in settings.failure_log.read_text(encoding="utf-8").splitlines()]
    assert logged["withheld"] == PRINCIPAUX.dataset_id and logged["run_id"] == result.run_id  # not silent
    assert "aucune approbation du délégué à la protection des données" in logged["message"]


def test_the_recorded_approval_is_published_with_the_record(sample_publication):
    settings = sample_publication(None).settings
    record = LocalPortal(settings.portal_dir).metadata(PRINCIPAUX.dataset_id)
    assert record["personal_data"]["approval"]["approved_on"] == "2022-01-10"
    assert set(record["personal_data"]["columns"]) == set(PRINCIPAUX.personal_data)


def test_the_register_of_processing_has_one_entry_per_dataset(sample_publication):
    settings = sample_publication(None).settings
    entries = json.loads((settings.exports_dir / "gouvernance" / "registre_traitements.json").read_text("utf-8"))
    assert sorted(e["dataset_id"] for e in entries) == sorted(d.dataset_id for d in DATASETS.values())
    heads = next(e for e in entries if e["dataset_id"] == PRINCIPAUX.dataset_id)
    assert heads["approbation_dpd"].startswith("approuvé par") and "2022-01-10" in heads["approbation_dpd"]
    assert "nom_gestionnaire" in heads["donnees_personnelles_ecartees"]
    assert "mail_principal" in heads["donnees_personnelles_publiees"] and heads["base_legale"]
    others = [e for e in entries if e["dataset_id"] != PRINCIPAUX.dataset_id]
    assert all(e["donnees_personnelles_publiees"] == "aucune" for e in others)
