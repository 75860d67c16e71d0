"""A table of evolutions of the project's own contracts, each with the findings it must produce, at the right level."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from helpers import SCHEMA_DIR

from schema_contracts.diff import ContractVersion, SchemaSet, compare_sets, load_folder
from schema_contracts.validate import compile_schema
from schema_contracts.vocabulary import Direction, Level, Side

Schema = dict[str, Any]
BASE = load_folder(SCHEMA_DIR)
REQUEST, RESULT = "CodeExecutionRequest", "CodeExecutionResult"


def evolve(contract: str, change: Callable[[Schema], object]) -> SchemaSet:
    """The committed schemas with ``change`` applied to one contract's schema."""
    evolved = copy.deepcopy(BASE)
    change(evolved.contracts[contract].schema)
    return evolved


def add_artifacts_and_result(s: Schema) -> None:
    """Fields shaped like the service's later `artifacts` and `result` (new names: the schemas may have them)."""
    s["properties"]["files_made"] = {"type": "array", "items": {"type": "object"}, "default": []}
    s["properties"]["returned"] = {"description": "the structured return value of main()"}


def rename_exit_code(s: Schema) -> None:
    s["properties"]["exit_status"] = s["properties"].pop("exit_code")
    s["required"] = ["exit_status" if name == "exit_code" else name for name in s["required"]]


def rename_defs(s: Schema) -> None:
    s["$defs"]["Language"] = s["$defs"].pop("SupportLanguage")
    s["properties"]["language"]["$ref"] = "#/$defs/Language"


def add_rule(s: Schema) -> None:
    s["allOf"].append(
        {
            "title": "detail-on-runner-error",
            "if": {"properties": {"status": {"const": "program_runner_error"}}, "required": ["status"]},
            "then": {"required": ["detail"], "properties": {"detail": {"type": "string"}}},
        }
    )


def set_in(path: list[str], value: Any) -> Callable[[Schema], object]:
    def change(s: Schema) -> None:
        target = s
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def delete(path: list[str]) -> Callable[[Schema], object]:
    def change(s: Schema) -> None:
        target = s
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


def nothing(s: Schema) -> None:
    pass


ERR, INFO = Level.ERR, Level.INFO
# (id, contract, change, {(rule, level)} expected exactly)
EVOLUTIONS: list[tuple[str, str, Callable[[Schema], object], set[tuple[str, Level]]]] = [
    ("unchanged", RESULT, nothing, set()),
    # Like the real service's history, where later versions added `artifacts` and `result` (the second accepts
    # anything: no payload shows it on an open model, so it is compared and not reported).
    ("result gains artifacts and result", RESULT, add_artifacts_and_result, {("property-added-optional", INFO)}),
    (
        "ResultStatus gains a member",
        RESULT,
        lambda s: s["$defs"]["ResultStatus"]["enum"].append("cancelled"),
        {("enum-value-added", ERR)},
    ),
    ("detail removed", RESULT, delete(["properties", "detail"]), {("property-removed", ERR)}),
    ("exit_code renamed", RESULT, rename_exit_code, {("property-removed", ERR), ("property-added-required", INFO)}),
    (
        "language made required",
        REQUEST,
        set_in(["required"], ["code_b64", "language"]),
        {("property-became-required", ERR)},
    ),
    (
        "base64 rule narrowed",
        REQUEST,
        set_in(["properties", "code_b64", "pattern"], "^(?:[A-Za-z0-9+/]{4})*$"),
        {("pattern-changed", ERR)},
    ),
    (
        "base64 rule widened",
        REQUEST,
        set_in(["properties", "code_b64", "pattern"], "^[A-Za-z0-9+/=]*$"),
        {("pattern-changed", INFO)},
    ),
    (
        "exit_code becomes a number",
        RESULT,
        set_in(["properties", "exit_code", "type"], "number"),
        {("type-changed", ERR)},
    ),
    (
        "request gains a required field",
        REQUEST,
        lambda s: (set_in(["properties", "timeout"], {"type": "integer"})(s), s["required"].append("timeout")),
        {("property-added-required", ERR)},
    ),
    (
        "request gains an optional field: the name was free before",
        REQUEST,
        set_in(["properties", "timeout"], {"type": "integer"}),
        {("property-added-optional", ERR)},
    ),
    (
        "request loses an enum value",
        REQUEST,
        set_in(["$defs", "SupportLanguage", "enum"], ["python"]),
        {("enum-value-removed", ERR)},
    ),
    (
        "result loses an enum value",
        RESULT,
        set_in(["$defs", "RuntimeErrorType", "enum"], ["nonzero_exit"]),
        {("enum-value-removed", INFO)},
    ),
    (
        "result renames an enum value",
        RESULT,
        set_in(["$defs", "RuntimeErrorType", "enum"], ["signaled", "nonzero_exit"]),
        {("enum-values-changed", ERR)},
    ),
    (
        "request arguments no longer nullable",
        REQUEST,
        set_in(["properties", "arguments"], {"type": "object", "additionalProperties": True, "default": {}}),
        {("nullability-removed", ERR)},
    ),
    (
        "result detail no longer nullable",
        RESULT,
        set_in(["properties", "detail"], {"type": "string"}),
        {("nullability-removed", INFO)},
    ),
    (
        "result exit_code nullable (and unbounded): one edit, one finding",
        RESULT,
        set_in(["properties", "exit_code"], {"anyOf": [{"type": "integer"}, {"type": "null"}]}),
        {("nullability-added", ERR)},
    ),
    ("result gains a cross-field rule", RESULT, add_rule, {("rule-added", INFO)}),
    ("result loses a cross-field rule", RESULT, lambda s: s["allOf"].pop(0), {("rule-removed", ERR)}),
    (
        "result closed to unknown fields",
        RESULT,
        set_in(["additionalProperties"], False),
        {("content-model-closed", INFO)},
    ),
    (
        "request closed to unknown fields",
        REQUEST,
        set_in(["additionalProperties"], False),
        {("content-model-closed", ERR)},
    ),
    (
        "time minimum raised",
        RESULT,
        set_in(["properties", "time_used_ms", "anyOf", 0, "minimum"], 1),  # type: ignore[list-item]
        {("constraint-tightened", INFO)},
    ),
    (
        "exit_code range dropped",
        RESULT,
        lambda s: (s["properties"]["exit_code"].pop("minimum"), s["properties"]["exit_code"].pop("maximum")),
        {("constraint-loosened", ERR)},
    ),
    ("$defs entry renamed: no payload differs", REQUEST, rename_defs, set()),
    ("docs-only edit", RESULT, set_in(["properties", "stdout", "description"], "What the program printed."), set()),
    ("request code_b64 becomes optional", REQUEST, set_in(["required"], []), {("property-became-optional", INFO)}),
]


def findings_of(contract: str, change: Callable[[Schema], object]) -> list[Any]:
    return compare_sets(BASE, evolve(contract, change)).findings


@pytest.mark.parametrize(("contract", "change", "expected"), [pytest.param(*row[1:], id=row[0]) for row in EVOLUTIONS])
def test_evolution_gives_exactly_the_expected_findings(
    contract: str, change: Callable[[Schema], object], expected: set[tuple[str, Level]]
) -> None:
    """Each evolution is judged for its direction: the rules and levels found are exactly those expected."""
    assert {(f.rule, f.level) for f in findings_of(contract, change)} == expected


@pytest.mark.parametrize(("contract", "change"), [pytest.param(*row[1:3], id=row[0]) for row in EVOLUTIONS])
def test_every_finding_carries_a_checked_counterexample(contract: str, change: Callable[[Schema], object]) -> None:
    """Each finding's example is valid under the version it names and invalid under the other."""
    evolved = evolve(contract, change)
    old = compile_schema(BASE.contracts[contract].schema, "old")
    new = compile_schema(evolved.contracts[contract].schema, "new")
    for finding in compare_sets(BASE, evolved).findings:
        assert finding.example is not None, finding
        accepted, rejected = (old, new) if finding.example.accepted_by is Side.OLD else (new, old)
        assert accepted.is_valid(finding.example.payload), finding
        assert not rejected.is_valid(finding.example.payload), finding


def test_the_project_schemas_diff_fast() -> None:
    """A diff of the project's own schemas with several changes stays well under the two-second budget."""
    import time

    def many(s: Schema) -> None:
        add_artifacts_and_result(s)
        s["$defs"]["ResultStatus"]["enum"].append("cancelled")
        s["allOf"].pop(0)
        s["properties"]["exit_code"]["type"] = "number"

    started = time.monotonic()
    assert findings_of(RESULT, many)
    assert compare_sets(BASE, BASE).findings == []
    assert time.monotonic() - started < 2.0


def test_removed_and_added_contracts() -> None:
    """A contract that disappears breaks its users; a new one is information; each said once."""
    without_result = copy.deepcopy(BASE)
    for key in [key for key in without_result.contracts if key.startswith(RESULT)]:
        del without_result.contracts[key]
    assert {(f.rule, f.level, f.schema) for f in compare_sets(BASE, without_result).findings} == {
        ("contract-removed", Level.ERR, RESULT)
    }
    assert {(f.rule, f.level) for f in compare_sets(without_result, BASE).findings} == {("contract-added", Level.INFO)}


@pytest.mark.parametrize(("contract", "level"), [(REQUEST, Level.INFO), (RESULT, Level.ERR)])
def test_opening_a_closed_model(contract: str, level: Level) -> None:
    """Allowing unknown fields again widens: harmless for a request, breaking for readers of a result."""
    closed = evolve(contract, set_in(["additionalProperties"], False))
    findings = compare_sets(closed, BASE).findings
    assert [(f.rule, f.level) for f in findings] == [("content-model-opened", level)]
    assert findings[0].example is not None


def test_changed_rule_is_judged_by_what_it_does() -> None:
    """A cross-field rule made stricter is measured as narrowing: harmless for a result's readers."""
    stricter = evolve(RESULT, lambda s: s["allOf"][2].__setitem__("then", {"required": ["runtime_error_type"]}))
    assert {(f.rule, f.level) for f in compare_sets(BASE, stricter).findings} == {("rule-changed", Level.INFO)}


def test_direction_change_is_an_error() -> None:
    """A contract that changes direction flips every rule: always an error."""
    flipped = copy.deepcopy(BASE)
    version = flipped.contracts[REQUEST]
    flipped.contracts[REQUEST] = ContractVersion(version.name, Direction.RESULT, version.schema)
    assert ("direction-changed", Level.ERR) in {(f.rule, f.level) for f in compare_sets(BASE, flipped).findings}


def test_tolerating_new_enum_values_is_an_explicit_option() -> None:
    """A value added to a result's enum is ERR by default and WARN only with the tolerant-readers policy."""
    evolved = evolve(RESULT, lambda s: s["$defs"]["ResultStatus"]["enum"].append("cancelled"))
    tolerant = compare_sets(BASE, evolved, tolerate=frozenset({"new-enum-values"})).findings
    assert [(f.rule, f.level) for f in tolerant] == [("enum-value-added", Level.WARN)]
