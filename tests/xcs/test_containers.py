"""The standard containers' rules (`xcs/_containers.py`).

A loop that fetches per item and counts, pushes or inserts what it got into a local
container (`Counter.update`, `heapq.heappush`, `bisect.insort`, `array.append`) changes
only that container: its reads overlap, and the container ends as in the plain run. A
container's changing methods are known as such (`OrderedDict.move_to_end`,
`Counter.subtract`), an array's file methods are I/O, and items of the user's compared by
a heap keep their methods' output in order.
"""

from __future__ import annotations

import array
import base64
import bisect
import collections
import hashlib
import heapq
import io
import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import requests

from ember import xcs
from ember.xcs import Kind
from ember.xcs._effects import classify
from tests.xcs._items_server import Items

ITEMS = (("a", 200), ("bb", 120), ("ccc", 160), ("dd", 130))  # (long enough to overlap on a loaded machine)


def _get(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/{key}?ms={ms}").text


def counted(web: str) -> list[tuple[str, int]]:
    counts: collections.Counter[str] = collections.Counter()
    for key, ms in ITEMS:
        counts.update(_get(web, key, ms))
    return counts.most_common()


def heaped(web: str) -> list[tuple[int, str]]:
    heap: list[tuple[int, str]] = []
    for key, ms in ITEMS:
        v = _get(web, key, ms)
        heapq.heappush(heap, (len(v), v))
    return [heapq.heappop(heap) for _ in range(len(heap))]


def inserted(web: str) -> list[str]:
    ranked: list[str] = []
    for key, ms in ITEMS:
        bisect.insort(ranked, _get(web, key, ms))
    return ranked


def measured(web: str) -> list[int]:
    lengths = array.array("i")
    for key, ms in ITEMS:
        lengths.append(len(_get(web, key, ms)))
    return lengths.tolist()


@pytest.mark.parametrize("fn", [counted, heaped, inserted, measured],
                         ids=lambda f: f.__name__)
def test_a_loop_filling_a_local_container_overlaps_its_reads(
        web: str, fn: Callable[[str], Any]) -> None:
    plain = fn(web)
    assert Items.peak == 1
    Items.reset()
    assert xcs.jit(fn)(web) == plain
    assert Items.peak >= 2


class Loud:
    """An item a heap compares: its ``__lt__`` prints."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __lt__(self, other: Loud) -> bool:
        print("compare", self.key, other.key)
        return self.key < other.key


def heaped_objects_of_yours(web: str) -> list[str]:
    heap: list[Loud] = []
    for key, ms in ITEMS:
        heapq.heappush(heap, Loud(_get(web, key, ms)))
    return [heapq.heappop(heap).key for _ in range(len(heap))]


def test_items_of_yours_that_a_heap_compares_keep_their_output_in_order(
        web: str, capsys: pytest.CaptureFixture[str]) -> None:
    plain = heaped_objects_of_yours(web), capsys.readouterr().out
    assert "compare" in plain[1]
    assert (xcs.jit(heaped_objects_of_yours)(web), capsys.readouterr().out) == plain


def test_changing_methods_are_known_and_file_methods_are_not_pure() -> None:
    od = collections.OrderedDict(a=1)
    assert classify(od.move_to_end).kind is Kind.CPU
    assert classify(collections.Counter().subtract).kind is Kind.CPU
    assert classify(array.array("i").frombytes).kind is Kind.CPU
    assert classify(array.array("i").tolist).kind is Kind.PURE
    assert classify(array.array("i").tofile) is None  # (I/O: no rule, a barrier)
    assert classify(heapq.heappush).kind is Kind.CPU
    assert classify(bisect.bisect_left).kind is Kind.PURE


def written_and_reread(web: str) -> list[Any]:
    buf = io.BytesIO()
    first = _get(web, "first", 120)
    array.array("b", [1, 2]).tofile(buf)
    return [first, _get(web, f"size-{buf.tell()}", 10)]


def test_an_arrays_file_write_keeps_the_read_after_it(web: str) -> None:
    plain = written_and_reread(web)
    Items.reset()
    assert xcs.jit(written_and_reread)(web) == plain
    assert Items.order == ["first", "size-2"]


def grouped(web: str) -> dict[int, list[str]]:
    groups: collections.defaultdict[int, list[str]] = collections.defaultdict(list)
    for key, ms in ITEMS:
        v = _get(web, key, ms)
        groups[len(v)].append(v)
    return dict(groups)


def chosen(web: str) -> list[str]:
    out = []
    for key, ms in [("a", 200), ("bb", 120), ("ccc", 160), ("dd", 130)]:
        out.append(_get(web, key + "x" if key > "b" else key, ms))
    return out


@pytest.mark.parametrize("fn", [grouped, chosen], ids=lambda f: f.__name__)
def test_grouping_into_a_defaultdict_and_a_choice_in_an_argument_overlap(
        web: str, fn: Callable[[str], Any]) -> None:
    """``groups[k].append(v)`` of a ``defaultdict(list)`` that only groups changes a list;
    ``x if c else y`` that calls nothing is a value like a name."""
    plain = fn(web)
    assert Items.peak == 1
    Items.reset()
    assert xcs.jit(fn)(web) == plain
    assert Items.peak >= 2


class Tally:
    """Stored into the grouping dict: its ``append`` prints (not a list's)."""

    def append(self, v: str) -> None:
        print("tally", v)


def grouped_with_a_value_of_yours(web: str) -> list[str]:
    groups: collections.defaultdict[int, Any] = collections.defaultdict(list)
    groups[4] = Tally()
    out = []
    for key, ms in ITEMS:
        v = _get(web, key, ms)
        groups[len(v)].append(v)
        out.append(v)
    return out


class Loudly:
    def __bool__(self) -> bool:
        print("tested")
        return True


def chosen_by_an_object_of_yours(web: str) -> list[str]:
    out = []
    flag = Loudly()
    for key, ms in ITEMS:
        print("item", key)
        out.append(_get(web, key if flag else "none", ms))
    return out


@pytest.mark.parametrize("fn", [grouped_with_a_value_of_yours, chosen_by_an_object_of_yours],
                         ids=lambda f: f.__name__)
def test_a_grouping_dict_given_another_value_or_a_choice_that_runs_code_keeps_order(
        web: str, fn: Callable[[str], Any], capsys: pytest.CaptureFixture[str]) -> None:
    plain = fn(web), capsys.readouterr().out
    assert "tally" in plain[1] or "tested" in plain[1]
    assert (xcs.jit(fn)(web), capsys.readouterr().out) == plain


TICKS = {"n": 0}


def _ticking_len(x: str) -> int:
    TICKS["n"] += 1
    return len(x)


def sorted_by_a_key_that_counts(web: str) -> list[str]:
    TICKS["n"] = 0
    names = ["bbb", "a", "cc"]
    out = []
    for ms in (150, 30):
        out.append(_get(web, f"t{TICKS['n']}", ms))
        names.sort(key=_ticking_len)
        out.append(max(names, key=_ticking_len))
    return out


def test_a_key_function_runs_where_the_sort_is(web: str) -> None:
    """``xs.sort(key=f)`` and ``max(xs, key=f)`` call `f` for each item there: a read after
    them whose key counts those calls is not started before them."""
    plain = sorted_by_a_key_that_counts(web), list(Items.order)
    Items.reset()
    assert (xcs.jit(sorted_by_a_key_that_counts)(web), list(Items.order)) == plain


def _session_get(s: requests.Session, web: str, key: str, ms: int) -> str:
    return s.get(f"{web}/{key}?ms={ms}").text


def windowed_through_a_session(web: str) -> list[Any]:
    window: collections.deque[str] = collections.deque(maxlen=3)
    counts: collections.Counter[str] = collections.Counter()
    with requests.Session() as s:
        for key, ms in [("a", 200), ("bb", 120), ("ccc", 160), ("dd", 130)]:
            window.appendleft(_session_get(s, web, key, ms))
            counts.update(key)
    return [list(window), sorted(counts.items())]


def test_containers_made_here_do_not_hold_a_helpers_calls_back(web: str) -> None:
    """A helper classified with its arguments (a session handed in) may read any global:
    a container made in the function and only changed by its own methods is none of them."""
    plain = windowed_through_a_session(web)
    assert Items.peak == 1
    Items.reset()
    assert xcs.jit(windowed_through_a_session)(web) == plain
    assert Items.peak >= 2


def numbered_pairs(web: str, strict: bool) -> list[str]:
    keys, ms = ["a", "bb", "ccc", "dd"], [200, 120, 160, 130]
    out = []
    for n, (key, wait) in enumerate(zip(keys, ms if not strict else ms[:3], strict=strict), 1):
        out.append(f"{n}:{_get(web, key, wait)}")
    return out


def test_a_loop_over_enumerate_of_zip_reads_its_items_ahead(web: str) -> None:
    """``enumerate(zip(keys, ms), 1)``: a twin of each wrapper is read ahead, so the items'
    reads overlap; a strict zip of unequal lengths walks its own, as written, and raises at
    its item as the plain loop does."""
    plain = numbered_pairs(web, False)
    Items.reset()
    assert xcs.jit(numbered_pairs)(web, False) == plain
    assert Items.peak >= 2
    with pytest.raises(ValueError) as plain_error:
        numbered_pairs(web, True)
    Items.reset()
    with pytest.raises(ValueError) as jitted_error:
        xcs.jit(numbered_pairs)(web, True)
    assert str(jitted_error.value) == str(plain_error.value)
    assert sorted(Items.order) == ["a", "bb", "ccc"]


def _label(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()[:2]


def tallied_and_printed(web: str) -> dict[str, int]:
    tally: collections.Counter[str] = collections.Counter()
    for key, ms in ITEMS:
        tally[_label(_get(web, key, ms))] += 1
    print("tally:", dict(sorted(tally.items())))
    return dict(tally)


def test_a_tally_printed_as_a_copy_overlaps(web: str, capsys: pytest.CaptureFixture[str]) -> None:
    """``tally[label(get(k))] += 1``, then ``print(dict(sorted(tally.items())))``: the copies
    end in a print, so no other code holds the Counter (and `re.sub` with a str
    replacement gives a str, whose methods are known)."""
    plain = tallied_and_printed(web), capsys.readouterr().out
    assert Items.peak == 1
    Items.reset()
    assert (xcs.jit(tallied_and_printed)(web), capsys.readouterr().out) == plain
    assert Items.peak >= 2


NOTED: list[list[tuple[str, list[str]]]] = []


def _note(pairs: list[tuple[str, list[str]]]) -> None:
    NOTED.append(pairs)  # keeps the copy: its lists are the function's own


def _fetch_after_notes(web: str, key: str, ms: int) -> str:
    held = sum(len(v) for _, v in NOTED[-1]) if NOTED else 0
    return f"{held}/{_get(web, key, ms)}"


def grouped_copy_kept(web: str) -> list[str]:
    NOTED.clear()
    groups: collections.defaultdict[str, list[str]] = collections.defaultdict(list)
    groups["a"].append("seed")
    _note(sorted(groups.items()))
    for key, ms in ITEMS:
        groups["a"].append(_fetch_after_notes(web, key, ms))
    return groups["a"]


def test_a_copy_handed_to_a_helper_shares_what_it_holds(web: str) -> None:
    """A copy passed to a helper of yours holds the lists the function goes on changing:
    each fetch sees the ones before it, as in the plain run."""
    plain = grouped_copy_kept(web)
    assert plain[1:] and [v.split("/")[0] for v in plain[1:]] == ["1", "2", "3", "4"]
    Items.reset()
    assert xcs.jit(grouped_copy_kept)(web) == plain


SAVED: list[list[str]] = []


def _save(rows: list[str]) -> None:
    SAVED.append(rows)  # keeps the list itself


def _fetch_seeing_saved(web: str, key: str, ms: int) -> str:
    held = len(SAVED[-1]) if SAVED else -1
    return f"{held}/{_get(web, key, ms)}"


def built_then_saved(web: str) -> list[str]:
    SAVED.clear()
    rows: list[str] = []
    for key, ms in ITEMS:
        rows.append(_fetch_seeing_saved(web, key, ms))
    _save(rows)
    return rows


def saved_then_built(web: str) -> list[str]:
    SAVED.clear()
    rows: list[str] = []
    _save(rows)
    for key, ms in ITEMS:
        rows.append(_fetch_seeing_saved(web, key, ms))
    return rows


def saved_after_each_pass(web: str) -> list[str]:
    SAVED.clear()
    rows: list[str] = []
    for p in range(2):
        for key, ms in ITEMS[:2]:
            rows.append(_fetch_seeing_saved(web, f"{key}{p}", ms))
        _save(rows)
    return rows


def test_a_list_handed_out_after_the_loop_that_fills_it_overlaps(web: str) -> None:
    """``rows`` filled by a loop, then given to a helper that keeps it: while the loop runs
    no other code holds it, so the loop's calls overlap."""
    plain = built_then_saved(web)
    assert Items.peak == 1
    Items.reset()
    assert xcs.jit(built_then_saved)(web) == plain
    assert Items.peak >= 2


@pytest.mark.parametrize("fn", [saved_then_built, saved_after_each_pass],
                         ids=lambda f: f.__name__)
def test_a_list_handed_out_before_or_between_passes_keeps_order(
        web: str, fn: Callable[[str], Any]) -> None:
    """Handed out before the loop (or after an earlier pass of an outer loop), the list is
    the helper's to see: each fetch sees the rows before it, as in the plain run."""
    plain = fn(web)
    assert len({v.split("/")[0] for v in plain}) > 2
    Items.reset()
    assert xcs.jit(fn)(web) == plain


def digested(web: str) -> list[str]:
    whole = hashlib.sha256()
    ids = []
    for key, ms in ITEMS:
        body = _get(web, key, ms)
        whole.update(body.encode())
        ids.append(str(uuid.uuid5(uuid.NAMESPACE_URL, body))[:8] + hashlib.md5(
            body.encode()).hexdigest()[:4])
    return [*ids, whole.hexdigest()]


def test_digests_and_name_based_ids_of_each_answer_overlap_the_reads(web: str) -> None:
    """A running hash's ``update`` changes only it; `uuid5` and a digest compute."""
    plain = digested(web)
    assert Items.peak == 1
    Items.reset()
    assert xcs.jit(digested)(web) == plain
    assert Items.peak >= 2


def test_random_ids_and_file_encoders_have_no_rule() -> None:
    """`uuid4` reads the random source: run ahead or twice, it would give another id;
    `base64.encode` reads one file object and writes another."""
    assert classify(uuid.uuid4) is None and classify(uuid.uuid1) is None
    assert classify(base64.encode) is None and classify(base64.decode) is None
    assert classify(uuid.uuid5).kind is Kind.PURE
    assert classify(base64.b64encode).returns is bytes

