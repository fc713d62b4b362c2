"""The extraction pipeline: built from its config in one place, saved and loaded as a folder.

    pipeline = Pipeline.from_pretrained("models/bulletin-zh-1.10.0")
    doc = pipeline("…bulletin text…")

A model folder holds `config.json` (pipeline, architectures, labels, schema version), the learned components'
files (`model.safetensors`, `vocab.txt`, …), `metrics.json` and a model card `README.md`.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models import registry
from models.components.sectioner import ZONE_LINE
from models.doc import Doc
from models.errors import BulletinError, ErrorCode
from models.preprocess import TextView
from models.schema import SCHEMA

CONFIG_FILE = "config.json"
METRICS_FILE = "metrics.json"

RULES_PIPELINE = [
    {"name": "sectioner", "factory": "bulletin.sectioner.v1"},
    {"name": "tokenizer", "factory": "bulletin.tokenizer.v1"},
    {"name": "ner", "factory": "bulletin.rule_ner.v1"},
    {"name": "zone_resolver", "factory": "bulletin.zone_resolver.v1"},
    {"name": "normaliser", "factory": "bulletin.normaliser.v1"},
    {"name": "relations", "factory": "bulletin.rule_relations.v1"},
]


@dataclass
class PipelineMeta:
    name: str = "bulletin-zh"
    version: str = "0.0.0"
    description: str = ""
    metrics: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


class Pipeline:
    def __init__(self, components: list[registry.Component], meta: PipelineMeta | None = None):
        self.components = components
        self.meta = meta or PipelineMeta()

    @property
    def component_names(self) -> list[str]:
        return [c.name for c in self.components]

    def get(self, name: str) -> registry.Component:
        for component in self.components:
            if component.name == name:
                return component
        raise BulletinError(ErrorCode.E202, name=name, available=", ".join(self.component_names))

    def replace(self, name: str, component: registry.Component) -> None:
        self.components = [component if c.name == name else c for c in self.components]

    def make_doc(self, text: str) -> Doc:
        return Doc(text=text, view=TextView.from_raw(text, zone_line=ZONE_LINE))

    def __call__(self, text: str, *, disable: Iterable[str] = ()) -> Doc:
        doc = self.make_doc(text)
        skipped = set(disable)
        for component in self.components:
            if component.name not in skipped:
                doc = component(doc)
        return doc

    def pipe(self, texts: Iterable[str], *, batch_size: int = 16) -> Iterator[Doc]:
        """Process many texts; components with a `pipe` that batches (the neural ones) see whole batches."""
        batch: list[str] = []
        for text in texts:
            batch.append(text)
            if len(batch) == batch_size:
                yield from self._process_batch(batch)
                batch = []
        if batch:
            yield from self._process_batch(batch)

    def _process_batch(self, texts: list[str]) -> list[Doc]:
        docs = [self.make_doc(text) for text in texts]
        for component in self.components:
            docs = list(component.pipe(docs))
        return docs

    def config(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA.version,
            "name": self.meta.name,
            "version": self.meta.version,
            "description": self.meta.description,
            "labels": list(SCHEMA.labels),
            "predicates": list(SCHEMA.predicates),
            "pipeline": [{"name": c.name, "factory": c.factory, "config": c.config} for c in self.components],
            **self.meta.extra,
        }

    def save_pretrained(self, path: str | Path) -> Path:
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        for component in self.components:
            component.to_disk(folder)
        (folder / CONFIG_FILE).write_text(json.dumps(self.config(), ensure_ascii=False, indent=2), encoding="utf-8")
        if self.meta.metrics:
            (folder / METRICS_FILE).write_text(json.dumps(self.meta.metrics, ensure_ascii=False, indent=2),
                                               encoding="utf-8")
        return folder

    @classmethod
    def from_pretrained(cls, path: str | Path, **runtime: Any) -> Pipeline:
        """Load a model folder. `runtime` options (e.g. precision="bf16") go to the components that declare them
        in their default config; they change how a component runs, never what it learned."""
        folder = Path(path)
        config_file = folder / CONFIG_FILE
        if not config_file.is_file():
            raise BulletinError(ErrorCode.E201, path=folder)
        config = json.loads(config_file.read_text(encoding="utf-8"))
        if config.get("schema_version") != SCHEMA.version:
            raise BulletinError(ErrorCode.E203, path=folder, found=config.get("schema_version"),
                                expected=SCHEMA.version)
        pipeline = build_pipeline(config, runtime)
        for component in pipeline.components:
            component.from_disk(folder)
        metrics_file = folder / METRICS_FILE
        if metrics_file.is_file():
            pipeline.meta.metrics = json.loads(metrics_file.read_text(encoding="utf-8"))
        _freeze_loaded_objects()
        return pipeline


def _freeze_loaded_objects() -> None:
    """Put what is alive after a load (torch, transformers, the model, its dictionaries: ~350k objects) out of
    the cyclic collector's reach. They live as long as the process, yet every full collection rescanned them:
    ~230 ms, twice per 160 dev+test bulletins, on whichever request was running (service p99 at concurrency 4:
    1,121 / 1,249 -> 721 / 816 ms in interleaved runs). The pipeline holds no reference cycles, so a model swapped
    out later is still freed by reference counting."""
    gc.collect()
    gc.freeze()


def build_pipeline(config: dict[str, Any], runtime: dict[str, Any] | None = None) -> Pipeline:
    """The one place a pipeline is built: components created by factory name from the config."""
    components = [registry.create(entry["factory"], entry["name"], entry.get("config", {}), runtime or {})
                  for entry in config["pipeline"]]
    known = {"schema_version", "name", "version", "description", "labels", "predicates", "pipeline"}
    meta = PipelineMeta(
        name=config.get("name", "bulletin-zh"),
        version=config.get("version", "0.0.0"),
        description=config.get("description", ""),
        extra={k: v for k, v in config.items() if k not in known},
    )
    return Pipeline(components, meta)


def rules_pipeline(name: str = "bulletin-rules", version: str = "0.1.0") -> Pipeline:
    return build_pipeline({"name": name, "version": version, "pipeline": RULES_PIPELINE})
