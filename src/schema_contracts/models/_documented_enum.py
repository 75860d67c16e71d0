"""A ``str`` enum whose members are documented by the string written under each of them."""

from __future__ import annotations

import ast
import inspect
import textwrap
from enum import Enum
from functools import cache
from typing import Any

from pydantic import GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue

__all__ = ["DocumentedEnum", "enum_member_docs"]


@cache
def enum_member_docs(enum_type: type[Enum]) -> dict[str, str]:
    """Map each member name of ``enum_type`` to the string literal that follows its assignment in the source."""
    class_def = ast.parse(textwrap.dedent(inspect.getsource(enum_type))).body[0]
    assert isinstance(class_def, ast.ClassDef)
    docs: dict[str, str] = {}
    for statement, following in zip(class_def.body, class_def.body[1:], strict=False):
        if (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[statement.targets[0].id] = inspect.cleandoc(following.value.value)
    return docs


class DocumentedEnum(str, Enum):
    """Base of the contract's enums: the schema's description lists every member with its documentation."""

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        json_schema = handler(schema)
        definition = handler.resolve_ref_schema(json_schema)
        docs = enum_member_docs(cls)
        lines = [definition.get("description", "")]
        lines += [f"- `{member.value}`: {docs[member.name]}" for member in cls]
        definition["description"] = "\n".join(lines).strip()
        return json_schema
