"""One shape for rows that name their fields differently: ``normalize="record" | "dict"``.

Datasets call the same thing by different names (``question``, ``prompt``, ``query``;
``answer``, ``response``, ``target``) and give choices as a list or a mapping. The earlier
Ember read every row into one shape, a `DataRecord` (``record.question.text``,
``record.choices["B"].text``), or a dict with the same canonical keys; `normalized` does
that here, for `stream`, `load` and ``Dataset.as_dicts()`` / ``.records()``; `shaped`
applies the options `stream` and `load` share (normalize, filter, transform, and a cap
on rows: ``max_items``, the earlier name of ``limit``). The names it
knows are listed in `ALIASES` (the first one present wins); ``"none"`` leaves rows as they
are, which is the default everywhere but in sources registered the earlier way.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from ember._errors import InvalidDataArgument

__all__ = ["ALIASES", "MODES", "DataRecord", "Text", "normalized", "shaped"]

#: How rows may be normalized: left as they are, to a dict of canonical keys, to a record.
MODES: Final = ("none", "dict", "record")

#: Canonical field -> the names rows use for it, in the order they are looked for.
ALIASES: Final = {
    "question": ("question", "prompt", "query", "input", "problem"),
    "answer": ("answer", "response", "target", "output", "solution"),
    "choices": ("choices", "options"),
}


@dataclass(frozen=True, slots=True)
class Text:
    """A field's text (``record.question.text``); `str()` gives it too."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class DataRecord:
    """A row in the one shape: question, answer, choices by letter, and the other fields.

    Examples:
        >>> r = normalized({"prompt": "2+2?", "options": ["3", "4"], "target": "B", "id": 7},
        ...                "record")
        >>> r.question.text, r.answer.text, r.choices["B"].text, r.metadata
        ('2+2?', 'B', '4', {'id': 7})
    """

    question: Text
    answer: Text
    choices: dict[str, Text] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)


def check_mode(mode: object, who: str) -> str:
    """`mode`, if it is one of `MODES`."""
    if mode not in MODES:
        raise InvalidDataArgument(f"{who}: normalize must be one of {', '.join(MODES)}, got "
                                  f"{mode!r}. Fix: e.g. normalize='dict'")
    return str(mode)


def _choices(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return {str(k): str(v) for k, v in value.items()}
    letters = string.ascii_uppercase
    return {letters[i]: str(v) for i, v in enumerate(value)}


def normalized(row: Any, mode: str) -> Any:
    """`row` in the shape `mode` names: as it is, a canonical dict, or a `DataRecord`.

    The canonical dict keeps the row's other fields and adds ``question``, ``answer`` (the
    text of the first alias present, ``""`` when none is) and ``choices`` (letters to text).

    Raises:
        InvalidDataArgument: an unknown mode, or a row that is not a mapping.

    Examples:
        >>> normalized({"query": "Define ML", "target": "Machine Learning"}, "dict")
        {'question': 'Define ML', 'answer': 'Machine Learning', 'choices': {}}
    """
    if mode == "none":
        return row
    if not isinstance(row, Mapping):
        raise InvalidDataArgument(f"normalize={mode!r}: rows must be mappings with named "
                                  f"fields, got {type(row).__name__}. Fix: normalize='none'")
    found: dict[str, Any] = {}
    used: set[str] = set()
    for canonical, names in ALIASES.items():
        name = next((n for n in names if n in row), None)
        if name is not None:
            used.add(name)
            found[canonical] = row[name]
    rest = {k: v for k, v in row.items() if k not in used}
    question, answer = str(found.get("question", "")), str(found.get("answer", ""))
    choices = _choices(found.get("choices"))
    if mode == "dict":
        return {**rest, "question": question, "answer": answer, "choices": choices}
    return DataRecord(Text(question), Text(answer), {k: Text(v) for k, v in choices.items()},
                      rest)


def shaped(dataset: Any, who: str, *, normalize: str = "none",
           filter: Callable[[Any], object] | None = None,  # noqa: A002 - the earlier name
           transform: Callable[[Any], Any] | None = None,
           max_items: int | None = None) -> Any:
    """A `Dataset` normalized, then filtered, then transformed, then capped at `max_items`."""
    mode = check_mode(normalize, who)
    if mode != "none":
        dataset = dataset.map(lambda row: normalized(row, mode))
    if filter is not None:
        dataset = dataset.filter(filter)
    if transform is not None:
        dataset = dataset.map(transform)
    return dataset if max_items is None else dataset.limit(max_items)
