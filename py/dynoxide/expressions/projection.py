"""ProjectionExpression (and AttributesToGet): which parts of an item to return.

Projecting walks the path tree over the item. A map keeps only the
projected keys; a list keeps only the projected indexes, in index order and
compacted (projecting `l[3], l[1]` of a five-element list gives a
two-element list holding elements 1 and 3). Paths that do not resolve are
left out, and a map or list that ends up empty is left out with them.
"""
from __future__ import annotations

from .paths import PathTree


class Projection:
    """A bound projection: a path tree plus the resolved paths as written.

    >>> from dynoxide.expressions.paths import build
    >>> p = Projection(build([("a", "b")]), [("a", "b")])
    >>> p.apply({"a": {"M": {"b": {"S": "x"}, "c": {"S": "y"}}}, "d": {"N": "1"}})
    {'a': {'M': {'b': {'S': 'x'}}}}
    """

    __slots__ = ("tree", "paths")

    def __init__(self, tree: PathTree, paths: list):
        self.tree = tree
        self.paths = paths

    def apply(self, item: dict | None) -> dict:
        if not item:
            return {}
        return project_map(self.tree, item)

    def top_level_names(self) -> set[str]:
        return {path[0] for path in self.paths}

    def nested_top_level_names(self) -> set[str]:
        return {path[0] for path in self.paths if len(path) > 1}


def project_map(tree: PathTree, entries: dict) -> dict:
    out = {}
    for key, subtree in tree.children.items():
        if not isinstance(key, str) or key not in entries:
            continue
        child = entries[key] if subtree is None else project_value(subtree, entries[key])
        if child is not None:
            out[key] = child
    return out


def project_value(tree: PathTree, value: dict):
    """Project below one value; None when nothing of it is selected."""
    if not isinstance(value, dict):
        return None
    if "M" in value and isinstance(value["M"], dict):
        inner = project_map(tree, value["M"])
        return {"M": inner} if inner else None
    if "L" in value and isinstance(value["L"], list):
        elements = value["L"]
        kept = []
        for index in sorted(k for k in tree.children if isinstance(k, int)):
            if index >= len(elements):
                continue
            subtree = tree.children[index]
            child = elements[index] if subtree is None else project_value(subtree, elements[index])
            if child is not None:
                kept.append(child)
        return {"L": kept} if kept else None
    return None
