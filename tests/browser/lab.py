"""Driving a notebook in JupyterLab from Playwright, and a keyboard step on an explorer.

The server runs with ``expose_app_in_browser``, so the page waits on JupyterLab's own state
(the session is ready and its kernel idle) rather than on timers: the toolbar's idle marker
shows before the kernel has started, and Run All then opens a kernel-picker dialog.
"""

from __future__ import annotations

from typing import Any

#: Playwright waits (milliseconds): a cold kernel, the imports and five explorers on 2 busy
#: cores take well under a minute; these bounds only stop a stuck test.
PAGE_TIMEOUT = 120_000
STEP_TIMEOUT = 20_000


def open_notebook(page: Any, server: Any, path: str) -> None:
    """Open ``path`` (relative to the server's root) and wait until its kernel is idle."""
    page.set_default_timeout(PAGE_TIMEOUT)
    page.goto(server.url(f"lab/tree/{path}"), wait_until="domcontentloaded")
    page.wait_for_function("() => window.jupyterapp !== undefined")
    page.evaluate(
        """async (path) => {
            const app = window.jupyterapp;
            await app.started;
            await app.restored;
            const deadline = Date.now() + 60000;
            let panel = null;
            while (Date.now() < deadline) {
                panel = app.shell.currentWidget;
                if (panel && panel.context && panel.context.path === path) break;
                await new Promise(r => setTimeout(r, 100));
            }
            await panel.context.ready;
            await panel.sessionContext.ready;
        }""",
        path,
    )
    page.wait_for_function(
        """() => {
            const panel = window.jupyterapp.shell.currentWidget;
            const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
            return kernel && kernel.status === 'idle' && kernel.connectionStatus === 'connected';
        }"""
    )


def run_all(page: Any) -> None:
    """Run every cell (the Run menu's "Run All Cells") and wait until the kernel is idle."""
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    page.wait_for_function(
        """() => {
            const panel = window.jupyterapp.shell.currentWidget;
            const cells = panel.content.widgets;
            const kernel = panel.sessionContext.session.kernel;
            return kernel.status === 'idle'
                && cells.every(c => c.model.type !== 'code' || c.model.executionCount !== null);
        }"""
    )


def cell_errors(page: Any) -> list[str]:
    """Error outputs shown in the notebook (tracebacks), as text."""
    return page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
                        ", .jp-RenderedText[data-mime-type='application/vnd.jupyter.error']"
                        ).all_inner_texts()


def readout(page: Any, css: str) -> str:
    return page.locator(f".{css} .aipm-readout").text_content().strip()


def image_src(page: Any, css: str) -> str:
    return page.locator(f".{css} .widget-output img").first.get_attribute("src") or ""


def control_text(page: Any, control: str) -> str:
    """What a control shows: a slider's read-out (``widget-readout``, the same text as its
    ``aria-valuetext``), or a drop-down's selected option."""
    root = page.locator(f".{control}")
    if root.locator("select").count():
        text = root.locator("select").evaluate("s => s.options[s.selectedIndex].text")
    else:
        text = root.locator(".widget-readout").text_content()
    return " ".join(text.split())  # ipywidgets writes options with no-break spaces


def focus_control(page: Any, control: str) -> None:
    """Give the keyboard focus to a control: a slider's range input or a drop-down's list."""
    root = page.locator(f".{control}")
    target = root.locator("select") if root.locator("select").count() else \
        root.locator("input[type=range]")
    target.focus()


def slider_state(page: Any, control: str) -> dict[str, Any]:
    """A slider as the page shows it: its input's value, bounds and aria-valuetext, its
    read-out, its label (text and ``for``), the input's id and its focus outline."""
    return page.locator(f".{control} input[type=range]").evaluate(
        """input => {
            const root = input.closest('.aipm-slider');
            const label = root.querySelector('label');
            const style = getComputedStyle(input);
            return {value: input.value, min: input.min, max: input.max, step: input.step,
                    valuetext: input.getAttribute('aria-valuetext'), id: input.id,
                    readout: root.querySelector('.widget-readout').textContent,
                    label: label.textContent, label_for: label.htmlFor,
                    focused: document.activeElement === input,
                    outline: [style.outlineStyle, parseFloat(style.outlineWidth)]};
        }""")


def press(page: Any, css: str, control: str, keys: tuple[str, ...]) -> tuple[str, str]:
    """Press ``keys`` on ``control`` (focused first) and wait until the explorer's read-out
    and plot have changed; return the new (read-out, image src)."""
    before, image = readout(page, css), image_src(page, css)
    focus_control(page, control)
    for key in keys:
        page.keyboard.press(key)
    page.wait_for_function(
        """([css, before, image]) => {
            const root = document.querySelector('.' + css);
            const text = root.querySelector('.aipm-readout').textContent.trim();
            const img = root.querySelector('.widget-output img');
            return text !== before && img && img.getAttribute('src') !== image;
        }""",
        arg=[css, before, image], timeout=STEP_TIMEOUT,
    )
    return readout(page, css), image_src(page, css)


_ARM_JS = """
([css]) => {
    const readout = document.querySelector('.' + css + ' .aipm-readout');
    const before = readout.textContent;
    const probe = {pressed: null};
    document.addEventListener('keydown', () => { probe.pressed = performance.now(); },
                              {capture: true, once: true});
    probe.changed = new Promise((resolve, reject) => {
        const observer = new MutationObserver(() => {
            if (readout.textContent !== before) {
                observer.disconnect();
                resolve(performance.now());
            }
        });
        observer.observe(readout, {childList: true, subtree: true, characterData: true});
        setTimeout(() => { observer.disconnect(); reject(new Error('no change in 20 s')); }, 20000);
    });
    window.__aipmProbe = probe;
}
"""


def timed_press(page: Any, css: str, key: str) -> float:
    """Milliseconds, by the page's own clock, from the key press (a capture-phase keydown
    listener stamps it) to the change of the explorer's read-out text (a MutationObserver
    stamps it). The control must already have the focus."""
    page.evaluate(_ARM_JS, [css])
    page.keyboard.press(key)
    return float(page.evaluate(
        "async () => { const p = window.__aipmProbe; const t = await p.changed; "
        "return t - p.pressed; }"))


def open_another(page: Any, path: str) -> None:
    """Open a second notebook in the same JupyterLab page and wait until its kernel is idle."""
    page.evaluate(
        """async (path) => {
            const app = window.jupyterapp;
            const panel = await app.commands.execute('docmanager:open', {path});
            await panel.context.ready;
            await panel.sessionContext.ready;
        }""",
        path,
    )
    page.wait_for_function(
        """(path) => {
            const panel = window.jupyterapp.shell.currentWidget;
            if (!panel || !panel.context || panel.context.path !== path) return false;
            const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
            return kernel && kernel.status === 'idle' && kernel.connectionStatus === 'connected';
        }""",
        arg=path,
    )


def wait_for_explorer(page: Any, css: str) -> None:
    """Wait until the explorer shows a read-out and a plot."""
    page.wait_for_function(
        """(css) => {
            const root = document.querySelector('.' + css);
            const text = root && root.querySelector('.aipm-readout');
            return text && text.textContent.trim().length > 0
                && root.querySelector('.widget-output img') !== null;
        }""",
        arg=css,
    )
