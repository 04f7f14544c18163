"""A small client of the OpenDataSoft Automation API v1.0 (and of the Explore API v2.1 for reading back).

Transient failures (time-outs, connection errors, HTTP 429 and 5xx) are retried with a bounded exponential
backoff, 429 after the reset time the portal gives; other 4xx fail at once with the portal's error_code and
message. Only what is safe to repeat is repeated blindly: GET, PUT and DELETE, and the POSTs whose repetition
changes nothing (publish, unpublish, restore a version, upload a file that nothing references yet). Any other POST
that may have been carried out (a time-out, a 5xx) is repeated only after the portal's state says it was not (the
dataset looked up by dataset_id, the field, attachment or resource listed); a 429 was refused, and is repeated. A
file is opened again for each attempt, so a repeated upload sends all its bytes.

The API key is sent in the Authorization header to the Automation API and as the `apikey` query parameter
to the Explore API (as each description declares); it never appears in an error, a log or a file. Every list is
read to its end: by total_count when the portal gives it (a number, or a numeric string as the description types
it), else by its `next` links until there is none; a response of an unexpected shape is an OdsError naming the
endpoint.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests

AUTOMATION_PATH = "/api/automation/v1.0"
EXPLORE_PATH = "/api/explore/v2.1"
TRANSIENT_STATUSES = {429, 500, 502, 503, 504}
REFUSED_UNDONE = 429  # a rate limit refuses a request before carrying it out
IDEMPOTENT_METHODS = {"GET", "PUT", "DELETE"}
PAGE_SIZE = 100

Upload = tuple[str, Path, str]  # (form field, file, media type)
Check = Callable[[], dict | None]  # what the portal holds when an earlier attempt was carried out, else None


class OdsError(RuntimeError):
    """The portal refused a request, or kept failing; the message is the portal's, without the key."""

    def __init__(self, message: str, status: int | None = None, error_code: str | None = None):
        super().__init__(message)
        self.status, self.error_code = status, error_code


def base_url(domain: str) -> str:
    """"mayenne.opendatasoft.com" → https://mayenne.opendatasoft.com; a full URL is kept (a local test server)."""
    domain = domain.strip().rstrip("/")
    return domain if domain.startswith(("http://", "https://")) else f"https://{domain}"


@dataclass
class RetryPolicy:
    attempts: int = 4
    backoff_seconds: float = 0.5
    max_wait_seconds: float = 30.0


class OdsClient:
    def __init__(self, domain: str, api_key: str, retry: RetryPolicy | None = None, timeout: float = 30.0,
                 session: requests.Session | None = None):
        self.root = base_url(domain)
        self._key = api_key
        self.retry = retry or RetryPolicy()
        self.timeout = timeout
        self.session = session or requests.Session()
        self._templates: dict[str, set[str]] | None = None

    # -- transport ---------------------------------------------------------------------------------------
    def _wait(self, attempt: int, response: requests.Response | None) -> float:
        reset = response.headers.get("Retry-After") or response.headers.get("X-RateLimit-Reset") \
            if response is not None else None
        if reset is not None:
            try:
                seconds = float(reset)
                seconds = seconds - time.time() if seconds > 1e9 else seconds  # an epoch, or a number of seconds
                return min(max(seconds, 0.0), self.retry.max_wait_seconds)
            except ValueError:
                pass
        return min(self.retry.backoff_seconds * 2 ** attempt, self.retry.max_wait_seconds)

    def request(self, method: str, path: str, api: str = AUTOMATION_PATH, *, upload: Upload | None = None,
                check: Check | None = None, repeatable: bool = False, **kwargs) -> dict:
        """One request, repeated on transient failures when that is safe (see the module's docstring): check
        tells whether an earlier attempt of a POST was carried out; repeatable says repeating it changes nothing."""
        url = f"{self.root}{api}{path}"
        headers = dict(kwargs.pop("headers", {}))
        if api == EXPLORE_PATH:  # the Explore API declares the key as a query parameter only
            kwargs["params"] = {**kwargs.get("params", {}), "apikey": self._key}
        else:
            headers["Authorization"] = f"apikey {self._key}"
        may_repeat = method in IDEMPOTENT_METHODS or repeatable or check is not None
        last, carried_out_maybe = "no attempt", False
        for attempt in range(self.retry.attempts):
            if carried_out_maybe and check is not None and (found := check()) is not None:
                return found
            response = None
            try:
                with _opened(upload) as files:
                    response = self.session.request(method, url, headers=headers, timeout=self.timeout,
                                                    files=files, **kwargs)
            except (requests.Timeout, requests.ConnectionError) as error:
                last, carried_out_maybe = f"{type(error).__name__} on {method} {path}", True
            else:
                if response.status_code < 400:
                    return _json(response, method, path)
                if method == "DELETE" and response.status_code == 404 and carried_out_maybe:
                    return {}  # the earlier attempt deleted it
                error_code, message = _portal_error(response)
                last = f"HTTP {response.status_code} {error_code}: {message} ({method} {path})"
                if response.status_code not in TRANSIENT_STATUSES:
                    raise OdsError(last, response.status_code, error_code)
                carried_out_maybe = response.status_code != REFUSED_UNDONE
            if carried_out_maybe and not may_repeat:
                raise OdsError(f"{last}; not repeated: the portal may have carried it out, and nothing tells "
                               "whether it did", response.status_code if response is not None else None)
            if attempt + 1 < self.retry.attempts:
                time.sleep(self._wait(attempt, response))
        raise OdsError(f"gave up after {self.retry.attempts} attempts: {last}")

    def pages(self, path: str, params: dict | None = None, paged: bool = True) -> list[dict]:
        """Every item of a list, page after page (the API's default page is 20 items): while total_count is
        known, until it is reached; when it is null, by the `next` links until there is none. A list whose
        operation declares no limit and offset is followed by its `next` links."""
        items: list[dict] = []
        query = {**(params or {}), **({"limit": PAGE_SIZE, "offset": 0} if paged else {})}
        followed: set[str] = set()
        while True:
            page = self.request("GET", path, params=query)
            results = page.get("results") if isinstance(page, dict) else None
            if not isinstance(results, list):
                raise OdsError(f"GET {path}: expected a page with results and total_count (a number, a numeric "
                               f"string or null), got {_shape(page)}")
            items, total = items + results, _count(page)
            if not results or (total is not None and len(items) >= total):
                return items
            if paged and total is not None:
                query["offset"] = len(items)
            elif isinstance(page.get("next"), str) and page["next"] not in followed:
                followed.add(page["next"])  # a link already followed would never end the list
                path, query = _relative(page["next"], self.root + AUTOMATION_PATH), {}
            else:
                return items

    # -- datasets ----------------------------------------------------------------------------------------
    def find_dataset(self, dataset_id: str) -> dict | None:
        found = self.pages("/datasets/", {"dataset_id": dataset_id})
        return next((d for d in found if d.get("dataset_id") == dataset_id), None)

    def create_dataset(self, dataset_id: str, default_metadata: dict) -> dict:
        body = {"dataset_id": dataset_id, "is_restricted": False,
                "metadata": {"default": {k: {"value": v} for k, v in default_metadata.items()}}}
        return self.request("POST", "/datasets/", json=body, check=lambda: self.find_dataset(dataset_id))

    def resources(self, uid: str) -> list[dict]:
        return self.pages(f"/datasets/{uid}/resources/")

    def upload_file(self, uid: str, path: Path) -> dict:
        """Repeatable: an upload that was carried out unseen is a file no resource points at."""
        return self.request("POST", f"/datasets/{uid}/resources/files/", upload=("file", path, "text/csv"),
                            repeatable=True)

    def put_resource(self, uid: str, resource: dict, resource_uid: str | None = None) -> dict:
        if resource_uid is None:
            return self.request("POST", f"/datasets/{uid}/resources/", json=resource,
                                check=lambda: _named(self.resources(uid), "title", resource["title"]))
        return self.request("PUT", f"/datasets/{uid}/resources/{resource_uid}/", json=resource)

    def attachments(self, uid: str) -> list[dict]:
        return self.pages(f"/datasets/{uid}/attachments/")

    def add_attachment(self, uid: str, path: Path) -> dict:
        return self.request("POST", f"/datasets/{uid}/attachments/", upload=("file", path, "application/octet-stream"),
                            check=lambda: _named(self.attachments(uid), "filename", path.name))

    def delete_attachment(self, uid: str, attachment_uid: str) -> dict:
        return self.request("DELETE", f"/datasets/{uid}/attachments/{attachment_uid}/")

    def put_metadata_field(self, uid: str, template: str, field: str, value: object) -> dict:
        """One field of one template: the template's other fields, set in the back-office, stay as they are."""
        return self.request("PUT", f"/datasets/{uid}/metadata/{template}/{field}/", json={"value": value})

    def metadata(self, uid: str) -> dict:
        held = self.request("GET", f"/datasets/{uid}/metadata/")
        if not isinstance(held, dict) or not all(isinstance(v, dict) for v in held.values()):
            raise OdsError(f"GET /datasets/{uid}/metadata/: expected templates of fields, got {_shape(held)}")
        return held

    def templates(self) -> dict[str, set[str]]:
        """The metadata templates of the portal and their fields, asked once per client."""
        if self._templates is None:
            names = [t["name"] for t in self.pages("/metadata/templates/") if t.get("name")]
            self._templates = {name: {f["name"] for f in self.pages(f"/metadata/templates/{name}/fields/")
                                      if f.get("name")} for name in names}
        return self._templates

    def fields(self, uid: str) -> list[dict]:
        return self.pages(f"/datasets/{uid}/fields/", paged=False)

    def add_field(self, uid: str, configuration: dict) -> dict:
        def added() -> dict | None:
            return next((f for f in self.fields(uid) if f.get("type") == configuration.get("type")
                         and f.get("field") == configuration.get("field")), None)

        return self.request("POST", f"/datasets/{uid}/fields/", json=configuration, check=added)

    def update_field(self, uid: str, field_uid: str, configuration: dict) -> dict:
        return self.request("PUT", f"/datasets/{uid}/fields/{field_uid}/", json=configuration)

    def versions(self, uid: str) -> list[dict]:
        return self.pages(f"/datasets/{uid}/versions/")

    def latest_version(self, uid: str) -> str | None:
        """The uid of the dataset's last change (the portal keeps a version of each, the latest ones only)."""
        versions = self.versions(uid)
        return max(versions, key=lambda v: v.get("created_at") or "")["uid"] if versions else None

    def restore(self, uid: str, version_uid: str) -> dict:
        return self.request("POST", f"/datasets/{uid}/versions/{version_uid}/restore/", repeatable=True)

    def unpublish(self, uid: str) -> dict:
        return self.request("POST", f"/datasets/{uid}/unpublish/", repeatable=True)

    def publish(self, uid: str) -> dict:
        return self.request("POST", f"/datasets/{uid}/publish/", repeatable=True)

    def status(self, uid: str) -> dict:
        return self.request("GET", f"/datasets/{uid}/status/")

    def record_count(self, dataset_id: str) -> int:
        path = f"/catalog/datasets/{dataset_id}/records"
        page = self.request("GET", path, api=EXPLORE_PATH, params={"limit": 0})
        if not isinstance(page.get("total_count"), int):
            raise OdsError(f"GET {path}: expected a total_count, got {_shape(page)}")
        return page["total_count"]


@contextlib.contextmanager
def _opened(upload: Upload | None) -> Iterator[dict | None]:
    """The upload's file opened for one attempt (a handle read by a failed attempt is at its end)."""
    if upload is None:
        yield None
        return
    field, path, media_type = upload
    with path.open("rb") as handle:
        yield {field: (path.name, handle, media_type)}


def _named(items: list[dict], key: str, value: str) -> dict | None:
    return next((item for item in items if item.get(key) == value), None)


def _count(page: dict) -> int | None:
    """A page's total_count as a number (from an int or a numeric string); None when the portal does not say it
    (null, or a text that is no number): the list is then read by its next links."""
    total = page.get("total_count")
    if isinstance(total, int) and not isinstance(total, bool):
        return total
    if isinstance(total, str) and total.strip().isdigit():
        return int(total)
    return None


def _json(response: requests.Response, method: str, path: str) -> dict:
    if not response.content:
        return {}
    try:
        return response.json()
    except ValueError:
        raise OdsError(f"{method} {path}: the portal did not answer JSON", response.status_code) from None


def _shape(value: object) -> str:
    if isinstance(value, dict):
        return "an object with " + (", ".join(sorted(value)[:8]) or "nothing")
    return type(value).__name__


def _relative(url: str, root: str) -> str:
    """A `next` link, whole (https://domain/api/automation/v1.0/…) or from the domain's root (/api/automation/…),
    as a path under the Automation API, its query kept."""
    link, api = urlsplit(url), urlsplit(root).path.rstrip("/")
    path = link.path + (f"?{link.query}" if link.query else "")
    return path[len(api):] if path.startswith(api + "/") else path


def _portal_error(response: requests.Response) -> tuple[str, str]:
    try:
        body = response.json()
        return str(body.get("error_code", "error")), str(body.get("message", response.reason))
    except ValueError:
        return "error", response.reason or "no message"
