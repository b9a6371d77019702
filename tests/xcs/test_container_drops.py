"""A container that lets go of an item may drop its last reference, and its finaliser runs
there (`_drops`): ``handles.clear()`` flushes and closes a file, ``leases.pop("x")`` runs a
``__del__`` that PUTs, ``keep.pop("t")`` deletes a NamedTemporaryFile. Reads after the drop
see what the plain run sees; a container of plain values still lets reads overlap."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
import requests

from ember import xcs
from tests.xcs._items_server import Items


def get(web: str, key: str, ms: int = 150) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).text


class Lease:
    """Hands its key back to the server when the last reference goes."""

    def __init__(self, web: str, key: str) -> None:
        self.web, self.key = web, key

    def __del__(self) -> None:
        requests.put(f"{self.web}/items/release-{self.key}?ms=0", timeout=5)


def list_clear_flushes(tmp: str, web: str) -> list[str]:
    p = os.path.join(tmp, "buf.txt")
    handles = [open(p, "w")]  # noqa: SIM115 - the drop closes it
    handles[0].write("written")
    g = get(web, "g")
    handles.clear()
    return [Path(p).read_text(), g]


def dict_pop_flushes(tmp: str, web: str) -> list[str]:
    p = os.path.join(tmp, "buf.txt")
    files = {"out": open(p, "a")}  # noqa: SIM115
    files["out"].write("line\n")
    g = get(web, "g")
    files.pop("out")
    return [Path(p).read_text(), g]


def item_stored_over_flushes(tmp: str, web: str) -> list[str]:
    p = os.path.join(tmp, "buf.txt")
    slots = [open(p, "w")]  # noqa: SIM115
    slots[0].write("x" * 40)
    g = get(web, "g")
    slots[0] = None
    return [str(os.path.getsize(p)), g]


def tempfile_popped_is_deleted(tmp: str, web: str) -> list[Any]:
    keep = {"t": tempfile.NamedTemporaryFile(dir=tmp)}  # noqa: SIM115
    keep["t"].write(b"scratch")
    g = get(web, "g")
    keep.pop("t")
    return [len(os.listdir(tmp)), g]


def writer(path: str) -> Any:
    with open(path, "w") as f:
        while True:
            f.write((yield) + "\n")


def paused_generator_cleared(tmp: str, web: str) -> list[str]:
    p = os.path.join(tmp, "gen.txt")
    ws = [writer(p)]
    next(ws[0])
    ws[0].send("sent")
    g = get(web, "g")
    ws.clear()
    return [Path(p).read_text(), g]


class Sink:
    """Holds a file it opened, and has no ``__del__``: the file's own finaliser flushes it."""

    def __init__(self, path: str) -> None:
        self.f = open(path, "w")  # noqa: SIM115

    def put(self, text: str) -> None:
        self.f.write(text)


def holder_of_a_file_cleared(tmp: str, web: str) -> list[str]:
    p = os.path.join(tmp, "sink.txt")
    sinks = [Sink(p)]
    sinks[0].put("held")
    g = get(web, "g")
    sinks.clear()
    return [Path(p).read_text(), g]


@pytest.mark.parametrize("fn", [list_clear_flushes, dict_pop_flushes, item_stored_over_flushes,
                                tempfile_popped_is_deleted, paused_generator_cleared,
                                holder_of_a_file_cleared])
def test_a_read_after_a_drop_sees_the_finalisers_work(fn: Any, tmp_path: Path, web: str) -> None:
    (tmp_path / "plain").mkdir()
    (tmp_path / "jitted").mkdir()
    plain = fn(str(tmp_path / "plain"), web)
    assert xcs.jit(fn)(str(tmp_path / "jitted"), web) == plain
    assert plain[0] in ("written", "line\n", "40", 0, "sent\n", "held")


def leases_popped(web: str) -> list[str]:
    leases = {"x": Lease(web, "x")}
    leases.pop("x")
    return [get(web, "after"), get(web, "other", 50)]


def lease_deleted_from_a_list(web: str) -> list[str]:
    held = [Lease(web, "x")]
    del held[0]
    return [get(web, "after"), get(web, "other", 50)]


def lease_in_a_set_cleared(web: str) -> list[str]:
    pool = {Lease(web, "x")}
    pool.clear()
    return [get(web, "after"), get(web, "other", 50)]


def lease_named_then_deleted_then_set_cleared(web: str) -> list[str]:
    lease = Lease(web, "x")
    pool = {lease}
    del lease  # (the set holds the last reference)
    pool.clear()
    return [get(web, "after"), get(web, "other", 50)]


@pytest.mark.parametrize("fn", [leases_popped, lease_deleted_from_a_list, lease_in_a_set_cleared,
                                lease_named_then_deleted_then_set_cleared])
def test_a_finaliser_of_yours_run_by_a_drop_keeps_its_place(fn: Any, web: str) -> None:
    plain = fn(web)
    plain_order = list(Items.order)
    Items.reset()
    assert xcs.jit(fn)(web) == plain
    assert plain_order == ["release-x", "after", "other"]  # (the reads after it: a multiset)
    assert Items.order[0] == "release-x" and sorted(Items.order) == sorted(plain_order)


def taken_and_kept(web: str, keys: list[str]) -> list[str]:
    queue = [Lease(web, k) for k in keys]
    first = queue.pop()  # (kept: nothing is dropped here)
    a = get(web, "a")
    b = get(web, "b")
    return [first.key, a, b]


def plain_values_cleared(web: str) -> list[str]:
    seen = ["one", "two"]
    a = get(web, "a")
    seen.clear()
    b = get(web, "b")
    return [a, b, *seen]


@pytest.mark.parametrize("fn", [taken_and_kept, plain_values_cleared])
def test_a_container_that_drops_nothing_that_acts_lets_reads_overlap(fn: Any, web: str) -> None:
    args = (web, ["k"]) if fn is taken_and_kept else (web,)
    plain = fn(*args)
    assert Items.peak == 1
    Items.reset()
    assert xcs.jit(fn)(*args) == plain
    assert Items.peak == 2


def unpacked_twice(web: str, pairs: list[tuple[str, str]]) -> list[str]:
    k, v = pairs[0]
    k, v = pairs[1]  # (rebinds both names from a value that is not a display)
    return [get(web, k), get(web, v, 50)]


def test_a_name_rebound_by_unpacking_is_analysed(web: str) -> None:
    pairs = [("a", "b"), ("c", "d")]
    plain = unpacked_twice(web, pairs)
    Items.reset()
    jitted = xcs.jit(unpacked_twice)
    assert jitted(web, pairs) == plain == ["v-c", "v-d"]
    assert Items.peak == 2
    assert "analysis failed" not in str(jitted.explain())


def buffered(path: str, text: str) -> Any:
    f = open(path, "w")  # noqa: SIM115 - the caller's list holds the only reference
    f.write(text)
    return f


def handed_then_cleared(items: list[Any], p: str, web: str) -> list[str]:
    g = get(web, "g")
    items.clear()
    return [Path(p).read_text(), g]


def test_what_a_container_argument_holds_is_checked_at_every_call(tmp_path: Path,
                                                                  web: str) -> None:
    seed = tmp_path / "seed.txt"
    seed.write_text("seed")
    jitted = xcs.jit(handed_then_cleared)
    assert jitted(["plain data"], str(seed), web) == ["seed", "v-g"]
    plain = handed_then_cleared([buffered(str(tmp_path / "a.txt"), "buffered")],
                                str(tmp_path / "a.txt"), web)
    assert jitted([buffered(str(tmp_path / "b.txt"), "buffered")], str(tmp_path / "b.txt"),
                  web) == plain == ["buffered", "v-g"]
