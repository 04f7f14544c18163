"""Debian's Chromium, headless and with no network at all, to render the portal's pages as a reader's browser
would."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
OFFLINE = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND"]


def render(page: Path, *args: str, profile: Path, budget_ms: int = 4000, timeout: float = 120) -> str:
    """What Chromium prints for the page with these arguments (--dump-dom: the DOM once its scripts ran)."""
    done = subprocess.run([CHROMIUM, *OFFLINE, f"--user-data-dir={profile}", f"--virtual-time-budget={budget_ms}",
                           *args, page.as_uri()], capture_output=True, text=True, timeout=timeout, check=True)
    return done.stdout
