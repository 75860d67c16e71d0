"""Random edits of the corpus schemas: the diff never crashes, its examples agree with python-jsonschema, and
random payloads find no difference it missed."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator

from schema_contracts.diff import ContractVersion, compare_contract
from schema_contracts.diff._candidates import variants
from schema_contracts.diff._lift import strip_missing
from schema_contracts.vocabulary import Direction, Effect, Side

CORPUS = json.loads((Path(__file__).parent / "corpus.json").read_text(encoding="utf-8"))
SCHEMAS = [case[side] for case in CORPUS for side in ("old", "new") if isinstance(case[side], dict)]
EDITS: list[tuple[str, list[Any]]] = [
    ("type", ["string", "integer", ["string", "null"], "object", "array"]),
    ("minimum", [0, 1, -5, 2.5]),
    ("exclusiveMaximum", [5, 0]),
    ("multipleOf", [2, 0.5]),
    ("maxLength", [1, 5]),
    ("pattern", ["^a", "b$"]),
    ("enum", [["a", "b"], [1, 2], [None, "x"]]),
    ("required", [["a"], ["x", "y"]]),
    ("maxItems", [0, 3]),
    ("uniqueItems", [True]),
    ("additionalProperties", [False, {"type": "string"}]),
    ("items", [{"type": "integer"}, False]),
    ("not", [{"type": "null"}]),
    ("maxProperties", [1, 3]),
    ("propertyNames", [{"maxLength": 2}]),
    ("oneOf", [[{"minimum": 0}, {"maximum": 5}]]),
    ("dependentRequired", [{"a": ["b"]}]),
    ("contains", [{"const": 1}]),
    ("if", [{"required": ["a"]}]),
    ("then", [{"required": ["b"]}]),
]
WORDS = [None, True, 0, 1, -1, 2.5, 5, 7, 11, 100, "", "a", "b", "x", "ab", "abc", "0", "12"]
KEYS = ["a", "b", "x", "y", "k", "n", "v", "s", "ab", "x-a"]


def nodes(schema: Any, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if isinstance(schema, dict):
        found.append(schema)
        for key, value in schema.items():
            if key not in ("enum", "const", "examples", "default"):
                nodes(value, found)
    elif isinstance(schema, list):
        for value in schema:
            nodes(value, found)
    return found


def edited(schema: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    schema = copy.deepcopy(schema)
    for _ in range(rng.randint(1, 2)):
        node = rng.choice(nodes(schema, []))
        keyword, values = rng.choice(EDITS)
        node[keyword] = copy.deepcopy(rng.choice(values))
    return schema


def random_value(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth > 2 or roll < 0.5:
        return rng.choice(WORDS)
    if roll < 0.75:
        return [random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {rng.choice(KEYS): random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))}


def perturbed(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict) and value and rng.random() < 0.7:
        value = dict(value)
        key = rng.choice(list(value))
        value[key] = perturbed(value[key], rng) if rng.random() < 0.5 else random_value(rng)
        if rng.random() < 0.3:
            value[rng.choice(KEYS)] = random_value(rng)
        return value
    if isinstance(value, list) and value and rng.random() < 0.7:
        value = list(value)
        index = rng.randrange(len(value))
        value[index] = perturbed(value[index], rng)
        return value
    return random_value(rng)


def test_random_edits_are_measured_soundly() -> None:
    """Over 120 random edits: examples hold under python-jsonschema, and 1,500 random payloads each find no
    effect the diff did not report."""
    rng = random.Random(20260401)
    checked = 0
    while checked < 120:
        old = rng.choice(SCHEMAS)
        new = edited(old, rng)
        direction = rng.choice(list(Direction))
        try:
            jsonschema_rs.meta.validate(new)
        except jsonschema_rs.ValidationError:
            continue
        checked += 1
        result = compare_contract(ContractVersion("T", direction, old), ContractVersion("T", direction, new), "T")
        reported: set[Effect] = set()
        for finding in result.findings:
            assert finding.example is not None
            accepted, refused = (old, new) if finding.example.accepted_by is Side.OLD else (new, old)
            assert Draft202012Validator(accepted).is_valid(finding.example.payload)
            assert not Draft202012Validator(refused).is_valid(finding.example.payload)
            both = {Effect.NARROWING, Effect.WIDENING}
            reported |= both if finding.effect is Effect.BOTH else {finding.effect}
        old_check, new_check = jsonschema_rs.validator_for(old), jsonschema_rs.validator_for(new)
        seeds = [strip_missing(v) for v in variants(old, old)[:30] + variants(new, new)[:30]]
        for _ in range(1500):
            payload = perturbed(rng.choice(seeds), rng) if rng.random() < 0.8 else random_value(rng)
            old_ok, new_ok = old_check.is_valid(payload), new_check.is_valid(payload)
            if old_ok != new_ok:
                effect = Effect.NARROWING if old_ok else Effect.WIDENING
                assert effect in reported, (old, new, payload)
