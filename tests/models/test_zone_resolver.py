"""Zone resolution: abbreviations, short forms, canonical names on the seed."""

from __future__ import annotations

import pytest

from models.components.zone_resolver import ZoneResolver, abbreviates, fullest_names, main_zone
from models.linking import LinkContext


@pytest.mark.parametrize(("short", "full", "expected"), [
    ("寿阳开发区", "寿阳经济技术开发区", True),
    ("盂县经开区", "盂县经济技术开发区", True),
    ("阳泉高新区", "阳泉高新技术产业开发区", True),
    ("晋中国家农高区", "晋中国家农业高新技术产业示范区", True),
    ("厦门火炬高新区", "厦门火炬高技术产业开发区", True),  # 高新区 stands for the suffix, out of order
    ("东湖高新区", "武汉东湖新技术开发区", True),
    ("苏州高新区", "无锡高新技术产业开发区", False),
    ("高新区", "武汉东湖新技术开发区", False),
    ("七里河园区", "寿阳经济技术开发区", False),
    ("寿阳经济技术开发区", "寿阳经济技术开发区", False),
    ("临港新片区", "中国（上海）自由贸易试验区临港新片区", True),  # any prefix before a name that ends the full one
    ("西区", "天津经开区西区", True),
    ("临空经济区", "北京大兴国际机场临空经济区", True),
    ("东区", "天津经开区西区", False),
    ("上海化学工业区", "上海化学工业区奉贤分区", False),  # the parent zone, not an abbreviation of its sub-zone
    ("天津经开区", "天津经开区西区", False),
    ("洋浦", "洋浦经济开发区", True),  # a bare place name inside the zone's name
    ("金桥", "上海金桥经济技术开发区", True),
    ("光谷", "武汉东湖新技术开发区", False),  # a nickname is not derivable
    # A kind of zone named in full abbreviates only a zone of that kind; 高新区 only a 高新技术产业开发区 (or its variants).
    ("宁波保税区", "宁波保税物流园区", False),
    ("长春新区", "长春高新技术产业开发区", False),
    ("四川天府新区", "中国（四川）自由贸易试验区成都天府新区片区", False),
    ("苏州高新区", "苏州高新技术产业开发区综合保税区", False),
    ("成都高新区", "成都高新综合保税区", False),
    ("上合示范区", "中国—上海合作组织地方经贸合作示范区", True),
    ("自贸片区", "中国(黑龙江)自由贸易试验区绥芬河片区", True),  # after the bracketed province
])
def test_abbreviates(short, full, expected):
    assert abbreviates(short, full) is expected


def test_main_zone_is_a_whole_zone_before_a_park_in_it():
    names = ["平潭台湾创业园", "平潭综合实验区", "海峡高新技术产业园"]
    assert main_zone(names, fullest_names(names)) == "平潭综合实验区"
    assert main_zone(["石化产业园", "南港"], {}) == "石化产业园"  # no whole zone: the first that ends like a zone
    assert main_zone(names, fullest_names(names), title=["海峡高新技术产业园"]) == "海峡高新技术产业园"


def test_a_nickname_resolves_to_its_zones_full_name():
    names = ["光谷", "东湖高新区", "光谷生物城"]
    fullest = fullest_names(names)
    assert fullest["光谷"] == fullest["东湖高新区"] == "武汉东湖新技术开发区"
    assert fullest["光谷生物城"] == "光谷生物城"  # a park named after it stays itself
    assert main_zone(names, fullest, title=["光谷"]) == "武汉东湖新技术开发区"


def test_fullest_names_follow_chains():
    names = ["临空区", "大兴机场临空区", "北京大兴国际机场临空经济区"]
    assert set(fullest_names(names).values()) == {"北京大兴国际机场临空经济区"}


def test_rules_pipeline_resolves_short_forms_on_the_seed(rules_pipeline, seed_text):
    doc = rules_pipeline(seed_text)
    first = seed_text.index("开发区现有企业")
    zone = next(s for s in doc.ents if s.start == first and s.label == "ZONE")
    assert zone.canonical == "寿阳经济技术开发区"
    credited = [s for s in doc.ents if s.label == "ZONE" and s.canonical == "盂县经济技术开发区"]
    assert credited, "the 供稿 zone is a ZONE mention even where the tagger misses it"


def test_zone_named_in_the_title_is_the_documents_zone(rules_pipeline):
    """The title names the zone (here with a name no zone suffix list knows); a parent zone named first in the
    body does not take its figures."""
    text = ("中关村昌平园2022年上半年运行情况\n"
            "作为中关村国家自主创新示范区的重要组成部分，园区总收入2186.5亿元，同比增长7.2%。")
    doc = rules_pipeline.get("sectioner")(rules_pipeline.make_doc(text))
    starts = [text.index("中关村昌平园"), text.index("中关村国家自主创新示范区"), text.index("园区总收入")]
    doc.ents = [doc.char_span(start, start + length, "ZONE") for start, length in zip(starts, (6, 12, 2))]
    doc = ZoneResolver("zone_resolver")(doc)
    assert {s.zone for s in doc.sections} == {"中关村昌平园"}
    assert doc.ents[-1].canonical == "中关村昌平园"


def test_category_uses_are_not_zones(rules_pipeline):
    text = "全省开发区营业收入增长8%，七大产业园区8000余亩平台打造加快，寿阳经济技术开发区签约项目5个。"
    doc = rules_pipeline.get("sectioner")(rules_pipeline.make_doc(text))
    names = ("全省开发区", "七大产业园区", "寿阳经济技术开发区")
    doc.ents = [doc.char_span(text.index(name), text.index(name) + len(name), "ZONE") for name in names]
    doc = ZoneResolver("zone_resolver")(doc)
    assert [s.text for s in doc.ents] == ["寿阳经济技术开发区"]


def test_a_zone_name_alone_on_a_line_of_another_zone_is_a_column_header(rules_pipeline):
    text = "硅片扩产项目年产能 240 万片，\n鹤壁经济技术开发区\n于 2024 年 7 月竣工。\n供稿：洛阳高新技术产业开发区"
    doc = rules_pipeline.get("sectioner")(rules_pipeline.make_doc(text))
    names = ("鹤壁经济技术开发区", "洛阳高新技术产业开发区")
    doc.ents = [doc.char_span(text.index(name), text.index(name) + len(name), "ZONE") for name in names]
    context = LinkContext.from_doc(ZoneResolver("zone_resolver")(doc))
    header, credit = sorted(context.mentions, key=lambda m: m.start)
    assert context.is_column_header(header)
    assert not context.is_column_header(credit)  # the block's own zone


def test_a_line_of_zone_names_inside_another_zone_is_a_row_of_column_headers(rules_pipeline):
    text = ("规上工业增加值完成 14.9 亿元。\n\n晋中国家农业高新技术产业示范区 寿阳经济技术开发区\n\n"
            "【2023 年工作成绩】\n\n同比增速高于省定增速 6.4 个百分点。\n供稿：盂县经济技术开发区")
    doc = rules_pipeline.get("sectioner")(rules_pipeline.make_doc(text))
    names = ("晋中国家农业高新技术产业示范区", "寿阳经济技术开发区", "盂县经济技术开发区")
    doc.ents = [doc.char_span(text.index(name), text.index(name) + len(name), "ZONE") for name in names]
    context = LinkContext.from_doc(ZoneResolver("zone_resolver")(doc))
    *row, own = sorted(context.mentions, key=lambda m: m.start)
    assert all(context.is_column_header(mention) for mention in row)
    assert not context.is_column_header(own)


def test_bare_park_after_a_named_park_in_its_paragraph_means_that_park(rules_pipeline):
    text = ("供稿：湘潭经济技术开发区\n智能装备制造产业园已入驻企业86家，四季度园区还将集中开工项目5个。\n"
            "园区全年实现产值120亿元。")
    doc = rules_pipeline.get("sectioner")(rules_pipeline.make_doc(text))
    starts = [text.index("湘潭经济技术开发区"), text.index("智能装备制造产业园"), text.index("园区还将"),
              text.rindex("园区全年")]
    lengths = [9, 9, 2, 2]
    doc.ents = [doc.char_span(start, start + length, "ZONE") for start, length in zip(starts, lengths)]
    doc = ZoneResolver("zone_resolver")(doc)
    assert [s.canonical for s in doc.ents] == ["湘潭经济技术开发区", "智能装备制造产业园", "智能装备制造产业园",
                                               "湘潭经济技术开发区"]  # a new paragraph: the report's zone again


def test_bare_pianqu_after_a_named_pianqu_means_that_pianqu(rules_pipeline):
    text = "供稿前言。先进装备片区规划面积8.6平方公里，片区重点承接煤机装备。\n供稿：长治高新技术产业开发区"
    doc = rules_pipeline.get("sectioner")(rules_pipeline.make_doc(text))
    spans = [(text.index("先进装备片区"), 6), (text.index("片区重点"), 2), (text.index("长治高新"), 11)]
    doc.ents = [doc.char_span(start, start + length, "ZONE") for start, length in spans]
    doc = ZoneResolver("zone_resolver")(doc)
    assert [s.canonical for s in doc.ents] == ["先进装备片区", "先进装备片区", "长治高新技术产业开发区"]


def test_a_generic_word_for_the_zone_means_the_section_zone(rules_pipeline):
    """`先行区` with no full name the tagger found means the zone of its section (here the title's); `东区` is a
    quarter, not the section's zone; a generic word that shortens a name the document gives takes that name."""
    text = ("乐城国际医疗旅游先行区2021年工作总结\n"
            "先行区全年接待医疗旅游人员13万人次，东区新开业医疗机构3家。产业区营业收入增长8%。\n"
            "子牙循环经济产业区新引进企业5家。")
    doc = rules_pipeline.get("sectioner")(rules_pipeline.make_doc(text))
    title = "乐城国际医疗旅游先行区"
    names = [(0, title), (text.index("先行区全年"), "先行区"), (text.index("东区"), "东区"),
             (text.index("产业区营业"), "产业区"), (text.index("子牙"), "子牙循环经济产业区")]
    doc.ents = [doc.char_span(start, start + len(name), "ZONE") for start, name in names]
    doc = ZoneResolver("zone_resolver")(doc)
    assert [s.canonical for s in doc.ents] == [title, title, "东区", "子牙循环经济产业区", "子牙循环经济产业区"]


def test_a_piece_the_tagger_cut_out_of_the_title_zone_gives_way_to_it(rules_pipeline):
    text = "海南博鳌乐城国际医疗旅游先行区2021年工作总结\n先行区接待医疗旅游人员13万人次。"
    doc = rules_pipeline.get("sectioner")(rules_pipeline.make_doc(text))
    doc.ents = [doc.char_span(0, 4, "COMPANY"), doc.char_span(text.index("先行区接待"), text.index("接待"), "ZONE")]
    doc = ZoneResolver("zone_resolver")(doc)
    title = "海南博鳌乐城国际医疗旅游先行区"
    assert [(s.text, s.label, s.canonical) for s in doc.ents] == [(title, "ZONE", title), ("先行区", "ZONE", title)]


def test_a_short_form_of_another_kind_than_its_sections_zone_means_the_zone_of_its_kind(rules_pipeline):
    """`开发区` and `综保区` in the block of a park mean the document's one 开发区 and one 综合保税区, not the park; `园区`
    there means the park."""
    text = ("昆明经济技术开发区2024年重大项目清单\n(一)昆明综合保税区\n1.物流中心.\n(二)昆明经开区新能源产业园\n"
            "2.隔膜项目.开发区固定资产投资增长12.8%,综保区进出口额87.3亿元,园区新增企业5家.")
    doc = rules_pipeline.get("sectioner")(rules_pipeline.make_doc(text))
    names = [("昆明经济技术开发区", "昆明经济技术开发区"), ("昆明综合保税区", "昆明综合保税区"), ("昆明经开区新能源产业园", "昆明经开区新能源产业园"),
             ("开发区", "开发区固定"), ("综保区", "综保区进出口"), ("园区", "园区新增")]
    spans = [doc.char_span(text.index(where), text.index(where) + len(name), "ZONE") for name, where in names]
    doc.ents = spans
    doc = ZoneResolver("zone_resolver")(doc)
    assert [s.canonical for s in doc.ents] == ["昆明经济技术开发区", "昆明综合保税区", "昆明经开区新能源产业园",
                                               "昆明经济技术开发区", "昆明综合保税区", "昆明经开区新能源产业园"]


def test_a_bracketed_part_that_opens_by_naming_a_zone_is_about_that_zone(rules_pipeline):
    text = ("全省三季度重大项目集中开工\n【南沙主会场】\n主会场设在广州南沙经济技术开发区。开发区开工项目27个。\n"
            "【空港分会场】\n广州空港经济区分会场集中开工项目11个。综保区进出口额628亿元。\n")
    doc = rules_pipeline.get("sectioner")(rules_pipeline.make_doc(text))
    names = ["广州南沙经济技术开发区", "开发区开工", "广州空港经济区"]
    doc.ents = [doc.char_span(text.index(name), text.index(name) + len(name.replace("开工", "")), "ZONE")
                for name in names]
    doc = ZoneResolver("zone_resolver")(doc)
    venues = [s.zone for s in doc.sections if (s.heading or "").startswith("【")]
    assert venues == ["广州南沙经济技术开发区", "广州空港经济区"]
