"""Publication that is safe on a real portal: what the back-office set is never wiped, fields the portal lacks are
not sent, lists are read to their end, descriptions are updated in place, a bad publication can be rolled back
and a dataset withdrawn, on OpenDataSoft (a stand-in that keeps the API's semantics) and on the local portal."""

from __future__ import annotations

import json
import re

import dagster as dg
import openpyxl
import pytest

from mayenne_assets.definitions import build_definitions, resources_for
from mayenne_assets.lib.publish.backends import OdsBackend, readback_problems
from mayenne_assets.lib.publish.local_portal import LocalPortal
from mayenne_assets.lib.publish.ods_client import OdsClient, OdsError, RetryPolicy
from mayenne_assets.portal import main as portal_main
from mayenne_assets_tests.support.lineage import materialize_group
from mayenne_assets_tests.support.ods_server import FakeOpenDataSoft
from mayenne_assets_tests.support.openapi_check import KEY, assert_requests_follow_the_api
from mayenne_assets_tests.support.settings import DATASETS, SITE

EFFECTIFS = DATASETS["effectifs"]

DATASET_ID = EFFECTIFS.dataset_id
BACK_OFFICE = {"references": {"value": "https://www.lamayenne.fr/education"},
               "attributions": {"value": "Direction de l'éducation"}}


@pytest.fixture
def portal(tmp_path):
    with FakeOpenDataSoft(KEY) as fake:
        fake.sent = tmp_path / "sent"
        fake.state.templates["departement"] = ["siren_producteur", "service"]  # a custom template of the portal
        yield fake


def _backend(portal) -> OdsBackend:
    return OdsBackend(OdsClient(portal.url, KEY, RetryPolicy(backoff_seconds=0.0)), portal.sent, SITE, poll=0.0)


def _one_row_fewer(files: dict, tmp_path, name: str, rows: int):
    path = tmp_path / name
    path.mkdir()
    lines = files[f"{DATASET_ID}.csv"].read_text(encoding="utf-8-sig").splitlines()
    (path / f"{DATASET_ID}.csv").write_text("\n".join(lines[: rows + 1]) + "\n", encoding="utf-8-sig")
    return {**files, f"{DATASET_ID}.csv": path / f"{DATASET_ID}.csv"}


def test_back_office_fields_survive_two_refreshes_and_the_siren_reads_back(portal, export, tmp_path):
    files, record = export
    backend = _backend(portal)
    backend.publish(DATASET_ID, files, record)
    [dataset] = portal.state.datasets.values()
    dataset["metadata"]["default"].update(BACK_OFFICE)  # set by hand in the back-office
    dataset["metadata"]["departement"]["service"] = {"value": "Éducation"}
    for refresh, rows in (("first", record["records"] - 1), ("second", record["records"] - 2)):
        changed = _one_row_fewer(files, tmp_path, refresh, rows)
        outcome = backend.publish(DATASET_ID, changed, {**record, "records": rows,
                                                        "description": record["description"] + f" ({refresh})"})
        assert outcome.changed
    held = dataset["metadata"]
    assert {k: held["default"][k] for k in BACK_OFFICE} == BACK_OFFICE
    assert held["departement"] == {"siren_producteur": {"value": "225300011"}, "service": {"value": "Éducation"}}
    assert held["default"]["description"]["value"].endswith("(second)")  # no closing line: the SIREN has a field
    readback = backend.read_back(DATASET_ID)
    assert readback.values["publisher_siren"] == "225300011" and readback.records == rows
    assert not any(r.method == "PUT" and re.fullmatch(r"/datasets/[^/]+/metadata/[^/]+/", r.path)
                   for r in portal.state.requests)  # never a whole template, which would remove the others
    assert_requests_follow_the_api(portal)


def test_fields_the_portal_lacks_are_not_sent_but_reported(portal, export):
    files, record = export
    del portal.state.templates["dcat"]
    outcome = _backend(portal).publish(DATASET_ID, files, record)
    assert "dcat.temporal" in outcome.not_sent and "dcat.contact_email" in outcome.not_sent
    assert not any("/metadata/dcat/" in r.path for r in portal.state.requests)
    [dataset] = portal.state.datasets.values()
    assert dataset["metadata"]["default"]["description"]["value"].endswith("Période couverte : 1985–2021.")
    assert readback_problems(record, _backend(portal).read_back(DATASET_ID)) == []


def test_a_changed_field_description_is_updated_in_place(portal, export):
    files, record = export
    backend = _backend(portal)
    backend.publish(DATASET_ID, files, record)
    fields = [{**f, "description": "Élèves inscrits"} if f["name"] == "effectif" else f for f in record["fields"]]
    backend.publish(DATASET_ID, files, {**record, "fields": fields})
    [dataset] = portal.state.datasets.values()
    described = [f for f in dataset["fields"] if f["field"] == "effectif"]
    assert len(described) == 1 and described[0]["description"] == "Élèves inscrits"
    assert len(dataset["fields"]) == len(record["fields"])


@pytest.mark.parametrize("total_count_as", ["int", "string", "null", "text"])  # what the description allows
def test_every_list_is_read_to_its_end_and_an_odd_answer_names_its_endpoint(portal, export, total_count_as):
    files, record = export
    portal.state.total_count_as = total_count_as
    backend = _backend(portal)
    backend.publish(DATASET_ID, files, record)
    assert readback_problems(record, backend.read_back(DATASET_ID)) == []
    [dataset] = portal.state.datasets.values()
    for n in range(45):  # more than two of the API's default pages
        dataset["attachments"][f"at_x{n}"] = {"uid": f"at_x{n}", "filename": f"note-{n}.pdf"}
    assert len(backend.client.attachments(dataset["public"]["uid"])) == 47
    portal.state.faults.append(("GET", "/datasets/", 200, {}))  # a body with neither results nor total_count
    with pytest.raises(OdsError, match=r"GET /datasets/: expected a page with results and total_count"):
        backend.client.find_dataset(DATASET_ID)


def test_a_bad_publication_is_rolled_back_on_opendatasoft(portal, export, tmp_path):
    files, record = export
    backend = _backend(portal)
    backend.publish(DATASET_ID, files, record)
    bad = _one_row_fewer(files, tmp_path, "bad", 10)
    backend.publish(DATASET_ID, bad, {**record, "records": 10, "title": "Mauvais titre"})
    [dataset] = portal.state.datasets.values()
    assert dataset["records"] == 10
    entry = backend.rollback(DATASET_ID)
    assert dataset["records"] == record["records"]
    assert dataset["metadata"]["default"]["title"]["value"] == record["title"]
    assert readback_problems(record, backend.read_back(DATASET_ID)) == []
    assert entry["action"] == "rollback" and json.loads((portal.sent / "journal.jsonl").read_text().splitlines()[-1])
    backend.withdraw(DATASET_ID)
    assert dataset["public"]["is_published"] is False
    assert_requests_follow_the_api(portal)


def test_a_bad_publication_is_rolled_back_on_the_local_portal_by_command_and_by_job(sample_settings, monkeypatch,
                                                                                    capsys):
    portal = LocalPortal(sample_settings.portal_dir)
    assert materialize_group(sample_settings, "effectifs").success
    [good] = portal.versions(DATASET_ID)
    workbook_path = sample_settings.shared_drive / "Effectifs collèges 1985-2021.xlsx"
    workbook = openpyxl.load_workbook(workbook_path)
    sheet = workbook["Publics"]
    column = next(c.column for c in sheet[5] if c.value == 2021)
    sheet.cell(6, column).value = int(sheet.cell(6, column).value) + 100  # a "bad" version: a figure typed wrong
    workbook.save(workbook_path)
    assert materialize_group(sample_settings, "effectifs").success
    assert len(portal.versions(DATASET_ID)) == 2 and portal.current(DATASET_ID)["version"] != good
    for variable, value in {"MAYENNE_PORTAL_DIR": sample_settings.portal_dir}.items():
        monkeypatch.setenv(variable, str(value))
    assert portal_main(["rollback", DATASET_ID]) == 0
    assert portal.current(DATASET_ID)["version"] == good
    assert portal_main(["rollback", DATASET_ID]) == 2 and "no earlier version" in capsys.readouterr().err
    job = build_definitions(sample_settings).resolve_job_def("portal_rollback")
    result = job.execute_in_process(run_config={"ops": {"undo_publication": {"config": {
        "dataset_id": DATASET_ID, "action": "withdraw"}}}}, resources=resources_for(sample_settings),
        instance=dg.DagsterInstance.ephemeral())
    assert result.success and portal.current(DATASET_ID) is None and len(portal.versions(DATASET_ID)) == 2
    journal = [json.loads(line) for line in (sample_settings.portal_dir / DATASET_ID / "journal.jsonl")
               .read_text(encoding="utf-8").splitlines()]
    assert [e["action"] for e in journal] == ["rollback", "withdraw"]
    assert DATASET_ID not in (sample_settings.portal_dir / "catalogue_donnees.csv").read_text(encoding="utf-8")


def test_the_stand_in_keeps_the_api_s_semantics_a_template_put_removes_what_it_leaves_out(portal, export):
    """So that a client going back to writing whole templates would show here, as it would on a real portal."""
    files, record = export
    backend = _backend(portal)
    backend.publish(DATASET_ID, files, record)
    [dataset] = portal.state.datasets.values()
    dataset["metadata"]["default"].update(BACK_OFFICE)
    uid = dataset["public"]["uid"]
    backend.client.request("PUT", f"/datasets/{uid}/metadata/default/", json={"title": {"value": "Titre"}})
    assert dataset["metadata"]["default"] == {"title": {"value": "Titre"}}
