"""Turn benchmarks/results/*.json into RESULTS.md (machine, commands, figures, date)."""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path

from _common import machine


def load(folder: Path, name: str) -> dict:
    path = folder / f"{name}.json"
    text = path.read_text() if path.exists() else ""
    return json.loads(text) if text.strip() else {}  # a benchmark not run (or still running) is left out


def main() -> None:
    folder = Path(sys.argv[1])
    t, lat, sc, acc, paths, batch = (load(folder, n) for n in
                                     ("throughput", "latency", "scaling", "accuracy", "inference_paths", "batch"))
    speeds = {r["model"]: r for r in (load(folder, path.stem) for path in sorted(folder.glob("throughput*.json"))) if r}
    out = ["# Benchmark results\n", f"- date: {datetime.date.today().isoformat()}", f"- machine: {machine()}",
           "- command: `benchmarks/run_all` (each script can be run alone; see benchmarks/README.md)\n"]
    if t:
        out += ["## Library throughput (dev+test corpus, batch)\n",
                f"- model {t['model']}, precision {t['precision']}, {t['documents']} documents, {t['characters']} chars",
                f"- pipeline **{t['pipeline_chars_per_s']:,} chars/s**; jieba.lcut {t['jieba_lcut_chars_per_s']:,} chars/s"
                f" in the same run; ratio **{t['ratio_to_jieba']}×**",
                f"- the same texts in two worker processes with one torch thread each: "
                f"**{t.get('two_processes_chars_per_s', 0):,} chars/s** ({t.get('two_processes_ratio_to_jieba')}× "
                "jieba.lcut in one process)", f"- peak RSS {t['peak_rss_mb']} MB",
                "- per component (share of pipeline time): " + ", ".join(
                    f"{k} {v:.1%}" for k, v in t["per_component_share"].items()), ""]
    if lat:
        out += ["## Service latency (2,000-character bulletin, loopback, separate load-generator process)\n",
                f"- cold start (process start to first answer): **{lat['cold_start_s']} s**; "
                f"service peak RSS **{lat.get('service_peak_rss_mb')} MB**\n",
                "| concurrency | requests | p50 ms | p95 ms | p99 ms | req/s | error rate |", "|---|---|---|---|---|---|---|"]
        out += [f"| {r['concurrency']} | {r['requests']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | "
                f"{r['requests_per_s']} | {r['error_rate']} |" for r in lat["levels"]]
        out.append("")
    if sc:
        out += ["## Scaling with document length (fresh process per length)\n",
                "| chars | seconds | chars/s | memory above model (MB) |", "|---|---|---|---|"]
        out += [f"| {r['chars']:,} | {r['seconds']} | {r['chars_per_s']:,} | {r['rss_above_model_mb']} |"
                for r in sc["rows"]]
        out += [f"\nseconds per 1k chars from 5k up: {sc['seconds_per_1k_chars_min_max']} (linear)\n"]
    if acc:
        out += [f"## Accuracy on the test split ({acc['documents']} documents)\n",
                "| model | entity F1 | triple F1 | norm. acc. | attr. acc. | PDF re-wrapped ents F1 | held-out provinces ents F1 "
                "| chars/s, 1 / 2 processes |",
                "|---|---|---|---|---|---|---|---|"]
        for r in acc["rows"]:
            pdf = (r.get("pdf_rewrapped") or {}).get("ents_f")
            held = (r.get("held_out_provinces") or {}).get("ents_f")
            out.append(f"| {r['model']} | {r['ents_f']} | {r['triples_f']} | {r['norm_acc']} | {r['attr_acc']} | "
                       f"{pdf} | {held} | {speed_cell(speeds.get(r['model']))} |")
        out.append("\nPer label (F1): " + "; ".join(
            f"{r['model']}: " + ", ".join(f"{k} {v}" for k, v in r["ents_per_label_f"].items()) for r in acc["rows"]))
        out.append("\nPer predicate (F1): " + "; ".join(
            f"{r['model']}: " + ", ".join(f"{k} {v}" for k, v in r["triples_per_predicate_f"].items())
            for r in acc["rows"]) + "\n")
    if paths:
        out += ["## Inference paths of the tagger (test split)\n", "| path | tagger chars/s | entity F1 |", "|---|---|---|"]
        for name, r in paths["paths"].items():
            out.append(f"| {name} | {r.get('tagger_chars_per_s', '-')} | {r.get('ents_f', r.get('error', '-'))} |")
        out.append(f"\nfastest path within 0.005 F1 of fp32: **{paths['best_within_0.005_f1']}**\n")
    if batch:
        out += [f"## Batch extraction ({batch['documents']} documents, {batch['characters']:,} chars)\n",
                "| engine | docs/s | chars/s | driver peak RSS MB | worker peak RSS MB |", "|---|---|---|---|---|"]
        out += [f"| {k} | {v['docs_per_s']} | {v['chars_per_s']:,} | {v['driver_peak_rss_mb']} | "
                f"{v['worker_peak_rss_mb'] or '(in the driver)'} |" for k, v in batch["engines"].items()]
        out.append("")
    out += targets(t, lat)
    print("\n".join(out))


def speed_cell(throughput: dict | None) -> str:
    """A model's chars/s in one process and in two, from its throughput run ("-" where it had none)."""
    if not throughput:
        return "-"
    return f"{throughput['pipeline_chars_per_s']:,} / {throughput.get('two_processes_chars_per_s', 0):,}"


def targets(throughput: dict, latency: dict) -> list[str]:
    """The speed and memory targets of the benchmarks issue beside what this run measured."""
    level = {r["concurrency"]: r for r in latency.get("levels", [])}
    rows = []
    if throughput:
        best = max(throughput["pipeline_chars_per_s"], throughput.get("two_processes_chars_per_s", 0))
        rows += [("pipeline chars/s in batch (best of one process, two processes)", ">= 100,000", best,
                  best >= 100_000),
                 ("ratio to jieba.lcut, same run", ">= 0.2", throughput["ratio_to_jieba"],
                  throughput["ratio_to_jieba"] >= 0.2)]
    if 4 in level:
        rows += [("p50 at concurrency 4 (ms)", "<= 30", level[4]["p50_ms"], level[4]["p50_ms"] <= 30),
                 ("p99 at concurrency 4 (ms)", "<= 80", level[4]["p99_ms"], level[4]["p99_ms"] <= 80)]
    if 16 in level:
        rows.append(("error rate at concurrency 16", "0", level[16]["error_rate"], level[16]["error_rate"] == 0))
    if latency:
        rows += [("service peak RSS (MB)", "<= 1,536", latency["service_peak_rss_mb"],
                  latency["service_peak_rss_mb"] <= 1536),
                 ("cold start (s)", "<= 10", latency["cold_start_s"], latency["cold_start_s"] <= 10)]
    if not rows:
        return []
    return ["## Targets\n", "| target | wanted | measured | met |", "|---|---|---|---|"] + [
        f"| {name} | {wanted} | {measured} | {'yes' if met else '**no**'} |" for name, wanted, measured, met in rows]


if __name__ == "__main__":
    main()
