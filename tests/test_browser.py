"""The page in a real browser: Streamlit on a free port, headless Chromium.

These tests start the app as a student's server would, open it in Debian's
Chromium driven by Playwright, and look at what a person would see: the
kitchen scene and the charts, a slider that moves the figures, a crafted
link that opens the very same run, and no error anywhere. Screenshots go
to ``test-artifacts/``, which git ignores.

``make test`` sets ``CHROMIUM``; run directly, the tests use
``/usr/bin/chromium`` and are skipped if it is missing.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kitchen.result import simulate
from kitchen.scenario import build
from loadtest.browser import CHROMIUM, FLAGS
from loadtest.server import running_app

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
WAIT_MS = 90_000


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running_app() as (url, _pid):
        yield url


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if "CHROMIUM" in os.environ:
            pytest.fail(f"CHROMIUM={CHROMIUM} does not exist; run 'make browser'")
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    opened = context.new_page()
    yield opened
    context.close()


def _ready(tab, url: str, plots: int = 8) -> None:
    """Open ``url`` and wait until the scene and every chart are drawn."""
    tab.goto(url)
    tab.wait_for_selector("[data-testid='stMetricValue']", timeout=WAIT_MS)
    tab.wait_for_function(
        "(n) => document.querySelectorAll('.js-plotly-plot').length >= n",
        arg=plots,
        timeout=WAIT_MS,
    )
    _settled(tab)


def _settled(tab) -> None:
    """Wait until Streamlit has finished running the page."""
    tab.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=WAIT_MS,
    )
    time.sleep(0.5)


def _metric(tab, label: str) -> str:
    box = tab.locator("[data-testid='stMetric']").filter(has_text=label).first
    return box.locator("[data-testid='stMetricValue']").inner_text().strip()


def _shot(tab, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_the_scene_and_the_charts_are_drawn(server, tab):
    _ready(tab, server)
    _shot(tab, "kitchen")
    assert tab.locator(".js-plotly-plot").count() >= 8


def test_the_page_shows_no_error(server, tab):
    _ready(tab, server)
    assert tab.locator("[data-testid='stException']").count() == 0


def test_the_headline_matches_the_simulation(server, tab):
    _ready(tab, server)
    served = simulate(build({})).summary["served"]
    assert _metric(tab, "orders served") == f"{served:,.0f}"


def test_moving_a_slider_changes_the_figures(server, tab):
    _ready(tab, server)
    before = _metric(tab, "orders served")
    thumb = tab.locator("[data-testid='stSlider']").filter(has_text="load").first
    thumb.get_by_role("slider").focus()
    for _ in range(8):
        tab.keyboard.press("ArrowRight")
    _settled(tab)
    tab.wait_for_function(
        "(before) => [...document.querySelectorAll('[data-testid=stMetric]')]"
        ".some(m => m.innerText.includes('orders served') && "
        "!m.innerText.includes(before))",
        arg=before,
        timeout=WAIT_MS,
    )
    _shot(tab, "kitchen-busier")
    assert _metric(tab, "orders served") != before


def test_moving_a_slider_writes_the_link(server, tab):
    _ready(tab, server)
    slider = tab.locator("[data-testid='stSlider']").filter(has_text="load").first
    slider.get_by_role("slider").focus()
    tab.keyboard.press("ArrowRight")
    _settled(tab)
    tab.wait_for_url(re.compile(r"load=12\.5"), timeout=WAIT_MS)
    assert "load=12.5" in tab.url


def test_a_crafted_link_opens_the_same_run(server, tab):
    query = "v=1&tickets=db&recipes=db&status=db&profile=rush&seed=7"
    _ready(tab, f"{server}/?{query}")
    _shot(tab, "crafted-link")
    expected = simulate(
        build(
            {"tickets": "db", "recipes": "db", "status": "db", "profile": "rush"}
        ).with_values(seed=7)
    ).summary
    assert _metric(tab, "orders served") == f"{expected['served']:,.0f}"


def test_a_hand_edited_link_warns_and_still_shows_the_kitchen(server, tab):
    _ready(tab, f"{server}/?load=1e9&chefs=<script>alert(1)</script>")
    text = tab.locator("[data-testid='stAlert']").first.inner_text()
    _shot(tab, "bad-link")
    assert "load" in text


def test_no_script_from_a_link_reaches_the_page(server, tab):
    tab.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message}"))
    _ready(tab, f"{server}/?chefs=<img src=x onerror=alert(1)>&view=<b>x</b>")
    assert tab.locator("img[src='x']").count() == 0


def test_no_address_in_a_link_becomes_a_link_in_a_warning(server, tab):
    query = (
        "www.evil.example%2Flogin=1&status=https%3A%2F%2Fevil.example%2Fa"
        "&someone%40evil.example=1"
    )
    _ready(tab, f"{server}/?{query}")
    alerts = tab.locator("[data-testid='stAlert']")
    assert "evil" in " ".join(alerts.all_inner_texts())
    assert alerts.locator("a").count() == 0


def test_the_presenter_view_hides_the_controls(server, tab):
    _ready(tab, f"{server}/?view=presenter", plots=3)
    _shot(tab, "presenter")
    assert not tab.locator("[data-testid='stSidebar']").is_visible()
