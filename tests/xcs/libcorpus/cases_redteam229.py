# ruff: noqa: SIM115, PTH, S602, S603, S605, S607 - the shapes under test: children run as users run them
"""Red-team cases (stop 229): child processes and executors inside the jitted function.

The function starts children itself: ``subprocess.run``/``check_output``/``check_call``/
``Popen`` running small ``sys.executable -S -c`` scripts (write a file, print, PUT or GET an
item of the loopback web server with urllib, POST a batch to the API server), ``echo`` and
``cat``, ``os.system``, ``os.popen``, ``os.spawnv``, ``os.posix_spawn``, a shell with a
redirect, and ``asyncio.create_subprocess_exec``; pipes to and from a child (``stdin=PIPE``,
``communicate``, ``readline``, iteration, ``json.load`` and ``os.read`` of the child's
stdout); children's failures (``CalledProcessError``, ``TimeoutExpired``,
``FileNotFoundError``). Around them: GETs, PUTs, file reads and model calls of the openai
SDK. The question each asks: does a read that follows the child (in program order) wait
for what the child did, and does the child see what came before it.

The waits on a child are of every kind: the ``run`` family, ``wait``, ``poll`` in a loop,
``communicate``, a ``with Popen``, and the reads of its stdout pipe, where the child prints
after it has written (a handshake on the pipe: the plain code's read blocks until the
child's PUT or file write is done).

Then executors the function makes and uses: ``ThreadPoolExecutor`` (``map``, ``submit`` +
``result``, ``as_completed``, ``wait``, futures handed between statements, a done callback,
``shutdown``), ``multiprocessing.pool.ThreadPool`` (``map``, ``apply``, ``apply_async``,
``imap_unordered``, ``starmap``), and a few ``ProcessPoolExecutor`` (spawn) over standard
library functions. Child stdout is always captured (inherited, it would bypass the
harness's capture), so what the parent prints of it is in its place.

Cases where overlap is right: GETs before and after a pure child (``echo``), model calls
around one, GETs after a child that only prints; the executors' own fan-outs.

Children left running: a ``Popen`` (or ``os.posix_spawn``, ``os.system`` with ``&``, an
asyncio child) that PUTs, writes a file or POSTs a batch while the function goes on with a
slow GET, a sleep or model calls, and only then reads what the child wrote (and waits for
it after). The plain code's timing puts the child's write before the later read. These
are the cases that differed when written (`FIXED_WHY`): every wait on a child, pipe read
and executor kept its reads in place, but a started child that is not waited for was not
taken for something running beside the function, and the reads after its start overlapped
each other. A child the function starts now counts as a thread it starts: it runs as
written. The same
shapes with a thread of the function's own (an executor's ``submit``, ``map``, a
``ThreadPool``'s ``map_async``) and with a plain sleep between start and read pass.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import json
import multiprocessing
import os
import shlex
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from multiprocessing.pool import ThreadPool
from pathlib import Path
from typing import Any

import aiohttp
import requests

from tests.xcs.libcorpus._case import CLIENT_LAT, Case, Env, corpus_logger, openai_client

ALL: list[Case] = []
FAILING_WHY: dict[str, str] = {}

LOG = corpus_logger("r229")

PY = [sys.executable, "-S", "-c"]

#: argv: web, key, value. PUTs the item, then says so on stdout.
PUT_CHILD = (
    "import sys, urllib.request as u\n"
    "r = u.Request(sys.argv[1] + '/items/' + sys.argv[2], data=sys.argv[3].encode(),"
    " method='PUT')\n"
    "u.urlopen(r, timeout=5).read()\n"
    "print('put', sys.argv[2], flush=True)\n"
)
#: argv: web, key, value. PUTs the item, prints nothing (its stdout is the parent's).
PUT_QUIET = PUT_CHILD.rsplit("print(", 1)[0]
#: argv: web, key. Prints the item's value.
GET_CHILD = (
    "import sys, json, urllib.request as u\n"
    "print(json.loads(u.urlopen(sys.argv[1] + '/items/' + sys.argv[2], timeout=5).read())"
    "['value'])\n"
)
#: argv: path, text. Writes the file, then says so.
FILE_CHILD = (
    "import sys\n"
    "open(sys.argv[1], 'w').write(sys.argv[2])\n"
    "print('wrote', len(sys.argv[2]), flush=True)\n"
)
#: argv: path, text. Appends a line.
APPEND_CHILD = "import sys\nopen(sys.argv[1], 'a').write(sys.argv[2] + '\\n')\n"
#: argv: seconds, text. Sleeps, then prints.
SLEEP_CHILD = "import sys, time\ntime.sleep(float(sys.argv[1]))\nprint(sys.argv[2], flush=True)\n"
#: argv: code. Complains on stderr and exits with the code.
FAIL_CHILD = "import sys\nsys.stderr.write('bad input\\n')\nsys.exit(int(sys.argv[1]))\n"
#: stdin to stdout, upper-cased.
UPPER_CHILD = "import sys\nprint(sys.stdin.read().upper(), end='')\n"
#: argv: path. Reads stdin, writes it to the file, then says so.
STDIN_TO_FILE_CHILD = (
    "import sys\n"
    "data = sys.stdin.read()\n"
    "open(sys.argv[1], 'w').write(data)\n"
    "print('stored', len(data), flush=True)\n"
)
#: argv: web, key, value. PUTs, then prints a JSON report.
PUT_JSON_CHILD = (
    "import sys, json, urllib.request as u\n"
    "r = u.Request(sys.argv[1] + '/items/' + sys.argv[2], data=sys.argv[3].encode(),"
    " method='PUT')\n"
    "v = json.loads(u.urlopen(r, timeout=5).read())['version']\n"
    "print(json.dumps({'key': sys.argv[2], 'version': v}), flush=True)\n"
)
#: argv: api base. POSTs a message batch (a write of the API server), prints its id.
BATCH_CHILD = (
    "import sys, json, urllib.request as u\n"
    "body = json.dumps({'requests': [{'custom_id': 'c1', 'params': {}}]}).encode()\n"
    "r = u.Request(sys.argv[1] + '/anthropic/v1/messages/batches', data=body,"
    " headers={'Content-Type': 'application/json'}, method='POST')\n"
    "print(json.loads(u.urlopen(r, timeout=5).read())['id'], flush=True)\n"
)


def _get(web: str, key: str, ms: int = 50) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _put(web: str, key: str, text: str) -> int:
    return requests.put(f"{web}/items/{key}", data=text, timeout=5).json()["version"]


def _strict(web: str, key: str, ms: int = 50) -> str:
    r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
    r.raise_for_status()
    return r.json()["value"]


def ask(client: Any, q: str) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": q}])
    return (r.choices[0].message.content or "")[:16]


# ------------------------------------------------------------ the run family, then reads


def r229_run_child_puts_then_get(web: str) -> list[Any]:
    before = _get(web, "k", 40)
    done = subprocess.run([*PY, PUT_CHILD, web, "k", "from-child"], capture_output=True,
                          text=True, timeout=10)
    after = _get(web, "k", 40)
    other = _get(web, "z", 80)
    return [before, done.returncode, done.stdout, after, other]


def r229_check_output_child_sees_parent_put(web: str) -> list[Any]:
    _put(web, "shared", "from-parent")
    seen = subprocess.check_output([*PY, GET_CHILD, web, "shared"], text=True, timeout=10)
    return [seen.strip(), _get(web, "z", 40)]


def r229_check_call_child_puts_then_gets(web: str) -> list[Any]:
    rc = subprocess.check_call([*PY, PUT_CHILD, web, "cc", "called"],
                               stdout=subprocess.DEVNULL, timeout=10)
    return [rc, _get(web, "cc", 80), _get(web, "dd", 40)]


def r229_run_child_writes_file_then_read_text(tmp: str, web: str) -> list[Any]:
    p = os.path.join(tmp, "out.txt")
    v = _get(web, "v", 40)
    subprocess.run([*PY, FILE_CHILD, p, v + "-child"], check=True, capture_output=True)
    return [Path(p).read_text(), _get(web, "z", 40)]


def r229_file_read_before_and_after_child(tmp: str, web: str) -> list[str]:
    p = os.path.join(tmp, "state.txt")
    Path(p).write_text("v0")
    before = Path(p).read_text()
    subprocess.run([*PY, FILE_CHILD, p, "v1"], check=True, capture_output=True)
    after = Path(p).read_text()
    return [before, after, _get(web, "z", 40)]


def r229_os_system_writes_file_then_read(tmp: str, web: str) -> list[Any]:
    p = os.path.join(tmp, "sys.txt")
    v = _get(web, "echoed", 40)
    rc = os.system(f"echo {shlex.quote(v)} > {shlex.quote(p)}")
    return [rc, Path(p).read_text(), _get(web, "z", 40)]


def r229_os_system_child_puts_then_get(web: str) -> list[Any]:
    cmd = shlex.join([*PY, PUT_CHILD, web, "sys", "by-system"]) + " > /dev/null"
    rc = os.system(cmd)
    return [rc, _get(web, "sys", 60), _get(web, "z", 30)]


def r229_os_popen_child_puts_then_get(web: str) -> list[Any]:
    with os.popen(shlex.join([*PY, PUT_CHILD, web, "po", "by-popen"])) as pipe:
        said = pipe.read()
    return [said, _get(web, "po", 60), _get(web, "z", 30)]


def r229_shell_redirect_then_read(tmp: str, web: str) -> list[Any]:
    v = _get(web, "word", 40)
    subprocess.run(f"echo {shlex.quote(v)} > shell.txt && echo more >> shell.txt", shell=True,
                   cwd=tmp, check=True)
    return [Path(tmp, "shell.txt").read_text().splitlines(), _get(web, "z", 40)]


def r229_child_stdout_to_file_handle(tmp: str, web: str) -> list[Any]:
    p = os.path.join(tmp, "handle.txt")
    v = _get(web, "h", 40)
    with open(p, "w") as fh:
        subprocess.run(["echo", v], stdout=fh, check=True)
    return [Path(p).read_text(), _get(web, "z", 40)]


def r229_header_flushed_then_child_then_footer(tmp: str, web: str) -> str:
    p = os.path.join(tmp, "report.txt")
    fh = open(p, "w")
    fh.write("header " + _get(web, "hd", 40) + "\n")
    fh.flush()
    subprocess.run(["echo", "body"], stdout=fh, check=True)
    fh.seek(0, 2)
    fh.write("footer " + _get(web, "ft", 40) + "\n")
    fh.close()
    return Path(p).read_text()


def r229_parent_writes_child_cats(tmp: str, web: str) -> list[str]:
    p = os.path.join(tmp, "note.txt")
    Path(p).write_text(_get(web, "note", 50))
    out = subprocess.check_output(["cat", p], text=True)
    Path(p).write_text("second")
    out2 = subprocess.check_output(["cat", p], text=True)
    return [out, out2]


def r229_env_var_then_child_reads(web: str) -> list[str]:
    token = _get(web, "token", 40)
    os.environ["R229_TOKEN"] = token
    try:
        seen = subprocess.check_output(
            [*PY, "import os; print(os.environ.get('R229_TOKEN', 'unset'))"], text=True)
    finally:
        del os.environ["R229_TOKEN"]
    return [seen.strip(), _get(web, "z", 40)]


def r229_env_argument_to_child(web: str) -> list[str]:
    a = _get(web, "ea", 80)
    b = _get(web, "eb", 40)
    env = dict(os.environ, R229_A=a, R229_B=b)
    out = subprocess.run([*PY, "import os; print(os.environ['R229_A'] + os.environ['R229_B'])"],
                         env=env, capture_output=True, text=True, check=True)
    return [out.stdout.strip()]


def r229_partial_run_child_puts(web: str) -> list[Any]:
    sh = functools.partial(subprocess.run, capture_output=True, text=True, timeout=10)
    done = sh([*PY, PUT_CHILD, web, "pt", "partial"])
    return [done.stdout, _get(web, "pt", 60), _get(web, "z", 30)]


class Tool:
    def __init__(self, web: str) -> None:
        self.web = web

    def sync(self, key: str, value: str) -> str:
        out = subprocess.run([*PY, PUT_CHILD, self.web, key, value], capture_output=True,
                             text=True, check=True)
        return out.stdout.strip()


def r229_method_runs_child_then_get(web: str) -> list[str]:
    tool = Tool(web)
    said = tool.sync("tl", "by-tool")
    return [said, _get(web, "tl", 60), _get(web, "z", 30)]


def _sync_helper(web: str, key: str, value: str) -> str:
    said = subprocess.check_output([*PY, PUT_CHILD, web, key, value], text=True)
    return said.strip()


def r229_helper_runs_child_then_reads(web: str) -> list[str]:
    said = _sync_helper(web, "hp", "by-helper")
    return [said, _get(web, "hp", 60), _get(web, "z", 30)]


def r229_spawnv_child_puts_then_get(web: str) -> list[Any]:
    exe = sys.executable
    rc = os.spawnv(os.P_WAIT, exe, [exe, "-S", "-c", PUT_QUIET, web,
                                    "sp", "by-spawnv"])
    return [rc, _get(web, "sp", 60), _get(web, "z", 30)]


def r229_posix_spawn_writes_file_then_read(tmp: str, web: str) -> list[Any]:
    p = os.path.join(tmp, "ps.txt")
    exe = sys.executable
    pid = os.posix_spawn(exe, [exe, "-S", "-c", APPEND_CHILD, p, "spawned"], dict(os.environ))
    _, status = os.waitpid(pid, 0)
    return [os.waitstatus_to_exitcode(status), Path(p).read_text(), _get(web, "z", 40)]


# ------------------------------------------------------------ Popen and pipes


def r229_popen_readline_handshake_then_get(web: str) -> list[str]:
    p = subprocess.Popen([*PY, PUT_CHILD, web, "hs", "ready-value"], stdout=subprocess.PIPE,
                         text=True)
    line = p.stdout.readline()
    seen = _get(web, "hs", 40)
    p.wait()
    p.stdout.close()
    return [line, seen]


def r229_popen_stdout_read_then_get(web: str) -> list[str]:
    p = subprocess.Popen([*PY, PUT_CHILD, web, "rd", "read-all"], stdout=subprocess.PIPE,
                         text=True)
    out = p.stdout.read()
    p.stdout.close()
    seen = _get(web, "rd", 40)
    p.wait()
    return [out, seen]


def r229_popen_iterate_lines_then_get(web: str) -> list[Any]:
    p = subprocess.Popen([*PY, PUT_CHILD, web, "it", "iterated"], stdout=subprocess.PIPE,
                         text=True)
    lines = []
    for line in p.stdout:
        lines.append(line.strip())
    p.stdout.close()
    seen = _get(web, "it", 40)
    p.wait()
    return [lines, seen]


def r229_popen_readline_then_read_file(tmp: str, web: str) -> list[str]:
    path = os.path.join(tmp, "made.txt")
    p = subprocess.Popen([*PY, FILE_CHILD, path, "child-made"], stdout=subprocess.PIPE,
                         text=True)
    line = p.stdout.readline()
    text = Path(path).read_text()
    p.wait()
    p.stdout.close()
    return [line, text, _get(web, "z", 40)]


def r229_popen_json_load_pipe_then_get(web: str) -> list[Any]:
    p = subprocess.Popen([*PY, PUT_JSON_CHILD, web, "js", "json-value"],
                         stdout=subprocess.PIPE, text=True)
    report = json.load(p.stdout)
    p.stdout.close()
    seen = _get(web, "js", 40)
    p.wait()
    return [report, seen]


def r229_popen_wait_then_get(web: str) -> list[Any]:
    p = subprocess.Popen([*PY, PUT_CHILD, web, "wt", "waited"], stdout=subprocess.DEVNULL)
    rc = p.wait(timeout=10)
    return [rc, _get(web, "wt", 60), _get(web, "z", 30)]


def r229_popen_communicate_then_get(web: str) -> list[Any]:
    p = subprocess.Popen([*PY, PUT_CHILD, web, "cm", "communicated"],
                         stdout=subprocess.PIPE, text=True)
    out, err = p.communicate(timeout=10)
    return [out, err, _get(web, "cm", 60), _get(web, "z", 30)]


def r229_popen_poll_loop_then_read_file(tmp: str, web: str) -> list[Any]:
    path = os.path.join(tmp, "polled.txt")
    p = subprocess.Popen([*PY, "import sys, time\ntime.sleep(0.05)\n"
                          "open(sys.argv[1], 'w').write('late')\n", path])
    polls = 0
    while p.poll() is None and polls < 500:
        time.sleep(0.01)
        polls += 1
    return [p.returncode, Path(path).read_text(), _get(web, "z", 40)]


def r229_popen_with_block_then_get(web: str) -> list[Any]:
    with subprocess.Popen([*PY, PUT_CHILD, web, "wb", "with-block"],
                          stdout=subprocess.PIPE, text=True) as p:
        first = p.stdout.readline()
    return [first, p.returncode, _get(web, "wb", 60), _get(web, "z", 30)]


def r229_stdin_write_close_wait_then_file(tmp: str, web: str) -> list[Any]:
    path = os.path.join(tmp, "stdin.txt")
    v = _get(web, "payload", 40)
    p = subprocess.Popen([*PY, STDIN_TO_FILE_CHILD, path], stdin=subprocess.PIPE,
                         stdout=subprocess.DEVNULL, text=True)
    p.stdin.write(v)
    p.stdin.close()
    rc = p.wait()
    return [rc, Path(path).read_text()]


def r229_stdin_write_close_readline_then_file(tmp: str, web: str) -> list[Any]:
    path = os.path.join(tmp, "stdin2.txt")
    v = _get(web, "payload", 40)
    p = subprocess.Popen([*PY, STDIN_TO_FILE_CHILD, path], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, text=True)
    p.stdin.write(v)
    p.stdin.close()
    said = p.stdout.readline()
    text = Path(path).read_text()
    p.wait()
    p.stdout.close()
    return [said, text]


def r229_two_children_then_gets(web: str) -> list[Any]:
    a = subprocess.Popen([*PY, SLEEP_CHILD, "0.05", "one"], stdout=subprocess.PIPE, text=True)
    b = subprocess.Popen([*PY, SLEEP_CHILD, "0.03", "two"], stdout=subprocess.PIPE, text=True)
    outs = [a.communicate()[0], b.communicate()[0]]
    return [outs, _get(web, "x", 80), _get(web, "y", 80)]


def r229_parent_and_child_print_order(web: str) -> list[str]:
    print("before", _get(web, "pb", 40))
    out = subprocess.run([*PY, "print('child line 1'); print('child line 2')"],
                         capture_output=True, text=True)
    print(out.stdout, end="")
    a = _get(web, "pa", 60)
    print("after", a)
    return [a]


def r229_child_stderr_logged(web: str) -> list[Any]:
    a = _get(web, "la", 40)
    done = subprocess.run([*PY, FAIL_CHILD, "2"], capture_output=True, text=True)
    LOG.warning("child exited %s: %s", done.returncode, done.stderr.strip())
    b = _get(web, "lb", 40)
    LOG.info("after %s %s", a, b)
    return [a, b]


def r229_readline_print_then_get_print(web: str) -> None:
    p = subprocess.Popen([*PY, PUT_CHILD, web, "rp", "printed"], stdout=subprocess.PIPE,
                         text=True)
    print("child says:", p.stdout.readline().strip())
    print("item is:", _get(web, "rp", 40))
    p.wait()
    p.stdout.close()


# ------------------------------------------------------------ failures


def r229_check_call_fails_before_get(web: str) -> str:
    a = _get(web, "before", 40)
    subprocess.check_call([*PY, FAIL_CHILD, "3"], stderr=subprocess.DEVNULL)
    return a + _get(web, "after", 40)


def r229_run_check_fails_put_not_sent(web: str) -> int:
    _get(web, "before", 40)
    subprocess.run([*PY, FAIL_CHILD, "4"], check=True, capture_output=True)
    return _put(web, "after", "never")


def r229_called_process_error_caught(web: str) -> list[Any]:
    try:
        subprocess.check_output([*PY, FAIL_CHILD, "5"], stderr=subprocess.PIPE, text=True)
        status: Any = "ok"
    except subprocess.CalledProcessError as e:
        status = [e.returncode, e.stderr, e.output]
    return [status, _get(web, "z", 40)]


def r229_timeout_expired_propagates(web: str) -> str:
    a = _get(web, "before", 40)
    subprocess.run([*PY, SLEEP_CHILD, "3", "late"], capture_output=True, timeout=0.1)
    return a + _get(web, "after", 40)


def r229_timeout_caught_then_get(web: str) -> list[Any]:
    try:
        subprocess.run([*PY, SLEEP_CHILD, "3", "late"], capture_output=True, timeout=0.1)
        status = "finished"
    except subprocess.TimeoutExpired as e:
        status = f"timeout {e.timeout}"
    return [status, _get(web, "a", 60), _get(web, "b", 30)]


def r229_missing_binary_then_get(web: str) -> list[Any]:
    a = _get(web, "a", 40)
    try:
        subprocess.run(["/nonexistent/r229-tool", "--version"], capture_output=True)
        status = "ran"
    except FileNotFoundError as e:
        status = f"{type(e).__name__} {e.filename}"
    return [a, status, _get(web, "b", 40)]


def r229_communicate_timeout_then_kill(web: str) -> list[Any]:
    p = subprocess.Popen([*PY, SLEEP_CHILD, "3", "late"], stdout=subprocess.PIPE, text=True)
    try:
        out, _ = p.communicate(timeout=0.05)
    except subprocess.TimeoutExpired:
        p.kill()
        out, _ = p.communicate()
        out = f"killed {out!r}"
    return [out, p.returncode, _get(web, "z", 40)]


def r229_returncode_branch_put(web: str) -> list[Any]:
    code = len(_get(web, "code", 40)) % 3
    rc = subprocess.run([*PY, FAIL_CHILD, str(code)], capture_output=True).returncode
    if rc:
        _put(web, "status", f"failed {rc}")
    else:
        _put(web, "status", "ok")
    return [rc, _get(web, "status", 40)]


def r229_child_fails_after_put(web: str) -> list[Any]:
    done = subprocess.run(
        [*PY, PUT_CHILD + "sys.exit(7)\n", web, "half", "written"], capture_output=True,
        text=True)
    return [done.returncode, done.stdout, _get(web, "half", 60), _get(web, "z", 30)]


# ------------------------------------------------------------ model calls


def r229_child_posts_batch_then_model_call(api: str, client: Any) -> list[str]:
    bid = subprocess.check_output([*PY, BATCH_CHILD, api], text=True).strip()
    answer = ask(client, "after the batch")
    return [bid, answer]


def r229_model_call_then_child_posts_batch(api: str, client: Any) -> list[str]:
    answer = ask(client, "before the batch")
    bid = subprocess.check_output([*PY, BATCH_CHILD, api], text=True).strip()
    return [answer, bid]


def r229_child_posts_batch_then_list(api: str, client: Any) -> list[Any]:
    bid = subprocess.check_output([*PY, BATCH_CHILD, api], text=True).strip()
    listed = requests.get(f"{api}/anthropic/v1/messages/batches", timeout=5).json()
    return [bid, [b["id"] for b in listed["data"]], ask(client, "listed")]


def r229_model_calls_around_echo(api: str, client: Any) -> list[str]:
    a = ask(client, "alpha")
    b = ask(client, "beta")
    out = subprocess.check_output(["echo", "marker"], text=True)
    c = ask(client, "gamma")
    d = ask(client, "delta")
    return [a, b, out, c, d]


def r229_model_answer_through_child(api: str, client: Any) -> list[str]:
    a = ask(client, "shout this")
    out = subprocess.run([*PY, UPPER_CHILD], input=a, capture_output=True, text=True).stdout
    b = ask(client, out)
    return [a, out, b]


def r229_child_output_prompts_fan_out(api: str, client: Any) -> list[str]:
    topic = subprocess.check_output(["echo", "topic"], text=True).strip()
    return [ask(client, f"{topic} one"), ask(client, f"{topic} two"),
            ask(client, f"{topic} three")]


# ------------------------------------------------------------ overlap around pure children


def r229_gets_around_echo_overlap(web: str) -> list[str]:
    a = _get(web, "a", 80)
    b = _get(web, "b", 80)
    out = subprocess.check_output(["echo", "mid"], text=True)
    c = _get(web, "c", 80)
    d = _get(web, "d", 80)
    return [a, b, out, c, d]


def r229_gets_after_printing_child_overlap(web: str) -> list[str]:
    note = subprocess.run([*PY, "print('hello')"], capture_output=True, text=True).stdout
    vals = [_get(web, k, 80) for k in ("x", "y", "z")]
    return [note, *vals]


def r229_gets_then_child_joins_them(web: str) -> str:
    vals = [_get(web, k, 80) for k in ("p", "q", "r")]
    return subprocess.check_output(["echo", *vals], text=True)


# ------------------------------------------------------------ ThreadPoolExecutor


def r229_tpe_map_gets_then_get(web: str) -> list[Any]:
    with ThreadPoolExecutor(max_workers=3) as ex:
        vals = list(ex.map(lambda k: _get(web, k, 80), ["m1", "m2", "m3"]))
    return [vals, _get(web, "after", 40)]


def r229_tpe_submit_put_result_then_get(web: str) -> list[Any]:
    with ThreadPoolExecutor(max_workers=1) as ex:
        fut = ex.submit(_put, web, "sub", "submitted")
        ver = fut.result()
    return [ver, _get(web, "sub", 60), _get(web, "z", 30)]


def r229_tpe_as_completed_collected(web: str) -> dict[str, str]:
    keys = {"slow": 120, "mid": 70, "fast": 30}
    with ThreadPoolExecutor(max_workers=3) as ex:
        futs = {ex.submit(_get, web, k, ms): k for k, ms in keys.items()}
        got = {futs[f]: f.result() for f in as_completed(futs)}
    return dict(sorted(got.items()))


def r229_tpe_as_completed_prints(web: str) -> list[str]:
    with ThreadPoolExecutor(max_workers=2) as ex:
        futs = [ex.submit(_get, web, "late", 250), ex.submit(_get, web, "early", 20)]
        order = []
        for f in as_completed(futs):
            print("done", f.result())
            order.append(f.result())
    return order


def r229_future_handed_between_statements(web: str) -> list[str]:
    ex = ThreadPoolExecutor(max_workers=1)
    try:
        fut = ex.submit(_get, web, "slow", 120)
        fast = _get(web, "fast", 40)
        slow = fut.result()
        after = _get(web, "after", 40)
    finally:
        ex.shutdown()
    return [fast, slow, after]


def r229_tpe_worker_writes_file_then_read(tmp: str, web: str) -> list[Any]:
    p = Path(tmp, "worker.txt")
    v = _get(web, "wv", 40)
    with ThreadPoolExecutor(max_workers=1) as ex:
        n = ex.submit(p.write_text, v + "-worker").result()
    return [n, p.read_text(), _get(web, "z", 40)]


def r229_tpe_submit_subprocess_run(web: str) -> list[Any]:
    with ThreadPoolExecutor(max_workers=1) as ex:
        fut = ex.submit(subprocess.run, [*PY, PUT_CHILD, web, "tp", "pool-child"],
                        capture_output=True, text=True)
        done = fut.result()
    return [done.stdout, _get(web, "tp", 60), _get(web, "z", 30)]


def _make_pool(env: Env) -> tuple:
    return (env.web, ThreadPoolExecutor(max_workers=2))


def r229_tpe_passed_in(web: str, ex: ThreadPoolExecutor) -> list[Any]:
    try:
        ver = ex.submit(_put, web, "given", "by-given-pool").result()
        vals = list(ex.map(lambda k: _get(web, k, 60), ["given", "other"]))
    finally:
        ex.shutdown()
    return [ver, vals]


def r229_tpe_map_gets_then_one_put(web: str) -> list[Any]:
    with ThreadPoolExecutor(max_workers=2) as ex:
        vals = list(ex.map(lambda k: _get(web, k, 60), ["j1", "j2"]))
    ver = _put(web, "joined", "+".join(vals))
    return [ver, _get(web, "joined", 40)]


def r229_tpe_wait_all_then_get(web: str) -> list[Any]:
    with ThreadPoolExecutor(max_workers=2) as ex:
        futs = [ex.submit(_get, web, "w1", 30), ex.submit(_get, web, "w2", 60)]
        done, pending = concurrent.futures.wait(futs)
    _put(web, "w1", "+".join(sorted(f.result() for f in done)))
    return [len(done), len(pending), _get(web, "w1", 40)]


def r229_gets_before_pool(web: str) -> list[Any]:
    a = _get(web, "a", 80)
    b = _get(web, "b", 80)
    with ThreadPoolExecutor(max_workers=2) as ex:
        vals = list(ex.map(lambda k: _get(web, k, 60), ["c", "d"]))
    return [a, b, vals]


def r229_tpe_future_exception(web: str) -> str:
    with ThreadPoolExecutor(max_workers=1) as ex:
        fut = ex.submit(_strict, web, "missing-x", 40)
        a = _get(web, "a", 40)
        return a + fut.result()


def r229_tpe_exception_caught_then_put(web: str) -> list[Any]:
    with ThreadPoolExecutor(max_workers=1) as ex:
        fut = ex.submit(_strict, web, "missing-y", 40)
        try:
            v = fut.result()
        except requests.HTTPError as e:
            v = f"error {e.response.status_code}"
    ver = _put(web, "result", v)
    return [v, ver, _get(web, "result", 40)]


# ------------------------------------------------------------ multiprocessing.pool.ThreadPool


def r229_threadpool_map_gets(web: str) -> list[Any]:
    with ThreadPool(3) as pool:
        vals = pool.map(functools.partial(_get, web), ["t1", "t2", "t3"])
    return [vals, _get(web, "after", 40)]


def r229_threadpool_apply_put_then_get(web: str) -> list[Any]:
    with ThreadPool(1) as pool:
        ver = pool.apply(_put, (web, "ap", "applied"))
    return [ver, _get(web, "ap", 60), _get(web, "z", 30)]


def r229_threadpool_apply_file_write_then_read(tmp: str, web: str) -> list[Any]:
    p = Path(tmp, "tp.txt")
    with ThreadPool(1) as pool:
        n = pool.apply(Path.write_text, (p, _get(web, "tv", 40)))
    return [n, p.read_text()]


# ------------------------------------------------------------ ProcessPoolExecutor (spawn)


def r229_ppe_copyfile_then_read(tmp: str, web: str) -> list[Any]:
    src, dst = os.path.join(tmp, "src.txt"), os.path.join(tmp, "dst.txt")
    Path(src).write_text(_get(web, "src", 40))
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as ex:
        ex.submit(shutil.copyfile, src, dst).result(timeout=30)
    return [Path(dst).read_text(), _get(web, "z", 40)]


def r229_ppe_write_text_then_read(tmp: str, web: str) -> list[Any]:
    p = Path(tmp, "pp.txt")
    p.write_text("before")
    first = p.read_text()
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as ex:
        n = ex.submit(p.write_text, "from-process").result(timeout=30)
    return [first, n, p.read_text(), _get(web, "z", 40)]


# ------------------------------------------------------------ asyncio children


async def r229_async_child_puts_then_get(web: str) -> list[Any]:
    proc = await asyncio.create_subprocess_exec(*PY, PUT_CHILD, web, "as", "async-child",
                                                stdout=asyncio.subprocess.PIPE)
    out, _ = await proc.communicate()
    async with aiohttp.ClientSession() as s:
        async with s.get(f"{web}/items/as?ms=40") as r:
            seen = (await r.json())["value"]
        async with s.get(f"{web}/items/z?ms=40") as r:
            other = (await r.json())["value"]
    return [out.decode(), proc.returncode, seen, other]


async def r229_async_child_readline_then_get(web: str) -> list[Any]:
    async with aiohttp.ClientSession() as s:
        proc = await asyncio.create_subprocess_exec(*PY, PUT_CHILD, web, "al", "async-line",
                                                    stdout=asyncio.subprocess.PIPE)
        line = await proc.stdout.readline()
        async with s.get(f"{web}/items/al?ms=40") as r:
            seen = (await r.json())["value"]
        await proc.wait()
    return [line.decode(), seen]


# ------------------------------------------------------------ children left running


def r229_background_child_put_during_slow_get(web: str) -> list[str]:
    p = subprocess.Popen([*PY, PUT_QUIET, web, "bg", "from-bg"], stdout=subprocess.DEVNULL)
    other = _get(web, "other", 450)
    seen = _get(web, "bg", 30)
    p.wait()
    return [other, seen]


def r229_background_child_put_during_sleep(web: str) -> str:
    p = subprocess.Popen([*PY, PUT_QUIET, web, "bs", "from-bg"], stdout=subprocess.DEVNULL)
    time.sleep(0.45)
    seen = _get(web, "bs", 30)
    p.wait()
    return seen


def r229_background_child_file_during_sleep(tmp: str, web: str) -> list[str]:
    path = os.path.join(tmp, "bg.txt")
    Path(path).write_text("old")
    p = subprocess.Popen([*PY, FILE_CHILD, path, "from-bg"], stdout=subprocess.DEVNULL)
    time.sleep(0.3)
    text = Path(path).read_text()
    p.wait()
    return [text, _get(web, "z", 30)]


def r229_background_child_only_log_order(web: str) -> list[str]:
    p = subprocess.Popen([*PY, PUT_QUIET, web, "bl", "from-bg"], stdout=subprocess.DEVNULL)
    x = _get(web, "x", 450)
    y = _get(web, "y", 30)
    p.wait()
    return [x, y]

def r229_background_child_file_during_slow_get(tmp: str, web: str) -> list[str]:
    path = os.path.join(tmp, "bgf.txt")
    Path(path).write_text("old")
    p = subprocess.Popen([*PY, FILE_CHILD, path, "from-bg"], stdout=subprocess.DEVNULL)
    other = _get(web, "other", 300)
    text = Path(path).read_text()
    p.wait()
    return [other, text]


def _start_sync(web: str, key: str) -> subprocess.Popen:
    return subprocess.Popen([*PY, PUT_QUIET, web, key, "from-helper-bg"],
                            stdout=subprocess.DEVNULL)


def r229_background_child_from_helper(web: str) -> list[str]:
    p = _start_sync(web, "hb")
    other = _get(web, "other", 450)
    seen = _get(web, "hb", 30)
    p.communicate()
    return [other, seen]


def r229_background_child_batch_then_model_call(web: str, api: str,
                                                client: Any) -> list[str]:
    p = subprocess.Popen([*PY, BATCH_CHILD, api], stdout=subprocess.PIPE, text=True)
    other = requests.get(f"{web}/items/other?ms=450", timeout=5).json()["value"]
    answer = ask(client, "after the batch")
    bid, _ = p.communicate()
    return [other, answer, bid.strip()]


def r229_posix_spawn_background_during_slow_get(web: str) -> list[Any]:
    exe = sys.executable
    pid = os.posix_spawn(exe, [exe, "-S", "-c", PUT_QUIET, web, "pb", "posix-bg"],
                         dict(os.environ))
    other = _get(web, "other", 450)
    seen = _get(web, "pb", 30)
    _, status = os.waitpid(pid, 0)
    return [other, seen, os.waitstatus_to_exitcode(status)]



def r229_os_system_background_put(web: str) -> list[Any]:
    rc = os.system(shlex.join([*PY, PUT_QUIET, web, "sb", "from-shell-bg"]) + " > /dev/null &")
    time.sleep(0.45)
    return [rc, _get(web, "sb", 30)]


def r229_background_child_during_model_calls(web: str, client: Any) -> list[str]:
    p = subprocess.Popen([*PY, PUT_QUIET, web, "bm?ms=20", "from-bg"],
                         stdout=subprocess.DEVNULL)
    a = ask(client, "first")
    b = ask(client, a)
    seen = requests.get(f"{web}/items/bm?ms=30", timeout=5).json()["value"]
    p.wait()
    return [a, b, seen]


def r229_tpe_put_not_awaited_during_slow_get(web: str) -> list[Any]:
    with ThreadPoolExecutor(max_workers=1) as ex:
        fut = ex.submit(_put, web, "tb", "from-thread")
        time.sleep(0.1)  # let the worker start
        other = _get(web, "other", 400)
        seen = _get(web, "tb", 30)
        ver = fut.result()
    return [other, seen, ver]


def r229_builtin_map_of_submit(web: str) -> list[Any]:
    with ThreadPoolExecutor(max_workers=1) as ex:
        futs = list(map(ex.submit, [functools.partial(_put, web, "mb", "mapped")]))
        time.sleep(0.1)  # let the worker start
        other = _get(web, "other", 400)
        seen = _get(web, "mb", 30)
        vers = [f.result() for f in futs]
    return [other, seen, vers]


def r229_executor_map_unconsumed(web: str) -> list[Any]:
    with ThreadPoolExecutor(max_workers=1) as ex:
        it = ex.map(lambda kv: _put(web, *kv), [("um", "unconsumed")])
        time.sleep(0.1)  # let the worker start
        other = _get(web, "other", 400)
        seen = _get(web, "um", 30)
        vers = list(it)
    return [other, seen, vers]


def r229_threadpool_map_async_not_waited(web: str) -> list[Any]:
    with ThreadPool(1) as pool:
        res = pool.map_async(lambda kv: _put(web, *kv), [("ma", "map-async")])
        time.sleep(0.1)  # let the worker start
        other = _get(web, "other", 400)
        seen = _get(web, "ma", 30)
        vers = res.get(timeout=10)
    return [other, seen, vers]


def r229_curl_put_after_overlapping_gets(web: str) -> list[Any]:
    a = _get(web, "k", 80)
    b = _get(web, "j", 40)
    done = subprocess.run(["curl", "-s", "-X", "PUT", "--data", "curled",
                           f"{web}/items/k?ms=20"], capture_output=True, text=True)
    c = _get(web, "k", 40)
    return [a, b, done.returncode, c]


def _ready(p: subprocess.Popen) -> str:
    return p.stdout.readline()


def r229_readline_in_helper_then_get(web: str) -> list[str]:
    p = subprocess.Popen([*PY, PUT_CHILD, web, "rh", "helper-ready"], stdout=subprocess.PIPE,
                         text=True)
    line = _ready(p)
    seen = _get(web, "rh", 40)
    p.wait()
    p.stdout.close()
    return [line, seen]


def r229_iter_readline_sentinel_then_get(web: str) -> list[Any]:
    p = subprocess.Popen([*PY, PUT_CHILD, web, "is", "sentinel"], stdout=subprocess.PIPE,
                         text=True)
    lines = [line.strip() for line in iter(p.stdout.readline, "")]
    seen = _get(web, "is", 40)
    p.wait()
    p.stdout.close()
    return [lines, seen]


async def r229_async_background_child_during_slow_get(web: str) -> list[Any]:
    proc = await asyncio.create_subprocess_exec(*PY, PUT_QUIET, web, "ab", "async-bg")
    async with aiohttp.ClientSession() as s:
        async with s.get(f"{web}/items/other?ms=450") as r:
            other = (await r.json())["value"]
        async with s.get(f"{web}/items/ab?ms=30") as r:
            seen = (await r.json())["value"]
    await proc.wait()
    return [other, seen]


# ------------------------------------------------------------ the list


def _web(env: Env) -> tuple:
    return (env.web,)


def _tmp_web(env: Env) -> tuple:
    return (str(env.tmp), env.web)


def _arun(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web))


def _web_api(env: Env) -> tuple:
    return (env.web, openai_client(env))


def _web_api_client(env: Env) -> tuple:
    return (env.web, env.api, openai_client(env))


def _api(env: Env) -> tuple:
    return (env.api, openai_client(env))


def _tmp_api(env: Env) -> tuple:
    return (str(env.tmp), openai_client(env))


#: A Python child's start, as seen from the parent (seconds; urllib's import included).
CHILD = 0.1


def _w(fn: Any, ideal: float = 1.0, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, args=_web, servers="web", ideal=ideal, **kw)


def _tw(fn: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return Case("files", fn, args=_tmp_web, servers="web", ideal=ideal, **kw)


def _llm(fn: Any, ideal: float = 1.0, args: Any = _api, **kw: Any) -> Case:
    return Case("sdk", fn, args=args, servers="api", latency=CLIENT_LAT, ideal=ideal, **kw)


def _after(lat_a: float, lat_b: float, before: float = 0.0) -> float:
    """Two reads after a child (CHILD) that may overlap: serial / critical path."""
    return (before + CHILD + lat_a + lat_b) / (before + CHILD + max(lat_a, lat_b))


ALL += [
    # the run family, then reads
    _w(r229_run_child_puts_then_get, _after(0.04, 0.08, 0.04), overlap=2),
    _w(r229_check_output_child_sees_parent_put, 1.0),
    _w(r229_check_call_child_puts_then_gets, _after(0.08, 0.04), overlap=2),
    _tw(r229_run_child_writes_file_then_read_text),
    _tw(r229_file_read_before_and_after_child),
    _tw(r229_os_system_writes_file_then_read),
    _w(r229_os_system_child_puts_then_get, _after(0.06, 0.03)),
    _w(r229_os_popen_child_puts_then_get, _after(0.06, 0.03)),
    _tw(r229_shell_redirect_then_read),
    _tw(r229_child_stdout_to_file_handle),
    _tw(r229_header_flushed_then_child_then_footer),
    _tw(r229_parent_writes_child_cats),
    _w(r229_env_var_then_child_reads),
    _w(r229_env_argument_to_child, 0.12 / 0.08, overlap=2),
    _w(r229_partial_run_child_puts, _after(0.06, 0.03)),
    _w(r229_method_runs_child_then_get, _after(0.06, 0.03)),
    _w(r229_helper_runs_child_then_reads, _after(0.06, 0.03)),
    _w(r229_spawnv_child_puts_then_get, _after(0.06, 0.03)),
    _tw(r229_posix_spawn_writes_file_then_read),
    # Popen and pipes
    _w(r229_popen_readline_handshake_then_get),
    _w(r229_popen_stdout_read_then_get),
    _w(r229_popen_iterate_lines_then_get),
    _tw(r229_popen_readline_then_read_file),
    _w(r229_popen_json_load_pipe_then_get),
    _w(r229_popen_wait_then_get, _after(0.06, 0.03)),
    _w(r229_popen_communicate_then_get, _after(0.06, 0.03)),
    _tw(r229_popen_poll_loop_then_read_file),
    _w(r229_popen_with_block_then_get, _after(0.06, 0.03)),
    _tw(r229_stdin_write_close_wait_then_file),
    _tw(r229_stdin_write_close_readline_then_file),
    _w(r229_two_children_then_gets, _after(0.08, 0.08), overlap=2),
    _w(r229_parent_and_child_print_order, cat="helpers"),
    _w(r229_child_stderr_logged, cat="helpers"),
    _w(r229_readline_print_then_get_print, cat="helpers"),
    # failures
    _w(r229_check_call_fails_before_get),
    _w(r229_run_check_fails_put_not_sent),
    _w(r229_called_process_error_caught),
    _w(r229_timeout_expired_propagates),
    _w(r229_timeout_caught_then_get, _after(0.06, 0.03), overlap=2),
    _w(r229_missing_binary_then_get),
    _w(r229_communicate_timeout_then_kill),
    _w(r229_returncode_branch_put),
    _w(r229_child_fails_after_put, _after(0.06, 0.03)),
    # model calls
    _llm(r229_child_posts_batch_then_model_call),
    _llm(r229_model_call_then_child_posts_batch),
    _llm(r229_child_posts_batch_then_list),
    _llm(r229_model_calls_around_echo, 2.0, overlap=2),
    _llm(r229_model_answer_through_child),
    _llm(r229_child_output_prompts_fan_out, 3.0, overlap=3),
    # overlap around pure children
    _w(r229_gets_around_echo_overlap, 2.0, cat="fanout", overlap=2),
    _w(r229_gets_after_printing_child_overlap, (CHILD + 0.24) / (CHILD + 0.08), cat="fanout",
       overlap=3),
    _w(r229_gets_then_child_joins_them, 3.0, cat="fanout", overlap=3),
    # ThreadPoolExecutor
    _w(r229_tpe_map_gets_then_get, cat="threads", overlap=3),
    _w(r229_tpe_submit_put_result_then_get, 0.14 / 0.11, cat="threads"),
    _w(r229_tpe_as_completed_collected, cat="threads", overlap=3),
    _w(r229_tpe_as_completed_prints, cat="threads", overlap=2),
    _w(r229_future_handed_between_statements, cat="threads", overlap=2),
    _tw(r229_tpe_worker_writes_file_then_read),
    _w(r229_tpe_submit_subprocess_run, _after(0.06, 0.03), cat="threads"),
    Case("threads", r229_tpe_passed_in, args=_make_pool, servers="web", overlap=2),
    _w(r229_tpe_map_gets_then_one_put, cat="threads", overlap=2),
    _w(r229_tpe_wait_all_then_get, cat="threads", overlap=2),
    _w(r229_gets_before_pool, 0.22 / 0.14, cat="threads", overlap=2),
    _w(r229_tpe_future_exception, cat="threads", overlap=2),
    _w(r229_tpe_exception_caught_then_put, cat="threads"),
    # multiprocessing.pool.ThreadPool
    _w(r229_threadpool_map_gets, cat="threads", overlap=3),
    _w(r229_threadpool_apply_put_then_get, 0.14 / 0.11, cat="threads"),
    _tw(r229_threadpool_apply_file_write_then_read),
    # ProcessPoolExecutor
    _tw(r229_ppe_copyfile_then_read),
    _tw(r229_ppe_write_text_then_read),
    # asyncio children
    # awaits inside `async with` are kept in order (docs): no overlap claimed
    Case("files", r229_async_child_puts_then_get, drive=_arun, servers="web"),
    Case("files", r229_async_child_readline_then_get, drive=_arun, servers="web"),
    # children left running
    _w(r229_background_child_put_during_slow_get),
    _w(r229_background_child_put_during_sleep),
    _tw(r229_background_child_file_during_sleep),
    _w(r229_background_child_only_log_order),
    _w(r229_os_system_background_put),
    Case("sdk", r229_background_child_batch_then_model_call, args=_web_api_client,
         servers="web api", latency=CLIENT_LAT),
    _w(r229_posix_spawn_background_during_slow_get),
    _tw(r229_background_child_file_during_slow_get),
    _w(r229_background_child_from_helper),
    Case("sdk", r229_background_child_during_model_calls, args=_web_api,
         servers="web api", latency=CLIENT_LAT),
    _w(r229_tpe_put_not_awaited_during_slow_get, cat="threads"),
    _w(r229_builtin_map_of_submit, cat="threads"),
    _w(r229_executor_map_unconsumed, cat="threads"),
    _w(r229_threadpool_map_async_not_waited, cat="threads"),
    _w(r229_curl_put_after_overlapping_gets, 0.14 / 0.1, overlap=2),
    _w(r229_readline_in_helper_then_get),
    _w(r229_iter_readline_sentinel_then_get),
    Case("files", r229_async_background_child_during_slow_get, drive=_arun, servers="web"),
]

_BG = ("the child is started and left running (no wait before the reads); the start "
       "itself is a write run in place, but the JIT does not treat a running child as a "
       "thread of the function's own (which would make it run as written), so the reads "
       "after the start count as independent and start together (explain(): 'starts 1 "
       "statement(s) early', in flight with the slow read)")

FAILING_WHY.update({
})

# Differed when written; fixed since (`_timing.starts_a_thread`: a child process the function
# starts, Popen, posix_spawn or os.popen, runs beside it as a thread does: it runs as written):
FIXED_WHY: dict[str, str] = {
    "r229_background_child_put_during_slow_get":
        f"Popen of a child that PUTs /items/bg, then a 450 ms GET, then GET /items/bg: {_BG}, "
        "so GET /items/bg is sent at the start, before the child's PUT, and reads 'v-bg' "
        "where the plain run read 'from-bg'",
    "r229_background_child_only_log_order":
        f"as above with values nobody checks: {_BG}; GET /items/y moves from after the "
        "child's PUT /items/bl to before it in the server's log",
    "r229_background_child_from_helper":
        f"the Popen made in a helper that returns it (later `communicate`): {_BG}; GET "
        "/items/hb reads 'v-hb' for 'from-helper-bg'",
    "r229_posix_spawn_background_during_slow_get":
        f"`os.posix_spawn` (waited with `os.waitpid` after the reads): {_BG}; GET /items/pb "
        "reads 'v-pb' for 'posix-bg'",
    "r229_background_child_file_during_slow_get":
        f"a child writing a file, then a 300 ms GET, then `Path.read_text`: {_BG}; the file "
        "read starts beside the GET, before the child has written, and reads 'old' for "
        "'from-bg'",
    "r229_background_child_during_model_calls":
        f"a child PUTting while two dependent model calls run: {_BG}; GET /items/bm does not "
        "depend on the model calls and starts beside the first, before the child's PUT "
        "('v-bm' for 'from-bg')",
    "r229_background_child_batch_then_model_call":
        f"a child POSTing a message batch (a write of the API server) during a 450 ms GET, "
        f"then a model call: {_BG}; the model call starts beside the GET and reaches the "
        "API server before the child's POST, where the plain run's came after it",
}

CASES = [c for c in ALL if c.name not in FAILING_WHY]
FAILING = [c for c in ALL if c.name in FAILING_WHY]
