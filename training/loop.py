"""The annotate-and-retrain loop offline, and the training worker the service starts.

    python -m training ingest bulletins/*.txt            # add documents to the store, predicted on arrival
    python -m training export --format doccano -o accepted.jsonl
    python -m training train-run                          # retrain on corpus + accepted annotations, gate it
    python -m training promote 1.0.0-r3                   # activate a version (or roll back to an earlier one)
    python -m training worker --run-id 3 …                # what POST /v1/training-runs starts in the background

All take --database-url (default: BULLETIN_DATABASE_URL's default, sqlite:///./bulletin.db).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import traceback
from pathlib import Path
from typing import Any

from models.converters import to_docbin, to_label_studio
from models.export import doc_to_record
from models.pipeline import Pipeline
from service.store import crud
from service.store.db import migrate, session_factory
from training.corpus import REPO
from training.data import split_records
from training.evaluate import evaluate

DEFAULT_DATABASE_URL = "sqlite:///./bulletin.db"
DEFAULT_CONFIG = REPO / "training" / "configs" / "default.json"
GATE_KEYS = ("ents_f", "triples_f", "norm_acc")


def gate_decision(new: dict[str, Any], active: dict[str, Any] | None, tolerance: float) -> dict[str, Any]:
    """Reject a model that is worse than the active one by more than `tolerance` on entity or triple F1."""
    new_figures = {k: new.get(k) for k in GATE_KEYS}
    if not active:
        return {"decision": "accepted", "reason": "no active model to compare with", "new": new_figures,
                "active": None, "tolerance": tolerance}
    active_figures = {k: active.get(k) for k in GATE_KEYS}
    worse = [k for k in ("ents_f", "triples_f")
             if new.get(k) is not None and active.get(k) is not None and new[k] < active[k] - tolerance]
    decision = "rejected" if worse else "accepted"
    reason = (f"{', '.join(worse)} below the active model by more than {tolerance}" if worse
              else f"within {tolerance} of the active model or better")
    return {"decision": decision, "reason": reason, "new": new_figures, "active": active_figures,
            "tolerance": tolerance}


def run_worker(run_id: int, database_url: str, models_dir: Path, tolerance: float, config: Path | None) -> int:
    """Train one run: accepted annotations join the corpus; the new model and the active one are scored on the
    fixed test split; the gate marks the new version candidate or rejected."""
    migrate(database_url)
    sessions = session_factory(database_url)
    with sessions.begin() as session:
        run = crud.update_training_run(session=session, run_id=run_id, status=crud.RUN_RUNNING)
        overrides, requested = dict(run.config), run.requested_by

    def progress(report: dict[str, Any]) -> None:
        if "report" in report:
            return
        with sessions.begin() as session:
            crud.update_training_run(session=session, run_id=run_id, progress=report)

    try:
        from training.train import TrainArguments, train

        with sessions() as session:
            accepted = crud.export_records(session=session, status="accepted")
            active = crud.active_model(session=session)
            active_path = Path(active.path) if active else None
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as handle:
            handle.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in accepted)
            extra = handle.name
        base = json.loads((config or DEFAULT_CONFIG).read_text(encoding="utf-8"))
        arguments = {**base, **overrides}
        version = f"{arguments.get('version', '1.0.0')}-r{run_id}"
        name = arguments.get("name", "bulletin-zh")
        arguments.update(version=version, extra_annotations=extra,
                         output_dir=str(models_dir / f"{name}-{version}"))
        output = train(TrainArguments(**arguments), progress)
        new_metrics = json.loads((output / "metrics.json").read_text(encoding="utf-8")).get("test", {})
        active_metrics = _test_metrics(active_path, arguments.get("max_eval_docs")) if active_path else None
        gate = gate_decision(new_metrics, active_metrics, tolerance)
        with sessions.begin() as session:
            crud.register_model(session=session, version=version, path=str(output.resolve()),
                                status=crud.CANDIDATE if gate["decision"] == "accepted" else crud.REJECTED,
                                metrics={"test": new_metrics, "requested_by": requested}, gate=gate,
                                training_run_id=run_id)
            crud.update_training_run(session=session, run_id=run_id, status=crud.RUN_FINISHED, model_version=version)
        return 0
    except Exception as exc:  # the run is marked failed with its reason; the service keeps serving
        with sessions.begin() as session:
            crud.update_training_run(session=session, run_id=run_id, status=crud.RUN_FAILED,
                                     error=f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}")
        return 1


def _test_metrics(path: Path, max_docs: int | None) -> dict[str, Any]:
    """The active model's figures on today's fixed test split (the same documents the new model was scored on)."""
    records = split_records("test")[:max_docs]
    return evaluate(Pipeline.from_pretrained(path, precision="fp32"), records, pdf=False, error_limit=0).metrics


# --- CLI ----------------------------------------------------------------------------------------------------
def _ingest(args: argparse.Namespace) -> int:
    from service.config import Settings
    from service.model_holder import ModelHolder

    holder = ModelHolder.load(Settings(database_url=args.database_url))
    pipeline = holder.active
    texts = [(path, path.read_text(encoding="utf-8")) for path in args.files]
    with session_factory(args.database_url).begin() as session:
        for (path, text), doc in zip(texts, pipeline.pipe(t for _, t in texts)):
            document = crud.create_document(session=session, text=text, source=str(path), issue_date=args.issue_date,
                                            prediction=doc_to_record(doc), model_version=pipeline.meta.version)
            print(f"document {document.id}: {path} ({len(doc.ents)} entities, {len(doc.triples)} triples)")
    return 0


def _export(args: argparse.Namespace) -> int:
    migrate(args.database_url)
    with session_factory(args.database_url)() as session:
        records = crud.export_records(session=session, status=args.status)
    if args.format == "spacy":
        args.output.write_bytes(to_docbin(records))
    elif args.format == "label-studio":
        args.output.write_text(json.dumps([to_label_studio(r) for r in records], ensure_ascii=False), "utf-8")
    else:
        args.output.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    print(f"{len(records)} documents written to {args.output}")
    return 0


def _train_run(args: argparse.Namespace) -> int:
    migrate(args.database_url)
    with session_factory(args.database_url).begin() as session:
        run_id = crud.create_training_run(session=session, requested_by="cli", config={}).id
    status = run_worker(run_id, args.database_url, args.models_dir, args.gate_tolerance, args.config)
    with session_factory(args.database_url)() as session:
        run = crud.get_training_run(session=session, run_id=run_id)
        model = crud.get_model(session=session, version=run.model_version) if run.model_version else None
        print(json.dumps({"run": run_id, "status": run.status, "version": run.model_version,
                          "gate": model.gate if model else None, "error": run.error}, ensure_ascii=False, indent=1))
    return status


def _promote(args: argparse.Namespace) -> int:
    migrate(args.database_url)
    with session_factory(args.database_url).begin() as session:
        model = crud.activate_model(session=session, version=args.version, force=args.force)
        print(f"{model.version} is active ({model.path}); running services follow within seconds")
    return 0


def _worker(args: argparse.Namespace) -> int:
    return run_worker(args.run_id, args.database_url, args.models_dir, args.gate_tolerance, args.config)


def main(command: str, argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog=f"python -m training {command}", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL, help="SQLAlchemy URL of the store")
    if command == "ingest":
        parser.add_argument("files", nargs="+", type=Path, help="UTF-8 text files, one bulletin each")
        parser.add_argument("--issue-date", default=None, help="the issue's date, e.g. 2024-03-15")
        return _ingest(parser.parse_args(argv))
    if command == "export":
        parser.add_argument("--format", choices=("doccano", "label-studio", "spacy"), default="doccano")
        parser.add_argument("--status", choices=("accepted", "annotated"), default="accepted")
        parser.add_argument("-o", "--output", type=Path, required=True, help="output file")
        return _export(parser.parse_args(argv))
    if command == "promote":
        parser.add_argument("version", help="the model version to activate")
        parser.add_argument("--force", action="store_true", help="activate even a version the gate rejected")
        return _promote(parser.parse_args(argv))
    parser.add_argument("--models-dir", type=Path, default=Path("var/models"), help="where new models are written")
    parser.add_argument("--gate-tolerance", type=float, default=0.01, help="allowed F1 drop against the active model")
    parser.add_argument("--config", type=Path, default=None, help="JSON of training arguments")
    if command == "worker":
        parser.add_argument("--run-id", type=int, required=True, help="the training run to execute")
        return _worker(parser.parse_args(argv))
    return _train_run(parser.parse_args(argv))
