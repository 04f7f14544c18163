"""Publishing on OpenDataSoft, against a stateful local portal that speaks the official API description."""

from __future__ import annotations

import dataclasses
import shutil

import pytest

from mayenne_assets.lib.export.schemas import expand
from mayenne_assets.lib.publish.backends import OdsBackend, readback_problems
from mayenne_assets.lib.publish.ods_client import OdsClient, OdsError, RetryPolicy, base_url
from mayenne_assets_tests.support.ods_server import FakeOpenDataSoft
from mayenne_assets_tests.support.openapi_check import KEY, assert_requests_follow_the_api
from mayenne_assets_tests.support.settings import DATASETS, SITE

EFFECTIFS = DATASETS["effectifs"]

DATASET_ID = EFFECTIFS.dataset_id


@pytest.fixture
def portal(tmp_path):
    with FakeOpenDataSoft(KEY) as fake:
        fake.sent = tmp_path / "sent"  # where the backend keeps the CSV it last sent
        yield fake


def _backend(portal, attempts: int = 4) -> OdsBackend:
    return OdsBackend(OdsClient(portal.url, KEY, RetryPolicy(attempts=attempts, backoff_seconds=0.0)), portal.sent,
                      SITE, poll=0.0)


def test_domain_or_full_base_url():
    assert base_url("data.lamayenne.fr") == "https://data.lamayenne.fr"
    assert base_url("http://127.0.0.1:8080/") == "http://127.0.0.1:8080"


def test_first_publication_creates_describes_publishes_and_reads_back(portal, export):
    files, record = export
    backend = _backend(portal)
    outcome = backend.publish(DATASET_ID, files, record)
    assert outcome.changed
    [dataset] = portal.state.datasets.values()
    assert dataset["public"]["dataset_id"] == DATASET_ID and dataset["public"]["is_published"]
    # no template field for a SIREN on this portal: it closes the description; the coverage is dcat.temporal
    assert dataset["metadata"]["default"]["description"]["value"].endswith(
        "Producteur : Département de la Mayenne (SIREN 225300011).")
    assert dataset["metadata"]["dcat"]["temporal"]["value"] == "1985/2021"
    assert {f["field"] for f in dataset["fields"]} == set(expand(EFFECTIFS.columns))
    assert sorted(a["filename"] for a in dataset["attachments"].values()) == [
        f"{DATASET_ID}.parquet", "datapackage.json"]
    assert readback_problems(record, backend.read_back(DATASET_ID)) == []
    assert_requests_follow_the_api(portal)


def test_unchanged_data_change_nothing_and_new_data_replace_the_resource(portal, export, tmp_path):
    files, record = export
    backend = _backend(portal)
    backend.publish(DATASET_ID, files, record)
    writes_before = [r for r in portal.state.requests if r.method != "GET"]
    again = backend.publish(DATASET_ID, files, record)
    assert not again.changed
    assert [r for r in portal.state.requests if r.method != "GET"] == writes_before
    changed_csv = tmp_path / f"{DATASET_ID}.csv"
    lines = files[f"{DATASET_ID}.csv"].read_text(encoding="utf-8-sig").splitlines()
    changed_csv.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8-sig")  # one row fewer
    outcome = backend.publish(DATASET_ID, {**files, f"{DATASET_ID}.csv": changed_csv},
                              {**record, "records": record["records"] - 1})
    assert outcome.changed
    [dataset] = portal.state.datasets.values()
    assert len(dataset["resources"]) == 1 and len(portal.state.datasets) == 1
    assert len(dataset["attachments"]) == 2  # replaced, not piled up
    assert backend.read_back(DATASET_ID).records == record["records"] - 1
    assert_requests_follow_the_api(portal)


def test_a_429_is_retried_after_its_reset_time(portal, export):
    files, record = export
    portal.state.faults.append(("GET", "/datasets/", 429, {"Retry-After": "0"}))
    assert _backend(portal).publish(DATASET_ID, files, record).changed
    assert sum(r.method == "GET" and r.path == "/datasets/" for r in portal.state.requests) >= 2


def test_a_500_three_times_fails_with_the_portal_message_and_without_the_key(portal, export):
    files, record = export
    portal.state.faults += [("POST", "/datasets/", 500, {})] * 3
    with pytest.raises(OdsError) as error:
        _backend(portal, attempts=3).publish(DATASET_ID, files, record)
    assert "gave up after 3 attempts" in str(error.value) and "HTTP 500" in str(error.value)
    assert KEY not in str(error.value) and not portal.state.datasets


def test_a_4xx_fails_at_once_with_error_code_and_message(portal, export):
    files, record = export
    portal.state.faults.append(("POST", "/datasets/", 403, {}))
    with pytest.raises(OdsError) as error:
        _backend(portal).publish(DATASET_ID, files, record)
    assert error.value.status == 403 and "fault: injected 403" in str(error.value)
    assert sum(r.method == "POST" and r.path == "/datasets/" for r in portal.state.requests) == 1


def test_records_errors_fail_the_publication(portal, export):
    files, record = export
    portal.state.records_errors = True
    with pytest.raises(OdsError, match="record error"):
        _backend(portal).publish(DATASET_ID, files, record)


def test_a_metadata_field_dropped_silently_is_caught_by_the_read_back(portal, export):
    files, record = export
    portal.state.drop_metadata_field = ("dcat", "temporal")
    backend = _backend(portal)
    backend.publish(DATASET_ID, files, record)
    found = readback_problems(record, backend.read_back(DATASET_ID))
    assert found == ["temporal_coverage: sent {'start': 1985, 'end': 2021}, the portal holds None"]


def test_the_portal_asset_publishes_on_opendatasoft_when_configured(portal, sample_settings, monkeypatch):
    import dagster as dg

    from mayenne_assets.definitions import build_definitions, resources_for

    monkeypatch.setenv("ODS_API_KEY", KEY)
    settings = dataclasses.replace(sample_settings, ods_domain=portal.url, ods_api_key=KEY)
    defs = build_definitions(settings)
    groups = {"effectifs", "reference"}
    assets = [a for a in defs.assets if set(a.group_names_by_key.values()) & groups]
    resources = resources_for(settings)
    resources["portal"] = resources["portal"].model_copy(update={"ods_poll_seconds": 0.0})
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize(assets, resources=resources, instance=instance)
    assert result.success
    [check] = [e for e in result.get_asset_check_evaluations() if e.check_name == "read_back"]
    assert check.passed
    assert not (settings.portal_dir / DATASET_ID).exists()  # published there, not on the local portal
    logs = "\n".join(repr(entry) for entry in instance.all_logs(result.run_id))
    assert KEY not in logs
    [dataset] = portal.state.datasets.values()
    [changes] = [a for a in dataset["attachments"].values() if a["filename"] == "changes.csv"]
    assert portal.state.files[changes["uid"]].decode("utf-8-sig").startswith("changement;cle;etablissement;colonne;")
    metadata = result.asset_materializations_for_node("portal_effectifs")[0].metadata
    assert metadata["changes"].value.startswith("première publication : 2021 : ")
    assert (settings.portal_dir / "_envoye_opendatasoft" / f"{DATASET_ID}.csv").is_file()  # the next one's base
    assert_requests_follow_the_api(portal)
    shutil.rmtree(settings.exports_dir)


def test_a_publication_that_never_finishes_times_out(portal, export):
    files, record = export
    portal.state.stuck_processing = True
    backend = OdsBackend(OdsClient(portal.url, KEY, RetryPolicy(backoff_seconds=0.0)), portal.sent, SITE,
                         timeout=0.3,
                         poll=0.05)
    with pytest.raises(OdsError, match="still processing after 0 s"):
        backend.publish(DATASET_ID, files, record)


def test_a_failure_half_way_leaves_the_previous_published_version(portal, export, tmp_path):
    files, record = export
    backend = _backend(portal, attempts=2)
    backend.publish(DATASET_ID, files, record)
    [dataset] = portal.state.datasets.values()
    published_file = dataset["file"]
    changed_csv = tmp_path / f"{DATASET_ID}.csv"
    changed_csv.write_text(files[f"{DATASET_ID}.csv"].read_text(encoding="utf-8-sig") + "x\n", encoding="utf-8-sig")
    portal.state.faults += [("PUT", r"/datasets/[^/]+/resources/[^/]+/", 503, {})] * 2
    with pytest.raises(OdsError, match="HTTP 503"):
        backend.publish(DATASET_ID, {**files, f"{DATASET_ID}.csv": changed_csv}, record)
    assert dataset["file"] == published_file and dataset["public"]["is_published"]
    assert backend.read_back(DATASET_ID).records == record["records"]


def test_what_changed_is_computed_against_the_csv_last_sent(portal, export, tmp_path):
    """On OpenDataSoft the base of changes.csv is the CSV the backend last sent (kept beside the journal): a row
    removed since is the one change, not a first publication of every row."""
    from mayenne_assets.defs.publication import _changes

    files, record = export
    backend = _backend(portal)
    backend.publish(DATASET_ID, files, record)
    assert backend.published_csv(DATASET_ID).read_bytes() == files[f"{DATASET_ID}.csv"].read_bytes()
    lines = files[f"{DATASET_ID}.csv"].read_text(encoding="utf-8-sig").splitlines()
    fewer = tmp_path / "fewer" / f"{DATASET_ID}.csv"
    fewer.parent.mkdir()
    fewer.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8-sig")
    _, changes = _changes(EFFECTIFS, backend, {**files, f"{DATASET_ID}.csv": fewer}, tmp_path, set())
    assert not changes["resume"].startswith("première publication"), changes["resume"]
    assert (changes["lignes_retirees"], changes["lignes_ajoutees"], changes["premiere_publication"]) == (1, 0, False)
