"""Every pane and the main dialogs on the office's screens, nothing cut off sideways.

Each screen runs tests/ui/screen_check.py in its own process (the screen size and the scale
factor are fixed when Qt starts): 1366×768 at 100 % and 1920×1080 at 150 % (1280×720 logical),
both less a 40 px (60 px at 150 %) taskbar. ``GRIDOFFICE_SCREENSHOTS=folder`` also writes a PNG
of every screen there (one subfolder per screen) for a person to look at."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CHECK = Path(__file__).with_name("screen_check.py")
SCREENS = {
    "1366x768": (1366, 768 - 40, None),
    "1920x1080@150": (1920, 1080 - 48, "1.5"),
}


@pytest.mark.parametrize("name", sorted(SCREENS))
def test_every_pane_and_dialog_fits_the_screen(tmp_path: Path, name: str) -> None:
    width, height, scale = SCREENS[name]
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": name, "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_SCALE", "QT_SCREEN", "QT_AUTO_SCREEN"))}
    env["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    if scale:
        env["QT_SCALE_FACTOR"] = scale
    result = tmp_path / "result.json"
    args = [sys.executable, str(CHECK), str(result)]
    shots = os.environ.get("GRIDOFFICE_SCREENSHOTS")
    if shots:
        folder = Path(shots) / name
        folder.mkdir(parents=True, exist_ok=True)
        args.append(str(folder))
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(result.read_text(encoding="utf-8"))
    assert report["screen"] == [width, height] if not scale else [round(width / 1.5), round(height / 1.5)]
    assert report["problems"] == []
