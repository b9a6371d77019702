"""One error tree (STYLE habit 6): drawn once in `ember._errors`, every class where the drawing
puts it, and the errors of the CLI and the Ray backend in it, where a user looks for them."""

from __future__ import annotations

import re

import pytest

import ember._errors
from ember import errors
from ember.errors import (
    CLIError,
    ClusterError,
    EmberError,
    EvalError,
    NoForward,
    OperatorError,
    RayError,
)

# A row of the drawing: the root, or a name after a branch (other lines continue a comment).
_ROW = re.compile(r"^(?:(?P<indent>(?:[│ ]   )*)[├└]── )?(?P<name>[A-Z]\w+)\b")


def drawn_parents() -> dict[str, str | None]:
    """Each class the docstring draws under EmberError, mapped to the class drawn above it."""
    drawing = ember._errors.__doc__.split("```")[1]
    parents: dict[str, str | None] = {}
    stack: list[str] = []
    for line in drawing.strip().splitlines():
        match = _ROW.match(line)
        if not match or line.startswith("JITWarning"):
            continue
        depth = 0 if match["indent"] is None else len(match["indent"]) // 4 + 1
        del stack[depth:]
        parents[match["name"]] = stack[-1] if stack else None
        stack.append(match["name"])
    return parents


def test_every_error_class_is_drawn_once_under_its_base() -> None:
    classes = {name: getattr(errors, name) for name in errors.__all__
               if isinstance(getattr(errors, name), type)
               and issubclass(getattr(errors, name), EmberError)}
    parents = drawn_parents()
    assert set(parents) == set(classes), (
        f"drawn but not defined: {sorted(set(parents) - set(classes))}; "
        f"defined but not drawn: {sorted(set(classes) - set(parents))}")
    for name, cls in classes.items():
        ember_bases = [b.__name__ for b in cls.__bases__ if issubclass(b, EmberError)]
        assert ember_bases == ([parents[name]] if parents[name] else []), (
            f"{name} is drawn under {parents[name]} but derives from {ember_bases}")


def test_the_cli_and_the_ray_backend_raise_errors_of_the_tree() -> None:
    import ember.cli
    from ember.ray import ray_map

    assert ember.cli.CLIError is CLIError and issubclass(CLIError, EmberError)
    assert issubclass(ClusterError, RayError) and not issubclass(ClusterError, EvalError)
    with pytest.raises(RayError, match=r"fn must be callable, got int\. Fix") as info:
        ray_map(3, [1])  # type: ignore[arg-type]
    assert not isinstance(info.value, ClusterError)  # bad input, not a cluster that failed
    with pytest.raises(RayError, match="workers must be an int >= 1, got 0"):
        ray_map(abs, [1], workers=0)


def test_cli_errors_print_one_line_and_exit_2(capsys) -> None:
    from ember.cli import main

    assert main(["eval", "sim/gpt", "no-such-file.jsonl"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ember: ") and err.count("\n") == 1 and "Traceback" not in err


def test_an_operator_without_forward_raises_no_forward() -> None:
    from ember.operators import Operator

    class Empty(Operator):
        pass

    with pytest.raises(NoForward, match=r"Empty defines neither forward\(\) nor aforward\(\)"):
        Empty()("x")
    assert issubclass(NoForward, OperatorError) and issubclass(NoForward, NotImplementedError)
