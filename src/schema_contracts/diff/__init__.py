"""Breaking-change detection between two versions of the contract schemas, judged by direction."""

from schema_contracts.diff._compare import Example, Finding, compare_sets
from schema_contracts.diff._ignore import AcceptedChange, apply_ignores, load_ignores
from schema_contracts.diff._rules import ERR, INFO, LEVELS, RULES, WARN, Effect, Rule
from schema_contracts.diff._sources import ContractVersion, SchemaSet, load_file, load_folder, load_git_ref

__all__ = [
    "ERR",
    "INFO",
    "LEVELS",
    "RULES",
    "WARN",
    "AcceptedChange",
    "ContractVersion",
    "Effect",
    "Example",
    "Finding",
    "Rule",
    "SchemaSet",
    "apply_ignores",
    "compare_sets",
    "load_file",
    "load_folder",
    "load_git_ref",
    "load_ignores",
]
