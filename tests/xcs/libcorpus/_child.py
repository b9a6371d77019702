"""Run one corpus case in a child process under a low RLIMIT_NOFILE.

``python -m tests.xcs.libcorpus._child <module> <case> plain|jit <env json> <result> <nofile>``

The parent owns the servers (their sockets do not count against the child's limit) and
judges the outcome, which this process pickles to `result path`.
"""

from __future__ import annotations

import json
import pickle
import resource
import sys
from pathlib import Path


def main(argv: list[str]) -> None:
    module, name, mode, env_json, result, nofile = argv
    resource.setrlimit(resource.RLIMIT_NOFILE, (int(nofile), int(nofile)))
    from tests.xcs.libcorpus import module_cases
    from tests.xcs.libcorpus._case import Env
    from tests.xcs.libcorpus._harness import execute

    case = next(c for c in module_cases(module) if c.name == name)
    outcome = execute(case, Env.from_dict(json.loads(env_json)), mode == "jit")
    try:
        data = pickle.dumps(outcome)
    except Exception:  # noqa: BLE001 - a value that cannot cross processes is judged by repr
        outcome.value = repr(outcome.value)
        data = pickle.dumps(outcome)
    Path(result).write_bytes(data)


if __name__ == "__main__":
    main(sys.argv[1:])
