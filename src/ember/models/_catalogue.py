"""The catalogue of known models: bare ids, context windows and prices.

Users of the earlier Ember write ``models("gpt-4o-mini", ...)``: a bare id names a model
here and the catalogue says which provider serves it. The data lives in ``catalogue.json``
beside this module (shipped in the wheel, read with `importlib.resources`), so a price or a
new model is a data change. The models of endpoints in the config file (``models = [...]``)
are bare ids too: ``"llama3"`` finds ``"local/llama3"``. A bare id that matches nothing, or
several models (``"claude"``, or a name two endpoints serve), raises an error listing the
closest full ids.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from dataclasses import dataclass
from importlib import resources

from ember._errors import AmbiguousModel, UnknownModel
from ember.models import _config

__all__ = ["CatalogueNames", "ModelInfo", "catalogue", "constants", "info", "price", "resolve_bare"]

MSG_UNKNOWN = """\
{value!r} is not a model Ember knows by its bare name{closest}.
Fix: write the id in full, "provider/model" ("local/<model>" for an endpoint in the config
file), or try "sim/{value}", a simulated model (no key, no network); `ember models` lists
the known ids."""

MSG_AMBIGUOUS = """\
{value!r} may mean several models: {ids}.
Fix: write the one you mean in full, e.g. models({first!r}, ...)."""


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """What the catalogue knows about one model.

    Attributes:
        provider: the id prefix that serves it (``"openai"``).
        name: the model's name at its provider (``"claude-sonnet-4"``).
        context_window: tokens of prompt plus completion, or None when unknown.
        input_per_mtok: USD per million prompt tokens, or None when unknown.
        output_per_mtok: USD per million completion tokens, or None when unknown.
    """

    provider: str
    name: str
    context_window: int | None = None
    input_per_mtok: float | None = None
    output_per_mtok: float | None = None

    @property
    def id(self) -> str:
        """The full id a bare name resolves to: ``"provider/name"``."""
        return f"{self.provider}/{self.name}"


@functools.cache
def catalogue() -> tuple[ModelInfo, ...]:
    """Every model in ``catalogue.json``, in file order.

    Examples:
        >>> next(m for m in catalogue() if m.name == "gpt-4o-mini").provider
        'openai'
    """
    text = resources.files(__package__ or "ember.models").joinpath("catalogue.json").read_text(
        encoding="utf-8")
    return tuple(
        ModelInfo(m["provider"], m["name"], m.get("context_window"), m.get("input_per_mtok"),
                  m.get("output_per_mtok"))
        for m in json.loads(text)["models"])


@functools.cache
def constants() -> dict[str, str]:
    """Each catalogue name as a constant: ``GPT_4O_MINI`` -> ``"gpt-4o-mini"``.

    Examples:
        >>> constants()["GEMINI_2_0_FLASH"]
        'gemini-2.0-flash'
    """
    return {re.sub(r"[^0-9A-Za-z]+", "_", m.name).upper(): m.name for m in catalogue()}


class CatalogueNames(type):
    """Makes ``Models.GPT_4O_MINI`` the catalogue's bare name ``"gpt-4o-mini"``.

    The earlier Ember kept model names as constants so that a typo fails at once; here they
    come from the catalogue (the one list of known models), and an unknown constant raises
    `AttributeError` naming the closest ones.
    """

    def __getattr__(cls, attr: str) -> str:
        if attr.startswith("__"):  # a protocol asked about (xcs asks each call): not a model
            raise AttributeError(f"{cls.__name__} has no attribute {attr!r}")
        names = constants()
        if attr in names:
            return names[attr]
        close = difflib.get_close_matches(attr, names, n=3)
        hint = f" (closest: {', '.join(close)})" if close else ""
        raise AttributeError(f"{cls.__name__} has no attribute or catalogue model {attr!r}{hint}")

    def __dir__(cls) -> list[str]:
        return sorted({*super().__dir__(), *constants()})


def _by_name(config: _config.Config) -> dict[str, list[str]]:
    """Bare name -> the full ids it may mean (catalogue models, then endpoint models)."""
    names: dict[str, list[str]] = {}
    for m in catalogue():
        names.setdefault(m.name, []).append(m.id)
    for endpoint, settings in sorted(config.endpoints.items()):
        for model in settings.models:
            names.setdefault(model, []).append(f"{endpoint}/{model}")
    return {name: list(dict.fromkeys(ids)) for name, ids in names.items()}


_cache: tuple[_config.Config, dict[str, list[str]]] | None = None


def resolve_bare(value: str) -> str:
    """The full id a bare model name stands for.

    Raises:
        UnknownModel: no known model has that name; lists the closest ids.
        AmbiguousModel: models of several providers have it; lists them.
        ConfigError: the config file (read for its endpoints' models) is invalid.

    Examples:
        >>> resolve_bare("gpt-4o-mini")
        'openai/gpt-4o-mini'
        >>> resolve_bare("claude-sonnet-4")
        'anthropic/claude-sonnet-4'
    """
    global _cache
    config = _config.current()
    cached = _cache
    if cached is None or cached[0] is not config:
        cached = _cache = (config, _by_name(config))
    names = cached[1]
    ids = names.get(value)
    if ids is not None and len(ids) == 1:
        return ids[0]
    if not ids:  # "claude": the start of several names
        ids = [i for name, more in names.items() if name.startswith((f"{value}-", f"{value}."))
               for i in more]
    if ids:
        raise AmbiguousModel(MSG_AMBIGUOUS.format(value=value, ids=", ".join(ids), first=ids[0]),
                             model_id=value, candidates=tuple(ids))
    close = difflib.get_close_matches(value, names, n=5, cutoff=0.5)
    candidates = tuple(dict.fromkeys(i for name in close for i in names[name]))
    closest = f" (closest: {', '.join(candidates)})" if candidates else ""
    raise UnknownModel(MSG_UNKNOWN.format(value=value, closest=closest), model_id=value,
                       candidates=candidates)


@functools.lru_cache(maxsize=256)
def info(provider: str, model: str) -> ModelInfo | None:
    """The catalogue entry for ``provider/model``: the longest listed name `model` starts
    with (a dated or suffixed name: ``gpt-4o-mini-2024-07-18``); None when unknown.

    Examples:
        >>> info("openai", "gpt-4o-mini-2024-07-18").name
        'gpt-4o-mini'
        >>> info("local", "llama3") is None
        True
    """
    best: ModelInfo | None = None
    for m in catalogue():
        if m.provider == provider and model.startswith(m.name) and (
                best is None or len(m.name) > len(best.name)):
            best = m
    return best


def price(provider: str, model: str) -> tuple[float, float] | None:
    """USD per million input and output tokens for ``provider/model``, or None when unknown."""
    m = info(provider, model)
    if m is None or m.input_per_mtok is None or m.output_per_mtok is None:
        return None
    return m.input_per_mtok, m.output_per_mtok
