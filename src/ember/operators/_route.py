"""`Router`: send each input to one of several branches, chosen by a model or a function."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from ember._errors import NoRoute, SpecError
from ember.models import ModelBinding
from ember.operators._call import acall_any, combined_kind
from ember.operators._model import Model, as_model
from ember.operators._module import Operator
from ember.operators._spec import short_repr
from ember.operators._vote import normalize_answer
from ember.xcs import Kind

__all__ = ["ROUTE_PROMPT", "Router"]

ROUTE_PROMPT = """\
Classify the request into exactly one of these categories: {names}.
Reply with the category name only.

Request:
{query}"""


def pick_route(label: str, names: tuple[str, ...]) -> str | None:
    """The route `label` names: an exact (normalised) match, else the first name it mentions.

    Examples:
        >>> pick_route("Math.", ("math", "writing"))
        'math'
        >>> pick_route("I think this is a writing task", ("math", "writing"))
        'writing'
        >>> pick_route("no idea", ("math", "writing")) is None
        True
    """
    norm = normalize_answer(label)
    for name in names:
        if normalize_answer(name) == norm:
            return name
    best: tuple[int, str] | None = None
    for name in names:
        m = re.search(rf"(?<!\w){re.escape(normalize_answer(name))}(?!\w)", norm)
        if m is not None and (best is None or m.start() < best[0]):
            best = (m.start(), name)
    return best[1] if best is not None else None


class Router(Operator):
    """Route each input to one branch, picked by a classifier model or function.

    A model classifier (an id or `ModelBinding`) is asked to name one route (`ROUTE_PROMPT`);
    a function classifier is called with the router's first argument and returns a label.
    The label picks the route whose name it equals (ignoring case and punctuation) or, failing
    that, the first route name it mentions; else `default`. The chosen route gets all the
    router's arguments and its result is returned as is.

    Args:
        routes: route name -> operator or callable.
        classifier: a model id, `ModelBinding` or `Model` (prompted), or a callable (called
            with the input).
        default: the route to take when the label names none (else `NoRoute` is raised).
        **params: call parameters for a model classifier.

    Raises:
        NoRoute: when the label names no route and there is no default.

    Examples:
        >>> router = Router({"math": lambda q: "use a calculator", "chat": str.upper},
        ...                 classifier=lambda q: "math" if any(c.isdigit() for c in q) else "chat")
        >>> router("what is 2+2"), router("hello")
        ('use a calculator', 'HELLO')
    """

    routes: Mapping[str, Callable[..., Any]]
    classifier: Callable[..., Any]
    default: str | None = None
    prompted: bool = False

    def __init__(self, routes: Mapping[str, Callable[..., Any]], classifier: Any, *,
                 default: str | None = None, **params: Any) -> None:
        if not isinstance(routes, Mapping) or not routes:
            raise SpecError(f"Router: routes must be a non-empty mapping of name -> operator, "
                            f"got {short_repr(routes)}", operator="Router", field="routes",
                            expected="a non-empty mapping", value=routes)
        for name, route in routes.items():
            if not isinstance(name, str) or not callable(route):
                raise SpecError(f"Router: route {name!r} -> {short_repr(route)} is not a str "
                                "name for an operator or callable", operator="Router",
                                field=f"routes[{name!r}]", expected="str -> callable",
                                value=route)
        if default is not None and default not in routes:
            raise SpecError(f"Router: default={default!r} is not a route; routes: "
                            f"{', '.join(routes)}", operator="Router", field="default",
                            expected="one of the route names", value=default)
        prompted = isinstance(classifier, str | ModelBinding | Model)
        if prompted:
            classifier = as_model(classifier, params, who="Router")
        elif not callable(classifier):
            raise SpecError(f"Router: classifier must be a model id, ModelBinding or callable, "
                            f"got {short_repr(classifier)}", operator="Router",
                            field="classifier", expected="a model or callable",
                            value=classifier)
        self.routes = dict(routes)
        self.classifier = classifier
        self.default = default
        self.prompted = prompted

    def _ember_kind(self) -> Kind | None:
        kind = combined_kind([self.classifier, *self.routes.values()])
        return kind if kind is not Kind.UNKNOWN else None

    def _choose(self, label: Any) -> str:
        names = tuple(self.routes)
        name = pick_route(str(label), names)
        if name is None:
            name = self.default
        if name is None:
            raise NoRoute(f"Router: the classifier said {short_repr(str(label))}, which names "
                          f"no route ({', '.join(names)}) and there is no default; pass "
                          "default='<route>' or make the classifier answer with a route name")
        return name

    def _classifier_input(self, args: tuple, kwargs: dict) -> Any:
        query = args[0] if args else next(iter(kwargs.values()), "")
        if self.prompted:
            return ROUTE_PROMPT.format(names=", ".join(self.routes), query=query)
        return query

    def route_for(self, *args: Any, **kwargs: Any) -> str:
        """The name of the route these arguments would take (calls the classifier)."""
        return self._choose(self.classifier(self._classifier_input(args, kwargs)))

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        return self.routes[self.route_for(*args, **kwargs)](*args, **kwargs)

    async def aforward(self, *args: Any, **kwargs: Any) -> Any:
        label = await acall_any(self.classifier, self._classifier_input(args, kwargs))
        return await acall_any(self.routes[self._choose(label)], *args, **kwargs)
