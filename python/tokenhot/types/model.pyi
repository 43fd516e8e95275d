from .._models import APIResult, BaseModel

__all__ = ["Model", "ModelList"]

class Model(BaseModel):
    id: str
    object: str
    created: int | None
    owned_by: str | None

class ModelList(APIResult):
    object: str
    data: list[Model]
