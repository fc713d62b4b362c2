"""Dependencies shared by the routers: settings, the loaded pipeline, request bodies."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from pydantic import ValidationError
from sqlalchemy.orm import Session

from models.errors import BulletinError, ErrorCode
from models.pipeline import Pipeline
from service.config import ROLES, Settings, get_settings
from service.schemas import BatchRequest, ExtractOptions, ExtractRequest
from service.store.db import session_factory

SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_pipeline(request: Request) -> Pipeline:
    """The active pipeline; the holder swaps models between requests (and follows the registry)."""
    return request.app.state.models.current()


PipelineDep = Annotated[Pipeline, Depends(get_pipeline)]


def get_session(settings: SettingsDep) -> Iterator[Session]:
    """A session per request: committed when the route returns, rolled back when it raises."""
    session = session_factory(settings.database_url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session)]


@dataclass(frozen=True)
class Caller:
    key_name: str
    role: str


def require(role: str) -> Callable[..., Caller]:
    """A dependency that admits callers whose API key (X-API-Key) has `role` or a higher one."""

    def check(settings: SettingsDep, x_api_key: Annotated[str | None, Header()] = None) -> Caller:
        if not x_api_key or x_api_key not in settings.api_keys:
            raise BulletinError(ErrorCode.E401)
        granted = settings.api_keys[x_api_key]
        if ROLES.index(granted) < ROLES.index(role):
            raise BulletinError(ErrorCode.E402, required=role, role=granted)
        return Caller(key_name=f"{granted}:{x_api_key[:4]}…", role=granted)

    return check


Reader = Annotated[Caller, Depends(require("reader"))]
Annotator = Annotated[Caller, Depends(require("annotator"))]
Admin = Annotated[Caller, Depends(require("admin"))]


async def read_body(request: Request, settings: SettingsDep) -> bytes:
    """The raw body, refused past the configured size without reading it all."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > settings.max_body_bytes:
        raise BulletinError(ErrorCode.E106, size=int(declared), limit=settings.max_body_bytes)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > settings.max_body_bytes:
            raise BulletinError(ErrorCode.E106, size=f"more than {settings.max_body_bytes}", limit=settings.max_body_bytes)
        chunks.append(chunk)
    body = b"".join(chunks)
    if not body:
        raise BulletinError(ErrorCode.E110)
    return body


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BulletinError(ErrorCode.E103, reason=f"byte {exc.start}: {exc.reason}") from None


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def _parse_json(body: bytes) -> Any:
    try:
        return json.loads(_decode(body))
    except json.JSONDecodeError as exc:
        raise BulletinError(ErrorCode.E105, reason=f"line {exc.lineno} column {exc.colno}: {exc.msg}") from None


def _validate(model: type, data: Any) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        unknown = [e for e in exc.errors() if e["type"] == "extra_forbidden"]
        if unknown and unknown[0]["loc"][:1] == ("options",):
            raise BulletinError(ErrorCode.E109, option=unknown[0]["loc"][-1],
                                known=", ".join(ExtractOptions.model_fields)) from None
        summary = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in exc.errors())
        raise BulletinError(ErrorCode.E108, detail=summary) from None


def check_text(text: str, settings: Settings) -> str:
    if not text.strip():
        raise BulletinError(ErrorCode.E101)
    if len(text) > settings.max_text_chars:
        raise BulletinError(ErrorCode.E102, length=len(text), limit=settings.max_text_chars)
    return text


async def extract_request(request: Request, settings: SettingsDep,
                          body: Annotated[bytes, Depends(read_body)]) -> ExtractRequest:
    """POST /v1/extract takes text/plain (options as query parameters) or JSON {"text", "options"}."""
    media_type = _media_type(request)
    if media_type in ("text/plain", ""):
        options = {k: v for k, v in request.query_params.items()}
        parsed = _validate(ExtractRequest, {"text": _decode(body), "options": options})
    elif media_type == "application/json":
        parsed = _validate(ExtractRequest, _parse_json(body))
    else:
        raise BulletinError(ErrorCode.E104, content_type=media_type)
    check_text(parsed.text, settings)
    return parsed


async def batch_request(request: Request, settings: SettingsDep,
                        body: Annotated[bytes, Depends(read_body)]) -> BatchRequest:
    media_type = _media_type(request)
    if media_type != "application/json":
        raise BulletinError(ErrorCode.E104, content_type=media_type or "(none)")
    data = _parse_json(body)
    if isinstance(data, dict) and isinstance(data.get("documents"), list):
        if len(data["documents"]) > settings.max_batch_documents:
            raise BulletinError(ErrorCode.E107, count=len(data["documents"]), limit=settings.max_batch_documents)
    return _validate(BatchRequest, data)


ExtractInput = Annotated[ExtractRequest, Depends(extract_request)]
BatchInput = Annotated[BatchRequest, Depends(batch_request)]
