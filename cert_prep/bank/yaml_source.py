"""Read one YAML file safely, keeping the line and column of every value.

PyYAML's LibYAML parser (`CSafeLoader`) composes a node tree; we build plain Python
values from it ourselves so that we can
- reject tags that would construct objects, and anchors/aliases (no alias bombs);
- reject duplicate mapping keys, which YAML would silently collapse;
- remember where every value came from, so schema errors name line and column;
- remember the raw text of scalars, so `00100` (read as the number 64) can be reported
  as "quote codes" with the text the author typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, cast

import yaml
from yaml.constructor import SafeConstructor

from cert_prep.bank.limits import MAX_FILE_BYTES
from cert_prep.safe_text import excerpt, is_control, is_invisible

try:  # LibYAML is ~10x faster; the pure loader is the fallback, never a failure.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    # Another class with the same interface as the C loader's.
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 20

Path_ = tuple[Any, ...]

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SCALAR_TAGS = {_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP}


@dataclass
class Issue:
    """A problem found while reading, before it has a file path."""

    line: int
    column: int
    code: str
    message: str


@dataclass
class Scalar:
    """Where a scalar came from and how it was written."""

    line: int
    column: int
    raw: str
    tag: str
    quoted: bool


@dataclass
class YamlDocument:
    """Plain values plus the node tree, from which positions are looked up on demand.

    Recording a position for every node costs more than parsing; problems are rare.
    """

    data: Any = None
    root: yaml.Node | None = None
    issues: list[Issue] = field(default_factory=list)
    # control, bidi and zero-width characters in values: (severity, issue); the file
    # still loads (its text is shown with those characters made visible)
    characters: list[tuple[str, Issue]] = field(default_factory=list)
    # whether any unquoted all-digit text (`01382`) was read: lint warns about those
    has_plain_digits: bool = False

    def _node(self, path: Path_) -> tuple[yaml.Node | None, yaml.Node | None, bool]:
        """(value node, key node, found) at `path`; else the deepest ancestor, found=False."""
        node, key_node = self.root, None
        for part in path:
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if k.value == part:
                        node, key_node = v, k
                        break
                else:
                    return node, key_node, False
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if part >= len(node.value):
                    return node, key_node, False
                node, key_node = node.value[part], None
            else:
                return node, key_node, False
        return node, key_node, True

    def where(self, path: Path_) -> tuple[int, int]:
        """The position of the value at `path`, or of its nearest ancestor."""
        node, _, _ = self._node(tuple(path))
        return _pos(node) if node is not None else (1, 1)

    def where_key(self, path: Path_) -> tuple[int, int]:
        """The position of the mapping key that ends `path` (for unknown fields)."""
        node, key_node, _ = self._node(tuple(path))
        target = key_node if key_node is not None else node
        return _pos(target) if target is not None else (1, 1)

    def scalar(self, path: Path_) -> Scalar | None:
        node, _, found = self._node(tuple(path))
        if not found or not isinstance(node, yaml.ScalarNode):
            return None
        line, col = _pos(node)
        return Scalar(line, col, node.value, node.tag, node.style in ("'", '"', "|", ">"))


class _BadValue:
    """Stands in for a scalar that could not be read (a refused tag, `!!int "abc"`), so
    reading goes on and one lint run reports every such value; its problem is in
    `issues`. No schema accepts it, and its own schema error is not reported again."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<unreadable value>"


BAD_VALUE: Any = _BadValue()


class _Rejected(Exception):
    def __init__(self, issue: Issue):
        self.issue = issue


_constructor = SafeConstructor()
_TABBED = re.compile(r"^ *\t", re.M)
_CONTENT = re.compile(r"^[ \t]*[^#\s]", re.M)


def _line_col(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return line, column


# PyYAML's words for a line indented too far or not far enough.
_INDENT_SIGNS = (
    "expected '-' indicator",
    "expected <block end>",
    "expected key",
    "mapping values are not allowed",
)


def _check_text(raw: bytes, issues: list[Issue]) -> str | None:
    """Decode and check the bytes; None when the file cannot be parsed at all."""
    if len(raw) > MAX_FILE_BYTES:
        issues.append(
            Issue(
                1,
                1,
                "file-too-large",
                f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}. "
                "Split it into several bank files.",
            )
        )
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        issues.append(
            Issue(
                1,
                1,
                "bom",
                "file starts with a byte-order mark (BOM); save it as UTF-8 without BOM",
            )
        )
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        issues.append(Issue(1, 1, "not-utf8", "file is UTF-16; save it as UTF-8"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw, exc.start)
        issues.append(
            Issue(
                line,
                col,
                "not-utf8",
                f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8",
            )
        )
        return None
    if "\x00" in text:
        line, col = _line_col(raw, raw.index(b"\x00"))
        issues.append(Issue(line, col, "not-utf8", "file holds a NUL byte; is it a text file?"))
        return None
    if not _CONTENT.search(text):
        issues.append(Issue(1, 1, "empty-file", "file is empty"))
        return None
    bad_tab = False
    for match in _TABBED.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        issues.append(
            Issue(
                line,
                match.end() - match.start(),
                "tab-indent",
                "a tab is used for indentation; YAML needs spaces",
            )
        )
        bad_tab = True
    return None if bad_tab else text


def read_yaml(raw: bytes) -> YamlDocument:
    """Parse `raw` into plain values with positions; problems go to `issues`."""
    doc = YamlDocument()
    text = _check_text(raw, doc.issues)
    if text is None:
        return doc
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.reader.ReaderError as exc:
        # A raw control character: LibYAML refuses it before parsing.
        if _Loader.__name__ == "CSafeLoader":  # LibYAML counts bytes of UTF-8
            line, col = _line_col(text.encode("utf-8"), exc.position)
            col = len(text.split("\n")[line - 1].encode()[: col - 1].decode(errors="ignore")) + 1
        else:
            line = text.count("\n", 0, exc.position) + 1
            col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        doc.issues.append(
            Issue(
                line,
                col,
                "control-character",
                f"control character U+{code:04X}; bank text may hold tabs "
                "and newlines only (terminals act on the others)",
            )
        )
        return doc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "cannot be read"
        if exc.context and exc.context_mark:
            if exc.context.startswith("while scanning") or exc.problem_mark is None:
                # An unclosed quote or key: its end is far off (often the file's end), so
                # point at where it began.
                mark = exc.context_mark
                problem = f"{exc.context} starting here, {problem}"
            else:
                # "while parsing a block mapping": the problem's own line is the mistake
                # (a mis-indented key); the block may have begun hundreds of lines above.
                problem += f" (in the block that starts at line {exc.context_mark.line + 1})"
        if any(sign in problem for sign in _INDENT_SIGNS):
            problem += "; check this line's indentation against the lines above it"
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        doc.issues.append(Issue(line, col, "yaml-syntax", f"YAML syntax: {problem}"))
        return doc
    except yaml.YAMLError as exc:
        doc.issues.append(Issue(1, 1, "yaml-syntax", f"YAML syntax: {exc}"))
        return doc
    if node is None:
        doc.issues.append(Issue(1, 1, "empty-file", "file is empty"))
        return doc
    doc.root = node
    # Without an `&` there can be no anchor, so no alias: skip the shared-node check.
    seen: set[int] | None = set() if "&" in text else None
    plain_digits: list[bool] = []
    try:
        doc.data = _build(node, seen, 0, plain_digits, doc.issues)
        doc.has_plain_digits = bool(plain_digits)
    except _Rejected as rejected:
        issue = rejected.issue
        if issue.code == "yaml-alias":
            issue = _first_alias(text) or issue
        doc.issues.append(issue)
        doc.data = None
        return doc
    if _MAYBE_UNSAFE.search(text):
        doc.characters = _unsafe_characters(node, text)
    return doc


# A raw unsafe character, or a backslash that may escape one in a double-quoted scalar.
_MAYBE_UNSAFE = re.compile(
    "[\\\\\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff]"
)
# Values that are matched exactly (ids, keys, codes): an invisible character there is an
# error, since two ids that look the same would differ.
_EXACT_FIELDS = {
    "id",
    "answer",
    "codes",
    "case",
    "domain",
    "exam",
    "tags",
    "code_system",
    "type",
    "sequence",
}


def _unsafe_characters(root: yaml.Node, text: str) -> list[tuple[str, Issue]]:
    """Control characters (errors) and bidi/zero-width characters in every scalar."""
    found: list[tuple[str, Issue]] = []
    stack: list[tuple[yaml.Node, str, bool]] = [(root, "", False)]
    while stack:
        node, field_name, is_key = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in reversed(node.value):
                stack.append((value_node, str(key_node.value), False))
                stack.append((key_node, str(key_node.value), True))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, field_name, False) for child in reversed(node.value))
        elif isinstance(node, yaml.ScalarNode):
            issue = _scalar_characters(node, field_name, is_key, text)
            if issue is not None:
                found.append(issue)
    found.sort(key=lambda pair: (pair[1].line, pair[1].column))
    return found


def _scalar_characters(
    node: yaml.ScalarNode, field_name: str, is_key: bool, text: str
) -> tuple[str, Issue] | None:
    value = node.value
    bad = next((c for c in value if is_control(c)), None)
    exact = is_key or field_name in _EXACT_FIELDS
    where = "a key" if is_key else f"`{excerpt(field_name, 30)}`" if field_name else "a value"
    if bad is not None:
        line, col = _char_position(node, bad, text)
        return "error", Issue(
            line,
            col,
            "control-character",
            f"control character U+{ord(bad):04X} in {where}; bank text may "
            "hold tabs and newlines only (terminals act on the others)",
        )
    odd = next((c for c in value if is_invisible(c)), None)
    if odd is None:
        return None
    line, col = _char_position(node, odd, text)
    what = "an id or code" if exact else "text"
    return ("error" if exact else "warning"), Issue(
        line,
        col,
        "invisible-character",
        f"bidirectional or zero-width character U+{ord(odd):04X} in {where}; in {what} it "
        "makes the value read differently from what it is",
    )


def _char_position(node: yaml.Node, char: str, text: str) -> tuple[int, int]:
    """Where `char` is typed inside the scalar, else (written as an escape) the scalar."""
    start, end = node.start_mark.index, node.end_mark.index
    at = text.find(char, start, end)
    if at < 0:
        return _pos(node)
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def _first_alias(text: str) -> Issue | None:
    """Where the first alias is used (composing only shows where its anchor is)."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            mark = event.start_mark
            line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            return Issue(
                line,
                col,
                "yaml-alias",
                f"alias *{event.anchor} is not allowed in bank files; "
                "anchors and aliases (&name, *name) must be written out",
            )
    return None


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _build(
    node: yaml.Node, seen: set[int] | None, depth: int, plain_digits: list[bool], bad: list[Issue]
) -> Any:
    """Plain values from nodes; notes in `plain_digits` unquoted all-digit text (`01382`).
    A tag or value that cannot be read goes to `bad` and is read on as if untagged (a
    list, a mapping) or as BAD_VALUE (a scalar); anchors, merge keys, duplicate keys and
    deep nesting stop the reading (the file's shape cannot be trusted)."""
    if seen is not None:
        if id(node) in seen:
            line, col = _pos(node)
            raise _Rejected(
                Issue(
                    line,
                    col,
                    "yaml-alias",
                    "anchors and aliases (&name, *name) are not allowed in bank "
                    "files; write the text out",
                )
            )
        seen.add(id(node))
    cls = node.__class__
    if cls is yaml.ScalarNode:  # `is`, not isinstance: this runs for every node of a bank
        node = cast(yaml.ScalarNode, node)
        if node.tag == _STR:
            if not node.style and node.value.isdigit():  # LibYAML gives "" for plain
                plain_digits.append(True)
            return node.value
        if node.tag not in _SCALAR_TAGS:
            bad.append(_tag_issue(node))
            return BAD_VALUE
        return _checked_scalar(node, bad)
    if depth > MAX_DEPTH:
        line, col = _pos(node)
        raise _Rejected(Issue(line, col, "yaml-syntax", "nesting is too deep"))
    if cls is yaml.SequenceNode:
        if node.tag != _SEQ:
            bad.append(_tag_issue(node))
        return [_build(child, seen, depth + 1, plain_digits, bad) for child in node.value]
    if cls is yaml.MappingNode:
        if node.tag != _MAP:
            bad.append(_tag_issue(node))
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                kline, kcol = _pos(key_node)
                raise _Rejected(
                    Issue(
                        kline, kcol, "yaml-alias", "merge keys (<<) are not allowed in bank files"
                    )
                )
            if key_node.__class__ is not yaml.ScalarNode or key_node.tag not in _SCALAR_TAGS:
                kline, kcol = _pos(key_node)
                raise _Rejected(Issue(kline, kcol, "wrong-type", "a key must be plain text"))
            key = key_node.value  # keys stay as typed: `A`, `99213`, `yes` are all text
            if key in result:
                kline, kcol = _pos(key_node)
                raise _Rejected(
                    Issue(
                        kline,
                        kcol,
                        "duplicate-key",
                        f"`{excerpt(key)}` appears twice in the same mapping; "
                        "YAML would silently keep only the last one",
                    )
                )
            result[key] = _build(value_node, seen, depth + 1, plain_digits, bad)
        return result
    line, col = _pos(node)  # pragma: no cover - PyYAML has no other node kinds
    raise _Rejected(Issue(line, col, "yaml-syntax", "unsupported YAML node"))


_KIND = {
    _INT: "an integer",
    _FLOAT: "a number",
    _BOOL: "true/false",
    _TIMESTAMP: "a date or timestamp",
}


def _checked_scalar(node: yaml.ScalarNode, bad: list[Issue]) -> Any:
    """The scalar's value; a value its tag cannot hold goes to `bad` (BAD_VALUE instead).

    PyYAML raises all sorts of errors for `!!int "abc"`, `2023-02-29`, `0000-01-01`,
    `!!bool "maybe"` or a 5,000-digit integer; none of them may escape a bank file.
    """
    try:
        return _scalar_value(node)
    except Exception as exc:
        line, col = _pos(node)
        reason = "too many digits" if "digits" in str(exc) else "not a valid value"
        bad.append(
            Issue(
                line,
                col,
                "bad-value",
                f"`{excerpt(node.value, 40)}` cannot be read as "
                f"{_KIND.get(node.tag, 'a value')} ({reason}); "
                "put it in quotes if it is text",
            )
        )
        return BAD_VALUE


def _scalar_value(node: yaml.ScalarNode) -> Any:
    # Direct constructor calls: `construct_object` would cache every node forever.
    if node.tag == _STR:
        return node.value
    if node.tag == _NULL:
        return None
    build = {
        _INT: _constructor.construct_yaml_int,
        _FLOAT: _constructor.construct_yaml_float,
        _BOOL: _constructor.construct_yaml_bool,
        _TIMESTAMP: _constructor.construct_yaml_timestamp,
    }[node.tag]
    return build(node)


def _tag_issue(node: yaml.Node) -> Issue:
    line, col = _pos(node)
    return Issue(
        line,
        col,
        "yaml-tag",
        f"YAML tag `{node.tag}` is not allowed; bank files hold plain text, "
        "lists and mappings only",
    )
