"""A small client of the OpenDataSoft Automation API v1.0 (and of the Explore API v2.1 for reading back).

Transient failures (time-outs, connection errors, HTTP 429 and 5xx) are retried with a bounded exponential
backoff, 429 after the reset time the portal gives; other 4xx fail at once with the portal's error_code and
message. The API key is sent in the Authorization header and never appears in an error, a log or a file.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import requests

AUTOMATION_PATH = "/api/automation/v1.0"
EXPLORE_PATH = "/api/explore/v2.1"
TRANSIENT_STATUSES = {429, 500, 502, 503, 504}


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
        headers = {"Authorization": f"apikey {self._key}", **kwargs.pop("headers", {})}
        last = "no attempt"
        for attempt in range(self.retry.attempts):
            response = None
            try:
                response = self.session.request(method, url, headers=headers, timeout=self.timeout, **kwargs)
            except (requests.Timeout, requests.ConnectionError) as error:
                last = f"{type(error).__name__} on {method} {path}"
            else:
                if response.status_code < 400:
                    return response.json() if response.content else {}
                error_code, message = _portal_error(response)
                last = f"HTTP {response.status_code} {error_code}: {message} ({method} {path})"
                if response.status_code not in TRANSIENT_STATUSES:
                    raise OdsError(last, response.status_code, error_code)
            if attempt + 1 < self.retry.attempts:
                time.sleep(self._wait(attempt, response))
        raise OdsError(f"gave up after {self.retry.attempts} attempts: {last}")

    # -- datasets ----------------------------------------------------------------------------------------
    def find_dataset(self, dataset_id: str) -> dict | None:
        page = self.request("GET", "/datasets/", params={"dataset_id": dataset_id, "limit": 10})
        return next((d for d in page.get("results", []) if d.get("dataset_id") == dataset_id), None)

    def create_dataset(self, dataset_id: str, default_metadata: dict) -> dict:
        body = {"dataset_id": dataset_id, "is_restricted": False,
                "metadata": {"default": {k: {"value": v} for k, v in default_metadata.items()}}}
        return self.request("POST", "/datasets/", json=body)

    def resources(self, uid: str) -> list[dict]:
        return self.request("GET", f"/datasets/{uid}/resources/").get("results", [])

    def upload_file(self, uid: str, path: Path) -> dict:
        with path.open("rb") as handle:
            return self.request("POST", f"/datasets/{uid}/resources/files/",
                                files={"file": (path.name, handle, "text/csv")})

    def put_resource(self, uid: str, resource: dict, resource_uid: str | None = None) -> dict:
        if resource_uid is None:
            return self.request("POST", f"/datasets/{uid}/resources/", json=resource)
        return self.request("PUT", f"/datasets/{uid}/resources/{resource_uid}/", json=resource)

    def attachments(self, uid: str) -> list[dict]:
        return self.request("GET", f"/datasets/{uid}/attachments/").get("results", [])

    def add_attachment(self, uid: str, path: Path) -> dict:
        with path.open("rb") as handle:
            return self.request("POST", f"/datasets/{uid}/attachments/",
                                files={"file": (path.name, handle, "application/octet-stream")})

    def delete_attachment(self, uid: str, attachment_uid: str) -> dict:
        return self.request("DELETE", f"/datasets/{uid}/attachments/{attachment_uid}/")

    def put_metadata(self, uid: str, template: str, values: dict) -> dict:
        body = {name: {"value": value} for name, value in values.items()}
        return self.request("PUT", f"/datasets/{uid}/metadata/{template}/", json=body)

    def metadata(self, uid: str) -> dict:
        return self.request("GET", f"/datasets/{uid}/metadata/")

    def fields(self, uid: str) -> list[dict]:
        return self.request("GET", f"/datasets/{uid}/fields/").get("results", [])

    def add_field(self, uid: str, configuration: dict) -> dict:
        return self.request("POST", f"/datasets/{uid}/fields/", json=configuration)

    def publish(self, uid: str) -> dict:
        return self.request("POST", f"/datasets/{uid}/publish/")

    def status(self, uid: str) -> dict:
        return self.request("GET", f"/datasets/{uid}/status/")

    def record_count(self, dataset_id: str) -> int:
        page = self.request("GET", f"/catalog/datasets/{dataset_id}/records", api=EXPLORE_PATH,
                            params={"limit": 0})
        return int(page["total_count"])


def _portal_error(response: requests.Response) -> tuple[str, str]:
    try:
        body = response.json()
        return str(body.get("error_code", "error")), str(body.get("message", response.reason))
    except ValueError:
        return "error", response.reason or "no message"
