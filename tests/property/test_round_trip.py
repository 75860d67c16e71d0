"""Any valid model instance dumps to JSON that its schema accepts and that parses back to an equal instance."""

from __future__ import annotations

import json

import pytest
from helpers import MODELS, compiled_contract, count_example, reference_validator
from hypothesis import given
from hypothesis import strategies as st

from schema_contracts.testing import valid_payloads


@pytest.mark.parametrize("contract", list(MODELS))
@given(data=st.data())
def test_dump_validates_and_parses_back_equal(contract: str, data: st.DataObject) -> None:
    """model → JSON → schema-valid, and JSON → model gives the same instance."""
    count_example(f"round trip {contract}")
    model = MODELS[contract]
    instance = model.model_validate_json(json.dumps(data.draw(valid_payloads(contract))))
    dumped = instance.model_dump_json()
    assert reference_validator(contract).is_valid(json.loads(dumped))
    assert compiled_contract(contract).check_bytes(dumped.encode(), "dump").valid
    assert model.model_validate_json(dumped) == instance
