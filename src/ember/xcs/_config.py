"""`Config`: the JIT's and the scheduler's options in one typed, frozen object.

``jit``, ``vmap`` and ``pmap`` take ``config=xcs.Config(...)``. Each transform takes the
options that mean something to it and refuses the rest with `UnsupportedOption` (an option
is never silently ignored): `jit` takes ``strategy`` and ``explain``; `vmap` and `pmap`
take ``strategy``, ``max_items_in_flight``, ``errors`` and ``progress``. An option left at
its default is "not set" and never refused.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, fields
from typing import Any, Final

from ember._errors import UnsupportedOption
from ember.xcs._parallel import ERRORS

__all__ = ["STRATEGIES", "Config", "merge"]

#: ``auto``: overlap what can overlap (the default); ``parallel``: the same, but a jitted
#: function that cannot overlap anything raises instead of running as written;
#: ``sequential``: run as written, one call after the other (a baseline to compare with).
STRATEGIES: Final = ("auto", "parallel", "sequential")

# Names similar APIs use for these options: named in the error. (The earlier Ember's own
# ``parallel=`` and ``max_workers=`` are taken: see `Config`.)
_FORMER: Final = {"max_concurrency": "max_items_in_flight",
                  "scheduler": "strategy", "mode": "strategy", "on_error": "errors"}


@dataclass(frozen=True, init=False)
class Config:
    """Options for `jit`, `vmap` and `pmap`, checked when made.

    Args:
        strategy: ``"auto"`` (default), ``"parallel"`` or ``"sequential"`` (see `STRATEGIES`).
        max_items_in_flight: vmap/pmap: the most items in flight at once (None: no cap).
        errors: vmap/pmap: ``"raise"``, ``"group"`` or ``"collect"`` (see `vmap`).
        progress: vmap/pmap: draw the progress display (None: when stderr is a terminal).
        explain: jit: print the explanation (plan and measured timeline) to stderr after
            the first run that used the plan.
        parallel: the earlier Ember's spelling of the strategy: True is ``"auto"`` (overlap
            what can overlap), False is ``"sequential"``; not together with ``strategy``.
        max_workers: the earlier Ember's name for ``max_items_in_flight`` (the bound is on
            items in flight, not on threads); not together with it.
        cache: the earlier Ember's switch for keeping compiled graphs: here a plan is
            always kept while what it assumed holds (and made again when not), so True is
            what happens; False is refused.
        profile: the earlier Ember's switch for timing runs: here every run's calls are
            always timed (``f.stats()``, ``xcs.explain(f)``), so True is what happens;
            False is refused.

    Raises:
        UnsupportedOption: an unknown option or a bad value (the message names the fix).

    Examples:
        >>> Config(strategy="sequential")
        Config(strategy='sequential', max_items_in_flight=None, errors='raise', progress=None, explain=False)
        >>> Config(parallel=False, max_workers=4) == Config(strategy="sequential",
        ...                                                   max_items_in_flight=4)
        True
        >>> Config(scheduler="wave")
        Traceback (most recent call last):
        ...
        ember._errors.UnsupportedOption: xcs.Config: no option 'scheduler'. Fix: use strategy='wave' (options: strategy, max_items_in_flight, errors, progress, explain)
    """

    strategy: str
    max_items_in_flight: int | None
    errors: str
    progress: bool | None
    explain: bool

    def __init__(self, *, strategy: str = "auto", max_items_in_flight: int | None = None,
                 errors: str = "raise", progress: bool | None = None, explain: bool = False,
                 parallel: bool | None = None, max_workers: int | None = None,
                 cache: bool = True, profile: bool = True, **unknown: Any) -> None:
        for name, value, why in (
                ("cache", cache, "a plan is always kept while what it assumed holds"),
                ("profile", profile, "every run's calls are always timed")):
            if value is not True:
                raise UnsupportedOption(f"xcs.Config: {name}={value!r} is not supported: {why}"
                                        f". Fix: drop {name}= (True is what happens)")
        if parallel is not None:
            if type(parallel) is not bool:
                raise UnsupportedOption(f"xcs.Config: parallel must be True or False, got "
                                        f"{parallel!r}")
            if strategy != "auto":
                raise UnsupportedOption("xcs.Config: give strategy or parallel, not both. Fix: "
                                        f"strategy={strategy!r} alone")
            strategy = "auto" if parallel else "sequential"
        if max_workers is not None:
            if max_items_in_flight is not None:
                raise UnsupportedOption("xcs.Config: give max_items_in_flight or max_workers "
                                        "(its earlier name), not both")
            max_items_in_flight = max_workers
        if unknown:
            name, value = next(iter(unknown.items()))
            names = [f.name for f in fields(Config)]
            near = _FORMER.get(name) or next(iter(difflib.get_close_matches(name, names, 1)), None)
            fix = f"use {near}={value!r}" if near else "drop it"
            raise UnsupportedOption(f"xcs.Config: no option {name!r}. Fix: {fix} (options: "
                                    f"{', '.join(names)})")
        if strategy not in STRATEGIES:
            raise UnsupportedOption(f"xcs.Config: strategy must be one of {', '.join(STRATEGIES)}; "
                                    f"got {strategy!r}. Fix: e.g. strategy='auto'")
        if errors not in ERRORS:
            raise UnsupportedOption(f"xcs.Config: errors must be 'raise', 'group' or 'collect'; "
                                    f"got {errors!r}")
        if progress is not None and type(progress) is not bool:
            raise UnsupportedOption(f"xcs.Config: progress must be True, False or None "
                                    f"(automatic), got {progress!r}")
        if type(explain) is not bool:
            raise UnsupportedOption(f"xcs.Config: explain must be True or False, got {explain!r}")
        if max_items_in_flight is not None and (
                isinstance(max_items_in_flight, bool) or not isinstance(max_items_in_flight, int)
                or max_items_in_flight < 1):
            raise UnsupportedOption(f"xcs.Config: max_items_in_flight must be a positive int "
                                    f"or None, got {max_items_in_flight!r}")
        for name, value in (("strategy", strategy), ("max_items_in_flight", max_items_in_flight),
                            ("errors", errors), ("progress", progress), ("explain", explain)):
            object.__setattr__(self, name, value)

    def set_options(self) -> dict[str, Any]:
        """The options given a value other than their default."""
        default = _DEFAULT
        return {f.name: getattr(self, f.name) for f in fields(self)
                if getattr(self, f.name) != getattr(default, f.name)}

    def check(self, who: str, supported: tuple[str, ...]) -> None:
        """Refuse the options set here that `who` does not take, naming where they belong."""
        for name, value in self.set_options().items():
            if name not in supported:
                where = ("jit" if name == "explain" else
                         "vmap/pmap (or a model's limits)" if name == "max_items_in_flight" else
                         "vmap/pmap")
                raise UnsupportedOption(
                    f"{who}(config=...): {who} does not support {name}={value!r}. Fix: drop it "
                    f"from this Config; it applies to {where}")


_DEFAULT: Final = Config()


def merge(who: str, config: Config | None, supported: tuple[str, ...],
          given: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """The options `who` runs with: `given` keywords, or those set in `config` (not both)."""
    if config is None:
        return given
    if not isinstance(config, Config):
        raise UnsupportedOption(f"{who}(): config must be an xcs.Config, got "
                                f"{type(config).__name__}. Fix: config=xcs.Config(...)")
    config.check(who, supported)
    twice = sorted(k for k, v in given.items() if v != defaults[k] and
                   k in config.set_options())
    if twice:
        raise UnsupportedOption(f"{who}(): {', '.join(twice)} given both as keyword and in "
                                "config. Fix: pass each option once")
    out = dict(given)
    out.update({k: v for k, v in config.set_options().items() if k in given})
    return out

