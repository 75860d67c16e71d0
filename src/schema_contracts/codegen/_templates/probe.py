"""Run the round-trip probes through every flavour of the generated Python code and report the verdicts.

Run by `schema-contracts generate` in a separate interpreter (never imported by the package):
``python probe.py FOLDER`` with the generated modules in FOLDER, and on stdin a JSON list of
``[contract, module, plain module, payload text]`` (``contract`` is ``Name@N``; ``module`` its generated pydantic
module with the schema hook; ``plain module`` the same without the hook). Prints, as JSON, each probe's verdicts
and the JSON Schema that each plain model produces by itself.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable
from typing import Any


def accepts(check: Callable[[], object]) -> bool:
    """Whether ``check`` runs without raising."""
    try:
        check()
    except Exception:
        return False
    return True


def verdicts_of(hook: Any, hooked: Any, plain: Any, contract: str, text: str) -> dict[str, bool]:
    """Whether each flavour accepts the payload ``text`` of ``contract``."""
    return {
        "plain": accepts(lambda: plain.model_validate_json(text)),
        "hooked": accepts(lambda: hooked.model_validate_json(text)),
        "typeddict": accepts(lambda: hook.validate_payload(contract, json.loads(text))),
    }


def main() -> None:
    """Read the probes from stdin, print the verdicts and the plain models' own schemas."""
    sys.path.insert(0, sys.argv[1])
    hook = importlib.import_module("schema_hook")
    probes: list[list[str]] = json.loads(sys.stdin.read())
    verdicts = []
    regenerated: dict[str, Any] = {}
    for contract, module_name, plain_name, text in probes:
        name = contract.partition("@")[0]
        hooked = getattr(importlib.import_module(module_name), name)
        plain = getattr(importlib.import_module(plain_name), name)
        verdicts.append(verdicts_of(hook, hooked, plain, contract, text))
        regenerated[contract] = plain.model_json_schema()
    print(json.dumps({"verdicts": verdicts, "regenerated": regenerated}))


if __name__ == "__main__":
    main()
