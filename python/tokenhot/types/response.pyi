from .._models import APIResult, BaseModel

__all__ = ["Response", "ResponseOutputItem", "ResponseContentPart", "ResponseUsage", "ResponseError", "ResponseStreamEvent"]

class ResponseContentPart(BaseModel):
    type: str
    text: str | None
    refusal: str | None
    annotations: list[object] | None

class ResponseOutputItem(BaseModel):
    """``message``, ``reasoning``, ``function_call``, ``custom_tool_call``, or another kind."""
    type: str
    id: str | None
    status: str | None
    role: str | None
    content: list[ResponseContentPart] | None
    summary: list[ResponseContentPart] | None
    call_id: str | None
    name: str | None
    arguments: str | None
    input: str | None

class ResponseUsage(BaseModel):
    input_tokens: int | None
    input_tokens_details: dict[str, object] | None
    output_tokens: int | None
    output_tokens_details: dict[str, object] | None
    total_tokens: int | None

class ResponseError(BaseModel):
    code: str | None
    message: str | None

class Response(APIResult):
    id: str | None
    object: str | None
    created_at: float | None
    status: str | None
    model: str | None
    output: list[ResponseOutputItem] | None
    usage: ResponseUsage | None
    error: ResponseError | None
    incomplete_details: dict[str, object] | None
    instructions: object
    metadata: dict[str, str] | None
    previous_response_id: str | None
    @property
    def output_text(self) -> str:
        """The text of every ``output_text`` part of every ``message`` item, joined."""

class ResponseStreamEvent(BaseModel):
    type: str
    sequence_number: int | None
    response: Response | None
    item: ResponseOutputItem | None
    part: ResponseContentPart | None
    output_index: int | None
    content_index: int | None
    summary_index: int | None
    item_id: str | None
    delta: str | None
    text: str | None
    arguments: str | None
    code: str | None
    message: str | None
    param: str | None
