"""Path trees: the paths of a projection or an update, merged by prefix.

DynamoDB puts the document paths of a ProjectionExpression or of all the
actions of an UpdateExpression into one tree, and refuses two paths that

* overlap: one is a prefix of (or equal to) the other, "a" and "a.b"; or
* conflict: they use one attribute both as a map and as a list, "a.b" and
  "a[1]".

The paths go into the tree in reverse written order (the service reads its
parse results off a stack), and the error quotes the path being inserted as
"path one" and, as "path two", the branch it ran into, walked down by each
node's first child in Java HashMap order (see `javaorder`). Projection and
update application then walk the same tree.
"""
from __future__ import annotations

from .javaorder import hash_map_order
from .messages import PATHS_CONFLICT, PATHS_OVERLAP, problem
from .nodes import format_path


class PathTree:
    """One tree level: child element -> subtree, or None where a path ends.

    `actions` (updates only) maps the elements where a path ends to the
    update action applied there.
    """

    __slots__ = ("children", "actions", "_order")

    def __init__(self):
        self.children: dict = {}
        self.actions: dict = {}
        self._order = None

    def ordered(self) -> list:
        """The children in the order DynamoDB visits them (computed once)."""
        if self._order is None or len(self._order) != len(self.children):
            keys = list(self.children)
            self._order = hash_map_order(keys) if len(keys) > 1 else keys
        return self._order

    def insert(self, elements: tuple, action=None) -> None:
        """Add one path (raising DynamoDB's overlap/conflict errors)."""
        node = self
        last = len(elements) - 1
        for depth, element in enumerate(elements):
            if element not in node.children:
                if node.children and _kind(next(iter(node.children))) != _kind(element):
                    raise problem(PATHS_CONFLICT, "path one", format_path(elements),
                                  "path two", format_path(_branch(elements, depth, node)))
                for later in elements[depth + 1:]:
                    child = PathTree()
                    node.children[element] = child
                    node, element = child, later
                node.children[element] = None
                if action is not None:
                    node.actions[element] = action
                return
            child = node.children[element]
            if child is None or depth == last:
                raise problem(PATHS_OVERLAP, "path one", format_path(elements),
                              "path two", format_path(_branch(elements, depth, node)))
            node = child


def _kind(element) -> type:
    # All children of one node must be map keys (str) or all list indexes (int).
    return type(element)


def _branch(elements: tuple, depth: int, node: PathTree) -> list:
    """The existing path a new one ran into at `node` (depth `depth`)."""
    branch = list(elements[:depth])
    while node is not None and node.children:
        first = node.ordered()[0]
        branch.append(first)
        node = node.children[first]
    return branch


def build(paths, actions=None) -> PathTree:
    """A tree of `paths`, inserted last first as DynamoDB does."""
    root = PathTree()
    indexes = range(len(paths) - 1, -1, -1)
    for i in indexes:
        root.insert(paths[i], actions[i] if actions is not None else None)
    return root
