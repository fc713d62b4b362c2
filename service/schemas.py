"""Request and response shapes of the HTTP API (one shape per direction)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_serializer


class _OmitNone(BaseModel):
    """Optional fields marked in `_omit_if_none` are left out of the JSON when they are None."""

    _omit_if_none: frozenset[str] = frozenset()

    @model_serializer(mode="wrap")
    def _serialize(self, handler: Any) -> dict[str, Any]:
        data = handler(self)
        return {k: v for k, v in data.items() if not (k in self._omit_if_none and v is None)}


# --- requests ---------------------------------------------------------------------------------------------
class ExtractOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tokens: bool = Field(False, description="Return the jieba tokens with their raw offsets.")
    min_confidence: float = Field(0.0, ge=0.0, le=1.0, description="Drop entities and triples below this confidence.")


class ExtractRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The bulletin's raw text; offsets in the response index into exactly this string.")
    options: ExtractOptions = Field(default_factory=ExtractOptions)


class BatchDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(None, description="Your id for the document; defaults to its position.")
    text: str


class BatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    documents: list[BatchDocument]
    options: ExtractOptions = Field(default_factory=ExtractOptions)


# --- responses --------------------------------------------------------------------------------------------
class ModelRef(BaseModel):
    name: str
    version: str


class EntityPublic(_OmitNone):
    _omit_if_none = frozenset({"value", "canonical"})

    id: str = Field(description="Stable within the response: T1, T2, … in text order.")
    label: str
    text: str
    start: int = Field(description="Character offset into the posted text (inclusive).")
    end: int = Field(description="Character offset into the posted text (exclusive).")
    value: dict[str, Any] | None = Field(None, description="Normalised value (AMOUNT, DATE), see SCHEMA.md.")
    canonical: str | None = Field(None, description="A ZONE's full name.")
    confidence: float


class EntityRef(BaseModel):
    id: str
    text: str


class Evidence(BaseModel):
    start: int
    end: int


class TriplePublic(_OmitNone):
    _omit_if_none = frozenset({"attribute"})

    subject: EntityRef
    predicate: str
    object: EntityRef
    attribute: str | None = Field(None, description="For metric triples: the indicator as written.")
    evidence: Evidence
    confidence: float


class SectionPublic(BaseModel):
    start: int
    end: int
    heading: str | None
    zone: str | None
    year: int | None
    level: int = Field(description="0 zone block, 1 【…】 heading, 2 （一）, 3 一是 / 1.")


class TokenPublic(BaseModel):
    start: int
    end: int
    text: str


class ExtractResponse(_OmitNone):
    _omit_if_none = frozenset({"tokens"})

    model: ModelRef
    entities: list[EntityPublic]
    triples: list[TriplePublic]
    sections: list[SectionPublic]
    tokens: list[TokenPublic] | None = None
    warnings: list[str] = Field(default_factory=list)


class ErrorBody(BaseModel):
    code: str
    message: str
    detail: Any = None


class ErrorResponse(BaseModel):
    error: ErrorBody


class BatchItemResult(BaseModel):
    id: str
    result: ExtractResponse


class BatchItemError(BaseModel):
    id: str
    error: ErrorBody


class BatchResponse(BaseModel):
    results: list[BatchItemResult | BatchItemError]


class Health(BaseModel):
    status: str
    model: ModelRef


class ModelInfo(BaseModel):
    name: str
    version: str
    labels: list[str]
    predicates: list[str]
    components: list[str]
    metrics: dict[str, Any]


# --- the review loop ----------------------------------------------------------------------------------------
class AnnotationEntity(BaseModel):
    """An entity in the annotation format (doccano relation JSONL)."""

    model_config = ConfigDict(extra="forbid")

    id: int
    label: str
    start_offset: int
    end_offset: int
    value: dict[str, Any] | None = None
    canonical: str | None = None


class AnnotationRelation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: int
    from_id: int
    to_id: int
    type: str
    attribute: str | None = None


class DocumentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    source: str | None = Field(None, description="Where the bulletin comes from (file, URL, issue).")
    issue_date: str | None = Field(None, description="The bulletin issue's date, e.g. 2024-03-15.")


class DocumentsCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    documents: list[DocumentCreate]


class AnnotationPublic(BaseModel):
    version: int
    author: str
    status: str
    created_at: str
    entities: list[dict[str, Any]]
    relations: list[dict[str, Any]]
    changes: dict[str, Any]


class PredictionPublic(BaseModel):
    model_version: str
    created_at: str
    entities: list[dict[str, Any]]
    relations: list[dict[str, Any]]


class DocumentSummary(BaseModel):
    id: int
    status: str
    source: str | None
    issue_date: str | None
    annotation_version: int
    created_at: str
    preview: str


class DocumentPublic(DocumentSummary):
    text: str
    prediction: PredictionPublic | None
    annotation: AnnotationPublic | None


class DocumentList(BaseModel):
    total: int
    documents: list[DocumentSummary]


class AnnotationUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entities: list[AnnotationEntity]
    relations: list[AnnotationRelation] = Field(default_factory=list)
    accept: bool = Field(True, description="Mark the document accepted: its annotation joins the next training run.")


class ImportRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: str = Field("doccano", description="doccano (records) or label-studio (tasks).")
    records: list[dict[str, Any]]
    accept: bool = True


class ImportResult(BaseModel):
    document_ids: list[int]


class TrainingRunCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    config: dict[str, Any] = Field(default_factory=dict, description="Training arguments that override the defaults.")


class TrainingRunPublic(BaseModel):
    id: int
    status: str
    requested_by: str
    config: dict[str, Any]
    progress: dict[str, Any]
    model_version: str | None
    error: str | None
    created_at: str
    started_at: str | None
    finished_at: str | None
    comparison: dict[str, Any] | None = Field(None, description="The new model's test figures beside the active one's.")


class ModelVersionPublic(BaseModel):
    version: str
    status: str
    path: str
    metrics: dict[str, Any]
    gate: dict[str, Any]
    training_run_id: int | None
    created_at: str
    activated_at: str | None
