"""Undo a publication: restore the version before the current one, or withdraw a dataset from the portal.

    python -m mayenne_assets.portal rollback 225300011_effectifs-colleges
    python -m mayenne_assets.portal withdraw 225300011_effectifs-colleges

On the local portal or on OpenDataSoft (its dataset versions and restore endpoints), as configured. Every action
is appended to the journal of the audit trail (<portal>/<dataset_id>/journal.jsonl, or the journal beside the
CSV last sent to OpenDataSoft). The same is a Dagster job, `portal_rollback`, run from the UI with its config.
"""

from __future__ import annotations

import argparse
import json
import sys

from mayenne_assets.lib.publish.backends import undo
from mayenne_assets.lib.publish.ods_client import OdsError
from mayenne_assets.resources import PortalResource
from mayenne_assets.settings import Settings, load_settings

ACTIONS = ("rollback", "withdraw")


def portal_of(settings: Settings) -> PortalResource:
    return PortalResource(path=str(settings.portal_dir), ods_domain=settings.ods_domain,
                          ods_api_key=settings.ods_api_key, public_url=settings.public_url,
                          contact_person=settings.contact_person)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mayenne_assets.portal", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=ACTIONS)
    parser.add_argument("dataset_id")
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        entry = undo(portal_of(settings).backend(settings.territory), args.action, args.dataset_id)
    except (ValueError, OdsError) as error:
        print(f"portal: {error}", file=sys.stderr)
        return 2
    print(json.dumps(entry, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
