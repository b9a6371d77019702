"""NON ("networks of networks") compact notation: whole systems in a line.

``build_graph(["5E@openai/gpt-4o(temp=0.7)", "1J@anthropic/claude-sonnet-4"])`` builds a
system that asks five GPT-4o calls at once and has Claude judge their answers. Node codes:
``E`` (ensemble), ``J`` (judge), ``M`` (most common), ``V`` (verifier); `register_node` adds
more and `register_alias` adds parameter aliases (``temp`` is ``temperature``). The system
runs dependency-driven on Ember's scheduler and explains and draws itself.

Examples:
    >>> from ember.non import build_graph
    >>> system = build_graph("3E@sim/gpt(latency=0.01) + 2E@sim/claude(latency=0.01) -> 1M")
    >>> len(system(query="Name a primary colour").responses)
    5
"""

from ember.non import _nodes as _nodes  # registers the built-in node codes
from ember.non._explain import GraphExplanation as GraphExplanation
from ember.non._graph import Graph as Graph
from ember.non._graph import GraphNode as GraphNode
from ember.non._graph import build_graph as build_graph
from ember.non._notation import ALIASES as ALIASES
from ember.non._notation import MAX_COUNT as MAX_COUNT
from ember.non._notation import GraphSpec as GraphSpec
from ember.non._notation import NodeSpec as NodeSpec
from ember.non._notation import StageSpec as StageSpec
from ember.non._notation import parse as parse
from ember.non._registry import NodeType as NodeType
from ember.non._registry import node_types as node_types
from ember.non._registry import register_alias as register_alias
from ember.non._registry import register_node as register_node
from ember.non._registry import unregister_node as unregister_node

__all__ = [
    "ALIASES",
    "MAX_COUNT",
    "Graph",
    "GraphExplanation",
    "GraphNode",
    "GraphSpec",
    "NodeSpec",
    "NodeType",
    "StageSpec",
    "build_graph",
    "node_types",
    "parse",
    "register_alias",
    "register_node",
    "unregister_node",
]
