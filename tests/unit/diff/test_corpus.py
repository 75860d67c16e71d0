"""The diff corpus (corpus.json): schema changes a maintainer might make, each with its right verdict.

Each case is one change, for a request and for a result: ``effect`` is what it does to the payloads accepted
(narrowing, widening, both, or none for an equivalent rewrite), ``expect`` the verdict for the direction
(ERR breaks, INFO reported but compatible, none: nothing to report), ``rule`` (where given) the name it must
get, and ``witnesses`` payloads that show the effect, checked here with python-jsonschema (an independent
validator) so the corpus itself cannot be wrong.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from schema_contracts.diff import ContractVersion, DiffResult, compare_contract
from schema_contracts.vocabulary import Direction, Effect, Level, Side

CORPUS: list[dict[str, Any]] = json.loads((Path(__file__).parent / "corpus.json").read_text(encoding="utf-8"))
KEYWORDS = [
    "type",
    "enum",
    "const",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "required",
    "dependentRequired",
    "dependentSchemas",
    "properties",
    "patternProperties",
    "additionalProperties",
    "propertyNames",
    "minProperties",
    "maxProperties",
    "items",
    "prefixItems",
    "contains",
    "minContains",
    "minItems",
    "maxItems",
    "uniqueItems",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "if",
    "then",
    "else",
    "$ref",
    "$defs",
    "unevaluatedProperties",
    "unevaluatedItems",
]


def diff(case: dict[str, Any]) -> DiffResult:
    direction = Direction(case["direction"])
    old = ContractVersion("Case", direction, case["old"])
    new = ContractVersion("Case", direction, case["new"])
    return compare_contract(old, new, "Case")


def problems(case: dict[str, Any]) -> list[str]:
    """What the diff got wrong on ``case`` (nothing when it is right)."""
    result = diff(case)
    levels = {finding.level for finding in result.findings}
    found: list[str] = []
    if case["expect"] == "none" and result.findings:
        found.append(f"reported {[f.rule for f in result.findings]} for an equivalent rewrite")
    if case["expect"] == "ERR" and Level.ERR not in levels:
        found.append("missed the break")
    if case["expect"] == "INFO" and (not result.findings or Level.ERR in levels):
        found.append(f"levels {sorted(map(str, levels))} for a compatible change")
    if case.get("rule") and case["rule"] not in {f.rule for f in result.findings}:
        found.append(f"rules {[f.rule for f in result.findings]}, not {case['rule']}")
    if len(result.findings) > 1:
        found.append(f"{len(result.findings)} findings for one change")
    measured: set[Effect] = set()
    for finding in result.findings:
        measured |= {Effect.NARROWING, Effect.WIDENING} if finding.effect is Effect.BOTH else {finding.effect}
    expected = {"none": set(), "both": {Effect.NARROWING, Effect.WIDENING}}.get(
        case["effect"], {Effect(case["effect"])}
    )
    if measured != expected:
        found.append(f"measured {sorted(e.value for e in measured)}")
    for finding in result.findings:
        assert finding.example is not None
        accepted, refused = (
            (case["old"], case["new"]) if finding.example.accepted_by is Side.OLD else (case["new"], case["old"])
        )
        payload = finding.example.payload
        if not Draft202012Validator(accepted).is_valid(payload) or Draft202012Validator(refused).is_valid(payload):
            found.append(f"example {payload!r} does not show what it claims")
    return found


@pytest.mark.parametrize("case", CORPUS, ids=[case["id"] for case in CORPUS])
def test_corpus_witnesses_are_right(case: dict[str, Any]) -> None:
    """Every witness of the corpus is accepted by the version it names and refused by the other (python-jsonschema)."""
    for witness in case.get("witnesses", []):
        accepted = case[witness["accepted_by"]]
        refused = case["new" if witness["accepted_by"] == "old" else "old"]
        assert Draft202012Validator(accepted).is_valid(witness["payload"]), witness
        assert not Draft202012Validator(refused).is_valid(witness["payload"]), witness


@pytest.mark.parametrize("case", CORPUS, ids=[case["id"] for case in CORPUS])
def test_diff_gets_the_case_right(case: dict[str, Any]) -> None:
    """The diff's verdict, rule, measured effect and example are right for the case."""
    assert problems(case) == []


def test_score_over_the_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    """The whole corpus is right; the score is printed with the test run."""
    wrong = {case["id"]: problems(case) for case in CORPUS}
    wrong = {case_id: found for case_id, found in wrong.items() if found}
    breaking = sum(case["expect"] == "ERR" for case in CORPUS)
    with capsys.disabled():
        print(f"\ndiff corpus: {len(CORPUS) - len(wrong)}/{len(CORPUS)} cases right ({breaking} breaking)")
    assert wrong == {}


def test_corpus_is_large_and_covers_every_keyword_both_ways() -> None:
    """At least 80 cases, both directions, equivalent rewrites, and a change of every instance keyword of 2020-12."""
    assert len(CORPUS) >= 80
    assert {case["direction"] for case in CORPUS} == {"request", "result"}
    assert {case["effect"] for case in CORPUS} == {"narrowing", "widening", "both", "none"}
    text = json.dumps([[case["old"], case["new"]] for case in CORPUS if case["old"] != case["new"]])
    assert [keyword for keyword in KEYWORDS if f'"{keyword}"' not in text] == []
    for case in CORPUS:
        assert case["expect"] == "none" or case.get("witnesses"), case["id"]
