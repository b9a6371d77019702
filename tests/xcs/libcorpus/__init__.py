"""Issue 13's acceptance corpus: ordinary functions on real libraries, run plain and jitted.

Each case (`_case.Case`) is a function that uses requests, httpx, urllib, http.client,
sockets, sqlite3, the openai and anthropic SDKs, files, threads, caches, sleeps or Ember's
own models, against real servers on 127.0.0.1 (`_servers`). The harness (`_harness`) runs
it plain and under `xcs.jit` and compares everything a user could observe.

- ``pytest tests/xcs/test_libcorpus.py``: one test per case (no difference, no crash), on
  `ci_cases`; ``EMBER_CORPUS=all`` (``make corpus``) runs every case.
- ``python -m tests.xcs.libcorpus [name or category ...]``: the report, a table per case
  and the summary.

Modules are named ``cases_<category>`` (never after a real library, which they import).
They are imported on first use of `cases`, so that a child process running one case
imports only that case's module.
"""

from __future__ import annotations

import functools
import importlib
import zlib
from collections import Counter

from tests.xcs.libcorpus._case import CATEGORIES, Case

__all__ = ["by_name", "cases", "ci_cases"]

_MODULES = ("cases_sdk", "cases_http", "cases_socket", "cases_db", "cases_files",
            "cases_threads", "cases_state", "cases_sleep", "cases_validation", "cases_fanout",
            "cases_ensemble", "cases_helpers", "cases_clients", "cases_where", "cases_rebind",
            "cases_owned", "cases_worlds", "cases_redteam", "cases_redteam2", "cases_redteam3",
            "cases_redteam4", "cases_worlds2", "cases_redteam5",
            "cases_redteam6", "cases_redteam7", "cases_redteam8",
            "cases_redteam9", "cases_redteam10",
            "cases_redteam11", "cases_redteam12",
            "cases_redteam13", "cases_redteam14",
            "cases_redteam15", "cases_redteam16",
            "cases_redteam17", "cases_redteam18",
            "cases_redteam19", "cases_redteam20",
            "cases_redteam21", "cases_redteam22",
            "cases_redteam23", "cases_redteam24",
            "cases_redteam25", "cases_redteam26",
            "cases_redteam27", "cases_redteam28",
            "cases_redteam29", "cases_values", "cases_guards",
            "cases_redteam30", "cases_redteam31", "cases_redteam32", "cases_redteam33",
            "cases_redteam34", "cases_redteam35", "cases_redteam36",
            "cases_redteam37", "cases_redteam38", "cases_redteam39", "cases_redteam40",
            "cases_redteam41", "cases_redteam42", "cases_redteam43", "cases_redteam44",
            "cases_redteam45", "cases_redteam46", "cases_redteam47",
            "cases_redteam48", "cases_redteam49", "cases_redteam50",
            "cases_redteam51", "cases_redteam52", "cases_redteam53", "cases_redteam54",
            "cases_redteam55", "cases_redteam56", "cases_redteam57", "cases_redteam58",
            "cases_redteam59", "cases_redteam60", "cases_redteam61", "cases_redteam62",
            "cases_redteam63", "cases_redteam64", "cases_redteam65", "cases_redteam66",
            "cases_redteam67", "cases_redteam68", "cases_redteam69", "cases_redteam70",
            "cases_redteam71", "cases_redteam72", "cases_redteam73", "cases_redteam74",
            "cases_redteam75", "cases_redteam76", "cases_redteam77", "cases_redteam78",
            "cases_redteam79", "cases_redteam80", "cases_redteam81", "cases_redteam82",
            "cases_redteam83", "cases_redteam84", "cases_redteam85", "cases_redteam86",
            "cases_redteam87", "cases_redteam88", "cases_redteam89", "cases_redteam90",
            "cases_redteam91", "cases_redteam92", "cases_redteam93",
            "cases_redteam94", "cases_redteam95", "cases_redteam96", "cases_redteam97",
            "cases_redteam98", "cases_redteam99", "cases_redteam100", "cases_redteam101",
            "cases_redteam102", "cases_redteam103", "cases_redteam104",
            "cases_redteam105", "cases_redteam106", "cases_redteam107", "cases_redteam108",
            "cases_redteam109", "cases_redteam110", "cases_redteam111", "cases_redteam112",
            "cases_redteam113", "cases_pools", "cases_redteam114", "cases_redteam115",
            "cases_redteam116", "cases_redteam117", "cases_redteam118", "cases_redteam119",
            "cases_redteam120", "cases_redteam121", "cases_redteam122", "cases_redteam123",
            "cases_redteam124", "cases_redteam125", "cases_redteam126", "cases_redteam127",
            "cases_redteam128", "cases_redteam129", "cases_redteam130", "cases_redteam131",
            "cases_redteam132", "cases_redteam133", "cases_redteam134",
            "cases_redteam135", "cases_redteam136", "cases_redteam137",
            "cases_redteam138", "cases_redteam139", "cases_redteam140",
            "cases_redteam141", "cases_redteam142", "cases_redteam143",
            "cases_redteam144", "cases_redteam145", "cases_redteam146",
            "cases_redteam147", "cases_redteam148", "cases_redteam149",
            "cases_redteam150", "cases_redteam151", "cases_redteam152",
            "cases_redteam153", "cases_redteam154",
            "cases_redteam155", "cases_redteam156", "cases_redteam157",
            "cases_redteam158", "cases_redteam159", "cases_redteam160",
            "cases_redteam161", "cases_redteam162", "cases_redteam163",
            "cases_redteam164", "cases_redteam165", "cases_redteam166",
            "cases_redteam167", "cases_redteam168", "cases_redteam169",
            "cases_redteam170", "cases_redteam171", "cases_redteam172", "cases_redteam173", "cases_redteam174",
            "cases_redteam175", "cases_redteam176", "cases_redteam177",
            "cases_redteam178", "cases_redteam179", "cases_redteam180",
            "cases_redteam181", "cases_redteam182", "cases_redteam183",
            "cases_redteam184", "cases_llm_shapes", "cases_redteam185",
            "cases_redteam186", "cases_redteam187", "cases_redteam188",
            "cases_redteam189", "cases_redteam190", "cases_redteam191",
            "cases_redteam192", "cases_redteam193", "cases_redteam194", "cases_redteam195",
            "cases_redteam196", "cases_redteam197", "cases_redteam198",
            "cases_redteam199", "cases_redteam200", "cases_redteam201", "cases_redteam202",
            "cases_redteam203", "cases_redteam204", "cases_redteam205",
            "cases_redteam206", "cases_redteam207", "cases_redteam208",
            "cases_redteam209", "cases_redteam210",
            "cases_redteam211", "cases_redteam212",
            "cases_redteam213", "cases_redteam214", "cases_redteam215", "cases_redteam216",
            "cases_redteam217", "cases_redteam218", "cases_redteam219", "cases_redteam220",
            "cases_redteam221", "cases_redteam222", "cases_redteam223", "cases_redteam224",
            "cases_redteam225", "cases_redteam226", "cases_redteam227", "cases_redteam228",
            "cases_redteam229", "cases_redteam230", "cases_redteam231", "cases_redteam232",
            "cases_redteam233", "cases_redteam234", "cases_redteam235", "cases_redteam236",
            "cases_redteam237", "cases_redteam238", "cases_redteam239")


def module_cases(module: str) -> list[Case]:
    """The cases one ``cases_*`` module lists."""
    return list(importlib.import_module(f"{__name__}.{module}").CASES)


@functools.cache
def cases() -> list[Case]:
    """Every case, by category in the issue's order; names are unique."""
    found = sorted((c for m in _MODULES for c in module_cases(m)),
                   key=lambda c: CATEGORIES.index(c.category))
    twice = sorted(n for n, k in Counter(c.name for c in found).items() if k > 1)
    if twice:
        raise RuntimeError(f"corpus cases share a name: {twice}")
    return found


#: The share of the red-team modules' other cases that CI runs: one in `CI_EVERY`.
CI_EVERY = 20


@functools.cache
def ci_cases() -> list[Case]:
    """The cases CI runs: the acceptance modules whole, every red-team case that differed
    when it was written (its module's ``FIXED_WHY``), and one in `CI_EVERY` of the others,
    picked by a hash of the name, so the same on every machine.

    The red-team modules grow by some 600 cases a stop, each about 80 ms of CPU jitted and
    plain (``time make corpus`` over the count): all of them no longer fit a 20-minute CI
    on two cores.
    """
    fixed = {name for m in _MODULES for name in getattr(
        importlib.import_module(f"{__name__}.{m}"), "FIXED_WHY", ())}
    kept = {c.name for m in _MODULES if not m.startswith("cases_redteam")
            for c in module_cases(m)}
    return [c for c in cases() if c.name in kept or c.name in fixed
            or zlib.crc32(c.name.encode()) % CI_EVERY == 0]


def by_name(name: str) -> Case:
    """The case called `name`."""
    for c in cases():
        if c.name == name:
            return c
    raise KeyError(f"no corpus case named {name!r}")
