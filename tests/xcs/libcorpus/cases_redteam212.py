# ruff: noqa: B905
"""Red-team cases (stop 212): ensembles over lists of objects and dynamic dispatch.

The members of each ensemble are of different kinds (one reads, one writes, one prints,
one logs, a lambda, a `functools.partial`, a bound method, an Ember `models.instance`, an
SDK-backed wrapper, a `__call__` object with a counter), called through a comprehension,
a loop appending, `map`, `getattr`, `operator.methodcaller`, a dict of handlers, after
`sorted`; lists changed between calls or during the loop, methods replaced on the
instance, classes chosen by a config string, a judge over the answers, voting with
`Counter`, try/except per member, an early exit on "STOP", short-circuiting `any`/`next`.
Each is run against the plain function: value, exception, stdout, logs, requests.

Found when written (fixed since, see the note above `FAILING_WHY`): a comprehension whose
iterable is a generator of the program's that prints or logs (the members or the prompts
made one by one, announced as they come) had its items taken up front, so the
announcements ran early: ahead of each element's own print, and past an item whose call
raises. A generator that writes kept its place.
"""

from __future__ import annotations

import functools
import heapq
import operator
from collections import Counter
from typing import Any

import requests

from ember.api import models
from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("r212")
WEB = {"url": ""}


def _get(web: str, key: str, ms: int = 50) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _put(web: str, key: str, text: str, ms: int = 30) -> str:
    requests.put(f"{web}/items/{key}?ms={ms}", data=text, timeout=5)
    return text


def _must(web: str, key: str, ms: int = 50) -> str:
    r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
    r.raise_for_status()
    return r.json()["value"]


def _reset(env: Env) -> None:
    WEB["url"] = env.web


# -- members of different kinds


class Reader:
    def __init__(self, web: str, key: str, ms: int = 100) -> None:
        self.web, self.key, self.ms, self.name = web, key, ms, f"r-{key}"

    def generate(self, x: str) -> str:
        return _get(self.web, f"{self.key}-{x}", self.ms)

    def __call__(self, x: str) -> str:
        return self.generate(x)


class Writer(Reader):
    """A subclass that overrides `generate` to write."""

    def generate(self, x: str) -> str:
        return _put(self.web, f"{self.key}-{x}", f"w:{x}")


class Printer(Reader):
    def generate(self, x: str) -> str:
        print("member", self.key, "asked", x)
        return super().generate(x)


class Logger(Reader):
    def generate(self, x: str) -> str:
        LOG.info("member %s asked %s", self.key, x)
        return super().generate(x)


class Counting:
    """A `__call__` object with state: each call reads a key numbered by its count."""

    def __init__(self, web: str) -> None:
        self.web = web
        self.n = 0

    def __call__(self, x: str) -> str:
        self.n += 1
        return _get(self.web, f"c{self.n}-{x}", 60)


class Failing(Reader):
    def generate(self, x: str) -> str:
        return _must(self.web, f"missing-{self.key}", self.ms)


class Stopper(Reader):
    def generate(self, x: str) -> str:
        _get(self.web, f"{self.key}-{x}", self.ms)
        return "STOP"


class ChatModel:
    def __init__(self, client: Any, name: str) -> None:
        self.client, self.name = client, name

    def generate(self, prompt: str) -> str:
        reply = self.client.chat.completions.create(
            model=self.name, messages=[{"role": "user", "content": prompt}])
        return reply.choices[0].message.content


def r212_mixed_comprehension_read_write_read(web: str) -> list[str]:
    ms = [Reader(web, "a", 150), Writer(web, "a"), Reader(web, "a", 40)]
    return [m.generate("q") for m in ms]


def r212_mixed_kinds_loop(web: str) -> list[str]:
    members = [Reader(web, "a", 150).generate, lambda x: _get(web, f"lam-{x}", 100),
               functools.partial(_get, web, ms=50), Printer(web, "p", 60),
               Logger(web, "l", 80), Counting(web)]
    out = []
    for m in members:
        out.append(m("q"))
    return out


def r212_mixed_with_writer_in_middle(web: str) -> list[str]:
    members = [Reader(web, "a", 150), Printer(web, "b", 30), Writer(web, "b"),
               Reader(web, "b", 30), Reader(web, "c", 100)]
    out = []
    for m in members:
        out.append(m("q"))
    return out


def r212_methodcaller(web: str) -> list[str]:
    call = operator.methodcaller("generate", "mc")
    members = [Reader(web, "a", 150), Writer(web, "a"), Reader(web, "a", 20)]
    return [call(m) for m in members]


def r212_methodcaller_reads(web: str) -> list[str]:
    call = operator.methodcaller("generate", "mc")
    return list(map(call, [Reader(web, k, 100) for k in "abc"]))


class Toolbox:
    def __init__(self, web: str) -> None:
        self.web = web

    def slow(self) -> str:
        return _get(self.web, "tool", 150)

    def write(self) -> str:
        return _put(self.web, "tool", "written")

    def check(self) -> str:
        return _get(self.web, "tool", 20)

    def fast(self) -> str:
        return _get(self.web, "fast", 50)


def r212_getattr_reads(web: str) -> list[str]:
    obj = Toolbox(web)
    return [getattr(obj, name)() for name in ("slow", "fast", "check")]


def _h_read(web: str, x: str) -> str:
    return _get(web, f"h-{x}", 120)


def _h_write(web: str, x: str) -> str:
    return _put(web, "h-a", f"handled {x}")


def _h_print(web: str, x: str) -> str:
    print("handling", x)
    return x.upper()


HANDLERS = {"read": _h_read, "write": _h_write, "print": _h_print}


def r212_dict_dispatch(web: str) -> list[str]:
    jobs = [("read", "a"), ("print", "b"), ("write", "c"), ("read", "a"), ("print", "d")]
    return [HANDLERS[kind](web, x) for kind, x in jobs]


def r212_dict_dispatch_swapped(web: str) -> list[str]:
    out = []
    for kind, x in (("read", "a"), ("read", "b"), ("read", "a")):
        out.append(HANDLERS[kind](web, x))
    return out


def _swap_handler(f: Any, env: Env) -> list[Any]:
    """Twice: with the read handler, then with the read handler replaced by a writer."""
    first = f(env.web)
    HANDLERS["read"] = _h_write
    try:
        second = f(env.web)
    finally:
        HANDLERS["read"] = _h_read
    return [first, second]


def r212_sorted_then_call(web: str) -> list[str]:
    members = [Writer(web, "a"), Reader(web, "a", 150), Reader(web, "z", 40)]
    members[0].priority, members[1].priority, members[2].priority = 2, 1, 3
    return [m.generate("s") for m in sorted(members, key=lambda m: m.priority)]


def r212_list_changed_between_calls(web: str, members: list[Any]) -> list[str]:
    return [m.generate("q") for m in members]


def _change_list(f: Any, env: Env) -> list[Any]:
    members: list[Any] = [Reader(env.web, "a", 150), Reader(env.web, "a", 40)]
    first = f(env.web, members)
    members.insert(1, Writer(env.web, "a"))
    second = f(env.web, members)
    members[0] = Printer(env.web, "a", 20)
    third = f(env.web, members)
    return [first, second, third]


class Recruiter(Reader):
    """A member that appends a writer to the list it sits in."""

    def __init__(self, web: str, key: str, pool: list[Any]) -> None:
        super().__init__(web, key, 60)
        self.pool = pool

    def generate(self, x: str) -> str:
        self.pool.append(Writer(self.web, self.key))
        return super().generate(x)


def r212_list_grows_during_loop(web: str) -> list[str]:
    members: list[Any] = [Reader(web, "a", 150)]
    members.append(Recruiter(web, "a", members))
    members.append(Reader(web, "a", 30))
    out = []
    for m in members:
        out.append(m.generate("g"))
    return out


def r212_method_replaced_on_instance(web: str) -> list[str]:
    members = [Reader(web, "a", 150), Reader(web, "b", 30), Reader(web, "a", 30)]
    members[1].generate = lambda x: _put(web, f"a-{x}", "replaced")
    return [m.generate("i") for m in members]


CLASSES = {"reader": Reader, "writer": Writer, "printer": Printer}


def r212_class_by_config(web: str, config: str) -> list[str]:
    names = config.split(",")
    members = [CLASSES[n](web, "a", 100) for n in names]
    return [m.generate("c") for m in members]


def r212_judge_over_answers(web: str) -> str:
    members = [Reader(web, "a", 150), Reader(web, "b", 60), Printer(web, "c", 90)]
    drafts = [m.generate("j") for m in members]
    judge = Writer(web, "verdict")
    return judge.generate("|".join(drafts))


def r212_counter_vote(web: str) -> str:
    members = [Reader(web, "x", 150), Reader(web, "y", 60), Reader(web, "x", 90),
               Counting(web), Counting(web)]
    answers = [m("v") for m in members]
    return Counter(answers).most_common(1)[0][0]


def r212_try_except_per_member(web: str) -> list[str]:
    members = [Reader(web, "a", 150), Failing(web, "f", 40), Reader(web, "b", 60)]
    out = []
    for m in members:
        try:
            out.append(m.generate("t"))
        except requests.HTTPError as exc:
            out.append(f"failed: {exc.response.status_code}")
    return out


def r212_try_except_writer_after_failure(web: str) -> list[str]:
    members = [Reader(web, "a", 150), Failing(web, "f", 40), Writer(web, "a"),
               Reader(web, "a", 30)]
    out = []
    for m in members:
        try:
            out.append(m.generate("t"))
        except requests.HTTPError:
            out.append("failed")
            LOG.warning("member %s failed", m.key)
    return out


def r212_first_failure_raises(web: str) -> list[str]:
    members = [Reader(web, "a", 100), Failing(web, "slow", 150), Failing(web, "fast", 20),
               Writer(web, "w")]
    return [m.generate("f") for m in members]


def r212_stop_early(web: str) -> list[str]:
    members = [Reader(web, "a", 150), Stopper(web, "s", 30), Writer(web, "w"),
               Reader(web, "after", 20)]
    out = []
    for m in members:
        answer = m.generate("e")
        out.append(answer)
        if answer == "STOP":
            break
    return out


def r212_any_short_circuit(web: str) -> bool:
    members = [Reader(web, "a", 150), Stopper(web, "s", 30), Writer(web, "w"),
               Reader(web, "z", 20)]
    return any(m.generate("y") == "STOP" for m in members)


def r212_shared_client_members(web: str) -> list[str]:
    session = requests.Session()
    try:
        members = [SessionReader(session, web, k) for k in ("a", "b", "c")]
        members.append(SessionWriter(session, web, "a"))
        members.append(SessionReader(session, web, "a"))
        return [m.generate("s") for m in members]
    finally:
        session.close()


class SessionReader:
    def __init__(self, session: requests.Session, web: str, key: str) -> None:
        self.session, self.web, self.key = session, web, key

    def generate(self, x: str) -> str:
        return self.session.get(f"{self.web}/items/{self.key}-{x}?ms=80",
                                timeout=5).json()["value"]


class SessionWriter(SessionReader):
    def generate(self, x: str) -> str:
        self.session.put(f"{self.web}/items/{self.key}-{x}?ms=30", data="sw", timeout=5)
        return "sw"


COUNTS = {"calls": 0}


def r212_genexp_stopiteration(web: str) -> Any:
    members = [Reader(web, "a", 100), lambda x: next(iter([])), Reader(web, "b", 30)]
    try:
        return list(m("s") for m in members)
    except RuntimeError as exc:
        return f"{type(exc).__name__}: {exc} / {type(exc.__cause__).__name__}"


def r212_dict_comp_duplicate_names(web: str) -> dict[str, str]:
    members = [Reader(web, "a", 150), Reader(web, "b", 40), Writer(web, "a"),
               Reader(web, "a", 30)]
    members[2].name = "r-a"
    return {m.name: m.generate("d") for m in members}


def r212_ember_instances_and_http(web: str) -> list[str]:
    members = [models.instance("sim/a", latency=0.1), Reader(web, "a", 100),
               functools.partial(models, "sim/b", latency=0.1), Printer(web, "p", 50)]
    return [m("hello") for m in members]


def r212_sdk_and_http_members(client: Any, web: str) -> dict[str, str]:
    members = [ChatModel(client, "gpt").generate, Reader(web, "a", 100),
               ChatModel(client, "judge").generate, Writer(web, "w")]
    answers = {}
    for i, m in enumerate(members):
        answers[str(i)] = m("sdk?")
    return answers


def r212_independent_calls_around(web: str) -> list[Any]:
    before = _get(web, "before", 150)
    members = [Reader(web, "a", 100), Writer(web, "before"), Reader(web, "b", 60)]
    answers = [m.generate("i") for m in members]
    after = _get(web, "before-i", 20)
    return [before, answers, after]


# -- state one member changes that a later member's call reads


def set_key(target: Any, key: str) -> str:
    target.key = key
    return key


def r212_member_retargets_later_member(web: str) -> list[str]:
    members: list[Any] = [Reader(web, "a", 150), None, Reader(web, "b", 30)]
    members[1] = functools.partial(set_key, members[2])
    return [m("k") for m in members]


def op_read(web: str, key: str) -> str:
    return _get(web, key, 80)


def op_write(web: str, key: str) -> str:
    return _put(web, key, "by op")


def make_member(op: Any, web: str, key: str) -> Any:
    return lambda x: op(web, f"{key}-{x}")


def r212_closures_same_code(web: str) -> list[str]:
    members = [Reader(web, "z", 150), make_member(op_read, web, "a"),
               make_member(op_write, web, "a"), make_member(op_read, web, "a")]
    return [m("c") for m in members]


class Flaky:
    """Writes on its second call, reads otherwise."""

    def __init__(self, web: str) -> None:
        self.web, self.n = web, 0

    def __call__(self, x: str) -> str:
        self.n += 1
        if self.n == 2:
            return _put(self.web, f"f1-{x}", "second call wrote")
        return _get(self.web, f"f{self.n - 1}-{x}", 100 - 30 * self.n)


def r212_stateful_writer_on_second_call(web: str) -> list[str]:
    f = Flaky(web)
    return [m("s") for m in (f, f, f)]


class Switch:
    impl: Any = op_read

    def __init__(self, web: str, key: str) -> None:
        self.web, self.key = web, key

    def generate(self, x: str) -> str:
        return type(self).impl(self.web, f"{self.key}-{x}")


def flip_switch(x: str) -> str:
    Switch.impl = op_write
    return "flipped"


def r212_class_attribute_flipped_by_member(web: str) -> list[str]:
    Switch.impl = op_read
    try:
        members = [Reader(web, "z", 150), Switch(web, "a"), flip_switch, Switch(web, "a")]
        return [m.generate("w") if isinstance(m, Switch) else m("w") for m in members]
    finally:
        Switch.impl = op_read


def become_writer(obj: Any) -> Any:
    obj.__class__ = Writer
    return obj


def r212_class_reassigned_by_member(web: str) -> list[str]:
    late = Reader(web, "a", 30)
    members = [Reader(web, "z", 150), Reader(web, "a", 60),
               lambda x: become_writer(late).key, late]
    return [m("r") for m in members]


class Replacer(Reader):
    def __init__(self, web: str, pool: list[Any]) -> None:
        super().__init__(web, "rep", 30)
        self.pool = pool

    def generate(self, x: str) -> str:
        self.pool[-1] = Writer(self.web, "a")
        return super().generate(x)


def r212_member_replaces_later_element(web: str) -> list[str]:
    members: list[Any] = [Reader(web, "z", 150)]
    members += [Replacer(web, members), Reader(web, "b", 60), Reader(web, "a", 40)]
    out = []
    for m in members:
        out.append(m.generate("e"))
    return out


def check_answer(x: str) -> str:
    raise ValueError(f"refused {x}")


def r212_validator_member_stops_writer(web: str) -> list[str]:
    members = [Reader(web, "a", 150), Reader(web, "b", 30), check_answer, Writer(web, "w")]
    return [m("v") for m in members]


CFG = {"base": ""}


# -- a member that reads, then records the answer where a later member looks (hidden ways)


class Later:
    """Reads the key the earlier member left on a shared heap."""

    def __init__(self, web: str, heap: list[str]) -> None:
        self.web, self.heap = web, heap

    def generate(self, x: str) -> str:
        return _get(self.web, f"later-{self.heap[0] if self.heap else 'none'}", 30)


class Leaver(Reader):
    def __init__(self, web: str, heap: list[str]) -> None:
        super().__init__(web, "lv", 150)
        self.heap = heap

    def generate(self, x: str) -> str:
        v = super().generate(x)
        heapq.heappush(self.heap, v)  # (a C function mutating its argument)
        return v


def r212_hidden_heappush(web: str) -> list[str]:
    heap: list[str] = []
    members = [Leaver(web, heap), Later(web, heap), Reader(web, "q", 40)]
    return [m.generate("h") for m in members]


@functools.cache
def cached_get(web: str, key: str) -> str:
    return _get(web, key, 100)


def r212_lru_cached_members(web: str) -> list[str]:
    cached_get.cache_clear()
    members = [functools.partial(cached_get, web), Reader(web, "z", 150),
               functools.partial(cached_get, web), lambda k: cached_get(web, k)]
    return [m("same") for m in members]


class Wrapping(Reader):
    def generate(self, x: str) -> str:
        try:
            return _must(self.web, f"missing-{self.key}", self.ms)
        except requests.HTTPError as exc:
            raise LookupError(f"{self.key} not found") from exc


def r212_context_of_wrapped_member_error(web: str) -> Any:
    members = [Reader(web, "a", 100), Wrapping(web, "f", 30)]
    try:
        {}["outer"]
    except KeyError:
        return [m.generate("x") for m in members]


# -- the iteration itself changed or watched


def r212_dict_of_handlers_mutated_in_loop(web: str) -> Any:
    handlers = {"a": op_read, "b": op_read}
    out = []
    try:
        for k, h in handlers.items():
            out.append(h(web, k))
            if k == "a":
                handlers["c"] = op_write
    except RuntimeError as exc:
        out.append(str(exc))
    return out


def noisy_prompts() -> Any:
    for i in range(4):
        print("prompt", i)
        yield f"p{i}"


def r212_noisy_prompts_member_fails(web: str) -> Any:
    members = [Reader(web, "a", 150), Failing(web, "f", 30), Reader(web, "b", 40),
               Reader(web, "c", 40)]
    try:
        return [m.generate(p) for m, p in zip(members, noisy_prompts())]
    except requests.HTTPError as exc:
        return f"failed {exc.response.status_code}"


def r212_noisy_prompts_members_read(web: str) -> list[str]:
    members = [Reader(web, "a", 150), Reader(web, "b", 30), Reader(web, "c", 40),
               Reader(web, "d", 40)]
    return [m.generate(p) for m, p in zip(members, noisy_prompts())]


def noisy_members(web: str) -> Any:
    for k, ms in (("a", 150), ("f", 30), ("b", 40)):
        print("member", k)
        yield Failing(web, k, ms) if k == "f" else Reader(web, k, ms)


def r212_noisy_member_generator_fails(web: str) -> Any:
    try:
        return [m.generate("n") for m in noisy_members(web)]
    except requests.HTTPError:
        return "failed"


def printed_keys() -> Any:
    for k in ("missing-x", "b"):
        print("key", k)
        yield k


def r212_min_printing_generator_failing_read(web: str) -> Any:
    return [_must(web, k) for k in printed_keys()]


def logged_members(web: str) -> Any:
    for k, ms in (("a", 150), ("f", 30), ("b", 40)):
        LOG.info("member %s", k)
        yield Failing(web, k, ms) if k == "f" else Reader(web, k, ms)


def r212_logging_member_generator_fails(web: str) -> Any:
    try:
        return [m.generate("n") for m in logged_members(web)]
    except requests.HTTPError:
        return "failed"


def written_members(web: str) -> Any:
    for k, ms in (("a", 150), ("f", 30), ("b", 40)):
        _put(web, f"made-{k}", "member made")
        yield Failing(web, k, ms) if k == "f" else Reader(web, k, ms)


def r212_writing_member_generator_fails(web: str) -> Any:
    try:
        return [m.generate("n") for m in written_members(web)]
    except requests.HTTPError:
        return "failed"


def shown(answer: str) -> str:
    print("answer", answer)
    return answer


def r212_printing_generator_printed_answers(web: str) -> list[str]:
    members = [Reader(web, "a", 150), Reader(web, "b", 30), Reader(web, "c", 40)]
    return [shown(m.generate(p)) for m, p in zip(members, noisy_prompts())]


def printed_reads() -> Any:
    for k in ("a", "b"):
        print("key", k)
        yield k


def r212_min_printing_generator_printed_answers(web: str) -> list[str]:
    return [shown(_get(web, k)) for k in printed_reads()]


def _w(fn: Any, ideal: float = 1.0, cat: str = "ensemble", **kw: Any) -> Case:
    return Case(cat, fn, args=lambda env: (env.web,), servers="web", ideal=ideal,
                setup=_reset, **kw)


ALL: list[Case] = [
    _w(r212_mixed_comprehension_read_write_read),
    _w(r212_mixed_kinds_loop, 500 / 150, overlap=3),
    _w(r212_mixed_with_writer_in_middle, 340 / 280),
    _w(r212_methodcaller),
    _w(r212_methodcaller_reads, 3.0),
    _w(r212_getattr_reads, 220 / 150, overlap=3),
    _w(r212_dict_dispatch),
    Case("ensemble", r212_dict_dispatch_swapped, drive=_swap_handler, servers="web",
         setup=_reset, ideal=450 / 210, overlap=3),
    _w(r212_sorted_then_call),
    Case("ensemble", r212_list_changed_between_calls, drive=_change_list, servers="web",
         setup=_reset, ideal=500 / 460, overlap=2),
    _w(r212_list_grows_during_loop, 270 / 180),
    _w(r212_method_replaced_on_instance),
    Case("ensemble", r212_class_by_config, args=lambda env: (env.web, "reader,writer,reader"),
         servers="web", setup=_reset),
    _w(r212_judge_over_answers, 330 / 180, overlap=2),
    _w(r212_counter_vote, 420 / 150, overlap=3),
    _w(r212_try_except_per_member, 250 / 150, overlap=3),
    _w(r212_try_except_writer_after_failure, 250 / 210, overlap=2),
    _w(r212_first_failure_raises, 250 / 150, overlap=2, speculative_reads=True),
    _w(r212_stop_early, 180 / 150),
    _w(r212_any_short_circuit, 180 / 150),
    _w(r212_shared_client_members, 350 / 190, overlap=3),
    _w(r212_genexp_stopiteration),
    _w(r212_dict_comp_duplicate_names, 250 / 210, overlap=2),
    _w(r212_ember_instances_and_http, 350 / 100),
    Case("ensemble", r212_sdk_and_http_members, servers="web api", setup=_reset,
         ideal=230 / 130, overlap=2, args=lambda env: (openai_client(env), env.web)),
    _w(r212_independent_calls_around, 360 / 240),
    _w(r212_member_retargets_later_member, 180 / 150),
    _w(r212_closures_same_code, 340 / 260, overlap=2),
    _w(r212_stateful_writer_on_second_call),
    _w(r212_class_attribute_flipped_by_member, 260 / 180),
    _w(r212_class_reassigned_by_member, 240 / 180, overlap=2),
    _w(r212_member_replaces_later_element, 270 / 180),
    _w(r212_validator_member_stops_writer, 180 / 150, overlap=2),
    _w(r212_hidden_heappush, 220 / 180),
    _w(r212_lru_cached_members, 250 / 150, overlap=2),
    _w(r212_context_of_wrapped_member_error, 130 / 100),
    _w(r212_dict_of_handlers_mutated_in_loop),
    _w(r212_noisy_prompts_member_fails, 180 / 150, speculative_reads=True),
    # (the prompts' generator prints as it yields: its items are taken as written, one
    # read at a time, since a read that fails would show the prompts after it early)
    _w(r212_noisy_prompts_members_read, 260 / 150),
    _w(r212_noisy_member_generator_fails, 180 / 150, speculative_reads=True),
    _w(r212_min_printing_generator_failing_read, speculative_reads=True),
    _w(r212_logging_member_generator_fails, 180 / 150, speculative_reads=True),
    _w(r212_writing_member_generator_fails, speculative_reads=True),
    _w(r212_printing_generator_printed_answers, 220 / 150),
    _w(r212_min_printing_generator_printed_answers, 2.0),
]

# One cause under all six: `Frame.collect` takes a comprehension's items up front (to start
# every item's read at once) by running its iterable, here a generator of the program's whose
# body prints or logs; it stops early only when a start must run in place, never for output
# the generator makes, nor for an item whose read then fails.
_AHEAD = ("the comprehension's generator is drained up front (`Frame.collect`): its "
          "print/log for later items runs ")
# Differed when written, pass since: r212_min_printing_generator_failing_read,
# r212_noisy_prompts_member_fails, r212_noisy_member_generator_fails,
# r212_logging_member_generator_fails, r212_min_printing_generator_printed_answers and
# r212_printing_generator_printed_answers: a comprehension over a generator of the user's
# that prints or logs as it yields took all its items up front (`Frame.collect`), so the
# generator's output came before the elements' (and past an element that raised). A
# comprehension whose walk acts now takes its items as written (`_moves.comprehension`).
FAILING_WHY: dict[str, str] = {}

CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
