"""What a loop walks gives its items a type: the pieces of a str (``for ln in
text.splitlines()``), a CSV reader's rows, the pairs of a JSON list (``for name, ms in
conf["items"]``). Methods called on the items then have rules, and a loop whose body stores
into them or calls their methods still starts its reads for every item; an item that is not
plain data (a `DictReader`'s ``restval`` of the user's) keeps the loop as written. A helper
handed a client as a global or as a parameter's default is decided when it starts, as one
handed it as an argument is."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
import requests
import requests.adapters

from ember import xcs
from ember.xcs._analysis import analyse
from tests.xcs._items_server import Items

SESSION = requests.Session()


def last_lines(base: str) -> dict[str, str]:
    found = {}
    for key, ms in (("news", 150), ("sport", 50), ("weather", 90)):
        r = requests.get(f"{base}/{key}?ms={ms}")
        lines = [ln for ln in r.text.splitlines() if ln.strip()]
        found[key] = lines[-1].upper()
    return found


def test_a_comprehension_over_split_text_keeps_the_loop_overlapping(web: str) -> None:
    plain = last_lines(web)
    assert Items.peak == 1
    Items.reset()
    assert xcs.jit(last_lines)(web) == plain == {"news": "V-NEWS", "sport": "V-SPORT",
                                                  "weather": "V-WEATHER"}
    assert Items.peak == 3


def enrich_csv(base: str, folder: str) -> list[dict[str, Any]]:
    with open(Path(folder) / "in.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row["value"] = requests.get(f"{base}/{row['key']}?ms={row['ms']}").text
    print("enriched", len(rows))
    return rows


def _write_csv(folder: Path) -> None:
    (folder / "in.csv").write_text("key,ms\nk1,150\nk2,50\nk3,90\n")


def test_csv_rows_are_data_the_loop_stores_into(web: str, tmp_path: Path,
                                                capsys: Any) -> None:
    _write_csv(tmp_path)
    plain = enrich_csv(web, str(tmp_path))
    assert Items.peak == 1
    Items.reset()
    assert xcs.jit(enrich_csv)(web, str(tmp_path)) == plain
    assert [r["value"] for r in plain] == ["v-k1", "v-k2", "v-k3"]
    assert Items.peak == 3
    assert capsys.readouterr().out == "enriched 3\nenriched 3\n"


def enrich_and_write(base: str, folder: str) -> str:
    with open(Path(folder) / "in.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row["value"] = requests.get(f"{base}/{row['key']}?ms={row['ms']}").text
        row.setdefault("seen", "yes")
    with open(Path(folder) / "out.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["key", "value", "seen"], extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    with open(Path(folder) / "out.json", "w") as f:
        json.dump(rows, f)
    return (Path(folder) / "out.csv").read_text() + (Path(folder) / "out.json").read_text()


def test_rows_handed_to_a_csv_writer_and_json_dump_stay_data(web: str, tmp_path: Path) -> None:
    """A CSV writer's ``writerows`` and ``json.dump`` only read the rows: they stay data, and
    storing a str key of a row (``row["value"] = ...``, ``setdefault``) changes a dict, never
    the list the loop walks."""
    _write_csv(tmp_path)
    plain = enrich_and_write(web, str(tmp_path))
    assert Items.peak == 1
    Items.reset()
    assert xcs.jit(enrich_and_write)(web, str(tmp_path)) == plain
    assert plain.startswith("key,value,seen\nk1,v-k1,yes\n")
    assert Items.peak == 3


class Hooked(json.JSONEncoder):
    """An encoder of the user's: ``json.dump(rows, f, cls=Hooked)`` runs its code."""


def enrich_and_dump_hooked(base: str, folder: str) -> list[dict[str, Any]]:
    with open(Path(folder) / "in.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row["value"] = requests.get(f"{base}/{row['key']}?ms={row['ms']}").text
    with open(Path(folder) / "out.json", "w") as f:
        json.dump(rows, f, cls=Hooked)
    return rows


def test_rows_handed_to_json_dump_with_a_hook_of_the_users_are_not_data(web: str,
                                                                         tmp_path: Path) -> None:
    _write_csv(tmp_path)
    plain = enrich_and_dump_hooked(web, str(tmp_path))
    Items.reset()
    jitted = xcs.jit(enrich_and_dump_hooked)
    assert jitted(web, str(tmp_path)) == plain
    assert "rows" not in analyse(enrich_and_dump_hooked, {}).types


class Filler:
    """A ``restval`` of the user's: rows short of a field hold it, and its method runs."""

    def upper(self) -> str:
        SEEN.append("filler")
        return "-"


SEEN: list[str] = []


def short_rows(base: str, folder: str) -> list[str]:
    out = []
    with open(Path(folder) / "short.csv", newline="") as f:
        rows = list(csv.DictReader(f, restval=Filler()))
    for row in rows:
        out.append(row["note"].upper() + requests.get(f"{base}/{row['key']}?ms=60").text)
        SEEN.append(row["key"])
    return out


def test_a_dict_reader_filling_rows_with_a_users_object_keeps_its_loop(
        web: str, tmp_path: Path) -> None:
    (tmp_path / "short.csv").write_text("key,note\nk1\nk2,hi\n")
    plain = short_rows(web, str(tmp_path))
    seen, SEEN[:] = list(SEEN), []
    Items.reset()
    assert xcs.jit(short_rows)(web, str(tmp_path)) == plain == ["-v-k1", "HIv-k2"]
    assert SEEN == seen == ["filler", "k1", "k2"]
    assert Items.peak == 1


def report(base: str, folder: str) -> int:
    conf = json.loads((Path(folder) / "conf.json").read_text())
    lines = [conf["title"]]
    for name, ms in conf["items"]:
        lines.append(f"{name}\t{requests.get(f'{base}/{name}?ms={ms}').text}")
    (Path(folder) / "report.txt").write_text("\n".join(lines) + "\n")
    return len(lines)


def test_pairs_of_a_json_list_and_a_report_list_built_beside_them(web: str,
                                                                  tmp_path: Path) -> None:
    (tmp_path / "conf.json").write_text(json.dumps(
        {"title": "T", "items": [["a", 150], ["b", 50], ["c", 90]]}))
    assert report(web, str(tmp_path)) == 4
    plain = (tmp_path / "report.txt").read_text()
    Items.reset()
    assert xcs.jit(report)(web, str(tmp_path)) == 4
    assert (tmp_path / "report.txt").read_text() == plain == "T\na\tv-a\nb\tv-b\nc\tv-c\n"
    assert Items.peak == 3


def value(base: str, key: str, ms: int = 50, session: requests.Session = SESSION) -> str:
    return session.get(f"{base}/{key}?ms={ms}").text


def by_default_session(base: str) -> str:
    slow = value(base, "slow", 150)
    fast = value(base, "fast")
    return f"{slow}/{fast}"


def by_global_session(base: str) -> str:
    slow = SESSION.get(f"{base}/slow?ms=150").text
    fast = fetch_with(SESSION, base, "fast")
    return f"{slow}/{fast}"


def fetch_with(s: requests.Session, base: str, key: str) -> str:
    return s.get(f"{base}/{key}?ms=50").text


def test_a_helper_with_a_session_as_its_default_overlaps(web: str) -> None:
    plain = by_default_session(web)
    Items.reset()
    assert xcs.jit(by_default_session)(web) == plain == "v-slow/v-fast"
    assert Items.peak == 2


def test_a_helper_handed_a_global_session_overlaps(web: str) -> None:
    plain = by_global_session(web)
    Items.reset()
    assert xcs.jit(by_global_session)(web) == plain == "v-slow/v-fast"
    assert Items.peak == 2


class Tagging(requests.adapters.HTTPAdapter):
    """An adapter of the user's: it records each request as it sends it."""

    def send(self, request: Any, **kwargs: Any) -> Any:
        SENT.append(request.url.rsplit("/", 1)[-1].split("?")[0])
        return super().send(request, **kwargs)


SENT: list[str] = []
TAGGED = requests.Session()
TAGGED.mount("http://", Tagging())


def tagged_value(base: str, key: str, ms: int = 50, session: Any = TAGGED) -> str:
    return session.get(f"{base}/{key}?ms={ms}").text


def by_tagged_default(base: str) -> str:
    slow = tagged_value(base, "slow", 150)
    SENT.append("between")
    fast = tagged_value(base, "fast")
    return f"{slow}/{fast}"


def test_a_default_session_with_an_adapter_of_the_users_keeps_its_place(web: str) -> None:
    plain = by_tagged_default(web)
    sent, SENT[:] = list(SENT), []
    Items.reset()
    assert xcs.jit(by_tagged_default)(web) == plain
    assert SENT == sent == ["slow", "between", "fast"]
    assert Items.peak == 1


def bump_the_key(base: str) -> list[str]:
    row = json.loads('{"key": "a", "ms": 90}')
    rows = [row, row]  # (one dict, walked twice)
    out = []
    for r in rows:
        out.append(requests.get(f"{base}/{r['key']}?ms={r['ms']}").text)
        r["key"] = r["key"] + "x"  # (the key the next item's GET reads)
    return out


def mark_the_row(base: str) -> list[str]:
    row = json.loads('{"key": "a", "ms": 90}')
    rows = [row, row]
    out = []
    for r in rows:
        out.append(requests.get(f"{base}/{r['key']}?ms={r['ms']}").text)
        r["seen"] = "yes"  # (a key no GET reads)
    return out


def test_a_store_to_the_key_the_next_items_call_reads_keeps_the_loop(web: str) -> None:
    plain = bump_the_key(web)
    Items.reset()
    assert xcs.jit(bump_the_key)(web) == plain == ["v-a", "v-ax"]
    assert Items.order == ["a", "ax"]
    assert Items.peak == 1


def test_a_store_to_another_key_lets_the_items_calls_overlap(web: str) -> None:
    plain = mark_the_row(web)
    Items.reset()
    assert xcs.jit(mark_the_row)(web) == plain == ["v-a", "v-a"]
    assert Items.peak == 2


# A dataset written as a literal, walked through `enumerate`, `zip` or a dict's `items`: the
# items unpack to the types of its constants, so ``key.title()`` has a rule and the loop,
# printing as it goes, still starts every item's read before the first iteration.
def graded_by_enumerate(base: str) -> int:
    dataset = [("news", "V-NEWS", 150), ("sport", "nope", 50), ("weather", "V-WEATHER", 90)]
    correct = 0
    for i, (key, expected, ms) in enumerate(dataset, 1):
        answer = requests.get(f"{base}/{key}?ms={ms}").text
        ok = answer.upper() == expected
        correct += ok
        print(f"[{i}/{len(dataset)}] {key.title()} {'PASS' if ok else 'FAIL'}")
    return correct


def graded_by_zip(base: str) -> list[str]:
    keys = ["news", "sport", "weather"]
    waits = (150, 50, 90)
    return [f"{key.title()}: {requests.get(f'{base}/{key}?ms={ms}').text.upper()}"
            for key, ms in zip(keys, waits)]  # noqa: B905 - as people write it


def graded_by_items(base: str) -> list[str]:
    waits = {"news": 150, "sport": 50, "weather": 90}
    out = []
    for key, ms in waits.items():
        out.append(requests.get(f"{base}/{key}?ms={ms}").text)
        print(key.title(), len(out))
    return out


@pytest.mark.parametrize("fn", [graded_by_enumerate, graded_by_zip, graded_by_items])
def test_a_literal_dataset_walked_through_enumerate_zip_or_items_overlaps(
        web: str, fn: Any, capsys: pytest.CaptureFixture[str]) -> None:
    plain = fn(web), capsys.readouterr().out
    assert Items.peak == 1
    Items.reset()
    assert (xcs.jit(fn)(web), capsys.readouterr().out) == plain
    assert Items.peak == 3


class Loud(str):
    """A str of the user's whose ``title`` PUTs."""

    def title(self) -> str:
        requests.put(f"{BASE['url']}/mark?ms=10")
        return str.title(self)


BASE = {"url": ""}


def regraded(base: str) -> list[str]:
    dataset = [("news", 150), ("sport", 50)]
    out = []
    for i, (key, ms) in enumerate(dataset):
        out.append(requests.get(f"{base}/{key}?ms={ms}").text + key.title())
        if i == 0:
            dataset.append((Loud("late"), 10))  # (the loop changes the list it walks)
    return out


def test_a_dataset_the_loop_grows_with_an_object_of_the_users_keeps_its_order(
        web: str) -> None:
    BASE["url"] = web
    plain = regraded(web), list(Items.order)
    assert plain == (["v-newsNews", "v-sportSport", "v-lateLate"],
                     ["news", "sport", "late", "mark"])
    Items.reset()
    assert (xcs.jit(regraded)(web), list(Items.order)) == plain


def zipped_strictly(base: str) -> list[str]:
    keys = ["news", "sport"]
    waits = [150]
    out = []
    for key, ms in zip(keys, waits, strict=True):
        out.append(requests.get(f"{base}/{key}?ms={ms}").text)
        print("got", key)
    return out


def test_a_strict_zip_of_unequal_lists_raises_after_the_items_before_it(
        web: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ValueError) as plain:
        zipped_strictly(web)
    shown, sent = capsys.readouterr().out, list(Items.order)
    assert (shown, sent) == ("got news\n", ["news"])
    Items.reset()
    with pytest.raises(ValueError) as jitted:
        xcs.jit(zipped_strictly)(web)
    assert (str(jitted.value), capsys.readouterr().out, Items.order) == (
        str(plain.value), shown, sent)
