"""`GET /v1/models`: the models the key can use."""

from __future__ import annotations

from .._models import APIResult, BaseModel

__all__ = ["Model", "ModelList"]


class Model(BaseModel):
    __slots__ = ()
    _fields = {"id": None, "object": None, "created": None, "owned_by": None}


class ModelList(APIResult):
    __slots__ = ()
    _fields = {"object": None, "data": Model}
