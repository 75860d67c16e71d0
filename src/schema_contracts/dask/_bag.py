"""A Dask bag of JSON lines in, a bag of results out: for code that already holds its payloads in Dask."""

from __future__ import annotations

import dask.bag
from dask.delayed import delayed

from schema_contracts.dask._partition import SchemaSource, check_partition

__all__ = ["validate_bag"]


def validate_bag(
    lines: dask.bag.Bag, schema: SchemaSource, source: str = "bag", include_valid: bool = False
) -> dask.bag.Bag:
    """A bag of ``PayloadResult``: one per invalid payload of ``lines`` (each valid one too with ``include_valid``).

    A bag does not know the files its lines came from: a result's source is ``source[i]`` for partition ``i``,
    and its line is the item's place in that partition, from 1. Lazy, like any bag: ``.compute()`` runs it.
    """
    checked = [
        delayed(check_partition)(part, schema, f"{source}[{index}]", include_valid=include_valid)
        for index, part in enumerate(lines.to_delayed(optimize_graph=False))
    ]
    results: dask.bag.Bag = dask.bag.from_delayed(checked)
    return results
