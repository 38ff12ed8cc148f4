"""The course website: an index and one page per module, as static HTML (``aipm site``).

Each module's page is its solution notebook (``solutions/<NN_module>/<name>.ipynb``) executed
once, on a copy in a temporary folder beside the output (never in ``solutions/``), with the
self-paced default variant, and rendered by nbconvert's ``lab`` template. On the page:

- the explorers (ipywidgets, which need a kernel) become what they showed: the plot as an
  image with a text alternative, the read-out as text and the setting of each control;
- the locked test cells become one line saying what the checkpoint checks (the docstring
  ``aipm check`` prints), without their code or hidden tests;
- the solution regions are labelled "Model answer" and lose their markers; a reflection's
  instructor rubric is left to the mark scheme.

The index states each module's time, points and learning objectives (from the notebook's
first cell) and links to its page and to the student notebook (copied from ``assignments/``).

The pages load nothing from the network: no require.js, MathJax, mermaid or widget manager
(the course's markdown holds no LaTeX; the explorers are static), and the CSS is inlined.
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import html
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cli import _describe  # a test cell's docstring, first line

__all__ = ["Module", "build_site", "discover_modules", "module_summary", "static_notebook"]

_REPO = Path(__file__).resolve().parents[2]

#: Kernel environment variables that would select another learner's variant or an nbgrader
#: mode; the site shows the self-paced default variant.
_LEARNER_VARIABLES = ("AIPM_LEARNER_ID", "JUPYTERHUB_USER", "NBGRADER_EXECUTION",
                      "NBGRADER_VALIDATING")

_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


@dataclass(frozen=True)
class Module:
    """One module of the course: its folder name, solution notebook and student notebooks."""

    slug: str
    solution: Path
    student: tuple[Path, ...]

    @property
    def page(self) -> str:
        return f"{self.slug}.html"


def discover_modules(repo: Path) -> list[Module]:
    """The modules with a solution notebook, in folder order (``01_...``, ``02_...``).

    Examples
    --------
    >>> import tempfile
    >>> repo = Path(tempfile.mkdtemp())
    >>> for folder in ("solutions/02_b", "solutions/01_a", "assignments/01_a"):
    ...     (repo / folder).mkdir(parents=True)
    ...     (repo / folder / "a.ipynb").write_text("{}")
    ...     (repo / folder / "a.ipynb").touch()
    ...
    2
    2
    2
    >>> [(m.slug, m.page, [p.name for p in m.student]) for m in discover_modules(repo)]
    [('01_a', '01_a.html', ['a.ipynb']), ('02_b', '02_b.html', [])]
    """
    modules = []
    for folder in sorted(p for p in (repo / "solutions").iterdir() if p.is_dir()):
        notebooks = sorted(folder.glob("*.ipynb"))
        if not notebooks:
            continue
        student = tuple(sorted((repo / "assignments" / folder.name).glob("*.ipynb")))
        modules.append(Module(folder.name, notebooks[0], student))
    return modules


# --------------------------------------------------------------------------------------------
# execution (once per build, on copies)
# --------------------------------------------------------------------------------------------


async def _execute(nb: Any, workdir: Path, timeout: int, slots: asyncio.Semaphore) -> None:
    """Execute ``nb`` (a copy, in place) with its kernel working in ``workdir``."""
    from nbclient import NotebookClient

    env = {k: v for k, v in os.environ.items() if k not in _LEARNER_VARIABLES}
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    # one thread per kernel: two kernels whose BLAS and OpenMP pools each take every core
    # spin against each other
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(name, "1")
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(workdir)}},
                            store_widget_state=True)
    async with slots:
        await client.async_execute(env=env, cwd=str(workdir))


def _execute_all(modules: Sequence[Module], work: Path, *, jobs: int, timeout: int
                 ) -> dict[str, Any]:
    """Each module's solution notebook, copied into ``work`` and executed there, ``jobs`` at a
    time (each kernel is a process of its own: the notebooks run in parallel)."""
    import nbformat

    notebooks = {}
    for module in modules:
        folder = work / module.slug
        folder.mkdir(parents=True)
        shutil.copy2(module.solution, folder / module.solution.name)
        notebooks[module.slug] = (nbformat.read(folder / module.solution.name, as_version=4),
                                  folder)

    async def run_all() -> None:
        slots = asyncio.Semaphore(jobs)
        await asyncio.gather(*(_execute(nb, folder, timeout, slots)
                               for nb, folder in notebooks.values()))

    # in a thread of its own: the caller may already run an event loop (Jupyter, Playwright)
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, run_all()).result()
    return {slug: nb for slug, (nb, _) in notebooks.items()}


# --------------------------------------------------------------------------------------------
# from an executed solution notebook to a page
# --------------------------------------------------------------------------------------------

_IMG = re.compile(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="[^"]*">')
_SOLUTION_MARKER = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", re.MULTILINE)
_RUBRIC = re.compile(r"\*\*Rubric \(instructors\)\.\*\*.*?(?=^[ \t]*### END SOLUTION)",
                     re.DOTALL | re.MULTILINE)


def _format_value(state: dict[str, Any]) -> str | None:
    """The setting a control shows, as its widget front-end writes it."""
    model = state.get("_model_name", "")
    if "index" in state and "_options_labels" in state:
        index = state["index"]
        labels = state["_options_labels"]
        return labels[index] if isinstance(index, int) and 0 <= index < len(labels) else None
    # the course's own sliders (widgets/_slider.py, an anywidget "AnyModel") keep ipywidgets'
    # field names: value and readout_format, or index and _options_labels (above)
    slider = model == "AnyModel" and "readout_format" in state
    if slider or model in ("IntSliderModel", "FloatSliderModel", "BoundedFloatTextModel",
                           "BoundedIntTextModel", "FloatTextModel", "IntTextModel",
                           "TextModel"):
        value = state.get("value")
        spec = state.get("readout_format")
        if spec and isinstance(value, (int, float)):
            try:
                return format(value, spec)
            except ValueError:
                return str(value)
        return None if value is None else str(value)
    return None


def _static_explorer(model_id: str, states: dict[str, Any]) -> str | None:
    """The HTML of what an explorer showed: its controls' settings, its plot, its read-out."""
    settings: list[str] = []
    images: list[str] = []
    readouts: list[str] = []
    titles: list[str] = []

    def visit(mid: str) -> None:
        entry = states.get(mid)
        if entry is None:
            return
        state = entry.get("state", {})
        classes = state.get("_dom_classes", [])
        model = state.get("_model_name", "")
        description = state.get("description", "")
        if model == "OutputModel":
            for output in state.get("outputs", []):
                data = output.get("data", {})
                shown = _IMG.search(data.get("text/html", ""))
                if shown:  # the explorers' plot: an <img> with its alt text
                    images.append(shown.group(0))
                elif "image/png" in data:
                    alt = output.get("metadata", {}).get("image/png", {}).get("alt", "")
                    images.append(f'<img src="data:image/png;base64,{data["image/png"]}" '
                                  f'alt="{html.escape(alt or "Chart of the explorer")}">')
        elif model == "HTMLModel" and "aipm-readout" in classes:
            readouts.append(state.get("value", ""))
        elif model == "HTMLModel":
            text = re.sub(r"<[^>]+>", "", state.get("value", "")).strip()
            if text:
                titles.append(html.escape(text))
        elif description:
            value = _format_value(state)
            if value is not None:
                settings.append(f"{html.escape(description)}: <b>{html.escape(value)}</b>")
        for child in state.get("children", []):
            if isinstance(child, str) and child.startswith("IPY_MODEL_"):
                visit(child.removeprefix("IPY_MODEL_"))

    visit(model_id)
    if not images and not readouts:
        return None
    parts = ['<figure class="aipm-static-explorer">']
    if titles:
        parts.append(f'<p class="aipm-explorer-title">{" ".join(titles)}</p>')
    note = ("Interactive explorer, shown at its starting setting")
    if settings:
        note += " (" + "; ".join(settings) + ")"
    note += ". Download the notebook and open it in JupyterLab to move its controls."
    parts.append(f'<p class="aipm-explorer-note">{note}</p>')
    parts.append('<div class="aipm-explorer-body">')
    parts += [f'<div class="aipm-explorer-plot">{image}</div>' for image in images]
    parts += [f'<figcaption class="aipm-explorer-readout">{text}</figcaption>'
              for text in readouts]
    parts.append("</div></figure>")
    return "\n".join(parts)


def static_notebook(nb: Any) -> Any:
    """A copy of an executed solution notebook made for reading (see the module docstring)."""
    import nbformat
    from nbformat.v4 import new_markdown_cell

    nb = copy.deepcopy(nb)
    states = nb.metadata.get("widgets", {}).get(_WIDGET_STATE, {}).get("state", {})
    cells = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            what = _describe(cell.source) or "a checkpoint"
            points = meta.get("points")
            worth = f" ({points:g} point{'s' if points != 1 else ''})" if points else ""
            cells.append(new_markdown_cell(
                f'<p class="aipm-check">Checkpoint{worth}, graded by a locked test cell: '
                f"{html.escape(what)}</p>"))
            continue
        if meta.get("solution"):
            if cell.cell_type == "markdown":
                cell.source = _RUBRIC.sub("", cell.source)
            cell.source = _SOLUTION_MARKER.sub("", cell.source).strip("\n")
            cells.append(new_markdown_cell('<p class="aipm-answer">Model answer</p>'))
        if cell.cell_type == "code":
            outputs = []
            for output in cell.get("outputs", []):
                view = output.get("data", {}).get(_WIDGET_VIEW)
                shown = _static_explorer(view["model_id"], states) if view else None
                if view and shown is None:
                    continue  # a widget that showed nothing
                if shown is not None:
                    output = nbformat.v4.new_output("display_data", data={"text/html": shown})
                outputs.append(output)
            cell.outputs = outputs
        cells.append(cell)
    nb.cells = cells
    nb.metadata.pop("widgets", None)
    return nb


# --------------------------------------------------------------------------------------------
# the HTML
# --------------------------------------------------------------------------------------------

_CSS = """
:root { --aipm-accent: #0072B2; }
body.jp-Notebook { max-width: 1200px; margin: 0 auto; padding: 0 1rem 3rem; }
.aipm-site-header { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: baseline;
  border-bottom: 2px solid var(--aipm-accent); padding: .75rem 0; margin-bottom: 1rem;
  font-family: var(--jp-ui-font-family, sans-serif); }
.aipm-site-header a { color: #004a75; }
.aipm-site-header .aipm-site-name { font-weight: bold; font-size: 1.1rem; }
.aipm-site-footer { border-top: 1px solid #ccc; margin-top: 2rem; padding-top: .75rem;
  font-family: var(--jp-ui-font-family, sans-serif); font-size: .9rem; }
.aipm-site-footer a { color: #004a75; }
.aipm-answer { font-weight: bold; color: #6b3a00; margin: .25rem 0 0; }
.aipm-check { background: #f1f5f9; border-left: 4px solid var(--aipm-accent); padding: .4rem .75rem;
  margin: .25rem 0; }
.aipm-static-explorer { border: 1px solid #ccd; border-radius: 4px; padding: .5rem .75rem;
  margin: .5rem 0; }
.aipm-explorer-note { font-style: italic; margin: .25rem 0 .5rem; }
.aipm-explorer-title { font-weight: bold; margin: .25rem 0; }
.aipm-explorer-body { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
.aipm-explorer-plot img { max-width: 100%; height: auto; }
.aipm-explorer-readout { max-width: 24rem; line-height: 1.5; }
"""

_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}<style type="text/css">{{ resources.aipm.css }}</style>{%- endblock -%}
{%- block body_header -%}
<body class="jp-Notebook" data-jp-theme-light="true" data-jp-theme-name="JupyterLab Light">
{{ resources.aipm.header }}
<main>
{%- endblock body_header -%}
{%- block body_footer -%}
</main>
{{ resources.aipm.footer }}
</body>
{%- endblock body_footer -%}
"""


def _exporter() -> Any:
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", extra_loaders=[
        DictLoader({"aipm_site.html.j2": _TEMPLATE})])
    exporter.template_file = "aipm_site.html.j2"
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.anchor_link_text = "#"
    return exporter


def _header(title: str, modules: Sequence[Module], current: Module | None) -> str:
    links = ['<a href="index.html">Course home</a>']
    if current is not None:
        i = modules.index(current)
        if i > 0:
            links.append(f'<a href="{modules[i - 1].page}" rel="prev">Previous module</a>')
        if i + 1 < len(modules):
            links.append(f'<a href="{modules[i + 1].page}" rel="next">Next module</a>')
        for student in current.student:
            links.append(f'<a href="downloads/{current.slug}/{student.name}" download>'
                         f"Student notebook ({html.escape(student.name)})</a>")
    return ('<header class="aipm-site-header"><span class="aipm-site-name">'
            f'{html.escape(title)}</span><nav aria-label="Course">'
            + " ".join(links) + "</nav></header>")


def _footer() -> str:
    return ('<footer class="aipm-site-footer">AI Product Metrics: a graded Jupyter course. '
            "Pages built from the solution notebooks, executed once with the self-paced "
            "default data variant. BSD-3-Clause.</footer>")


def module_summary(nb: Any) -> dict[str, str]:
    """Title, time and points line, and learning objectives (markdown) of a notebook."""
    first = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    lines = first.splitlines()
    title = next((line[2:].strip() for line in lines if line.startswith("# ")), "")
    facts = next((line.strip() for line in lines if "**Time:**" in line), "")
    objectives: list[str] = []
    start = next((i for i, line in enumerate(lines) if "By the end of" in line), None)
    if start is not None:
        for line in lines[start + 1:]:
            if re.match(r"^\s*(\d+\.|[-*])\s", line) or (objectives and line.startswith(" ")):
                objectives.append(line)
            elif objectives and not line.strip():
                break
    return {"title": title, "facts": facts, "objectives": "\n".join(objectives)}


def _index(title: str, modules: Sequence[Module], summaries: dict[str, dict[str, str]]
           ) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    items = []
    for n, module in enumerate(modules, start=1):
        s = summaries[module.slug]
        downloads = " ".join(
            f'<a href="downloads/{module.slug}/{p.name}" download>Download the student '
            f"notebook ({html.escape(p.name)})</a>" for p in module.student)
        items.append(
            f'<section class="aipm-module" aria-labelledby="m{n}">'
            f'<h2 id="m{n}"><a href="{module.page}">{html.escape(s["title"] or module.slug)}'
            "</a></h2>"
            f'{markdown2html_mistune(s["facts"])}'
            "<h3>Learning objectives</h3>"
            f'<p>By the end of this module you will be able to:</p>'
            f'{markdown2html_mistune(s["objectives"])}'
            f'<p><a href="{module.page}">Read the module with its model answers</a> · '
            f"{downloads}</p></section>")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{html.escape(title)}</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a;
  line-height: 1.5; max-width: 60rem; margin: 0 auto; padding: 0 1rem 3rem; }}
a {{ color: #004a75; }}
h1 {{ margin-top: 1rem; }}
.aipm-module {{ border-top: 1px solid #ccc; padding-top: .5rem; }}
{_CSS}
</style>
</head>
<body>
{_header(title, modules, None)}
<main>
<h1>{html.escape(title)}</h1>
<p>A hands-on course that makes product managers fluent in the metrics of AI products. Each
module is a graded Jupyter notebook: a short explanation, an interactive explorer on seeded
synthetic data, computational checkpoints and a written metric brief scored against a rubric.
These pages show each module with its model answers, executed once with the self-paced data
variant; the explorers appear as pictures with their read-outs as text. To work through a
module, download its student notebook and open it in JupyterLab with the course installed
(<code>make course</code>).</p>
{"".join(items)}
</main>
{_footer()}
</body>
</html>
"""


STAMP = ".aipm-site.json"


def _digest(modules: Sequence[Module]) -> str:
    """Hash of everything a build reads: the notebooks and the package's own sources."""
    files = [m.solution for m in modules] + [p for m in modules for p in m.student]
    files += sorted(Path(__file__).resolve().parent.rglob("*.py"))
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.name).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _listing(out: Path) -> list[Path]:
    pages = sorted(p for p in out.glob("*.html") if p.name != "index.html")
    return [out / "index.html", *pages, *sorted((out / "downloads").rglob("*.ipynb"))]


def build_site(repo: str | os.PathLike[str] | None = None,
               out: str | os.PathLike[str] | None = None, *, jobs: int | None = None,
               timeout: int = 300, force: bool = False) -> list[Path]:
    """Build the website into ``out`` (default ``build/site`` of the repository).

    Executes each module's solution notebook once (``jobs`` kernels at a time, default up to
    2) on a copy in a temporary folder beside ``out``, then writes ``index.html``, one
    ``<NN_module>.html`` per module and ``downloads/<NN_module>/<name>.ipynb`` (the student
    notebooks). ``out`` is replaced whole. A site built from the same notebooks and package
    sources (recorded in ``out/.aipm-site.json``) is kept as it is unless ``force``. Returns
    the files of the site.
    """
    repo = Path(repo) if repo is not None else _REPO
    out = Path(out) if out is not None else repo / "build" / "site"
    modules = discover_modules(repo)
    if not modules:
        raise ValueError(f"no solution notebooks under {repo / 'solutions'}")
    digest = _digest(modules)
    try:
        built = json.loads((out / STAMP).read_text(encoding="utf-8")).get("inputs")
    except (OSError, ValueError, AttributeError):
        built = None
    if built == digest and not force:
        return _listing(out)
    jobs = jobs if jobs is not None else max(1, min(2, os.cpu_count() or 1, len(modules)))
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        work = staging / "work"
        site = staging / "site"
        site.mkdir()
        executed = _execute_all(modules, work, jobs=jobs, timeout=timeout)
        exporter = _exporter()
        title = "AI Product Metrics"
        summaries = {}
        written = []
        for module in modules:
            nb = executed[module.slug]
            summaries[module.slug] = module_summary(nb)
            page_title = summaries[module.slug]["title"] or module.slug
            nb.metadata["title"] = f"{page_title} | {title}"
            resources = {"aipm": {"css": _CSS, "header": _header(title, modules, module),
                                  "footer": _footer()}}
            body, _ = exporter.from_notebook_node(static_notebook(nb), resources=resources)
            (site / module.page).write_text(body, encoding="utf-8")
            written.append(out / module.page)
            for student in module.student:
                target = site / "downloads" / module.slug / student.name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(student, target)
                written.append(out / "downloads" / module.slug / student.name)
        (site / "index.html").write_text(_index(title, modules, summaries),
                                         encoding="utf-8")
        written.insert(0, out / "index.html")
        (site / STAMP).write_text(json.dumps({"inputs": digest}), encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        site.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """``aipm site [--out DIR] [--jobs N]``: build the site and say where it is."""
    import argparse

    parser = argparse.ArgumentParser(prog="aipm site")
    add_arguments(parser)
    return run(parser.parse_args(argv))


def add_arguments(parser: Any) -> None:
    """The options of ``aipm site``."""
    parser.add_argument("--out", help="output folder (default: build/site)")
    parser.add_argument("--jobs", type=int, help="notebooks executed at once (default: 2)")
    parser.add_argument("--force", action="store_true",
                        help="rebuild even when nothing changed since the last build")


def run(args: Any) -> int:
    """Build the site as ``args`` say (see :func:`add_arguments`) and say where it is."""
    from .cli import find_repo

    repo = find_repo() or _REPO
    start = time.perf_counter()
    out = Path(args.out) if args.out else repo / "build" / "site"
    existing = (out / STAMP).is_file()
    written = build_site(repo, out=out, jobs=args.jobs, force=args.force)
    seconds = time.perf_counter() - start
    kept = existing and seconds < 5 and not args.force
    print(f"{'site up to date' if kept else 'built the site'}: {len(written)} file(s) in "
          f"{out} ({seconds:.1f} s); open {out / 'index.html'}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
