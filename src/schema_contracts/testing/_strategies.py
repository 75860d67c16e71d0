"""Hypothesis strategies for contract payloads: valid ones, and near misses one mutation away from valid.

Everything is derived from the registry and the models: which contracts and versions exist, each field's
strategy from its type (one strategy per field type of ``models/types.py``), enum members from the enum classes,
nested objects from the nested models, required fields from the model fields, companion fields from the models'
cross-field rules. A new contract, version, field, enum member or rule is reached without touching this file.
A contract is named as everywhere else: ``Name`` (the latest version) or ``Name@N``.
"""

from __future__ import annotations

import base64
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any, Union, get_args, get_origin

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from schema_contracts.locations import qualified_name
from schema_contracts.models import CONTRACTS, ContractModel, ContractVersion, find_version
from schema_contracts.models.rules import CompanionFieldRule
from schema_contracts.models.types import (
    MAX_SAFE_INTEGER,
    Base64Str,
    FiniteJsonValue,
    FiniteNonNegativeFloat,
    JsonObject,
    NonNegativeSafeInt,
    SafeInt,
    StrictBool,
)
from schema_contracts.vocabulary import Direction

__all__ = [
    "NearMiss",
    "base64_text",
    "json_values",
    "near_miss_payloads",
    "near_miss_requests",
    "near_miss_results",
    "requests",
    "results",
    "unknown_fields",
    "valid_payloads",
]

JsonDict = dict[str, Any]


def json_values(max_leaves: int = 12) -> st.SearchStrategy[Any]:
    """Any JSON value: null, booleans, integers, finite floats, unicode strings, arrays and objects."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**63), max_value=2**63 - 1),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(),
    )
    return st.recursive(
        scalars,
        lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(), children, max_size=4)),
        max_leaves=max_leaves,
    )


def base64_text() -> st.SearchStrategy[str]:
    """The standard base64 encoding of arbitrary bytes."""
    return st.binary(max_size=300).map(lambda data: base64.b64encode(data).decode("ascii"))


def _integer_json(value: int) -> st.SearchStrategy[int | float]:
    # JSON Schema calls 5.0 an integer; producers in JavaScript write integral floats that way.
    return st.sampled_from([value, float(value)]) if abs(value) < 2**52 else st.just(value)


def _measurements() -> st.SearchStrategy[int | float]:
    return st.one_of(st.floats(min_value=0, allow_infinity=False), st.integers(min_value=0, max_value=2**40))


# Each field type of the models, by identity, with its kind (for the near misses) and its valid values.
_FIELD_TYPES: tuple[tuple[Any, str, Callable[[], st.SearchStrategy[Any]]], ...] = (
    (Base64Str, "base64", base64_text),
    (SafeInt, "integer", lambda: st.integers(-MAX_SAFE_INTEGER, MAX_SAFE_INTEGER).flatmap(_integer_json)),
    (NonNegativeSafeInt, "count", lambda: st.integers(0, MAX_SAFE_INTEGER).flatmap(_integer_json)),
    (FiniteNonNegativeFloat, "number", _measurements),
    (JsonObject, "object", lambda: st.dictionaries(st.text(), json_values(), max_size=5)),
    (FiniteJsonValue, "json", json_values),
    (StrictBool, "boolean", st.booleans),
    (str, "string", st.text),
)

# Values of the wrong JSON type for each kind (null only where the field is not nullable).
_WRONG_TYPES: dict[str, list[Any]] = {
    "string": [5, True, None, ["x"], {"x": 1}],
    "base64": [5, True, None, ["x"], {"x": 1}],
    "integer": ["5", True, 1.5, None, [5], 2**53],
    "count": ["5", True, 1.5, None, -1, 2**53],
    "number": ["1.5", True, [1.0], {"ms": 1}, -1],
    "boolean": ["true", 1, 0, None, [True]],
    "enum": [1, True, ["python"], {"value": "python"}],
    "object": [[1, 2], "{}", 5, True],
    "model": [[1, 2], "{}", 5, True, 3.5],
    "list": [{}, "[]", 5, True, None],
    "json": [],  # any JSON value is valid
}


@dataclass(frozen=True)
class _Field:
    """What the strategies need to know about one field of a model."""

    name: str
    kind: str
    required: bool
    nullable: bool
    enum: type[Enum] | None = None
    item_model: type[ContractModel] | None = None  # of a nested object, or of a list's items
    values: Callable[[], st.SearchStrategy[Any]] | None = None


def _without_none(annotation: Any) -> tuple[Any, bool]:
    if get_origin(annotation) in (Union, types.UnionType):
        others = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(others) == 1:
            return others[0], len(others) < len(get_args(annotation))
    return annotation, False


def _describe(model: type[ContractModel], name: str, annotation: Any, required: bool) -> _Field:
    base, nullable = _without_none(annotation)
    for known, kind, values in _FIELD_TYPES:
        if base is known:
            return _Field(name, kind, required, nullable, values=values)
    if isinstance(base, type) and issubclass(base, Enum):
        return _Field(name, "enum", required, nullable, enum=base)
    if isinstance(base, type) and issubclass(base, ContractModel):
        return _Field(name, "model", required, nullable, item_model=base)
    item = get_args(base)[0] if get_origin(base) is list else None
    if isinstance(item, type) and issubclass(item, ContractModel):
        return _Field(name, "list", required, nullable, item_model=item)
    raise TypeError(f"{model.__name__}.{name}: no strategy for {annotation!r}; add its type to _FIELD_TYPES")


@cache
def _fields(model: type[ContractModel]) -> tuple[_Field, ...]:
    hints = typing.get_type_hints(model, include_extras=True)
    return tuple(_describe(model, name, hints[name], info.is_required()) for name, info in model.model_fields.items())


def _field(model: type[ContractModel], name: str) -> _Field:
    return next(field for field in _fields(model) if field.name == name)


def _field_names(model: type[ContractModel]) -> set[str]:
    """Every field name of ``model`` and of the models nested in it."""
    names = set()
    for field in _fields(model):
        names.add(field.name)
        if field.item_model is not None:
            names |= _field_names(field.item_model)
    return names


def _resolve(contract: str) -> ContractVersion:
    try:
        return find_version(contract)
    except LookupError as error:
        raise InvalidArgument(str(error)) from error


def _of_direction(direction: Direction, version: int | None) -> ContractVersion:
    matching = [contract for contract in CONTRACTS if contract.direction is direction]
    if len(matching) != 1:
        names = ", ".join(contract.name for contract in matching) or "none"
        raise InvalidArgument(f"{len(matching)} {direction.value} contracts ({names}): use valid_payloads(name)")
    contract = matching[0]
    return contract.latest if version is None else _resolve(qualified_name(contract.name, version))


# Names a client might add (a Go client sends `base_image`); never a name the latest contract defines.
_LIKELY_EXTRAS = ("base_image", "trace_id", "x-client", "client_version", "")


def _unknown_fields(reserved: frozenset[str]) -> st.SearchStrategy[JsonDict]:
    names = st.one_of(st.sampled_from(_LIKELY_EXTRAS), st.text(max_size=10)).filter(lambda n: n not in reserved)
    return st.dictionaries(names, json_values(4), max_size=2)


def unknown_fields(contract: str) -> st.SearchStrategy[JsonDict]:
    """Fields ``contract`` does not define, with any JSON values: what an open contract must ignore.

    No name is one that any field of the contract's latest version defines (nested objects included), so a
    payload of an older version never carries, say, a malformed `artifacts` that newer readers would parse.
    """
    return _unknown_fields(frozenset(_field_names(_resolve(contract).contract.model)))


def _companion_value(draw: st.DrawFn, rule: CompanionFieldRule, field: _Field, status: Enum) -> str | None:
    assert field.enum is not None, f"rule {rule.name} names a field that is not an enum"
    member: str = draw(st.sampled_from([member.value for member in field.enum]))
    if status not in rule.statuses:
        return None
    return member if rule.required_with_status else draw(st.one_of(st.none(), st.just(member)))


def _values(field: _Field, reserved: frozenset[str]) -> st.SearchStrategy[Any]:
    if field.enum is not None:
        strategy: st.SearchStrategy[Any] = st.sampled_from([member.value for member in field.enum])
    elif field.kind == "model":
        assert field.item_model is not None
        strategy = _objects(field.item_model, reserved)
    elif field.kind == "list":
        assert field.item_model is not None
        strategy = st.lists(_objects(field.item_model, reserved), max_size=3)
    else:
        assert field.values is not None
        strategy = field.values()
    return st.one_of(st.none(), strategy) if field.nullable else strategy


@st.composite
def _objects(
    draw: st.DrawFn, model: type[ContractModel], reserved: frozenset[str], fixed: Mapping[str, Any] | None = None
) -> JsonDict:
    """A valid payload of ``model``: required fields always, optional ones with a value, as null, or absent."""
    fixed = dict(fixed or {})
    rules = {rule.field: rule for rule in model.contract_rules}
    status: Enum | None = None
    if rules:  # the cross-field rules are about `status`: draw it first
        status_enum = _field(model, "status").enum
        assert status_enum is not None
        status = status_enum(fixed.get("status") or draw(st.sampled_from([m.value for m in status_enum])))
        fixed["status"] = status.value
    payload: JsonDict = {}
    for field in _fields(model):
        if field.name in fixed:
            payload[field.name] = fixed[field.name]
            continue
        rule = rules.get(field.name)
        if rule is not None:
            assert status is not None
            value = _companion_value(draw, rule, field, status)
            always = rule.required_with_status and status in rule.statuses  # a required companion stays
        else:
            value = draw(_values(field, reserved))
            always = field.required
        if always or draw(st.booleans()):
            payload[field.name] = value
    payload.update(draw(_unknown_fields(reserved)))
    return payload


def _valid(version: ContractVersion, fixed: Mapping[str, Any] | None = None) -> st.SearchStrategy[JsonDict]:
    reserved = frozenset(_field_names(version.contract.model))
    return _objects(version.model, reserved, fixed)


def valid_payloads(contract: str) -> st.SearchStrategy[JsonDict]:
    """Valid payloads of ``contract`` (``Name`` for the latest version, ``Name@N`` for version N)."""
    return _valid(_resolve(contract))


def requests(version: int | None = None) -> st.SearchStrategy[JsonDict]:
    """Valid payloads of the request contract (its latest version, or ``version``), as JSON-ready data."""
    return _valid(_of_direction(Direction.REQUEST, version))


def results(status: Enum | None = None, version: int | None = None) -> st.SearchStrategy[JsonDict]:
    """Valid payloads of the result contract, companion fields consistent with the status (``status`` if given)."""
    return _valid(_of_direction(Direction.RESULT, version), {"status": status.value} if status is not None else None)


@dataclass(frozen=True)
class NearMiss:
    """A payload one mutation away from a valid one, and what the mutation was."""

    payload: Any
    mutation: str


def _broken_base64(draw: st.DrawFn, text: str) -> str:
    breakers = [
        lambda s: s + "=",  # excess padding
        lambda s: s + "\n",  # a trailing newline (Python's `$` would let it through)
        lambda s: s[:-1] if s else "A",  # a truncated group
        lambda s: s[:1] + " " + s[1:],  # whitespace
        lambda s: s.replace("+", "-").replace("/", "_") if ("+" in s or "/" in s) else s + "-_-_",  # urlsafe
        lambda s: s.rstrip("=") if s.endswith("=") else s + "QQ",  # unpadded
        lambda s: "=" + s[1:] if s else "====",  # padding first
        lambda s: s + "QUJD====",  # what Python's decoder accepts
    ]
    return str(draw(st.sampled_from(breakers))(text))


def _neighbour_of(draw: st.DrawFn, value: str, enum_type: type[Enum]) -> str:
    members = {member.value for member in enum_type}
    candidates = [value.upper(), value.title(), value[:-1], value + "s", value.replace("_", "-"), "ok", ""]
    return draw(st.sampled_from([candidate for candidate in candidates if candidate not in members]))


def _nested_objects(model: type[ContractModel], payload: JsonDict) -> list[tuple[str, type[ContractModel], JsonDict]]:
    """(location, model, object) of every nested object in ``payload`` that its model describes."""
    found = []
    for field in _fields(model):
        value = payload.get(field.name)
        if field.kind == "model" and isinstance(value, dict):
            assert field.item_model is not None
            found.append((field.name, field.item_model, value))
        elif field.kind == "list" and isinstance(value, list):
            assert field.item_model is not None
            found += [(f"{field.name}/{i}", field.item_model, item) for i, item in enumerate(value)]
    return found


def _break_rule(draw: st.DrawFn, model: type[ContractModel], payload: JsonDict) -> None:
    rule = draw(st.sampled_from(model.contract_rules))
    status_enum = type(rule.statuses[0])
    status = status_enum(payload["status"])
    if status in rule.statuses and rule.required_with_status:
        payload[rule.field] = None
    else:
        payload["status"] = draw(st.sampled_from([s.value for s in status_enum if s not in rule.statuses]))
        enum_type = _field(model, rule.field).enum
        assert enum_type is not None
        payload[rule.field] = draw(st.sampled_from([member.value for member in enum_type]))


def _mutate(draw: st.DrawFn, model: type[ContractModel], valid: JsonDict) -> tuple[JsonDict, str]:
    """``valid`` with one mutation that makes it invalid, and the mutation's name."""
    payload = dict(valid)
    fields = {field.name: field for field in _fields(model)}
    required = [name for name, field in fields.items() if field.required]
    wrong_typed = [name for name in sorted(fields) if _WRONG_TYPES[fields[name].kind]]
    enum_fields = [n for n, f in fields.items() if f.kind == "enum" and isinstance(payload.get(n), str)]
    base64_fields = [n for n, f in fields.items() if f.kind == "base64" and isinstance(payload.get(n), str)]
    nested = _nested_objects(model, payload)
    # The most specific mutations first: hypothesis draws the first choices more often.
    mutations = ["nested"] * bool(nested) + ["broken-base64"] * bool(base64_fields)
    mutations += ["break-rule"] * bool(model.contract_rules) + ["neighbour-enum"] * bool(enum_fields)
    mutations += ["wrong-type"] * bool(wrong_typed) + ["drop-required", "rename-required"] * bool(required)
    mutation = draw(st.sampled_from(mutations))
    if mutation == "drop-required":
        del payload[draw(st.sampled_from(required))]
    elif mutation == "rename-required":
        # An extra field where it matters: a near spelling of a required field standing in for it.
        name = draw(st.sampled_from(required))
        spellings = {name.upper(), name.replace("_", ""), name.replace("_", "-"), name + "s"} - {name}
        payload[draw(st.sampled_from(sorted(spellings)))] = payload.pop(name)
    elif mutation == "wrong-type":
        name = draw(st.sampled_from(wrong_typed))
        wrong = [value for value in _WRONG_TYPES[fields[name].kind] if value is not None or not fields[name].nullable]
        payload[name] = draw(st.sampled_from(wrong))
        mutation = f"wrong-type {name}"
    elif mutation == "neighbour-enum":
        name = draw(st.sampled_from(enum_fields))
        enum_type = fields[name].enum
        assert enum_type is not None
        payload[name] = _neighbour_of(draw, payload[name], enum_type)
    elif mutation == "broken-base64":
        name = draw(st.sampled_from(base64_fields))
        payload[name] = _broken_base64(draw, payload[name])
    elif mutation == "break-rule":
        _break_rule(draw, model, payload)
    else:
        location, item_model, item = draw(st.sampled_from(nested))
        broken, inner = _mutate(draw, item_model, item)
        name, _, index = location.partition("/")
        if index:
            payload[name] = [*payload[name]]
            payload[name][int(index)] = broken
        else:
            payload[name] = broken
        mutation = f"{location}: {inner}"
    return payload, mutation


@st.composite
def _near_miss(draw: st.DrawFn, model: type[ContractModel], valid: JsonDict) -> NearMiss:
    payload, mutation = _mutate(draw, model, valid)
    return NearMiss(payload, mutation)


def _near_misses(version: ContractVersion) -> st.SearchStrategy[NearMiss]:
    return _valid(version).flatmap(lambda valid: _near_miss(version.model, valid))


def near_miss_payloads(contract: str) -> st.SearchStrategy[NearMiss]:
    """Payloads of ``contract`` (``Name`` or ``Name@N``) one mutation away from valid, each invalid.

    Mutations: a required field dropped or misspelt, a wrong JSON type, a neighbouring enum value, broken
    base64, a cross-field rule broken, or any of these inside a nested object (an artifact, a structured result).
    """
    return _near_misses(_resolve(contract))


def near_miss_requests(version: int | None = None) -> st.SearchStrategy[NearMiss]:
    """Request payloads (the latest version, or ``version``) one mutation away from valid, each invalid."""
    return _near_misses(_of_direction(Direction.REQUEST, version))


def near_miss_results(version: int | None = None) -> st.SearchStrategy[NearMiss]:
    """Result payloads (the latest version, or ``version``) one mutation away from valid, each invalid."""
    return _near_misses(_of_direction(Direction.RESULT, version))
