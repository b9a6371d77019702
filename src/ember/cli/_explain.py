"""`ember explain FILE.py:FUNCTION`: the JIT's plan for a function, without running it.

The file is imported as a module (its top level runs, as with any import; code under
``if __name__ == "__main__":`` does not), the function is found by name (``Class.method``
works, and so does a function already wrapped by `xcs.jit`), and its plan is printed: the
I/O call sites, what starts early, what runs together and the predicted speedup. The
plan is the one `jit` makes before the first call, when no argument values are known.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import importlib.util
import inspect
import os
import sys
import types
from pathlib import Path
from typing import Any

from ember.cli import CLIError, add_command

__all__ = ["register"]

MSG_TARGET = (
    "expected FILE.py:FUNCTION (e.g. `ember explain app.py:answer` or "
    "`ember explain app.py:Pipeline.forward`), got {target!r}"
)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `ember explain`."""
    p = add_command(subparsers, "explain",
                    "show the JIT's plan for FILE.py:FUNCTION without running it", __doc__, _run)
    p.add_argument("target", metavar="FILE.py:FUNCTION",
                   help="a Python file and a function in it (Class.method for a method)")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--dot", action="store_true", help="print the operation graph as Graphviz DOT")
    fmt.add_argument("--mermaid", action="store_true",
                     help="print the operation graph as a Mermaid flowchart")
    p.add_argument("--html", metavar="OUT", type=Path,
                   help="also write the picture (predicted timeline and graph) as HTML")
    p.add_argument("--png", metavar="OUT", type=Path,
                   help="also write the picture as PNG (needs the `plot` extra: matplotlib)")


def _run(args: argparse.Namespace) -> int:
    path, qualname = _split(args.target)
    module = _import_file(path)
    func = _resolve(module, qualname, path)
    from ember import viz, xcs

    ex = xcs.explain(xcs.jit(func))  # before its first call: the static plan
    if args.dot:
        print(viz.to_dot(ex))
    elif args.mermaid:
        print(viz.to_mermaid(ex))
    else:
        print(viz.to_text(ex))
    if args.html is not None:
        print(f"wrote {viz.write_html(ex, args.html)}", file=sys.stderr)
    if args.png is not None:
        try:
            print(f"wrote {viz.write_png(ex, args.png)}", file=sys.stderr)
        except ImportError as exc:
            raise CLIError(str(exc)) from None
    return 0


def _split(target: str) -> tuple[Path, str]:
    file, sep, name = target.rpartition(":")
    if not sep or not file or not name:
        raise CLIError(MSG_TARGET.format(target=target))
    path = Path(file)
    if not path.is_file():
        raise CLIError(f"{file}: no such file (the part before ':' must be a Python file)")
    if not all(part.isidentifier() for part in name.split(".")):
        raise CLIError(f"{name!r} is not a function name; " + MSG_TARGET.format(target=target))
    return path, name


def _import_file(path: Path) -> types.ModuleType:
    """Import `path` as a module named after the file (a private name if that is taken)."""
    path = path.resolve()
    taken = not path.stem.isidentifier() or path.stem in sys.modules
    name = "_ember_explain_target" if taken else path.stem
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise CLIError(f"{path}: cannot be imported as a Python module (is it a .py file?)")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    sys.path.insert(0, str(path.parent))  # so the file's own sibling imports work
    try:
        # Whatever the module prints on import goes to stderr: stdout is the plan (or DOT).
        with contextlib.redirect_stdout(sys.stderr):
            spec.loader.exec_module(module)
    except SyntaxError as exc:
        raise CLIError(f"{exc.filename or path}:{exc.lineno}: syntax error: {exc.msg}") from None
    except (Exception, SystemExit) as exc:  # noqa: BLE001 - the user's module failed to import
        raise CLIError(f"importing {path} raised {type(exc).__name__}: {exc}") from None
    return module


def _resolve(module: types.ModuleType, qualname: str, path: Path) -> types.FunctionType:
    obj: Any = module
    for i, part in enumerate(qualname.split(".")):
        scope = vars(obj) if isinstance(obj, type | types.ModuleType) else {}
        if part not in scope:
            where = ".".join(qualname.split(".")[:i]) or os.fspath(path)
            names = [n for n, v in scope.items() if not n.startswith("__") and (
                inspect.isfunction(v) or isinstance(v, type | staticmethod | classmethod))]
            close = difflib.get_close_matches(part, names, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else (
                f"; it defines: {', '.join(sorted(names)[:12])}" if names else "")
            raise CLIError(f"{where} has no function {part!r}{hint}")
        obj = scope[part]
        if isinstance(obj, staticmethod | classmethod):
            obj = obj.__func__
    obj = getattr(obj, "__ember_jit_original__", obj)  # already wrapped by xcs.jit
    if isinstance(obj, type):
        for method in ("forward", "__call__"):
            found = obj.__dict__.get(method)
            if inspect.isfunction(found):
                obj = getattr(found, "__ember_jit_original__", found)
                break
        else:
            raise CLIError(f"{qualname} is a class without forward() or __call__(); "
                           f"name a method: {qualname}.METHOD")
    if not inspect.isfunction(obj):
        raise CLIError(f"{qualname} is not a function defined with def "
                       f"(its type is {type(obj).__name__!r})")
    return obj
