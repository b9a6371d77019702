"""Module-level functions for process-pool tests (a process can import them by name)."""

from ember import xcs


@xcs.cpu_bound
def spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i % 7
    return total
