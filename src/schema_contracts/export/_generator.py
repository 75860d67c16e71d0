"""The JSON Schema generator of the contract: pydantic's, customised one kind of schema at a time."""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import DEFAULT_REF_TEMPLATE, GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from schema_contracts.locations import DRAFT_2020_12, schema_id
from schema_contracts.models.registry import ContractVersion
from schema_contracts.models.rules import CompanionFieldRule
from schema_contracts.models.schemas import ContractModel

__all__ = ["ContractSchemaGenerator", "contract_schema", "schema_id"]


class ContractSchemaGenerator(GenerateJsonSchema):
    """Pydantic's generator plus what the contract needs that pydantic does not emit by itself.

    ``$schema``, explicit openness, cross-field rules as ``if``/``then``,
    and no auto-generated field titles (they only repeat the property names).
    """

    def generate(self, schema: CoreSchema, mode: JsonSchemaMode = "validation") -> JsonSchemaValue:
        json_schema = super().generate(schema, mode=mode)
        return {"$schema": DRAFT_2020_12, **json_schema}

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        json_schema = super().model_schema(schema)
        model = schema["cls"]
        if model.model_config.get("extra", "ignore") != "forbid":
            # Pydantic says nothing for an open model; the contract says it out loud.
            json_schema["additionalProperties"] = True
        if issubclass(model, ContractModel) and model.contract_rules:
            json_schema["allOf"] = [self._companion_rule_schema(rule) for rule in model.contract_rules]
        return json_schema

    def _companion_rule_schema(self, rule: CompanionFieldRule) -> JsonSchemaValue:
        statuses = [status.value for status in rule.statuses]
        status_matches = {"const": statuses[0]} if len(statuses) == 1 else {"enum": statuses}
        rule_schema: JsonSchemaValue = {
            "title": rule.name,
            "description": rule.statement,
            "if": {"properties": {"status": status_matches}, "required": ["status"]},
            "else": {"properties": {rule.field: {"type": "null"}}},
        }
        if rule.required_with_status:
            rule_schema["then"] = {"properties": {rule.field: {"not": {"type": "null"}}}, "required": [rule.field]}
        return rule_schema


def contract_schema(version: ContractVersion) -> dict[str, Any]:
    """The JSON Schema of one contract version, as a dict: ``$id`` names the version, ``title`` the contract."""
    schema = version.model.model_json_schema(
        ref_template=DEFAULT_REF_TEMPLATE, schema_generator=ContractSchemaGenerator, mode="validation"
    )
    if schema.get("title") != version.name:
        raise ValueError(
            f"the model of {version.qualified_name} is titled {schema.get('title')!r}, not {version.name!r}"
        )
    header = {"$schema": schema.pop("$schema"), "$id": schema_id(version.name, version.number)}
    return {**header, **schema}
