"""A small client of the OpenDataSoft Automation API v1.0 (and of the Explore API v2.1 for reading back).

Transient failures (time-outs, connection errors, HTTP 429 and 5xx) are retried with a bounded exponential
backoff, 429 after the reset time the portal gives; other 4xx fail at once with the portal's error_code and
message. The API key is sent in the Authorization header to the Automation API and as the `apikey` query parameter
to the Explore API (as each description declares); it never appears in an error, a log or a file. Every list is
read to its end, page after page; a response of an unexpected shape is an OdsError naming the endpoint.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import requests

AUTOMATION_PATH = "/api/automation/v1.0"
EXPLORE_PATH = "/api/explore/v2.1"
TRANSIENT_STATUSES = {429, 500, 502, 503, 504}
PAGE_SIZE = 100


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

    def request(self, method: str, path: str, api: str = AUTOMATION_PATH, **kwargs) -> dict:
        url = f"{self.root}{api}{path}"
        headers = dict(kwargs.pop("headers", {}))
        if api == EXPLORE_PATH:  # the Explore API declares the key as a query parameter only
            kwargs["params"] = {**kwargs.get("params", {}), "apikey": self._key}
        else:
            headers["Authorization"] = f"apikey {self._key}"
        last = "no attempt"
        for attempt in range(self.retry.attempts):
            response = None
            try:
                response = self.session.request(method, url, headers=headers, timeout=self.timeout, **kwargs)
            except (requests.Timeout, requests.ConnectionError) as error:
                last = f"{type(error).__name__} on {method} {path}"
            else:
                if response.status_code < 400:
                    return _json(response, method, path)
                error_code, message = _portal_error(response)
                last = f"HTTP {response.status_code} {error_code}: {message} ({method} {path})"
                if response.status_code not in TRANSIENT_STATUSES:
                    raise OdsError(last, response.status_code, error_code)
            if attempt + 1 < self.retry.attempts:
                time.sleep(self._wait(attempt, response))
        raise OdsError(f"gave up after {self.retry.attempts} attempts: {last}")

    def pages(self, path: str, params: dict | None = None, paged: bool = True) -> list[dict]:
        """Every item of a list, page after page (the API's default page is 20 items). A list whose operation
        declares no limit and offset is followed by its `next` links."""
        items: list[dict] = []
        query = {**(params or {}), **({"limit": PAGE_SIZE, "offset": 0} if paged else {})}
        while True:
            page = self.request("GET", path, params=query)
            results, total = page.get("results"), page.get("total_count")
            if not isinstance(results, list) or not isinstance(total, int):
                raise OdsError(f"GET {path}: expected a page with results and total_count, got {_shape(page)}")
            items += results
            if not results or len(items) >= total:
                return items
            if paged:
                query["offset"] = len(items)
            elif page.get("next"):
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
        return self.request("POST", "/datasets/", json=body)

    def resources(self, uid: str) -> list[dict]:
        return self.pages(f"/datasets/{uid}/resources/")

    def upload_file(self, uid: str, path: Path) -> dict:
        with path.open("rb") as handle:
            return self.request("POST", f"/datasets/{uid}/resources/files/",
                                files={"file": (path.name, handle, "text/csv")})

    def put_resource(self, uid: str, resource: dict, resource_uid: str | None = None) -> dict:
        if resource_uid is None:
            return self.request("POST", f"/datasets/{uid}/resources/", json=resource)
        return self.request("PUT", f"/datasets/{uid}/resources/{resource_uid}/", json=resource)

    def attachments(self, uid: str) -> list[dict]:
        return self.pages(f"/datasets/{uid}/attachments/")

    def add_attachment(self, uid: str, path: Path) -> dict:
        with path.open("rb") as handle:
            return self.request("POST", f"/datasets/{uid}/attachments/",
                                files={"file": (path.name, handle, "application/octet-stream")})

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
        return self.request("POST", f"/datasets/{uid}/fields/", json=configuration)

    def update_field(self, uid: str, field_uid: str, configuration: dict) -> dict:
        return self.request("PUT", f"/datasets/{uid}/fields/{field_uid}/", json=configuration)

    def versions(self, uid: str) -> list[dict]:
        return self.pages(f"/datasets/{uid}/versions/")

    def restore(self, uid: str, version_uid: str) -> dict:
        return self.request("POST", f"/datasets/{uid}/versions/{version_uid}/restore/")

    def unpublish(self, uid: str) -> dict:
        return self.request("POST", f"/datasets/{uid}/unpublish/")

    def publish(self, uid: str) -> dict:
        return self.request("POST", f"/datasets/{uid}/publish/")

    def status(self, uid: str) -> dict:
        return self.request("GET", f"/datasets/{uid}/status/")

    def record_count(self, dataset_id: str) -> int:
        path = f"/catalog/datasets/{dataset_id}/records"
        page = self.request("GET", path, api=EXPLORE_PATH, params={"limit": 0})
        if not isinstance(page.get("total_count"), int):
            raise OdsError(f"GET {path}: expected a total_count, got {_shape(page)}")
        return page["total_count"]


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
    """A `next` link, as a path under the Automation API (its query kept)."""
    return url[len(root):] if url.startswith(root) else url


def _portal_error(response: requests.Response) -> tuple[str, str]:
    try:
        body = response.json()
        return str(body.get("error_code", "error")), str(body.get("message", response.reason))
    except ValueError:
        return "error", response.reason or "no message"
