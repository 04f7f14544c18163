from __future__ import annotations

import shutil
from datetime import datetime

import pytest

from mayenne_assets.lib.publish import local_portal
from mayenne_assets.lib.publish.local_portal import LocalPortal
from mayenne_assets_tests.support.settings import SITE

RECORD = {
    "dataset_id": "225300011_x", "title": "X", "description": "Un jeu", "publisher": "Département de la Mayenne",
    "publisher_siren": "225300011", "contact": "c@x.fr", "theme": "Éducation", "keywords": ["a"],
    "license": "Licence Ouverte v2.0 (Etalab)", "spatial": "Mayenne", "temporal_coverage": {"start": 1, "end": 2},
    "update_frequency": "annuelle", "records": 1, "sources": [], "fields": [], "language": "fr",
}


def _files(folder, text):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data.csv").write_text(text, encoding="utf-8")
    return {"data.csv": folder / "data.csv"}


def test_publish_then_republish_changed_and_unchanged(tmp_path):
    portal = LocalPortal(tmp_path / "portal", SITE)
    first = portal.publish("225300011_x", _files(tmp_path / "a", "v1"), RECORD)
    again = portal.publish("225300011_x", _files(tmp_path / "b", "v1"), RECORD)
    changed = portal.publish("225300011_x", _files(tmp_path / "c", "v2"), RECORD)
    assert first.changed and not again.changed and changed.changed
    assert again.version == first.version
    assert len(portal.versions("225300011_x")) == 2
    assert portal.current("225300011_x")["version"] == changed.version
    assert (first.folder / "data.csv").read_text() == "v1"  # earlier versions are kept
    catalogue = (tmp_path / "portal" / "catalogue.json").read_text(encoding="utf-8")
    assert changed.version in catalogue


def test_a_failure_half_way_leaves_the_previous_publication(tmp_path, monkeypatch):
    portal = LocalPortal(tmp_path / "portal", SITE)
    first = portal.publish("225300011_x", _files(tmp_path / "a", "v1"), RECORD)

    def broken_copy(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(shutil, "copy2", broken_copy)
    with pytest.raises(OSError):
        portal.publish("225300011_x", _files(tmp_path / "b", "v2"), RECORD)
    assert portal.current("225300011_x")["version"] == first.version
    assert portal.versions("225300011_x") == [first.version]


def test_versions_of_one_second_roll_back_in_the_order_they_were_published(tmp_path, monkeypatch):
    """A version is named by its second and its content's hash: two of one second must not be ordered by hash."""
    ticks = iter(range(1, 100))

    class OneSecond(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 9, 1, 8, 0, 0, next(ticks), tzinfo=tz)

    monkeypatch.setattr(local_portal, "datetime", OneSecond)
    portal = LocalPortal(tmp_path / "portal", SITE)
    first = portal.publish("225300011_x", _files(tmp_path / "a", "v1"), RECORD)
    later = next(p for n in range(100) if (p := portal.publish("225300011_x", _files(tmp_path / f"b{n}", f"v{n + 2}"),
                                                              RECORD)).version < first.version)
    assert portal.versions("225300011_x")[-1] == later.version
    portal.rollback("225300011_x")
    assert portal.current("225300011_x")["version"] != later.version


def test_a_rollback_restores_the_version_before_the_current_one_not_the_oldest(tmp_path):
    portal = LocalPortal(tmp_path / "portal", SITE)
    versions = [portal.publish("225300011_x", _files(tmp_path / text, text), RECORD).version
                for text in ("v1", "v2", "v3")]
    entry = portal.rollback("225300011_x")
    assert portal.current("225300011_x")["version"] == versions[1] != versions[0]
    assert (entry["from_version"], entry["to_version"]) == (versions[2], versions[1])
    portal.rollback("225300011_x")
    assert portal.current("225300011_x")["version"] == versions[0]


def test_a_portal_opened_to_be_read_refuses_to_change(tmp_path):
    LocalPortal(tmp_path / "portal", SITE).publish("225300011_x", _files(tmp_path / "a", "v1"), RECORD)
    reader = LocalPortal(tmp_path / "portal")
    assert reader.current("225300011_x") is not None
    with pytest.raises(ValueError, match="opened to be read"):
        reader.withdraw("225300011_x")


def _visible_state(portal, root):
    return (portal.current("225300011_x"), portal.versions("225300011_x"),
            (root / "catalogue.json").read_text(encoding="utf-8"), (root / "index.html").read_text(encoding="utf-8"))


def test_an_audit_dossier_that_cannot_be_written_publishes_nothing(tmp_path):
    root = tmp_path / "portal"
    portal = LocalPortal(root, SITE)
    portal.publish("225300011_x", _files(tmp_path / "a", "v1"), RECORD)
    before = _visible_state(portal, root)

    def audit(version, where):
        raise TypeError("Object of type NAType is not JSON serializable")

    with pytest.raises(TypeError):
        portal.publish("225300011_x", _files(tmp_path / "b", "v2"), RECORD, audit=audit)
    assert _visible_state(portal, root) == before
    assert [p.name for p in (root / "225300011_x" / "versions").iterdir()] == before[1]  # no folder left behind


def test_the_audit_files_are_in_the_version_when_it_becomes_current(tmp_path):
    portal = LocalPortal(tmp_path / "portal", SITE)
    seen = []
    publication = portal.publish("225300011_x", _files(tmp_path / "a", "v1"), RECORD,
                                 audit=lambda version, where: seen.append((version, where)) or {"audit.md": "# A\n"})
    assert seen == [(publication.version, str(publication.folder))]
    assert (publication.folder / "audit.md").read_text(encoding="utf-8") == "# A\n"


@pytest.mark.parametrize("first_publication", [True, False])
def test_a_failure_after_the_switch_puts_the_previous_version_back(tmp_path, monkeypatch, first_publication):
    root = tmp_path / "portal"
    portal = LocalPortal(root, SITE)
    if not first_publication:
        portal.publish("225300011_x", _files(tmp_path / "a", "v1"), RECORD)
    before = portal.current("225300011_x"), portal.versions("225300011_x")

    def broken_page(root, site):
        raise OSError("disk full")

    monkeypatch.setattr(local_portal, "refresh_catalogue", broken_page)
    with pytest.raises(OSError, match="disk full"):
        portal.publish("225300011_x", _files(tmp_path / "b", "v2"), RECORD)
    assert (portal.current("225300011_x"), portal.versions("225300011_x")) == before
    hidden = [p.name for p in (root / "225300011_x" / "versions").iterdir() if p.name.startswith(".failed-")]
    assert len(hidden) == 1  # kept for the engineer to look at, out of view
