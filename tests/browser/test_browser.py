"""The dashboard in a real Chromium: `streamlit run` on 127.0.0.1, every page, a slider, a 2-epoch training, and
a viewer whose browser is dark and Spanish.

Screenshots of each page go to artifacts/screenshots/ (git-ignored). The time from starting
`streamlit run` to the first page drawn is written to artifacts/startup.txt and printed.
Outside CI the test is skipped when Chromium is missing; with CI set it must run (see conftest.py).
"""

from __future__ import annotations

import json
import time

import pytest
from support.paths import ROOT, TINY_SCALE

from bench.harness import ENABLED, WAIT_MS, chromium, new_tab, no_exception, serve
from har.i18n import number
from har.models import RNNConfig
from har.params import count_params
from har.plots import DARK
from har.presets import PRESETS

pytestmark = pytest.mark.browser

SHOTS = ROOT / "artifacts" / "screenshots"
FIRST_VISITORS = 4


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`streamlit run streamlit_app.py` on a free loopback port with the tiny demo, for the whole module."""
    with serve(tmp_path_factory.mktemp("browser"), scale=float(TINY_SCALE)) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    with chromium() as running:
        yield running


@pytest.fixture(scope="module")
def page(server, browser):
    return new_tab(browser, viewport={"width": 1600, "height": 1000})


def shot(page, name: str):
    """A picture of the whole page: Streamlit scrolls inside its main area, so grow the window to fit it."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    height = page.locator('[data-testid="stMain"]').evaluate("el => el.scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
    page.wait_for_timeout(800)  # plotly redraws for the new size
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.set_viewport_size(size)


def go_to(page, title: str, heading: str):
    """Follow the sidebar link (same session, so state is kept) and wait for the page's title."""
    page.locator('[data-testid="stSidebarNav"] a', has_text=title).click()
    page.get_by_role("heading", name=heading).wait_for()


def trace_types(page, key: str) -> list[str]:
    """The plotly trace types drawn in the chart the app created with `key` (once the page settles, one chart)."""
    from playwright.sync_api import expect

    page.wait_for_function(IDLE)  # a run that has drawn a status line may still be drawing the charts below it
    plot = page.locator(f".st-key-{key} .js-plotly-plot")
    expect(plot).to_have_count(1, timeout=WAIT_MS)  # no duplicate left behind by the reruns
    return plot.evaluate("el => el.data.map(t => t.type)")


def test_the_dashboard_in_a_real_browser(server, page):
    url, start = server.url, server.started
    page.goto(url)
    page.get_by_role("heading", name="The data").wait_for()
    page.locator(".st-key-class_counts .js-plotly-plot").wait_for()
    startup = time.perf_counter() - start
    (ROOT / "artifacts").mkdir(exist_ok=True)
    (ROOT / "artifacts" / "startup.txt").write_text(f"streamlit run -> first page drawn: {startup:.1f} s\n")
    print(f"\nstreamlit run -> first page drawn: {startup:.1f} s")
    assert page.get_by_text("SYNTHETIC", exact=False).first.is_visible()
    assert trace_types(page, "clip_heatmap") == ["heatmap"]
    no_exception(page)
    shot(page, "1-data")
    page.locator('[data-testid="stSidebar"]').get_by_text("By group").click()  # a sidebar choice, checked at the end
    page.get_by_text("training clips", exact=False).wait_for()

    go_to(page, "Models", "The two models")
    rnn_count = page.locator('[data-testid="stMetric"]', has_text="RNN parameters")
    assert f"{count_params(RNNConfig()):,}" in rnn_count.inner_text()
    hidden = page.locator('[data-testid="stSlider"]', has_text="Hidden size").get_by_role("slider")
    for size in (129, 130):  # one key press at a time: each one reruns the page
        hidden.focus()
        hidden.press("ArrowRight")
        expected = f"{count_params(RNNConfig(hidden=size)):,}"
        rnn_count.get_by_text(expected).wait_for()
    no_exception(page)
    shot(page, "2-models")

    go_to(page, "Train", "Train both models")
    epochs = page.locator('[data-testid="stSlider"]', has_text="Epochs").get_by_role("slider")
    epochs.focus()
    epochs.press("Home")
    epochs.press("ArrowRight")
    page.locator('[data-testid="stSlider"]', has_text="Epochs").get_by_text("2", exact=True).wait_for()
    page.get_by_role("button", name="Train both").click()
    page.get_by_text("Finished: 2 epochs", exact=False).wait_for()
    assert trace_types(page, "train_curves") == ["scatter"] * 8
    assert trace_types(page, "train_confusion") == ["heatmap", "heatmap"]
    no_exception(page)
    shot(page, "3-train")

    go_to(page, "Compare", "Compare the models")
    assert trace_types(page, "compare_confusion") == ["heatmap", "heatmap"]
    names = page.locator(".st-key-compare_confusion .js-plotly-plot").evaluate("el => el.data[0].x")
    assert names[0] == "basketball" and len(names) == 11
    assert trace_types(page, "compare_per_class") == ["bar", "bar"]
    no_exception(page)
    shot(page, "4-compare")

    go_to(page, "Models", "The two models")  # the slider and the split kept their values across pages
    page.locator('[data-testid="stMetric"]', has_text="RNN parameters").get_by_text(expected).wait_for()
    assert page.locator('[data-testid="stSidebar"]').get_by_role("radio", name="By group").is_checked()
    no_exception(page)


def test_a_fresh_servers_first_request_can_be_a_shared_link_to_any_page(browser, tmp_path):
    """Streamlit runs a page script on its own for a new server's first request to that page's URL
    (a `pages/` folder exists): the page must still get the sidebar, our navigation (never a menu of
    file names, at any moment) and the link's setup, and its first click must work."""
    page = new_tab(browser, viewport={"width": 1600, "height": 1000})
    page.context.add_init_script(NAV_LOG)
    with serve(tmp_path, scale=float(TINY_SCALE)) as server:
        url = server.url
        page.goto(f"{url}/train?lang=es&preset=small&ep=1")
        page.get_by_role("heading", name="Entrenar los dos modelos").wait_for()
        nav = page.locator('[data-testid="stSidebarNav"]')
        titles = ["Datos", "Modelos", "Entrenar", "Comparar", "Laboratorio", "Dentro", "Clase"]
        for title in titles:
            nav.get_by_text(title, exact=True).wait_for()
        assert nav.locator("a").count() == 7  # ours only: no page list made up from the folder
        rnn = count_params(PRESETS["small-rnn"].config)
        page.get_by_text(f"Parámetros: RNN {number(rnn, 'es', ',')}").wait_for()  # 205.899, as Spanish groups
        page.get_by_text("Idioma").first.wait_for()
        page.wait_for_function(ENABLED, arg="Entrenar ambos")
        page.get_by_role("button", name="Entrenar ambos").click()  # once: a lost first click times out below
        page.get_by_text("Terminado: 1 época ", exact=False).wait_for(timeout=60_000)
        assert trace_types(page, "train_curves") == ["scatter"] * 8
        no_exception(page)
        menus = [json.loads(state) for _, state in page.evaluate("window.__navlog")]
    page.context.close()
    assert menus[-1] == titles
    assert all(menu in ([], titles) for menu in menus), menus  # never the folder's file names


def test_the_first_visitors_of_a_fresh_server_arrive_together_by_a_shared_link(browser, tmp_path):
    """Several students open the link at once before anyone has opened the app: every first run is one
    of the folder router's, and every student must still see only our menu and start with one click."""
    titles = ["Datos", "Modelos", "Entrenar", "Comparar", "Laboratorio", "Dentro", "Clase"]
    with serve(tmp_path, scale=float(TINY_SCALE)) as server:
        url = server.url
        tabs = []
        for _ in range(FIRST_VISITORS):
            tab = new_tab(browser, viewport={"width": 1200, "height": 900})
            tab.context.add_init_script(NAV_LOG)
            tab.goto(f"{url}/train?lang=es&preset=small&ep=1", wait_until="commit")  # all load at once
            tabs.append(tab)
        for tab in tabs:
            tab.wait_for_function(ENABLED, arg="Entrenar ambos")
            tab.get_by_role("button", name="Entrenar ambos").click()  # once each
        for tab in tabs:
            tab.get_by_text("Terminado: 1 época ", exact=False).wait_for()
            no_exception(tab)
            menus = [json.loads(state) for _, state in tab.evaluate("window.__navlog")]
            assert all(menu in ([], titles) for menu in menus), menus
            tab.context.close()


def test_a_dark_spanish_browser_gets_a_spanish_page_dark_charts_and_a_full_link(server, browser):
    url = server.url
    tab = new_tab(browser, color_scheme="dark", locale="es-ES", viewport={"width": 1400, "height": 900})
    try:
        tab.goto(url)  # no ?lang: the browser's language decides
        tab.get_by_role("heading", name="Los datos").wait_for()
        plot = tab.locator(".st-key-class_counts .js-plotly-plot")
        plot.wait_for()
        assert plot.evaluate("el => el._fullLayout.paper_bgcolor") == DARK.background
        assert plot.evaluate("el => el._context.toImageButtonOptions.scale") >= 2  # the camera saves at slide size
        page_color = tab.evaluate("getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor")
        assert page_color == "rgb(14, 17, 23)"  # the page itself is dark too (.streamlit/config.toml [theme.dark])
        sidebar = tab.locator('[data-testid="stSidebar"]')
        sidebar.get_by_text("Compartir esta configuración").click()
        link = sidebar.locator("code").first.inner_text().replace("\n", "")
        assert link.startswith(f"{url}/?lang=es&data=demo") or link.startswith(f"{url}?lang=es&data=demo"), link
        no_exception(tab)
        shot(tab, "5-dark-es")
    finally:
        tab.context.close()


# Records every state of the sidebar's page menu (the texts of its links), from the first paint on.
NAV_LOG = """
window.__navlog = [];
const snap = () => {
  const links = [...document.querySelectorAll('[data-testid="stSidebarNav"] a')]
    .map(a => a.innerText.trim().split('\\n').pop());  // the title, after the icon's name
  const key = JSON.stringify(links);
  const last = window.__navlog.length ? window.__navlog[window.__navlog.length - 1][1] : null;
  if (key !== last) window.__navlog.push([Math.round(performance.now()), key]);
};
new MutationObserver(snap).observe(document, {subtree: true, childList: true, characterData: true});
"""

# Whether the app has finished its script run.
IDLE = "document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state') === 'notRunning'"
