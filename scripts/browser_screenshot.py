"""Take screenshots/browser.png: python scripts/browser_screenshot.py [--out FILE]

The game in a real browser, as `mlquiz serve` shows it: the server runs with a
throw-away data folder, Debian's chromium (headless, driven by Playwright,
which downloads no browser) opens the page, starts a quiz on the built-in
deck in deck order, answers card 1 in part and saves the page with its
feedback as PNG. Needs `.[test]` (Playwright and textual-serve) and chromium
on PATH.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANSWER = "It runs feature engineering and model training on Spark clusters"
# Nothing may reach the network: no updates, no sync, no QUIC, no first-run pages.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b.|[\x00-\x1f]")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots" / "browser.png")
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        print("chromium is not on PATH (apt-get install chromium)", file=sys.stderr)
        return 1
    os.environ["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1"
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        config = home / "config"
        config.mkdir()
        (config / "settings.json").write_text(json.dumps({"count": 10, "shuffle": False}))
        env = {
            **os.environ,
            "MLQUIZ_DATA_DIR": str(home / "data"),
            "MLQUIZ_CONFIG_DIR": str(config),
            "PYTHONPATH": str(ROOT / "src"),
            # Chromium writes crash-report and dconf folders under $HOME.
            "HOME": str(home),
        }
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "mlquiz", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch_persistent_context(
                    str(home / "profile"),
                    executable_path=chromium,
                    args=CHROMIUM_ARGS,
                    headless=True,
                    env=env,
                    viewport={"width": 1000, "height": 600},
                )
                page = browser.new_page()
                drawn = bytearray()

                def watch(websocket) -> None:  # type: ignore[no-untyped-def]
                    websocket.on(
                        "framereceived",
                        lambda data: drawn.extend(data) if isinstance(data, bytes) else None,
                    )

                def wait_for(text: str) -> None:
                    deadline = time.monotonic() + 60
                    while text not in ESCAPES.sub("", drawn.decode("utf-8", "replace")):
                        if time.monotonic() > deadline:
                            raise SystemExit(f"the game never showed {text!r}")
                        page.wait_for_timeout(50)

                page.on("websocket", watch)
                wait_until_served(port, server)
                page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded")
                wait_for("Databricks + MLflow")
                page.focus(".xterm-helper-textarea")
                page.keyboard.press("Enter")
                wait_for("Card 1 of 10")
                page.keyboard.type(ANSWER)
                page.keyboard.press("Enter")
                wait_for("Reference answer")
                page.wait_for_timeout(500)  # the last frame drawn on the canvas
                page.screenshot(path=str(args.out))
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(args.out)
    return 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_served(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("mlquiz serve did not start") from None
            time.sleep(0.1)


if __name__ == "__main__":
    sys.exit(main())
