"""The explorers and the course website in a real browser (Debian's Chromium via Playwright).

- Each module's main explorer, built from the self-paced seed in a small generated notebook
  and run in JupyterLab (the learner's own environment), moves by keyboard only: the read-out
  and the plot change, and the read-out is exactly the text of the package's pure compute
  function for the new setting, computed here (``tests/browser/explorers.py``).
- Accessibility: axe-core finds no serious or critical violation in each explorer's markup,
  every control is reached by Tab and has a visible label, the read-out is a live region and
  the plot has a text alternative.
- A real course notebook (module 1's solution) runs in JupyterLab and its explorer answers
  the keyboard; the decision lands in decisions.json beside it.
- The course website (``aipm site``), built once for this file: every page loads with no
  request leaving 127.0.0.1 and no console error, no internal link is broken, every image
  is drawn, and the explorers appear as pictures with their read-outs as text.

Everything is in this one file so that ``pytest -n 2 --dist loadfile`` keeps it on one worker
with one JupyterLab server and one browser. Screenshots and axe reports are left in
``build/browser-artifacts/``. The tests skip (outside CI) or fail (in CI) when Chromium,
Playwright or axe-core is missing: ``make browser`` installs them.
"""

from __future__ import annotations

import json
import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urljoin, urlsplit

import nbformat
import pytest

from .browser import explorers, harness, lab
from .conftest import REPO

SPECS = {spec.name: spec for spec in explorers.EXPLORERS}


@pytest.fixture(scope="module")
def browser():
    missing = harness.missing_requirements()
    if missing:
        message = "browser tests need " + "; ".join(missing)
        if harness.in_ci():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = harness.launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def lab_root(tmp_path_factory):
    """The server's root: the generated explorers notebook and a copy of a course notebook."""
    root = tmp_path_factory.mktemp("lab-root")
    (root / "explorers").mkdir()
    nbformat.write(explorers.notebook(), root / "explorers" / "explorers.ipynb")
    course = root / "course" / "01_engagement"
    course.mkdir(parents=True)
    shutil.copy2(REPO / "solutions" / "01_engagement" / "engagement.ipynb", course)
    return root


@pytest.fixture(scope="module")
def jupyterlab(lab_root):
    with harness.lab_server(lab_root) as server:
        yield server


@pytest.fixture(scope="module")
def lab_page(browser, jupyterlab):
    """JupyterLab with the explorers notebook run: (page, blocked requests, console errors)."""
    blocked = harness.Blocked()
    context = harness.new_context(browser, blocked)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    lab.open_notebook(page, jupyterlab, "explorers/explorers.ipynb")
    lab.run_all(page)
    assert lab.cell_errors(page) == []
    for spec in explorers.EXPLORERS:
        lab.wait_for_explorer(page, spec.css)
    yield page, blocked, errors
    artifacts = harness.artifact_dir()
    (artifacts / "jupyterlab-console.json").write_text(
        json.dumps({"console_errors": errors, "blocked_requests": blocked.urls}, indent=1),
        encoding="utf-8")
    context.close()


# --------------------------------------------------------------------------------------------
# keyboard
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(SPECS))
def test_explorer_follows_the_keyboard(lab_page, name):
    page, _, _ = lab_page
    spec = SPECS[name]
    box = page.locator(f".{spec.css}")
    artifacts = harness.artifact_dir("explorers")
    box.screenshot(path=artifacts / f"{spec.name}-before.png")
    setting = spec.initial()
    text = lab.readout(page, spec.css)
    assert text == spec.readout(setting), "the read-out at the start"
    images = {lab.image_src(page, spec.css)}
    for move in spec.moves:
        text, image = lab.press(page, spec.css, move.control, move.keys)
        setting = move.apply(setting)
        where = f"after {'+'.join(move.keys)} on .{move.control} ({setting})"
        assert lab.control_text(page, move.control) == explorers.shown_text(move, setting), \
            where
        assert text == spec.readout(setting), where
        assert image.startswith("data:image/png;base64,"), where
        images.add(image)
    assert len(images) > 1
    box.screenshot(path=artifacts / f"{spec.name}-after.png")


@pytest.mark.parametrize("name", list(SPECS))
def test_sliders_are_labelled_range_inputs_that_say_their_value(lab_page, name):
    page, _, _ = lab_page
    spec = SPECS[name]
    sliders = [c for c in spec.controls
               if page.locator(f".{c} input[type=range]").count() == 1]
    assert sliders, "every explorer has a slider"
    assert page.locator(f".{spec.css} .noUi-handle").count() == 0  # no ipywidgets slider left
    for control in sliders:
        lab.focus_control(page, control)
        shown = lab.slider_state(page, control)
        assert shown["label"].strip() and shown["label_for"] == shown["id"], control
        assert shown["valuetext"] == shown["readout"].strip() != "", control
        assert shown["readout"].strip() == lab.control_text(page, control)
        assert shown["focused"], control
        style, width = shown["outline"]
        assert style != "none" and width >= 2, f"{control}: no visible focus ring"


def test_slider_keys_home_end_and_pages_move_it_and_the_explorer(lab_page):
    """Home / End go to the ends, PageUp / PageDown move a tenth of the range, ArrowUp /
    ArrowDown one step (native keys of the range input; JupyterLab's command mode does not
    take them), and each press reaches the kernel: the explorer's read-out follows."""
    page, _, _ = lab_page
    spec = SPECS["m4-confidence_threshold_explorer"]
    control = "aipm-m4-threshold"
    start = float(lab.slider_state(page, control)["value"])
    lab.focus_control(page, control)
    for key, expected in (("End", 1.0), ("Home", 0.0), ("PageUp", 0.1), ("ArrowUp", 0.11),
                          ("ArrowDown", 0.1), ("PageDown", 0.0)):
        page.keyboard.press(key)
        text = spec.readout({"threshold": expected})
        page.wait_for_function(
            """([css, text]) => document.querySelector('.' + css + ' .aipm-readout')
                                    .textContent.trim() === text""",
            arg=[spec.css, text], timeout=lab.STEP_TIMEOUT)
        shown = lab.slider_state(page, control)
        assert float(shown["value"]) == pytest.approx(expected), key
        assert shown["valuetext"] == shown["readout"] == f"{expected:.2f}", key
    # back where the test found it (the next tests start from the keyboard test's end)
    for _ in range(round(start * 100)):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        """([css, text]) => document.querySelector('.' + css + ' .aipm-readout')
                                .textContent.trim() === text""",
        arg=[spec.css, spec.readout({"threshold": round(start, 2)})], timeout=lab.STEP_TIMEOUT)


# --------------------------------------------------------------------------------------------
# accessibility
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(SPECS))
def test_explorer_has_no_serious_axe_violation(lab_page, name):
    page, _, _ = lab_page
    spec = SPECS[name]
    violations = harness.run_axe(page, f".{spec.css}")
    (harness.artifact_dir("axe") / f"{spec.name}.json").write_text(
        json.dumps({"violations": violations}, indent=1), encoding="utf-8")
    assert harness.serious(violations) == [], json.dumps(violations, indent=1)


@pytest.mark.parametrize("name", list(SPECS))
def test_explorer_controls_are_reached_by_tab_and_labelled(lab_page, name):
    page, _, _ = lab_page
    spec = SPECS[name]
    # start from the explorer's box itself, then walk forward with Tab
    page.locator(f".{spec.css}").evaluate("b => { b.tabIndex = -1; b.focus(); }")
    reached: list[str] = []
    for _ in range(4 * len(spec.controls) + 4):
        page.keyboard.press("Tab")
        inside = page.evaluate(
            """(classes) => classes.filter(c => {
                const root = document.querySelector('.' + c);
                return root && root.contains(document.activeElement);
            })""",
            list(spec.controls))
        reached += [c for c in inside if c not in reached]
        if len(reached) == len(spec.controls):
            break
    assert reached == list(spec.controls), "Tab order (or a control never reached)"
    for control in spec.controls:
        label = page.locator(f".{control} .widget-label").first
        assert label.is_visible() and label.text_content().strip(), f".{control} has no label"
        field = page.locator(f".{control} select, .{control} input")
        if field.count():  # a form field: the label names it (for=id)
            assert label.get_attribute("for") == field.first.get_attribute("id"), control
    status = page.locator(f".{spec.css} .aipm-readout [role=status]")
    assert status.get_attribute("aria-live") == "polite"
    assert status.text_content().strip()
    alt = page.locator(f".{spec.css} .widget-output img").first.get_attribute("alt") or ""
    assert alt.startswith("Chart: "), alt


def test_nothing_left_the_machine(lab_page):
    _, blocked, _ = lab_page
    assert [u for u in blocked.urls if not u.startswith(("data:", "blob:"))] == []


# --------------------------------------------------------------------------------------------
# a real course notebook
# --------------------------------------------------------------------------------------------


def test_course_notebook_runs_in_jupyterlab_and_its_explorer_answers_the_keyboard(
        lab_page, lab_root):
    page, _, _ = lab_page
    path = "course/01_engagement/engagement.ipynb"
    lab.open_another(page, path)
    lab.run_all(page)
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    assert lab.cell_errors(page) == []
    explorer = panel.locator(".aipm-m1-explorer")
    explorer.wait_for()
    page.wait_for_function(
        """() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) '
                                               + '.aipm-m1-explorer .aipm-readout')]
                 .some(r => r.textContent.trim().length > 0)""")
    explorer.screenshot(path=harness.artifact_dir("course") / "m1-solution-before.png")
    readout = explorer.locator(".aipm-readout")
    before = readout.text_content().strip()
    assert before == explorers.M1.readout(explorers.M1.initial())
    explorer.locator(".aipm-m1-week input[type=range]").focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("([el, b]) => el.textContent.trim() !== b",
                           arg=[readout.element_handle(), before])
    setting = dict(explorers.M1.initial(), week=11)
    assert readout.text_content().strip() == explorers.M1.readout(setting)
    explorer.screenshot(path=harness.artifact_dir("course") / "m1-solution-after.png")
    decisions = json.loads((lab_root / "course" / "01_engagement" / "decisions.json")
                           .read_text(encoding="utf-8"))
    assert decisions["m1_rollback_week"] == 11


# --------------------------------------------------------------------------------------------
# the course website
# --------------------------------------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the test reads the results, not a log
        pass


@pytest.fixture(scope="module")
def site():
    """The site as ``aipm site`` builds it into build/site (built at most once: kept while
    the notebooks and the package are unchanged), served on 127.0.0.1 by a thread here."""
    from ai_product_metrics.site import build_site

    out = build_site(REPO)[0].parent
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 partial(_QuietHandler, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield out, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def _crawl(browser, base: str, start: str) -> dict[str, dict]:
    """Every HTML page under ``base`` reachable from ``start`` by links, with what it showed."""
    blocked = harness.Blocked()
    context = harness.new_context(browser, blocked)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    pages: dict[str, dict] = {}
    queue = [start]
    while queue:
        url = queue.pop(0)
        if url in pages:
            continue
        errors.clear()
        del blocked.urls[:]
        response = page.goto(url, wait_until="load")
        links = page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
        images = page.eval_on_selector_all(
            "img", "is => is.map(i => ({alt: i.getAttribute('alt'), w: i.naturalWidth}))")
        pages[url] = {"status": response.status, "links": links, "images": images,
                      "errors": list(errors), "blocked": list(blocked.urls),
                      "text": page.locator("body").inner_text()}
        if len(pages) == 1:
            page.screenshot(path=harness.artifact_dir("site") / "index.png", full_page=False)
        for href in links:
            target = urljoin(url, href).split("#")[0]
            if target.startswith(base) and target.endswith((".html", "/")):
                queue.append(target)
    context.close()
    return pages


@pytest.fixture(scope="module")
def site_pages(browser, site):
    _, base = site
    return _crawl(browser, base, base + "index.html")


def test_site_has_an_index_and_one_page_per_module(site_pages, site):
    out, base = site
    modules = sorted(p.name for p in (REPO / "solutions").iterdir() if p.is_dir())
    assert sorted(site_pages) == sorted([f"{base}index.html"]
                                        + [f"{base}{m}.html" for m in modules])
    index = site_pages[f"{base}index.html"]
    for module in modules:
        assert any(module in href for href in index["links"]), module
    assert "learning objectives" in index["text"].lower()


def test_every_site_page_loads_offline_without_errors(site_pages):
    for url, shown in site_pages.items():
        assert shown["status"] == 200, url
        assert shown["blocked"] == [], url
        assert shown["errors"] == [], url


def test_no_internal_link_of_the_site_is_broken(site_pages, site):
    import urllib.request

    out, base = site
    checked = set()
    for url, shown in site_pages.items():
        for href in shown["links"]:
            target = urljoin(url, href)
            if not target.startswith(base):
                assert urlsplit(target).scheme in ("http", "https", "mailto"), href
                continue
            path, _, fragment = target.partition("#")
            if path not in checked:
                with urllib.request.urlopen(path, timeout=10) as response:
                    assert response.status == 200, path
                checked.add(path)
            if fragment and path in site_pages:
                assert f'id="{fragment}"' in (out / urlsplit(path).path.lstrip("/")).read_text(
                    encoding="utf-8"), target


def test_site_images_are_drawn_and_explorers_shown_with_their_readouts(site_pages, site):
    out, base = site
    for url, shown in site_pages.items():
        for image in shown["images"]:
            assert image["w"] > 0, url
            assert image["alt"], url
    for spec in explorers.EXPLORERS:
        url = next(u for u in site_pages if u.startswith(f"{base}{spec.module:02d}_"))
        shown = site_pages[url]
        assert any(i["alt"].startswith("Chart: ") for i in shown["images"]), url
        # the solution notebooks run the default variant from a fresh folder: each explorer
        # shows its starting setting, as in the generated notebook
        assert spec.readout(spec.initial()) in shown["text"], spec.name


def test_site_links_the_student_notebooks(site, site_pages):
    out, base = site
    import urllib.request

    index = site_pages[f"{base}index.html"]
    downloads = [h for h in index["links"] if h.endswith(".ipynb")]
    assignments = sorted((REPO / "assignments").glob("*/*.ipynb"))
    assert len(downloads) == len(assignments)
    for href in downloads:
        with urllib.request.urlopen(urljoin(base, href), timeout=10) as response:
            nb = nbformat.reads(response.read().decode("utf-8"), as_version=4)
        assert nb.cells and not any(c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_site_build_wrote_nothing_into_the_sources():
    for folder in ("solutions", "assignments"):
        for path in (REPO / folder).rglob("*.ipynb"):
            nb = nbformat.read(path, as_version=4)
            assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), path
        assert not list((REPO / folder).rglob("decisions.json"))

