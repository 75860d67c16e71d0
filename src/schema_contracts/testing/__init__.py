"""Tools for contract tests: hypothesis strategies for valid and near-miss payloads, and a pytest plugin.

Needs hypothesis (`pip install schema-contracts[testing]`).
"""

from schema_contracts.testing._plugin import ContractChecker, describe_failure
from schema_contracts.testing._strategies import (
    NearMiss,
    base64_text,
    json_values,
    near_miss_payloads,
    near_miss_requests,
    near_miss_results,
    requests,
    results,
    unknown_fields,
    valid_payloads,
)

__all__ = [
    "ContractChecker",
    "NearMiss",
    "base64_text",
    "describe_failure",
    "json_values",
    "near_miss_payloads",
    "near_miss_requests",
    "near_miss_results",
    "requests",
    "results",
    "unknown_fields",
    "valid_payloads",
]
