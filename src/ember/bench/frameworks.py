"""One ensemble-and-judge program in Ember, LangChain (LCEL) and DSPy, against one server.

The program: five answers to a question from a model (temperature 0.7, seeds 0..4), then a
judge call that reads them and gives the best. Its critical path is two calls. Each library
runs it as its documentation shows, in its idiomatic batch form for `n` questions:

- Ember: ``Judge(q, Ensemble(q))`` as an operator, ``xcs.vmap`` over the questions;
- LangChain: an LCEL chain (a `RunnableParallel` of five model runnables, then the judge),
  ``chain.batch`` (threads) and ``await chain.abatch`` (asyncio), with ``max_concurrency``
  at 5 n (the config passes it down to the `RunnableParallel`, so n would serialise the five
  answers of a batch of one; the default, a thread pool of min(32, CPUs + 4), would cap the
  calls in flight at that);
- DSPy: a `dspy.Module` of two `dspy.Predict` (JSONAdapter, so each is one call),
  ``module.batch(num_threads=n)``, with the five answers one after another as DSPy code is
  usually written, and with them in a `dspy.Parallel`.

All talk to the same simulator server (OpenAI's wire, ``latency`` seconds per call, model
name ``gpt-4o-mini``) in its own process (`SimServerProcess`, off this process's GIL), so
every row pays the same server latency; the server counts the requests and the most in
flight at once, and ``cpu_s`` is the CPU time this process (the client alone) spent on the
batch. LangChain and DSPy are not Ember's
dependencies: their rows run when ``langchain-openai`` and ``dspy`` are importable and are
reported as skipped otherwise (docs/coming-from-langchain-dspy.md says how to install them
in a separate venv). Figures are medians of `reps` runs after one warm-up run.

Run: ``python -m ember.bench.frameworks [--quick] [--n N] [--reps R] [--latency S]`` or
``ember bench frameworks``. Results go to ``ember-out/bench/frameworks.json``.
"""

from __future__ import annotations

import asyncio
import importlib.util
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ember
from ember import xcs
from ember.api import operators
from ember.bench._runner import markdown_table, options, report
from ember.sim import SimConfig, SimServerProcess

__all__ = ["main"]

DEFAULT_OUT = Path("ember-out") / "bench" / "frameworks.json"
MODEL = "gpt-4o-mini"
JUDGE_TEMPLATE = ("Question: {question}\n\nCandidate answers:\n{candidates}\n\n"
                  "Give the single best answer.")


def _ember(base_url: str) -> Callable[[list[str]], list[str]]:
    with ember.context(endpoints={"simsrv": {"base_url": base_url}}):
        ensemble = operators.Ensemble(f"simsrv/{MODEL}", n=5, temperature=0.7, seed=0)
        judge = operators.Judge(f"simsrv/{MODEL}", temperature=0)

    @operators.op
    def best(question: str) -> str:
        return judge(question, ensemble(question))

    def run(questions: list[str]) -> list[str]:
        with ember.context(endpoints={"simsrv": {"base_url": base_url}}):
            return xcs.vmap(best)(questions)

    return run


def _langchain(base_url: str) -> tuple[Callable[[list[str]], list[str]], ...]:
    from operator import itemgetter

    from langchain_core.output_parsers import StrOutputParser
    from langchain_core.prompts import ChatPromptTemplate
    from langchain_core.runnables import RunnableLambda, RunnableParallel
    from langchain_openai import ChatOpenAI

    llm = ChatOpenAI(model=MODEL, base_url=base_url, api_key="sim", temperature=0.7)
    judge_llm = ChatOpenAI(model=MODEL, base_url=base_url, api_key="sim", temperature=0)
    ask = ChatPromptTemplate.from_template("{question}")
    ensemble = RunnableParallel(
        {f"a{i}": ask | llm.bind(seed=i) | StrOutputParser() for i in range(5)})
    candidates = RunnableLambda(
        lambda d: "\n".join(f"[{i + 1}] {a}" for i, a in enumerate(d["answers"].values())))
    chain = (RunnableParallel(question=itemgetter("question"), answers=ensemble)
             | RunnableParallel(question=itemgetter("question"), candidates=candidates)
             | ChatPromptTemplate.from_template(JUDGE_TEMPLATE) | judge_llm | StrOutputParser())

    def batch(questions: list[str]) -> list[str]:
        return chain.batch([{"question": q} for q in questions],
                           config={"max_concurrency": 5 * len(questions)})

    loop = asyncio.new_event_loop()  # one loop for every run: the client keeps its connections

    def abatch(questions: list[str]) -> list[str]:
        return loop.run_until_complete(chain.abatch([{"question": q} for q in questions],
                                                    config={"max_concurrency": 5 * len(questions)}))

    return batch, abatch


def _dspy(base_url: str) -> tuple[Callable[[list[str]], list[str]], ...]:
    import dspy

    lm = dspy.LM(f"openai/{MODEL}", api_base=base_url, api_key="sim", cache=False,
                 temperature=0.7)
    dspy.configure(lm=lm, adapter=dspy.JSONAdapter())

    class EnsembleJudge(dspy.Module):
        def __init__(self, parallel: bool) -> None:
            self.parallel = parallel
            self.answer = dspy.Predict("question -> answer")
            self.judge = dspy.Predict("question, candidates: list[str] -> best_answer")

        def forward(self, question: str) -> Any:
            if self.parallel:
                runs = dspy.Parallel(num_threads=5, disable_progress_bar=True)(
                    [(self.answer, {"question": question, "config": {"seed": i}})
                     for i in range(5)])
            else:
                runs = [self.answer(question=question, config={"seed": i}) for i in range(5)]
            return self.judge(question=question, candidates=[r.answer for r in runs],
                              config={"temperature": 0})

    def runner(parallel: bool) -> Callable[[list[str]], list[str]]:
        program = EnsembleJudge(parallel)

        def run(questions: list[str]) -> list[str]:
            examples = [dspy.Example(question=q).with_inputs("question") for q in questions]
            out = program.batch(examples, num_threads=len(questions),
                                disable_progress_bar=True)
            return [r.best_answer for r in out]

        return run

    return runner(False), runner(True)


def _rows(base_url: str) -> list[tuple[str, str, Callable[[list[str]], list[str]] | None]]:
    """(key, title, run or None when the library is not installed), in table order."""
    rows: list[tuple[str, str, Any]] = [("ember", "Ember: Ensemble + Judge, xcs.vmap",
                                         _ember(base_url))]
    have_lc = importlib.util.find_spec("langchain_openai") is not None
    lc = _langchain(base_url) if have_lc else (None, None)
    rows += [("langchain_batch", "LangChain LCEL: chain.batch", lc[0]),
             ("langchain_abatch", "LangChain LCEL: await chain.abatch", lc[1])]
    have_dspy = importlib.util.find_spec("dspy") is not None
    ds = _dspy(base_url) if have_dspy else (None, None)
    rows += [("dspy", "DSPy: Module.batch, answers in sequence", ds[0]),
             ("dspy_parallel", "DSPy: Module.batch, answers in dspy.Parallel", ds[1])]
    return rows


def _measure(server: SimServerProcess, run: Callable[[list[str]], list[str]], n: int,
             reps: int) -> dict[str, Any]:
    questions = [f"Question {i}: why is the sky blue?" for i in range(n)]
    run(questions[:1])  # warm-up: clients, connections, event loops
    one, many, cpu, stats = [], [], [], {}
    for _ in range(reps):
        t0 = time.perf_counter()
        run(questions[:1])
        one.append(time.perf_counter() - t0)
        server.reset_stats()
        t0, c0 = time.perf_counter(), time.process_time()
        answers = run(questions)
        many.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        stats = server.stats()
        assert len(answers) == n, (len(answers), n)
    return {"one_s": round(statistics.median(one), 4), "n_s": round(statistics.median(many), 4),
            "cpu_s": round(statistics.median(cpu), 4), "requests": stats["requests"], "max_in_flight": stats["max_in_flight"],
            "samples_n_s": [round(s, 4) for s in many]}


def run(n: int, reps: int, latency: float) -> dict[str, Any]:
    """Measure every row against one server; return the results as a dict."""
    results: dict[str, Any] = {
        "meta": {"n": n, "reps": reps, "latency_s": latency, "critical_path_s": 2 * latency,
                 "python": sys.version.split()[0], "platform": platform.platform()},
        "rows": {}}
    with SimServerProcess(SimConfig(latency=latency)) as server:
        for key, title, fn in _rows(server.openai_base_url):
            row: dict[str, Any] = {"title": title}
            if fn is None:
                row["skipped"] = "not installed"
            else:
                row.update(_measure(server, fn, n, reps))
            results["rows"][key] = row
    return results


def table(results: dict[str, Any]) -> str:
    """The results as a Markdown table."""
    meta = results["meta"]
    cp = meta["critical_path_s"]
    lines = [f"{meta['n']} programs of 5 answers + 1 judge; server latency "
             f"{meta['latency_s'] * 1e3:.0f} ms per call (critical path {cp * 1e3:.0f} ms); "
             f"median of {meta['reps']}", ""]
    columns = ["program", "1 program", f"{meta['n']} programs", "x critical path",
               "client CPU", "requests", "most in flight"]
    rows = ([row["title"], f"skipped: {row['skipped']}", "", "", "", "", ""] if "skipped" in row
            else [row["title"], f"{row['one_s'] * 1e3:.0f} ms", f"{row['n_s'] * 1e3:.0f} ms",
                  f"{row['n_s'] / cp:.1f}", f"{row['cpu_s'] * 1e3:.0f} ms", row["requests"],
                  row["max_in_flight"]]
            for row in results["rows"].values())
    return "\n".join([*lines, markdown_table(columns, rows)])


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the comparison, print a table, write the JSON results; return them."""
    parser = options("frameworks", __doc__, DEFAULT_OUT, "n=5, 1 repetition")
    parser.add_argument("--n", type=int, default=None, help="programs per batch (default 20)")
    parser.add_argument("--reps", type=int, default=None, help="repetitions (default 5)")
    parser.add_argument("--latency", type=float, default=0.2, help="server seconds per call")
    args = parser.parse_args(argv)
    n = args.n if args.n is not None else (5 if args.quick else 20)
    reps = args.reps if args.reps is not None else (1 if args.quick else 5)
    results = run(n, reps, args.latency)
    results["meta"]["quick"] = args.quick
    report(results, table(results), args.out)
    return results


if __name__ == "__main__":
    main()
