"""Debian's headless Chromium, as every browser test and benchmark launches it."""

from __future__ import annotations

import shutil
from pathlib import Path

#: The browser (None when it is not installed: ``apt-get install chromium``).
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)

#: No sandbox (CI runs as root), software rendering, and no traffic of the browser's own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
