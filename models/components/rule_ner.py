"""Rules and a gazetteer for all five labels: the baseline the learned NER must beat, and its fallback.

AMOUNT and DATE come from `models.patterns`; ZONE, COMPANY and PROJECT from the gazetteer (names seen in the
annotations) and from name suffixes (经济技术开发区, 有限公司, 项目 …) extended to the left over jieba words
while they look like parts of a name.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from models import lexicon, patterns
from models.doc import Doc, Span, filter_spans
from models.registry import Component, register
from models.schema import EntityLabel

GAZETTEER_FILE = "gazetteer.json"
_NAME_POS = {"ns", "nz", "nt", "nr", "nrt", "nrfg", "n", "ng", "vn", "b", "j", "eng", "m", "l", "an", "a", "s", "x", "q", "g", "nl"}
_STOP_WORDS = set(
    "的 与 和 及 为 由 在 是 有 对 将 把 向 等 和 并 或 以 从 于 至 了 着 被 让 使 其 该 本 各 个 这 那 共 新 已".split()
    + "推动 推进 加快 实施 开工 投产 签约 引进 落户 入驻 新增 重点 包括 其中 完成 全力 打造 积极 支持 围绕 聚焦 依托 主要 "
    "成功 总投资 计划 预计 力争 确保 正在 目前 全面 持续 累计 集中 一批 项目 企业 我们 全省 全市 全县 全区 年内 今年 以及 "
    "开展 举办 组织 参加 对接 洽谈 服务 保障 带动 形成 建成 启动 谋划 引导 促进 做好 办好 抓好 协调 配合 负责 承担 "
    "通过 采取 按照 根据 作为 成为 进行 实现 达到 同比 增长 增速 其他 有关 相关 分别 先后 同时 还 也 都 又 再 即".split()
)
_CATEGORY_BEFORE = re.compile(r"(?:全省|全市|全县|全国|各|省级|国家级|市级|县级|工业类|农业类|\d+个|[两三四五六七八九十]+个|各类|多个|一批|重点)$")
_SUFFIX_PATTERNS = {
    EntityLabel.ZONE: re.compile(patterns.trie_regex(lexicon.ZONE_SUFFIXES)),
    EntityLabel.COMPANY: re.compile(patterns.trie_regex(lexicon.LEGAL_FORMS)),
    EntityLabel.PROJECT: re.compile(r"(?:项目|生产线|污水处理[厂站]|变电站|储备粮库|冷链物流中心|标准厂房)"),
}
_MAX_NAME = {EntityLabel.ZONE: 20, EntityLabel.COMPANY: 24, EntityLabel.PROJECT: 32}
_MIN_PREFIX = {EntityLabel.ZONE: 2, EntityLabel.COMPANY: 2, EntityLabel.PROJECT: 2}
_LABEL_ORDER = {EntityLabel.DATE: 0, EntityLabel.AMOUNT: 1, EntityLabel.COMPANY: 2, EntityLabel.ZONE: 3, EntityLabel.PROJECT: 4}


@register("bulletin.rule_ner.v1")
class RuleNER(Component):
    assigns = ("doc.ents",)
    requires = ("doc.user_data['view_tokens']",)
    default_config = {"labels": [label.value for label in EntityLabel]}

    def __init__(self, name: str, **config: Any):
        super().__init__(name, **config)
        self.gazetteer: dict[str, list[str]] = {}
        self._gazetteer_regex: dict[str, re.Pattern[str]] = {}

    def initialize(self, *, names: dict[str, list[str]] | None = None, **_: Any) -> None:
        """Learn the gazetteer: {label: [names]} from the training annotations."""
        self.set_gazetteer(names or {})

    def set_gazetteer(self, names: dict[str, list[str]]) -> None:
        self.gazetteer = {label: sorted({n for n in values if len(n) >= 2}) for label, values in names.items()}
        self._gazetteer_regex = {
            label: re.compile(patterns.trie_regex(values)) for label, values in self.gazetteer.items() if values
        }

    def __call__(self, doc: Doc) -> Doc:
        doc.ents = [doc.span_from_view(s, e, label, source=self.name) for s, e, label in self.find(doc)]
        return doc

    def find(self, doc: Doc) -> list[tuple[int, int, str]]:
        """(start, end, label) on the cleaned view."""
        text = doc.view.text
        labels = set(self.config["labels"])
        found: list[Span] = []
        dates = patterns.find_dates(text)
        if EntityLabel.DATE in labels:
            found += [Span(s, e, EntityLabel.DATE, text[s:e]) for s, e in dates]
        if EntityLabel.AMOUNT in labels:
            found += [Span(s, e, EntityLabel.AMOUNT, text[s:e]) for s, e in patterns.find_amounts(text, dates)]
        tokens = doc.user_data.get("view_tokens") or []
        names = []
        for label, regex in self._gazetteer_regex.items():
            if label in labels:
                names += [Span(m.start(), m.end(), label, m.group()) for m in regex.finditer(text)]
        for label, regex in _SUFFIX_PATTERNS.items():
            if label in labels:
                names += self._suffix_names(text, tokens, label, regex)
        # Names contain their numbers (SCHEMA rule 1): a number inside a name is not an AMOUNT or DATE.
        merged = filter_spans(names + found)
        return [(s.start, s.end, s.label) for s in merged]

    def _suffix_names(self, text: str, tokens: list[tuple[int, int, str]], label: str,
                      regex: re.Pattern[str]) -> list[Span]:
        starts = [start for start, _, _ in tokens]
        out = []
        for match in regex.finditer(text):
            start = self._extend_left(text, tokens, starts, match.start(), label)
            if match.start() - start >= _MIN_PREFIX[label]:
                out.append(Span(start, match.end(), label, text[start : match.end()]))
            elif label == EntityLabel.ZONE and match.group() in lexicon.SHORT_ZONE_FORMS:
                if not _CATEGORY_BEFORE.search(text[max(0, match.start() - 6) : match.start()]):
                    out.append(Span(match.start(), match.end(), label, match.group()))
        return out

    @staticmethod
    def _extend_left(text: str, tokens: list[tuple[int, int, str]], starts: list[int], position: int,
                     label: str) -> int:
        import bisect

        index = bisect.bisect_right(starts, position) - 1
        if index < 0:
            return position
        start = tokens[index][0] if tokens[index][0] < position else position
        index = index - 1 if tokens[index][0] < position else index - 1
        while index >= 0:
            token_start, token_end, pos = tokens[index]
            word = text[token_start:token_end]
            if pos not in _NAME_POS or word in _STOP_WORDS or position - token_start > _MAX_NAME[label]:
                break
            if pos == "x" and word not in "&·-/":
                break
            start = token_start
            index -= 1
        return start

    def to_disk(self, path: Path) -> None:
        (path / GAZETTEER_FILE).write_text(json.dumps(self.gazetteer, ensure_ascii=False, indent=0), encoding="utf-8")

    def from_disk(self, path: Path) -> RuleNER:
        file = path / GAZETTEER_FILE
        if file.exists():
            self.set_gazetteer(json.loads(file.read_text(encoding="utf-8")))
        return self
