"""Hypothesis strategies for contract payloads: valid ones, and near misses one mutation away from valid.

Everything is derived from the models: enum members from the enum classes, companion fields from the
models' cross-field rules, required fields from the model fields. A new enum member or rule is reached
without touching this file.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, get_args, get_origin

from hypothesis import strategies as st

from schema_contracts.models import CodeExecutionRequest, CodeExecutionResult, ContractModel
from schema_contracts.models.enums import ResultStatus, SupportLanguage
from schema_contracts.models.rules import CompanionFieldRule

__all__ = [
    "NearMiss",
    "base64_text",
    "json_values",
    "near_miss_payloads",
    "near_miss_requests",
    "near_miss_results",
    "requests",
    "results",
    "valid_payloads",
]

SAFE_INTEGER = 2**53 - 1
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


def _members(enum_type: type[Enum]) -> st.SearchStrategy[str]:
    return st.sampled_from([member.value for member in enum_type])


def _enum_of(model: type[ContractModel], field: str) -> type[Enum]:
    annotation = model.model_fields[field].annotation
    for candidate in getattr(annotation, "__args__", (annotation,)):
        if isinstance(candidate, type) and issubclass(candidate, Enum):
            return candidate
    raise TypeError(f"{model.__name__}.{field} is not an enum field")


def _with_optional(draw: st.DrawFn, payload: JsonDict, optional: JsonDict) -> JsonDict:
    # An optional field is present with its value, present as null where that is allowed, or absent.
    for name, value in optional.items():
        choice = draw(st.sampled_from(["value", "absent"] if value is not None else ["null", "absent"]))
        if choice == "value":
            payload[name] = value
        elif choice == "null":
            payload[name] = None
    return payload


_EXTRA_FIELDS = st.dictionaries(
    st.sampled_from(["base_image", "artifacts", "result", "trace_id", "x-client"]), json_values(4), max_size=2
)


@st.composite
def requests(draw: st.DrawFn) -> JsonDict:
    """A valid `CodeExecutionRequest` payload, as JSON-ready data."""
    payload: JsonDict = {"code_b64": draw(base64_text())}
    optional = {
        "language": draw(_members(SupportLanguage)),
        "arguments": draw(st.one_of(st.none(), st.dictionaries(st.text(), json_values(), max_size=5))),
    }
    payload = _with_optional(draw, payload, optional)
    payload.update(draw(_EXTRA_FIELDS))
    return payload


def _companion_value(draw: st.DrawFn, rule: CompanionFieldRule, status: ResultStatus) -> str | None:
    member = draw(_members(_enum_of(CodeExecutionResult, rule.field)))
    if status not in rule.statuses:
        return None
    return member if rule.required_with_status else draw(st.one_of(st.none(), st.just(member)))


def _integer_json(value: int) -> st.SearchStrategy[int | float]:
    # JSON Schema calls 5.0 an integer; producers in JavaScript write integral floats that way.
    return st.sampled_from([value, float(value)]) if abs(value) < 2**52 else st.just(value)


@st.composite
def results(draw: st.DrawFn, status: ResultStatus | None = None) -> JsonDict:
    """A valid `CodeExecutionResult` payload, its companion fields consistent with its status."""
    chosen = status if status is not None else ResultStatus(draw(_members(ResultStatus)))
    exit_code = draw(st.integers(min_value=-SAFE_INTEGER, max_value=SAFE_INTEGER))
    payload: JsonDict = {
        "status": chosen.value,
        "stdout": draw(st.text()),
        "stderr": draw(st.text()),
        "exit_code": draw(_integer_json(exit_code)),
    }
    measurement = st.one_of(st.floats(min_value=0, allow_infinity=False), st.integers(min_value=0, max_value=2**40))
    optional: JsonDict = {
        "detail": draw(st.one_of(st.none(), st.text())),
        "time_used_ms": draw(st.one_of(st.none(), measurement)),
        "memory_used_kb": draw(st.one_of(st.none(), measurement)),
    }
    for rule in CodeExecutionResult.contract_rules:
        optional[rule.field] = _companion_value(draw, rule, chosen)
    payload = _with_optional(draw, payload, optional)
    for rule in CodeExecutionResult.contract_rules:  # a required companion is never left out
        if rule.required_with_status and chosen in rule.statuses:
            payload[rule.field] = optional[rule.field]
    payload.update(draw(_EXTRA_FIELDS))
    return payload


VALID_STRATEGIES: dict[str, st.SearchStrategy[JsonDict]] = {
    CodeExecutionRequest.__name__: requests(),
    CodeExecutionResult.__name__: results(),
}


def valid_payloads(contract: str) -> st.SearchStrategy[JsonDict]:
    """Valid payloads of the contract named ``contract``."""
    return VALID_STRATEGIES[contract]


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


_WRONG_TYPES: dict[str, list[Any]] = {
    "string": [5, True, None, ["x"], {"x": 1}],
    "integer": ["5", True, 1.5, None, [5], 2**53],
    "number": ["1.5", True, [1.0], {"ms": 1}, -1],
    "enum": [1, True, ["python"], {"value": "python"}],
    "object": [[1, 2], "{}", 5, True],
}


def _field_kind(model: type[ContractModel], field: str) -> str:
    annotation = model.model_fields[field].annotation
    base = next((arg for arg in get_args(annotation) if arg is not type(None)), annotation)
    if get_origin(base) is Annotated:
        base = get_args(base)[0]
    base = get_origin(base) or base
    if isinstance(base, type) and issubclass(base, Enum):  # before str: the contract's enums are str enums
        return "enum"
    kinds: dict[Any, str] = {int: "integer", float: "number", dict: "object", str: "string"}
    return kinds[base]


@st.composite
def _near_miss(draw: st.DrawFn, model: type[ContractModel], valid: JsonDict) -> NearMiss:
    payload = dict(valid)
    fields = model.model_fields
    mutations = ["drop-required", "wrong-type", "rename-required"]
    enum_fields = [name for name in payload if name in fields and _field_kind(model, name) == "enum"]
    enum_fields = [name for name in enum_fields if isinstance(payload[name], str)]
    if enum_fields:
        mutations.append("neighbour-enum")
    if "code_b64" in payload:
        mutations.append("broken-base64")
    if model.contract_rules:
        mutations.append("break-rule")
    mutation = draw(st.sampled_from(mutations))
    required = [name for name, info in fields.items() if info.is_required()]
    if mutation == "drop-required":
        del payload[draw(st.sampled_from(required))]
    elif mutation == "rename-required":
        # An extra field where it matters: a near spelling of a required field standing in for it.
        name = draw(st.sampled_from(required))
        spellings = {name.upper(), name.replace("_", ""), name.replace("_", "-"), name + "s"} - {name}
        renamed = draw(st.sampled_from(sorted(spellings)))
        payload[renamed] = payload.pop(name)
    elif mutation == "wrong-type":
        name = draw(st.sampled_from(sorted(fields)))
        kind = _field_kind(model, name)
        wrong = [value for value in _WRONG_TYPES[kind] if value is not None or fields[name].is_required()]
        payload[name] = draw(st.sampled_from(wrong))
    elif mutation == "neighbour-enum":
        name = draw(st.sampled_from(enum_fields))
        payload[name] = _neighbour_of(draw, payload[name], _enum_of(model, name))
    elif mutation == "broken-base64":
        payload["code_b64"] = _broken_base64(draw, payload["code_b64"])
    else:
        rule = draw(st.sampled_from(model.contract_rules))
        status = ResultStatus(payload["status"])
        if status in rule.statuses and rule.required_with_status:
            payload[rule.field] = None
        else:
            outside = [s.value for s in ResultStatus if s not in rule.statuses]
            payload["status"] = draw(st.sampled_from(outside))
            payload[rule.field] = draw(_members(_enum_of(model, rule.field)))
    return NearMiss(payload, mutation)


def near_miss_requests() -> st.SearchStrategy[NearMiss]:
    """`CodeExecutionRequest` payloads one mutation away from valid, each invalid."""
    return requests().flatmap(lambda valid: _near_miss(CodeExecutionRequest, valid))


def near_miss_results() -> st.SearchStrategy[NearMiss]:
    """`CodeExecutionResult` payloads one mutation away from valid, each invalid."""
    return results().flatmap(lambda valid: _near_miss(CodeExecutionResult, valid))


def near_miss_payloads(contract: str) -> st.SearchStrategy[NearMiss]:
    """Near misses of the contract named ``contract``."""
    return {"CodeExecutionRequest": near_miss_requests, "CodeExecutionResult": near_miss_results}[contract]()
