"""Reading questionnaire YAML (safe loader only), keeping where each value was written."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path_ = tuple[str | int, ...]  # a location inside the document: mapping keys and list indexes

# An alias-heavy file ("billion laughs") would expand into millions of nodes: stop early.
MAX_NODES = 200_000


class YamlProblem(Exception):
    """The text is not usable YAML; `line`/`column` are 1-based when known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass
class YamlDocument:
    """Parsed data plus the node written at each location, for line numbers and raw scalars."""

    data: Any
    nodes: dict[Path_, yaml.Node] = field(default_factory=dict)
    duplicate_keys: list[tuple[Path_, str]] = field(default_factory=list)

    def line(self, path: Path_) -> int | None:
        """The 1-based line of the value at `path`, or of its nearest written parent."""
        for end in range(len(path), -1, -1):
            node = self.nodes.get(path[:end])
            if node is not None:
                return node.start_mark.line + 1
        return None

    def raw_scalar(self, path: Path_) -> str | None:
        """The scalar at `path` exactly as written (so `01` stays "01", `yes` stays "yes")."""
        node = self.nodes.get(path)
        if isinstance(node, yaml.ScalarNode):
            return str(node.value)
        return None


def read_yaml(source: str) -> YamlDocument:
    """Parse one YAML document with the safe loader; raises YamlProblem on bad syntax."""
    loader = yaml.SafeLoader(source)
    try:
        node = loader.get_single_node()
        document = YamlDocument(data=None)
        if node is not None:
            _index(node, (), document, set(), [0])
            document.data = loader.construct_document(node)
        return document
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            # "while parsing a flow mapping" reads as an aside; "expected a single document"
            # reads as the start of the sentence.
            if exc.context.startswith("while"):
                problem = f"{exc.problem} ({exc.context})"
            else:
                problem = f"{exc.context}, {exc.problem}"
        if mark is None:
            raise YamlProblem(problem) from exc
        raise YamlProblem(problem, mark.line + 1, mark.column + 1) from exc
    except yaml.reader.ReaderError as exc:
        line = source.count("\n", 0, exc.position) + 1
        column = exc.position - (source.rfind("\n", 0, exc.position) + 1) + 1
        raise YamlProblem(f"unacceptable character #x{exc.character:04x}", line, column) from exc
    except yaml.YAMLError as exc:
        raise YamlProblem(str(exc)) from exc
    finally:
        loader.dispose()


def _index(
    node: yaml.Node, path: Path_, doc: YamlDocument, active: set[int], count: list[int]
) -> None:
    count[0] += 1
    if count[0] > MAX_NODES:
        raise YamlProblem(
            f"the document expands to more than {MAX_NODES} values (too many aliases)"
        )
    if id(node) in active:
        line = node.start_mark.line + 1
        raise YamlProblem("an anchor refers to itself (recursive alias)", line)
    doc.nodes.setdefault(path, node)
    if isinstance(node, yaml.MappingNode):
        active.add(id(node))
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
                continue
            key = str(key_node.value)
            if key in seen:
                doc.duplicate_keys.append((path, key))
                doc.nodes.setdefault((*path, f"<duplicate {key}>"), key_node)
                continue
            seen.add(key)
            _index(value_node, (*path, key), doc, active, count)
        active.discard(id(node))
    elif isinstance(node, yaml.SequenceNode):
        active.add(id(node))
        for i, item in enumerate(node.value):
            _index(item, (*path, i), doc, active, count)
        active.discard(id(node))
