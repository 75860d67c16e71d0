"""Validate payloads on a Dask cluster, or inside any engine that maps a function over partitions of lines.

Install with ``pip install 'schema-contracts[dask]'``. The command line uses ``validate_on_cluster``
(``schema-contracts validate --scheduler ...``); code that holds a Dask bag uses ``validate_bag``; Spark
and other engines map ``check_partition`` over their partitions. The schema travels to workers as its
document (``SchemaSource``), and each worker process compiles it once.

``SchemaSource`` and ``check_partition`` need no Dask; the other two import it when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from schema_contracts.dask._partition import SchemaSource, check_partition

if TYPE_CHECKING:
    from schema_contracts.dask._bag import validate_bag
    from schema_contracts.dask._cluster import validate_on_cluster

__all__ = ["SchemaSource", "check_partition", "validate_bag", "validate_on_cluster"]


def __getattr__(name: str) -> Any:
    if name == "validate_on_cluster":
        from schema_contracts.dask._cluster import validate_on_cluster

        return validate_on_cluster
    if name == "validate_bag":
        from schema_contracts.dask._bag import validate_bag

        return validate_bag
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
