"""`ember eval SYSTEM DATASET`: evaluate a system over a dataset, resumably.

SYSTEM is one of:

- NON notation, stages separated by commas: ``"5E@sim/gpt(temp=0.7),1J@sim/judge"``;
- ``module:callable``: a function (sync or async), operator or graph, imported from the
  current directory or PYTHONPATH;
- a model id, ``provider/model``: the model answers each input directly.

DATASET is a .jsonl/.csv/.json file (optionally .gz), or ``hf:NAME_OR_DIR`` for Hugging
Face datasets (the ``hf`` extra). Each item's record is committed to --record as it
finishes; after a crash or Ctrl-C, run the same command with --resume to finish the rest
without repeating any item.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import math
import os
import re
import sys
from collections.abc import Iterator
from typing import Any

from ember._errors import ConfigError, DataError, EmberError, EvalError, OperatorError, RayError
from ember.cli import CLIError, add_command

__all__ = ["register", "system_from_spec"]

_MODULE_CALLABLE = re.compile(r"[A-Za-z_][\w.]*:[A-Za-z_][\w.]*")
_MODEL_ID = re.compile(r"[a-z0-9][a-z0-9_.\-]*/[^\s@,()]+")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `ember eval`."""
    p = add_command(subparsers, "eval",
                    "evaluate a system over a dataset (resumable, with a progress bar)",
                    __doc__, _run)
    p.add_argument("system", metavar="SYSTEM",
                   help="NON notation, module:callable, or a model id provider/model")
    p.add_argument("dataset", metavar="DATASET",
                   help="a .jsonl, .csv or .json file, or hf:NAME_OR_DIR")
    p.add_argument("--evaluator", "-e", default="exact", metavar="SPEC",
                   help="exact (default), normalized, choice[:LETTERS], numeric[:TOL], "
                        "regex:PATTERN, judge[:MODEL], or module:function")
    p.add_argument("--record", "-r", metavar="PATH",
                   help="SQLite file to commit each item's record to as it finishes")
    p.add_argument("--resume", action="store_true",
                   help="continue the --record file: skip items it already holds")
    p.add_argument("--max-items-in-flight", "-n", type=int, default=64, metavar="N",
                   help="the most items in flight at once, and as many model calls "
                        "(default 64)")
    p.add_argument("--input", metavar="FIELD",
                   help="the item field passed to the system (default: query, question, "
                        "input, prompt, problem or text)")
    p.add_argument("--reference", metavar="FIELD",
                   help="the item field with the expected answer (default: answer, "
                        "reference, target, label, expected or solution)")
    p.add_argument("--key", metavar="FIELD",
                   help="a unique item field to key records by (default: position)")
    p.add_argument("--limit", type=int, metavar="N", help="only the first N items")
    p.add_argument("--budget", type=float, metavar="USD",
                   help="refuse model calls once they would cost more than USD in all "
                        "(refused items count as errors)")
    p.add_argument("--shuffle", type=int, metavar="SEED",
                   help="shuffle the items with this seed (before --limit)")
    p.add_argument("--split", metavar="NAME", help="the split of an hf: dataset")
    p.add_argument("--raise-errors", action="store_true",
                   help="stop at the first failing item (default: record it and go on)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.add_argument("--json", action="store_true",
                   help="print the summary as one JSON object instead of text")
    p.add_argument("--backend", choices=("local", "ray"), default="local",
                   help="run here (default) or on a Ray cluster (needs ember[ray])")
    p.add_argument("--address", metavar="ADDR",
                   help="Ray cluster to join (default: start a local one on 127.0.0.1)")
    p.add_argument("--workers", type=int, default=2, metavar="N",
                   help="Ray worker processes (default 2)")


class NonSystem:
    """A NON graph called with ``query=``: the form `evaluate` runs for NON notation."""

    def __init__(self, graph: Any, spec: str) -> None:
        self.graph = graph
        self.spec = spec

    async def acall(self, query: Any) -> Any:
        acall = getattr(self.graph, "acall", None)
        if acall is not None:
            return await acall(query=query)
        import asyncio

        return await asyncio.to_thread(self.graph, query=query)

    def __repr__(self) -> str:
        return f"non({self.spec!r})"


class ModelSystem:
    """A model id as a system: the input is the prompt."""

    def __init__(self, model_id: str) -> None:
        from ember.models import models

        self.binding = models.instance(model_id)
        self.model_id = model_id

    async def acall(self, prompt: Any) -> Any:
        return await self.binding.acall(prompt if isinstance(prompt, str) else str(prompt))

    def __repr__(self) -> str:
        return f"model({self.model_id!r})"


def _split_stages(spec: str) -> list[str]:
    """Split NON notation at commas outside parentheses."""
    stages, depth, start = [], 0, 0
    for i, ch in enumerate(spec):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch in ",;" and depth == 0:
            stages.append(spec[start:i].strip())
            start = i + 1
    stages.append(spec[start:].strip())
    return [s for s in stages if s]


def system_from_spec(spec: str) -> Any:
    """The system a SYSTEM argument names (see the module docstring).

    Raises:
        CLIError: the spec cannot be resolved, with the reason.
    """
    spec = spec.strip()
    if _MODULE_CALLABLE.fullmatch(spec):
        from ember.eval.lowlevel import import_object

        if os.getcwd() not in sys.path:
            sys.path.insert(0, os.getcwd())  # like `python -m`: modules next to you import
        try:
            obj = import_object(*spec.split(":", 1), "system")
        except EvalError as exc:
            raise CLIError(str(exc)) from None
        if not callable(obj) and not callable(getattr(obj, "acall", None)):
            raise CLIError(f"system {spec}: is a {type(obj).__name__}, not callable. Fix: "
                           "point at a function, operator or graph.")
        return obj
    if "@" in spec:
        try:
            from ember.non import build_graph
        except ImportError as exc:
            raise CLIError(f"system {spec!r}: NON notation needs ember.non, which cannot be "
                           f"imported here ({exc}).") from None
        try:
            stages = _split_stages(spec)
            graph = build_graph(stages if len(stages) > 1 else spec)
        except (OperatorError, ValueError) as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise CLIError(f"system {spec!r}: {first}") from None
        _check_ready(spec, graph.check_ready)
        return NonSystem(graph, spec)
    if _MODEL_ID.fullmatch(spec):
        try:
            system = ModelSystem(spec)
        except EmberError as exc:
            raise CLIError(f"system {spec!r}: {exc}") from None
        from ember.models.lowlevel import check_ready

        _check_ready(spec, lambda: check_ready(spec))
        return system
    raise CLIError(f"system {spec!r}: not NON notation (e.g. '5E@sim/gpt,1J@sim/judge'), "
                   "module:callable (e.g. mysys:answer) or a model id (e.g. sim/gpt).")


def _check_ready(spec: str, check: Any) -> None:
    """A missing key fails every item the same way: say so once, before anything runs."""
    try:
        check()
    except ConfigError as exc:
        raise CLIError(f"system {spec!r}: {_one_line(exc)}") from None


def _dataset(args: argparse.Namespace) -> Any:
    from ember.data import hf, load

    source: str = args.dataset
    if source.startswith("hf:"):
        ds = hf(source[3:], split=args.split)
    else:
        if args.split:
            raise CLIError("--split applies to hf: datasets only. Fix: drop it.")
        ds = load(source)
    if args.shuffle is not None:
        ds = ds.shuffle(seed=args.shuffle)
    if args.limit is not None:
        if args.limit < 0:
            raise CLIError(f"--limit {args.limit}: must be >= 0.")
        ds = ds.limit(args.limit)
    return ds


def _one_line(exc: BaseException) -> str:
    """`exc` as one line, redacted as the record redacts it (the same function)."""
    from ember._core import redact

    text = redact(" ".join(str(exc).split())) or type(exc).__name__
    return text if len(text) <= 400 else text[:397] + "..."


@contextlib.contextmanager
def _notes_on_stderr() -> Iterator[None]:
    """The harness's warnings (e.g. an empty record file) as ``ember: ...`` lines, at once."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("ember: %(message)s"))
    log = logging.getLogger("ember.eval")
    log.addHandler(handler)
    try:
        yield
    finally:
        log.removeHandler(handler)


def _run(args: argparse.Namespace) -> int:
    from ember.eval import evaluate

    if args.max_items_in_flight < 1:
        raise CLIError(f"--max-items-in-flight {args.max_items_in_flight}: must be >= 1.")
    if args.workers < 1:
        raise CLIError(f"--workers {args.workers}: must be >= 1.")
    if args.resume and not args.record:
        raise CLIError("--resume needs --record PATH (the record to continue).")
    if args.budget is not None and not (args.budget >= 0 and math.isfinite(args.budget)):
        raise CLIError(f"--budget {args.budget}: must be a number of US dollars >= 0.")
    if args.budget is not None and args.backend == "ray":
        raise CLIError("--budget applies to the local backend only (Ray workers keep their "
                       "own spend). Fix: drop --budget or --backend ray.")
    system = system_from_spec(args.system)
    spend = None
    try:
        dataset = _dataset(args)
        with _notes_on_stderr(), _budget(args.budget) as spend:
            result = evaluate(
                system, dataset, args.evaluator,
                input=args.input, reference=args.reference, key=args.key,
                max_items_in_flight=args.max_items_in_flight, record=args.record,
                resume=args.resume,
                raise_errors=args.raise_errors, progress=False if args.no_progress else None,
                name=args.system, backend=args.backend, address=args.address,
                workers=args.workers,
            )
    except (DataError, EvalError, RayError) as exc:
        raise CLIError(_one_line(exc)) from None
    except EmberError as exc:
        if not args.raise_errors:
            raise CLIError(_one_line(exc)) from None
        print(f"ember: an item failed ({type(exc).__name__}): {_one_line(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - with --raise-errors, the system's own error
        if not args.raise_errors:
            raise
        print(f"ember: an item failed ({type(exc).__name__}): {_one_line(exc)}", file=sys.stderr)
        return 1
    summary = result.summary
    if args.json:
        print(json.dumps({k: (None if isinstance(v, float) and math.isnan(v) else v)
                          for k, v in summary.to_dict().items()}, sort_keys=True))
    else:
        print(summary.format())
        if result.path:
            print(f"record: {result.path}")
    if spend is not None:
        print(f"budget: ${spend.spent_usd:.4g} of ${spend.limit_usd:.4g} spent; "
              f"{spend.refused} call{'s' if spend.refused != 1 else ''} refused",
              file=sys.stderr if args.json else sys.stdout)
    return 0


def _budget(usd: float | None) -> contextlib.AbstractContextManager[Any]:
    """`models.budget(usd)` around the run, or nothing."""
    if usd is None:
        return contextlib.nullcontext()
    from ember.models import budget

    return budget(usd)
