"""The data officer's guide ships with the project, says what the reader accepts, and is linked from the portal."""

from __future__ import annotations

from mayenne_assets.documentation import GUIDE, render
from mayenne_assets.lib.read.families import families, not_data_rules


def test_the_guide_is_the_one_written_from_the_declarations():
    """A change of families.toml rewrites the guide (python -m mayenne_assets.documentation) in the same commit."""
    assert GUIDE.read_text(encoding="utf-8") == render()


def test_every_label_and_marker_the_reader_accepts_is_in_the_guide():
    text = GUIDE.read_text(encoding="utf-8")
    for family in families().values():
        assert f"### {family.title}" in text
        for column in family.columns.values():
            assert all(f"« {label} »" in text for label in column.labels), (family.name, column.name)
    rules = not_data_rules()
    assert all(f"« {marker} »" in text for marker in rules.missing_markers if marker)
    assert all(f"« {prefix} »" in text for prefix in rules.total_row_prefixes)


def test_the_catalogue_page_links_the_guide_copied_into_the_portal(sample_publication):
    portal = sample_publication("effectifs").settings.portal_dir
    assert 'href="documentation/guide-des-classeurs.md"' in (portal / "index.html").read_text(encoding="utf-8")
    assert (portal / "documentation" / "guide-des-classeurs.md").read_text(encoding="utf-8") == render()
