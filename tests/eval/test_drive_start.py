"""The local backend starts its items a few at a time, letting each batch make its calls
before the next starts: the first call does not wait for the whole cap's first steps."""

from __future__ import annotations

import asyncio

from ember.api import eval


def test_items_started_first_run_on_before_the_whole_cap_has_started():
    events: list[tuple[str, int]] = []

    async def system(q):
        events.append(("start", int(q)))
        await asyncio.sleep(0)  # where an item's calls would go out
        events.append(("on", int(q)))
        return q

    rows = [(str(i), str(i)) for i in range(300)]
    result = eval.evaluate(system, rows, "exact", max_items_in_flight=200, progress=False)
    assert result.summary.items == 300 and result.summary.errors == 0
    started_last_of_cap = events.index(("start", 199))
    assert events.index(("on", 0)) < started_last_of_cap
