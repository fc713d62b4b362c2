"""Document structure: zone blocks, headed sections with their year, and sentences.

- A `供稿：<zone>` line closes the block above it and gives it its zone; zone names alone on a line inside such a
  block are stray column headers. Where no `供稿` line closes the text, a zone name alone on a line heads a block,
  and a title that opens with a zone's name and then the year or a colon gives the first block its zone.
- `【…】` headings open level-1 sections, `（一）`/`一、` level 2, `一是`/`1.`/`(1)` level 3.
- A section's year comes from its heading (`【2024 年工作计划】` -> 2024), else from its parent, else the document's
  dateline or title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from models import lexicon
from models.doc import Doc, Section
from models.places import name_prefix_places
from models.preprocess import split_sentences
from models.registry import Component, register

_ZONE_NAME = rf"[\u4e00-\u9fff（）()·]{{2,24}}?(?:{'|'.join(sorted(lexicon.ZONE_SUFFIXES, key=len, reverse=True))})"
# A list marker may open a zone heading (`（一）周口临港开发区`, `2.南区`); it is not part of the zone's name.
_LIST_MARKER = re.compile(
    r"[ \t\u3000]*(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、是]|\d{1,2}[.、．])[ \t\u3000]*")
ZONE_LINE = re.compile(
    rf"^(?:{_LIST_MARKER.pattern})?[ \t\u3000]*{_ZONE_NAME}(?:[ \t\u3000]+{_ZONE_NAME})*[ \t\u3000]*$")
# A bulleted heading that names a zone before its subtitle (`■中马钦州产业园区：外资项目唱主角`) opens that zone's part.
_BULLET_ZONE_HEADING = re.compile(rf"^[ \t\u3000]*[■●◆▲★][ \t\u3000]*(?P<zone>{_ZONE_NAME})[ \t\u3000]*[:：]")
# A zone heading may end on a note of what its part of a list holds (`一、齐齐哈尔高新技术产业开发区（共9 个项目，总投资
# 96.4 亿元）`); the note is not part of the name.
_HEADING_NOTE = re.compile(r"[（(]共[^）)\n]{1,40}[)）][ \t\u3000]*$")
# `铜仁高新区片区` heading a list is the part of the list in 铜仁高新区, not a 片区 of that name (as `南沙新区片区` is).
_AREA_OF_ZONE = re.compile(r"(?<=高新区|经开区|开发区)片区$")
_CREDIT = re.compile(r"供\s*稿\s*[:：]\s*(?P<zone>[^\n，。,;；]+)")
# The zone's name at the start of a credit line, before what may follow it there: the office (`管委会`,
# `经济发展局`), an editor's note (`(责任编辑：…)`), a page number. Brackets inside a name hold a short place
# (`中国（绵阳）科技城`), never a note.
_CREDITED_NAME = re.compile(
    rf"(?:[\u4e00-\u9fff·]|[（(][\u4e00-\u9fff]{{1,6}}[)）])+"
    rf"(?:{'|'.join(sorted(lexicon.ZONE_SUFFIXES, key=len, reverse=True))})")
_CREDIT_TRAILERS = ("管委会", "管理委员会", "委员会", "管理局", "经济发展", "投资促进", "招商", "办公室", "党工委", "责任编辑",
                    "供图", "宣传")
_YEAR = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})\s*年")
_DATELINE = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})\s*[年./-]\s*\d{1,2}\s*[月./-]\s*\d{1,2}\s*日?")
_HEADINGS = (
    (1, re.compile(r"(?m)^[ \t\u3000]*(【[^】\n]{1,40}】)")),
    (2, re.compile(r"(?m)^[ \t\u3000]*([(（][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)")),
    (3, re.compile(r"(?m)(?:^|(?<=[。；;]))[ \t\u3000]*([一二三四五六七八九十]{1,2}[是要]|\d{1,2}[.、](?!\d)|[(（]\d{1,2}[)）])")),
)


@dataclass(frozen=True)
class _Block:
    start: int
    end: int
    zone: str | None
    heading: str | None
    anchor: tuple[int, int] | None = None  # where the zone's name is written (供稿 line or heading)


def find_zone_blocks(text: str) -> list[_Block]:
    """Zone blocks over the cleaned text."""
    blocks: list[_Block] = []
    cursor = 0
    for credit in _CREDIT.finditer(text):
        line_end = text.find("\n", credit.end())
        line_end = len(text) if line_end < 0 else line_end
        written = credited_zone(credit["zone"])
        zone = "".join(written.split())
        if zone:
            name_end = credit.start("zone") + len(written)
            blocks.append(_Block(cursor, line_end, zone, None, (credit.start("zone"), name_end)))
            cursor = line_end
    blocks.extend(_heading_blocks(text, cursor))
    return [block for block in blocks if text[block.start : block.end].strip()]


def credited_zone(credit: str) -> str:
    """The zone's name written in a credit line: the line, less an office, note or page number after the name
    (`宜昌高新技术产业开发区6`, `烟台经济技术开发区经济发展局`); a name that goes on past a suffix stays whole
    (`中关村科技园区通州园`, `中关村科技园区顺义园管委会` -> `中关村科技园区顺义园`)."""
    credit = credit.rstrip()
    name = _CREDITED_NAME.match(credit)
    if name is None:
        return credit
    rest = credit[name.end() :]
    if not rest or not "\u4e00" <= rest[0] <= "\u9fff":
        return name.group()
    trailer = min((i for i in (rest.find(word) for word in _CREDIT_TRAILERS) if i >= 0), default=len(rest))
    return name.group() + rest[:trailer]


# A title that opens with the zone's name, then the year or a colon (`海南博鳌乐城国际医疗旅游先行区2021年工作总结`,
# `文昌国际航天城：商业航天项目…`, `关于成都经开区 2022 年…`): the zone the document is about, even where the tagger
# misreads the name.
_ZONE_HEAD = "|".join(sorted(lexicon.ZONE_HEADS, key=len, reverse=True))
_TITLE_ZONE = re.compile(
    rf"(?:^|(?<=[】—\s:：]))(?:关于|【)?(?P<zone>[\u4e00-\u9fff（）()·]{{2,30}}?(?:{_ZONE_HEAD}))"
    rf"(?=[ \t\u3000]*(?:(?:19|20)\d{{2}}|[:：]))")


def title_zone(text: str) -> tuple[int, int] | None:
    """Offsets of the zone's name in the document's first line where a year or a colon follows it, at the line's
    start or after a bracket, a dash or a space (`【铁山港工业区2025年重点项目安排】`, `【年终特稿】…——岳阳…开发区2024年工作综述`)."""
    first = len(text) - len(text.lstrip())
    line_end = text.find("\n", first)
    for match in _TITLE_ZONE.finditer(text, first, len(text) if line_end < 0 else line_end):
        name = match["zone"]
        if len(name) >= 4 and name not in name_prefix_places() and not name.startswith(("全", "各")):
            return match.start("zone"), match.end("zone")
    return None


def _heading_blocks(text: str, start: int) -> list[_Block]:
    """Blocks opened by zone headings. A heading of the same list as a zone heading that names no zone (`四、分园区主要指标`
    after `三、新材料产业园`) closes the zone's block: what follows is about the zone the list started under."""
    blocks: list[_Block] = []
    zone, heading, block_start, anchor = None, None, start, None
    title = title_zone(text) if start == 0 else None
    if title is not None:
        zone, anchor = text[title[0] : title[1]], title
    outer: tuple[str | None, tuple[int, int] | None] | None = None  # the zone before a list of zone headings
    list_style = None
    position = start
    for written in text[start:].split("\n"):
        line = _HEADING_NOTE.sub("", written)
        marker = _LIST_MARKER.match(line)
        bulleted = _BULLET_ZONE_HEADING.match(line)
        opened: tuple[str | None, str | None, tuple[int, int] | None] | None = None  # (zone, heading, anchor)
        if bulleted:
            opened = bulleted["zone"], line.strip(), (position + bulleted.start("zone"), position + bulleted.end("zone"))
        elif ZONE_LINE.match(line) and len(line.split()) == 1:
            if marker and outer is None:
                outer, list_style = (zone, anchor), _marker_style(marker.group())
            indent = marker.end() if marker else len(line) - len(line.lstrip())
            name = _AREA_OF_ZONE.sub("", line[indent:].strip())
            opened = "".join(name.split()), line.strip(), (position + indent, position + indent + len(name))
        elif marker and outer is not None and _marker_style(marker.group()) == list_style:
            opened, outer = (outer[0], None, outer[1]), None
        if opened is not None:
            if position > block_start:
                blocks.append(_Block(block_start, position, zone, heading, anchor))
            (zone, heading, anchor), block_start = opened, position
        position += len(written) + 1
    blocks.append(_Block(block_start, len(text), zone, heading, anchor))
    return blocks


def _marker_style(marker: str) -> str:
    """A list marker with its number taken out: `（三）` and `（四）` are of one list, `三、` of another."""
    return re.sub(r"[一二三四五六七八九十\d]+", "N", marker.strip())


def document_year(text: str) -> int | None:
    """The year the document fixes: a newspaper dateline at the top, else a year in a short title line (one of the
    first two: `2023 年工作总结` under the office's name), else a dateline at the end. A report signed in January
    (`2024 年 1 月 15 日印发`) is about the year its title names."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    short = [line for line in lines[:2] if len(line) <= 40]
    for line in short:
        if match := _DATELINE.search(line):
            return int(match["year"])
    for line in short:
        if not line.startswith("【") and (match := _YEAR.search(line)):
            return int(match["year"])
    for line in lines[-2:]:
        if len(line) <= 40 and (match := _DATELINE.search(line)):
            return int(match["year"])
    return None


@register("bulletin.sectioner.v1")
class Sectioner(Component):
    assigns = ("doc.sections", "doc.sentences", "doc.year")

    def __call__(self, doc: Doc) -> Doc:
        text = doc.view.text
        doc.year = document_year(text)
        sections: list[Section] = []
        anchors = {}
        for block in find_zone_blocks(text):
            if block.zone and block.anchor:
                # The name as the raw text writes it: the view folds widths (`（广东）` -> `(广东)`), but a zone's
                # canonical name is compared with the names written in the text.
                raw_anchor = doc.view.to_raw(*block.anchor)
                block = replace(block, zone="".join(doc.text[raw_anchor[0] : raw_anchor[1]].split()) or block.zone)
                anchors.setdefault(block.zone, raw_anchor)
            sections.append(self._section(doc, block.start, block.end, block.heading, block.zone, doc.year, 0))
            sections.extend(self._headed_sections(doc, block, doc.year))
        doc.sections = sorted(sections, key=lambda s: (s.start, s.level))
        doc.user_data["zone_anchors"] = anchors
        doc.sentences = [doc.view.to_raw(s, e) for s, e in split_sentences(text)]
        return doc

    def _headed_sections(self, doc: Doc, block: _Block, year: int | None) -> list[Section]:
        text = doc.view.text
        marks = []  # (start, level, heading)
        for level, pattern in _HEADINGS:
            for match in pattern.finditer(text, block.start, block.end):
                line_end = text.find("\n", match.start(1))
                line_end = block.end if line_end < 0 or line_end > block.end else line_end
                heading = text[match.start(1) : line_end].strip() if level < 3 else match.group(1)
                marks.append((match.start(1), level, heading))
        marks.sort()
        sections = []
        open_sections: list[tuple[int, int | None]] = []  # (level, year) of the enclosing headings
        for index, (start, level, heading) in enumerate(marks):
            end = next((s for s, lv, _ in marks[index + 1 :] if lv <= level), block.end)
            while open_sections and open_sections[-1][0] >= level:
                open_sections.pop()
            parent_year = open_sections[-1][1] if open_sections else year
            match = _YEAR.search(heading)
            section_year = int(match["year"]) if match and level == 1 else parent_year
            sections.append(self._section(doc, start, end, heading, block.zone, section_year, level))
            open_sections.append((level, section_year))
        return sections

    @staticmethod
    def _section(doc: Doc, start: int, end: int, heading: str | None, zone: str | None, year: int | None,
                 level: int) -> Section:
        raw_start, raw_end = doc.view.to_raw(start, end)
        return Section(start=raw_start, end=raw_end, heading=heading, zone=zone, year=year, level=level)
