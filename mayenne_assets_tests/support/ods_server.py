"""A stateful stand-in for an OpenDataSoft portal on 127.0.0.1, answering with the request and response shapes of
the official Automation API v1.0 and Explore API v2.1 descriptions: datasets, uploaded files, resources,
metadata templates, field configurations, the publication status state machine, error_code errors and
pagination. As the real portal, it keeps a version of each change (data, metadata, fields, attachments), the last
20 only. Faults can be injected to test the client: 429, 5xx, records_errors, a metadata field dropped, a request
carried out whose answer is an error, a total_count typed as a string or null (as the description allows)."""

from __future__ import annotations

import itertools
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

AUTOMATION = "/api/automation/v1.0"
EXPLORE = "/api/explore/v2.1"
STATUS_SEQUENCE = ["queued", "processing", "idle"]
VERSIONS_KEPT = 20


@dataclass
class Recorded:
    method: str
    path: str  # without the API prefix
    api: str
    query: dict
    body: object
    content_type: str


@dataclass
class PortalState:
    api_key: str
    datasets: dict[str, dict] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    faults: list[tuple[str, str, int, dict]] = field(default_factory=list)  # (method, path regex, status, headers)
    faults_after: list[tuple[str, str, int]] = field(default_factory=list)  # carried out, then answered with status
    total_count_as: str = "int"  # "int", "string", "null" or "text": how lists give their total_count
    records_errors: bool = False
    stuck_processing: bool = False  # the portal never finishes processing
    drop_metadata_field: tuple[str, str] | None = None
    public_exports: dict[str, list[dict]] = field(default_factory=dict)  # open datasets anyone may export
    # the portal's metadata templates and their fields (what GET /metadata/templates/ lists)
    templates: dict[str, list[str]] = field(default_factory=lambda: {
        "default": ["title", "description", "keyword", "language", "publisher", "modified", "theme", "references",
                    "attributions", "timezone", "geographic_reference"],
        "internal": ["license_id", "theme_id"],
        "dcat": ["created", "issued", "creator", "contributor", "contact_name", "contact_email",
                 "accrualperiodicity", "spatial", "temporal", "granularity", "dataquality"],
    })
    ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    version_clock: int = 0

    def new_uid(self, prefix: str) -> str:
        return f"{prefix}_{next(self.ids):05d}"


class Handler(BaseHTTPRequestHandler):
    state: PortalState

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    # -- plumbing --------------------------------------------------------------------------------------------
    def _send(self, status: int, payload: object = None, headers: dict | None = None) -> None:
        if getattr(self, "_answer_instead", None) is not None:  # carried out; the client gets the fault instead
            status, payload, headers = self._answer_instead, {"error_code": "fault", "message": "injected"}, {}
            self._answer_instead = None
        body = b"" if payload is None else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, code: str, message: str) -> None:
        self._send(status, {"error_code": code, "message": message})

    def _body(self) -> tuple[object, str]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        content_type = self.headers.get("Content-Type", "")
        if content_type.startswith("application/json"):
            return json.loads(raw or b"null"), content_type
        if content_type.startswith("multipart/form-data"):
            match = re.search(rb'filename="([^"]+)"\r\n(?:[^\r\n]*\r\n)*\r\n(.*)\r\n--', raw, re.S)
            return ({"filename": match.group(1).decode(), "content": match.group(2)} if match else None), content_type
        return None, content_type

    def _handle(self, method: str) -> None:
        url = urlparse(self.path)
        api = AUTOMATION if url.path.startswith(AUTOMATION) else EXPLORE if url.path.startswith(EXPLORE) else ""
        path = url.path[len(api):]
        body, content_type = self._body()
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        self.state.requests.append(Recorded(method, path, api, query, body, content_type))
        public = api == EXPLORE and "/exports/" in path  # an open dataset's export needs no key
        key = query.get("apikey") if api == EXPLORE else self.headers.get("Authorization", "").removeprefix("apikey ")
        if not public and key != self.state.api_key:  # the Explore API takes the key as a query parameter only
            return self._error(401, "invalid_api_key", "Invalid API key")
        for fault in list(self.state.faults):
            if fault[0] == method and re.fullmatch(fault[1], path):
                self.state.faults.remove(fault)
                return self._send(fault[2], {"error_code": "fault", "message": f"injected {fault[2]}"}, fault[3])
        route = ROUTES.get((method, api, _template(path)))
        if route is None:
            return self._error(404, "not_found", f"no route {method} {path}")
        for fault in list(self.state.faults_after):
            if fault[0] == method and re.fullmatch(fault[1], path):
                self.state.faults_after.remove(fault)
                self._answer_instead = fault[2]
        route(self, path, query, body)

    def do_GET(self):
        self._handle("GET")

    def do_POST(self):
        self._handle("POST")

    def do_PUT(self):
        self._handle("PUT")

    def do_DELETE(self):
        self._handle("DELETE")

    def _page(self, results: list, query: dict, path: str) -> None:
        """A page of a list, as the API gives it: 20 items unless a limit is asked, and the link to the next."""
        limit, offset = int(query.get("limit", 20)), int(query.get("offset", 0))
        following = f"{AUTOMATION}{path}?limit={limit}&offset={offset + limit}" if offset + limit < len(results) \
            else None
        total = {"int": len(results), "string": str(len(results)), "null": None,
                 "text": "plusieurs"}[self.state.total_count_as]  # a string that is no number: allowed too
        self._send(200, {"total_count": total, "next": following, "previous": None,
                         "results": results[offset: offset + limit]})

    def _changed(self, dataset: dict, section: str) -> None:
        """A version of the dataset as it now is, as the portal keeps one per change (the latest only)."""
        versions = dataset.setdefault("versions", [])
        versions.append({"uid": self.state.new_uid("ch"), "sections": [section], "can_restore": True,
                         "created_at": f"2026-01-01T00:{self.state.version_clock // 60:02d}:"
                                       f"{self.state.version_clock % 60:02d}Z",
                         "snapshot": (dataset.get("file"), json.dumps(dataset["metadata"]), dataset["records"])})
        self.state.version_clock += 1
        del versions[:-VERSIONS_KEPT]

    # -- routes ----------------------------------------------------------------------------------------------
    def _dataset(self, path: str) -> dict | None:
        uid = path.split("/")[2]
        dataset = self.state.datasets.get(uid)
        if dataset is None:
            self._error(404, "not_found", f"Dataset {uid} not found")
        return dataset

    def list_datasets(self, path, query, body):
        found = [d["public"] for d in self.state.datasets.values()
                 if "dataset_id" not in query or d["public"]["dataset_id"] == query["dataset_id"]]
        self._page(found, query, path)

    def create_dataset(self, path, query, body):
        uid = self.state.new_uid("da")
        public = {"uid": uid, "dataset_id": body["dataset_id"], "is_published": False,
                  "is_restricted": body.get("is_restricted", False), "metadata": body["metadata"]}
        metadata = {template: dict(values) for template, values in body["metadata"].items()}
        self.state.datasets[uid] = {"public": public, "metadata": metadata, "resources": {}, "fields": [],
                                    "status": "idle", "queue": [], "records": 0}
        self._send(201, public)

    def list_resources(self, path, query, body):
        if (dataset := self._dataset(path)) is not None:
            self._page(list(dataset["resources"].values()), query, path)

    def upload_file(self, path, query, body):
        if self._dataset(path) is not None:
            uid = self.state.new_uid("re")
            self.state.files[uid] = body["content"]
            self._send(200, {"uid": uid, "filename": body["filename"], "mimetype": "text/csv",
                             "created_at": "2026-01-01T00:00:00Z"})

    def put_resource(self, path, query, body):
        if (dataset := self._dataset(path)) is None:
            return
        resource_uid = path.split("/")[4] if path.count("/") > 4 and path.split("/")[4] else self.state.new_uid("re")
        file_uid = body["datasource"]["file"]["uid"]
        if file_uid not in self.state.files:
            return self._error(400, "invalid_file", f"unknown file {file_uid}")
        dataset["resources"][resource_uid] = {"uid": resource_uid, **body}
        dataset["file"] = file_uid
        self._changed(dataset, "data")
        self._send(200 if self.command == "PUT" else 201, dataset["resources"][resource_uid])

    def list_attachments(self, path, query, body):
        if (dataset := self._dataset(path)) is not None:
            self._page(list(dataset.setdefault("attachments", {}).values()), query, path)

    def add_attachment(self, path, query, body):
        if (dataset := self._dataset(path)) is not None:
            uid = self.state.new_uid("at")
            self.state.files[uid] = body["content"]
            dataset.setdefault("attachments", {})[uid] = {"uid": uid, "filename": body["filename"],
                                                           "mimetype": None, "created_at": "2026-01-01T00:00:00Z"}
            self._changed(dataset, "attachments")
            self._send(201, dataset["attachments"][uid])

    def delete_attachment(self, path, query, body):
        if (dataset := self._dataset(path)) is not None:
            if dataset.setdefault("attachments", {}).pop(path.split("/")[4], None) is None:
                return self._error(404, "not_found", "Attachment not found")
            self._changed(dataset, "attachments")
            self._send(204)

    def get_metadata(self, path, query, body):
        if (dataset := self._dataset(path)) is not None:
            self._send(200, dataset["metadata"])

    def put_metadata(self, path, query, body):
        """The whole template is replaced: a field left out of the body is removed (as the API describes)."""
        if (dataset := self._dataset(path)) is None:
            return
        template = path.split("/")[4]
        dataset["metadata"][template] = dict(body)
        self._changed(dataset, "metadata")
        self._send(200, dataset["metadata"][template])

    def put_metadata_field(self, path, query, body):
        if (dataset := self._dataset(path)) is None:
            return
        template, name = path.split("/")[4], path.split("/")[5]
        if name not in self.state.templates.get(template, []):
            return self._error(400, "unknown_metadata_field", f"{template}.{name} does not exist on this portal")
        if self.state.drop_metadata_field == (template, name):
            return self._send(200, body)  # silently lost, as it happened by hand
        dataset["metadata"].setdefault(template, {})[name] = {"value": body["value"]}
        self._changed(dataset, "metadata")
        self._send(200, dataset["metadata"][template][name])

    def list_templates(self, path, query, body):
        self._page([{"name": name, "title": name, "is_active": True} for name in self.state.templates], query, path)

    def list_template_fields(self, path, query, body):
        name = path.split("/")[3]
        if name not in self.state.templates:
            return self._error(404, "not_found", f"Template {name} not found")
        self._page([{"name": f, "type": "text"} for f in self.state.templates[name]], query, path)

    def list_fields(self, path, query, body):
        if (dataset := self._dataset(path)) is not None:
            results = dataset["fields"]
            self._send(200, {"total_count": len(results), "next": None, "previous": None, "results": results})

    def add_field(self, path, query, body):
        if (dataset := self._dataset(path)) is not None:
            configuration = {"uid": self.state.new_uid("fc"), **body}
            dataset["fields"].append(configuration)
            self._changed(dataset, "processing")
            self._send(201, configuration)

    def update_field(self, path, query, body):
        if (dataset := self._dataset(path)) is None:
            return
        uid = path.split("/")[4]
        found = next((f for f in dataset["fields"] if f["uid"] == uid), None)
        if found is None:
            return self._error(404, "not_found", f"Field configuration {uid} not found")
        found.clear()
        found.update({"uid": uid, **body})
        self._changed(dataset, "processing")
        self._send(200, found)

    def list_versions(self, path, query, body):
        if (dataset := self._dataset(path)) is not None:
            self._page([{k: v for k, v in version.items() if k != "snapshot"}
                        for version in reversed(dataset.setdefault("versions", []))], query, path)

    def restore_version(self, path, query, body):
        if (dataset := self._dataset(path)) is None:
            return
        version = next((v for v in dataset.get("versions", []) if v["uid"] == path.split("/")[4]), None)
        if version is None:
            return self._error(404, "not_found", "Version not found")
        dataset["file"], metadata, dataset["records"] = version["snapshot"]
        dataset["metadata"] = json.loads(metadata)
        self._changed(dataset, "restore")
        self._send(200, dataset["public"])

    def unpublish(self, path, query, body):
        if (dataset := self._dataset(path)) is not None:
            dataset["public"]["is_published"] = False
            self._send(200, {"detail": "ok"})

    def publish(self, path, query, body):
        if (dataset := self._dataset(path)) is None:
            return
        if "file" not in dataset:
            return self._error(400, "invalid_dataset_status", "the dataset has no resource to publish")
        dataset["queue"] = list(STATUS_SEQUENCE)
        dataset["status"] = "queued"
        self._send(200, {"detail": "ok"})

    def status(self, path, query, body):
        if (dataset := self._dataset(path)) is None:
            return
        if self.state.stuck_processing and dataset["queue"]:
            dataset["status"] = "processing"
        elif dataset["queue"]:
            dataset["status"] = dataset["queue"].pop(0)
            if dataset["status"] == "idle":
                text = self.state.files[dataset["file"]].decode("utf-8-sig")
                dataset["records"] = max(len(text.strip().splitlines()) - 1, 0)
                dataset["public"]["is_published"] = True
        errors = [{"record_id": "r1", "field_uid": "effectif", "message": "Could not convert 'x' to int"}] \
            if self.state.records_errors and dataset["status"] == "idle" else []
        self._send(200, {"status": dataset["status"], "previous": None, "next": None,
                         "since": "2026-01-01T00:00:00Z", "is_published": dataset["public"]["is_published"],
                         "message": None, "records_errors": errors, "params": {}})

    def explore_records(self, path, query, body):
        dataset_id = path.split("/")[3]
        dataset = next((d for d in self.state.datasets.values() if d["public"]["dataset_id"] == dataset_id), None)
        if dataset is None or not dataset["public"]["is_published"]:
            return self._error(404, "unknown_dataset", f"Unknown dataset: {dataset_id}")
        self._send(200, {"total_count": dataset["records"], "results": []})


    def explore_export(self, path, query, body):
        dataset_id, export_format = path.split("/")[3], path.split("/")[5]
        if dataset_id not in self.state.public_exports:
            return self._error(404, "unknown_dataset", f"Unknown dataset: {dataset_id}")
        if export_format != "json":
            return self._error(400, "invalid_format", f"{export_format} is not served by this stand-in")
        rows = self.state.public_exports[dataset_id]
        departement = re.search(r'code_departement="(\d+)"', query.get("where", ""))
        self._send(200, [r for r in rows if not departement or r.get("code_departement") == departement.group(1)])


def _template(path: str) -> str:
    """The OpenAPI path template a concrete path belongs to."""
    path = re.sub(r"^/datasets/[^/]+/resources/files/$", "/datasets/{dataset_uid}/resources/files/", path)
    path = re.sub(r"^/datasets/(?!\{)[^/]+/", "/datasets/{dataset_uid}/", path)
    path = re.sub(r"/resources/(?!files/|\{)[^/]+/$", "/resources/{resource_uid}/", path)
    path = re.sub(r"^(/datasets/\{dataset_uid\})/metadata/(?!\{)[^/]+/$", r"\1/metadata/{template_name}/", path)
    path = re.sub(r"/attachments/(?!\{)[^/]+/$", "/attachments/{attachment_uid}/", path)
    path = re.sub(r"^(/datasets/\{dataset_uid\})/metadata/(?!\{)[^/]+/(?!\{)[^/]+/$",
                  r"\1/metadata/{template_name}/{template_field_name}/", path)
    path = re.sub(r"^/metadata/templates/(?!\{)[^/]+/fields/$", "/metadata/templates/{template_name}/fields/", path)
    path = re.sub(r"^(/datasets/\{dataset_uid\})/fields/(?!\{)[^/]+/$", r"\1/fields/{field_uid}/", path)
    path = re.sub(r"/versions/(?!\{)[^/]+/restore/$", "/versions/{version_uid}/restore/", path)
    path = re.sub(r"^/catalog/datasets/[^/]+/exports/[^/]+$", "/catalog/datasets/{dataset_id}/exports/{format}", path)
    return re.sub(r"^/catalog/datasets/[^/]+/records$", "/catalog/datasets/{dataset_id}/records", path)


ROUTES = {
    ("GET", AUTOMATION, "/datasets/"): Handler.list_datasets,
    ("POST", AUTOMATION, "/datasets/"): Handler.create_dataset,
    ("GET", AUTOMATION, "/datasets/{dataset_uid}/resources/"): Handler.list_resources,
    ("POST", AUTOMATION, "/datasets/{dataset_uid}/resources/"): Handler.put_resource,
    ("PUT", AUTOMATION, "/datasets/{dataset_uid}/resources/{resource_uid}/"): Handler.put_resource,
    ("POST", AUTOMATION, "/datasets/{dataset_uid}/resources/files/"): Handler.upload_file,
    ("GET", AUTOMATION, "/datasets/{dataset_uid}/attachments/"): Handler.list_attachments,
    ("POST", AUTOMATION, "/datasets/{dataset_uid}/attachments/"): Handler.add_attachment,
    ("DELETE", AUTOMATION, "/datasets/{dataset_uid}/attachments/{attachment_uid}/"): Handler.delete_attachment,
    ("GET", AUTOMATION, "/datasets/{dataset_uid}/metadata/"): Handler.get_metadata,
    ("PUT", AUTOMATION, "/datasets/{dataset_uid}/metadata/{template_name}/"): Handler.put_metadata,
    ("GET", AUTOMATION, "/datasets/{dataset_uid}/fields/"): Handler.list_fields,
    ("POST", AUTOMATION, "/datasets/{dataset_uid}/fields/"): Handler.add_field,
    ("POST", AUTOMATION, "/datasets/{dataset_uid}/publish/"): Handler.publish,
    ("GET", AUTOMATION, "/datasets/{dataset_uid}/status/"): Handler.status,
    ("PUT", AUTOMATION, "/datasets/{dataset_uid}/metadata/{template_name}/{template_field_name}/"):
        Handler.put_metadata_field,
    ("GET", AUTOMATION, "/metadata/templates/"): Handler.list_templates,
    ("GET", AUTOMATION, "/metadata/templates/{template_name}/fields/"): Handler.list_template_fields,
    ("PUT", AUTOMATION, "/datasets/{dataset_uid}/fields/{field_uid}/"): Handler.update_field,
    ("GET", AUTOMATION, "/datasets/{dataset_uid}/versions/"): Handler.list_versions,
    ("POST", AUTOMATION, "/datasets/{dataset_uid}/versions/{version_uid}/restore/"): Handler.restore_version,
    ("POST", AUTOMATION, "/datasets/{dataset_uid}/unpublish/"): Handler.unpublish,
    ("GET", EXPLORE, "/catalog/datasets/{dataset_id}/records"): Handler.explore_records,
    ("GET", EXPLORE, "/catalog/datasets/{dataset_id}/exports/{format}"): Handler.explore_export,
}
TEMPLATE_OF = _template


class FakeOpenDataSoft:
    """Start with `with FakeOpenDataSoft("key") as portal:`; portal.url is the base URL to configure."""

    def __init__(self, api_key: str):
        self.state = PortalState(api_key)
        handler = type("BoundHandler", (Handler,), {"state": self.state})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeOpenDataSoft:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
