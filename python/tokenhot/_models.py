"""Result objects: a thin view over the wire JSON.

A result keeps the dict it was decoded from (key order, unknown keys and explicit
nulls included) and answers ``r.key`` and ``r["key"]`` for every key present,
wrapping nested objects on first access (then cached). A field the class's schema
names but the answer lacks is ``None``. A camelCase wire key also answers to its
snake_case spelling (``r.usage_metadata`` is ``r.usageMetadata``); nothing is ever
renamed in the data itself, so ``to_dict()`` gives back exactly the wire JSON.
"""

from __future__ import annotations

__all__ = ["BaseModel", "APIResult", "JSONObject"]


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


def _copy(value: object) -> object:
    if type(value) is dict:
        return {k: _copy(v) for k, v in value.items()}
    if type(value) is list:
        return [_copy(v) for v in value]
    return value


class _Field:
    """A schema field as a class attribute, so ``r.choices`` is found by the normal
    attribute lookup: the ``__getattr__`` fallback costs a failed lookup (an
    AttributeError built and dropped) on every access, which showed in profiles."""

    __slots__ = ("_name", "_key")

    def __init__(self, name: str, key: str) -> None:
        self._name = name  # the attribute (the wire name, or its snake_case alias)
        self._key = key  # the wire name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        data = obj._data
        # The spelling asked for first, as `__getattr__` does for any other key.
        if self._name in data:
            return obj._child(self._name)
        if self._key in data:
            return obj._child(self._key)
        return None


class BaseModel:
    """A JSON object with attribute access. Subclasses name their known fields in
    ``_fields``: wire name -> the class for a nested object (or a list of them), or
    ``None`` for a plain value (scalars, and user data that must stay a dict)."""

    __slots__ = ("_data", "_cache")
    _fields: dict[str, type[BaseModel] | None] = {}

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        # Each schema field, by its wire name and its snake_case alias, unless the
        # class already has that name (a method or helper property wins).
        for key in cls.__dict__.get("_fields", ()):
            for name in {key, _snake(key)}:
                if not name.startswith("_") and not hasattr(cls, name):
                    setattr(cls, name, _Field(name, key))

    def __init__(self, data: dict[str, object]) -> None:
        if type(data) is not dict:
            raise TypeError(f"{type(self).__name__} wraps a dict, not {type(data).__name__}")
        self._data = data
        self._cache: dict[str, object] | None = None

    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):  # keep copy/pickle/inspect protocols out of the data
            raise AttributeError(name)
        data = self._data
        if name in data:
            return self._child(name)
        camel = _camel(name)
        if camel in data:
            return self._child(camel)
        fields = type(self)._fields
        if name in fields or camel in fields:
            return None
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _child(self, key: str) -> object:
        cache = self._cache
        if cache is not None and key in cache:
            return cache[key]
        value = self._data[key]
        if type(value) is dict or type(value) is list:
            spec = type(self)._fields.get(key, JSONObject)
            if spec is not None:
                value = _wrap(value, spec)
            if cache is None:
                cache = self._cache = {}
            cache[key] = value
        return value

    def __getitem__(self, key: str) -> object:
        if key not in self._data:
            raise KeyError(key)
        return self._child(key)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def get(self, key: str, default: object = None) -> object:
        return self._child(key) if key in self._data else default

    def keys(self):
        return self._data.keys()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, BaseModel):
            return type(self) is type(other) and self._data == other._data
        if isinstance(other, dict):
            return self._data == other
        return NotImplemented

    __hash__ = None

    def to_dict(self) -> dict[str, object]:
        """The wire JSON as plain dicts and lists (a copy)."""
        return _copy(self._data)

    def to_json(self, *, indent: int | None = None) -> str:
        """The wire JSON as text, keys in wire order."""
        import json

        return json.dumps(self._data, indent=indent, ensure_ascii=False)

    def __dir__(self) -> list[str]:
        return sorted(set(object.__dir__(self)) | set(self._data) | set(type(self)._fields))

    def __repr__(self) -> str:
        parts = []
        for key in self._data:
            shown = _repr(self._child(key))
            parts.append(f"{key}={shown}" if key.isidentifier() else f"{key!r}: {shown}")
        return f"{type(self).__name__}({', '.join(parts)})"

    def __reduce__(self):
        return (type(self), (self._data,))


class JSONObject(BaseModel):
    """A nested object the schema does not describe: still reachable by attribute."""

    __slots__ = ()


class APIResult(BaseModel):
    """A top-level result: also carries the request id of the answer."""

    __slots__ = ("_request_id",)

    def __init__(self, data: dict[str, object], request_id: str | None = None) -> None:
        BaseModel.__init__(self, data)
        self._request_id = request_id

    def __reduce__(self):
        return (type(self), (self._data, self._request_id))


def _wrap(value: object, cls: type[BaseModel]) -> object:
    if type(value) is dict:
        return cls(value)
    if type(value) is list:
        return [_wrap(item, cls) for item in value]
    return value


def _repr(value: object) -> str:
    if type(value) is list:
        return "[" + ", ".join(_repr(item) for item in value) + "]"
    return repr(value)
