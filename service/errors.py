"""Map coded errors to HTTP: one handler, JSON `{"error": {"code", "message", "detail"}}`, never a bare 500."""

from __future__ import annotations

import logging
import uuid
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from models.errors import BulletinError, ErrorCode

logger = logging.getLogger("bulletin.service")

HTTP_STATUS: dict[ErrorCode, int] = {
    ErrorCode.E101: 422, ErrorCode.E102: 413, ErrorCode.E103: 400, ErrorCode.E104: 415, ErrorCode.E105: 422,
    ErrorCode.E106: 413, ErrorCode.E107: 413, ErrorCode.E108: 422, ErrorCode.E109: 422, ErrorCode.E110: 422,
    ErrorCode.E111: 404, ErrorCode.E112: 405, ErrorCode.E999: 500,
    ErrorCode.E201: 503, ErrorCode.E202: 500, ErrorCode.E203: 503, ErrorCode.E204: 503, ErrorCode.E205: 422,
    ErrorCode.E301: 422, ErrorCode.E302: 422, ErrorCode.E303: 422, ErrorCode.E304: 422, ErrorCode.E305: 422,
    ErrorCode.E306: 422, ErrorCode.E307: 422, ErrorCode.E308: 422, ErrorCode.E309: 422, ErrorCode.E310: 422,
    ErrorCode.E311: 422, ErrorCode.E312: 422, ErrorCode.E313: 422, ErrorCode.E314: 422,
    ErrorCode.E401: 401, ErrorCode.E402: 403, ErrorCode.E403: 404, ErrorCode.E404: 409, ErrorCode.E405: 428,
    ErrorCode.E406: 409, ErrorCode.E407: 409, ErrorCode.E408: 500,
}


def error_body(code: str, message: str, detail: object = None) -> dict[str, object]:
    return {"error": {"code": code, "message": message, "detail": detail}}


def bulletin_error_response(exc: BulletinError) -> JSONResponse:
    detail = {k: str(v) if not isinstance(v, (int, float, str, list, dict, type(None))) else v
              for k, v in exc.fields.items()}
    return JSONResponse(error_body(exc.code.name, exc.message, detail or None), status_code=HTTP_STATUS[exc.code])


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(BulletinError)
    async def _bulletin(_: Request, exc: BulletinError) -> JSONResponse:
        return bulletin_error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
                    for e in exc.errors()]
        summary = "; ".join(f"{'.'.join(map(str, p['loc']))}: {p['msg']}" for p in problems)
        return JSONResponse(error_body("E108", ErrorCode.E108.format(detail=summary), problems), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            return bulletin_error_response(BulletinError(ErrorCode.E111, method=request.method, path=request.url.path))
        if exc.status_code == 405:
            allowed = (exc.headers or {}).get("Allow", "")
            response = bulletin_error_response(
                BulletinError(ErrorCode.E112, method=request.method, path=request.url.path, allowed=allowed))
            response.headers["Allow"] = allowed
            return response
        phrase = HTTPStatus(exc.status_code).phrase
        return JSONResponse(error_body(f"HTTP{exc.status_code}", str(exc.detail or phrase)),
                            status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        error_id = uuid.uuid4().hex[:12]
        logger.exception("unexpected error %s", error_id, exc_info=exc)
        return bulletin_error_response(BulletinError(ErrorCode.E999, error_id=error_id))
