"""Feed the native accept check mangled payloads under AddressSanitizer and UndefinedBehaviorSanitizer.

Run by `make sanitize`, which builds `_native.c` with the sanitizers into a folder of its own and runs this with
them preloaded: any read outside a buffer, use after free or undefined behaviour stops the run with a report.
The verdicts themselves are the property tests' business (tests/property); this looks for memory errors only.
Arguments: the folder holding the sanitized build, and the seconds to run.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SPLICE = [b'"', b"\\", b",", b":", b"{", b"}", b"[", b"]", b"0", b"-", b"e", b".", b" ", b"\n", b"\\u", b"d8",
          b"\x80", b"\xc0", b"\xed\xa0\x80", b"\xf4\x90", b"\xef\xbb\xbf", b"\x00", b"\x1f", b"true", b"nul",
          b"1e999", b"\\ud800", b"\\udc00", b"QUJD", b"="]  # fmt: skip


def seeds() -> list[bytes]:
    found = [path.read_bytes() for path in sorted((ROOT / "tests" / "fixtures" / "payloads").rglob("*.json"))]
    return [*found, b'{"a":[1,2,{"b":"\\ud83d\\ude00"}],"c":-1.5e10}', b'"\\u0041"', b"[[[[[]]]]]"]


def mangled(rnd: random.Random, seed: bytes) -> bytes:
    raw = bytearray(seed)
    for _ in range(rnd.randint(0, 6)):
        at = rnd.randint(0, len(raw))
        roll = rnd.random()
        if roll < 0.3 and raw:
            del raw[at : at + rnd.randint(1, 8)]
        elif roll < 0.6:
            raw[at:at] = rnd.choice(SPLICE)
        elif roll < 0.8 and raw:
            raw[rnd.randrange(len(raw))] = rnd.randrange(256)
        else:
            raw = raw[: rnd.randint(0, len(raw))]
    return bytes(raw)


def a_path(rnd: random.Random, document: Any) -> tuple[str | int, ...]:
    path: list[str | int] = []
    while isinstance(document, dict | list) and document and rnd.random() < 0.8:
        if isinstance(document, dict):
            key = rnd.choice(list(document))
            path.append(key)
            document = document[key]
        else:
            index = rnd.randrange(len(document) + 1)
            path.append(index)
            if index == len(document):
                break
            document = document[index]
    return tuple(path)


def main() -> None:
    sys.path.insert(0, sys.argv[1])
    import _native  # type: ignore[import-not-found]  # the sanitized build, found on the path given

    from schema_contracts.validate._program import translate

    schemas = [json.loads(path.read_text()) for path in sorted((ROOT / "schemas").glob("*@*.schema.json"))]
    checkers = [_native.Checker(translate(schema)) for schema in schemas] + [_native.Checker({})]
    pool = seeds()
    rnd = random.Random(0)
    deadline = time.monotonic() + float(sys.argv[2])
    rounds = 0
    while time.monotonic() < deadline:
        raw = mangled(rnd, rnd.choice(pool))
        for checker in checkers:
            checker.accepts(raw)
            checker.explain(raw)
            checker.scan_lines(raw + b"\n" + raw, rnd.randint(0, len(raw)), rnd.random() < 0.5)
        try:
            document = json.loads(raw)
        except ValueError:
            document = None
        if document is not None:
            _native.locate(raw, a_path(rnd, document), rnd.random() < 0.5)
        _native.locate(raw, tuple(rnd.choice(["status", 0, 3, "x", "1", "\ud800"]) for _ in range(3)), False)
        _native.is_base64(raw.decode("latin-1"))
        _native.unique_keys(raw)
        rounds += 1
    print(f"sanitize: {rounds:,} mangled payloads through every native entry point, no memory error")


if __name__ == "__main__":
    main()
