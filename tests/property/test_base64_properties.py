"""The contract's base64 rule: one language, the same in the model, the schema's pattern and every engine."""

from __future__ import annotations

import base64
import binascii
import re

import jsonschema_rs
from helpers import count_example
from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from schema_contracts.base64_rule import BASE64_ALPHABET, BASE64_PATTERN, is_contract_base64
from schema_contracts.models.types import Base64Str
from schema_contracts.testing import base64_text

ADAPTER = TypeAdapter(Base64Str)
PYTHON_PATTERN = re.compile(BASE64_PATTERN)  # python-jsonschema applies `pattern` with re.search
RUST_PATTERN = jsonschema_rs.validator_for({"type": "string", "pattern": BASE64_PATTERN})
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


@given(st.one_of(st.text(), near_base64, mutated, base64_text()))
@example("QUJD====")  # Python's decoder accepts it: the model once did too
@example("cGFzcw==\n")  # python-jsonschema's `$` accepts it without the lookahead
@example("QR==")  # non-canonical unused bits: in the language, as the pattern says
@example("")
def test_model_pattern_and_definition_agree(text: str) -> None:
    """For any text: the model accepts it ⇔ the pattern matches it (Python and Rust) ⇔ it is contract base64."""
    count_example("base64: model ⇔ pattern ⇔ definition")
    expected = in_contract_language(text)
    assert model_accepts(text) is expected
    assert (PYTHON_PATTERN.search(text) is not None) is expected
    assert RUST_PATTERN.is_valid(text) is expected
    assert is_contract_base64(text) is expected


@given(st.binary(max_size=2048))
def test_standard_encoding_of_any_bytes_is_accepted_and_decodes_back(data: bytes) -> None:
    """Any bytes, base64-encoded the standard way, are accepted and decode back to the same bytes."""
    count_example("base64: bytes round trip")
    encoded = base64.b64encode(data).decode()
    assert ADAPTER.validate_python(encoded) == encoded
    assert base64.b64decode(encoded, validate=True) == data
