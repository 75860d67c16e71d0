"""The contract's base64 rule: one language, the same in the model, the schema's keywords and every engine.

The schemas state the rule as a lookahead-free `pattern` plus `"not": {"type": "string", "pattern": "\\n"}`
(base64_rule says why); before, they stated it as one pattern with a lookahead that Go's RE2 cannot compile.
These tests prove that every engine reads the new form as exactly the old language: Python `re` (what
python-jsonschema and fastjsonschema run), jsonschema-rs, ajv (ECMA-262, `u` flag) and gojsonschema (Go's RE2).
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import jsonschema_rs
import pytest
from gocheck import GoSchemaRefused, run_contract_check
from helpers import ROOT, count_example
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from schema_contracts.base64_rule import (
    BASE64_ALPHABET,
    BASE64_PATTERN,
    LINE_FEED_PATTERN,
    LOOKAHEAD_BASE64_PATTERN,
    base64_schema_keywords,
    is_contract_base64,
)
from schema_contracts.models.types import Base64Str
from schema_contracts.testing import base64_text
from schema_contracts.validate import PayloadValidator, compile_schema
from schema_contracts.validate._fast import compile_fast_path
from schema_contracts.validate._native import is_base64

ADAPTER = TypeAdapter(Base64Str)
# The rule as the schemas carry it now, and as they carried it before.
NEW_FORM = {"type": "string", **base64_schema_keywords()}
OLD_FORM = {"type": "string", "pattern": LOOKAHEAD_BASE64_PATTERN, "contentEncoding": "base64"}
# python-jsonschema and fastjsonschema apply `pattern` with re.search.
PYTHON_PATTERN = re.compile(BASE64_PATTERN)
PYTHON_LINE_FEED = re.compile(LINE_FEED_PATTERN)
PYTHON_OLD_PATTERN = re.compile(LOOKAHEAD_BASE64_PATTERN)
PYTHON_JSONSCHEMA = jsonschema.Draft202012Validator(NEW_FORM)
RUST = jsonschema_rs.validator_for(NEW_FORM)
NATIVE = compile_schema(NEW_FORM, "base64")  # the validator's native stand-in for the keywords
EXPLAINED = PayloadValidator(compile_schema({"properties": {"file": NEW_FORM}}, "base64"), fast=False)
# The same schema listing errors with the native keyword, as every validator did before the regex form.
KEYWORD_FORM = compile_schema({"properties": {"file": NEW_FORM}}, "base64")
KEYWORD_FORM.__dict__["_explainer"] = KEYWORD_FORM._validator
EXPLAINED_BY_KEYWORD = PayloadValidator(KEYWORD_FORM, fast=False)
FAST = compile_fast_path(NEW_FORM, "native")  # the native accept check (a base64 string never needs escapes)
# Bits of the last data character that a final group with 2 or 1 padding characters leaves unused.
USED_BITS = {2: 0b110000, 1: 0b111100}


def in_contract_language(text: str) -> bool:
    """The language defined independently of any regex: decode strictly, re-encode, compare.

    A string is in it when decoding yields bytes whose standard encoding is the string itself, except that
    the last data character before padding may differ in the bits the encoding leaves unused.
    """
    if not text.isascii():
        return False
    try:
        decoded = base64.b64decode(text, validate=True)
    except binascii.Error:
        return False
    canonical = base64.b64encode(decoded).decode()
    if len(canonical) != len(text):
        return False  # e.g. 'QUJD====': Python's decoder accepts excess padding, the contract does not
    padding = len(text) - len(text.rstrip("="))
    if padding == 0:
        return canonical == text
    last = len(text) - padding - 1
    if canonical[:last] != text[:last] or canonical[last + 1 :] != text[last + 1 :]:
        return False
    return BASE64_ALPHABET.index(text[last]) & USED_BITS[padding] == BASE64_ALPHABET.index(canonical[last])


def model_accepts(text: str) -> bool:
    try:
        ADAPTER.validate_python(text)
    except ValidationError:
        return False
    return True


near_base64 = st.text(alphabet=BASE64_ALPHABET[:6] + "+/=\n -_é", max_size=12)
mutated = st.tuples(base64_text(), st.text(alphabet="=\n AQ+/-_!", max_size=3), st.integers(0, 400)).map(
    lambda t: t[0][: t[2]] + t[1] + t[0][t[2] :]
)


def python_re_accepts(text: str) -> bool:
    """The new form as Python `re` reads it: the pattern is found and no line feed is."""
    return PYTHON_PATTERN.search(text) is not None and PYTHON_LINE_FEED.search(text) is None


@given(st.one_of(st.text(), near_base64, mutated, base64_text()))
@example("QUJD====")  # Python's decoder accepts it: the model once did too
@example("cGFzcw==\n")  # Python's `$` matches before the final newline: the `not` refuses it
@example("QR==")  # non-canonical unused bits: in the language, as the pattern says
@example("")
def test_model_pattern_and_definition_agree(text: str) -> None:
    """For any text: the model accepts it ⇔ the keywords accept it (Python re, python-jsonschema, Rust, the
    native keyword and accept check) ⇔ the old lookahead pattern matches it ⇔ it is contract base64."""
    count_example("base64: model ⇔ keywords ⇔ definition")
    expected = in_contract_language(text)
    assert model_accepts(text) is expected
    assert python_re_accepts(text) is expected
    assert (PYTHON_OLD_PATTERN.search(text) is not None) is expected
    assert PYTHON_JSONSCHEMA.is_valid(text) is expected
    assert RUST.is_valid(text) is expected
    assert NATIVE.is_valid(text) is expected
    assert is_contract_base64(text) is expected
    assert is_base64(text) is expected
    assert FAST is not None
    assert FAST.accepts(json.dumps(text).encode()) is expected


@given(st.one_of(st.text(), near_base64, mutated, base64_text()))
@example("cGFzcw==\n")
@example("QUJD====")
def test_explanations_of_the_rule_are_those_of_the_native_keyword(text: str) -> None:
    """For any text, the validator's explanation (the rule as jsonschema-rs's regex) is exactly the one the
    native keyword gives: no issue for contract base64, else one at `pattern` with the same message."""
    count_example("base64: regex explanation = keyword explanation")
    raw = json.dumps({"file": text}).encode()
    issues = EXPLAINED.check_bytes(raw, "x").errors
    assert issues == EXPLAINED_BY_KEYWORD.check_bytes(raw, "x").errors
    assert (not issues) is in_contract_language(text)


@given(st.binary(max_size=2048))
def test_standard_encoding_of_any_bytes_is_accepted_and_decodes_back(data: bytes) -> None:
    """Any bytes, base64-encoded the standard way, are accepted and decode back to the same bytes."""
    count_example("base64: bytes round trip")
    encoded = base64.b64encode(data).decode()
    assert ADAPTER.validate_python(encoded) == encoded
    assert base64.b64decode(encoded, validate=True) == data


# -- every engine, on one corpus ---------------------------------------------------------------------

SAMPLE = settings(
    database=None, derandomize=True, max_examples=1500, phases=[Phase.generate], suppress_health_check=list(HealthCheck)
)


def exhaustive(alphabet: str, longest: int) -> Iterator[str]:
    """Every string over ``alphabet`` up to ``longest`` characters."""
    for size in range(longest + 1):
        yield from map("".join, itertools.product(alphabet, repeat=size))


def sampled_texts() -> list[str]:
    """A fixed, repeatable sample of arbitrary, near-base64, mutated and real base64 texts."""
    drawn: list[str] = []

    @SAMPLE
    @given(st.one_of(st.text(), near_base64, mutated, base64_text()))
    def collect(text: str) -> None:
        drawn.append(text)

    collect()
    return drawn


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    """Every string up to 8 characters over a 4-letter alphabet that has each kind of character the rule tells
    apart (data, padding, line feed, other), every string up to 4 over a wider one (the alphabet's symbols,
    carriage return, space, non-ASCII, an astral character, a line separator), and sampled texts."""
    texts = set(exhaustive("Q=\n-", 8)) | set(exhaustive("A+/=\n\r é\U0001f600\u2028", 4)) | set(sampled_texts())
    return sorted(texts)


def test_every_engine_reads_the_new_form_as_the_old_language(corpus: list[str], tmp_path: Path) -> None:
    """On ~110,000 strings, the new keywords accept exactly what the old lookahead pattern accepted, in the
    model, Python re, python-jsonschema, jsonschema-rs, the native check, ajv and gojsonschema (Go RE2)."""
    count_example("base64: engines on the corpus")
    old_language = [PYTHON_OLD_PATTERN.search(text) is not None for text in corpus]
    assert old_language == [in_contract_language(text) for text in corpus]
    assert 50 < sum(old_language) < len(corpus) // 2
    data = tmp_path / "texts.jsonl"
    data.write_text("".join(json.dumps(text) + "\n" for text in corpus), encoding="utf-8")
    schema = tmp_path / "base64.schema.json"
    schema.write_text(json.dumps(NEW_FORM), encoding="utf-8")
    ajv = subprocess.run(
        ["node", str(ROOT / "js" / "ajv-validate.mjs"), str(schema), str(data)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    go = run_contract_check([(schema, [data])], tmp_path)
    engines: dict[str, list[bool]] = {
        "pydantic model": [model_accepts(text) for text in corpus],
        "Python re (python-jsonschema, fastjsonschema)": [python_re_accepts(text) for text in corpus],
        "python-jsonschema": [PYTHON_JSONSCHEMA.is_valid(text) for text in corpus],
        "jsonschema-rs": [RUST.is_valid(text) for text in corpus],
        "schema-contracts native check": [NATIVE.is_valid(text) for text in corpus],
        "ajv (ECMA-262, u flag)": [verdict == "1" for verdict in ajv],
        "gojsonschema (Go RE2)": [verdict.valid for verdict in go],
    }
    assert {name: len(verdicts) for name, verdicts in engines.items()} == dict.fromkeys(engines, len(corpus))
    wrong = {
        name: [text for text, got, want in zip(corpus, verdicts, old_language, strict=True) if got != want][:5]
        for name, verdicts in engines.items()
        if verdicts != old_language
    }
    assert not wrong, wrong


def test_python_needs_the_line_feed_refusal() -> None:
    """Without the `not`, python-jsonschema would accept base64 followed by a line feed; with it, it does not."""
    pattern_only = jsonschema.Draft202012Validator({"type": "string", "pattern": BASE64_PATTERN})
    assert pattern_only.is_valid("QUJD\n")
    assert not PYTHON_JSONSCHEMA.is_valid("QUJD\n")
    assert PYTHON_JSONSCHEMA.is_valid("QUJD")


def test_go_cannot_compile_the_old_lookahead_form(tmp_path: Path) -> None:
    """gojsonschema refuses the old single-pattern form (RE2 has no lookahead): the reason for the new form."""
    schema = tmp_path / "old.schema.json"
    schema.write_text(json.dumps(OLD_FORM), encoding="utf-8")
    payload = tmp_path / "payload.json"
    payload.write_text('"QUJD"', encoding="utf-8")
    with pytest.raises(GoSchemaRefused, match="pattern must be a valid regex"):
        run_contract_check([(schema, [payload])], tmp_path)
