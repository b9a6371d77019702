"""http.client's debug lines are output: a helper whose connection prints them keeps its
place, whether the connection's own ``set_debuglevel(1)`` or the class's ``debuglevel``
(set after a plan was made) turns them on (`_rules._new_connection`'s consulted level).

Red-team 208's cases, run here with the lines' ``Date:`` header left out: the server's
clock may tick between the plain and the jitted run, which the corpus would report.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from tests.xcs.libcorpus import cases_redteam208 as r208
from tests.xcs.libcorpus._harness import judge, run_case

_DATE = re.compile(r"^header: Date: .*\n", re.MULTILINE)


@pytest.mark.parametrize("name", ["r208_helper_debuglevel_prints",
                                  "r208_class_debuglevel_between_calls"])
def test_debug_lines_keep_the_plain_order(name: str) -> None:
    case = next(c for c in r208.ALL if c.name == name)
    plain, jitted = (run_case(case, jitted=j) for j in (False, True))
    assert "send: b'GET" in plain.stdout and plain.stdout.count("send:") >= 2
    plain, jitted = (dataclasses.replace(o, stdout=_DATE.sub("", o.stdout))
                     for o in (plain, jitted))
    verdict = judge(case, plain, jitted)
    assert verdict.ok, verdict.differences or verdict.crash
