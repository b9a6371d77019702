"""The built-in node codes: E (ensemble), J (judge), M (most common), V (verifier).

- ``nE@model``: n calls of the model on the query, in flight at once. In a later stage each
  call also sees the previous stage's answers and gives its own (layered ensembles). A
  ``seed`` gives copy i the seed ``seed + i``; without one, ``sim/`` copies get seed i, so
  they differ as sampled models do.
- ``nJ@model``: n judges, each synthesising one answer from all the previous answers.
- ``1M``: majority vote over the previous answers (no model).
- ``1V@model``: verify each previous answer, revising it up to ``max_rounds`` times
  (``rounds`` for short; default 2).
"""

from __future__ import annotations

from typing import Any, ClassVar

from ember.non._notation import NodeSpec
from ember.non._registry import register_node
from ember.operators import Judge, Model, MostCommon, Operator, Verifier, as_model
from ember.operators.lowlevel import format_candidates

__all__ = ["REFINE_PROMPT", "model_params"]

REFINE_PROMPT = """\
{query}

Earlier answers to this question:
{candidates}

Using what is right in them, give your own best answer."""


def model_params(node: NodeSpec, options: Any = ()) -> dict[str, Any]:
    """The node's parameters that go to its model (all but the node's own options)."""
    return {k: v for k, v in node.params if k not in options}


class Member(Operator):
    """One ensemble call: the query (with earlier answers, if any) to one model."""

    __ember_io__: ClassVar[str] = "read"

    model: Model

    async def aforward(self, query: str, inputs: tuple[Any, ...] = ()) -> Any:
        if inputs:
            prompt = REFINE_PROMPT.format(query=query, candidates=format_candidates(inputs))
        else:
            prompt = query
        return await self.model.acall(prompt)


class JudgeNode(Operator):
    """A judge over the incoming answers."""

    __ember_io__: ClassVar[str] = "read"

    judge: Judge

    async def aforward(self, query: str, inputs: tuple[Any, ...]) -> Any:
        return await self.judge.aforward(query, inputs)


class VoteNode(Operator):
    """Majority vote over the incoming answers."""

    __ember_io__: ClassVar[str] = "pure"

    vote: MostCommon

    async def aforward(self, query: str, inputs: tuple[Any, ...]) -> Any:
        return self.vote.forward(inputs)


class VerifyNode(Operator):
    """Verify (and revise) one incoming answer."""

    __ember_io__: ClassVar[str] = "read"

    verifier: Verifier

    async def aforward(self, query: str, inputs: tuple[Any, ...]) -> Any:
        return await self.verifier.aforward(query, inputs[0])


def _ensemble(node: NodeSpec, index: int) -> Member:
    params = model_params(node)
    seed = params.get("seed")
    if isinstance(seed, int) and not isinstance(seed, bool):
        params["seed"] = seed + index
    elif seed is None and str(node.model).startswith("sim/"):
        params["seed"] = index  # simulated copies differ as sampled ones would
    return Member(as_model(node.model, params, who=f"{node.count}{node.code}"))


def _judge(node: NodeSpec, index: int) -> JudgeNode:
    return JudgeNode(Judge(node.model, **model_params(node)))


def _vote(node: NodeSpec, index: int) -> VoteNode:
    return VoteNode(MostCommon())


def _verify(node: NodeSpec, index: int) -> VerifyNode:
    rounds = node.settings.get("max_rounds", 2)
    return VerifyNode(Verifier(node.model, max_rounds=rounds,
                               **model_params(node, ("max_rounds",))))


register_node("E", _ensemble, name="ensemble",
              description="n calls of one model on the query, all at once")
register_node("J", _judge, name="judge", needs_inputs=True,
              description="synthesises one answer from all the previous answers")
register_node("M", _vote, name="most common", model="none", needs_inputs=True, single=True,
              calls=0, description="majority vote over the previous answers")
register_node("V", _verify, name="verifier", needs_inputs=True, each=True,
              options={"max_rounds": int},
              description="verifies and revises each previous answer")
