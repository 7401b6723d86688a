"""One student in headless Chromium, dragging a slider while the class works."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PRESSES = 40
"""Steps of the load slider, pressed with no pause between them."""
SCREENSHOT = ROOT / "test-artifacts" / "load-browser.png"


@dataclass
class Seen:
    """What the browser student saw: the headline before and after the drag."""

    opened_s: float
    moved_s: float
    before: str
    after: str
    exceptions: int


def drag_a_slider(url: str, timeout_s: float) -> Seen:
    """Open the page, drag the load slider by :data:`PRESSES` steps as fast as
    keys repeat, and wait for the headline to show the final value's run."""
    from playwright.sync_api import sync_playwright

    wait_ms = timeout_s * 1000
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            tab = browser.new_page(viewport={"width": 1440, "height": 1000})
            tab.set_default_timeout(wait_ms)
            tab.set_default_navigation_timeout(wait_ms)
            started = time.perf_counter()
            tab.goto(url)
            tab.wait_for_selector("[data-testid='stMetricValue']", timeout=wait_ms)
            _settled(tab, wait_ms)
            opened = time.perf_counter() - started
            before = _served(tab)
            slider = tab.locator("[data-testid='stSlider']").filter(has_text="load")
            slider.first.get_by_role("slider").focus()
            started = time.perf_counter()
            # As fast as the keyboard goes: each step asks for a rerun.
            for _ in range(PRESSES):
                tab.keyboard.press("ArrowRight")
            tab.wait_for_function(
                "(before) => [...document.querySelectorAll('[data-testid=stMetric]')]"
                ".some(m => m.innerText.includes('orders served') && "
                "!m.innerText.includes(before))",
                arg=before,
                timeout=wait_ms,
            )
            _settled(tab, wait_ms)
            moved = time.perf_counter() - started
            SCREENSHOT.parent.mkdir(exist_ok=True)
            tab.screenshot(path=str(SCREENSHOT), full_page=True)
            exceptions = tab.locator("[data-testid='stException']").count()
            return Seen(opened, moved, before, _served(tab), exceptions)
        finally:
            browser.close()


def _settled(tab, wait_ms: float) -> None:
    tab.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=wait_ms,
    )


def _served(tab) -> str:
    box = tab.locator("[data-testid='stMetric']").filter(has_text="orders served")
    return box.first.locator("[data-testid='stMetricValue']").inner_text().strip()
