"""Checking recorded requests against the official OpenAPI descriptions of the OpenDataSoft APIs."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from mayenne_assets_tests.support.ods_server import AUTOMATION, EXPLORE, TEMPLATE_OF, Recorded

OPENDATASOFT = Path(__file__).parents[1] / "fixtures" / "opendatasoft"  # copies of ../shared/reference/opendatasoft
SPECS = {
    AUTOMATION: OPENDATASOFT / "automation-api-v1.0.openapi.json",
    "/api/explore/v2.1": OPENDATASOFT / "explore-api-v2.1.openapi.json",
}


@cache
def _spec(api: str) -> dict:
    return json.loads(SPECS[api].read_text(encoding="utf-8"))


def _resolve(spec: dict, item: dict) -> dict:
    while "$ref" in item:
        node = spec
        for part in item["$ref"].lstrip("#/").split("/"):
            node = node[part]
        item = node
    return item


# PUT /metadata/{template_name}/ takes oneOf(Default, Internal, …, Custom); since Custom accepts any template, a
# valid Default body matches two branches and oneOf cannot pass. The branch is the template the path names.
TEMPLATE_SCHEMAS = {"default": "DatasetMetadataDefault", "internal": "DatasetMetadataInternal",
                    "visualization": "DatasetMetadataVisualization"}


def _request_schema(template: str, request: Recorded, schema: dict) -> dict:
    if template == "/datasets/{dataset_uid}/metadata/{template_name}/":
        name = TEMPLATE_SCHEMAS.get(request.path.rstrip("/").split("/")[-1], "DatasetMetadataCustom")
        return {"$ref": f"#/components/schemas/{name}"}
    return schema


def problems(request: Recorded) -> list[str]:
    """What in this request does not follow the API description: path, method, query parameters, JSON body."""
    spec = _spec(request.api)
    template = TEMPLATE_OF(request.path)
    operation = spec["paths"].get(template, {}).get(request.method.lower())
    if operation is None:
        return [f"{request.method} {template} is not in the API description"]
    found = []
    parameters = [_resolve(spec, p) for p in operation.get("parameters", [])]
    declared = {p["name"] for p in parameters if p["in"] == "query"}
    declared |= {s["name"] for s in spec["components"].get("securitySchemes", {}).values() if s["in"] == "query"}
    found += [f"query parameter {name!r} is not declared for {template}" for name in request.query
              if name not in declared]
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content and request.content_type.startswith("application/json"):
        schema = _request_schema(template, request, content["application/json"]["schema"])
        registry = Registry().with_resource("urn:spec", Resource(contents=spec, specification=DRAFT202012))
        validator = Draft202012Validator({"$ref": "urn:spec" + schema["$ref"]}, registry=registry) \
            if "$ref" in schema else Draft202012Validator(schema, registry=registry)
        found += [f"{request.method} {template}: {error.message}" for error in validator.iter_errors(request.body)]
    elif "multipart/form-data" in content:
        if not request.content_type.startswith("multipart/form-data") or not request.body:
            found.append(f"{request.method} {template}: expected a multipart upload with a file")
    elif request.body is not None:
        found.append(f"{request.method} {template}: a body was sent where none is described")
    return found


KEY = "s3cr3t-api-key-0123456789"  # the stand-in portal's API key in the tests


def assert_requests_follow_the_api(portal) -> None:
    """Every request the backend sent follows the description; the key never travels where it should not."""
    found = [p for request in portal.state.requests for p in problems(request)]
    assert found == []
    # the key goes in the Authorization header, and to the Explore API as its declared apikey query parameter only
    assert all(KEY not in json.dumps({k: v for k, v in r.query.items() if (r.api, k) != (EXPLORE, "apikey")}) + r.path
               for r in portal.state.requests)
    assert all(r.query.get("apikey") == KEY for r in portal.state.requests if r.api == EXPLORE)
