"""Coded errors and warnings. Every code is documented here once; the docs table is generated from this enum
(`python -m models.errors` prints it). Codes are never reused. Messages say what to do next.
"""

from __future__ import annotations

from enum import Enum
from typing import Any


class ErrorCode(Enum):
    # 1xx: input text and requests
    E101 = "The text is empty or white space only. Post the bulletin's text."
    E102 = "The text has {length} characters; the limit is {limit}. Split the document or raise BULLETIN_MAX_TEXT_CHARS."
    E103 = "The body is not valid UTF-8 ({reason}). Send the text encoded as UTF-8."
    E104 = "Content type {content_type!r} is not supported. Use text/plain; charset=utf-8 or application/json."
    E105 = "The body is not valid JSON ({reason})."
    E106 = "The body has {size} bytes; the limit is {limit}. Split it or raise BULLETIN_MAX_BODY_BYTES."
    E107 = "The batch has {count} documents; the limit is {limit}. Send fewer per request."
    E108 = "The request does not match the schema: {detail}"
    E109 = "Unknown option {option!r}. Known options: {known}."
    E110 = "The body is empty. Post the bulletin's text."
    E111 = "No route {method} {path}. See /docs for the API."
    E112 = "Method {method} is not allowed on {path}; allowed: {allowed}."
    # 2xx: models and pipelines
    E201 = "No model folder at {path}: it needs config.json. Train one with `python -m training train` or set BULLETIN_MODEL_DIR."
    E202 = "No component {name!r} is registered. Registered components: {available}."
    E203 = "The model at {path} was built for schema version {found}; this code reads version {expected}. Retrain it."
    E204 = "The model file {path} is missing or unreadable ({reason})."
    E205 = "Unknown inference precision {precision!r}; choose one of {choices}."
    # 3xx: annotations
    E301 = "Span [{start}, {end}) is outside the text (length {length}) or empty."
    E302 = "Span [{start}, {end}) reads {found!r} but the annotation says {expected!r}."
    E303 = "Unknown label {label!r}; the schema has {labels}."
    E304 = "Spans [{first_start}, {first_end}) and [{second_start}, {second_end}) overlap; spans must be flat."
    E305 = "Unknown predicate {predicate!r}; the schema has {predicates}."
    E306 = "{predicate} does not take {subject_label} -> {object_label}; allowed: {allowed}."
    E307 = "Bad value on {label} span [{start}, {end}): {problem}."
    E308 = "Relation {relation_id} refers to entity {entity_id}, which does not exist."
    E309 = "Id {id!r} is used twice in document {document}."
    E310 = "{predicate} relation {relation_id} needs an attribute."
    E311 = "Document {document} has no text."
    E312 = "Relation {relation_id} is given twice."
    E313 = "Unknown export format {format!r}; choose one of {formats}."
    E314 = ("ZONE span [{start}, {end}) has canonical name {canonical!r}, which the text never writes; use the fullest "
            "name the text gives the zone.")
    E315 = ("{subject!r} is located_in {sub_park!r}, which is located_in {parent!r}, but not in {parent!r} itself: a "
            "project or company of a sub-park is in its zone as well (GUIDE.md, located_in).")
    # 4xx: store, auth and training runs
    E401 = "An API key is required: send it in the X-API-Key header."
    E402 = "This needs the {required} role; the key has {role}."
    E403 = "No {kind} with id {id!r}."
    E404 = "The annotation changed since version {expected}; it is now version {current}. Reload, merge and save again."
    E405 = "Send the version you edited in an If-Match header (the document's annotation_version)."
    E406 = "Model version {version!r} is {status}; only a trained, evaluated model can be activated."
    E407 = "A training run is already in progress ({run_id}); wait for it to finish."
    E408 = "The training run failed: {reason}."

    # 9xx: the unexpected
    E999 = "Internal error; the server logged the details ({error_id})."

    def format(self, **fields: Any) -> str:
        return self.value.format(**fields)


class WarningCode(Enum):
    W101 = "The text has no 供稿 line or zone heading; figures are attributed to the first zone mentioned."
    W201 = "The model has no relation classifier; triples come from the rule-based linker."
    W202 = "Weights are not in bfloat16 on a CPU without fast bf16; running fp32."


class BulletinError(Exception):
    """An error with a documented code; `fields` fill the message template and travel as `detail`."""

    def __init__(self, code: ErrorCode, **fields: Any):
        self.code = code
        self.fields = fields
        super().__init__(f"{code.name}: {code.format(**fields)}")

    @property
    def message(self) -> str:
        return self.code.format(**self.fields)


def markdown_table() -> str:
    rows = ["| code | message |", "|---|---|"]
    for enum in (ErrorCode, WarningCode):
        rows += [f"| {member.name} | {member.value} |" for member in enum]
    return "\n".join(rows)


if __name__ == "__main__":
    print(markdown_table())
