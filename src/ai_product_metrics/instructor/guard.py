"""Defences that run *inside* the learner's kernel while ``aipm-teach autograde`` grades it.

A submission is code, and the hidden tests run in the same Python process after it. Three
things a submission can do to earn points it did not earn are closed here:

- **patching what the tests call**: replacing ``apm.grading.check_close``, ``np.isclose`` or a
  builtin such as ``isinstance``, editing a function's ``__code__``, shadowing ``float`` or
  rebinding ``apm`` in the notebook's namespace. :func:`protect` runs before any learner code
  and remembers every function, class and module the tests can reach; :func:`restore` runs
  right before each test cell and puts back whatever changed, and says what it put back;
- **reading what it must not see**: the solutions, the build folder with the hidden tests, the
  gradebook, other learners' work. An audit hook (:pep:`578`; Python code cannot remove one)
  refuses ``open``, directory listings and ``sqlite3.connect`` under the forbidden folders;
- **acting outside the notebook**: starting programs, signalling other processes (the grading
  worker), opening network connections, importing a database driver to write grades.

Every refusal and every repair is printed as a line starting with :data:`MARK`; the grading
worker turns those lines into flags for the instructor and removes the guard cells from the
graded notebook.

The cell before a test does not call :func:`restore` through a name the learner could
replace: it raises the audit event :data:`EVENT`, and the hook, which holds the real
function, restores and then prints a confirmation signed with a secret the worker handed the
kernel in ``AIPM_GUARD_NONCE`` (removed from the environment before any learner code runs, and
``/proc/*/environ`` refused). A test cell whose confirmation is missing was not protected
(the submission replaced ``sys.audit``, the import system, or the guard module): the worker
scores it 0 and flags it for a person to read. Code that runs first can still, with enough
effort (``ctypes``, ``gc``), read the secret out of the hook; the static scan of
:mod:`.integrity` flags those tools.

The functions are meant for a kernel under grading; calling them in a learner's session would
block that session's file access.
"""

from __future__ import annotations

import builtins
import hashlib
import hmac
import os
import re
import sys
import threading
import types
from collections.abc import Iterable, Mapping

__all__ = ["EVENT", "MARK", "NONCE_VARIABLE", "confirmation", "protect", "restore"]

MARK = "[aipm-guard]"
EVENT = "aipm.guard.restore"  # the audit event a guard cell raises before a test cell
NONCE_VARIABLE = "AIPM_GUARD_NONCE"
WATCHED_ROOTS = ("ai_product_metrics", "numpy", "pandas", "scipy", "sklearn", "math",
                 "statistics", "numbers", "operator", "functools", "inspect", "types",
                 "collections", "re")
_OWN = "ai_product_metrics"
_BLOCKED_PROGRAMS = ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
                     "os.fork", "os.forkpty", "pty.spawn", "os.startfile")
_PATH_EVENTS = {"open": 0, "os.listdir": 0, "os.scandir": 0, "os.remove": 0, "os.rename": 0,
                "os.replace": 0, "os.rmdir": 0, "os.mkdir": 0, "os.truncate": 0,
                "os.chmod": 0, "os.chown": 0, "os.link": 1, "os.symlink": 1,
                "shutil.rmtree": 0, "shutil.copyfile": 0, "shutil.copytree": 0,
                "sqlite3.connect": 0, "os.chdir": 0}
_ENVIRON = re.compile(r"^/proc/[^/]+(/task/[^/]+)?/environ$")  # where the secret was
_DRIVERS = ("sqlalchemy", "psycopg", "psycopg2", "nbgrader", "pymysql", "asyncpg")

# builtins the kernel itself replaces on every execution (stdin forwarding)
_KERNEL_BUILTINS = frozenset({"input", "raw_input", "getpass", "_", "__", "___"})
_STATE: dict = {"events": [], "reported": 0}


def _real(path) -> str | None:
    if isinstance(path, int):
        return None
    try:
        return os.path.realpath(os.fsdecode(path))
    except (TypeError, ValueError):
        return None


def _under(path: str, roots: Iterable[str]) -> int:
    """Length of the longest root that holds ``path`` (0: none)."""
    best = 0
    for root in roots:
        if path == root or path.startswith(root.rstrip(os.sep) + os.sep):
            best = max(best, len(root))
    return best


def _private_restore() -> tuple:
    """A copy of :func:`_restore`, of the helpers it calls and of the state it reads, that no
    name in the kernel leads to: patching this module's functions, its ``_STATE`` or the
    builtins after :func:`protect` does not change what the hook restores."""
    namespace = dict(globals())
    namespace["__builtins__"] = dict(_STATE["builtins"])
    for key, value in list(namespace.items()):
        if isinstance(value, types.FunctionType) and value.__module__ == __name__:
            namespace[key] = types.FunctionType(value.__code__, namespace, value.__name__,
                                                value.__defaults__, value.__closure__)
    state = dict(_STATE)
    state.update(
        modules=[(m, dict(e)) for m, e in _STATE["modules"]], builtins=dict(_STATE["builtins"]),
        functions=list(_STATE["functions"]), classes=[(c, dict(m)) for c, m in _STATE["classes"]],
        sys_modules=dict(_STATE["sys_modules"]), hooks=dict(_STATE["hooks"]),
        shell={k: (dict(v) if isinstance(v, dict) else v) for k, v in _STATE["shell"].items()},
        reported=0)
    return namespace["_restore"], state


def confirmation(nonce: str, number: int) -> str:
    """The line a guard cell prints once the hook has restored everything (``number``: the
    guard cell's place), signed with the worker's secret.

    Examples
    --------
    >>> confirmation("secret", 3) == confirmation("secret", 3) != confirmation("other", 3)
    True
    """
    digest = hmac.new(nonce.encode(), f"{EVENT}:{number}".encode(), hashlib.sha256)
    return f"{MARK} ok {number} {digest.hexdigest()[:24]}"


def _make_hook(forbidden: list[str], allowed: list[str], events: list[str], nonce: str):
    local = threading.local()
    own_pid = os.getpid()
    real_restore, private = _private_restore()
    stdout = sys.stdout

    def refuse(message: str) -> None:
        events.append(message)
        raise PermissionError(f"not allowed while grading: {message}")

    def hook(event: str, args: tuple) -> None:
        if getattr(local, "busy", False):
            return
        if event == EVENT:
            local.busy = True
            try:
                number, names, aliases = args
                for line in real_restore(private, names, aliases):
                    stdout.write(line + "\n")
                stdout.write(confirmation(nonce, int(number)) + "\n")
                stdout.flush()
            finally:
                local.busy = False
            return
        if event in _PATH_EVENTS:
            local.busy = True
            try:
                path = _real(args[_PATH_EVENTS[event]]) if args else None
                if event == "sqlite3.connect" and path is None and args:
                    path = _real(str(args[0]))
                blocked = bool(path) and (_under(path, forbidden) > _under(path, allowed)
                                          or _ENVIRON.match(path) is not None)
            finally:
                local.busy = False
            if blocked:
                refuse(f"{event} {path}")
        elif event.startswith(_BLOCKED_PROGRAMS):
            refuse(f"{event} (starting programs)")
        elif event == "os.kill" and args and args[0] not in (own_pid, 0):
            refuse(f"os.kill of process {args[0]}")
        elif event == "os.killpg":
            refuse("os.killpg")
        elif event == "socket.connect":
            refuse(f"socket.connect {args[1] if len(args) > 1 else ''}")
        elif event == "import" and args and str(args[0]).split(".")[0] in _DRIVERS:
            refuse(f"import {args[0]} (a database driver or the grader)")

    return hook


def _snapshot_modules() -> list[tuple[types.ModuleType, dict]]:
    saved = []
    for name, module in list(sys.modules.items()):
        if not isinstance(module, types.ModuleType) or name.split(".")[0] not in WATCHED_ROOTS:
            continue
        entries = {k: v for k, v in vars(module).items()
                   if callable(v) or isinstance(v, types.ModuleType)}
        saved.append((module, entries))
    return saved


def _own_functions(saved) -> list[tuple]:
    """(function, code, defaults, kwdefaults) of the course package's functions and methods."""
    out, seen = [], set()

    def add(fn) -> None:
        if isinstance(fn, (staticmethod, classmethod)):
            fn = fn.__func__
        if isinstance(fn, types.FunctionType) and id(fn) not in seen:
            seen.add(id(fn))
            out.append((fn, fn.__code__, fn.__defaults__, fn.__kwdefaults__))

    for module, entries in saved:
        if module.__name__.split(".")[0] != _OWN:
            continue
        for value in entries.values():
            add(value)
            if isinstance(value, type) and value.__module__.startswith(_OWN):
                for member in vars(value).values():
                    add(member)
    return out


def _own_classes(saved) -> list[tuple[type, dict]]:
    out = []
    for module, entries in saved:
        if module.__name__.split(".")[0] != _OWN:
            continue
        for value in entries.values():
            if isinstance(value, type) and value.__module__ == module.__name__:
                out.append((value, dict(vars(value))))
    return out


def protect(*, forbidden: Iterable[str] = (), allowed: Iterable[str] = (),
            modules: Iterable[str] = ()) -> None:
    """Remember what the tests rely on and install the audit hook. Run before learner code.

    Parameters
    ----------
    forbidden : iterable of str
        Folders and files the notebook may not open, list or connect to.
    allowed : iterable of str
        Places inside a forbidden folder that stay open (the learner's own folder).
    modules : iterable of str
        Modules the hidden tests import: imported now, so that their pristine state is known.
    """
    import importlib

    nonce = os.environ.pop(NONCE_VARIABLE, "")
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # a test that needs it will fail on its own, visibly
            pass
    saved = _snapshot_modules()
    main = sys.modules["__main__"]
    shell = _shell()
    _STATE.update(
        modules=saved, builtins=dict(vars(builtins)), functions=_own_functions(saved),
        classes=_own_classes(saved),
        sys_modules={m.__name__: m for m, _ in saved if sys.modules.get(m.__name__) is m},
        main=main, hooks={n: getattr(sys, n) for n in ("displayhook", "stdout", "stderr")},
        shell=_shell_state(shell))
    roots = [r for r in (_real(p) for p in forbidden) if r]
    keep = [r for r in (_real(p) for p in allowed) if r]
    keep += [r for r in {_real(sys.prefix), _real(sys.base_prefix), _real(sys.exec_prefix)} if r]
    keep += [_real(p) for p in sys.path if p and ("site-packages" in p or "dist-packages" in p)]
    package = sys.modules.get(_OWN)
    if package is not None and getattr(package, "__file__", None):
        # the package, and the folder that holds it (the import system lists it)
        keep.append(_real(os.path.dirname(os.path.dirname(package.__file__))))
    sys.addaudithook(_make_hook(roots, [k for k in keep if k], _STATE["events"], nonce))


def _shell():
    try:
        from IPython import get_ipython
    except ImportError:  # not in IPython
        return None
    return get_ipython()


def _shell_state(shell) -> dict:
    if shell is None:
        return {}
    return {"lists": {n: list(getattr(shell, n)) for n in (
                "ast_transformers", "input_transformers_post", "input_transformers_cleanup")
                      if hasattr(shell, n)}}


def _name_of(module: types.ModuleType, key: str) -> str:
    return f"{module.__name__}.{key}"


def restore(names: Iterable[str] = (), aliases: Mapping[str, str] | None = None) -> list[str]:
    """Put back what :func:`protect` saw; print and return one line per repair or refusal.

    Under grading the guard cells do not call this: they raise :data:`EVENT` (see the module's
    docstring), and the hook calls the same code.

    Parameters
    ----------
    names : iterable of str
        Names the next test cell reads from the notebook's namespace: a learner's variable
        that shadows a builtin among them (``float = int``) is removed.
    aliases : mapping of str to str
        Names the notebook binds to modules (``{"apm": "ai_product_metrics"}``) and the next
        test cell reads: rebound to the real module when something else holds the name.
    """
    lines = _restore(_STATE, names, aliases)
    for line in lines:
        print(line)
    return lines


def _restore(state: dict, names: Iterable[str] = (),
             aliases: Mapping[str, str] | None = None) -> list[str]:
    if "modules" not in state:
        return [f"{MARK} the guard did not run before the learner's code; nothing restored"]
    repaired: list[str] = []
    for name, module in state["sys_modules"].items():
        if sys.modules.get(name) is not module:
            sys.modules[name] = module
            repaired.append(f"sys.modules[{name!r}]")
    for module, entries in state["modules"]:
        current = vars(module)
        for key, value in entries.items():
            if current.get(key, _MISSING) is not value:
                setattr(module, key, value)
                repaired.append(_name_of(module, key))
    for cls, members in state["classes"]:
        for key, value in members.items():
            if key in ("__dict__", "__weakref__", "__doc__"):
                continue
            if vars(cls).get(key, _MISSING) is not value:
                try:
                    setattr(cls, key, value)
                except (AttributeError, TypeError):
                    continue
                repaired.append(f"{cls.__module__}.{cls.__qualname__}.{key}")
    for fn, code, defaults, kwdefaults in state["functions"]:
        if fn.__code__ is not code or fn.__defaults__ is not defaults \
                or fn.__kwdefaults__ is not kwdefaults:
            fn.__code__, fn.__defaults__, fn.__kwdefaults__ = code, defaults, kwdefaults
            repaired.append(f"{fn.__module__}.{fn.__qualname__} (its code)")
    pristine = state["builtins"]
    current = vars(builtins)
    for key, value in pristine.items():
        if key not in _KERNEL_BUILTINS and current.get(key, _MISSING) is not value:
            current[key] = value
            repaired.append(f"builtins.{key}")
    for key, value in state["hooks"].items():
        if getattr(sys, key) is not value:
            setattr(sys, key, value)
            repaired.append(f"sys.{key}")
    if sys.gettrace() is not None:
        sys.settrace(None)
        repaired.append("sys.settrace")
    if sys.getprofile() is not None:
        sys.setprofile(None)
        repaired.append("sys.setprofile")
    repaired += _restore_shell(state["shell"])
    namespace = vars(state["main"])
    for name in names:
        if name in pristine and name in namespace and namespace[name] is not pristine[name]:
            del namespace[name]
            repaired.append(f"the notebook's {name!r}, which hid the builtin")
    for name, module_name in (aliases or {}).items():
        module = sys.modules.get(module_name)
        current = namespace.get(name, _MISSING)
        if module is not None and current is not _MISSING and current is not module:
            namespace[name] = module
            repaired.append(f"the notebook's {name!r} (not the module {module_name})")
    lines = [f"{MARK} restored {what}" for what in dict.fromkeys(repaired)]
    events = state["events"]
    lines += [f"{MARK} refused {what}" for what in events[state["reported"]:]]
    state["reported"] = len(events)
    return lines


def _restore_shell(state: dict) -> list[str]:
    shell = _shell()
    if shell is None or not state:
        return []
    repaired = []
    # libraries register hooks as they are used (matplotlib's inline backend adds a
    # post_execute callback on the first plot): only what the notebook's own code defined goes
    for key, callbacks in shell.events.callbacks.items():
        mine = [c for c in callbacks if _from_notebook(c)]
        if mine:
            shell.events.callbacks[key] = [c for c in callbacks if c not in mine]
            repaired.append(f"the notebook's IPython {key!r} event callback(s)")
    for name in state["lists"]:
        items = getattr(shell, name)
        mine = [item for item in items if _from_notebook(item)]
        if mine:
            setattr(shell, name, [item for item in items if item not in mine])
            repaired.append(f"the notebook's entries in IPython's {name}")
    return repaired


def _from_notebook(obj) -> bool:
    """Whether ``obj`` (a function, a bound method, an instance) was defined by code run in
    the notebook rather than imported from a library."""
    target = getattr(obj, "__func__", obj)
    if not isinstance(target, types.FunctionType):
        target = type(target)
    return getattr(target, "__module__", None) == "__main__"


_MISSING = object()
