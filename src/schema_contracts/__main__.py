"""`python -m schema_contracts`: the command line."""

from schema_contracts.cli import entry_point

entry_point()
