"""The graphic charter the charts, the map and the portal's pages are drawn with: a font, colours and a logo,
read from a TOML file (mayenne_assets/static/charte.toml by default; MAYENNE_CHARTE names another)."""

from __future__ import annotations

import re
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path

from mayenne_assets.lib.common.markup import html_text

DEFAULT_CHARTER = Path(__file__).resolve().parents[2] / "static" / "charte.toml"
COLOURS = ("public", "prive", "total", "femmes", "hommes", "non_precise", "texte", "accent")
LOGO_TYPES = {".png": "image/png", ".svg": "image/svg+xml"}


class CharterError(ValueError):
    """The charter cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Charter:
    font: str
    colours: dict[str, str]
    logo: Path | None = None

    def colour(self, name: str) -> str:
        return self.colours[name]


def load_charter(path: Path) -> Charter:
    """The charter of the file; every colour must be given, as #rrggbb."""
    try:
        declared = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise CharterError(f"{path}: not a readable TOML file ({error})") from None
    colours = declared.get("couleurs", {})
    missing = [name for name in COLOURS if name not in colours]
    wrong = [name for name in COLOURS if name in colours and not re.fullmatch(r"#[0-9a-fA-F]{6}", str(colours[name]))]
    if missing or wrong:
        raise CharterError(f"{path}: [couleurs] needs {', '.join(COLOURS)} as #rrggbb; "
                           f"missing {missing or 'none'}, not #rrggbb {wrong or 'none'}")
    font = declared.get("police")
    if not isinstance(font, str) or not font.strip() or re.search(r"[;{}<>\"]", font):
        raise CharterError(f"{path}: police must be a CSS font family, such as \"Arial, sans-serif\"")
    logo = declared.get("logo") or None
    if logo is not None:
        logo = (path.parent / logo).resolve()
        if logo.suffix.lower() not in LOGO_TYPES or not logo.is_file():
            raise CharterError(f"{path}: logo {declared['logo']!r} is no PNG or SVG file beside the charter")
    return Charter(font.strip(), {name: colours[name].lower() for name in COLOURS}, logo)


def stylesheet(charter: Charter) -> str:
    """The pages' CSS: the charter's font, text and accent colours, on a sober layout."""
    text, accent = charter.colour("texte"), charter.colour("accent")
    return (f"body{{font-family:{charter.font};max-width:1100px;margin:2rem auto;padding:0 1rem;color:{text}}}"
            f"h1,h2{{color:{accent}}}a{{color:{accent}}}nav{{display:flex;align-items:center;gap:1rem}}"
            ".logo{max-height:56px;border:0;margin:0}"
            "img{max-width:100%;border:1px solid #eee;margin:.5rem 0 1.5rem}table{border-collapse:collapse;"
            "font-size:.85rem}td,th{border:1px solid #ddd;padding:.2rem .4rem;text-align:left}"
            "iframe{width:100%;height:560px;border:1px solid #ddd}.defile{max-width:100%;overflow-x:auto}"
            "#apercu td{white-space:nowrap}")


def place_logo(charter: Charter, folder: Path, publisher: str, prefix: str = "") -> str:
    """The logo copied into the folder, as an <img> for a page there (prefix: the path from the page to the
    folder); nothing without a logo."""
    if charter.logo is None:
        return ""
    name = f"logo{charter.logo.suffix.lower()}"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(charter.logo, folder / name)
    return f'<img class="logo" src="{html_text(prefix + name)}" alt="{html_text(publisher)}">'
