"""The standard containers' rules: which methods change their receiver (`MUTATORS`; the
others read it), `heapq` and `bisect` on a list, `array.array` (whose file methods are
I/O: no rule), and `Counter` made from what it is given. Added as `_rules` loads."""

from __future__ import annotations

import array
import bisect
import collections
import heapq

from ember.xcs._effects import Kind, Rule, TypeRule, put_rule, put_type

__all__ = ["CONSUMING", "MUTATORS", "container"]

MUTATORS = frozenset(
    "append extend insert pop popitem remove clear update setdefault add discard sort "
    "reverse appendleft extendleft popleft rotate move_to_end subtract byteswap frombytes "
    "fromlist fromunicode __setitem__ __delitem__ __iadd__ __ior__ __setattr__ "
    "difference_update intersection_update symmetric_difference_update".split())

# What walks the iterable it is given, by its argument's position: the changing methods
# (``c.update(map(f, xs))`` runs f) and heapq's selections.
CONSUMING: dict[object, tuple[int, ...]] = {
    **dict.fromkeys((list.extend, set.update, dict.update, bytearray.extend,
                     collections.OrderedDict.update, collections.Counter.update,
                     collections.Counter.subtract, collections.deque.extend,
                     collections.deque.extendleft, array.array.extend, array.array.fromlist),
                    (0,)),
    heapq.nlargest: (1,), heapq.nsmallest: (1,)}


def container(t: type, io: frozenset[str] = frozenset()) -> TypeRule:
    """A container's methods: those named in `MUTATORS` change it, those in `io` do I/O (no
    rule: a barrier), the others read it."""
    def by_name(_owner: type, name: str) -> Rule | None:
        if name in MUTATORS:
            return Rule(Kind.CPU, f"{t.__name__}.{name}() changes its receiver", "receiver")
        if name in io or name.startswith("__") and name not in (
                "__getitem__", "__contains__", "__len__"):
            return None
        return Rule(Kind.PURE, f"{t.__name__}.{name}() reads its receiver")
    return by_name


def _install() -> None:
    for t in (list, dict, set, bytearray, collections.deque, collections.OrderedDict,
              collections.defaultdict, collections.Counter):
        put_type(t, container(t))
    put_type(array.array, container(array.array, io=frozenset({"fromfile", "tofile"})))
    put_rule(collections.Counter, Rule(Kind.PURE, "Counter() counts what it is given",
                                       returns=collections.Counter))
    for fn in (heapq.heappush, heapq.heappop, heapq.heapify, heapq.heapreplace,
               heapq.heappushpop, bisect.insort, bisect.insort_left, bisect.insort_right):
        put_rule(fn, Rule(Kind.CPU, f"{fn.__module__}.{fn.__name__}() changes its list", "first"))
    for fn in (heapq.nlargest, heapq.nsmallest, bisect.bisect_left, bisect.bisect_right):
        put_rule(fn, Rule(Kind.PURE, f"{fn.__module__}.{fn.__name__}() computes"))


_install()
