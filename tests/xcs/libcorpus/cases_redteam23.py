"""Red-team cases (stop 21), twenty-third part: sleep helpers that print or log (output
order), and ``map`` over a checking read where the first item fails slowest.
"""

from __future__ import annotations

import functools
import time

from tests.xcs.libcorpus._case import Case, corpus_logger
from tests.xcs.libcorpus._web import checked, web_args


def tick(ms: int) -> int:
    time.sleep(ms / 1000)
    print("tick", ms)
    return ms


def sleep_helpers_that_print() -> list[int]:
    return [tick(ms) for ms in (90, 10, 50)]


def logged_wait(ms: int) -> int:
    time.sleep(ms / 1000)
    corpus_logger("redteam23.wait").info("waited %d", ms)
    return ms


def sleep_helpers_that_log() -> list[int]:
    return [logged_wait(ms) for ms in (90, 10, 50)]



def map_of_a_checking_read_first_fails_slowest(base: str) -> list[str]:
    get = functools.partial(checked, base)
    return list(map(get, ["missing-m1?ms=200", "mo", "missing-m2?ms=1"]))


CASES = [
    Case("sleep", sleep_helpers_that_print),
    Case("sleep", sleep_helpers_that_log),
    Case("validation", map_of_a_checking_read_first_fails_slowest, args=web_args, servers="web",
         speculative_reads=True),
]
