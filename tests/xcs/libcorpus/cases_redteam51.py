"""Red-team cases (stop 51): second round on chains in loops and comprehensions.

Comprehension chains (``[judge(ask(q)) for q in qs]``, dict comprehensions of a read of a
read, ``sum``/``''.join`` of generators) whose inner or outer call fails, whose outer call
takes extra arguments from globals or from other items, filtered by ``if`` clauses on
objects of the user's or on values the element changes, nested generators, comprehensions
inside loops; loop chains whose chained arguments go through the dunders of values from
the user's helpers (``str(a)``, ``a + 'x'``, ``f'{a}'``, ``a == b``, ``hash``), user objects,
pydantic models and dataclasses from helpers; if / elif / else in loop bodies whose tests
call the user's pure functions, read globals the body changes, or compare user objects;
errors in helpers run by started calls, caught and uncaught, with ``finally`` blocks that
print or write, tracebacks inspected after, objects with ``__del__``. Sibling reads get
unequal latencies, slow first. `FAILING` holds the cases that differed under jit when
written, with `FAILING_WHY` saying why.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydantic
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam51")

KS = [("a", 150), ("b", 30), ("c", 90), ("d", 40)]


def fetch(s: requests.Session, web: str, key: str, ms: int = 30) -> dict[str, Any]:
    return s.get(f"{web}/items/{key}?ms={ms}").json()


def fetch_text(s: requests.Session, web: str, key: str, ms: int = 30) -> str:
    return s.get(f"{web}/items/{key}?ms={ms}").json()["value"]


def strict(s: requests.Session, web: str, key: str, ms: int = 30) -> str:
    r = s.get(f"{web}/items/{key}?ms={ms}")
    r.raise_for_status()
    return r.json()["value"]


def ask(client: Any, prompt: str, lat: float, model: str = "gpt") -> str:
    r = client.chat.completions.create(model=model, messages=[{"role": "user", "content": prompt}],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


def grade(client: Any, answer: str, rubric: str, lat: float = 0.03) -> str:
    return ask(client, f"Grade ({rubric}): {answer}", lat, model="judge")


# =========================================================================== comprehension failures


def comp_inner_raises_status(web: str) -> Any:
    """The inner read of item 2 is a 404 raised by raise_for_status: nothing after it."""
    keys = [("a", 150), ("missing-b", 30), ("c", 90)]
    with requests.Session() as s:
        try:
            return [fetch_text(s, web, strict(s, web, k, ms) + "-o") for k, ms in keys]
        except requests.HTTPError as e:
            return ["http", e.response.status_code]


def comp_outer_raises_status(web: str) -> Any:
    """The outer read of item 1 fails (its key made from the inner value starts 'missing')."""
    keys = [("a", 150), ("b", 30), ("c", 90)]
    with requests.Session() as s:
        try:
            return [strict(s, web, "missing-" + fetch_text(s, web, k, ms) if k == "a"
                           else fetch_text(s, web, k, ms)) for k, ms in keys]
        except requests.HTTPError as e:
            return ["outer", e.response.status_code]


def comp_outer_raises_keyerror_later(web: str) -> Any:
    """The third item's outer value lacks the key the element subscripts."""
    with requests.Session() as s:
        try:
            return [fetch(s, web, fetch_text(s, web, k, ms) + "-x")["value" if k != "c" else "v"]
                    for k, ms in KS]
        except KeyError as e:
            return ["keyerror", str(e)]


def comp_inner_fails_uncaught(web: str) -> list[str]:
    keys = [("a", 120), ("missing-q", 30), ("c", 60)]
    with requests.Session() as s:
        return [fetch_text(s, web, strict(s, web, k, ms)) for k, ms in keys]


# =========================================================================== extra arguments


SUFFIX = {"tag": "g"}


def _reset_suffix(env: Env) -> None:
    SUFFIX["tag"] = "g"


def comp_outer_global_arg(web: str) -> list[str]:
    """The outer key reads a global dict, set before the comprehension."""
    SUFFIX["tag"] = "late"
    with requests.Session() as s:
        return [fetch_text(s, web, fetch_text(s, web, k, ms) + "-" + SUFFIX["tag"])
                for k, ms in KS]


def comp_outer_uses_first_item(web: str) -> list[str]:
    """The outer key is made from the inner value and the list's first key."""
    keys = [k for k, _ in KS]
    with requests.Session() as s:
        return [fetch_text(s, web, f"{fetch_text(s, web, k, ms)}-{keys[0]}-{keys[-1]}")
                for k, ms in KS]


def comp_outer_index_arg(web: str) -> list[str]:
    with requests.Session() as s:
        return [fetch_text(s, web, fetch_text(s, web, k, ms) + f"-{i}", 30 + 10 * i)
                for i, (k, ms) in enumerate(KS)]


def comp_outer_zip_neighbour(web: str) -> list[str]:
    """The outer key takes the next item's key (zip of the list with itself shifted)."""
    with requests.Session() as s:
        return [fetch_text(s, web, fetch_text(s, web, k, ms) + "-" + nk)
                for (k, ms), (nk, _) in zip(KS, KS[1:] + KS[:1], strict=True)]


# =========================================================================== filters


@dataclass
class Topic:
    name: str
    ms: int
    active: bool

    def wanted(self) -> bool:
        print("wanted?", self.name)
        return self.active


TOPICS = [Topic("a", 150, True), Topic("b", 30, False), Topic("c", 90, True),
          Topic("d", 40, True)]


def comp_filter_user_method(web: str) -> list[str]:
    """The filter calls a method of the user's that prints."""
    with requests.Session() as s:
        return [fetch_text(s, web, fetch_text(s, web, t.name, t.ms) + "-f")
                for t in TOPICS if t.wanted()]


def comp_filter_user_attr(web: str) -> list[str]:
    with requests.Session() as s:
        return [fetch_text(s, web, fetch_text(s, web, t.name, t.ms) + "-f")
                for t in TOPICS if t.active]


class Bucket:
    """Counts what it has let through: the filter reads what the element changed."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.n = 0

    def room(self) -> bool:
        return self.n < self.cap

    def take(self, v: str) -> str:
        self.n += 1
        print("took", v)
        return v


def comp_filter_on_state_element_changes(web: str) -> list[str]:
    b = Bucket(2)
    with requests.Session() as s:
        return [b.take(fetch_text(s, web, fetch_text(s, web, k, ms) + "-b"))
                for k, ms in KS if b.room()]


def comp_filter_on_list_len(web: str) -> list[str]:
    out: list[str] = []
    with requests.Session() as s:
        got = [out.append(fetch_text(s, web, fetch_text(s, web, k, ms) + "-l")) or k
               for k, ms in KS if len(out) < 3]
    return out + got


def comp_filter_second_clause(web: str) -> list[str]:
    with requests.Session() as s:
        return [fetch_text(s, web, v + "-2") for k, ms in KS if k != "b"
                for v in [fetch_text(s, web, k, ms)] if v.endswith(("a", "d"))]


# =========================================================================== nested


def comp_nested_generators(web: str) -> int:
    with requests.Session() as s:
        inner = (fetch_text(s, web, k, ms) for k, ms in KS)
        return sum(len(fetch_text(s, web, v + "-n")) for v in inner)


def comp_join_generator_of_generator(web: str) -> str:
    with requests.Session() as s:
        firsts = (fetch(s, web, k, ms) for k, ms in KS)
        return "|".join(fetch_text(s, web, d["value"] + "-j", 40) for d in firsts)


def comp_inside_loop_with_print(web: str) -> list[list[str]]:
    rounds = [["a", "b"], ["c", "d"]]
    out = []
    with requests.Session() as s:
        for r, keys in enumerate(rounds):
            print("round", r)
            out.append([fetch_text(s, web, fetch_text(s, web, k, 120 - 60 * i) + f"-r{r}")
                        for i, k in enumerate(keys)])
            print("done", r, out[-1])
    return out


def comp_inside_loop_put_between(web: str) -> list[list[str]]:
    """Round 2's outer reads read what round 1's PUT stored."""
    out = []
    with requests.Session() as s:
        for r in range(2):
            out.append([fetch_text(s, web, fetch_text(s, web, k, ms) + "-p")
                        for k, ms in KS[:3]])
            s.put(f"{web}/items/v-a-p", data=f"round{r}")
    return out


def comp_dict_of_lists(web: str) -> dict[str, list[str]]:
    with requests.Session() as s:
        return {k: [fetch_text(s, web, fetch_text(s, web, f"{k}{j}", ms) + "-d")
                    for j in range(2)] for k, ms in KS[:3]}


# =========================================================================== dunders of user values


class Slug:
    def __init__(self, v: str) -> None:
        self.v = v

    def __str__(self) -> str:
        print("str", self.v)
        return self.v

    def __format__(self, spec: str) -> str:
        print("format", self.v)
        return self.v.upper()

    def __add__(self, other: str) -> str:
        print("add", self.v)
        return self.v + other

    def __eq__(self, other: object) -> bool:
        print("eq", self.v)
        return isinstance(other, Slug) and other.v[-1] == self.v[-1]

    def __hash__(self) -> int:
        print("hash", self.v)
        return len(self.v)


def slug_of(s: requests.Session, web: str, k: str, ms: int) -> Slug:
    return Slug(fetch_text(s, web, k, ms))


def loop_str_of_slug(web: str) -> list[str]:
    out = []
    with requests.Session() as s:
        for k, ms in KS:
            a = slug_of(s, web, k, ms)
            out.append(fetch_text(s, web, str(a) + "-s"))
    return out


def loop_add_slug(web: str) -> list[str]:
    out = []
    with requests.Session() as s:
        for k, ms in KS:
            a = slug_of(s, web, k, ms)
            nxt = a + "-x"
            out.append(fetch_text(s, web, nxt))
    return out


def loop_format_slug(web: str) -> list[str]:
    out = []
    with requests.Session() as s:
        for k, ms in KS:
            a = slug_of(s, web, k, ms)
            out.append(fetch_text(s, web, f"{a}-fmt"))
    return out


def loop_eq_slug_arg(web: str) -> list[str]:
    prev = Slug("zz-a")
    out = []
    with requests.Session() as s:
        for k, ms in KS:
            a = slug_of(s, web, k, ms)
            out.append(fetch_text(s, web, f"{k}-{a == prev}"))
    return out


def loop_hash_slug_arg(web: str) -> list[str]:
    out = []
    with requests.Session() as s:
        for k, ms in KS:
            a = slug_of(s, web, k, ms)
            out.append(fetch_text(s, web, f"{k}-h{hash(a) % 7}"))
    return out


def comp_format_slug(web: str) -> list[str]:
    with requests.Session() as s:
        return [fetch_text(s, web, f"{slug_of(s, web, k, ms)}-c") for k, ms in KS]


# =========================================================================== models from helpers


class Item(pydantic.BaseModel):
    key: str
    value: str

    @pydantic.field_validator("value")
    @classmethod
    def _shout(cls, v: str) -> str:
        print("validate", v)
        return v.upper()


def item_of(s: requests.Session, web: str, k: str, ms: int) -> Item:
    return Item.model_validate(fetch(s, web, k, ms))


def loop_pydantic_chain(web: str) -> list[str]:
    out = []
    with requests.Session() as s:
        for k, ms in KS:
            it = item_of(s, web, k, ms)
            out.append(item_of(s, web, it.value.lower() + "-m", 30).value)
    return out


def comp_pydantic_chain(web: str) -> list[str]:
    with requests.Session() as s:
        return [item_of(s, web, item_of(s, web, k, ms).value + "-c", 30).key for k, ms in KS]


@dataclass(frozen=True)
class Ref:
    key: str
    value: str

    def child(self) -> str:
        return self.value + "-ch"


def ref_of(s: requests.Session, web: str, k: str, ms: int) -> Ref:
    return Ref(**fetch(s, web, k, ms))


def loop_dataclass_method_key(web: str) -> list[str]:
    out = []
    with requests.Session() as s:
        for k, ms in KS:
            r = ref_of(s, web, k, ms)
            out.append(fetch_text(s, web, r.child()))
    return out


def loop_dataclass_eq_test(web: str) -> list[str]:
    """The branch compares two dataclass values of the user's."""
    out = []
    ref = Ref("c", "v-c")
    with requests.Session() as s:
        for k, ms in KS:
            r = ref_of(s, web, k, ms)
            if r == ref:
                print("found", k)
                out.append(fetch_text(s, web, r.value + "-hit"))
            else:
                out.append(fetch_text(s, web, r.value + "-miss"))
    return out


# =========================================================================== branches


def is_vowel(k: str) -> bool:
    return k in "aeiou"


def loop_branch_pure_helper(web: str) -> list[str]:
    out = []
    with requests.Session() as s:
        for k, ms in KS:
            v = fetch_text(s, web, k, ms)
            if is_vowel(k):
                out.append(fetch_text(s, web, v + "-vow"))
            elif k == "c":
                out.append(fetch_text(s, web, v + "-c", 60))
            else:
                print("plain", k)
                out.append(v)
    return out


MODE = {"m": "first"}


def _reset_mode(env: Env) -> None:
    MODE["m"] = "first"


def loop_branch_global_body_sets(web: str) -> list[str]:
    out = []
    with requests.Session() as s:
        for k, ms in KS:
            v = fetch_text(s, web, k, ms)
            if MODE["m"] == "first":
                MODE["m"] = "rest"
                out.append(fetch_text(s, web, v + "-first"))
            else:
                out.append(fetch_text(s, web, v + "-rest"))
    return out


LIMIT = 2


def loop_branch_global_rebound(web: str) -> list[str]:
    global LIMIT
    LIMIT = 2
    out = []
    with requests.Session() as s:
        for k, ms in KS:
            v = fetch_text(s, web, k, ms)
            if len(out) < LIMIT:
                out.append(fetch_text(s, web, v + "-in"))
            else:
                LIMIT += 1
                out.append(fetch_text(s, web, v + "-over"))
    return out


def loop_branch_user_objects(web: str) -> list[str]:
    marker = Slug("v-c")
    out = []
    with requests.Session() as s:
        for k, ms in KS:
            a = slug_of(s, web, k, ms)
            if a == marker:
                out.append(fetch_text(s, web, a.v + "-eq"))
            else:
                out.append(fetch_text(s, web, a.v + "-ne"))
    return out


# =========================================================================== errors in helpers


def fetch_logged(s: requests.Session, web: str, k: str, ms: int, path: Path) -> str:
    try:
        return strict(s, web, k, ms)
    finally:
        print("fetched", k)
        with path.open("a") as f:
            f.write(k + "\n")


def loop_helper_finally_writes(web: str, tmp: str) -> Any:
    path = Path(tmp) / "log.txt"
    out = []
    keys = [("a", 150), ("b", 30), ("missing-c", 90), ("d", 40)]
    with requests.Session() as s:
        try:
            for k, ms in keys:
                v = fetch_logged(s, web, k, ms, path)
                out.append(fetch_logged(s, web, v + "-w", 30, path))
        except requests.HTTPError as e:
            out.append(str(e.response.status_code))
    return out, path.read_text()


def comp_helper_finally_writes(web: str, tmp: str) -> Any:
    path = Path(tmp) / "log.txt"
    keys = [("a", 150), ("missing-b", 30), ("c", 90)]
    with requests.Session() as s:
        try:
            return [fetch_logged(s, web, fetch_logged(s, web, k, ms, path) + "-w", 30, path)
                    for k, ms in keys]
        except requests.HTTPError:
            return path.read_text()


def loop_helper_error_traceback(web: str) -> Any:
    keys = [("a", 120), ("missing-b", 30), ("c", 60)]
    out = []
    with requests.Session() as s:
        for k, ms in keys:
            try:
                out.append(fetch_text(s, web, strict(s, web, k, ms) + "-t"))
            except requests.HTTPError as e:
                frames = [f.name for f in traceback.extract_tb(e.__traceback__)]
                out.append(f"{k}:{'strict' in frames}:{e.response.status_code}")
    return out


class Probe:
    def __init__(self, k: str) -> None:
        self.k = k

    def __del__(self) -> None:
        print("del probe", self.k)


def probed(s: requests.Session, web: str, k: str, ms: int) -> str:
    p = Probe(k)
    v = strict(s, web, k, ms)
    del p
    return v


def loop_helper_del_on_error(web: str) -> Any:
    keys = [("a", 120), ("b", 30), ("missing-c", 60), ("d", 40)]
    out = []
    with requests.Session() as s:
        for k, ms in keys:
            try:
                v = probed(s, web, k, ms)
                out.append(fetch_text(s, web, v + "-pr"))
            except requests.HTTPError as e:
                out.append(f"err {k}")
                del e
            print("after", k)
    return out


def loop_helper_error_uncaught_finally(web: str) -> Any:
    keys = [("a", 120), ("missing-b", 30), ("c", 60)]
    out: list[str] = []
    with requests.Session() as s:
        try:
            for k, ms in keys:
                out.append(fetch_text(s, web, strict(s, web, k, ms) + "-u"))
        finally:
            print("finally", out)
            LOG.warning("got %d", len(out))


# =========================================================================== SDK


def comp_judge_with_rubric_global(client: Any) -> list[str]:
    qs = [("Why is the sky blue?", 0.15), ("2+2?", 0.03), ("A river?", 0.09)]
    rubric = RUBRIC["name"]
    return [grade(client, ask(client, q, lat), rubric)[:30] for q, lat in qs]


RUBRIC = {"name": "strict"}


def comp_judge_filtered_by_answer(client: Any) -> list[str]:
    qs = [("alpha", 0.15), ("beta", 0.03), ("gamma", 0.09)]
    return [grade(client, a, "short")[:25] for q, lat in qs
            for a in [ask(client, q, lat)] if len(a) % 2 == 0 or q == "beta"]


def loop_judge_branch_on_answer(client: Any) -> list[str]:
    qs = [("alpha", 0.15), ("beta", 0.03), ("gamma", 0.09)]
    out = []
    for q, lat in qs:
        a = ask(client, q, lat)
        if "beta" in a:
            print("beta seen")
            out.append(grade(client, a, "beta")[:25])
        else:
            out.append(grade(client, a, "other", 0.04)[:25])
    return out


# =========================================================================== inline chains (calls of the library in the body)


class Key:
    """A key of the user's: construction, str, format, add, eq and hash print."""

    def __init__(self, v: str) -> None:
        print("key", v)
        self.v = v

    def __str__(self) -> str:
        print("str", self.v)
        return self.v

    def __format__(self, spec: str) -> str:
        print("format", self.v)
        return self.v.upper()

    def __add__(self, other: str) -> str:
        print("add", self.v)
        return self.v + other

    def __eq__(self, other: object) -> bool:
        print("eq", self.v)
        return isinstance(other, Key) and other.v[-1] == self.v[-1]

    def __hash__(self) -> int:
        print("hash", self.v)
        return len(self.v)


def derive(v: str) -> str:
    print("derive", v)
    return v + "-dv"


TRAIL: list[str] = []


def _reset_trail(env: Env) -> None:
    TRAIL.clear()


def derive_noted(v: str) -> str:
    TRAIL.append(v)
    return f"{v}-{len(TRAIL)}"


def in_chain_user_ctor_str(web: str) -> list[str]:
    out = []
    with requests.Session() as s:
        for k, ms in KS:
            a = s.get(f"{web}/items/{k}?ms={ms}").json()
            nxt = str(Key(a["value"]))
            out.append(s.get(f"{web}/items/{nxt}-s?ms=30").json()["value"])
    return out


def in_chain_user_ctor_fstring(web: str) -> list[str]:
    out = []
    with requests.Session() as s:
        for k, ms in KS:
            a = Key(s.get(f"{web}/items/{k}?ms={ms}").json()["value"])
            out.append(s.get(f"{web}/items/{a}-f?ms=30").text)
    return out


def in_chain_user_add(web: str) -> list[str]:
    out = []
    with requests.Session() as s:
        for k, ms in KS:
            a = Key(s.get(f"{web}/items/{k}?ms={ms}").json()["value"])
            nxt = a + "-x"
            out.append(s.get(f"{web}/items/{nxt}?ms=30").text)
    return out


def in_chain_user_hash(web: str) -> list[str]:
    out = []
    with requests.Session() as s:
        for k, ms in KS:
            a = Key(s.get(f"{web}/items/{k}?ms={ms}").json()["value"])
            out.append(s.get(f"{web}/items/{k}-h{hash(a) % 7}?ms=30").text)
    return out


def in_chain_eq_previous(web: str) -> list[str]:
    prev = Key("zz-a")
    out = []
    with requests.Session() as s:
        for k, ms in KS:
            a = Key(s.get(f"{web}/items/{k}?ms={ms}").json()["value"])
            out.append(s.get(f"{web}/items/{k}-{a == prev}?ms=30").text)
            prev = a
    return out


def in_chain_pure_helper_prints(web: str) -> list[str]:
    out = []
    with requests.Session() as s:
        for k, ms in KS:
            a = s.get(f"{web}/items/{k}?ms={ms}").json()["value"]
            nxt = derive(a)
            out.append(s.get(f"{web}/items/{nxt}?ms=30").text)
    return out


def in_chain_helper_global_trail(web: str) -> list[str]:
    """The 'pure' step appends to a global list: its count is in the next key."""
    out = []
    with requests.Session() as s:
        for k, ms in KS:
            a = s.get(f"{web}/items/{k}?ms={ms}").json()["value"]
            out.append(s.get(f"{web}/items/{derive_noted(a)}?ms=30").text)
    return out + TRAIL


def in_comp_helper_global_trail(web: str) -> list[str]:
    with requests.Session() as s:
        got = [s.get(f"{web}/items/{derive_noted(s.get(f'{web}/items/{k}?ms={ms}').text)}"
                     "?ms=30").text for k, ms in KS]
    return got + TRAIL


def in_comp_helper_prints(web: str) -> list[str]:
    with requests.Session() as s:
        return [s.get(f"{web}/items/{derive(s.get(f'{web}/items/{k}?ms={ms}').text[-5:])}"
                      "?ms=30").text for k, ms in KS]


def in_chain_dataclass_method(web: str) -> list[str]:
    out = []
    with requests.Session() as s:
        for k, ms in KS:
            r = Ref(**s.get(f"{web}/items/{k}?ms={ms}").json())
            out.append(s.get(f"{web}/items/{r.child()}?ms=30").text)
    return out


class Loud(pydantic.BaseModel):
    key: str
    value: str

    @property
    def nxt(self) -> str:
        print("nxt of", self.key)
        return self.value + "-pm"


def in_chain_pydantic_property(web: str) -> list[str]:
    out = []
    with requests.Session() as s:
        for k, ms in KS:
            m = Loud.model_validate(s.get(f"{web}/items/{k}?ms={ms}").json())
            out.append(s.get(f"{web}/items/{m.nxt}?ms=30").text)
    return out


def in_chain_pydantic_validated(web: str) -> list[str]:
    out = []
    with requests.Session() as s:
        for k, ms in KS:
            m = Item.model_validate(s.get(f"{web}/items/{k}?ms={ms}").json())
            out.append(s.get(f"{web}/items/{m.value}-pv?ms=30").text)
    return out


# --------------------------------------------------------------------------- branches inline


def is_hot(v: str) -> bool:
    print("hot?", v)
    return v[-1] in "ac"


def in_branch_user_test_prints(web: str) -> list[str]:
    out = []
    with requests.Session() as s:
        for k, ms in KS:
            a = s.get(f"{web}/items/{k}?ms={ms}").json()["value"]
            if is_hot(a):
                out.append(s.get(f"{web}/items/{a}-hot?ms=30").text)
            elif k == "b":
                out.append(s.get(f"{web}/items/{a}-b?ms=60").text)
            else:
                out.append("cold")
    return out


SEEN: set[str] = set()


def _reset_seen(env: Env) -> None:
    SEEN.clear()


def in_branch_global_set_body_fills(web: str) -> list[str]:
    keys = [("a", 150), ("b", 30), ("a", 90), ("d", 40)]
    out = []
    with requests.Session() as s:
        for k, ms in keys:
            a = s.get(f"{web}/items/{k}?ms={ms}").json()["value"]
            if a not in SEEN:
                SEEN.add(a)
                out.append(s.get(f"{web}/items/{a}-new?ms=30").text)
            else:
                out.append(s.get(f"{web}/items/{a}-again?ms=30").text)
    return out


def in_branch_user_eq(web: str) -> list[str]:
    marker = Key("v-c")
    out = []
    with requests.Session() as s:
        for k, ms in KS:
            a = s.get(f"{web}/items/{k}?ms={ms}").json()["value"]
            if Key(a) == marker:
                out.append(s.get(f"{web}/items/{a}-eq?ms=30").text)
            else:
                out.append(s.get(f"{web}/items/{a}-ne?ms=30").text)
    return out


def in_branch_pure_fn_on_key(web: str) -> list[str]:
    """The test is a pure function of the loop's key (no read needed)."""
    out = []
    with requests.Session() as s:
        for k, ms in KS:
            if is_hot(k):
                out.append(s.get(f"{web}/items/{k}?ms={ms}").text)
            else:
                out.append(s.get(f"{web}/items/{k}-cold?ms={200 - ms}").text)
    return out


# --------------------------------------------------------------------------- comprehension filters inline


def in_comp_filter_user_method(web: str) -> list[str]:
    with requests.Session() as s:
        return [s.get(f"{web}/items/{s.get(f'{web}/items/{t.name}?ms={t.ms}').text[-6:]}"
                      "-f?ms=30").text for t in TOPICS if t.wanted()]


def in_comp_filter_on_value_test(web: str) -> list[str]:
    with requests.Session() as s:
        return [s.get(f"{web}/items/{v}-2?ms=30").text for k, ms in KS
                for v in [s.get(f"{web}/items/{k}?ms={ms}").json()["value"]] if is_hot(v)]


def in_comp_filter_bucket(web: str) -> list[str]:
    b = Bucket(2)
    with requests.Session() as s:
        return [b.take(s.get(f"{web}/items/{s.get(f'{web}/items/{k}?ms={ms}').json()['value']}"
                             "-b?ms=30").text) for k, ms in KS if b.room()]


def in_comp_outer_global_arg(web: str) -> list[str]:
    SUFFIX["tag"] = "late"
    with requests.Session() as s:
        return [s.get(f"{web}/items/{s.get(f'{web}/items/{k}?ms={ms}').json()['value']}"
                      f"-{SUFFIX['tag']}?ms=30").text for k, ms in KS]


def in_comp_outer_neighbour(web: str) -> list[str]:
    with requests.Session() as s:
        return [s.get(f"{web}/items/{s.get(f'{web}/items/{k}?ms={ms}').json()['value']}"
                      f"-{nk}?ms={nms}").text
                for (k, ms), (nk, nms) in zip(KS, KS[1:] + KS[:1], strict=True)]


def in_comp_nested_generators(web: str) -> int:
    with requests.Session() as s:
        inner = (s.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in KS)
        return sum(len(s.get(f"{web}/items/{v}-n?ms=30").text) for v in inner)


def in_comp_join_chain_user(web: str) -> str:
    with requests.Session() as s:
        return "".join(s.get(f"{web}/items/{Key(s.get(f'{web}/items/{k}?ms={ms}').text)}"
                             "?ms=30").json()["key"][-14:] for k, ms in KS)


def in_comp_inside_loop_print(web: str) -> list[list[str]]:
    out = []
    with requests.Session() as s:
        for r, keys in enumerate([["a", "b"], ["c", "d"]]):
            print("round", r)
            out.append([s.get(f"{web}/items/"
                              f"{s.get(f'{web}/items/{k}?ms={120 - 60 * i}').json()['value']}"
                              f"-r{r}?ms=30").text for i, k in enumerate(keys)])
            print("done", r)
    return out


def in_comp_inside_loop_put(web: str) -> list[list[str]]:
    out = []
    with requests.Session() as s:
        for r in range(2):
            out.append([s.get(f"{web}/items/{s.get(f'{web}/items/{k}?ms={ms}').json()['value']}"
                              "-p?ms=30").text for k, ms in KS[:3]])
            s.put(f"{web}/items/v-a-p", data=f"round{r}")
    return out


def in_comp_dict_nested(web: str) -> dict[str, list[str]]:
    with requests.Session() as s:
        return {k: [s.get(f"{web}/items/{s.get(f'{web}/items/{k}{j}?ms={ms}').json()['value']}"
                          "-d?ms=30").text for j in range(2)] for k, ms in KS[:3]}


# --------------------------------------------------------------------------- errors inline


def derive_strict(v: str, path: Path) -> str:
    try:
        if "b" in v:
            raise ValueError(f"bad {v}")
        return v + "-ok"
    finally:
        print("derived", v)
        with path.open("a") as f:
            f.write(v + "\n")


def in_chain_helper_raises_caught(web: str, tmp: str) -> Any:
    path = Path(tmp) / "d.txt"
    out = []
    with requests.Session() as s:
        for k, ms in KS:
            a = s.get(f"{web}/items/{k}?ms={ms}").json()["value"]
            try:
                nxt = derive_strict(a, path)
            except ValueError as e:
                out.append(str(e))
                continue
            out.append(s.get(f"{web}/items/{nxt}?ms=30").text)
    return out, path.read_text()


def in_chain_helper_raises_uncaught(web: str, tmp: str) -> Any:
    path = Path(tmp) / "d.txt"
    out: list[str] = []
    with requests.Session() as s:
        try:
            for k, ms in KS:
                a = s.get(f"{web}/items/{k}?ms={ms}").json()["value"]
                out.append(s.get(f"{web}/items/{derive_strict(a, path)}?ms=30").text)
        finally:
            print("finally", len(out))
    return out


def in_chain_helper_traceback(web: str, tmp: str) -> Any:
    path = Path(tmp) / "d.txt"
    with requests.Session() as s:
        try:
            return [s.get(f"{web}/items/{derive_strict(s.get(f'{web}/items/{k}?ms={ms}').text, path)}"
                          "?ms=30").text for k, ms in KS]
        except ValueError as e:
            tb = traceback.extract_tb(e.__traceback__)
            return [f.name for f in tb], str(e), path.read_text()


def derive_probe(v: str) -> str:
    p = Probe(v[-3:])
    if v.endswith("c"):
        raise LookupError(v)
    return p.k + "-pb"


def in_chain_probe_del(web: str) -> list[str]:
    out = []
    with requests.Session() as s:
        for k, ms in KS:
            a = s.get(f"{web}/items/{k}?ms={ms}").json()["value"]
            try:
                out.append(s.get(f"{web}/items/{derive_probe(a)}?ms=30").text)
            except LookupError:
                out.append("lookup " + k)
            print("after", k)
    return out


def in_comp_probe_del(web: str) -> Any:
    with requests.Session() as s:
        try:
            return [s.get(f"{web}/items/{derive_probe(s.get(f'{web}/items/{k}?ms={ms}').text)}"
                          "?ms=30").text for k, ms in KS]
        except LookupError as e:
            print("caught", e)
            return "lookup"


def in_sdk_comp_extra_args(client: Any) -> list[str]:
    qs = [("alpha", 0.15), ("beta", 0.03), ("gamma", 0.09)]
    return [client.chat.completions.create(
        model="judge", extra_body={"latency": 0.03}, messages=[{"role": "user", "content": (
            f"Grade vs {qs[0][0]} ({RUBRIC['name']}): " + client.chat.completions.create(
                model="gpt", messages=[{"role": "user", "content": q}],
                extra_body={"latency": lat}).choices[0].message.content)}]
    ).choices[0].message.content[:30] for q, lat in qs]


def in_sdk_loop_branch_user_test(client: Any) -> list[str]:
    qs = [("alpha", 0.15), ("beta", 0.03), ("gamma", 0.09)]
    out = []
    for q, lat in qs:
        a = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": q}],
                                           extra_body={"latency": lat}).choices[0].message.content
        if is_hot(a[:12]):
            out.append(client.chat.completions.create(
                model="judge", messages=[{"role": "user", "content": "hot " + a}],
                extra_body={"latency": 0.03}).choices[0].message.content[:25])
        else:
            out.append(client.chat.completions.create(
                model="judge", messages=[{"role": "user", "content": "cold " + a}],
                extra_body={"latency": 0.04}).choices[0].message.content[:25])
    return out


# --------------------------------------------------------------------------- filters the element changes


def in_comp_filter_list_len(web: str) -> list[str]:
    """The filter reads a list the element appends to."""
    got: list[str] = []
    with requests.Session() as s:
        [got.append(s.get(f"{web}/items/{s.get(f'{web}/items/{k}?ms={ms}').json()['value']}"
                          "-l?ms=30").text) for k, ms in KS if len(got) < 2]
    return got


def in_comp_filter_bucket_single(web: str) -> list[str]:
    """One read per element (no chain): the filter reads what the element changed."""
    b = Bucket(2)
    with requests.Session() as s:
        return [b.take(s.get(f"{web}/items/{k}?ms={ms}").text) for k, ms in KS if b.room()]


BUDGET = {"left": 2}


def _reset_budget(env: Env) -> None:
    BUDGET["left"] = 2


def spend(v: str) -> str:
    BUDGET["left"] -= 1
    return v


def in_comp_filter_global_budget(web: str) -> list[str]:
    with requests.Session() as s:
        return [spend(s.get(f"{web}/items/{s.get(f'{web}/items/{k}?ms={ms}').json()['value']}"
                            "-g?ms=30").text) for k, ms in KS if BUDGET["left"] > 0]


def in_gen_sum_filter_bucket(web: str) -> int:
    b = Bucket(2)
    with requests.Session() as s:
        return sum(len(b.take(s.get(f"{web}/items/{s.get(f'{web}/items/{k}?ms={ms}').json()['value']}"
                                    "-sg?ms=30").text)) for k, ms in KS if b.room())


def in_dict_comp_filter_bucket(web: str) -> dict[str, str]:
    b = Bucket(3)
    with requests.Session() as s:
        return {k: b.take(s.get(f"{web}/items/{s.get(f'{web}/items/{k}?ms={ms}').json()['value']}"
                                "-dk?ms=30").text) for k, ms in KS if b.room()}


def in_loop_if_bucket(web: str) -> list[str]:
    """The same as a loop: `if b.room():` around the chain, the body takes."""
    b = Bucket(2)
    out = []
    with requests.Session() as s:
        for k, ms in KS:
            if b.room():
                a = s.get(f"{web}/items/{k}?ms={ms}").json()["value"]
                out.append(b.take(s.get(f"{web}/items/{a}-lb?ms=30").text))
    return out


def in_comp_filter_method_no_state(web: str) -> list[str]:
    """Control: a filter method of the user's that reads only the item."""
    with requests.Session() as s:
        return [s.get(f"{web}/items/{s.get(f'{web}/items/{t.name}?ms={t.ms}').json()['value']}"
                      "-nm?ms=30").text for t in TOPICS if t.active]


def in_comp_filter_set_seen(web: str) -> list[str]:
    """The filter reads a set the element adds to (a duplicate key is skipped)."""
    seen: set[str] = set()
    keys = [("a", 150), ("b", 30), ("a", 90), ("d", 40)]
    with requests.Session() as s:
        return [seen.add(k) or s.get(f"{web}/items/{k}?ms={ms}").text
                for k, ms in keys if k not in seen]


def in_comp_filter_walrus_count(web: str) -> list[str]:
    n = 0
    with requests.Session() as s:
        return [s.get(f"{web}/items/{k}-{(n := n + 1)}?ms={ms}").text
                for k, ms in KS if n < 2]


# --------------------------------------------------------------------------- generators consumed in part


def in_gen_any_short_circuit(web: str) -> bool:
    """any() stops at item b: plain never reads c and d."""
    with requests.Session() as s:
        return any(s.get(f"{web}/items/{s.get(f'{web}/items/{k}?ms={ms}').json()['value']}"
                         "?ms=30").json()["value"] == "v-v-b" for k, ms in KS)


def in_gen_next_first_match(web: str) -> str:
    with requests.Session() as s:
        return next(v for k, ms in KS
                    if (v := s.get(f"{web}/items/{k}?ms={ms}").json()["value"]).endswith("b"))


def in_gen_zip_shorter(web: str) -> list[tuple[str, str]]:
    """zip with a list of two: the generator's third item is never asked for."""
    with requests.Session() as s:
        gen = (s.get(f"{web}/items/{s.get(f'{web}/items/{k}?ms={ms}').json()['value']}"
                     "-z?ms=30").text for k, ms in KS)
        return list(zip(["first", "second"], gen, strict=False))


def in_gen_islice(web: str) -> list[str]:
    import itertools
    with requests.Session() as s:
        gen = (s.get(f"{web}/items/{s.get(f'{web}/items/{k}?ms={ms}').json()['value']}"
                     "-i?ms=30").text for k, ms in KS)
        return list(itertools.islice(gen, 2))


def in_gen_loop_break(web: str) -> list[str]:
    out = []
    with requests.Session() as s:
        gen = (s.get(f"{web}/items/{s.get(f'{web}/items/{k}?ms={ms}').json()['value']}"
                     "-lb?ms=30").json()["value"] for k, ms in KS)
        for v in gen:
            out.append(v)
            if "b" in v:
                break
    return out


def in_gen_all_short_circuit_print(web: str) -> bool:
    with requests.Session() as s:
        ok = all(s.get(f"{web}/items/{k}?ms={ms}").json()["value"] != "v-b" for k, ms in KS)
    print("all:", ok)
    return ok


# --------------------------------------------------------------------------- more filters


def in_comp_filter_not_in_list(web: str) -> list[str]:
    got: list[str] = []
    keys = [("a", 150), ("b", 30), ("a", 90), ("d", 40)]
    with requests.Session() as s:
        return [got.append(k) or s.get(f"{web}/items/{k}-nl?ms={ms}").text
                for k, ms in keys if k not in got]


@dataclass
class Task:
    name: str
    ms: int
    done: bool = False


def finish(t: Task, text: str) -> str:
    t.done = True
    return text


def in_comp_filter_attr_element_sets(web: str) -> list[str]:
    """The same task object twice in the list: the element marks it done, the filter skips."""
    a, b = Task("a", 150), Task("b", 30)
    tasks = [a, b, a, Task("d", 40)]
    with requests.Session() as s:
        return [finish(t, s.get(f"{web}/items/{t.name}-t?ms={t.ms}").text)
                for t in tasks if not t.done]


def in_comp_nested_filter_bucket(web: str) -> list[list[str]]:
    b = Bucket(3)
    with requests.Session() as s:
        return [[b.take(s.get(f"{web}/items/{k}{j}?ms={ms}").text) for j in range(2) if b.room()]
                for k, ms in KS[:3]]


def in_loop_continue_len(web: str) -> list[str]:
    out: list[str] = []
    with requests.Session() as s:
        for k, ms in KS:
            if len(out) >= 2:
                continue
            a = s.get(f"{web}/items/{k}?ms={ms}").json()["value"]
            out.append(s.get(f"{web}/items/{a}-cl?ms=30").text)
    return out


def in_loop_if_len_plain_list(web: str) -> list[str]:
    out: list[str] = []
    with requests.Session() as s:
        for k, ms in KS:
            if len(out) < 2:
                out.append(s.get(f"{web}/items/{k}-pl?ms={ms}").text)
    return out


def keep(got: list[str], text: str) -> str:
    got.append(text)
    return text


def in_comp_filter_len_helper_appends(web: str) -> list[str]:
    got: list[str] = []
    with requests.Session() as s:
        return [keep(got, s.get(f"{web}/items/{k}-ha?ms={ms}").text) for k, ms in KS
                if len(got) < 2]


def in_comp_filter_len_single_read(web: str) -> list[str]:
    got: list[str] = []
    with requests.Session() as s:
        [got.append(s.get(f"{web}/items/{k}-sr?ms={ms}").text) for k, ms in KS if len(got) < 2]
    return got


def in_set_comp_filter_bucket(web: str) -> list[str]:
    b = Bucket(2)
    with requests.Session() as s:
        return sorted({b.take(s.get(f"{web}/items/{k}-set?ms={ms}").json()["value"])
                       for k, ms in KS if b.room()})


def in_comp_filter_bucket_sdk(client: Any) -> list[str]:
    b = Bucket(1)
    qs = [("alpha", 0.15), ("beta", 0.03), ("gamma", 0.09)]
    return [b.take(client.chat.completions.create(
        model="gpt", messages=[{"role": "user", "content": q}], extra_body={"latency": lat}
    ).choices[0].message.content[:20]) for q, lat in qs if b.room()]


# --------------------------------------------------------------------------- iterables the body changes


def in_loop_queue_appended(web: str) -> list[str]:
    """A crawler: the body appends to the list it walks (bounded by its length)."""
    queue = ["a", "b"]
    out = []
    with requests.Session() as s:
        for k in queue:
            v = s.get(f"{web}/items/{k}?ms={150 if k == 'a' else 30}").json()["value"]
            out.append(v)
            if len(queue) < 5:
                queue.append(v)
    return out


def in_comp_queue_appended(web: str) -> list[str]:
    queue = ["a", "b"]
    with requests.Session() as s:
        return [s.get(f"{web}/items/{k}?ms={150 - 20 * len(queue)}").json()["value"]
                + str(len(queue) < 5 and queue.append(k + "x")) for k in queue]


def in_loop_dict_values_updated(web: str) -> list[str]:
    """The body updates a later key's value; the later item sees it (no size change)."""
    d = {"a": 150, "b": 30, "c": 90, "d": 40}
    out = []
    with requests.Session() as s:
        for k, ms in d.items():
            v = s.get(f"{web}/items/{k}?ms={ms}").json()["value"]
            out.append(s.get(f"{web}/items/{v}-dv?ms={ms}").text)
            if k == "a":
                d["c"] = 31
    return out


def in_loop_dict_grows_raises(web: str) -> Any:
    d = {"a": 150, "b": 30, "c": 90}
    out = []
    with requests.Session() as s:
        try:
            for k, ms in d.items():
                out.append(s.get(f"{web}/items/{k}?ms={ms}").text)
                if k == "b":
                    d["z"] = 30
        except RuntimeError as e:
            return ["runtime", str(e), out]
    return out


def in_loop_list_popped(web: str) -> list[str]:
    ks = ["a", "b", "c", "d", "e"]
    out = []
    with requests.Session() as s:
        for k in ks:
            v = s.get(f"{web}/items/{k}?ms={150 if k == 'a' else 40}").json()["value"]
            out.append(s.get(f"{web}/items/{v}-pp?ms=30").text)
            if k == "a":
                ks.pop()
    return out


def gen_keys_from(cfg: dict[str, int]) -> Any:
    for k in ["a", "b", "c", "d"]:
        yield k, cfg["ms"]


def in_loop_user_generator_reads_cfg(web: str) -> list[str]:
    """The user's generator reads a dict the body changes: later items take the new ms."""
    cfg = {"ms": 150}
    out = []
    with requests.Session() as s:
        for k, ms in gen_keys_from(cfg):
            v = s.get(f"{web}/items/{k}?ms={ms}").json()["value"]
            out.append(s.get(f"{web}/items/{v}-{ms}?ms=30").text)
            cfg["ms"] = 30
    return out


def in_comp_setdefault_cache(web: str) -> dict[str, str]:
    """A dedup cache: a key seen before is not read again."""
    cache: dict[str, str] = {}
    keys = [("a", 150), ("b", 30), ("a", 90), ("b", 40), ("c", 30)]
    with requests.Session() as s:
        [cache.setdefault(k, s.get(f"{web}/items/{k}-sd?ms={ms}").text) for k, ms in keys
         if k not in cache]
    return cache


def in_comp_filter_set_after_read(web: str) -> list[str]:
    """The element adds to the set after its read (the read is the add's argument)."""
    seen: set[str] = set()
    keys = [("a", 150), ("b", 30), ("a", 90), ("d", 40)]
    with requests.Session() as s:
        return [k for k, ms in keys if k not in seen
                and not seen.add(s.get(f"{web}/items/{k}-sa?ms={ms}").json()["key"][0])]


def in_comp_filter_walrus_after_read(web: str) -> list[str]:
    total = 0
    with requests.Session() as s:
        return [(total := total + len(s.get(f"{web}/items/{k}-w?ms={ms}").text))
                for k, ms in KS if total < 60]


# =========================================================================== the list


def _web(fn: Any, **kw: Any) -> Case:
    return Case(kw.pop("cat", "http"), fn, args=lambda env: (env.web,), servers="web", **kw)


def _web_tmp(fn: Any, **kw: Any) -> Case:
    return Case(kw.pop("cat", "files"), fn, args=lambda env: (env.web, str(env.tmp)),
                servers="web", **kw)


def _sdk(fn: Any, **kw: Any) -> Case:
    return Case(kw.pop("cat", "sdk"), fn, args=lambda env: (openai_client(env),),
                servers="api", **kw)


ALL: list[Case] = [
    _web(comp_inner_raises_status, cat="validation"),
    _web(comp_outer_raises_status, cat="validation"),
    _web(comp_outer_raises_keyerror_later, cat="validation"),
    _web(comp_inner_fails_uncaught, cat="validation"),
    _web(comp_outer_global_arg, cat="state", setup=_reset_suffix),
    _web(comp_outer_uses_first_item, cat="fanout"),
    _web(comp_outer_index_arg, cat="fanout"),
    _web(comp_outer_zip_neighbour, cat="fanout"),
    _web(comp_filter_user_method, cat="helpers"),
    _web(comp_filter_user_attr, cat="helpers"),
    _web(comp_filter_on_state_element_changes, cat="state"),
    _web(comp_filter_on_list_len, cat="state"),
    _web(comp_filter_second_clause, cat="fanout"),
    _web(comp_nested_generators, cat="fanout"),
    _web(comp_join_generator_of_generator, cat="fanout"),
    _web(comp_inside_loop_with_print, cat="fanout"),
    _web(comp_inside_loop_put_between, cat="state"),
    _web(comp_dict_of_lists, cat="fanout"),
    _web(loop_str_of_slug, cat="helpers"),
    _web(loop_add_slug, cat="helpers"),
    _web(loop_format_slug, cat="helpers"),
    _web(loop_eq_slug_arg, cat="helpers"),
    _web(loop_hash_slug_arg, cat="helpers"),
    _web(comp_format_slug, cat="helpers"),
    _web(loop_pydantic_chain, cat="helpers"),
    _web(comp_pydantic_chain, cat="helpers"),
    _web(loop_dataclass_method_key, cat="helpers"),
    _web(loop_dataclass_eq_test, cat="where"),
    _web(loop_branch_pure_helper, cat="where"),
    _web(loop_branch_global_body_sets, cat="where", setup=_reset_mode),
    _web(loop_branch_global_rebound, cat="where"),
    _web(loop_branch_user_objects, cat="where"),
    _web_tmp(loop_helper_finally_writes, cat="validation"),
    _web_tmp(comp_helper_finally_writes, cat="validation"),
    _web(loop_helper_error_traceback, cat="validation"),
    _web(loop_helper_del_on_error, cat="validation"),
    _web(loop_helper_error_uncaught_finally, cat="validation"),
    _sdk(comp_judge_with_rubric_global, cat="ensemble"),
    _sdk(comp_judge_filtered_by_answer, cat="ensemble"),
    _sdk(loop_judge_branch_on_answer, cat="ensemble"),
    _web(in_chain_user_ctor_str, cat="helpers"),
    _web(in_chain_user_ctor_fstring, cat="helpers"),
    _web(in_chain_user_add, cat="helpers"),
    _web(in_chain_user_hash, cat="helpers"),
    _web(in_chain_eq_previous, cat="helpers"),
    _web(in_chain_pure_helper_prints, cat="helpers"),
    _web(in_chain_helper_global_trail, cat="state", setup=_reset_trail),
    _web(in_comp_helper_global_trail, cat="state", setup=_reset_trail),
    _web(in_comp_helper_prints, cat="helpers"),
    _web(in_chain_dataclass_method, cat="helpers"),
    _web(in_chain_pydantic_property, cat="helpers"),
    _web(in_chain_pydantic_validated, cat="helpers"),
    _web(in_branch_user_test_prints, cat="where"),
    _web(in_branch_global_set_body_fills, cat="where", setup=_reset_seen),
    _web(in_branch_user_eq, cat="where"),
    _web(in_branch_pure_fn_on_key, cat="where"),
    _web(in_comp_filter_user_method, cat="helpers"),
    _web(in_comp_filter_on_value_test, cat="fanout"),
    _web(in_comp_filter_bucket, cat="state"),
    _web(in_comp_outer_global_arg, cat="state", setup=_reset_suffix),
    _web(in_comp_outer_neighbour, cat="fanout"),
    _web(in_comp_nested_generators, cat="fanout"),
    _web(in_comp_join_chain_user, cat="helpers"),
    _web(in_comp_inside_loop_print, cat="fanout"),
    _web(in_comp_inside_loop_put, cat="state"),
    _web(in_comp_dict_nested, cat="fanout"),
    _web_tmp(in_chain_helper_raises_caught, cat="validation"),
    _web_tmp(in_chain_helper_raises_uncaught, cat="validation"),
    _web_tmp(in_chain_helper_traceback, cat="validation"),
    _web(in_chain_probe_del, cat="validation"),
    _web(in_comp_probe_del, cat="validation"),
    _sdk(in_sdk_comp_extra_args, cat="ensemble"),
    _sdk(in_sdk_loop_branch_user_test, cat="ensemble"),

    _web(in_comp_filter_list_len, cat="state"),
    _web(in_comp_filter_bucket_single, cat="state"),
    _web(in_comp_filter_global_budget, cat="state", setup=_reset_budget),
    _web(in_gen_sum_filter_bucket, cat="state"),
    _web(in_dict_comp_filter_bucket, cat="state"),
    _web(in_loop_if_bucket, cat="state"),
    _web(in_comp_filter_method_no_state, cat="helpers"),
    _web(in_comp_filter_set_seen, cat="state"),
    _web(in_comp_filter_walrus_count, cat="state"),

    _web(in_gen_any_short_circuit, cat="where"),
    _web(in_gen_next_first_match, cat="where"),
    _web(in_gen_zip_shorter, cat="where"),
    _web(in_gen_islice, cat="where"),
    _web(in_gen_loop_break, cat="where"),
    _web(in_gen_all_short_circuit_print, cat="where"),
    _web(in_comp_filter_not_in_list, cat="state"),
    _web(in_comp_filter_attr_element_sets, cat="state"),
    _web(in_comp_nested_filter_bucket, cat="state"),
    _web(in_loop_continue_len, cat="where"),
    _web(in_loop_if_len_plain_list, cat="where"),

    _web(in_comp_filter_len_helper_appends, cat="state"),
    _web(in_comp_filter_len_single_read, cat="state"),
    _web(in_set_comp_filter_bucket, cat="state"),
    _sdk(in_comp_filter_bucket_sdk, cat="ensemble"),

    _web(in_loop_queue_appended, cat="state"),
    _web(in_comp_queue_appended, cat="state"),
    _web(in_loop_dict_values_updated, cat="state"),
    _web(in_loop_dict_grows_raises, cat="validation"),
    _web(in_loop_list_popped, cat="state"),
    _web(in_loop_user_generator_reads_cfg, cat="state"),

    _web(in_comp_setdefault_cache, cat="state"),
    _web(in_comp_filter_set_after_read, cat="state"),
    _web(in_comp_filter_walrus_after_read, cat="state"),
]

# Smallest: `b = Bucket(2); [b.take(s.get(f"/items/{k}").text) for k in ks if b.room()]`
# (`room()` is `self.n < self.cap`, `take()` does `self.n += 1`) gives 4 items, not 2, under
# jit: the `if` clause is run for every item before any element, though the element changes
# what it reads.
_FILTER = (
    "value: {} vs plain {}; extra GETs {}: the comprehension's `if` clause ({}) is evaluated "
    "for every item ahead of the elements and the reads of all passing items start, but the "
    "element changes what the clause reads ({}): plain stops taking after the budget")

# What differed under jit when written, fixed since (the cases are in CASES now): a
# comprehension whose element changes what its filters read takes its items as written
# (`Moves.comprehension`), and a function of yours that prints may still change its object
# and its arguments (`_stmt`: only print and logging themselves change neither).
FIXED_WHY: dict[str, str] = {
    "in_comp_filter_bucket": _FILTER.format(
        "4 items", "2", "/items/c, /items/d, /items/v-c-b, /items/v-d-b", "`if b.room()`",
        "b.take() bumps b.n; chained read of a read"),
    "in_comp_filter_bucket_single": _FILTER.format(
        "4 items", "2", "/items/c, /items/d", "`if b.room()`",
        "b.take() bumps b.n; one read per element, no chain needed"),
    "in_comp_filter_list_len": _FILTER.format(
        "4 items", "2", "/items/c, /items/d and their chained reads", "`if len(got) < 2`",
        "the element does got.append(...): a plain list, not even a user object"),
    "in_gen_sum_filter_bucket": _FILTER.format(
        "152", "76", "/items/c, /items/d and their chained reads", "`if b.room()` in sum(gen)",
        "b.take() in the generator's element"),
    "in_dict_comp_filter_bucket": _FILTER.format(
        "keys a-d", "a-c", "/items/d, /items/v-d-dk", "`if b.room()` in a dict comprehension",
        "b.take() in the value"),
    "in_comp_nested_filter_bucket": _FILTER.format(
        "value[1] 2 items", "1", "/items/b1", "the inner comprehension's `if b.room()`",
        "b.take() in the inner element; the outer has no filter"),
    "in_comp_filter_len_single_read": _FILTER.format(
        "4 items", "2", "/items/c-sr, /items/d-sr", "`if len(got) < 2`",
        "got.append(s.get(...).text) in the element, one read each; the same with a helper "
        "`keep(got, ...)` doing the append stays in order (in_comp_filter_len_helper_appends)"),
    "in_set_comp_filter_bucket": _FILTER.format(
        "4 items", "2", "/items/c-set, /items/d-set", "`if b.room()` in a set comprehension",
        "b.take()"),
    "in_comp_filter_bucket_sdk": _FILTER.format(
        "3 items", "1", "2 extra POST /v1/chat/completions (paid calls)", "`if b.room()`",
        "b.take() of the OpenAI answer, Bucket(1)"),
    "in_comp_setdefault_cache": (
        "web: extra GET /items/a-sd?ms=90 and /items/b-sd?ms=40 (value same): a dedup cache "
        "`[cache.setdefault(k, s.get(k).text) for k in keys if k not in cache]`; the `if` "
        "clause is run for all five items before any element, so the repeated keys are read "
        "again (the filter reads the dict the element's setdefault fills)"),
}

FAILING_WHY: dict[str, str] = {
}

CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
