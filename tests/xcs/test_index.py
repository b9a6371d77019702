"""`TreeIndex.find` answers as a walk of the tree does, on real code, by either of its paths.

Large subtrees are searched through lists of node numbers by type, small ones by a look at
each node: both must give what `walk_scope` (or `ast.walk`, for nested) gives, in its order.
"""

from __future__ import annotations

import ast
import inspect

import pytest

from ember.xcs import _index, _moves, _rewrite, _stmt
from ember.xcs._index import TreeIndex, walk_scope

KINDS = [ast.Call, (ast.Name, ast.Call), (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete),
         (ast.Return, ast.Yield, ast.Break, ast.Continue), (ast.Lambda, ast.comprehension)]


def _trees() -> list[ast.AST]:
    return [ast.parse(inspect.getsource(m)) for m in (_index, _moves, _rewrite, _stmt)]


@pytest.mark.parametrize("tree", _trees(), ids=["_index", "_moves", "_rewrite", "_stmt"])
def test_find_gives_what_a_walk_gives(tree: ast.AST) -> None:
    index = TreeIndex(tree)
    large = 0
    for node in [tree, *ast.walk(tree)]:
        if not isinstance(node, ast.stmt | ast.Module | ast.expr):
            continue
        large += len(list(ast.walk(node))) > _index._LARGE
        for kinds in KINDS:
            wanted = kinds if isinstance(kinds, tuple) else (kinds,)
            walk = [n for n in walk_scope(node) if type(n) in wanted]
            assert index.find(node, kinds) == walk
            assert index.find(node, kinds, itself=True) == (
                [node, *walk] if type(node) in wanted else walk)
            nested = [n for n in ast.walk(node) if type(n) in wanted and n is not node]
            assert sorted(map(id, index.find(node, kinds, nested=True))) == sorted(map(id, nested))
    assert large >= 5  # the by-type path was taken
