"""Real-browser plumbing: Debian's Chromium through Playwright, a JupyterLab server on
127.0.0.1, axe-core, and the folder where tests leave their screenshots.

Nothing here downloads anything: Chromium comes from Debian (``make browser`` installs it),
axe-core from npm into ``build/browser-deps`` (also ``make browser``), and every request the
page makes to anything but 127.0.0.1 is aborted (and recorded, so a test can assert there was
none).

Used by ``tests/test_browser.py`` and ``benchmarks/bench_browser.py``.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("AIPM_CHROMIUM", "/usr/bin/chromium"))
BROWSER_DEPS = REPO / "build" / "browser-deps"
AXE_JS = BROWSER_DEPS / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(os.environ.get("AIPM_BROWSER_ARTIFACTS", REPO / "build" / "browser-artifacts"))

#: As measured in shared/notes/browser-testing.md: headless, no sandbox (root), no GPU, and
#: nothing that phones home.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]

#: Environment variables that would give the kernel another learner's variant or an nbgrader
#: mode: the browser tests use the self-paced default variant, as the tests compute it.
_LEARNER_VARIABLES = ("AIPM_LEARNER_ID", "JUPYTERHUB_USER", "NBGRADER_EXECUTION",
                      "NBGRADER_VALIDATING")


def missing_requirements() -> list[str]:
    """What the browser tests need and this machine lacks, in words (empty: all there)."""
    missing = []
    if not CHROMIUM.is_file():
        missing.append(f"Chromium ({CHROMIUM}; `make browser` installs Debian's package)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright Python package (the `test` extra)")
    if not AXE_JS.is_file():
        missing.append(f"axe-core ({AXE_JS.relative_to(REPO)}; `make browser` installs it "
                       "from npm)")
    return missing


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def artifact_dir(*parts: str) -> Path:
    folder = ARTIFACTS.joinpath(*parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# --------------------------------------------------------------------------------------------
# the browser
# --------------------------------------------------------------------------------------------


@dataclass
class Blocked:
    """Requests aborted because they were not for 127.0.0.1."""

    urls: list[str] = field(default_factory=list)


def launch(playwright: Any) -> Any:
    """Debian's Chromium, headless, with the arguments measured to work here."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def new_context(browser: Any, blocked: Blocked | None = None, **options: Any) -> Any:
    """A browser context that aborts every request not for http://127.0.0.1 (recording it)."""
    options.setdefault("viewport", {"width": 1500, "height": 1100})
    context = browser.new_context(**options)
    record = blocked if blocked is not None else Blocked()

    def abort(route: Any) -> None:
        record.urls.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith("http://127.0.0.1:"), abort)
    return context


# --------------------------------------------------------------------------------------------
# Jupyter servers
# --------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(home: Path) -> dict[str, str]:
    """The environment of a test server: temporary Jupyter and IPython folders, the default
    learner variant, this interpreter's scripts first on PATH."""
    env = {k: v for k, v in os.environ.items() if k not in _LEARNER_VARIABLES}
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        folder = home / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = str(folder)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    # JupyterLab's user settings: no "get Jupyter news?" toast over the screenshots
    settings = home / "lab-settings"
    notification = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    notification.parent.mkdir(parents=True, exist_ok=True)
    notification.write_text(json.dumps({"fetchNews": "false"}), encoding="utf-8")
    env["JUPYTERLAB_SETTINGS_DIR"] = str(settings)
    return env


class LabServer:
    """JupyterLab on 127.0.0.1 serving ``root``, in its own process group.

    Started with a fixed free port (``port_retries=0``), a random token, temporary Jupyter
    folders and ``expose_app_in_browser`` (the tests wait on the application's own state, not
    on timers). :meth:`stop` shuts the kernels down through the REST API, then ends the
    server's process group (only the processes started here).
    """

    def __init__(self, root: Path, home: Path) -> None:
        self.root, self.home = root, home
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = home / "jupyterlab.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 90.0) -> LabServer:
        command = [
            sys.executable, "-m", "jupyterlab", "--no-browser",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0", f"--ServerApp.root_dir={self.root}",
            f"--IdentityProvider.token={self.token}",
            f"--LabApp.workspaces_dir={self.home / 'workspaces'}",
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.news_url=", "--LabApp.extension_manager=readonly",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                command, cwd=self.root, env=server_env(self.home), stdout=log,
                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited ({self.process.returncode}): "
                                   f"{self.log_path.read_text(errors='replace')[-3000:]}")
            try:
                self.api("GET", "/api/status")
                return self
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"JupyterLab did not answer within {timeout:.0f} s")

    def api(self, method: str, path: str) -> Any:
        request = urllib.request.Request(f"{self.base}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def url(self, path: str) -> str:
        """A page URL with the token (``path`` like ``lab/tree/x.ipynb``)."""
        sep = "&" if "?" in path else "?"
        return f"{self.base}/{path}{sep}token={self.token}"

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(Exception):
            for kernel in self.api("GET", "/api/kernels"):
                self.api("DELETE", f"/api/kernels/{kernel['id']}")
        pgid = os.getpgid(self.process.pid)
        os.killpg(pgid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(pgid, signal.SIGKILL)
            self.process.wait(timeout=10)


@contextlib.contextmanager
def lab_server(root: Path) -> Iterator[LabServer]:
    """A running :class:`LabServer` for ``root``; its home (temporary) is removed after."""
    home = Path(tempfile.mkdtemp(prefix="aipm-lab-home-"))
    server = LabServer(root, home)
    try:
        yield server.start()
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


# --------------------------------------------------------------------------------------------
# axe-core
# --------------------------------------------------------------------------------------------


def run_axe(page: Any, selector: str) -> list[dict[str, Any]]:
    """axe-core's violations inside ``selector`` (all its default rules: WCAG 2.x A/AA and
    best practices)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async (selector) => {
            const result = await axe.run({include: [selector]}, {resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 240),
                                          impact: n.impact}))}));
        }""",
        selector,
    )


def serious(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The serious and critical violations (no exception: the tests fail on any of them)."""
    return [v for v in violations if v["impact"] in ("serious", "critical")]
