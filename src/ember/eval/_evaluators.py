"""Evaluators: how an output is scored against a reference.

An evaluator turns ``(output, reference)`` into a `Score` in [0, 1], with a short note of
what it saw (the extracted letter or number, the judge's verdict). The built-ins are pure
CPU and run inline on the event loop; `custom` functions and `llm_judge` may wait on I/O
and run concurrently. `evaluator_from_spec` builds one from the CLI's ``--evaluator``
text through a registry of named factories (habit 5).

Every evaluator has a `describe()` text. It is written into the record file, and a
resumed run must use an evaluator with the same description: scores from two different
evaluators must not be mixed in one summary.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import math
import re
import string
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, ClassVar, Final, Generic, TypeVar

from ember._errors import EvalError

__all__ = [
    "EVALUATORS",
    "EvaluationResult",
    "Evaluator",
    "Score",
    "custom",
    "evaluator_from_spec",
    "exact_match",
    "extract_choice",
    "extract_number",
    "import_object",
    "multiple_choice",
    "normalize_text",
    "normalized_match",
    "numeric",
    "output_text",
    "regex_match",
]


@dataclass(frozen=True, slots=True)
class Score:
    """One item's score: `value` in [0, 1] and a short `note` of what the evaluator saw.

    Examples:
        >>> Score(1.0, "B")
        Score(value=1.0, note='B')
    """

    value: float
    note: str = ""

    def __post_init__(self) -> None:
        v = self.value
        if isinstance(v, bool):
            object.__setattr__(self, "value", float(v))
        elif not isinstance(v, int | float) or not 0.0 <= v <= 1.0 or math.isnan(v):
            raise EvalError(f"Score(value={v!r}): a score must be a number in [0, 1]. Fix: "
                            "return a bool, a float in [0, 1], or Score(value, note).")
        else:
            object.__setattr__(self, "value", float(v))


@dataclass(frozen=True, slots=True, init=False)
class EvaluationResult(Score):
    """A `Score` with the earlier Ember's fields: ``is_correct``, ``score`` and ``metadata``.

    The harness reads it as any score (its `value` is ``score``); code written for the
    earlier Ember reads ``result.is_correct``, ``result.score`` and ``result.metadata``.

    Examples:
        >>> r = EvaluationResult(is_correct=False, score=0.75, metadata={"matched": 3})
        >>> r.is_correct, r.score, r.value, r.metadata
        (False, 0.75, 0.75, {'matched': 3})
        >>> EvaluationResult(True).score
        1.0
    """

    correct: bool = False
    metadata: dict[str, Any] = field(default_factory=dict)

    def __init__(self, is_correct: bool, score: float | None = None,
                 metadata: Mapping[str, Any] | None = None, note: str = "") -> None:
        Score.__init__(self, float(bool(is_correct)) if score is None else score, note)
        object.__setattr__(self, "correct", bool(is_correct))
        object.__setattr__(self, "metadata", dict(metadata or {}))

    @property
    def is_correct(self) -> bool:
        """Whether the output counts as correct (its own verdict, not ``score == 1``)."""
        return self.correct

    @property
    def score(self) -> float:
        """The score in [0, 1] (the same number as `value`)."""
        return self.value


# Keys and attributes under which systems commonly return their answer.
_ANSWER_KEYS: Final = ("final_answer", "answer", "output", "response", "text")


def output_text(output: Any) -> str:
    """The text an evaluator compares: the output itself, or its answer field.

    A str (including a `ModelResult`) is used as is; a mapping or object is searched for
    ``final_answer``, ``answer``, ``output``, ``response``, ``text``; None is ``""``.

    Examples:
        >>> output_text({"final_answer": "4", "votes": [4, 4]}), output_text(None)
        ('4', '')
    """
    if isinstance(output, str):
        return str.__str__(output)
    if output is None:
        return ""
    if isinstance(output, Mapping):
        for key in _ANSWER_KEYS:
            if key in output:
                return output_text(output[key])
        return str(output)
    for key in _ANSWER_KEYS:
        value = getattr(output, key, None)
        if value is not None and not callable(value):
            return output_text(value)
    return str(output)


Out = TypeVar("Out")
Ref = TypeVar("Ref")


class Evaluator(Generic[Out, Ref]):
    """Base class: score an output against a reference.

    Subclasses implement `score` (sync) or `ascore` (async); the harness awaits `ascore`.
    Set `inline = False` when `score` may block (it then runs in a worker thread), and
    `needs_reference = False` when the reference may be missing. A subclass written for the
    earlier Ember implements ``evaluate(system_output, correct_answer)`` returning an
    `EvaluationResult` instead; the harness scores with it all the same.

    Examples:
        >>> class Contains(Evaluator):
        ...     def score(self, output, reference, *, input=None, item=None):
        ...         return Score(float(str(reference) in output))
        >>> Contains()("The answer is 4.", 4)
        Score(value=1.0, note='')
    """

    name: ClassVar[str] = "evaluator"
    needs_reference: ClassVar[bool] = True
    inline: ClassVar[bool] = True

    def score(self, output: str, reference: Any, *, input: Any = None, item: Any = None) -> Score:
        """Score `output` (text) against `reference`; `input` and `item` give context."""
        if type(self).evaluate is not Evaluator.evaluate:
            return self.evaluate(output, reference)
        raise NotImplementedError(f"{type(self).__name__} must implement score(), ascore() "
                                  "or evaluate()")

    def evaluate(self, system_output: Any, correct_answer: Any,
                 **kwargs: Any) -> EvaluationResult:
        """Score one output the earlier Ember's way: an `EvaluationResult`.

        ``is_correct`` is a full score; the score's note, if any, is ``metadata["note"]``.

        Examples:
            >>> exact_match().evaluate("Paris", "Paris").is_correct
            True
        """
        found = self(system_output, correct_answer)
        if isinstance(found, EvaluationResult):
            return found
        return EvaluationResult(found.value == 1.0, found.value,
                                {"note": found.note} if found.note else {}, found.note)

    async def ascore(self, output: str, reference: Any, *, input: Any = None,
                     item: Any = None) -> Score:
        """The async twin of `score`; by default it calls `score`."""
        return self.score(output, reference, input=input, item=item)

    def describe(self) -> str:
        """A stable description, written to the record and compared on resume."""
        return self.name

    @property
    def mode(self) -> str:
        """How the harness runs it: ``"async"`` (awaits `ascore`), ``"inline"`` (calls
        `score` on the event loop: cheap CPU only) or ``"thread"`` (a worker thread)."""
        if type(self).ascore is not Evaluator.ascore:
            return "async"
        return "inline" if self.inline else "thread"

    def __call__(self, output: Any, reference: Any, *, input: Any = None,
                 item: Any = None) -> Score:
        return self.score(output_text(output), reference, input=input, item=item)

    def __repr__(self) -> str:
        return self.describe()


def _references(reference: Any) -> list[Any]:
    """A reference may list several acceptable answers."""
    if isinstance(reference, list | tuple | set | frozenset):
        return list(reference)
    return [reference]


class _ExactMatch(Evaluator):
    name = "exact"

    def score(self, output: str, reference: Any, *, input: Any = None, item: Any = None) -> Score:
        got = output.strip()
        return Score(float(any(got == str(r).strip() for r in _references(reference))))


_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCT = str.maketrans("", "", string.punctuation)


def normalize_text(text: str) -> str:
    """Lowercase, NFKC, no punctuation or articles (a/an/the), single spaces (SQuAD style).

    Examples:
        >>> normalize_text("  The  Eiffel-Tower! ")
        'eiffeltower'
    """
    text = unicodedata.normalize("NFKC", text).lower().translate(_PUNCT)
    return " ".join(_ARTICLES.sub(" ", text).split())


class _NormalizedMatch(Evaluator):
    name = "normalized"

    def score(self, output: str, reference: Any, *, input: Any = None, item: Any = None) -> Score:
        got = normalize_text(output)
        return Score(float(any(got == normalize_text(str(r)) for r in _references(reference))),
                     got[:80])


# Words that follow the option letter "A" but never the article "a".
_NOT_AFTER_ARTICLE: Final = frozenset({
    "or", "and", "nor", "is", "was", "seems", "appears", "looks", "should", "would", "could",
    "must", "because", "since", "but", "then", "fits", "matches", "wins",
})


def extract_choice(text: str, letters: str = "ABCD") -> str | None:
    """The option letter an answer commits to, or None.

    Looks, in order, for "answer is (B)" / "Answer: B", a letter opening the text
    ("(B) ...", "B. ...", "B) ..."), the text being just the letter, a bracketed "(B)"
    anywhere, and finally a lone capital letter when exactly one of the options appears
    alone (so "A or B" commits to nothing, and a leading article "A" is not an answer).

    Examples:
        >>> extract_choice("After checking each option, the answer is (C).")
        'C'
        >>> extract_choice("B. Paris"), extract_choice("I cannot tell."), extract_choice("A or B")
        ('B', None, None)
    """
    cls = f"[{re.escape(letters)}]"
    patterns = (
        rf"answer\s*(?:is|:)?\s*(?:option\s*)?[\(\[]?({cls})[\)\]]?(?![A-Za-z])",
        rf"^\s*[\(\[]?({cls})[\)\].:]",
        rf"^\s*({cls})\s*$",
        rf"[\(\[]({cls})[\)\]]",
    )
    for i, pattern in enumerate(patterns):
        flags = re.IGNORECASE if i == 0 else 0
        m = re.search(pattern, text, flags)
        if m and m.group(1).upper() in letters:
            return m.group(1).upper()
    # A lone letter; "A" followed by a lowercase noun ("A cat ...") is the article.
    alone = set()
    for m in re.finditer(rf"(?<![A-Za-z])({cls})(?![A-Za-z])", text):
        after = re.match(r"\s+([a-z]+)", text[m.end():])
        if m.group(1) == "A" and after and after.group(1) not in _NOT_AFTER_ARTICLE:
            continue
        alone.add(m.group(1))
    return alone.pop() if len(alone) == 1 else None


class _MultipleChoice(Evaluator):
    name = "choice"

    def __init__(self, letters: str = "ABCD") -> None:
        if not letters or not letters.isalpha() or not letters.isupper():
            raise EvalError(f"multiple_choice(letters={letters!r}): letters are the option "
                            "letters in capitals. Fix: e.g. multiple_choice('ABCDE')")
        self.letters = letters

    def _reference_letter(self, reference: Any) -> str:
        if isinstance(reference, int) and not isinstance(reference, bool):
            if 0 <= reference < len(self.letters):
                return self.letters[reference]
        elif isinstance(reference, str) and reference.strip().upper() in self.letters:
            return reference.strip().upper()
        raise EvalError(f"multiple_choice: the reference {reference!r} is neither one of the "
                        f"letters {self.letters} nor an index 0..{len(self.letters) - 1}. "
                        "Fix: map the dataset's answers to letters, e.g. "
                        "ds.map(lambda r: {**r, 'answer': 'ABCD'[r['label']]})")

    def score(self, output: str, reference: Any, *, input: Any = None, item: Any = None) -> Score:
        want = {self._reference_letter(r) for r in _references(reference)}
        got = extract_choice(output, self.letters)
        return Score(float(got in want), got or "no choice found")

    def describe(self) -> str:
        return f"choice(letters={self.letters!r})"


# A number: optional sign and "$", digits (with thousands commas) or a leading ".5", then
# optional decimals, exponent, "/denominator" and "%". It must contain a digit.
_NUMBER = re.compile(
    r"(?<![\w.])[-−]?\$?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)"
    r"(?:[eE][-+]?\d+)?(?:/\d+)?%?"
)


def _parse_number(token: str) -> float | None:
    t = token.replace("−", "-").replace("$", "").replace(",", "").rstrip("%")
    if not any(c.isdigit() for c in t):
        return None
    try:
        if "/" in t:
            return float(Fraction(t))
        return float(t)
    except (ValueError, ZeroDivisionError):
        return None


def extract_number(text: Any) -> float | None:
    """The last number in `text` (commas, ``$``, ``%``, fractions and exponents allowed).

    Examples:
        >>> extract_number("She pays $1,234.50 in total, so #### 1234.5")
        1234.5
        >>> extract_number("half: 1/2"), extract_number("no digits")
        (0.5, None)
    """
    if isinstance(text, int | float) and not isinstance(text, bool):
        return float(text)
    found = None
    for m in _NUMBER.finditer(str(text)):
        value = _parse_number(m.group(0))
        if value is not None:
            found = value
    return found


class _Numeric(Evaluator):
    name = "numeric"

    def __init__(self, tolerance: float = 1e-6, *, relative: bool = False) -> None:
        if isinstance(tolerance, bool) or not isinstance(tolerance, int | float) or tolerance < 0:
            raise EvalError(f"numeric(tolerance={tolerance!r}): the tolerance must be a number "
                            ">= 0. Fix: e.g. numeric(0.01)")
        self.tolerance = float(tolerance)
        self.relative = relative

    def score(self, output: str, reference: Any, *, input: Any = None, item: Any = None) -> Score:
        got = extract_number(output)
        if got is None:
            return Score(0.0, "no number found")
        for r in _references(reference):
            want = extract_number(r)
            if want is None:
                raise EvalError(f"numeric: the reference {r!r} holds no number. Fix: point "
                                "reference= at a numeric field.")
            allowed = self.tolerance * abs(want) if self.relative else self.tolerance
            if abs(got - want) <= allowed + 1e-12:
                return Score(1.0, f"{got:g}")
        return Score(0.0, f"{got:g}")

    def describe(self) -> str:
        return f"numeric(tolerance={self.tolerance:g}{', relative=True' if self.relative else ''})"


class _RegexMatch(Evaluator):
    name = "regex"

    def __init__(self, pattern: str, *, group: int | str = 1, normalize: bool = True) -> None:
        try:
            self.regex = re.compile(pattern, re.IGNORECASE | re.DOTALL)
        except re.error as exc:
            raise EvalError(f"regex_match({pattern!r}): not a valid regular expression ({exc}). "
                            r"Fix: e.g. regex_match(r'answer:\s*(\w+)')") from None
        if isinstance(group, int) and group > self.regex.groups:
            group = 0
        self.pattern = pattern
        self.group = group
        self.normalize = normalize

    def score(self, output: str, reference: Any, *, input: Any = None, item: Any = None) -> Score:
        matches = list(self.regex.finditer(output))
        if not matches:
            return Score(0.0, "no match")
        got = matches[-1].group(self.group) or ""
        norm = normalize_text if self.normalize else str.strip
        ok = any(norm(got) == norm(str(r)) for r in _references(reference))
        return Score(float(ok), got[:80])

    def describe(self) -> str:
        return f"regex({self.pattern!r}, group={self.group!r}, normalize={self.normalize})"


class _Custom(Evaluator):
    name = "custom"
    inline = False

    def __init__(self, fn: Callable[..., Any], name: str | None = None,
                 needs_reference: bool = True) -> None:
        if not callable(fn):
            raise EvalError(f"custom(): expected a function, got {type(fn).__name__}. Fix: "
                            "custom(lambda output, reference: output.strip() == reference)")
        self.fn = fn
        self.label = name or f"{getattr(fn, '__module__', '?')}:{getattr(fn, '__qualname__', repr(fn))}"
        self.needs_reference = needs_reference  # type: ignore[misc]
        self.is_async = inspect.iscoroutinefunction(fn)
        self.pass_context = _takes_context(fn)

    def _args(self, output: str, reference: Any, input: Any, item: Any) -> tuple[tuple, dict]:
        if self.pass_context == "kw":
            return (output, reference), {"input": input, "item": item}
        if self.pass_context == "item":
            return (output, reference, item), {}
        return (output, reference), {}

    def score(self, output: str, reference: Any, *, input: Any = None, item: Any = None) -> Score:
        args, kwargs = self._args(output, reference, input, item)
        result = self.fn(*args, **kwargs)
        if inspect.isawaitable(result):
            result = asyncio.run(_await(result))
        return _as_score(result, self.label)

    async def ascore(self, output: str, reference: Any, *, input: Any = None,
                     item: Any = None) -> Score:
        args, kwargs = self._args(output, reference, input, item)
        return _as_score(await self.fn(*args, **kwargs), self.label)

    def describe(self) -> str:
        return f"custom({self.label})"

    @property
    def mode(self) -> str:
        return "async" if self.is_async else "thread"


async def _await(awaitable: Any) -> Any:
    return await awaitable


def _takes_context(fn: Callable[..., Any]) -> str:
    """How to call a custom function: (o, r), (o, r, item) or (o, r, input=, item=)."""
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return "none"
    names = {p.name for p in params}
    if {"input", "item"} <= names or any(p.kind is p.VAR_KEYWORD for p in params):
        return "kw"
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if len(positional) >= 3 or any(p.kind is p.VAR_POSITIONAL for p in params):
        return "item"
    return "none"


def _as_score(result: Any, label: str) -> Score:
    if isinstance(result, Score):
        return result
    if isinstance(result, bool | int | float):
        return Score(float(result))
    if isinstance(result, tuple) and len(result) == 2:
        return Score(float(result[0]), str(result[1]))
    raise EvalError(f"custom evaluator {label} returned {type(result).__name__}; it must "
                    "return a bool, a float in [0, 1], a (value, note) pair or a Score.")


# ----------------------------------------------------------------------------- public makers


def exact_match() -> Evaluator:
    """Score 1 when the output, stripped, equals the reference (or one of a list of them).

    Examples:
        >>> exact_match()(" Paris\\n", "Paris").value, exact_match()("paris", "Paris").value
        (1.0, 0.0)
    """
    return _ExactMatch()


def normalized_match() -> Evaluator:
    """Score 1 when the normalized output equals the normalized reference (`normalize_text`).

    Examples:
        >>> normalized_match()("The Paris.", "paris").value
        1.0
    """
    return _NormalizedMatch()


def multiple_choice(letters: str = "ABCD") -> Evaluator:
    """Score 1 when the option letter the output commits to is the reference letter.

    The reference is a letter or a 0-based index into `letters`.

    Examples:
        >>> mc = multiple_choice()
        >>> mc("The answer is (B).", "B").value, mc("B", 1).value, mc("Maybe A or C", "A").note
        (1.0, 1.0, 'no choice found')
    """
    return _MultipleChoice(letters)


def numeric(tolerance: float = 1e-6, *, relative: bool = False) -> Evaluator:
    """Score 1 when the last number in the output is within `tolerance` of the reference's.

    Args:
        tolerance: the largest allowed difference (absolute, or a fraction with `relative`).
        relative: compare ``|got - want| <= tolerance * |want|``.

    Examples:
        >>> numeric()("so the total is $1,200.", "#### 1200").value
        1.0
        >>> numeric(0.05, relative=True)("about 104", 100).value
        1.0
    """
    return _Numeric(tolerance, relative=relative)


def regex_match(pattern: str, *, group: int | str = 1, normalize: bool = True) -> Evaluator:
    """Extract the answer with a regular expression (its last match), then compare it.

    Args:
        pattern: the expression (case-insensitive, ``.`` matches newlines).
        group: the group holding the answer (the whole match if the pattern has none).
        normalize: compare with `normalize_text` (else stripped and exact).

    Examples:
        >>> regex_match(r"answer:\\s*(\\w+)")("Reasoning... Answer: Paris", "paris").value
        1.0
    """
    return _RegexMatch(pattern, group=group, normalize=normalize)


def custom(fn: Callable[..., Any], *, name: str | None = None,
           needs_reference: bool = True) -> Evaluator:
    """An evaluator from a function ``fn(output, reference)`` (sync or async).

    `fn` may also take the item, as ``fn(output, reference, item)``, or keyword
    arguments ``input`` and ``item``. It returns a bool, a float in [0, 1], a
    ``(value, note)`` pair or a `Score`. It runs in a worker thread (sync) or on the
    event loop (async), so it may call models.

    Examples:
        >>> starts = custom(lambda output, reference: output.startswith(reference))
        >>> starts("Paris is the capital", "Paris").value
        1.0
    """
    return _Custom(fn, name, needs_reference)


# ----------------------------------------------------------------------------- registry


def _judge(arg: str | None) -> Evaluator:
    from ember.eval._judge import llm_judge

    return llm_judge(arg) if arg else llm_judge()


def _numeric_spec(arg: str | None) -> Evaluator:
    if arg is None:
        return numeric()
    try:
        return numeric(float(arg))
    except ValueError:
        raise EvalError(f"--evaluator numeric:{arg}: the tolerance must be a number. "
                        "Fix: e.g. numeric:0.01") from None


def _regex_spec(arg: str | None) -> Evaluator:
    if not arg:
        raise EvalError(r"--evaluator regex needs a pattern. Fix: e.g. 'regex:answer:\s*(\w+)'")
    return regex_match(arg)


# Name -> factory taking the text after "name:" (or None). One rule per name (habit 5).
EVALUATORS: dict[str, Callable[[str | None], Evaluator]] = {
    "exact": lambda arg: exact_match(),
    "normalized": lambda arg: normalized_match(),
    "choice": lambda arg: multiple_choice(arg or "ABCD"),
    "numeric": _numeric_spec,
    "regex": _regex_spec,
    "judge": _judge,
}
_ALIASES: Final = {"em": "exact", "exact_match": "exact", "normalized_match": "normalized",
                   "mc": "choice", "multiple_choice": "choice", "number": "numeric",
                   "llm_judge": "judge"}


def evaluator_from_spec(spec: str | Evaluator | Callable[..., Any]) -> Evaluator:
    """An evaluator from a spec: an `Evaluator`, a function, or text.

    Text is ``exact``, ``normalized``, ``choice[:LETTERS]``, ``numeric[:TOLERANCE]``,
    ``regex:PATTERN``, ``judge[:MODEL]``, or ``module:function`` for a custom function.

    Raises:
        EvalError: the spec names no evaluator (the message lists them).

    Examples:
        >>> evaluator_from_spec("numeric:0.5"), evaluator_from_spec("choice:ABCDE")
        (numeric(tolerance=0.5), choice(letters='ABCDE'))
    """
    if isinstance(spec, Evaluator):
        return spec
    if callable(spec):
        return custom(spec)
    if not isinstance(spec, str) or not spec.strip():
        raise EvalError(f"evaluator: expected a name, an Evaluator or a function, got {spec!r}. "
                        f"Fix: one of {', '.join(EVALUATORS)}")
    head, sep, arg = spec.strip().partition(":")
    key = _ALIASES.get(head.lower(), head.lower())
    factory = EVALUATORS.get(key)
    if factory is not None:
        return factory(arg if sep else None)
    if sep and re.fullmatch(r"[A-Za-z_][\w.]*", head) and re.fullmatch(r"[A-Za-z_][\w.]*", arg):
        return custom(import_object(head, arg, "evaluator"), name=spec.strip())
    raise EvalError(f"evaluator {spec!r}: unknown. Fix: use one of {', '.join(EVALUATORS)} "
                    "(e.g. numeric:0.01, regex:PATTERN, judge:sim/judge), or module:function.")


def import_object(module_name: str, attr_path: str, what: str) -> Any:
    """The object ``module_name:attr_path`` names (`what` labels it in errors).

    Raises:
        EvalError: the module cannot be imported or lacks the attribute, naming the fix.
    """
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise EvalError(f"{what} {module_name}:{attr_path}: cannot import {module_name!r} "
                        f"({exc}). Fix: check the module name, and run from the directory "
                        "that contains it (or set PYTHONPATH).") from None
    obj: Any = module
    for part in attr_path.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise EvalError(f"{what} {module_name}:{attr_path}: {module_name!r} has no "
                            f"attribute {part!r}. Fix: check the name.") from None
    return obj
