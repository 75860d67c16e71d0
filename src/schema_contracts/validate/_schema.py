"""Load a JSON Schema 2020-12 file once and compile it for fast validation, locally and only locally."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jsonschema_rs

from schema_contracts.base64_rule import (
    BASE64_PATTERN,
    LOOKAHEAD_BASE64_PATTERN,
    base64_schema_keywords,
    is_contract_base64,
)
from schema_contracts.errors import ContractNotFoundError, RemoteReferenceError, SchemaFileError, SchemaTooLargeError
from schema_contracts.locations import (
    DRAFT_2020_12,
    INDEX_FILE,
    SCHEMA_SUFFIX,
    default_schema_dir,
    qualified_name,
    split_qualified_name,
)
from schema_contracts.schemanav import check_depth, read_json_file
from schema_contracts.validate._jsontext import json_spelling
from schema_contracts.validate._native_build import NATIVE

__all__ = [
    "BASE64_KEYWORD",
    "CompiledSchema",
    "ContractEntry",
    "SchemaCatalog",
    "base64_mismatch",
    "compile_schema",
    "is_base64_mismatch",
    "load_schema_file",
    "parse_index",
]


# The validator checks the contract's base64 rule (`pattern`, and `not` refusing a line feed) with a native
# function of identical verdict (see base64_rule; the property tests prove it) because every regex engine is
# several times slower.
BASE64_KEYWORD = "x-schema-contracts-base64"

# The forms of the rule a schema may carry: the current pattern, and the lookahead form of older exports.
# Either alone, and the pattern with the line-feed refusal beside it, means contract base64 in jsonschema-rs.
_BASE64_PATTERNS = frozenset({BASE64_PATTERN, LOOKAHEAD_BASE64_PATTERN})
_LINE_FEED_REFUSAL = base64_schema_keywords()["not"]


_is_base64: Callable[[str], bool] = NATIVE.is_base64 if NATIVE is not None else is_contract_base64


class _Base64Keyword:
    """jsonschema-rs custom keyword standing in for the base64 ``pattern`` (and its line-feed refusal)."""

    def __init__(self, parent_schema: dict[str, Any], value: Any, schema_path: list[str | int]) -> None:
        pass

    def validate(self, instance: Any) -> None:
        if isinstance(instance, str) and not _is_base64(instance):
            raise ValueError(base64_mismatch(instance))


_PATTERN_SPELT = json_spelling(BASE64_PATTERN)


def base64_mismatch(instance: str) -> str:
    """The message for a string that breaks the base64 rule, whichever form of the rule found it."""
    return f"{json_spelling(instance, 60)} does not match {_PATTERN_SPELT} (not contract base64)"


def is_base64_mismatch(error: Any) -> bool:
    """Whether a jsonschema-rs ``pattern`` error is the base64 rule's, in its explanation form (see _explainer).

    Every node holding a form of the rule becomes the native keyword or that form, so a failed ``pattern`` of
    exactly BASE64_PATTERN is the rule's.
    """
    return getattr(error.kind, "pattern", None) == BASE64_PATTERN


# Keywords whose values are data, not schemas: a `pattern` inside them is not a pattern to enforce.
_DATA_KEYWORDS = frozenset({"enum", "const", "examples", "default"})


# Keywords that can fail on a string and that jsonschema-rs checks after `pattern` but before a custom keyword.
# Beside none of them, the rule's two forms report the same errors in the same order (see _with_base64_rule).
_CHECKED_AFTER_PATTERN = frozenset(
    {"format", "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "$ref", "$dynamicRef"}
)


def _with_base64_rule(node: Any, for_explaining: bool = False) -> Any:
    """A copy of a schema in which every contract-base64 rule is the native keyword (or, to explain, the regex).

    The rule's ``pattern`` goes, and so does the line-feed refusal (``not``) beside it: the native check
    refuses line feeds too, so a payload fails once, at ``pattern``, as it did with the single-pattern form.

    ``for_explaining``: the copy that lists a payload's errors keeps the rule a plain BASE64_PATTERN where it
    can, without the refusal (Rust's `$` is the end of the string, so the pattern alone refuses line feeds).
    jsonschema-rs finds errors faster that way than by calling the keyword back in Python, and reports the
    same ones, in the same order unless a keyword it checks between the two stands beside the rule.
    """
    if isinstance(node, dict):
        copy = {
            key: value if key in _DATA_KEYWORDS else _with_base64_rule(value, for_explaining)
            for key, value in node.items()
        }
        pattern = copy.get("pattern")
        if isinstance(pattern, str) and pattern in _BASE64_PATTERNS:
            del copy["pattern"]
            if copy.get("not") == _LINE_FEED_REFUSAL:
                del copy["not"]
            if for_explaining and _CHECKED_AFTER_PATTERN.isdisjoint(copy):
                copy["pattern"] = BASE64_PATTERN
            else:
                copy[BASE64_KEYWORD] = True
        return copy
    if isinstance(node, list):
        return [_with_base64_rule(item, for_explaining) for item in node]
    return node


def _check_is_2020_12_schema(document: Any, path: Path) -> None:
    if not isinstance(document, dict | bool):
        raise SchemaFileError(f"{path} is not a JSON Schema: it is a JSON {type(document).__name__}, not an object")
    declared = document.get("$schema", DRAFT_2020_12) if isinstance(document, dict) else DRAFT_2020_12
    if not isinstance(declared, str) or declared.rstrip("#") != DRAFT_2020_12:
        raise SchemaFileError(f"{path} declares $schema {declared!r}; only JSON Schema 2020-12 is supported")
    try:
        jsonschema_rs.meta.validate({"$schema": DRAFT_2020_12, **document} if isinstance(document, dict) else document)
    except jsonschema_rs.ValidationError as error:
        pointer = "/" + "/".join(str(part) for part in error.instance_path)
        raise SchemaFileError(f"{path} is not a valid JSON Schema 2020-12: at {pointer}: {error.message}") from error


# How many files the `$ref`s of one schema may read (each bounded as read_json_file bounds a schema file).
MAX_REFERENCED_FILES = 256


class _LocalRetriever:
    """Resolves ``$ref`` to regular files on disk, within bounds; refuses anything that would need the network."""

    def __init__(self, for_explaining: bool = False) -> None:
        self.for_explaining = for_explaining  # the base64 rule's form in referenced files (see _with_base64_rule)
        self.files_read = 0
        # The error a retrieval raised: jsonschema-rs hands back only its text, so the class is kept here.
        self.refusal: SchemaFileError | None = None

    def __call__(self, uri: str) -> Any:
        try:
            return self._retrieve(uri)
        except SchemaFileError as error:
            self.refusal = error
            raise

    def _retrieve(self, uri: str) -> Any:
        parts = urlsplit(uri)
        if parts.scheme != "file":
            raise RemoteReferenceError(f"$ref {uri!r} is not local; schemas are never fetched from the network")
        self.files_read += 1
        if self.files_read > MAX_REFERENCED_FILES:
            raise SchemaTooLargeError(f"$ref {uri!r}: more than {MAX_REFERENCED_FILES} referenced files")
        path = Path(unquote(parts.path))
        return _with_base64_rule(read_json_file(path, "referenced schema"), self.for_explaining)


@dataclass(frozen=True)
class CompiledSchema:
    """A schema file, loaded and compiled once; validate as many payloads against it as you like."""

    name: str
    path: Path
    document: Any
    _validator: Any = field(repr=False, compare=False)
    _base_uri: str | None = field(default=None, repr=False, compare=False)

    @property
    def is_valid(self) -> Callable[[Any], bool]:
        """``is_valid(instance)``: whether parsed JSON is valid; the compiled validator's own method, no wrapper."""
        check: Callable[[Any], bool] = self._validator.is_valid
        return check

    @property
    def iter_errors(self) -> Callable[[Any], Iterator[Any]]:
        """``iter_errors(instance)``: the jsonschema-rs errors (a failed base64 rule: see ``is_base64_mismatch``)."""
        errors: Callable[[Any], Iterator[Any]] = self._explainer.iter_errors
        return errors

    @cached_property
    def _explainer(self) -> Any:
        """The validator that lists errors: compiled at the first invalid payload, with the rule's faster form."""
        try:
            return _compile(self.document, _LocalRetriever(for_explaining=True), self._base_uri)
        except (jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError, ValueError):
            # A file a `$ref` names is read again and may have changed since: the keyword form is as right.
            return self._validator


def _compile(document: Any, retriever: _LocalRetriever, base_uri: str | None) -> Any:
    return jsonschema_rs.validator_for(
        _with_base64_rule(document, retriever.for_explaining),
        keywords={BASE64_KEYWORD: _Base64Keyword},
        retriever=retriever,
        base_uri=base_uri,
    )


def compile_schema(document: Any, name: str, path: Path | None = None) -> CompiledSchema:
    """Check ``document`` against the 2020-12 metaschema and compile it; ``path`` anchors relative `$ref`s."""
    where = path if path is not None else Path(name)
    check_depth(document, f"schema {where}")
    _check_is_2020_12_schema(document, where)
    retriever = _LocalRetriever()
    base_uri = path.resolve().as_uri() if path is not None else None
    try:
        validator = _compile(document, retriever, base_uri)
    except (jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError, ValueError) as error:
        message = str(error).splitlines()[0]
        if retriever.refusal is not None:  # the retriever's own refusal, matched by its class
            raise type(retriever.refusal)(f"{where}: {message}") from retriever.refusal
        raise SchemaFileError(f"{where}: cannot compile the schema: {message}") from error
    return CompiledSchema(name, where, document, validator, base_uri)


def load_schema_file(path: Path, name: str | None = None) -> CompiledSchema:
    """Read, check against the 2020-12 metaschema, and compile the schema at ``path``."""
    document = read_json_file(path, "schema file")
    return compile_schema(document, name or path.name.removesuffix(SCHEMA_SUFFIX), path)


@dataclass(frozen=True)
class ContractEntry:
    """One version of a contract as the schema folder's index describes it."""

    name: str
    direction: str
    id: str
    file: str
    description: str
    version: int = 1
    latest: bool = True
    released: str = ""

    @property
    def qualified_name(self) -> str:
        """``Name@N``: exactly this version."""
        return qualified_name(self.name, self.version)


def _entry(item: Any) -> ContractEntry:
    # The index before versions had neither "version" nor "latest": each entry was version 1 and the latest.
    version, latest = item.get("version", 1), item.get("latest", True)
    if type(version) is not int or version < 1 or not isinstance(latest, bool):
        raise TypeError(f"bad version {version!r} or latest {latest!r} of {item.get('name')!r}")
    return ContractEntry(
        item["name"],
        item["direction"],
        item["$id"],
        item["file"],
        item.get("description", ""),
        version,
        latest,
        item.get("released", ""),
    )


def parse_index(document: Any, where: str) -> tuple[ContractEntry, ...]:
    """The entries of a contract index (``contracts.json``), read from ``where``; the old format too."""
    try:
        return tuple(_entry(item) for item in document["contracts"])
    except KeyError as error:
        raise SchemaFileError(f"{where} is not a contract index: missing {error}") from error
    except (TypeError, AttributeError) as error:
        raise SchemaFileError(f"{where} is not a contract index: {error}") from error


class SchemaCatalog:
    """The contracts of a schema folder, read from its index; never from the models.

    A contract is named ``Name`` (its latest version) or ``Name@N`` (version N).
    """

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory if directory is not None else default_schema_dir()
        index_path = self.directory / INDEX_FILE
        if not index_path.is_file():
            raise SchemaFileError(
                f"no contract index at {index_path}; run `schema-contracts export` first, or give the schema folder"
            )
        self.entries = parse_index(read_json_file(index_path, "contract index"), str(index_path))

    def names(self) -> list[str]:
        """The contract names (bare, each once), in index order."""
        return list(dict.fromkeys(entry.name for entry in self.entries))

    def qualified_names(self) -> list[str]:
        """Every version's ``Name@N``, in index order."""
        return [entry.qualified_name for entry in self.entries]

    def entry(self, name: str) -> ContractEntry:
        """The index entry that ``name`` means: ``Name@N`` exactly, or the latest version of ``Name``."""
        try:
            bare, version = split_qualified_name(name)
        except ValueError as error:
            raise ContractNotFoundError(f"unknown contract {error}") from error
        versions = [entry for entry in self.entries if entry.name == bare]
        if not versions:
            known = ", ".join(self.names())
            raise ContractNotFoundError(
                f"unknown contract {name!r}; known contracts: {known} (Name is the latest version, Name@N version N)"
            )
        if version is None:
            return next((entry for entry in versions if entry.latest), versions[-1])
        for entry in versions:
            if entry.version == version:
                return entry
        numbers = ", ".join(str(entry.version) for entry in versions)
        raise ContractNotFoundError(f"unknown contract {name!r}: {bare} has the versions {numbers}")

    def load(self, name: str) -> CompiledSchema:
        """Load and compile the contract ``name`` means (``Name`` or ``Name@N``)."""
        return load_schema_file(self.directory / self.entry(name).file, name)
