"""Red-team cases (stop 59): process-wide state changed between calls.

What a program sets for the whole process and a helper reads at call time, not through its
arguments: ``os.environ`` (``os.getenv``, ``os.environ.get``, a settings class, a cached
settings function, ``mock.patch.dict``, proxy variables that ``requests`` reads per
request, the SDK's base-URL variable), the working directory (``os.chdir``,
``contextlib.chdir``) and relative paths, ``os.umask`` and the modes of files written,
``sys.path`` inserts followed by an import inside a helper, modules written to the run's
directory and imported or reloaded (prints and a POST at import), ``random.seed`` and
request ids from ``random`` and ``uuid``, the time zone (``TZ`` and ``time.tzset``),
``sys.setrecursionlimit`` and ``sys.set_int_max_str_digits``, module-level config dicts
replaced or mutated (``ChainMap``, ``SimpleNamespace``), logging levels and
``logging.disable``, warnings filters, the ``decimal`` context, signal handlers
(``SIGALRM`` with ``setitimer``) and ``atexit`` registrations.

Sibling calls get unequal latencies, slow first (``?ms=`` on the web server, ``latency`` for
the simulator), so a call started before the statement that changes the state it reads
shows. Every case restores what it changes (in a ``finally`` or its `setup`). `FAILING`
holds the cases that differed or crashed under jit when written, `FAILING_WHY` says how.
"""

from __future__ import annotations

import asyncio
import atexit
import collections
import contextlib
import dataclasses
import datetime
import decimal
import functools
import importlib
import json
import logging
import os
import random
import signal
import sys
import time
import types
import uuid
import warnings
from pathlib import Path
from typing import Any
from unittest import mock

import openai
import requests

from tests.xcs.libcorpus._case import DUMMY_KEY, Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam59")
APP_LOG = logging.getLogger("rt59app")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def get(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def put(web: str, key: str, text: str) -> int:
    return requests.put(f"{web}/items/{key}", data=text, timeout=5).json()["version"]


def _clear_env(*names: str) -> None:
    for n in names:
        os.environ.pop(n, None)


# =========================================================================== os.environ


class Settings:
    """Settings read from the environment each time they are asked for."""

    @property
    def region(self) -> str:
        return os.environ.get("RT59_REGION", "eu")

    @property
    def page(self) -> int:
        return int(os.getenv("RT59_PAGE", "2"))


SETTINGS = Settings()


def fetch_regional(web: str, key: str, ms: int) -> str:
    return get(web, f"{SETTINGS.region}-{key}", ms)


def settings_property_reads_env(web: str) -> list[str]:
    try:
        a = fetch_regional(web, "a", 150)
        os.environ["RT59_REGION"] = "us"
        b = fetch_regional(web, "b", 30)
        os.environ["RT59_REGION"] = "ap"
        c = fetch_regional(web, "c", 60)
    finally:
        _clear_env("RT59_REGION")
    return [a, b, c]


_ENV = os.environ


def fetch_as_user(web: str, key: str, ms: int) -> str:
    return get(web, f"{_ENV.get('RT59_USER', 'anon')}-{key}", ms)


def environ_alias_in_global(web: str) -> list[str]:
    out = [fetch_as_user(web, "a", 150)]
    os.environ["RT59_USER"] = "alice"
    out.append(fetch_as_user(web, "b", 30))
    del os.environ["RT59_USER"]
    out.append(fetch_as_user(web, "c", 60))
    return out


def fetch_with_token(web: str, key: str, ms: int) -> str:
    token = os.environ["RT59_TOKEN"]
    return get(web, f"{token}-{key}", ms)


def environ_keyerror_until_set(web: str) -> list[str]:
    out = []
    for key, ms, token in (("a", 150, None), ("b", 30, "t1"), ("c", 60, None), ("d", 40, "t2")):
        if token is None:
            os.environ.pop("RT59_TOKEN", None)
        else:
            os.environ["RT59_TOKEN"] = token
        try:
            out.append(fetch_with_token(web, key, ms))
        except KeyError as exc:
            out.append(f"missing {exc}")
    os.environ.pop("RT59_TOKEN", None)
    return out


def use_profile(name: str) -> None:
    os.environ["RT59_PROFILE"] = name
    print("profile", name)


def fetch_profiled(web: str, key: str, ms: int) -> str:
    return get(web, f"{os.getenv('RT59_PROFILE', 'default')}-{key}", ms)


def helper_sets_environ_then_fetch(web: str) -> list[str]:
    try:
        use_profile("staging")
        a = fetch_profiled(web, "a", 150)
        use_profile("prod")
        b = fetch_profiled(web, "b", 30)
    finally:
        _clear_env("RT59_PROFILE")
    return [a, b, fetch_profiled(web, "c", 40)]


@contextlib.contextmanager
def env_override(**values: str) -> Any:
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def fetch_stage(web: str, key: str, ms: int) -> str:
    return get(web, f"{os.environ.get('RT59_STAGE', 'dev')}-{key}", ms)


def environ_override_context_manager(web: str) -> list[str]:
    a = fetch_stage(web, "a", 150)
    with env_override(RT59_STAGE="prod"):
        b = fetch_stage(web, "b", 30)
    c = fetch_stage(web, "c", 60)
    return [a, b, c]


def mock_patch_dict_environ(web: str) -> list[str]:
    out = []
    with mock.patch.dict(os.environ, {"RT59_STAGE": "canary"}):
        out.append(fetch_stage(web, "a", 150))
    out.append(fetch_stage(web, "b", 30))
    with mock.patch.dict(os.environ, {"RT59_STAGE": "blue"}):
        out.append(fetch_stage(web, "c", 60))
    return out


def fetch_pages(web: str, key: str) -> list[str]:
    return [get(web, f"{key}-p{i}", 80 - 20 * i) for i in range(SETTINGS.page)]


def environ_decides_page_count(web: str) -> list[list[str]]:
    a = fetch_pages(web, "a")
    os.environ["RT59_PAGE"] = "3"
    try:
        b = fetch_pages(web, "b")
    finally:
        del os.environ["RT59_PAGE"]
    return [a, b, fetch_pages(web, "c")]


@functools.cache
def cached_settings() -> dict[str, str]:
    return {"tenant": os.environ.get("RT59_TENANT", "none")}


def fetch_tenant(web: str, key: str, ms: int) -> str:
    return get(web, f"{cached_settings()['tenant']}-{key}", ms)


def cached_settings_cleared_between(web: str) -> list[str]:
    cached_settings.cache_clear()
    try:
        a = fetch_tenant(web, "a", 150)
        os.environ["RT59_TENANT"] = "acme"
        b = fetch_tenant(web, "b", 30)
        cached_settings.cache_clear()
        c = fetch_tenant(web, "c", 60)
    finally:
        _clear_env("RT59_TENANT")
        cached_settings.cache_clear()
    return [a, b, c]


_stage_of = functools.partial(os.environ.get, "RT59_LANE", "slow")


def fetch_lane(web: str, key: str, ms: int) -> str:
    return get(web, f"{_stage_of()}-{key}", ms)


def partial_of_environ_get(web: str) -> list[str]:
    a = fetch_lane(web, "a", 150)
    os.environ["RT59_LANE"] = "fast"
    try:
        b = fetch_lane(web, "b", 30)
    finally:
        del os.environ["RT59_LANE"]
    return [a, b, fetch_lane(web, "c", 40)]


def proxy_env_breaks_direct_get(web: str) -> list[str]:
    """requests reads the proxy variables on every request."""
    out = [requests.get(f"{web}/items/px-a?ms=150", timeout=5).json()["value"]]
    os.environ["HTTP_PROXY"] = "http://127.0.0.1:9"
    os.environ.pop("NO_PROXY", None)
    os.environ.pop("no_proxy", None)
    try:
        out.append(requests.get(f"{web}/items/px-b?ms=30", timeout=5).json()["value"])
    except requests.exceptions.ProxyError as exc:
        out.append(type(exc).__name__)
    finally:
        del os.environ["HTTP_PROXY"]
    out.append(requests.get(f"{web}/items/px-c?ms=40", timeout=5).json()["value"])
    return out


def no_proxy_removed_between_gets(web: str) -> list[str]:
    saved = {k: os.environ.get(k) for k in ("HTTP_PROXY", "NO_PROXY", "no_proxy", "http_proxy")}
    os.environ["HTTP_PROXY"] = "http://127.0.0.1:9"
    os.environ.pop("http_proxy", None)
    os.environ["NO_PROXY"] = "127.0.0.1"
    os.environ.pop("no_proxy", None)
    out = []
    try:
        out.append(get(web, "np-a", 150))
        del os.environ["NO_PROXY"]
        try:
            out.append(get(web, "np-b", 30))
        except requests.exceptions.ProxyError as exc:
            out.append(type(exc).__name__)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    out.append(get(web, "np-c", 40))
    return out


def openai_base_url_from_env(api: str) -> list[str]:
    """The SDK reads OPENAI_BASE_URL when a client is made."""
    saved = os.environ.get("OPENAI_BASE_URL")
    out = []
    try:
        os.environ["OPENAI_BASE_URL"] = api + "/v1"
        with openai.OpenAI(api_key=DUMMY_KEY, max_retries=0) as good:
            r = good.chat.completions.create(model="gpt", messages=[
                {"role": "user", "content": "hi"}], extra_body={"latency": 0.15})
            out.append(r.choices[0].message.content[:12])
        os.environ["OPENAI_BASE_URL"] = api + "/nowhere"
        with openai.OpenAI(api_key=DUMMY_KEY, max_retries=0) as bad:
            try:
                bad.chat.completions.create(model="gpt", messages=[
                    {"role": "user", "content": "hi"}], extra_body={"latency": 0.03})
            except openai.NotFoundError as exc:
                out.append(f"not found {exc.status_code}")
    finally:
        if saved is None:
            os.environ.pop("OPENAI_BASE_URL", None)
        else:
            os.environ["OPENAI_BASE_URL"] = saved
    return out


def chat_as(client: Any, prompt: str, lat: float) -> str:
    persona = os.environ.get("RT59_PERSONA", "plain")
    r = client.chat.completions.create(model="gpt", messages=[
        {"role": "system", "content": f"persona {persona}"},
        {"role": "user", "content": prompt}], extra_body={"latency": lat})
    return f"{persona}:{r.choices[0].message.content[:10]}"


def persona_env_between_chats(client: Any) -> list[str]:
    out = [chat_as(client, "one", 0.15)]
    os.environ["RT59_PERSONA"] = "pirate"
    try:
        out.append(chat_as(client, "two", 0.03))
    finally:
        del os.environ["RT59_PERSONA"]
    out.append(chat_as(client, "three", 0.06))
    return out


# =========================================================================== cwd


def _setup_dirs(env: Env) -> None:
    for name, text in (("one", "alpha"), ("two", "beta")):
        (env.tmp / name).mkdir()
        (env.tmp / name / "cfg.txt").write_text(text)


def get_then_read_relative(web: str, key: str, ms: int) -> str:
    v = get(web, key, ms)
    with open("cfg.txt") as f:
        return f"{v}+{f.read()}"


def chdir_between_helpers_reading_relative(web: str, tmp: str) -> list[str]:
    here = os.getcwd()
    try:
        os.chdir(f"{tmp}/one")
        a = get_then_read_relative(web, "a", 150)
        os.chdir(f"{tmp}/two")
        b = get_then_read_relative(web, "b", 30)
    finally:
        os.chdir(here)
    return [a, b]


def contextlib_chdir_blocks(web: str, tmp: str) -> list[str]:
    out = []
    with contextlib.chdir(f"{tmp}/one"):
        out.append(get_then_read_relative(web, "a", 150))
    with contextlib.chdir(f"{tmp}/two"):
        out.append(get_then_read_relative(web, "b", 30))
    return out


def fetch_for_cwd(web: str, ms: int) -> str:
    v = get(web, "cwd", ms)
    return f"{Path.cwd().name}:{v}"


def cwd_name_after_get(web: str, tmp: str) -> list[str]:
    here = os.getcwd()
    try:
        os.chdir(f"{tmp}/one")
        a = fetch_for_cwd(web, 150)
        os.chdir(f"{tmp}/two")
        b = fetch_for_cwd(web, 30)
    finally:
        os.chdir(here)
    return [a, b]


def relative_reads_direct_in_body(tmp: str) -> list[str]:
    here = os.getcwd()
    out = []
    try:
        os.chdir(f"{tmp}/one")
        out.append(Path("cfg.txt").read_text())
        os.chdir(f"{tmp}/two")
        out.append(Path("cfg.txt").read_text())
        with open("cfg.txt") as f:
            out.append(f.read())
    finally:
        os.chdir(here)
    return out


def relative_writes_then_absolute_reads(web: str, tmp: str) -> list[str]:
    here = os.getcwd()
    try:
        os.chdir(f"{tmp}/one")
        Path("out.txt").write_text(get(web, "w-a", 150))
        os.chdir(f"{tmp}/two")
        Path("out.txt").write_text(get(web, "w-b", 30))
    finally:
        os.chdir(here)
    return [Path(tmp, d, "out.txt").read_text() for d in ("one", "two")]


# =========================================================================== umask


def umask_between_writes(web: str, tmp: str) -> list[str]:
    old = os.umask(0o077)
    try:
        Path(tmp, "private.txt").write_text(get(web, "um-a", 150))
        os.umask(0o022)
        Path(tmp, "shared.txt").write_text(get(web, "um-b", 30))
    finally:
        os.umask(old)
    return [oct(os.stat(Path(tmp, n)).st_mode & 0o777) for n in ("private.txt", "shared.txt")]


def save_private(path: Path, text: str) -> None:
    old = os.umask(0o077)
    try:
        with open(path, "w") as f:
            f.write(text)
    finally:
        os.umask(old)


def umask_in_helper_then_stat(web: str, tmp: str) -> list[Any]:
    old = os.umask(0o022)
    try:
        save_private(Path(tmp, "a.txt"), get(web, "uh-a", 150))
        Path(tmp, "b.txt").write_text(get(web, "uh-b", 30))
        modes = [oct(os.stat(Path(tmp, n)).st_mode & 0o777) for n in ("a.txt", "b.txt")]
    finally:
        os.umask(old)
    return [modes, Path(tmp, "a.txt").read_text()]


def os_open_mode_under_umask(web: str, tmp: str) -> list[str]:
    old = os.umask(0o027)
    try:
        fd = os.open(Path(tmp, "key.pem"), os.O_WRONLY | os.O_CREAT, 0o666)
        with os.fdopen(fd, "w") as f:
            f.write(get(web, "pem", 150))
        mode = oct(os.stat(Path(tmp, "key.pem")).st_mode & 0o777)
    finally:
        os.umask(old)
    return [mode, get(web, "after-pem", 30)]


# =========================================================================== imports


def _setup_plugins(env: Env) -> None:
    plugins = env.tmp / "plugins"
    plugins.mkdir()
    (plugins / "rt59_plugin_a.py").write_text('PREFIX = "pa"\n')
    (plugins / "rt59_loud.py").write_text('print("loading rt59_loud")\nNAME = "loud"\n')
    (plugins / "rt59_register.py").write_text(
        "import os\nimport requests\n"
        "requests.put(os.environ['RT59_WEB'] + '/items/registered', data='yes', timeout=5)\n"
        "print('registered')\n")
    (plugins / "rt59_versioned.py").write_text('VERSION = "v1"\n')
    for name in ("rt59_plugin_a", "rt59_loud", "rt59_register", "rt59_versioned"):
        sys.modules.pop(name, None)
    importlib.invalidate_caches()


def fetch_with_plugin(web: str, key: str, ms: int) -> str:
    try:
        import rt59_plugin_a  # type: ignore[import-not-found]
        prefix = rt59_plugin_a.PREFIX
    except ImportError:
        prefix = "builtin"
    return get(web, f"{prefix}-{key}", ms)


def sys_path_insert_then_helper_import(web: str, tmp: str) -> list[str]:
    a = fetch_with_plugin(web, "a", 150)
    sys.path.insert(0, f"{tmp}/plugins")
    try:
        b = fetch_with_plugin(web, "b", 30)
    finally:
        sys.path.remove(f"{tmp}/plugins")
        sys.modules.pop("rt59_plugin_a", None)
    return [a, b]


def import_module_prints_between_gets(web: str, tmp: str) -> list[str]:
    sys.path.insert(0, f"{tmp}/plugins")
    try:
        a = get(web, "im-a", 150)
        print("got", a)
        mod = importlib.import_module("rt59_loud")
        b = get(web, "im-b", 30)
        print("got", b, "with", mod.NAME)
    finally:
        sys.path.remove(f"{tmp}/plugins")
        sys.modules.pop("rt59_loud", None)
    return [a, b]


def import_side_effect_put_then_get(web: str, tmp: str) -> list[str]:
    os.environ["RT59_WEB"] = web
    sys.path.insert(0, f"{tmp}/plugins")
    try:
        before = get(web, "registered", 150)
        importlib.import_module("rt59_register")
        after = get(web, "registered", 30)
    finally:
        sys.path.remove(f"{tmp}/plugins")
        sys.modules.pop("rt59_register", None)
        del os.environ["RT59_WEB"]
    return [before, after]


def reload_picks_new_constant(web: str, tmp: str) -> list[str]:
    sys.path.insert(0, f"{tmp}/plugins")
    try:
        mod = importlib.import_module("rt59_versioned")
        a = get(web, f"{mod.VERSION}-a", 150)
        Path(tmp, "plugins", "rt59_versioned.py").write_text('VERSION = "v2-new"\n')
        importlib.reload(mod)
        b = get(web, f"{mod.VERSION}-b", 30)
    finally:
        sys.path.remove(f"{tmp}/plugins")
        sys.modules.pop("rt59_versioned", None)
    return [a, b]


def fetch_versioned(web: str, key: str, ms: int) -> str:
    v = get(web, key, ms)
    mod = sys.modules.get("rt59_versioned")
    return f"{v}@{mod.VERSION if mod else 'none'}"


def reload_between_helper_reads(web: str, tmp: str) -> list[str]:
    sys.path.insert(0, f"{tmp}/plugins")
    try:
        mod = importlib.import_module("rt59_versioned")
        a = fetch_versioned(web, "rb-a", 150)
        Path(tmp, "plugins", "rt59_versioned.py").write_text('VERSION = "v2-long"\n')
        importlib.reload(mod)
        b = fetch_versioned(web, "rb-b", 30)
    finally:
        sys.path.remove(f"{tmp}/plugins")
        sys.modules.pop("rt59_versioned", None)
    return [a, b]


def spec_exec_module_registers(web: str, tmp: str) -> list[str]:
    import importlib.util

    path = Path(tmp, "plugins", "rt59_handlers.py")
    path.write_text("HANDLERS = []\ndef handler(f):\n    HANDLERS.append(f.__name__)\n"
                    "    return f\n@handler\ndef on_a():\n    pass\nprint('handlers ready')\n")
    a = get(web, "sx-a", 150)
    spec = importlib.util.spec_from_file_location("rt59_handlers", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    print("loaded", mod.HANDLERS)
    b = get(web, f"sx-{mod.HANDLERS[0]}", 30)
    return [a, b]


# =========================================================================== random, uuid


def fetch_tagged(web: str, key: str, ms: int) -> str:
    v = get(web, key, ms)
    return f"{v}#{random.randint(0, 9999)}"


def seed_between_tagged_reads(web: str) -> list[str]:
    state = random.getstate()
    try:
        random.seed(1)
        a = fetch_tagged(web, "sd-a", 150)
        random.seed(2)
        b = fetch_tagged(web, "sd-b", 30)
        c = fetch_tagged(web, "sd-c", 60)
    finally:
        random.setstate(state)
    return [a, b, c]


def fetch_with_rid(web: str, key: str, ms: int) -> str:
    rid = random.randrange(10**6)
    return get(web, f"{key}-r{rid}", ms)


def seeded_request_ids_in_url(web: str) -> list[str]:
    state = random.getstate()
    try:
        random.seed(59)
        return [fetch_with_rid(web, "rid-a", 150), fetch_with_rid(web, "rid-b", 30),
                fetch_with_rid(web, "rid-c", 60)]
    finally:
        random.setstate(state)


def tagged_reads_no_seed_between(web: str) -> list[str]:
    state = random.getstate()
    try:
        random.seed(7)
        return [fetch_tagged(web, "tn-a", 150), fetch_tagged(web, "tn-b", 30),
                fetch_tagged(web, "tn-c", 60)]
    finally:
        random.setstate(state)


RNG = random.Random(0)


def request_uuid() -> str:
    return str(uuid.UUID(int=RNG.getrandbits(128), version=4))


def fetch_with_uuid(web: str, key: str, ms: int) -> str:
    v = get(web, key, ms)
    return f"{request_uuid()[:8]}:{v}"


def uuid_from_global_rng_after_get(web: str) -> list[str]:
    RNG.seed(42)
    return [fetch_with_uuid(web, "uu-a", 150), fetch_with_uuid(web, "uu-b", 30)]


MIRRORS = ("m1", "m2", "m3", "m4")


def fetch_from_mirror(web: str, key: str, ms: int) -> str:
    mirror = random.choice(MIRRORS)
    return get(web, f"{mirror}-{key}", ms)


def random_mirror_loop(web: str) -> list[str]:
    state = random.getstate()
    try:
        random.seed(3)
        return [fetch_from_mirror(web, k, ms) for k, ms in (("a", 150), ("b", 30), ("c", 60))]
    finally:
        random.setstate(state)


def getstate_setstate_replays_ids(web: str) -> list[str]:
    saved = random.getstate()
    try:
        random.seed(11)
        snap = random.getstate()
        a = fetch_tagged(web, "gs-a", 150)
        random.setstate(snap)
        b = fetch_tagged(web, "gs-b", 30)
    finally:
        random.setstate(saved)
    return [a, b]


def jitter_sleep_between_gets(web: str) -> list[str]:
    state = random.getstate()
    try:
        random.seed(5)
        out = []
        for key in ("jt-a", "jt-b", "jt-c"):
            out.append(get(web, key, 60))
            time.sleep(0.03 + random.random() / 100)
            out.append(f"{random.random():.3f}")
        return out
    finally:
        random.setstate(state)


# =========================================================================== time zone

STAMP = 1_700_000_000


@contextlib.contextmanager
def time_zone(tz: str) -> Any:
    saved = os.environ.get("TZ")
    os.environ["TZ"] = tz
    time.tzset()
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = saved
        time.tzset()


def fetch_stamped(web: str, key: str, ms: int) -> str:
    v = get(web, key, ms)
    return f"{v} at {time.strftime('%H:%M %Z', time.localtime(STAMP))}"


def tz_switch_strftime_after_get(web: str) -> list[str]:
    out = []
    with time_zone("UTC"):
        out.append(fetch_stamped(web, "tz-a", 150))
    with time_zone("Asia/Tokyo"):
        out.append(fetch_stamped(web, "tz-b", 30))
    return out


def fetch_local_iso(web: str, key: str, ms: int) -> str:
    v = get(web, key, ms)
    return f"{v} {datetime.datetime.fromtimestamp(STAMP).astimezone().isoformat()}"


def tz_tzset_direct_then_datetime(web: str) -> list[str]:
    saved = os.environ.get("TZ")
    try:
        os.environ["TZ"] = "EST5"
        time.tzset()
        a = fetch_local_iso(web, "dt-a", 150)
        os.environ["TZ"] = "JST-9"
        time.tzset()
        b = fetch_local_iso(web, "dt-b", 30)
    finally:
        if saved is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = saved
        time.tzset()
    return [a, b]


def tz_in_url_key(web: str) -> list[str]:
    out = []
    for tz, ms in (("Europe/Paris", 150), ("America/New_York", 30)):
        with time_zone(tz):
            hour = time.strftime("%H", time.localtime(STAMP))
            out.append(get(web, f"h{hour}", ms))
    return out


# =========================================================================== interpreter limits


def nested(depth: int, leaf: str) -> Any:
    return leaf if depth == 0 else [nested(depth - 1, leaf)]


def flatten(x: Any) -> list[str]:
    return [y for z in x for y in flatten(z)] if isinstance(x, list) else [x]


def fetch_nested(web: str, key: str, ms: int, depth: int) -> str:
    v = get(web, key, ms)
    try:
        return "".join(flatten(nested(depth, v)))
    except RecursionError:
        return "too deep"


def recursion_limit_raised_between(web: str) -> list[str]:
    saved = sys.getrecursionlimit()
    try:
        a = fetch_nested(web, "rc-a", 150, 3000)
        sys.setrecursionlimit(20000)
        b = fetch_nested(web, "rc-b", 30, 3000)
    finally:
        sys.setrecursionlimit(saved)
    return [a, b]


def fetch_big_number(web: str, key: str, ms: int) -> str:
    v = get(web, key, ms)
    try:
        return f"{v}:{str(7 ** 6000)[:6]}"
    except ValueError:
        return f"{v}:too many digits"


def int_max_str_digits_between(web: str) -> list[str]:
    saved = sys.get_int_max_str_digits()
    try:
        sys.set_int_max_str_digits(0)
        a = fetch_big_number(web, "dg-a", 150)
        sys.set_int_max_str_digits(4300)
        b = fetch_big_number(web, "dg-b", 30)
    finally:
        sys.set_int_max_str_digits(saved)
    return [a, b]


def fetch_seventh(web: str, key: str, ms: int) -> str:
    v = get(web, key, ms)
    return f"{v}:{decimal.Decimal(1) / decimal.Decimal(7)}"


def decimal_getcontext_prec_between(web: str) -> list[str]:
    ctx = decimal.getcontext()
    saved = ctx.prec
    try:
        ctx.prec = 5
        a = fetch_seventh(web, "dc-a", 150)
        ctx.prec = 12
        b = fetch_seventh(web, "dc-b", 30)
    finally:
        ctx.prec = saved
    return [a, b]


# =========================================================================== config objects

CONFIG: dict[str, Any] = {"prefix": "base", "tags": ["t0"]}
CHAIN = collections.ChainMap({"prefix": "base"})
NS = types.SimpleNamespace(prefix="base")


@dataclasses.dataclass(frozen=True)
class Frozen:
    prefix: str = "base"


FROZEN = Frozen()


def _reset_config(env: Env) -> None:
    global CONFIG, CHAIN, FROZEN
    CONFIG = {"prefix": "base", "tags": ["t0"]}
    CHAIN = collections.ChainMap({"prefix": "base"})
    NS.prefix = "base"
    FROZEN = Frozen()


def fetch_chain(web: str, key: str, ms: int) -> str:
    return get(web, f"{CHAIN['prefix']}-{key}", ms)


def chainmap_maps_insert(web: str) -> list[str]:
    a = fetch_chain(web, "a", 150)
    CHAIN.maps.insert(0, {"prefix": "over"})
    b = fetch_chain(web, "b", 30)
    CHAIN.maps.pop(0)
    c = fetch_chain(web, "c", 60)
    return [a, b, c]


def chainmap_new_child_rebinding(web: str) -> list[str]:
    global CHAIN
    a = fetch_chain(web, "a", 150)
    CHAIN = CHAIN.new_child({"prefix": "child"})
    b = fetch_chain(web, "b", 30)
    CHAIN = CHAIN.parents
    return [a, b, fetch_chain(web, "c", 60)]


def fetch_ns(web: str, key: str, ms: int) -> str:
    return get(web, f"{NS.prefix}-{key}", ms)


def simplenamespace_attr_between(web: str) -> list[str]:
    a = fetch_ns(web, "a", 150)
    NS.prefix = "ns2"
    b = fetch_ns(web, "b", 30)
    vars(NS).update(prefix="ns3")
    c = fetch_ns(web, "c", 60)
    NS.prefix = "base"
    return [a, b, c]


def fetch_tagged_cfg(web: str, key: str, ms: int) -> str:
    return get(web, f"{'+'.join(CONFIG['tags'])}-{key}", ms)


def config_nested_list_mutated(web: str) -> list[str]:
    a = fetch_tagged_cfg(web, "a", 150)
    tags = CONFIG["tags"]
    tags.append("t1")
    b = fetch_tagged_cfg(web, "b", 30)
    tags.clear()
    tags.append("t9")
    c = fetch_tagged_cfg(web, "c", 60)
    CONFIG["tags"] = ["t0"]
    return [a, b, c]


def load_profile(name: str) -> None:
    global CONFIG
    CONFIG = {"prefix": name, "tags": [name]}


def fetch_cfg(web: str, key: str, ms: int) -> str:
    return get(web, f"{CONFIG['prefix']}-{key}", ms)


def config_replaced_by_helper(web: str) -> list[str]:
    a = fetch_cfg(web, "a", 150)
    load_profile("p2")
    b = fetch_cfg(web, "b", 30)
    load_profile("base")
    return [a, b, fetch_cfg(web, "c", 60)]


def config_replaced_via_globals_dict(web: str) -> list[str]:
    a = fetch_cfg(web, "a", 150)
    globals()["CONFIG"] = {"prefix": "g2", "tags": []}
    b = fetch_cfg(web, "b", 30)
    globals()["CONFIG"] = {"prefix": "base", "tags": ["t0"]}
    return [a, b]


def config_replaced_via_module_dict(web: str) -> list[str]:
    module = sys.modules[__name__]
    a = fetch_cfg(web, "a", 150)
    vars(module)["CONFIG"] = {"prefix": "m2", "tags": []}
    b = fetch_cfg(web, "b", 30)
    module.__dict__.update(CONFIG={"prefix": "base", "tags": ["t0"]})
    return [a, b, fetch_cfg(web, "c", 60)]


def fetch_frozen(web: str, key: str, ms: int) -> str:
    return get(web, f"{FROZEN.prefix}-{key}", ms)


def frozen_dataclass_replace_rebind(web: str) -> list[str]:
    global FROZEN
    a = fetch_frozen(web, "a", 150)
    FROZEN = dataclasses.replace(FROZEN, prefix="fz2")
    b = fetch_frozen(web, "b", 30)
    FROZEN = Frozen()
    return [a, b]


def refresh_config_from_env() -> None:
    CONFIG.update(prefix=os.environ.get("RT59_PREFIX", "base"))


def config_refreshed_from_env(web: str) -> list[str]:
    a = fetch_cfg(web, "a", 150)
    os.environ["RT59_PREFIX"] = "envp"
    try:
        refresh_config_from_env()
        b = fetch_cfg(web, "b", 30)
    finally:
        del os.environ["RT59_PREFIX"]
    refresh_config_from_env()
    return [a, b, fetch_cfg(web, "c", 60)]


# =========================================================================== logging


def fetch_logged(web: str, key: str, ms: int) -> str:
    v = get(web, key, ms)
    LOG.debug("fetched %s -> %s", key, v)
    return v


def logger_level_raised_between(web: str) -> list[str]:
    try:
        a = fetch_logged(web, "lv-a", 150)
        LOG.setLevel(logging.INFO)
        b = fetch_logged(web, "lv-b", 30)
        LOG.setLevel(logging.NOTSET)
        c = fetch_logged(web, "lv-c", 60)
    finally:
        LOG.setLevel(logging.NOTSET)
    return [a, b, c]


def logging_disable_between(web: str) -> list[str]:
    try:
        a = fetch_logged(web, "ld-a", 150)
        logging.disable(logging.DEBUG)
        b = fetch_logged(web, "ld-b", 30)
    finally:
        logging.disable(logging.NOTSET)
    return [a, b, fetch_logged(web, "ld-c", 60)]


def logger_disabled_flag_between(web: str) -> list[str]:
    try:
        a = fetch_logged(web, "lf-a", 150)
        LOG.disabled = True
        b = fetch_logged(web, "lf-b", 30)
    finally:
        LOG.disabled = False
    return [a, b, fetch_logged(web, "lf-c", 60)]


def direct_log_lines_level_changes(web: str) -> list[str]:
    out = []
    try:
        for key, ms, level in (("dl-a", 150, logging.DEBUG), ("dl-b", 30, logging.WARNING),
                               ("dl-c", 60, logging.DEBUG)):
            LOG.setLevel(level)
            v = get(web, key, ms)
            LOG.info("value %s", v)
            out.append(v)
    finally:
        LOG.setLevel(logging.NOTSET)
    return out


def basic_config_force_to_stdout(web: str) -> list[str]:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        logging.basicConfig(stream=sys.stdout, format="%(levelname)s %(message)s",
                            level=logging.WARNING, force=True)
        a = get(web, "bc-a", 150)
        APP_LOG.info("hidden %s", a)
        APP_LOG.warning("shown %s", a)
        root.setLevel(logging.INFO)
        b = get(web, "bc-b", 30)
        APP_LOG.info("now shown %s", b)
        print("done")
    finally:
        for h in root.handlers[:]:
            root.removeHandler(h)
        for h in saved[0]:
            root.addHandler(h)
        root.setLevel(saved[1])
    return [a, b]


# =========================================================================== warnings


def fetch_deprecated(web: str, key: str, ms: int) -> str:
    v = get(web, key, ms)
    warnings.warn(f"endpoint {key} is deprecated", DeprecationWarning, stacklevel=2)
    return v


def warnings_error_filter_block(web: str) -> list[str]:
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        try:
            out.append(fetch_deprecated(web, "wd-a", 150))
        except DeprecationWarning as exc:
            out.append(f"error: {exc}")
    out.append(fetch_deprecated(web, "wd-b", 30))
    return out


def warnings_record_then_ignore(web: str) -> list[Any]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        a = fetch_deprecated(web, "wr-a", 150)
        warnings.simplefilter("ignore")
        b = fetch_deprecated(web, "wr-b", 30)
    return [a, b, [str(w.message) for w in caught]]


# =========================================================================== signals, atexit


class SlowAnswer(Exception):
    pass


def _raise_slow(signum: int, frame: Any) -> None:
    raise SlowAnswer("alarm")


def itimer_budget_per_item(web: str) -> list[str]:
    saved = signal.signal(signal.SIGALRM, _raise_slow)
    out = []
    try:
        for key, ms in (("it-a", 300), ("it-b", 200), ("it-c", 30)):
            signal.setitimer(signal.ITIMER_REAL, 0.12)
            try:
                out.append(get(web, key, ms))
            except SlowAnswer:
                out.append(f"{key} slow")
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        signal.signal(signal.SIGALRM, saved)
    return out


ALARMS: list[str] = []


def _note_alarm(signum: int, frame: Any) -> None:
    ALARMS.append("alarm")
    print("alarm fired")


def itimer_handler_prints_during_read(web: str) -> list[Any]:
    ALARMS.clear()
    saved = signal.signal(signal.SIGALRM, _note_alarm)
    try:
        print("start")
        signal.setitimer(signal.ITIMER_REAL, 0.08)
        a = get(web, "ip-a", 250)
        print("got", a)
        signal.setitimer(signal.ITIMER_REAL, 0)
        b = get(web, "ip-b", 30)
        print("got", b)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, saved)
    return [a, b, list(ALARMS)]


def handler_swapped_between_reads(web: str) -> list[str]:
    out = []
    saved = signal.signal(signal.SIGALRM, _raise_slow)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.1)
        try:
            out.append(get(web, "hs-a", 250))
        except SlowAnswer:
            out.append("a slow")
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        out.append(get(web, "hs-b", 150))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, saved)
    return out


FLUSHED: list[str] = []


def _flush_pending(tag: str) -> None:
    FLUSHED.append(tag)
    print("flush", tag)


def atexit_register_between_reads(web: str) -> list[Any]:
    FLUSHED.clear()
    a = get(web, "ax-a", 150)
    atexit.register(_flush_pending, a)
    b = get(web, "ax-b", 30)
    atexit.unregister(_flush_pending)
    _flush_pending(b)
    return [a, b, list(FLUSHED)]


# =========================================================================== module attributes


def http_client_maxheaders_lowered(web: str) -> list[str]:
    import http.client

    saved = http.client._MAXHEADERS
    out = [requests.get(f"{web}/items/mh-a?ms=150", timeout=5).json()["value"]]
    http.client._MAXHEADERS = 2
    try:
        out.append(requests.get(f"{web}/items/mh-b?ms=30", timeout=5).json()["value"])
    except requests.exceptions.ConnectionError as exc:
        out.append(f"refused: {type(exc).__name__}")
    finally:
        http.client._MAXHEADERS = saved
    out.append(requests.get(f"{web}/items/mh-c?ms=40", timeout=5).json()["value"])
    return out


def http_client_maxline_in_list(web: str) -> list[Any]:
    import http.client

    saved = http.client._MAXLINE
    try:
        first = requests.get(f"{web}/items/ml-a?ms=150", timeout=5).json()["value"]
        http.client._MAXLINE = 8
        second = [requests.get(f"{web}/items/ml-b?ms=30", timeout=5).status_code]
    except requests.exceptions.ConnectionError as exc:
        return [f"refused: {exc}"]
    finally:
        http.client._MAXLINE = saved
    return [first, second]


def _reset_http_client(env: Env) -> None:
    import http.client

    http.client._MAXLINE = 65536
    http.client._MAXHEADERS = 100


def proxy_env_set_between_plain_gets(web: str) -> list[Any]:
    first = requests.get(f"{web}/items/pe-a?ms=150", timeout=5).json()["value"]
    os.environ["HTTP_PROXY"] = "http://127.0.0.1:9"
    try:
        second: Any = requests.get(f"{web}/items/pe-b?ms=30", timeout=5).status_code
    except requests.exceptions.ProxyError as exc:
        second = type(exc).__name__
    del os.environ["HTTP_PROXY"]
    return [first, second]


def _clean_proxy(env: Env) -> None:
    os.environ.pop("HTTP_PROXY", None)


def fetch_then_plugin(web: str, key: str, ms: int) -> str:
    v = get(web, key, ms)
    import rt59_plugin_a  # type: ignore[import-not-found]
    return f"{v}/{rt59_plugin_a.PREFIX}"


def sys_path_insert_import_after_get(web: str, tmp: str) -> list[str]:
    plugins = f"{tmp}/plugins"
    sys.path.insert(0, plugins)
    a = fetch_then_plugin(web, "pa", 150)
    sys.modules.pop("rt59_plugin_a")
    sys.path.remove(plugins)
    Path(plugins, "rt59_plugin_a.py").write_text('PREFIX = "pa-moved"\n')
    sys.path.append(plugins)
    importlib.invalidate_caches()
    b = fetch_then_plugin(web, "pb", 30)
    sys.path.remove(plugins)
    sys.modules.pop("rt59_plugin_a", None)
    return [a, b]


def sys_modules_stub_between(web: str) -> list[str]:
    stub = types.ModuleType("rt59_plugin_a")
    stub.PREFIX = "stub"  # type: ignore[attr-defined]
    sys.modules["rt59_plugin_a"] = stub
    a = fetch_then_plugin(web, "sa", 150)
    stub2 = types.ModuleType("rt59_plugin_a")
    stub2.PREFIX = "stub2"  # type: ignore[attr-defined]
    sys.modules["rt59_plugin_a"] = stub2
    b = fetch_then_plugin(web, "sb", 30)
    del sys.modules["rt59_plugin_a"]
    return [a, b]


def module_attr_of_imported_plugin(web: str, tmp: str) -> list[str]:
    sys.path.insert(0, f"{tmp}/plugins")
    try:
        import rt59_plugin_a  # type: ignore[import-not-found]
        a = fetch_then_plugin(web, "ma", 150)
        rt59_plugin_a.PREFIX = "patched"
        b = fetch_then_plugin(web, "mb", 30)
    finally:
        sys.path.remove(f"{tmp}/plugins")
        sys.modules.pop("rt59_plugin_a", None)
    return [a, b]


def digits_limit_list_of_reads(web: str) -> list[str]:
    saved = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        out = [fetch_big_number(web, "dl-a", 150), fetch_big_number(web, "dl-b", 30)]
    finally:
        sys.set_int_max_str_digits(saved)
    out.append(fetch_big_number(web, "dl-c", 40))
    return out


# =========================================================================== more shapes


class Deadline(Exception):
    pass


def _deadline(signum: int, frame: Any) -> None:
    raise Deadline("batch budget spent")


def alarm_budget_for_whole_loop(web: str) -> list[str]:
    """One SIGALRM budget for a batch of reads: what is done when it fires is kept."""
    saved = signal.signal(signal.SIGALRM, _deadline)
    out: list[str] = []
    signal.setitimer(signal.ITIMER_REAL, 0.17)
    try:
        for key in ("bb-a", "bb-b", "bb-c", "bb-d"):
            out.append(get(web, key, 70))
    except Deadline as exc:
        out.append(str(exc))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, saved)
    return out


def parse_guarded(web: str, key: str, ms: int, depth: int) -> str:
    v = get(web, key, ms)
    doc = "[" * depth + json.dumps(v) + "]" * depth
    try:
        return f"{v}:{len(json.loads(doc))}"
    except RecursionError:
        return f"{v}:rejected"


def recursion_limit_guards_nested_json(web: str) -> list[str]:
    saved = sys.getrecursionlimit()
    sys.setrecursionlimit(150)
    try:
        return [parse_guarded(web, "rg-a", 150, NEST), parse_guarded(web, "rg-b", 30, 40)]
    finally:
        sys.setrecursionlimit(saved)


NEST = 140  # json.loads of this depth fails under the limit in the plain run


def environ_set_in_loop_body(web: str) -> list[str]:
    out = []
    try:
        for region, ms in (("eu", 150), ("us", 30), ("ap", 60)):
            os.environ["RT59_REGION"] = region
            out.append(fetch_regional(web, "loop", ms))
    finally:
        _clear_env("RT59_REGION")
    return out


NAMESPACE = uuid.UUID("12345678-1234-5678-1234-567812345678")


def fetch_by_uuid5(web: str, name: str, ms: int) -> str:
    rid = uuid.uuid5(NAMESPACE, name)
    return get(web, f"{name}-{str(rid)[:8]}", ms)


def uuid5_ids_overlap(web: str) -> list[str]:
    return [fetch_by_uuid5(web, n, ms) for n, ms in (("u-a", 150), ("u-b", 30), ("u-c", 60))]


def fetch_with_argv(web: str, key: str, ms: int) -> str:
    import argparse

    parser = argparse.ArgumentParser(prog="rt59")
    parser.add_argument("--stage", default="dev")
    stage = parser.parse_args(sys.argv[1:]).stage
    return get(web, f"{stage}-{key}", ms)


def sys_argv_replaced_between(web: str) -> list[str]:
    saved = sys.argv
    try:
        sys.argv = ["rt59"]
        a = fetch_with_argv(web, "a", 150)
        sys.argv = ["rt59", "--stage", "prod"]
        b = fetch_with_argv(web, "b", 30)
    finally:
        sys.argv = saved
    return [a, b]


def fetch_jst(web: str, key: str, ms: int) -> str:
    v = get(web, key, ms)
    tz = datetime.timezone(datetime.timedelta(hours=9), "JST")
    return f"{v} {datetime.datetime.fromtimestamp(STAMP, tz).strftime('%H:%M %Z')}"


def explicit_tz_overlap_under_env_tz(web: str) -> list[str]:
    with time_zone("America/Los_Angeles"):
        return [fetch_jst(web, "jst-a", 150), fetch_jst(web, "jst-b", 30)]


def warnings_filter_added_between(web: str) -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        a = fetch_deprecated(web, "wf-a", 150)
        warnings.filterwarnings("ignore", message="endpoint wf-b")
        b = fetch_deprecated(web, "wf-b", 30)
        c = fetch_deprecated(web, "wf-c", 60)
    return [a, b, c]


def atexit_in_loop_then_unregister(web: str) -> list[Any]:
    FLUSHED.clear()
    values = []
    for key, ms in (("al-a", 150), ("al-b", 30)):
        v = get(web, key, ms)
        atexit.register(_flush_pending, v)
        values.append(v)
    atexit.unregister(_flush_pending)
    for v in values:
        _flush_pending(v)
    return [values, list(FLUSHED)]


def chat_in_region(client: Any, prompt: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[
        {"role": "user", "content": f"[{SETTINGS.region}] {prompt}"}],
        extra_body={"latency": lat})
    return r.choices[0].message.content[:12]


def region_env_between_chat_list(client: Any) -> list[Any]:
    try:
        first = [chat_in_region(client, q, lat) for q, lat in (("a", 0.15), ("b", 0.03))]
        os.environ["RT59_REGION"] = "us"
        second = [chat_in_region(client, q, lat) for q, lat in (("c", 0.15), ("d", 0.03))]
    finally:
        _clear_env("RT59_REGION")
    return [first, second]


def reload_config_between_chats(client: Any, tmp: str) -> list[str]:
    Path(tmp, "rt59_prompts.py").write_text('SYSTEM = "be brief"\n')
    sys.path.insert(0, tmp)
    importlib.invalidate_caches()
    try:
        prompts = importlib.import_module("rt59_prompts")
        out = []
        for text, lat in (("first question", 0.15), ("second question", 0.03)):
            r = client.chat.completions.create(model="gpt", messages=[
                {"role": "system", "content": prompts.SYSTEM},
                {"role": "user", "content": text}], extra_body={"latency": lat})
            out.append(f"{prompts.SYSTEM}|{r.choices[0].message.content[:10]}")
            Path(tmp, "rt59_prompts.py").write_text('SYSTEM = "be very thorough"\n')
            importlib.reload(prompts)
        return out
    finally:
        sys.path.remove(tmp)
        sys.modules.pop("rt59_prompts", None)


async def afetch_stage(client: Any, web: str, key: str, ms: int) -> str:
    stage = os.environ.get("RT59_STAGE", "dev")
    r = await client.get(f"{web}/items/{stage}-{key}?ms={ms}")
    return r.json()["value"]


async def async_env_between_awaits(web: str) -> list[str]:
    import httpx

    async with httpx.AsyncClient(timeout=5) as client:
        try:
            a = await afetch_stage(client, web, "a", 150)
            os.environ["RT59_STAGE"] = "prod"
            b = await afetch_stage(client, web, "b", 30)
        finally:
            _clear_env("RT59_STAGE")
        c = await afetch_stage(client, web, "c", 60)
    return [a, b, c]


async def async_gather_then_env(web: str) -> list[str]:
    import httpx

    async with httpx.AsyncClient(timeout=5) as client:
        first = await asyncio.gather(afetch_stage(client, web, "g-a", 150),
                                     afetch_stage(client, web, "g-b", 30))
        os.environ["RT59_STAGE"] = "blue"
        try:
            second = await afetch_stage(client, web, "g-c", 60)
        finally:
            _clear_env("RT59_STAGE")
    return [*first, second]


# =========================================================================== per-thread state


def fetch_checked(web: str, key: str, ms: int) -> str:
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    if value.startswith("v-bad"):
        raise ValueError(f"bad value for {key}")
    return value


def fallback_inside_except_chains_context(web: str) -> list[str]:
    """An error raised while handling another carries it as ``__context__``."""
    cache: dict[str, str] = {}
    try:
        return [cache["cfg"]]
    except KeyError:
        try:
            return [fetch_checked(web, "bad-a", 150), fetch_checked(web, "ok-b", 30)]
        except ValueError as exc:
            return [str(exc), type(exc.__context__).__name__]


def fallback_loop_inside_except(web: str) -> list[str]:
    try:
        json.loads("{not json")
    except json.JSONDecodeError:
        out = []
        for key, ms in (("bad-x", 150), ("ok-y", 30)):
            try:
                out.append(fetch_checked(web, key, ms))
            except ValueError as exc:
                out.append(f"{exc} after {type(exc.__context__).__name__}")
        return out
    return []


PROFILED: list[str] = []


def _profile(frame: Any, event: str, arg: Any) -> None:
    if event == "call" and frame.f_code.co_name.startswith("fetch_"):
        PROFILED.append(frame.f_code.co_name)


def setprofile_counts_helper_calls(web: str) -> list[Any]:
    PROFILED.clear()
    sys.setprofile(_profile)
    try:
        values = [fetch_checked(web, "pr-a", 150), fetch_checked(web, "pr-b", 30)]
    finally:
        sys.setprofile(None)
    return [values, list(PROFILED)]


def tz_set_before_overlapped_reads(web: str) -> list[str]:
    with time_zone("Asia/Kolkata"):
        return [fetch_stamped(web, "tk-a", 150), fetch_stamped(web, "tk-b", 30)]


def digits_in_helper_list_after_raise_limit(web: str) -> list[str]:
    saved = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(640)
    try:
        return [fetch_big_number(web, "dd-a", 150), fetch_big_number(web, "dd-b", 30)]
    finally:
        sys.set_int_max_str_digits(saved)


def maxline_via_module_dict(web: str) -> list[Any]:
    import http.client

    saved = http.client._MAXLINE
    try:
        first = requests.get(f"{web}/items/md-a?ms=150", timeout=5).json()["value"]
        http.client.__dict__["_MAXLINE"] = 8
        second = [requests.get(f"{web}/items/md-b?ms=30", timeout=5).status_code]
    except requests.exceptions.ConnectionError as exc:
        return [f"refused: {exc}"]
    finally:
        http.client._MAXLINE = saved
    return [first, second]


def maxline_via_setattr_on_local(web: str) -> list[Any]:
    import http.client as hc

    saved = hc._MAXLINE
    try:
        first = requests.get(f"{web}/items/ms-a?ms=150", timeout=5).json()["value"]
        hc._MAXLINE = 8
        second = [requests.get(f"{web}/items/ms-b?ms=30", timeout=5).status_code]
    except requests.exceptions.ConnectionError as exc:
        return [f"refused: {exc}"]
    finally:
        hc._MAXLINE = saved
    return [first, second]


def proxy_via_environ_data_dict(web: str) -> list[Any]:
    """os.environ keeps its items in ``_data`` (bytes): a store there is what getenv sees."""
    first = requests.get(f"{web}/items/ed-a?ms=150", timeout=5).json()["value"]
    os.environ._data[b"HTTP_PROXY"] = b"http://127.0.0.1:9"  # type: ignore[attr-defined]
    try:
        second: Any = requests.get(f"{web}/items/ed-b?ms=30", timeout=5).status_code
    except requests.exceptions.ProxyError as exc:
        second = type(exc).__name__
    finally:
        os.environ._data.pop(b"HTTP_PROXY", None)  # type: ignore[attr-defined]
    return [first, second]


def apply_overrides_setattr_loop(web: str) -> list[Any]:
    """Library limits applied from a dict with setattr on the module (restored after)."""
    import http.client as hc

    overrides = {"_MAXHEADERS": 2}
    saved = {k: getattr(hc, k) for k in overrides}
    out: list[Any] = [requests.get(f"{web}/items/ov-a?ms=150", timeout=5).json()["value"]]
    for name, value in overrides.items():
        setattr(hc, name, value)
    try:
        out.append(requests.get(f"{web}/items/ov-b?ms=30", timeout=5).status_code)
    except requests.exceptions.ConnectionError as exc:
        out.append(f"refused: {type(exc).__name__}")
    for name, value in saved.items():
        setattr(hc, name, value)
    return out



def _proxied_status(web: str, key: str) -> Any:
    try:
        return requests.get(f"{web}/items/{key}?ms=30", timeout=5).status_code
    except requests.exceptions.ProxyError as exc:
        return type(exc).__name__


def proxy_env_ior_between(web: str) -> list[Any]:
    first = requests.get(f"{web}/items/io-a?ms=150", timeout=5).json()["value"]
    os.environ |= {"HTTP_PROXY": "http://127.0.0.1:9"}
    try:
        second: Any = requests.get(f"{web}/items/io-b?ms=30", timeout=5).status_code
    except requests.exceptions.ProxyError as exc:
        second = type(exc).__name__
    os.environ.pop("HTTP_PROXY")
    return [first, second]


def proxy_env_update_between(web: str) -> list[Any]:
    first = requests.get(f"{web}/items/up-a?ms=150", timeout=5).json()["value"]
    os.environ.update(HTTP_PROXY="http://127.0.0.1:9")
    try:
        second: Any = requests.get(f"{web}/items/up-b?ms=30", timeout=5).status_code
    except requests.exceptions.ProxyError as exc:
        second = type(exc).__name__
    os.environ.pop("HTTP_PROXY")
    return [first, second]


def proxy_mock_patch_around_get(web: str) -> list[Any]:
    first = requests.get(f"{web}/items/mp-a?ms=150", timeout=5).json()["value"]
    with mock.patch.dict(os.environ, {"HTTP_PROXY": "http://127.0.0.1:9"}):
        second = _proxied_status(web, "mp-b")
    return [first, second, _proxied_status(web, "mp-c")]


# =========================================================================== registry


def web_args(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def _web(fn: Any, ideal: float = 1.0, cat: str = "state", **kw: Any) -> Case:
    return Case(cat, fn, args=web_args, servers="web", ideal=ideal, **kw)


def _wt(fn: Any, ideal: float = 1.0, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, args=web_tmp, servers="web", ideal=ideal, **kw)


CASES: list[Case] = [
    # -- os.environ
    _web(settings_property_reads_env),
    _web(environ_alias_in_global),
    _web(environ_keyerror_until_set, cat="validation"),
    _web(helper_sets_environ_then_fetch),
    _web(environ_override_context_manager),
    _web(mock_patch_dict_environ),
    _web(environ_decides_page_count),
    _web(cached_settings_cleared_between),
    _web(partial_of_environ_get),
    _web(proxy_env_breaks_direct_get, cat="http"),
    _web(no_proxy_removed_between_gets, cat="http"),
    Case("sdk", openai_base_url_from_env, args=lambda env: (env.api,), servers="api"),
    Case("sdk", persona_env_between_chats, args=lambda env: (openai_client(env),),
         servers="api"),
    # -- working directory
    _wt(chdir_between_helpers_reading_relative, setup=_setup_dirs),
    _wt(contextlib_chdir_blocks, setup=_setup_dirs),
    _wt(cwd_name_after_get, setup=_setup_dirs),
    Case("files", relative_reads_direct_in_body, args=lambda env: (str(env.tmp),),
         setup=_setup_dirs),
    _wt(relative_writes_then_absolute_reads, setup=_setup_dirs),
    # -- umask
    _wt(umask_between_writes),
    _wt(umask_in_helper_then_stat),
    _wt(os_open_mode_under_umask),
    # -- imports
    _wt(sys_path_insert_then_helper_import, setup=_setup_plugins),
    _wt(import_module_prints_between_gets, setup=_setup_plugins),
    _wt(import_side_effect_put_then_get, setup=_setup_plugins),
    _wt(reload_picks_new_constant, setup=_setup_plugins),
    _wt(reload_between_helper_reads, setup=_setup_plugins),
    _wt(spec_exec_module_registers, setup=_setup_plugins),
    # -- random, uuid
    _web(seed_between_tagged_reads),
    _web(seeded_request_ids_in_url),
    _web(tagged_reads_no_seed_between),
    _web(uuid_from_global_rng_after_get),
    _web(random_mirror_loop),
    _web(getstate_setstate_replays_ids),
    _web(jitter_sleep_between_gets, cat="sleep"),
    # -- time zone
    _web(tz_switch_strftime_after_get),
    _web(tz_tzset_direct_then_datetime),
    _web(tz_in_url_key),
    # -- interpreter limits, decimal
    _web(recursion_limit_raised_between),
    _web(int_max_str_digits_between),
    _web(decimal_getcontext_prec_between),
    # -- config objects
    _web(chainmap_maps_insert, setup=_reset_config),
    _web(chainmap_new_child_rebinding, cat="rebind", setup=_reset_config),
    _web(simplenamespace_attr_between, setup=_reset_config),
    _web(config_nested_list_mutated, setup=_reset_config),
    _web(config_replaced_by_helper, cat="rebind", setup=_reset_config),
    _web(config_replaced_via_globals_dict, cat="rebind", setup=_reset_config),
    _web(config_replaced_via_module_dict, cat="rebind", setup=_reset_config),
    _web(frozen_dataclass_replace_rebind, cat="rebind", setup=_reset_config),
    _web(config_refreshed_from_env, setup=_reset_config),
    # -- logging, warnings
    _web(logger_level_raised_between),
    _web(logging_disable_between),
    _web(logger_disabled_flag_between),
    _web(direct_log_lines_level_changes),
    _web(basic_config_force_to_stdout),
    _web(warnings_error_filter_block),
    _web(warnings_record_then_ignore),
    # -- signals, atexit
    _web(itimer_budget_per_item, cat="sleep", rlimit_nofile=1024),
    _web(itimer_handler_prints_during_read, cat="sleep", rlimit_nofile=1024),
    _web(handler_swapped_between_reads, cat="sleep", rlimit_nofile=1024),
    _web(atexit_register_between_reads),
    # -- module attributes a library reads, sys.modules
    _web(http_client_maxheaders_lowered, cat="http"),
    _web(http_client_maxline_in_list, cat="http", setup=_reset_http_client),
    _web(proxy_env_set_between_plain_gets, cat="http", setup=_clean_proxy),
    _wt(sys_path_insert_import_after_get, setup=_setup_plugins),
    _web(sys_modules_stub_between, setup=lambda env: sys.modules.pop("rt59_plugin_a", None)),
    _wt(module_attr_of_imported_plugin, setup=_setup_plugins),
    _web(digits_limit_list_of_reads, (0.15 + 0.03 + 0.04) / (0.15 + 0.04)),
    # -- more shapes
    _web(alarm_budget_for_whole_loop, cat="sleep", rlimit_nofile=1024),
    _web(recursion_limit_guards_nested_json),
    _web(environ_set_in_loop_body),
    _web(uuid5_ids_overlap, over(0.15, 0.03, 0.06)),
    _web(sys_argv_replaced_between),
    _web(explicit_tz_overlap_under_env_tz),
    _web(warnings_filter_added_between),
    _web(atexit_in_loop_then_unregister),
    Case("sdk", region_env_between_chat_list, args=lambda env: (openai_client(env),),
         servers="api"),
    Case("sdk", reload_config_between_chats, args=lambda env: (openai_client(env),
                                                                 str(env.tmp)), servers="api"),
    Case("state", async_env_between_awaits, drive=lambda f, env: asyncio.run(f(env.web)),
         servers="web"),
    Case("state", async_gather_then_env, drive=lambda f, env: asyncio.run(f(env.web)),
         servers="web"),
    # -- per-thread state
    _web(fallback_inside_except_chains_context, over(0.15, 0.03), cat="validation",
         speculative_reads=True),
    _web(fallback_loop_inside_except, over(0.15, 0.03), cat="validation"),
    _web(setprofile_counts_helper_calls),
    _web(tz_set_before_overlapped_reads),
    _web(maxline_via_module_dict, cat="http", setup=_reset_http_client),
    _web(maxline_via_setattr_on_local, cat="http", setup=_reset_http_client),
    _web(proxy_via_environ_data_dict, cat="http", setup=_clean_proxy),
    _web(proxy_env_ior_between, cat="http", setup=_clean_proxy),
    _web(proxy_env_update_between, cat="http", setup=_clean_proxy),
    _web(proxy_mock_patch_around_get, cat="http", setup=_clean_proxy),
    _web(apply_overrides_setattr_loop, cat="http", setup=_reset_http_client),
    _web(digits_in_helper_list_after_raise_limit, over(0.15, 0.03)),
]

FAILING_WHY: dict[str, str] = {
    "alarm_budget_for_whole_loop":
        "one SIGALRM budget (setitimer 0.17 s) over a loop of four 70 ms GETs: plain gets two "
        "and the handler's Deadline; jit starts all four at once, all return before the alarm "
        "(a timer acting while calls are in flight, documented as not covered). NB: it needs "
        "the main thread (rlimit_nofile runs it in _child, which looks names up in CASES "
        "only), so run_failing reports it ok; reproduced 3/3 with execute() on the main thread",
    "recursion_limit_guards_nested_json":
        "sys.setrecursionlimit(150) then [parse_guarded(slow), parse_guarded(fast)] whose "
        "json.loads of a 140-deep doc hits the limit in the plain run ('rejected'); jit runs the "
        "helper on a pool thread whose stack is shallower, so the same json.loads succeeds",
    "setprofile_counts_helper_calls":
        "sys.setprofile(hook) then [fetch_checked(slow), fetch_checked(fast)]: the plain hook "
        "sees both helpers' 'call' events; jit runs them on pool threads, which the main "
        "thread's profile hook does not see (the list of profiled calls is empty)",
}

# Differed under jit when written (the working tree at e88899c): the GET after
# `setattr(hc, "_MAXLINE", 8)` (a module a local holds) started before it; passes at f4cb0fd.
# (maxline_via_setattr_on_local, in CASES.)

FAILING: list[Case] = [c for c in CASES if c.name in FAILING_WHY]
CASES = [c for c in CASES if c.name not in FAILING_WHY]
