"""JSON for what crosses the broker: typed values in, typed values out, never pickle.

`encode` turns a value built from frozen dataclasses, tuples, enums, bytes (base64) and
datetimes into plain JSON types; `decode(type, data)` rebuilds it from the dataclass field
types, so a task and its result carry the same values the single-process pipeline passes
around. A ChangeSet travels in its documented schema (docs/changeset-schema.md).
"""

from __future__ import annotations

import base64
import dataclasses
import enum
import functools
import sys
import types
import typing
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar

from policywatch.model import ChangeSet

T = TypeVar("T")


def encode(value: Any) -> Any:
    """A JSON-ready form of `value` (fields marked `local`, such as Known.lookup, are left out)."""
    if isinstance(value, ChangeSet):
        return value.to_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)
                if not f.metadata.get("local")}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [encode(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): encode(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot send a {type(value).__name__} to a worker")


def decode(tp: type[T], data: Any) -> T:
    """The value of type `tp` that `encode` turned into `data`."""
    return _decode(tp, data)  # type: ignore[no-any-return]


def _decode(tp: Any, data: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        if data is None:
            return None
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return _decode(options[0], data)
    if data is None:
        return None
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v) for v in data)
        return tuple(_decode(a, v) for a, v in zip(args, data, strict=True))
    if origin in (dict, Mapping) or tp in (dict, Mapping):
        value_type = typing.get_args(tp)[1] if typing.get_args(tp) else Any
        return {k: _decode(value_type, v) for k, v in data.items()}
    if origin is not None and origin.__name__ == "Callable":  # never sent
        return None
    if tp is ChangeSet:
        return ChangeSet.from_dict(data)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        return tp(**{f.name: _decode(hints[f.name], data[f.name]) for f in dataclasses.fields(tp)
                     if f.name in data and f.init})
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return tp(data)
    if tp is bytes:
        return base64.b64decode(data)
    if tp is datetime:
        return datetime.fromisoformat(data)
    if tp is float:
        return float(data)
    return data


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    # A module's lazily loaded names (PEP 562 __getattr__, listed by its __dir__, as
    # policywatch.model's Link or FactChange) are not in its globals until first asked for, and
    # get_type_hints reads only the globals: resolve them all, so a decode never depends on
    # what the process happened to import before.
    module = sys.modules[cls.__module__]
    return typing.get_type_hints(cls, localns={name: getattr(module, name) for name in dir(module)})


def typed(tp: type[T]) -> Callable[[Any], T]:
    """A decoder for one type: `typed(FetchResult)(data)`."""
    return functools.partial(decode, tp)
