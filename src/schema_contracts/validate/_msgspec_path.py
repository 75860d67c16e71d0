r"""The fast accept path on msgspec, for an installation built without a C compiler (see ``_fast.py``).

``compile_msgspec_path(schema_document)`` translates a schema file (never the models) into msgspec types with
constraints, plus a small generated check for what msgspec types cannot carry (``if``/``then``/``else``,
``not``, ``allOf``, the contract's base64 rule). ``MsgspecPath.accepts(raw)`` is True only when the payload is
certainly valid:

- msgspec decoded it into those types; its parser refuses all that orjson refuses (NaN, ``1e309``, lone
  surrogates, invalid UTF-8, control characters), and every keyword is translated exactly or more strictly
  (integers stay within orjson's exact range, objects refuse unknown members, overlapping alternatives are
  not translated at all); a keyword it cannot translate makes ``compile_msgspec_path`` return None;
- the generated check passed;
- no object repeated a key (the screen below), and no free-form value nests deeper than ``MAX_FAST_DEPTH``.

Anything else is False and the caller takes the exact path (orjson, then jsonschema-rs), which decides and
explains. A False is never a verdict; a True always agrees with the exact path: the property tests
(tests/property/test_fast_path.py) check it against python-jsonschema and jsonschema-rs.

The repeated-key screen, one pass over the bytes in C: in JSON text every object member has exactly one
colon after its key, and a colon anywhere else is a literal character inside a string. So the colons of
``raw`` number (members in the text) + (colons inside its strings). Decoding keeps every kept string once and
drops repeated members; a kept string decodes to exactly the colons it holds in the text unless the text
spelt one as ``\u003a``, which is excluded. So when the colons of ``raw`` equal (members kept) + (colons in
the kept keys and strings), the text holds no member that was not kept: no key was repeated. It holds for
any layout (compact, ``json.dumps``'s ``", "`` and ``": "``, pretty-printed).
"""

from __future__ import annotations

import itertools
import keyword
from collections.abc import Callable
from typing import Annotated, Any, Literal, NamedTuple, Union

import msgspec
import orjson

from schema_contracts.base64_rule import is_contract_base64
from schema_contracts.validate._program import (
    ANNOTATIONS,
    MAX_FAST_DEPTH,
    NESTING,
    SchemaWalker,
    Unsupported,
    exact_bound,
    length_bound,
)

__all__ = ["MsgspecPath", "compile_msgspec_path"]

# The generated accounting adds members in the high bits of one integer and string colons in the low bits.
_SHIFT = 48
_MEMBER = 1 << _SHIFT
_COLONS = _MEMBER - 1
# orjson keeps integers exact up to 2**64 - 1 (beyond, they become floats); msgspec bounds are 64-bit signed.
_INT_MIN, _INT_MAX = -(2**63), 2**63 - 1
_V = "\x00"  # placeholder for the value in generated expressions (repr() never leaves a raw NUL in a literal)

_ALL_KINDS = frozenset({"null", "boolean", "string", "number", "object", "array"})

# How a decoded value of each JSON kind looks in Python (msgspec decodes objects into Structs or dicts).
_KIND_TESTS = {
    "null": f"{_V} is None",
    "boolean": f"{_V}.__class__ is bool",
    "string": f"{_V}.__class__ is str",
    "number": f"({_V}.__class__ is int or {_V}.__class__ is float)",
    "integer": f"({_V}.__class__ is int or ({_V}.__class__ is float and {_V}.is_integer()))",
    "object": f"isinstance({_V}, (dict, _Struct))",
    "array": f"{_V}.__class__ is list",
}


class _Node:
    """A translated subschema: its msgspec type, the JSON kinds it accepts, and how to account for a value."""

    def __init__(self, kinds: frozenset[str], annotation: Any) -> None:
        self.kinds = kinds
        self.annotation = annotation
        self.checks: list[str] = []  # expressions over _V that must hold

    def emit(self, gen: _Generator, var: str, out: list[str], indent: str) -> None:
        """Statements adding ``var``'s members and string colons to ``n``, returning -1 when a check fails."""
        for check in self.checks:
            out.append(f"{indent}if not ({check.replace(_V, var)}): return -1")


class _Scalar(_Node):
    def __init__(self, kinds: frozenset[str], annotation: Any, colons: bool = False) -> None:
        super().__init__(kinds, annotation)
        self.colons = colons

    def emit(self, gen: _Generator, var: str, out: list[str], indent: str) -> None:
        if self.colons and gen.count_colons:
            out.append(f"{indent}n += {var}.count(':')")
            gen.string_colons = True
        super().emit(gen, var, out, indent)


class _Free(_Node):
    """Any JSON value, or any object: decoded to plain Python values and walked for the screen."""

    def emit(self, gen: _Generator, var: str, out: list[str], indent: str) -> None:
        out.append(f"{indent}r = _walk({var}, {MAX_FAST_DEPTH})")
        out.append(f"{indent}if r < 0: return -1")
        out.append(f"{indent}n += r")
        super().emit(gen, var, out, indent)


class _List(_Node):
    def __init__(self, item: _Node, annotation: Any) -> None:
        super().__init__(frozenset({"array"}), annotation)
        self.item = item

    def emit(self, gen: _Generator, var: str, out: list[str], indent: str) -> None:
        item = gen.fresh("x")
        body: list[str] = []
        self.item.emit(gen, item, body, indent + "    ")
        if body:
            out.append(f"{indent}for {item} in {var}:")
            out.extend(body)
        super().emit(gen, var, out, indent)


class _Field:
    def __init__(self, attribute: str, node: _Node, required: bool) -> None:
        self.attribute = attribute
        self.node = node
        self.required = required


class _Struct(_Node):
    def __init__(self, function: str, annotation: Any, fields: dict[str, _Field]) -> None:
        super().__init__(frozenset({"object"}), annotation)
        self.function = function
        self.fields = fields

    def emit(self, gen: _Generator, var: str, out: list[str], indent: str) -> None:
        out.append(f"{indent}r = {self.function}({var})")
        out.append(f"{indent}if r < 0: return -1")
        out.append(f"{indent}n += r")
        super().emit(gen, var, out, indent)


class _Union(_Node):
    def __init__(self, branches: list[_Node]) -> None:
        seen: set[str] = set()
        for branch in branches:
            if branch.kinds & seen:
                raise Unsupported("alternatives that overlap: anyOf and oneOf would need a search")
            seen |= branch.kinds
        annotation = _union(*(branch.annotation for branch in branches))
        super().__init__(frozenset(seen), annotation)
        self.branches = branches

    def emit(self, gen: _Generator, var: str, out: list[str], indent: str) -> None:
        opener = "if"
        for branch in self.branches:
            body: list[str] = []
            branch.emit(gen, var, body, indent + "    ")
            if body:
                test = " or ".join(_KIND_TESTS[kind].replace(_V, var) for kind in sorted(branch.kinds))
                out.append(f"{indent}{opener} {test}:")
                out.extend(body)
                opener = "elif"
        super().emit(gen, var, out, indent)


def _walk(value: Any, depth: int) -> int:
    """Members and string colons of a free-form value (see the module docstring); -1 when too deep."""
    if depth <= 0:
        return -1
    if value.__class__ is str:
        return int(value.count(":"))
    total = 0
    if value.__class__ is dict:
        total = len(value) * _MEMBER
        for key, item in value.items():
            total += key.count(":")
            if item.__class__ in (dict, list, str):
                inner = _walk(item, depth - 1)
                if inner < 0:
                    return -1
                total += inner
    elif value.__class__ is list:
        for item in value:
            if item.__class__ in (dict, list, str):
                inner = _walk(item, depth - 1)
                if inner < 0:
                    return -1
                total += inner
    return total


def _union(*annotations: Any) -> Any:
    """``Union[...]`` of annotations made at run time (msgspec reads it like any written union)."""
    union: Any = Union
    return union[annotations]


def _meta(annotation: Any, bounds: dict[str, Any]) -> Any:
    return Annotated[annotation, msgspec.Meta(**bounds)] if bounds else annotation


class _Generator(SchemaWalker):
    """Translates one schema document into a node tree and the generated accounting functions."""

    def __init__(self, document: dict[str, Any], all_present: bool, count_colons: bool = True) -> None:
        super().__init__(document)
        self.all_present = all_present  # every property is taken as required (stricter; simpler accounting)
        self.count_colons = count_colons  # False: the checks only (the compact screen needs no colon count)
        self.string_colons = False  # whether a typed string (not an enum, not base64) may hold colons
        self.renamed = False  # whether a property needed an attribute name other than its own
        self.functions: list[str] = []
        self.namespace: dict[str, Any] = {
            "_walk": _walk,
            "_UNSET": msgspec.UNSET,
            "_Struct": msgspec.Struct,
            "_is_base64": is_contract_base64,
        }
        self._counter = itertools.count()

    def fresh(self, prefix: str) -> str:
        return f"_{prefix}{next(self._counter)}"

    # -- schema to node ------------------------------------------------------------------------------------
    def node(self, schema: Any, depth: int = 0) -> _Node:
        parts = self.split(schema, depth)
        if parts is None:
            return _Free(_ALL_KINDS, Any)
        schema, base64, conditions = parts
        if "$ref" in schema:
            return self.follow(schema["$ref"], lambda target: self.node(target, depth + 1))
        if "anyOf" in schema or "oneOf" in schema:
            node = self._alternatives(schema, depth)
        else:
            node = self._typed(schema, depth)
        if conditions:
            node.checks.append(self.predicate(conditions, node, depth + 1))
        if base64:
            if isinstance(node, _Scalar):
                node.colons = False  # a contract base64 string holds no colon; the check runs before the count counts
            node.checks.append(f"({_V}.__class__ is not str or _is_base64({_V}))")
        return node

    def _alternatives(self, schema: dict[str, Any], depth: int) -> _Node:
        name = "anyOf" if "anyOf" in schema else "oneOf"
        branches = schema.pop(name)
        if schema or not isinstance(branches, list) or not branches:
            raise Unsupported("alternatives with sibling keywords")
        nodes = [self.node(branch, depth + 1) for branch in branches]
        return nodes[0] if len(nodes) == 1 else _Union(nodes)

    def _typed(self, schema: dict[str, Any], depth: int) -> _Node:
        if "enum" in schema or "const" in schema:
            return self._enum(schema)
        kind = schema.pop("type", None)
        if kind is None:
            if schema:
                raise Unsupported(f"keywords without a type: {sorted(schema)}")
            return _Free(_ALL_KINDS, Any)
        if isinstance(kind, list):
            if not kind:
                raise Unsupported("an empty type list")
            if len(kind) > 1:
                return _Union([self._typed({**schema, "type": one}, depth) for one in kind])
            kind = kind[0]
        builders: dict[Any, Callable[[dict[str, Any], int], _Node]] = {
            "string": self._string,
            "integer": self._integer,
            "number": self._number,
            "boolean": lambda rest, _: self._plain(rest, "boolean", bool),
            "null": lambda rest, _: self._plain(rest, "null", None),
            "object": self._object,
            "array": self._array,
        }
        if kind not in builders:
            raise Unsupported(f"type {kind!r}")
        return builders[kind](schema, depth)

    def _enum(self, schema: dict[str, Any]) -> _Node:
        values = schema.pop("enum") if "enum" in schema else [schema.pop("const")]
        kind = schema.pop("type", None)
        if schema or not isinstance(values, list) or not values:
            raise Unsupported("enum with other keywords, or an empty enum")
        strings = [value for value in values if isinstance(value, str)]
        if len(strings) + values.count(None) != len(values) or any(value is None for value in strings):
            raise Unsupported("an enum of anything but strings and null")
        allowed = {"string", "null"} if kind is None else set(kind if isinstance(kind, list) else [kind])
        branches: list[_Node] = []
        if strings and "string" in allowed:
            colons = any(":" in value for value in strings)
            branches.append(_Scalar(frozenset({"string"}), Literal[tuple(strings)], colons))
        if None in values and "null" in allowed:
            branches.append(_Scalar(frozenset({"null"}), None))
        if not branches:
            raise Unsupported("an enum that its type excludes")
        return branches[0] if len(branches) == 1 else _Union(branches)

    def _string(self, schema: dict[str, Any], depth: int) -> _Node:
        bounds = {}
        if "minLength" in schema:
            bounds["min_length"] = length_bound(schema.pop("minLength"))
        if "maxLength" in schema:
            bounds["max_length"] = length_bound(schema.pop("maxLength"))
        self._nothing_left(schema, "string")
        return _Scalar(frozenset({"string"}), _meta(str, bounds), colons=True)

    @staticmethod
    def _numeric_bounds(schema: dict[str, Any]) -> dict[str, int | float]:
        names = {"minimum": "ge", "maximum": "le", "exclusiveMinimum": "gt", "exclusiveMaximum": "lt"}
        return {names[key]: exact_bound(schema.pop(key)) for key in list(names) if key in schema}

    def _integer(self, schema: dict[str, Any], depth: int) -> _Node:
        bounds = self._numeric_bounds(schema)
        self._nothing_left(schema, "integer")
        if any(isinstance(value, float) for value in bounds.values()):
            raise Unsupported("a fractional bound on an integer")
        lower = {key: value for key, value in bounds.items() if key in ("ge", "gt")} or {"ge": _INT_MIN}
        upper = {key: value for key, value in bounds.items() if key in ("le", "lt")} or {"le": _INT_MAX}
        return _Scalar(frozenset({"number"}), _meta(int, {**lower, **upper}))

    def _number(self, schema: dict[str, Any], depth: int) -> _Node:
        bounds = self._numeric_bounds(schema)
        self._nothing_left(schema, "number")
        # An integer stays an integer (compared exactly, never rounded to a double), within orjson's exact range.
        lower = {key: value for key, value in bounds.items() if key in ("ge", "gt")} or {"ge": _INT_MIN}
        upper = {key: value for key, value in bounds.items() if key in ("le", "lt")} or {"le": _INT_MAX}
        annotation = _union(_meta(int, {**lower, **upper}), _meta(float, bounds))
        return _Scalar(frozenset({"number"}), annotation)

    def _plain(self, schema: dict[str, Any], kind: str, annotation: Any) -> _Node:
        self._nothing_left(schema, kind)
        return _Scalar(frozenset({kind}), annotation)

    def _array(self, schema: dict[str, Any], depth: int) -> _Node:
        item = self.node(schema.pop("items", True), depth + 1)
        bounds = {}
        if "minItems" in schema:
            bounds["min_length"] = length_bound(schema.pop("minItems"))
        if "maxItems" in schema:
            bounds["max_length"] = length_bound(schema.pop("maxItems"))
        self._nothing_left(schema, "array")
        return _List(item, _meta(list[item.annotation], bounds))  # type: ignore[name-defined]

    def _object(self, schema: dict[str, Any], depth: int) -> _Node:
        properties = schema.pop("properties", None)
        required = schema.pop("required", [])
        extra = schema.pop("additionalProperties", True)
        self._nothing_left(schema, "object")
        if not isinstance(required, list) or not all(isinstance(name, str) for name in required):
            raise Unsupported("a malformed required list")
        if properties is None and not required and extra is True:
            return _Free(frozenset({"object"}), dict[str, Any])
        if properties is None or extra not in (True, False) or not isinstance(properties, dict):
            raise Unsupported("additionalProperties with a schema, or required names without properties")
        if not set(required) <= set(properties):
            raise Unsupported("a required name that is not a property")
        return self._struct(properties, set(properties) if self.all_present else set(required), depth)

    def _struct(self, properties: dict[str, Any], required: set[str], depth: int) -> _Struct:
        """A Struct refusing unknown members (stricter than additionalProperties: true, so sound)."""
        function = self.fresh("s")
        annotations: list[Any] = []
        rename: dict[str, str] = {}
        fields: dict[str, _Field] = {}
        constant = sum(_MEMBER + name.count(":") for name in required)
        body = [f"def {function}(o):", f"    n = {constant}"]
        for index, name in enumerate(properties):
            attribute = name
            if not name.isidentifier() or keyword.iskeyword(name) or name.startswith("_"):
                attribute = f"f{index}"
                self.renamed = True
            rename[attribute] = name
            node = self.node(properties[name], depth + 1)
            fields[name] = _Field(attribute, node, name in required)
            if name in required:
                annotations.append((attribute, node.annotation))
                node.emit(self, f"o.{attribute}", body, "    ")
                continue
            annotations.append((attribute, _union(node.annotation, msgspec.UnsetType), msgspec.UNSET))
            body += [f"    v = o.{attribute}", "    if v is not _UNSET:", f"        n += {_MEMBER + name.count(':')}"]
            node.emit(self, "v", body, "        ")
        body.append("    return n")
        self.functions.append("\n".join(body))
        struct = msgspec.defstruct(
            f"Fast{function}", annotations, rename=rename, kw_only=True, forbid_unknown_fields=True, gc=False
        )
        return _Struct(function, struct, fields)

    @staticmethod
    def _nothing_left(schema: dict[str, Any], kind: str) -> None:
        if schema:
            raise Unsupported(f"{kind} with {sorted(schema)}")

    # -- schema to predicate: keywords msgspec types cannot carry --------------------------------------------
    def predicate(self, schema: Any, node: _Node | None, depth: int) -> str:
        """A Python expression over _V: whether a decoded value of ``node``'s type is valid against ``schema``.

        ``node`` (None when unknown) lets object members be read as Struct attributes; only Structs are
        addressed by member name, so a condition on the members of a free-form object is not translated.
        """
        if depth > NESTING:
            raise Unsupported("nested too deeply")
        if schema is True or schema == {}:
            return "True"
        if schema is False:
            return "False"
        if not isinstance(schema, dict):
            raise Unsupported("a malformed subschema")
        parts = [
            self._keyword(schema, key, value, node, depth)
            for key, value in schema.items()
            if key not in ANNOTATIONS and key not in ("then", "else")
        ]
        return " and ".join(f"({part})" for part in parts) or "True"

    def _keyword(self, schema: dict[str, Any], key: str, value: Any, node: _Node | None, depth: int) -> str:
        if key == "$ref":
            return self.follow(value, lambda target: self.predicate(target, node, depth + 1))
        if key == "if":
            condition = self.predicate(value, node, depth + 1)
            then = self.predicate(schema.get("then", True), node, depth + 1)
            otherwise = self.predicate(schema.get("else", True), node, depth + 1)
            return f"({then}) if ({condition}) else ({otherwise})"
        if key == "not":
            return f"not ({self.predicate(value, node, depth + 1)})"
        if key in ("allOf", "anyOf", "oneOf"):
            if not isinstance(value, list) or not value:
                raise Unsupported(f"a malformed {key}")
            branches = [self.predicate(branch, node, depth + 1) for branch in value]
            if key == "oneOf":
                return f"[{', '.join(f'bool({branch})' for branch in branches)}].count(True) == 1"
            return f" {'and' if key == 'allOf' else 'or'} ".join(f"({branch})" for branch in branches)
        if key in ("const", "enum"):
            values = [value] if key == "const" else value
            if not isinstance(values, list) or not all(item is None or isinstance(item, str) for item in values):
                raise Unsupported("an enum or const of anything but strings and null")
            return f"{_V} in {tuple(values)!r}"
        if key == "type":
            kinds = value if isinstance(value, list) else [value]
            if not kinds or not all(isinstance(kind, str) and kind in _KIND_TESTS for kind in kinds):
                raise Unsupported(f"type {value!r}")
            return " or ".join(f"({_KIND_TESTS[kind]})" for kind in kinds)
        if key in ("properties", "required") and isinstance(node, _Struct):
            return self._members(key, value, node, depth)
        raise Unsupported(f"{key} inside a condition")

    def _members(self, key: str, value: Any, node: _Struct, depth: int) -> str:
        if key == "required":
            if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
                raise Unsupported("a malformed required list")
            tests = []
            for name in value:
                field = node.fields.get(name)
                if field is None:
                    tests.append("False")  # the Struct refuses unknown members: it is never there
                elif not field.required:
                    tests.append(f"{_V}.{field.attribute} is not _UNSET")
            return " and ".join(tests) or "True"
        if not isinstance(value, dict):
            raise Unsupported("malformed properties")
        tests = []
        for name, subschema in value.items():
            field = node.fields.get(name)
            if field is None:
                continue  # never present: the property holds vacuously
            inner = self.predicate(subschema, field.node, depth + 1).replace(_V, f"{_V}.{field.attribute}")
            tests.append(f"({inner})" if field.required else f"({_V}.{field.attribute} is _UNSET or ({inner}))")
        return " and ".join(tests) or "True"


def _generate(document: dict[str, Any], all_present: bool, count_colons: bool) -> _Generated:
    generator = _Generator(document, all_present, count_colons)
    root = generator.node(document)
    body = ["def _account(value):", "    n = 0"]
    root.emit(generator, "value", body, "    ")
    body.append("    return n")
    source = "\n\n".join([*generator.functions, "\n".join(body)]) + "\n"
    namespace = dict(generator.namespace)
    exec(compile(source, "<schema-contracts fast path>", "exec"), namespace)  # generated from the schema above
    return _Generated(root.annotation, source, namespace["_account"], generator.string_colons, generator.renamed)


class _Generated(NamedTuple):
    annotation: Any
    source: str
    account: Callable[[Any], int]
    string_colons: bool
    renamed: bool


class _Translation:
    """One translation of the schema: a msgspec decoder, the generated accounting, and the checks alone."""

    def __init__(self, document: dict[str, Any], all_present: bool) -> None:
        full = _generate(document, all_present, count_colons=True)
        self.source, self.account = full.source, full.account
        self.check = _generate(document, all_present, count_colons=False).account
        self.decode: Callable[[bytes], Any] = msgspec.json.Decoder(full.annotation).decode
        # Without typed strings that may hold colons, counting colons is one cheap pass: no need to encode.
        self.encode_first = full.string_colons
        # orjson writes a Struct's attribute names: right when every attribute is named as its property.
        self.encode: Callable[[Any], bytes] = (
            msgspec.json.Encoder().encode if full.renamed or not all_present else _orjson_encode
        )


class MsgspecPath:
    """``accepts(raw)``: True only if ``raw`` is certainly a valid payload (see the module docstring).

    Two translations: the first takes every property as required (what producers that write every field
    send), the second is the schema's own; the first that decodes decides. A compact payload written in
    the schema's property order (orjson, msgspec, pydantic) is screened for repeated keys by encoding the
    decoded value again: the same bytes mean every key was written once. Any other layout, or a mismatch,
    takes the colon screen.
    """

    engine = "msgspec"

    def __init__(self, translations: tuple[_Translation, ...]) -> None:
        self.translations = translations
        self.source = "\n".join(translation.source for translation in translations)  # for a person debugging
        # Whether the last payload was compact, so the next one tries the encoding screen first (a stream
        # keeps one layout; a payload in another layout only costs the one failed comparison).
        self._compact = True

    def accepts(self, raw: bytes) -> bool:
        """Whether ``raw`` is certainly valid; False means "ask the exact path", not "invalid"."""
        for translation in self.translations:
            try:
                value = translation.decode(raw)
            except (msgspec.DecodeError, RecursionError):  # msgspec.ValidationError is a DecodeError
                continue
            if self._compact and translation.encode_first:
                if translation.check(value) < 0:
                    return False
                again = translation.encode(value)
                if raw.startswith(again) and raw[len(again) :] in _LINE_ENDS:
                    return True
                self._compact = False
            total = translation.account(value)
            if total < 0:
                return False
            colons = total & _COLONS
            if raw.count(b":") == (total >> _SHIFT) + colons and (not colons or b"\\u003" not in raw):
                self._compact = (
                    translation.encode_first and raw.find(b'": ', 0, 256) < 0 and raw.find(b"\n", 0, len(raw) - 1) < 0
                )
                return True
            return False
        return False


_LINE_ENDS = (b"", b"\n", b"\r\n")


def _struct_fields(value: Any) -> Any:
    if isinstance(value, msgspec.Struct):
        return msgspec.structs.asdict(value)
    raise TypeError(type(value).__name__)


def _orjson_encode(value: Any) -> bytes:
    """Compact JSON of a value decoded by the first translation (no UNSET there), by orjson, the faster writer."""
    return orjson.dumps(value, default=_struct_fields)


def compile_msgspec_path(document: Any) -> MsgspecPath | None:
    """The msgspec accept path for a schema document, or None when it uses anything not translated exactly."""
    if not isinstance(document, dict):
        return None
    try:
        translations = (_Translation(document, all_present=True), _Translation(document, all_present=False))
    except (Unsupported, TypeError, ValueError):
        return None
    return MsgspecPath(translations)
