"""Zone resolution: every ZONE mention gets `canonical`, the zone's full name.

The full names known in a document are the zones of its blocks (`供稿` lines, zone headings) and its full-name
mentions. A bare short form (开发区, 经开区, 高新区 …) means the zone of its section; an abbreviation (寿阳开发区,
晋中国家农高区) means the known full name it abbreviates (its characters in order, the same first character).
Sections that no `供稿` line or heading attributes get the document's first full-name zone. Category uses
(`全省开发区`, `七大产业园区`) are not zones: the tagger's ZONE spans for them are dropped.
"""

from __future__ import annotations

import re
from dataclasses import replace

from models import lexicon
from models.doc import Doc, Section, Span
from models.errors import WarningCode
from models.registry import Component, register
from models.schema import EntityLabel

_SUFFIXES = sorted(lexicon.ZONE_SUFFIXES, key=len, reverse=True)
_FULL_FORM_SUFFIXES = tuple(suffix for suffix in lexicon.ZONE_SUFFIXES if len(suffix) >= 4)
# Short suffixes and the full ones they stand for where the characters are not in order (`东湖高新区` is
# `武汉东湖新技术开发区`, `厦门火炬高新区` is `厦门火炬高技术产业开发区`).
_SUFFIX_ABBREVIATIONS = {
    "高新区": ("高新技术产业开发区", "高技术产业开发区", "新技术产业开发区", "新技术开发区", "高新技术开发区",
               "高新技术产业园区"),
    "经开区": ("经济技术开发区", "经济开发区"),
    "综保区": ("综合保税区",),
    "农高区": ("农业高新技术产业示范区",),
}


# Suffixes that name a kind of zone in full: a name with one abbreviates only a name of the same kind.
_KIND_SUFFIXES = ("保税区", "新区", "片区", "示范区", "港区")
# Bare words for a park that may mean the park just named rather than the report's zone, with the endings of the
# names they may stand for: `片区` after `先进装备片区` in one paragraph is that 片区 (11 of 11 in the gold).
_PARK_ENDINGS = ("园", "园区", "片区")
_PARK_KINDS = {"园区": ("园", "园区"), "产业园": ("园", "园区"), "工业园区": ("园", "园区"), "产业园区": ("园", "园区"),
               "片区": ("片区",)}
# Last characters of zone names beyond the suffix list (`上海化学工业区`, `中关村顺义园`, `怀柔科学城`).
_ZONE_LAST_CHARACTERS = "区园城镇港谷湾岛"
# A category or a count of zones, not one zone (SCHEMA rule 6): `全省开发区`, `各园区`, `七大产业园区`, `13个产业园区`.
_CATEGORY_USE = re.compile(r"^(?:[全各]|[\d一二三四五六七八九十两]+[大个家类座])")


def is_category_use(name: str) -> bool:
    return bool(_CATEGORY_USE.match(name))


def compact_name(text: str) -> str:
    return "".join(text.split())


def is_short_form(name: str) -> bool:
    return name in lexicon.SHORT_ZONE_FORMS or name in lexicon.ZONE_SUFFIXES


def abbreviates(short: str, full: str) -> bool:
    """`寿阳开发区` abbreviates `寿阳经济技术开发区` (its characters in order, the same last one), starting at the first
    character or after a province or city prefix of up to four characters (`雄安新区` -> `河北雄安新区`); a name
    that ends the full one abbreviates it after any prefix (`临港新片区` -> `中国（上海）自由贸易试验区临港新片区`)."""
    if not short or not full or short == full or len(short) >= len(full):
        return False
    if is_bare_place(short) and short in full:
        return True  # a bare place name inside the zone's name: `洋浦`, `金桥`, `双龙`
    if short[-1] != full[-1]:
        return False
    if full.startswith(short):  # a name that opens a longer one is its parent: `上海化学工业区` -> `…奉贤分区`
        return False
    if full.endswith(short):  # a place or parent prefix left out: `临港新片区`, `天津经开区西区` -> `西区`
        return True
    if short.endswith(_FULL_FORM_SUFFIXES):  # already a full name: only a prefix may be missing
        return False
    abbreviated = next((suffix for suffix in _SUFFIX_ABBREVIATIONS if short.endswith(suffix)), None)
    if abbreviated is not None:  # `苏州高新区` is `苏州高新技术产业开发区`, not `苏州高新技术产业开发区综合保税区`
        full_suffix = next((f for f in _SUFFIX_ABBREVIATIONS[abbreviated] if full.endswith(f)), None)
        return (full_suffix is not None and len(short) > len(abbreviated)
                and _stem_in_order(short[: -len(abbreviated)], full[: -len(full_suffix)]))
    kind = next((suffix for suffix in _KIND_SUFFIXES if short.endswith(suffix)), None)
    if kind is not None and not full.endswith(kind):
        return False  # `宁波保税区` is no `宁波保税物流园区`, `长春新区` no `长春高新技术产业开发区`
    return _stem_in_order(short, full)


def is_generic_word(name: str) -> bool:
    """A word of three characters or fewer for the kind of zone (`先行区`, `实验区`, `经济区`, `产业区`) with no full name in
    the document that it shortens (the tagger missed the full one): it means the zone of its section, as 开发区 does.
    A quarter of a zone (`东区`, `西区`) is a sub-zone, not the section's zone. On bulletin-zh-1.9.0's dev split triple
    F1 0.8334 -> 0.8346 (metric 0.8880 -> 0.8927)."""
    return len(name) <= 3 and name.endswith("区") and name[0] not in "东西南北中"


def is_bare_place(name: str) -> bool:
    """A ZONE mention that is a place name alone (`洋浦`, `金桥`), without anything that ends a zone's name."""
    return len(name) >= 2 and not name.endswith(lexicon.ZONE_SUFFIXES) and name[-1] not in _ZONE_LAST_CHARACTERS


# The country and province before a free-trade zone's name (`中国(黑龙江)自由贸易试验区绥芬河片区`, short `自贸片区`).
_BRACKETED_PLACE = re.compile(r"中国[（(][\u4e00-\u9fff]{1,6}[)）]")


def _stem_in_order(short: str, full: str) -> bool:
    """`short`'s characters in order in `full`, from its first character or after a place prefix."""
    starts = list(range(min(5, len(full))))
    if prefix := _BRACKETED_PLACE.match(full):
        starts.append(prefix.end())
    return any(full[start] == short[0] and _in_order(short, full[start:]) for start in starts)


def _in_order(short: str, full: str) -> bool:
    position = 0
    for ch in short:
        position = full.find(ch, position) + 1
        if position == 0:
            return False
    return True


# Short forms that name a whole zone of a kind, with the endings of the names of that kind.
_KIND_ENDINGS = {"开发区": ("开发区",), **{short: (short, *full) for short, full in _SUFFIX_ABBREVIATIONS.items()}}


def _zone_of_its_kind(short: str, section_zone: str | None, known: list[str]) -> str | None:
    """The zone a bare short form means: its section's zone, unless that zone is of another kind (`开发区` or `综保区`
    in the block of a park, `昆明经开区新能源产业园`) and the document names exactly one zone of the short form's kind."""
    endings = _KIND_ENDINGS.get(short)
    if endings is None or section_zone is None or section_zone.endswith(endings):
        return section_zone
    of_kind = [zone for zone in known if zone.endswith(endings)]
    return of_kind[0] if len(of_kind) == 1 else section_zone


_VENUE_REACH = 30  # characters after a 【…】 heading in which a venue's zone is named
_CREDIT_LINE = re.compile(r"供\s*稿\s*[:：]")


def _venue_sections(doc: Doc, zones: list[Span], fullest: dict[str, str]) -> list[Section]:
    """A 【…】 section whose first words name a whole zone in full (`【空港分会场】⏎广州空港经济区分会场集中开工项目11个`) is
    about that zone, it and the sections inside it: a news roundup of several zones' events heads each zone's part so.
    Not in a report whose 供稿 lines say whose each part is."""
    sections = list(doc.sections)
    if _CREDIT_LINE.search(doc.text):  # 供稿 lines attribute the parts of a report already
        return sections
    for section in doc.sections:
        body = doc.text.find("\n", section.start) + 1
        if section.level != 1 or body == 0 or not (section.heading or "").startswith("【") \
                or section.start < doc.text.find("\n"):  # a title's column tag (`【年度回眸】…`) heads no venue
            continue
        named = [fullest.get(compact_name(z.text), compact_name(z.text)) for z in zones
                 if body <= z.start < body + _VENUE_REACH and not is_short_form(compact_name(z.text))]
        venue = next((name for name in named if name.endswith(lexicon.ZONE_LEVEL_SUFFIXES)), None)
        if venue is not None:
            sections = [replace(s, zone=venue) if section.start <= s.start and s.end <= section.end and s.level >= 1
                        else s for s in sections]
    return sections


def main_zone(mentions: list[str], fullest: dict[str, str], title: list[str] = ()) -> str | None:
    """The zone a document without 供稿 lines or zone headings is about, by its fullest name: the first one named in
    its title line (`中关村昌平园…运行情况`), else the first one mentioned that is a whole zone (开发区, 新区, 实验区 …)
    rather than a park in it (`平潭台湾创业园` before `平潭综合实验区`), else the first whose name ends like a zone.
    (Counting mentions instead read worse on the dev split; preferring whole zones gave dev triples 0.8471 -> 0.8487,
    test unchanged, train with gold entities 0.9410 -> 0.9417.)"""
    if title:
        return fullest.get(title[0], title[0])
    names = [fullest.get(name, name) for name in mentions]
    eligible = ([name for name in names if name.endswith(lexicon.ZONE_LEVEL_SUFFIXES)]
                or [name for name in names if name.endswith(lexicon.ZONE_SUFFIXES)] or names)
    return eligible[0] if eligible else None


def title_zones(doc: Doc, zones: list[Span]) -> list[str]:
    """Full-name zone mentions on the document's first line."""
    first_line = doc.text.lstrip()
    title_end = len(doc.text) - len(first_line) + (first_line.find("\n") % (len(first_line) + 1))
    return [compact_name(s.text) for s in zones if s.end <= title_end and not is_short_form(compact_name(s.text))]


def fullest_names(names: list[str]) -> dict[str, str]:
    """Each name mapped to the fullest name it abbreviates (`邯郸经开区` -> `邯郸经济技术开发区`), a nickname to its zone's
    full name (`光谷` -> `武汉东湖新技术开发区`), else to itself."""
    names = list(dict.fromkeys(names + [lexicon.ZONE_NICKNAMES[n] for n in names if n in lexicon.ZONE_NICKNAMES]))
    out = {}
    for name in names:
        longer = [other for other in names if abbreviates(name, other)]
        out[name] = lexicon.ZONE_NICKNAMES.get(name) or (max(longer, key=len) if longer else name)
    # Follow chains (`临空区` -> `大兴机场临空区` -> `北京大兴国际机场临空经济区`): every name to the end of its chain.
    for name in out:
        seen = {name}
        while out[out[name]] not in seen:
            seen.add(out[name])
            out[name] = out[out[name]]
    return out


@register("bulletin.zone_resolver.v1")
class ZoneResolver(Component):
    assigns = ("Span.canonical", "Section.zone", "doc.ents")  # category uses (`全省开发区`) leave doc.ents
    requires = ("doc.ents", "doc.sections")

    def __call__(self, doc: Doc) -> Doc:
        doc.ents = [s for s in doc.ents if s.label != EntityLabel.ZONE or not is_category_use(compact_name(s.text))]
        self._add_anchor_mentions(doc)
        zones = [s for s in doc.ents if s.label == EntityLabel.ZONE]
        full_names = [compact_name(s.text) for s in zones if not is_short_form(compact_name(s.text))]
        block_zones = list(dict.fromkeys(s.zone for s in doc.sections if s.zone))
        fullest = fullest_names(list(dict.fromkeys(block_zones + full_names)))
        # Two zones that head blocks of one document are two zones (`一、化工新材料产业园` … `三、新材料产业园`).
        fullest.update({zone: zone for zone in block_zones if fullest.get(zone) in block_zones})
        default = main_zone(full_names, fullest, title_zones(doc, zones))
        if any(section.zone is None for section in doc.sections) and default:
            if all(section.zone is None for section in doc.sections):
                doc.user_data.setdefault("warnings", []).append(WarningCode.W101)
        doc.sections = [replace(s, zone=fullest.get(s.zone, s.zone) if s.zone else default) for s in doc.sections]
        doc.sections = _venue_sections(doc, zones, fullest)
        known = list(dict.fromkeys(fullest.values()))
        doc.ents = [self._resolve(doc, span, fullest, known, default) if span.label == EntityLabel.ZONE else span
                    for span in doc.ents]
        doc.ents = self._parks_of_their_paragraph(doc)
        return doc

    @staticmethod
    def _parks_of_their_paragraph(doc: Doc) -> list[Span]:
        """`园区` after a named park in the same paragraph means that park (`智能装备制造产业园已入驻企业86家 … 四季度园区
        还将…`), not the report's zone; `片区` so after a named 片区. With gold spans, zone names that differ from the annotators' canonical name went
        188 -> 140 on the training split (dev 35 -> 23, test 16 -> 13)."""
        out, last_named = [], None  # last_named: (view offset of its paragraph's start, canonical)
        text = doc.view.text
        for span in doc.ents:
            if span.label == EntityLabel.ZONE:
                start = doc.view.from_raw_span(span.start, span.end)[0]
                paragraph = text.rfind("\n", 0, start) + 1
                name = compact_name(span.text)
                kind = _PARK_KINDS.get(name)
                if kind and last_named and last_named[0] == paragraph and last_named[1].endswith(kind):
                    span = span.with_(canonical=last_named[1])
                elif not is_short_form(name) and span.canonical:  # a park, not a parent zone (示范区, 新区)
                    last_named = (paragraph, span.canonical) if name.endswith(_PARK_ENDINGS) else None
            out.append(span)
        return out

    @staticmethod
    def _add_anchor_mentions(doc: Doc) -> None:
        """A zone named by a `供稿` line, a heading or the title is a ZONE mention even where the tagger missed it or
        tagged a piece of it that reads like no zone (`[海南博鳌]乐城国际医疗旅游先行区2021年工作总结`: the piece gives
        way; zones inside it, as in a credit line run into the next line, stay)."""
        anchors = doc.user_data.get("zone_anchors", {})
        added, pieces = [], set()
        for start, end in anchors.values():
            overlapping = [span for span in doc.ents if span.start < end and start < span.end]
            whole = lexicon.reads_like_zone(compact_name(doc.text[start:end]))
            if not overlapping or (whole and all(
                    start <= span.start and span.end <= end and not lexicon.reads_like_zone(compact_name(span.text))
                    for span in overlapping)):
                added.append(doc.char_span(start, end, EntityLabel.ZONE, source="sectioner"))
                pieces.update(id(span) for span in overlapping)
        if added:
            doc.ents = sorted([s for s in doc.ents if id(s) not in pieces] + added, key=lambda span: span.start)

    @staticmethod
    def _resolve(doc: Doc, span: Span, fullest: dict[str, str], known: list[str], default: str | None) -> Span:
        name = compact_name(span.text)
        section = doc.section_at(span.start)
        section_zone = section.zone if section is not None else default
        if is_short_form(name):
            return span.with_(canonical=_zone_of_its_kind(name, section_zone, known) or name)
        if is_generic_word(name) and section_zone and fullest.get(name, name) == name:
            return span.with_(canonical=section_zone)  # no full name in the document that it shortens
        if name in known:
            return span.with_(canonical=name)
        candidates = [zone for zone in known if abbreviates(name, zone)]
        if section_zone in candidates:
            return span.with_(canonical=section_zone)
        return span.with_(canonical=candidates[0] if candidates else fullest.get(name, name))
