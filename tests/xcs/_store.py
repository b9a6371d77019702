"""An in-process store for the JIT's tests, standing in for a server: a read takes the
value as it starts (as a server sees a request arrive) and counts the reads in flight at
once, so a test asserts overlap structurally, never by wall-clock time."""

from __future__ import annotations

import threading
import time


class Store:
    def __init__(self) -> None:
        self.items: dict[str, str] = {}
        self.now = self.most = 0  # reads in flight, and the most at once
        self._lock = threading.Lock()

    def reset(self) -> None:
        self.items.clear()
        self.now = self.most = 0

    def read(self, key: str, delay: float) -> str | None:
        with self._lock:
            self.now += 1
            self.most = max(self.most, self.now)
        value = self.items.get(key)
        time.sleep(delay)
        with self._lock:
            self.now -= 1
        return value
