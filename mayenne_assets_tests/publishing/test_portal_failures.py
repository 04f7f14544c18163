"""Publication that survives a real portal's failures: a repeated upload sends the whole file, a request that may
have been carried out is repeated only when the portal's state says it was not, a rollback goes back one
publication, not one change, and a failure half-way leaves the portal as it was. (Lists whose total_count is a
string or null: test_safe_publication.py.)"""

from __future__ import annotations

import pytest

from mayenne_assets.lib.publish.backends import OdsBackend, readback_problems
from mayenne_assets.lib.publish.journal import read_journal
from mayenne_assets.lib.publish.ods_client import PAGE_SIZE, OdsClient, OdsError, RetryPolicy
from mayenne_assets_tests.support.ods_server import FakeOpenDataSoft
from mayenne_assets_tests.support.openapi_check import KEY, assert_requests_follow_the_api
from mayenne_assets_tests.support.settings import DATASETS, SITE

EFFECTIFS = DATASETS["effectifs"]

DATASET_ID = EFFECTIFS.dataset_id
CSV = f"{DATASET_ID}.csv"


@pytest.fixture
def portal(tmp_path):
    with FakeOpenDataSoft(KEY) as fake:
        fake.sent = tmp_path / "sent"
        yield fake


def _backend(portal) -> OdsBackend:
    return OdsBackend(OdsClient(portal.url, KEY, RetryPolicy(backoff_seconds=0.0)), portal.sent, SITE, poll=0.0)


def _with_rows(files: dict, tmp_path, name: str, rows: int) -> dict:
    folder = tmp_path / name
    folder.mkdir()
    lines = files[CSV].read_text(encoding="utf-8-sig").splitlines()
    (folder / CSV).write_text("\n".join(lines[: rows + 1]) + "\n", encoding="utf-8-sig")
    return {**files, CSV: folder / CSV}


def _requests(portal, method: str, pattern: str) -> list:
    import re

    return [r for r in portal.state.requests if r.method == method and re.fullmatch(pattern, r.path)]


def test_an_upload_repeated_after_a_503_sends_the_whole_file(portal, export):
    files, record = export
    portal.state.faults.append(("POST", r"/datasets/[^/]+/resources/files/", 503, {}))
    portal.state.faults.append(("POST", r"/datasets/[^/]+/attachments/", 503, {}))
    _backend(portal).publish(DATASET_ID, files, record)
    uploads = _requests(portal, "POST", r"/datasets/[^/]+/resources/files/")
    assert len(uploads) == 2 and uploads[0].body["content"] == uploads[1].body["content"] == files[CSV].read_bytes()
    [dataset] = portal.state.datasets.values()
    assert portal.state.files[dataset["file"]] == files[CSV].read_bytes()
    attachments = _requests(portal, "POST", r"/datasets/[^/]+/attachments/")
    sizes = {a.body["filename"]: len(a.body["content"]) for a in attachments}
    assert all(len(a.body["content"]) == sizes[a.body["filename"]] > 0 for a in attachments)
    assert readback_problems(record, _backend(portal).read_back(DATASET_ID)) == []


@pytest.mark.parametrize(("method", "pattern"), [
    ("POST", r"/datasets/"),  # create the dataset
    ("POST", r"/datasets/[^/]+/fields/"),  # describe a field
    ("POST", r"/datasets/[^/]+/attachments/"),  # attach the Parquet or the Table Schema
    ("POST", r"/datasets/[^/]+/resources/"),  # point the dataset at its CSV
])
def test_a_request_carried_out_whose_answer_was_lost_is_not_repeated(portal, export, method, pattern):
    files, record = export
    portal.state.faults_after.append((method, pattern, 503))
    _backend(portal).publish(DATASET_ID, files, record)
    [dataset] = portal.state.datasets.values()
    assert len(portal.state.datasets) == 1
    assert len(dataset["resources"]) == 1
    described = [f["field"] for f in dataset["fields"]]
    assert len(described) == len(set(described))
    names = [a["filename"] for a in dataset["attachments"].values()]
    assert sorted(names) == sorted(set(names)) == [f"{DATASET_ID}.parquet", "datapackage.json"]
    assert_requests_follow_the_api(portal)


def test_a_post_that_nothing_can_check_is_not_repeated_blindly(portal):
    client = OdsClient(portal.url, KEY, RetryPolicy(backoff_seconds=0.0))
    uid = client.create_dataset(DATASET_ID, {})["uid"]
    portal.state.faults_after.append(("POST", rf"/datasets/{uid}/fields/", 503))
    with pytest.raises(OdsError, match="not repeated: the portal may have carried it out"):
        client.request("POST", f"/datasets/{uid}/fields/", json={"type": "description", "field": "uai"})
    assert len(portal.state.datasets[uid]["fields"]) == 1
    portal.state.faults.append(("POST", r"/datasets/y/unknown/", 429, {"Retry-After": "0"}))
    with pytest.raises(OdsError, match="HTTP 404"):  # a 429 was refused, so it was repeated (and reached the route)
        client.request("POST", "/datasets/y/unknown/")


def test_a_next_link_that_leads_back_ends_the_list_instead_of_looping(portal, monkeypatch):
    client = OdsClient(portal.url, KEY, RetryPolicy(backoff_seconds=0.0))
    looping = {"results": [{"uid": "x"}], "total_count": None,
               "next": f"{portal.url}/api/automation/v1.0/datasets/?page=2"}
    monkeypatch.setattr(client, "request", lambda *args, **kwargs: looping)
    assert len(client.pages("/datasets/")) == 2  # the first page, and the one its link led to


@pytest.mark.parametrize("total_count_as", ["int", "null"])
def test_a_list_longer_than_a_page_is_read_to_its_end(portal, total_count_as):
    """By offset while the total is known, by the next links when it is null: every item, never the first page."""
    client = OdsClient(portal.url, KEY, RetryPolicy(backoff_seconds=0.0))
    uid = client.create_dataset(DATASET_ID, {})["uid"]
    [dataset] = portal.state.datasets.values()
    for n in range(2 * PAGE_SIZE + 5):
        dataset.setdefault("attachments", {})[f"at_{n}"] = {"uid": f"at_{n}", "filename": f"note-{n}.pdf"}
    portal.state.total_count_as = total_count_as
    found = client.attachments(uid)
    assert len(found) == 2 * PAGE_SIZE + 5 and len({a["uid"] for a in found}) == len(found)


def test_a_rollback_restores_the_previous_publication_not_the_previous_change(portal, export, tmp_path):
    files, record = export
    backend = _backend(portal)
    first = backend.publish(DATASET_ID, files, record)
    second = backend.publish(DATASET_ID, _with_rows(files, tmp_path, "b", 10), {**record, "title": "Mauvais titre"})
    [dataset] = portal.state.datasets.values()
    assert len(dataset["versions"]) > 3  # one publication is many changes
    entry = backend.rollback(DATASET_ID)
    assert (entry["from_version"], entry["to_version"]) == (second.version, first.version)
    assert first.version != second.version
    assert portal.state.files[dataset["file"]] == files[CSV].read_bytes()
    assert readback_problems(record, backend.read_back(DATASET_ID)) == []
    with pytest.raises(OdsError, match="no earlier publication recorded"):
        backend.rollback(DATASET_ID)
    withdrawal = backend.withdraw(DATASET_ID)
    assert (withdrawal["from_version"], withdrawal["to_version"]) == (first.version, None)
    assert [e["action"] for e in read_journal(portal.sent / "journal.jsonl")] == [
        "publish", "publish", "rollback", "withdraw"]


def test_a_rollback_to_a_version_the_portal_no_longer_keeps_is_refused(portal, export, tmp_path):
    files, record = export
    backend = _backend(portal)
    backend.publish(DATASET_ID, files, record)
    backend.publish(DATASET_ID, _with_rows(files, tmp_path, "b", 10), record)
    [dataset] = portal.state.datasets.values()
    for n in range(25):  # changes made in the back-office push the first publication out of the last 20
        dataset["versions"].append({"uid": f"ch_bo{n}", "sections": ["metadata"], "can_restore": True,
                                    "created_at": f"2026-06-01T00:00:{n:02d}Z", "snapshot": (None, "{}", 0)})
    del dataset["versions"][:-20]
    with pytest.raises(OdsError, match=r"no longer kept by .* nothing was restored"):
        backend.rollback(DATASET_ID)
    assert portal.state.files[dataset["file"]] != files[CSV].read_bytes()  # still the second publication


def test_a_failure_half_way_puts_the_dataset_back_as_it_was(portal, export, tmp_path):
    files, record = export
    backend = _backend(portal)
    backend.publish(DATASET_ID, files, record)
    [dataset] = portal.state.datasets.values()
    before = (dataset["file"], dataset["metadata"]["default"]["title"])
    portal.state.faults += [("PUT", r"/datasets/[^/]+/metadata/default/title/", 400, {})]
    with pytest.raises(OdsError, match="HTTP 400"):
        backend.publish(DATASET_ID, _with_rows(files, tmp_path, "b", 10), {**record, "title": "Nouveau titre"})
    assert (dataset["file"], dataset["metadata"]["default"]["title"]) == before
    assert dataset["public"]["is_published"]
    assert [e["action"] for e in read_journal(portal.sent / "journal.jsonl")] == ["publish"]
