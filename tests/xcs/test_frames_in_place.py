"""A call run at its own place is made by the jitted function's own frame, so what it reads
of its caller (``sys._getframe(1)``, ``inspect.stack()``, a warning's or a log record's
``stacklevel=2``) is the plain run's; and one with no effect rule that waits still gets
its hint in `explain()` (`Frame._placed`, `Frame.done`).

Each function mixes reads the JIT starts early (sleeps) with helpers that read their
caller's frame and have no rule, so the helpers run in place inside rewritten code.
"""

from __future__ import annotations

import inspect
import logging
import sys
import threading
import time
import warnings

from ember import xcs


def fetch(key: str) -> str:
    time.sleep(0.02)
    return f"v-{key}"


def caller_name(key: str) -> str:
    return f"{key}<-{sys._getframe(1).f_code.co_name}"


def stack_names(key: str) -> str:
    return key + ":" + ",".join(f.function for f in inspect.stack()[1:2])


def warns(key: str) -> str:
    warnings.warn(f"old {key}", DeprecationWarning, stacklevel=2)
    return key


LOG = logging.getLogger("tests.frames_in_place")


def logs(key: str) -> str:
    LOG.warning("got %s", key, stacklevel=2)
    return key


def statements_of_frame_readers() -> list[str]:
    a = fetch("a")
    b = fetch("b")
    return [caller_name(a), stack_names(b)]


def comprehension_of_frame_readers(keys: list[str]) -> list[str]:
    got = [fetch(k) for k in keys]
    return [caller_name(g) for g in got]


def comprehension_with_a_warning(keys: list[str]) -> list[str]:
    got = [fetch(k) for k in keys]
    return [warns(g) for g in got]


def comprehension_with_a_log_record(keys: list[str]) -> list[str]:
    got = [fetch(k) for k in keys]
    return [logs(g) for g in got]


def _started(jitted: object) -> int:
    record = xcs.explain(jitted).last_run  # type: ignore[arg-type]
    return len(record.spans) if record is not None else 0


def test_a_helper_in_place_sees_the_function_as_its_caller() -> None:
    for fn, args in ((statements_of_frame_readers, ()),
                     (comprehension_of_frame_readers, (["a", "b", "c"],))):
        jitted = xcs.jit(fn)
        assert jitted(*args) == fn(*args), fn.__name__
        assert _started(jitted) >= 2, fn.__name__  # (reads did start early around them)


def test_a_warning_with_stacklevel_two_points_at_the_functions_line() -> None:
    jitted = xcs.jit(comprehension_with_a_warning)
    seen = []
    for f in (comprehension_with_a_warning, jitted):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            f(["a", "b"])
        seen.append([(w.filename, w.lineno, str(w.message)) for w in caught])
    assert seen[0] == seen[1] and seen[0][0][0] == __file__
    assert _started(jitted) >= 2


def test_a_log_record_with_stacklevel_two_names_the_function(caplog: object) -> None:
    jitted = xcs.jit(comprehension_with_a_log_record)
    names = []
    for f in (comprehension_with_a_log_record, jitted):
        caplog.clear()  # type: ignore[attr-defined]
        f(["a", "b"])
        names.append([(r.funcName, r.lineno) for r in caplog.records])  # type: ignore[attr-defined]
    assert names[0] == names[1] and {n for n, _ in names[0]} == {"<listcomp>"}
    assert _started(jitted) >= 2


EVENT = threading.Event()


def waits_without_a_rule() -> int:
    EVENT.wait(0.05)  # (never set: a wait with the CPU idle, and no effect rule)
    return 1


def helpers_that_wait() -> list[int]:
    return [waits_without_a_rule(), waits_without_a_rule()]


def test_a_long_wait_in_place_still_gets_its_hint() -> None:
    jitted = xcs.jit(helpers_that_wait)
    assert jitted() == [1, 1]
    hints = [n for n in xcs.explain(jitted).notes if "waits_without_a_rule() waited" in n]
    assert hints and all("declare it" in n for n in hints)


def a_list_holding_its_loops_target(key):  # type: ignore[no-untyped-def]
    """``keys = [key]`` then ``for key in keys`` (as `linecache.checkcache` is written), `key`
    of no known type: the loop's items name its own target, which the analysis once
    followed round forever when it asked what testing an item's truth runs."""
    keys = [key]
    out = []
    for key in keys:  # noqa: B020 - the shape under test
        if key:
            out.append(fetch(key))
    return out + [fetch("z")]


def test_a_loop_over_a_list_holding_its_own_target_is_analysed() -> None:
    jitted = xcs.jit(a_list_holding_its_loops_target)
    assert jitted("k") == ["v-k", "v-z"]
    assert "analysis failed" not in str(xcs.explain(jitted))
