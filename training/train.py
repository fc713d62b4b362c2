"""Train a model folder from the annotated corpus.

    python -m training train --config training/configs/default.json
    python -m training train --output_dir /tmp/tiny --epochs 1 --hidden_size 32 --num_layers 1 --max_train_docs 20

The output folder is complete: config.json (pipeline, architecture, labels, schema version), model.safetensors,
vocab.txt, the tokenizer's user dictionary, the relation model, metrics.json (dev and test figures, data version)
and a model card README.md. Selection (the best epoch) uses dev only; test is evaluated once, at the end.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import math
import random
import subprocess
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from datasets import Dataset, concatenate_datasets
from transformers import set_seed

from models.components.neural_ner import NeuralNER, cpu_has_fast_bf16
from models.components.tokenizer import Tokenizer
from models.doc import Doc
from models.features import Vocab
from models.pipeline import Pipeline, build_pipeline
from models.schema import EntityLabel
from models.scoring import score_spans
from training import optim
from training.augment import pdf_rewrap, substitute_entities, swap_punctuation
from training.corpus import CORPUS_DIR, REPO, SPLITS_FILE, Record, gold_spans
from training.data import load_corpus, row_to_record, to_row
from training.evaluate import evaluate, format_report
from training.names import GENERATORS
from training.optim import optimizer_and_schedule

logger = logging.getLogger("bulletin.train")


@dataclass
class TrainArguments:
    output_dir: str | None = field(default=None, metadata={
        "help": "Where the model folder is written (default models/<name>-<version>, so a new version never "
                "overwrites an older one)."})
    name: str = field(default="bulletin-zh", metadata={"help": "Model name (config.json, /v1/model)."})
    version: str = field(default="1.10.0", metadata={"help": "Model version."})
    seed: int = field(default=13, metadata={"help": "Random seed: the same seed, data and code give the same model."})
    corpus: str = field(default=str(CORPUS_DIR), metadata={"help": "Folder of corpus JSONL files."})
    splits: str = field(default=str(SPLITS_FILE), metadata={"help": "The fixed split file."})
    extra_annotations: str | None = field(default=None, metadata={
        "help": "JSONL of accepted annotations (the review loop) added to the training split."})
    max_train_docs: int | None = field(default=None, metadata={"help": "Use only this many training documents (tests)."})
    max_eval_docs: int | None = field(default=None, metadata={"help": "Evaluate on only this many documents (tests)."})
    hidden_size: int = field(default=192, metadata={"help": "Transformer hidden size."})
    num_layers: int = field(default=2, metadata={"help": "Transformer layers."})
    num_heads: int = field(default=3, metadata={"help": "Attention heads (hidden_size must be a multiple)."})
    max_length: int = field(default=256, metadata={"help": "Window length in characters."})
    margin: int = field(default=32, metadata={"help": "Context characters on each side of a window's kept part."})
    epochs: int = field(default=10, metadata={
        "help": "Training epochs for the tagger. The default config (1.8.0) trains 5: on its 475 documents an epoch "
                "takes ~155 s without attention dropout, and 6 would put the whole run near 20 minutes (5 reached "
                "0.9543 dev entity F1). Those times are on an Intel Xeon with AMX; on a 2-core AMD EPYC (bfloat16 "
                "without AMX) the first epoch took 1,113 s (2026-11-27, with evaluations running beside it)."})
    batch_size: int = field(default=8, metadata={"help": "Windows per batch (small batches: more steps for a model trained from scratch)."})
    learning_rate: float = field(default=1e-3, metadata={"help": "Peak learning rate (AdamW, linear decay)."})
    weight_decay: float = field(default=0.01, metadata={"help": "AdamW weight decay."})
    warmup_ratio: float = field(default=0.06, metadata={"help": "Share of steps for linear warm-up."})
    dropout: float = field(default=0.1, metadata={"help": "Hidden dropout."})
    attention_dropout: float = field(default=0.1, metadata={
        "help": "Dropout on the tagger's attention weights. Any value above 0 pushes torch's CPU "
                "scaled_dot_product_attention off its fused kernel: 0 makes an epoch ~20%% faster, but on the "
                "1.5.0 data 0 with 7 epochs read 0.9402 dev entity F1 (best epoch 4) against 0.9406 for 0.1 with "
                "6 epochs (1.5.0), and 0.9393 against 0.9438 on the 1.3.0 data. On the 1.8.0 data (475 documents, "
                "5 epochs) 0 read 0.9543 against 0.9540 in 778 s instead of 967 s, which keeps the whole run under "
                "20 minutes, so the default config (1.8.0) sets 0; the default here stays 0.1 so older configs "
                "reproduce."})
    local_context: str = field(default="lstm", metadata={
        "help": "The tagger's and the relation classifier's local-context layer before attention: lstm, conv or none. "
                "conv makes an isolated training step ~20%% faster (254 -> 202 ms at 8 x 256 windows) but a whole "
                "tagger epoch only a few percent (156-170 s against ~168 s), and it cuts more names in the middle: "
                "dev ZONE F1 0.9109 (lstm) -> 0.9085 on the 1.7.0 data, 0.9029 -> 0.8841 on the 1.8.0 data; conv "
                "relations trained as long as lstm ones and read 0.9285 against 0.9298 dev triple F1 with gold "
                "entities. So lstm stays the default."})
    unk_dropout: float = field(default=0.03, metadata={"help": "Share of characters replaced by [UNK] in training."})
    augment_copies: int = field(default=2, metadata={"help": "Augmented copies of every training document."})
    substitute_probability: float = field(default=0.6, metadata={"help": "Chance a name is replaced in a copy."})
    pdf_probability: float = field(default=0.35, metadata={"help": "Chance a copy is re-wrapped like PDF text."})
    punctuation_probability: float = field(default=0.3, metadata={"help": "Chance a copy swaps punctuation widths."})
    rule_assist: bool = field(default=False, metadata={"help": "Add AMOUNT/DATE pattern matches the model missed."})
    relations: str = field(default="learned", metadata={"help": "Relation extractor: learned or rules."})
    relation_epochs: int = field(default=10, metadata={
        "help": "Training epochs for the relation classifier (~41 s each on 475 documents). 1.8.0 trained 6 and "
                "kept the sixth (0.9274 dev triple F1 with gold entities); retrained on its tagger with 8, the "
                "seventh read 0.9301 and end-to-end dev triples went 0.8316 -> 0.8344, so the default config (1.9.0) "
                "trains 8, a run ~80 s longer."})
    relation_patience: int = field(default=0, metadata={
        "help": "Stop training relations after this many epochs without a better dev score (0: train them all; "
                "the best epoch is kept either way). On 1.9.0's tagger a 12-epoch schedule peaked at the sixth "
                "(0.9317 dev triple F1 with gold entities against 0.9298 for 8 epochs; end-to-end dev triples "
                "0.8385 -> 0.8408), so the default config (1.10.0) schedules 12 and stops one epoch after the best: "
                "seven epochs, no longer a run than 1.9.0's eight."})
    relation_hidden_size: int = field(default=128, metadata={"help": "Relation classifier hidden size."})
    relation_layers: int = field(default=2, metadata={"help": "Relation classifier layers."})
    relation_attention_dropout: float = field(default=0.1, metadata={
        "help": "Dropout on the relation classifier's attention weights (see attention_dropout). With 0 the 1.3.0 "
                "command trained relations in 172 s instead of 216 s and tied on dev triples (0.7879 vs 0.7875), "
                "so the default config (1.5.0) sets 0; the default here stays 0.1 so older configs reproduce."})
    bf16_autocast: bool = field(default=True, metadata={
        "help": "Train the tagger under bfloat16 autocast where the CPU computes bf16 fast (AMX/AVX512-BF16); "
                "~20%% faster, the same dev F1."})
    evaluate_test: bool = field(default=True, metadata={"help": "Evaluate the final model on test (never for selection)."})
    threads: int = field(default=2, metadata={"help": "torch threads."})

    def __post_init__(self) -> None:
        if self.hidden_size % self.num_heads:
            raise ValueError(f"hidden_size ({self.hidden_size}) must be a multiple of num_heads ({self.num_heads})")
        if self.relations not in ("learned", "rules"):
            raise ValueError(f"relations must be learned or rules, not {self.relations!r}")


def pipeline_config(args: TrainArguments) -> dict[str, Any]:
    relations = ({"name": "relations", "factory": "bulletin.neural_relations.v1",
                  "config": {"epochs": args.relation_epochs, "patience": args.relation_patience,
                             "hidden_size": args.relation_hidden_size,
                             "num_layers": args.relation_layers, "attention_dropout": args.relation_attention_dropout,
                             "local_context": args.local_context,
                             "precision": "fp32"}}
                 if args.relations == "learned" else {"name": "relations", "factory": "bulletin.rule_relations.v1"})
    return {
        "name": args.name,
        "version": args.version,
        "pipeline": [
            {"name": "sectioner", "factory": "bulletin.sectioner.v1"},
            {"name": "tokenizer", "factory": "bulletin.tokenizer.v1"},
            {"name": "ner", "factory": "bulletin.neural_ner.v1",
             "config": {"max_length": args.max_length, "margin": args.margin, "rule_assist": args.rule_assist,
                        "precision": "fp32"}},
            {"name": "zone_resolver", "factory": "bulletin.zone_resolver.v1"},
            {"name": "normaliser", "factory": "bulletin.normaliser.v1"},
            relations,
        ],
    }


# --- data ---------------------------------------------------------------------------------------------------
def augmented_copies(records: list[Record], args: TrainArguments, rng: random.Random) -> list[Record]:
    """`augment_copies` copies of every record with new names, PDF wrapping and punctuation swaps."""
    out = []
    for copy_index in range(args.augment_copies):
        for record in records:
            new = substitute_entities(record, rng, GENERATORS, args.substitute_probability)
            if rng.random() < args.pdf_probability:
                new = pdf_rewrap(new, rng)
            if rng.random() < args.punctuation_probability:
                new = swap_punctuation(new, rng)
            new["id"] = f"{record['id']}#aug{copy_index}"
            out.append(new)
    return out


def user_words(records: list[Record]) -> list[tuple[str, str]]:
    """Zone and company names of the training annotations, for the tokenizer's user dictionary."""
    tags = {EntityLabel.ZONE: "nz", EntityLabel.COMPANY: "nt"}
    words = set()
    for record in records:
        for entity in record["entities"]:
            if entity["label"] in tags:
                name = "".join(record["text"][entity["start_offset"] : entity["end_offset"]].split())
                if len(name) >= 3:
                    words.add((name, tags[entity["label"]]))
    return sorted(words)


def prepare_docs(pipeline: Pipeline, records: list[Record]) -> list[Doc]:
    """Docs cleaned, sectioned and tokenized: the state the tagger sees."""
    docs = []
    for record in records:
        doc = pipeline.make_doc(record["text"])
        for name in ("sectioner", "tokenizer"):
            doc = pipeline.get(name)(doc)
        docs.append(doc)
    return docs


def bio_targets(doc: Doc, record: Record, label2id: dict[str, int]) -> np.ndarray:
    """BIO tag ids over the cleaned view for the record's gold spans."""
    targets = np.zeros(len(doc.view.text), dtype=np.int64)
    for entity in record["entities"]:
        start, end = doc.view.from_raw_span(entity["start_offset"], entity["end_offset"])
        if end > start:
            targets[start] = label2id[f"B-{entity['label']}"]
            targets[start + 1 : end] = label2id[f"I-{entity['label']}"]
    return targets


def ner_windows(batch: dict[str, list], *, ner: NeuralNER, docs: dict[str, Doc]) -> dict[str, list]:
    """`datasets.map` function: records -> training windows (input_ids, feature_ids, labels)."""
    out: dict[str, list] = {"input_ids": [], "feature_ids": [], "labels": []}
    label2id = ner.model.config.label2id
    for index, record_id in enumerate(batch["id"]):
        record = row_to_record({key: batch[key][index] for key in batch})
        doc = docs[record_id]
        ids, features = ner.encode(doc)
        targets = bio_targets(doc, record, label2id)
        for start, end, _, _ in ner.windows(len(ids)):
            out["input_ids"].append(ids[start:end].tolist())
            out["feature_ids"].append(features[start:end].tolist())
            out["labels"].append(targets[start:end].tolist())
    return out


class WindowSource:
    """Training windows: the original documents once, fresh augmented copies every epoch (a model trained from
    scratch on a few hundred documents memorises fixed copies within a few epochs)."""

    def __init__(self, pipeline: Pipeline, ner: NeuralNER, records: list[Record], args: TrainArguments):
        self.pipeline, self.ner, self.records, self.args = pipeline, ner, records, args
        self._originals = self._windows(records, prepare_docs(pipeline, records))

    def _windows(self, records: list[Record], docs: list[Doc]) -> Dataset:
        rows = Dataset.from_list([to_row(r) for r in records])
        return rows.map(ner_windows, batched=True, remove_columns=rows.column_names, load_from_cache_file=False,
                        fn_kwargs={"ner": self.ner, "docs": {r["id"]: d for r, d in zip(records, docs)}},
                        new_fingerprint=f"ner-{data_version(records)}")

    def for_epoch(self, epoch: int) -> Dataset:
        if not self.args.augment_copies:
            return self._originals
        copies = augmented_copies(self.records, self.args, random.Random(f"{self.args.seed}:{epoch}"))
        augmented = self._windows(copies, prepare_docs(self.pipeline, copies))
        return concatenate_datasets([self._originals, augmented])


def collate(rows: list[dict[str, Any]], unk_dropout: float, generator: torch.Generator) -> dict[str, torch.Tensor]:
    width = max(len(r["input_ids"]) for r in rows)
    n_features = len(rows[0]["feature_ids"][0])
    input_ids = torch.zeros(len(rows), width, dtype=torch.long)
    feature_ids = torch.zeros(len(rows), width, n_features, dtype=torch.long)
    labels = torch.full((len(rows), width), -100, dtype=torch.long)
    mask = torch.zeros(len(rows), width, dtype=torch.long)
    for row, item in enumerate(rows):
        n = len(item["input_ids"])
        input_ids[row, :n] = torch.tensor(item["input_ids"])
        feature_ids[row, :n] = torch.tensor(item["feature_ids"])
        labels[row, :n] = torch.tensor(item["labels"])
        mask[row, :n] = 1
    if unk_dropout:
        drop = (torch.rand(input_ids.shape, generator=generator) < unk_dropout) & (input_ids > 1)
        input_ids = torch.where(drop, torch.ones_like(input_ids), input_ids)
    return {"input_ids": input_ids, "feature_ids": feature_ids, "attention_mask": mask, "labels": labels}


# --- training -----------------------------------------------------------------------------------------------
def train_ner(ner: NeuralNER, windows: WindowSource, dev_docs: list[Doc], dev_records: list[Record],
              args: TrainArguments, progress: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    model = ner.model
    generator = torch.Generator().manual_seed(args.seed)
    train_rows = windows.for_epoch(1)
    steps_per_epoch = math.ceil(len(train_rows) / args.batch_size)
    total_steps = max(1, steps_per_epoch * args.epochs)
    optimizer, schedule = optimizer_and_schedule(model, args.learning_rate, args.weight_decay, total_steps,
                                                 args.warmup_ratio)
    best = {"ents_f": -1.0, "epoch": 0, "state": None}
    started = time.time()
    for epoch in range(1, args.epochs + 1):
        if epoch > 1:
            train_rows = windows.for_epoch(epoch)
        model.train()
        order = torch.randperm(len(train_rows), generator=generator).tolist()
        losses = []
        for step in range(math.ceil(len(train_rows) / args.batch_size)):
            rows = [train_rows[i] for i in order[step * args.batch_size : (step + 1) * args.batch_size]]
            batch = collate(rows, args.unk_dropout, generator)
            with autocast(args):
                loss = model(**batch).loss
            losses.append(optim.step(model, loss, optimizer, schedule))
        dev_f = dev_entity_f1(ner, dev_docs, dev_records)
        elapsed = time.time() - started
        report = {"stage": "ner", "epoch": epoch, "epochs": args.epochs, "loss": round(float(np.mean(losses)), 4),
                  "dev_ents_f": dev_f, "elapsed_s": round(elapsed, 1),
                  "eta_s": round(elapsed / epoch * (args.epochs - epoch), 1)}
        progress(report)
        if dev_f > best["ents_f"]:
            best = {"ents_f": dev_f, "epoch": epoch,
                    "state": {k: v.detach().clone() for k, v in model.state_dict().items()}}
    model.load_state_dict(best["state"])
    model.eval()
    return {"best_epoch": best["epoch"], "dev_ents_f": best["ents_f"], "train_seconds": round(time.time() - started, 1)}


def autocast(args: TrainArguments) -> torch.autocast:
    return torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16_autocast and cpu_has_fast_bf16())


def dev_entity_f1(ner: NeuralNER, docs: list[Doc], records: list[Record]) -> float:
    fresh = [copy.copy(doc) for doc in docs]
    ner.pipe(fresh)
    return score_spans([(gold_spans(r), d.ents) for r, d in zip(records, fresh)])["ents_f"]


def data_version(records: list[Record]) -> str:
    digest = hashlib.sha256()
    for record in sorted(records, key=lambda r: r["id"]):
        digest.update(json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return digest.hexdigest()[:12]


def git_commit() -> str:
    """The commit the model was trained at, `+changes` when Python code differed from it (the card must not claim
    a commit whose code did not train the model; data has its own version, the arguments are on the card)."""
    def git(*arguments: str) -> str:
        return subprocess.run(["git", *arguments], cwd=REPO, capture_output=True, text=True, timeout=5).stdout.strip()

    try:
        commit = git("rev-parse", "--short", "HEAD") or "unknown"
        changed = git("status", "--porcelain", "--untracked-files=no", "--", "*.py")
        return f"{commit}+changes" if changed and commit != "unknown" else commit
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def train(args: TrainArguments, progress: Callable[[dict[str, Any]], None] | None = None) -> Path:
    """Train and write a complete model folder; `progress` receives a dict after every epoch."""
    progress = progress or (lambda report: logger.info("%s", report))
    set_seed(args.seed)
    torch.set_num_threads(args.threads)
    extra = [json.loads(line) for line in Path(args.extra_annotations).read_text(encoding="utf-8").splitlines()
             if line.strip()] if args.extra_annotations else []
    corpus = load_corpus(Path(args.corpus), Path(args.splits), extra_records=extra)
    train_records = [row_to_record(row) for row in corpus["train"]][: args.max_train_docs]
    dev_records = [row_to_record(row) for row in corpus["dev"]][: args.max_eval_docs]
    test_records = [row_to_record(row) for row in corpus["test"]][: args.max_eval_docs]

    pipeline = build_pipeline(pipeline_config(args))
    tokenizer: Tokenizer = pipeline.get("tokenizer")
    tokenizer.initialize(user_words=user_words(train_records))
    ner: NeuralNER = pipeline.get("ner")
    ner.initialize(
        vocab=Vocab.build([pipeline.make_doc(r["text"]).view.text for r in train_records]),
        model_config={"hidden_size": args.hidden_size, "num_hidden_layers": args.num_layers,
                      "num_attention_heads": args.num_heads, "intermediate_size": 4 * args.hidden_size,
                      "hidden_dropout_prob": args.dropout, "attention_probs_dropout_prob": args.attention_dropout,
                      "local_context": args.local_context},
    )
    windows = WindowSource(pipeline, ner, train_records, args)
    dev_docs = prepare_docs(pipeline, dev_records)
    ner_report = train_ner(ner, windows, dev_docs, dev_records, args, progress)

    relations = pipeline.get("relations")
    # The relation model trains in float32: under bf16 autocast its loss stalls (measured: dev triple F1 0.0).
    # Reseeded so that it starts the same whatever the tagger's training drew (a relation-only retrain matches).
    set_seed(args.seed)
    relation_report = relations.initialize(pipeline=pipeline, train_records=train_records, dev_records=dev_records,
                                           seed=args.seed, progress=progress) or {}

    metrics: dict[str, Any] = {"data_version": data_version(train_records + dev_records + test_records),
                               "train_documents": len(train_records), "training": {**ner_report, **relation_report}}
    dev_eval = evaluate(pipeline, dev_records, pdf=False, error_limit=0)
    metrics["dev"] = dev_eval.metrics
    if args.evaluate_test and test_records:
        test_eval = evaluate(pipeline, test_records, error_limit=40)
        metrics["test"] = test_eval.metrics
        progress({"stage": "test", "report": format_report(test_eval, "test")})
    pipeline.meta.metrics = metrics
    pipeline.meta.description = "Character RoFormer tagger + pair relation classifier, trained from scratch on the Bulletin IE corpus."
    pipeline.meta.extra = {"training_arguments": recorded_arguments(args), "commit": git_commit()}
    for component in pipeline.components:  # trained and evaluated in fp32; served in the best precision
        if "precision" in component.config:
            component.config["precision"] = "auto"
    output = pipeline.save_pretrained(args.output_dir or REPO / "models" / f"{args.name}-{args.version}")
    write_model_card(output, pipeline, args)
    return output


def recorded_arguments(args: TrainArguments) -> dict[str, Any]:
    """The arguments as a model folder records them: paths inside the repository relative to it, so that the
    command in the card runs from any checkout."""
    out = asdict(args)
    for key, value in out.items():
        if isinstance(value, str) and Path(value).is_absolute() and Path(value).is_relative_to(REPO):
            out[key] = str(Path(value).relative_to(REPO))
    return out


def write_model_card(folder: Path, pipeline: Pipeline, args: TrainArguments) -> None:
    metrics = pipeline.meta.metrics
    test = metrics.get("test") or metrics.get("dev", {})
    split = "test" if metrics.get("test") else "dev"
    size_mb = sum(f.stat().st_size for f in folder.iterdir() if f.is_file()) / 1e6
    lines = [
        f"# {pipeline.meta.name} {pipeline.meta.version}",
        "",
        pipeline.meta.description,
        "",
        "## Data",
        f"- corpus data version `{metrics.get('data_version')}`, {metrics.get('train_documents')} training documents"
        " (annotations/corpus, split annotations/splits.json), augmented with name substitution, PDF re-wrapping "
        "and punctuation swaps",
        "",
        "## Command",
        "```",
        "python -m training train " + " ".join(f"--{k} {v}" for k, v in recorded_arguments(args).items()
                                               if v is not None),
        "```",
        f"commit `{pipeline.meta.extra.get('commit')}`, {size_mb:.1f} MB on disk; training took "
        f"{metrics.get('training', {}).get('train_seconds')} s (tagger) + "
        f"{metrics.get('training', {}).get('relation_train_seconds')} s (relations) on {args.threads} threads",
        "",
        f"## Figures ({split} split)",
        f"- entity micro-F1 {test.get('ents_f')}, triple micro-F1 {test.get('triples_f')}, "
        f"normalisation accuracy {test.get('norm_acc')}, metric attribute accuracy {test.get('attr_acc')}",
        "- per label: " + ", ".join(f"{k} {v['f']}" for k, v in test.get("ents_per_type", {}).items()),
        "- per predicate: " + ", ".join(f"{k} {v['f']}" for k, v in test.get("triples_per_type", {}).items()),
        "",
        "## Limits",
        "- Trained from scratch on a few hundred team-written documents and one real bulletin: names of kinds the "
        "corpus never shows (new zone types, unusual company forms) are the weakest point.",
        "- Years come from the document's headings or dateline; an undated news item gets `year_known: false`.",
        "- No hub weights: the model is built from its config alone.",
    ]
    (folder / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
