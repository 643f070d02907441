"""Reading exercise files that anyone may have written: YAML that can only build plain data.

``yaml.SafeLoader`` already refuses tags that build Python objects. On top of it this loader
refuses what safe loading lets through but an author never means: a key given twice in one
mapping (the second silently wins), nesting deep enough to exhaust Python's stack, aliases that
expand into millions of nodes ("billion laughs") or refer to themselves, and numbers too long
to convert. Every refusal is a ``yaml.YAMLError`` with a line and column, like a syntax error.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

__all__ = ["MAX_DEPTH", "MAX_NODES", "load_yaml"]

MAX_DEPTH = 40
"""Levels of nesting, aliases expanded; an exercise file needs about eight."""

MAX_NODES = 100_000
"""Values in one file once aliases are expanded; a 400-exercise library holds about 20,000."""

_MERGE = "tag:yaml.org,2002:merge"


class _StrictLoader(yaml.SafeLoader):
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None, None, f"nested more than {MAX_DEPTH} levels deep", event.start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def compose_document(self) -> Node | None:
        node = super().compose_document()
        if node is not None:
            _measure(node, 1, {})
        return node

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, MappingNode):
            seen: set[Any] = set()
            for key_node, _value in node.value:
                if not isinstance(key_node, ScalarNode) or key_node.tag == _MERGE:
                    continue
                key = self.construct_object(key_node, deep=False)
                try:
                    repeated = key in seen
                except TypeError:  # unhashable: the base class reports it
                    continue
                if repeated:
                    raise ConstructorError(
                        "while reading a mapping",
                        node.start_mark,
                        f"key '{key}' appears twice",
                        key_node.start_mark,
                    )
                seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node: ScalarNode) -> int:
        try:
            return super().construct_yaml_int(node)
        except ValueError as exc:  # more digits than Python converts
            raise ConstructorError(
                None, None, f"number cannot be read: {exc}", node.start_mark
            ) from None


_StrictLoader.add_constructor("tag:yaml.org,2002:int", _StrictLoader.construct_yaml_int)


def _too_deep(node: Node) -> yaml.YAMLError:
    return yaml.composer.ComposerError(
        None,
        None,
        f"nested more than {MAX_DEPTH} levels deep once aliases are expanded "
        "(or an alias refers to itself)",
        node.start_mark,
    )


def _measure(node: Node, depth: int, memo: dict[int, tuple[int, int]]) -> tuple[int, int]:
    """(values, height) of ``node`` with aliases expanded; memoised since aliases share nodes."""
    if depth > MAX_DEPTH:
        raise _too_deep(node)
    known = memo.get(id(node))
    if known is not None:
        if depth + known[1] - 1 > MAX_DEPTH:
            raise _too_deep(node)
        return known
    children: list[Node] = []
    if isinstance(node, SequenceNode):
        children = list(node.value)
    elif isinstance(node, MappingNode):
        children = [part for pair in node.value for part in pair]
    size, height = 1, 1
    for child in children:
        child_size, child_height = _measure(child, depth + 1, memo)
        size += child_size
        height = max(height, child_height + 1)
        if size > MAX_NODES:
            raise yaml.composer.ComposerError(
                None,
                None,
                f"more than {MAX_NODES} values once aliases are expanded",
                node.start_mark,
            )
    memo[id(node)] = (size, height)
    return size, height


def load_yaml(text: str) -> Any:
    """Plain data (dict, list, str, numbers, booleans, dates, None) or a ``yaml.YAMLError``."""
    loader = _StrictLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
