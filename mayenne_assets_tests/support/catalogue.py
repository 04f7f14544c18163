"""Validating a catalogue_donnees.csv against Etalab's « catalogue de données » schema, as its publishers do."""

from __future__ import annotations

import json
from pathlib import Path

import frictionless

# Etalab's "catalogue de données" Table Schema 0.3.0 and its example, copied from the design's reference/catalogue/
CATALOGUE_SCHEMA = Path(__file__).parents[1] / "fixtures" / "catalogue" / "schema-catalogue-donnees.json"


def validate_catalogue(path: Path) -> frictionless.Report:
    """frictionless's validation of a CSV against the catalogue schema (the folder given as the base path)."""
    schema = frictionless.Schema.from_descriptor(json.loads(CATALOGUE_SCHEMA.read_text(encoding="utf-8")))
    return frictionless.validate(frictionless.Resource(path=path.name, basepath=str(path.parent), schema=schema))
