"""The shapes of the language rule files, and the check that a file has that shape.

A schema is a Python type (`str`, `int`, `bool`), `PATTERN` (a string that compiles as a
regular expression), `Maybe(schema)` (that or null), `[schema]` (a list of such items),
`Mapping(key schema, value schema)`, `Keys(required, optional)` (an object with exactly these
keys: a misspelt key is an error, not a silently ignored rule) or `Choice(values)`. A problem is
reported as `FILE: key.path: reason`, all of a file's problems at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any


class RuleFileError(ValueError):
    """A language rule file that does not have its schema's shape; one line per problem."""


@dataclass(frozen=True)
class Maybe:
    schema: Any


@dataclass(frozen=True)
class Mapping:
    key: Any
    value: Any


@dataclass(frozen=True)
class Choice:
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Keys:
    required: dict[str, Any] = field(default_factory=dict)
    optional: dict[str, Any] = field(default_factory=dict)


PATTERN = object()  # a regular expression, compiled to check it
_NAMES = {str: "a string", int: "an integer", bool: "true or false", float: "a number"}


def problems(data: Any, schema: Any, where: str = "") -> list[str]:
    """Every way `data` departs from `schema`, as `key.path: reason` lines."""
    at = where or "(top)"
    if isinstance(schema, Maybe):
        return [] if data is None else problems(data, schema.schema, where)
    if schema is PATTERN:
        if not isinstance(data, str):
            return [f"{at}: must be a regular expression (a string), not {_name(data)}"]
        try:
            re.compile(data)
        except re.error as e:
            return [f"{at}: not a valid regular expression ({e})"]
        return []
    if isinstance(schema, Choice):
        ok = data in schema.values
        return [] if ok else [f"{at}: must be one of {', '.join(map(str, schema.values))}"]
    if isinstance(schema, list):
        if not isinstance(data, list):
            return [f"{at}: must be a list, not {_name(data)}"]
        return [p for i, item in enumerate(data) for p in problems(item, schema[0], f"{at}[{i}]")]
    if isinstance(schema, Mapping):
        if not isinstance(data, dict):
            return [f"{at}: must be a mapping, not {_name(data)}"]
        out = []
        for k, v in data.items():
            out += problems(k, schema.key, f"{at}.{k}" if where else str(k))
            out += problems(v, schema.value, f"{where}.{k}" if where else str(k))
        return out
    if isinstance(schema, Keys):
        if not isinstance(data, dict):
            return [f"{at}: must be a mapping of keys, not {_name(data)}"]
        out = []
        known = schema.required | schema.optional
        for k in data:
            if k not in known:
                out.append(f"{where + '.' if where else ''}{k}: unknown key")
        for k, sub in known.items():
            path = f"{where}.{k}" if where else k
            if k in data:
                out += problems(data[k], sub, path)
            elif k in schema.required:
                out.append(f"{path}: missing")
        return out
    if schema is float:
        ok = isinstance(data, int | float) and not isinstance(data, bool)
    else:
        ok = isinstance(data, schema) and not (schema is int and isinstance(data, bool))
    return [] if ok else [f"{at}: must be {_name_of(schema)}, not {_name(data)}"]


def _name_of(schema: Any) -> str:
    return _NAMES.get(schema, str(schema))


def _name(data: Any) -> str:
    if data is None:
        return "null"
    return f"{type(data).__name__} {data!r}"[:60]


def check(data: Any, schema: Any, file: str) -> None:
    """Raise RuleFileError naming `file` where `data` departs from `schema`."""
    found = problems(data, schema)
    if found:
        raise RuleFileError("\n".join(f"{file}: {p}" for p in found))
