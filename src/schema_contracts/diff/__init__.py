"""Breaking-change detection between two versions of the contract schemas, measured with payloads.

Reading (``_sources``) gives each side's contracts; the walk (``_changes``) finds the changed places;
candidates (``_candidates``, strings from ``_patterns``) are instances built from both versions, put back
into whole payloads (``_lift``); the comparison (``_compare``) checks them with the validator, against both
versions and against the old one with only that change made (``_isolate``), and measures each change's
effect; findings (``_findings``) carry checked examples and a level from the rule registry's policy
(``_rules``); ``_ignore`` reads the accepted changes.
"""

from schema_contracts.diff._compare import DiffResult, compare_contract, compare_sets
from schema_contracts.diff._findings import Comparison, Example, Finding, shown
from schema_contracts.diff._ignore import AcceptedChange, apply_ignores, check_schemas, load_ignores
from schema_contracts.diff._rules import RULES, TOLERANCES, Rule, level_for, rule_table
from schema_contracts.diff._sources import ContractVersion, SchemaSet, bare_name, load_file, load_folder, load_git_ref

__all__ = [
    "RULES",
    "TOLERANCES",
    "AcceptedChange",
    "Comparison",
    "ContractVersion",
    "DiffResult",
    "Example",
    "Finding",
    "Rule",
    "SchemaSet",
    "apply_ignores",
    "bare_name",
    "check_schemas",
    "compare_contract",
    "compare_sets",
    "level_for",
    "load_file",
    "load_folder",
    "load_git_ref",
    "load_ignores",
    "rule_table",
    "shown",
]
