"""A child process the function starts and leaves running runs beside it, as a thread the
function starts does (`_timing.starts_a_thread`): what the child does while a slow read is
in flight meets the function's calls where the plain code's timing puts it, so the
function runs as written. A child it waits for at once (`subprocess.run`) is a write in
place, and the reads after it still overlap. Asserted structurally: the most reads in
flight at once."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
import requests

from ember import xcs
from tests.xcs._items_server import Items

QUIET = [sys.executable, "-c", "pass"]


def get(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).text


def popen_then_reads(web: str) -> list[str]:
    child = subprocess.Popen(QUIET)
    a = get(web, "a", 150)
    b = get(web, "b", 50)
    child.wait()
    return [a, b]


def spawn_then_reads(web: str) -> list[str]:
    pid = os.posix_spawn(sys.executable, QUIET, dict(os.environ))
    a = get(web, "a", 150)
    b = get(web, "b", 50)
    os.waitpid(pid, 0)
    return [a, b]


def run_then_reads(web: str) -> list[str]:
    subprocess.run(QUIET, check=True)
    a = get(web, "a", 150)
    b = get(web, "b", 50)
    return [a, b]


@pytest.mark.parametrize(("fn", "most"), [(popen_then_reads, 1), (spawn_then_reads, 1),
                                          (run_then_reads, 2)])
def test_a_child_left_running_keeps_the_function_as_written(fn: Any, most: int,
                                                            web: str) -> None:
    plain = fn(web)
    assert Items.peak == 1
    Items.reset()
    assert xcs.jit(fn)(web) == plain == ["v-a", "v-b"]
    assert Items.peak == most
