"""Inference paths of the tagger side by side: fp32, bfloat16, int8 (dynamic quantisation) and ONNX Runtime,
speed (characters per second of the tagger) and entity F1 on the test split.

    python benchmarks/inference_paths.py [--model DIR]

The service uses the fastest path whose F1 stays within 0.005 of fp32 (`BULLETIN_PRECISION=auto` picks bfloat16
on CPUs with AMX or AVX512-BF16).
"""

from __future__ import annotations

import argparse
import copy
import json
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from _common import default_model


class OnnxTagger(torch.nn.Module):
    """The tagger's forward as an ONNX Runtime session, behind the same call signature."""

    def __init__(self, model: torch.nn.Module, folder: Path):
        super().__init__()
        import onnxruntime

        path = folder / "tagger.onnx"
        example = (torch.zeros(2, 64, dtype=torch.long), torch.zeros(2, 64, 5, dtype=torch.long),
                   torch.ones(2, 64, dtype=torch.long))
        wrapped = _LogitsOnly(model).eval()
        torch.onnx.export(wrapped, example, str(path), input_names=["input_ids", "feature_ids", "attention_mask"],
                          output_names=["logits"], dynamic_axes={"input_ids": {0: "b", 1: "l"},
                                                                 "feature_ids": {0: "b", 1: "l"},
                                                                 "attention_mask": {0: "b", 1: "l"},
                                                                 "logits": {0: "b", 1: "l"}},
                          opset_version=17, dynamo=False)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 2
        self.session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.config = model.config
        self.dtype_marker = torch.float32

    @property
    def dtype(self) -> torch.dtype:
        return torch.float32

    def to_inference_dtype(self, dtype):
        return self

    def forward(self, input_ids, feature_ids, attention_mask=None):
        logits = self.session.run(None, {"input_ids": input_ids.numpy(), "feature_ids": feature_ids.numpy(),
                                         "attention_mask": attention_mask.numpy()})[0]

        class Output:
            pass

        output = Output()
        output.logits = torch.from_numpy(np.asarray(logits))
        return output


class _LogitsOnly(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, feature_ids, attention_mask):
        return self.model(input_ids=input_ids, feature_ids=feature_ids, attention_mask=attention_mask).logits


def measure(pipeline, records, docs_prepared) -> dict:
    from models.scoring import score_spans
    from training.corpus import gold_spans

    ner = pipeline.get("ner")
    docs = [copy.copy(d) for d in docs_prepared]
    started = time.perf_counter()
    ner.pipe(docs)
    seconds = time.perf_counter() - started
    chars = sum(len(d.view.text) for d in docs)
    f1 = score_spans([(gold_spans(r), d.ents) for r, d in zip(records, docs)])["ents_f"]
    return {"tagger_chars_per_s": round(chars / seconds), "ents_f": f1}


def main() -> None:
    from models.pipeline import Pipeline
    from training.data import split_records
    from training.train import prepare_docs

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=str(default_model()))
    args = parser.parse_args()
    torch.set_num_threads(2)
    records = split_records("test")
    results = {}
    for name in ("fp32", "bf16", "int8", "onnxruntime"):
        pipeline = Pipeline.from_pretrained(args.model, precision="bf16" if name == "bf16" else "fp32")
        ner = pipeline.get("ner")
        try:
            if name == "int8":
                ner.model = torch.ao.quantization.quantize_dynamic(ner.model, {torch.nn.Linear, torch.nn.LSTM},
                                                                   dtype=torch.qint8)
                ner.model.to_inference_dtype = lambda dtype, model=ner.model: model
            if name == "onnxruntime":
                scratch = Path(tempfile.mkdtemp())
                ner.model = OnnxTagger(ner.model.eval(), scratch)
            docs = prepare_docs(pipeline, records)
            measure(pipeline, records[:4], docs[:4])  # warm-up
            results[name] = measure(pipeline, records, docs)
        except Exception as exc:  # a path that cannot run here is reported, not hidden
            results[name] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
    baseline = results["fp32"]["ents_f"]
    eligible = {k: v for k, v in results.items() if "ents_f" in v and baseline - v["ents_f"] <= 0.005}
    best = max(eligible, key=lambda k: eligible[k]["tagger_chars_per_s"])
    print(json.dumps({"paths": results, "best_within_0.005_f1": best}, indent=1))


if __name__ == "__main__":
    main()
