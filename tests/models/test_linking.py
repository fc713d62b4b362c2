"""Metric attributes: the indicator a figure reports, in running text, `指标：数值` lines and table rows."""

from __future__ import annotations

import pytest

from models.linking import LinkContext


def _attributes(pipeline, text: str, figures: list[str]) -> list[str | None]:
    doc = pipeline.get("sectioner")(pipeline.make_doc(text))
    starts, position = [], 0
    for figure in figures:
        position = text.index(figure, position)
        starts.append(position)
        position += len(figure)
    doc.ents = [doc.char_span(start, start + len(figure), "AMOUNT") for start, figure in zip(starts, figures)]
    context = LinkContext.from_doc(doc)
    previous, out = None, []
    for mention in context.mentions:
        previous = context.attribute(mention, previous)
        out.append(previous)
    return out


@pytest.mark.parametrize(("text", "figures", "expected"), [
    ("全年完成规上工业总产值1,018亿元，同比增长5.7%。", ["1,018亿元", "5.7%"], ["规上工业总产值", "规上工业总产值同比增长"]),
    ("规模以上工业企业：31家\n规上工业增加值增速：12.1%\n", ["31家", "12.1%"], ["规模以上工业企业", "规上工业增加值增速"]),
    ("规模以上工业总产值：412.3亿元；同比增长：8.1%\n", ["412.3亿元", "8.1%"],
     ["规模以上工业总产值", "规模以上工业总产值同比增长"]),
    ("指标 | 单位 | 1-6月 | 同比\n工业总产值 | 亿元 | 763.9 | 3.1%\n其中:工业投资 | 9.8亿元 | 16.2%\n",
     ["763.9", "3.1%", "9.8亿元"], ["工业总产值", "工业总产值", "工业投资"]),
    ("营业收入增长8%，增速12%，增速9%。", ["8%", "12%", "9%"], ["营业收入增长", "营业收入增速", "营业收入增速"]),
    ("规上工业产值218.4亿元，占全区工业的72%。", ["218.4亿元", "72%"], ["规上工业产值", "规上工业产值占全区工业比重"]),
    ("亳州高新区签下12个中医药项目；设立10亿元产业引导基金。", ["12个", "10亿元"], ["中医药项目", "产业引导基金"]),
])
def test_attribute(rules_pipeline, text, figures, expected):
    assert _attributes(rules_pipeline, text, figures) == expected


def test_dedupe_keeps_the_most_confident_triple_and_none_that_links_a_name_to_itself():
    from models.doc import Span, Triple
    from models.linking import dedupe

    park = Span(0, 5, "ZONE", "滇南智造城", canonical="滇南智造城")
    project = Span(10, 14, "PROJECT", "储能项目")
    other_mention = Span(20, 25, "ZONE", "滇南智造城", canonical="滇南智造城")

    def triple(subject: Span, obj: Span, confidence: float) -> Triple:
        return Triple(subject=subject, predicate="located_in", object=obj, evidence=(0, 30), confidence=confidence,
                      subject_canonical=subject.canonical)

    kept = dedupe([triple(project, park, 0.8), triple(project, other_mention, 0.9), triple(other_mention, park, 0.95)])
    assert [(t.subject.text, t.object.start, t.confidence) for t in kept] == [("储能项目", 20, 0.9)]


def test_a_firm_presented_as_the_zones_own_is_located_in_the_section_zone(rules_pipeline):
    """`区内企业X` with no located_in from the model gets one to the section's zone; a firm without such a cue, or one
    already placed, gets none."""
    from models.components.zone_resolver import ZoneResolver
    from models.linking import add_cued_firms

    text = "供稿前言。区内企业凯莱英医药集团股份有限公司投资扩产，华为公司到访。\n供稿：天津经济技术开发区"
    doc = rules_pipeline.get("sectioner")(rules_pipeline.make_doc(text))
    names = ("凯莱英医药集团股份有限公司", "华为公司")
    doc.ents = [doc.char_span(text.index(name), text.index(name) + len(name), "COMPANY") for name in names]
    doc = ZoneResolver("zone_resolver")(doc)
    context = LinkContext.from_doc(doc)
    added = add_cued_firms(context, [], confidence=0.9)
    assert [t.key for t in added] == [("凯莱英医药集团股份有限公司", "located_in", "天津经济技术开发区")]
    assert add_cued_firms(context, added, confidence=0.9) == added


def test_an_area_before_a_named_zone_is_that_zones_metric(rules_pipeline):
    """`占地 17 万平方米的功能食品加工园`: the area goes to the park named after 的, not to the report's zone the model
    gave it; an area without that shape keeps its triple."""
    from models.components.zone_resolver import ZoneResolver
    from models.linking import give_areas_to_their_zones, make_triple
    from models.schema import Predicate

    text = "企业已入驻占地 17 万平方米的功能食品加工园；示范区建成基地 29.6 万亩。\n供稿：晋中国家农业高新技术产业示范区"
    doc = rules_pipeline.get("sectioner")(rules_pipeline.make_doc(text))
    pieces = [("17 万平方米", "AMOUNT"), ("功能食品加工园", "ZONE"), ("29.6 万亩", "AMOUNT"),
              ("晋中国家农业高新技术产业示范区", "ZONE")]
    doc.ents = [doc.char_span(text.index(p), text.index(p) + len(p), label) for p, label in pieces]
    doc = ZoneResolver("zone_resolver")(doc)
    context = LinkContext.from_doc(doc)
    area, park, base, zone = context.mentions
    model_said = [make_triple(context, zone, Predicate.metric, area, 0.6), make_triple(context, zone, Predicate.metric,
                                                                                      base, 0.9)]
    given = give_areas_to_their_zones(context, model_said, confidence=0.9)
    assert sorted((t.key, t.attribute) for t in given) == [
        (("功能食品加工园", "metric", "17万平方米"), "占地"), (("晋中国家农业高新技术产业示范区", "metric", "29.6万亩"), None)]


def test_a_zone_written_right_before_a_park_is_its_parent(rules_pipeline):
    """`西宁经济技术开发区南川工业园区`: the park is in the zone, and what the park's report places in the park is in the
    zone too; a name that reads like no zone (`节能环保`) is no parent."""
    from models.components.zone_resolver import ZoneResolver
    from models.linking import make_triple, place_parks_in_their_parents
    from models.schema import Predicate

    text = "南川工业园区2025年工作思路\n西宁经济技术开发区南川工业园区将建成检测中心。节能环保子牙产业区新增企业5家。"
    doc = rules_pipeline.get("sectioner")(rules_pipeline.make_doc(text))
    names = [("南川工业园区", "ZONE", 0), ("西宁经济技术开发区", "ZONE", 0), ("南川工业园区", "ZONE", 1),
             ("检测中心", "PROJECT", 0), ("节能环保", "ZONE", 0), ("子牙产业区", "ZONE", 0)]
    starts = [text.index(name) if n == 0 else text.index(name, text.index(name) + 1) for name, _, n in names]
    doc.ents = [doc.char_span(start, start + len(name), label) for start, (name, label, _) in zip(starts, names)]
    context = LinkContext.from_doc(ZoneResolver("zone_resolver")(doc))
    centre, park = (next(m for m in context.mentions if m.span.text == name) for name in ("检测中心", "南川工业园区"))
    placed = [make_triple(context, centre, Predicate.located_in, park, 0.95)]
    added = place_parks_in_their_parents(context, placed, confidence=0.9)[1:]
    assert [t.key for t in added] == [("南川工业园区", "located_in", "西宁经济技术开发区"),
                                      ("检测中心", "located_in", "西宁经济技术开发区")]


def test_projects_in_the_sentence_of_a_placing_cue_are_in_its_zone(rules_pipeline):
    """`…项目签约落户城东工业园` and `落户…产业园，建设…项目`: the projects of the sentence are in the zone after 落户; not
    a project across another zone or in the next sentence, nor a firm."""
    from models.components.zone_resolver import ZoneResolver
    from models.linking import place_projects_by_placing_cues

    text = ("供稿前言。智能传感器封测项目签约落户城东工业园，建设封测产线；凯盛公司在南区建设玻璃项目。"
            "光伏组件项目开工。\n供稿：滁州经济技术开发区")
    names = [("智能传感器封测项目", "PROJECT"), ("城东工业园", "ZONE"), ("封测产线", "PROJECT"), ("凯盛公司", "COMPANY"),
             ("南区", "ZONE"), ("玻璃项目", "PROJECT"), ("光伏组件项目", "PROJECT"), ("滁州经济技术开发区", "ZONE")]
    doc = rules_pipeline.get("sectioner")(rules_pipeline.make_doc(text))
    doc.ents = [doc.char_span(text.index(name), text.index(name) + len(name), label) for name, label in names]
    context = LinkContext.from_doc(ZoneResolver("zone_resolver")(doc))
    added = place_projects_by_placing_cues(context, [], confidence=0.9)
    assert [t.key for t in added] == [("智能传感器封测项目", "located_in", "城东工业园"), ("封测产线", "located_in", "城东工业园")]


def test_parks_heading_the_blocks_of_a_zones_report_are_in_that_zone(rules_pipeline):
    """`重庆长寿经济技术开发区…推进情况表` with blocks `一、化工新材料产业园` and `二、新材料产业园`: both parks (two parks, though
    one name ends the other) are in the title's zone, and so is what each block places in its park."""
    from models.components.zone_resolver import ZoneResolver
    from models.linking import make_triple, place_parks_in_their_parents
    from models.schema import Predicate

    text = ("重庆长寿经济技术开发区2025年重点项目推进情况\n说明：本表共列项目2个。\n一、化工新材料产业园\n1 | 聚乙烯醇项目 | 3月开工\n"
            "二、新材料产业园\n2 | 氢氟酸项目 | 8月开工\n")
    names = [("重庆长寿经济技术开发区", "ZONE"), ("化工新材料产业园", "ZONE"), ("聚乙烯醇项目", "PROJECT"),
             ("新材料产业园", "ZONE"), ("氢氟酸项目", "PROJECT")]
    doc = rules_pipeline.get("sectioner")(rules_pipeline.make_doc(text))
    starts, position = [], 0
    for name, _ in names:
        position = text.index(name, position if name != "新材料产业园" else text.index("二、"))
        starts.append(position)
    doc.ents = [doc.char_span(start, start + len(name), label) for start, (name, label) in zip(starts, names)]
    context = LinkContext.from_doc(ZoneResolver("zone_resolver")(doc))
    assert [m.span.canonical for m in context.mentions if m.label == "ZONE"] == [
        "重庆长寿经济技术开发区", "化工新材料产业园", "新材料产业园"]
    mention = {m.span.text: m for m in context.mentions}
    placed = [make_triple(context, mention["氢氟酸项目"], Predicate.located_in, mention["新材料产业园"], 0.95)]
    added = place_parks_in_their_parents(context, placed, confidence=0.9)[1:]
    assert sorted(t.key for t in added) == [("化工新材料产业园", "located_in", "重庆长寿经济技术开发区"),
                                            ("新材料产业园", "located_in", "重庆长寿经济技术开发区"),
                                            ("氢氟酸项目", "located_in", "重庆长寿经济技术开发区")]


def test_the_project_of_a_table_row_is_in_the_park_of_its_park_column(rules_pipeline):
    """`序号  项目名称  建设单位  所在园区`: a row's project is in the row's park, across the PDF's wraps; the row's firm
    is not placed, nor a project in a table without a park column."""
    from models.components.zone_resolver import ZoneResolver
    from models.linking import place_table_rows

    text = ("湖口高新技术产业园区重大项目表\n序号  项目名称  建设单位  所在园区\n1  年产 80 万吨冷轧\n硅钢项目  萍钢公司  金砂湾工业园\n"
            "2  钢帘线项目  恒通公司  银砂湾工业园\n\n序号  项目名称  建设单位\n3  电解液项目  天赐公司\n")
    names = [("湖口高新技术产业园区", "ZONE"), ("年产 80 万吨冷轧\n硅钢项目", "PROJECT"), ("萍钢公司", "COMPANY"),
             ("金砂湾工业园", "ZONE"), ("钢帘线项目", "PROJECT"), ("恒通公司", "COMPANY"), ("银砂湾工业园", "ZONE"),
             ("电解液项目", "PROJECT"), ("天赐公司", "COMPANY")]
    doc = rules_pipeline.get("sectioner")(rules_pipeline.make_doc(text))
    doc.ents = [doc.char_span(text.index(name), text.index(name) + len(name), label) for name, label in names]
    context = LinkContext.from_doc(ZoneResolver("zone_resolver")(doc))
    from models.linking import make_triple
    from models.schema import Predicate

    mention = {m.span.text: m for m in context.mentions}
    builder = make_triple(context, mention["萍钢公司"], Predicate.located_in, mention["金砂湾工业园"], 0.6)
    placed = place_table_rows(context, [builder], confidence=0.9)
    assert [t.key for t in placed] == [("年产80万吨冷轧硅钢项目", "located_in", "金砂湾工业园"),
                                       ("钢帘线项目", "located_in", "银砂湾工业园")]  # the builder's triple is gone


def test_projects_placed_together_are_in_the_zone_named_after_them(rules_pipeline):
    """`两个项目均选址满江片区`: the last two projects before the words are in the zone; an earlier one is not."""
    from models.components.zone_resolver import ZoneResolver
    from models.linking import place_project_groups

    text = ("供稿前言。茶叶精制中心年底建成。光伏组件项目7月开工；风电装备总装基地已完成投资。两个项目均选址满江片区。\n"
            "供稿：大理经济技术开发区")
    names = [("茶叶精制中心", "PROJECT"), ("光伏组件项目", "PROJECT"), ("风电装备总装基地", "PROJECT"), ("满江片区", "ZONE"),
             ("大理经济技术开发区", "ZONE")]
    doc = rules_pipeline.get("sectioner")(rules_pipeline.make_doc(text))
    doc.ents = [doc.char_span(text.index(name), text.index(name) + len(name), label) for name, label in names]
    context = LinkContext.from_doc(ZoneResolver("zone_resolver")(doc))
    added = place_project_groups(context, [], confidence=0.9)
    assert [t.key for t in added] == [("光伏组件项目", "located_in", "满江片区"), ("风电装备总装基地", "located_in", "满江片区")]


def _linked(rules_pipeline, text: str, pieces: list[tuple[str, str]]) -> LinkContext:
    """The context of `text` with `pieces` (first occurrences) as its entities, sectioned and zone-resolved."""
    from models.components.normaliser import Normaliser
    from models.components.zone_resolver import ZoneResolver

    doc = rules_pipeline.get("sectioner")(rules_pipeline.make_doc(text))
    doc.ents = [doc.char_span(text.index(p), text.index(p) + len(p), label) for p, label in pieces]
    return LinkContext.from_doc(Normaliser("normaliser")(ZoneResolver("zone_resolver")(doc)))


def _placed(rules_pipeline, rule, text: str, pieces: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """The keys of the triples a linking `rule` adds to no triples on `text` with `pieces`, sorted."""
    return sorted(t.key for t in rule(_linked(rules_pipeline, text, pieces), [], 0.9))


def test_the_base_of_a_comparison_is_a_figure_of_the_compared_figures_subject(rules_pipeline):
    """`完成 10.5 亿元，与去年同期 9.6 亿元相比`: the base takes the subject and indicator of 10.5 亿元; a figure that is
    no base (the growth 9.3%) and a base with nothing compared before it get nothing."""
    from models.linking import add_comparison_bases, make_triple
    from models.schema import Predicate

    text = ("工业总产值：完成 10.5 亿元，与去年同期 9.6 亿元相比，增长 9.3%。去年同期 2 亿元。\n"
            "供稿：盂县经济技术开发区")
    context = _linked(rules_pipeline, text, [("10.5 亿元", "AMOUNT"), ("9.6 亿元", "AMOUNT"), ("9.3%", "AMOUNT"),
                                            ("2 亿元", "AMOUNT"), ("盂县经济技术开发区", "ZONE")])
    figure, base, growth, lone, zone = context.mentions
    model_said = [make_triple(context, zone, Predicate.metric, figure, 0.93, attribute="工业总产值")]
    added = add_comparison_bases(context, model_said, confidence=0.9)[1:]
    assert [(t.key, t.attribute, t.confidence) for t in added] == [
        (("盂县经济技术开发区", "metric", "9.6亿元"), "工业总产值", 0.9)]
    assert added[0].evidence == (0, text.index("。") + 1)


def test_a_list_item_building_up_a_park_holds_its_figures(rules_pipeline):
    """`一是全力打造造纸产业园区建设。…产值达到 60 亿元`: a figure no subject won is the park's, up to another zone's
    name; an item that names a facility in a park (`二是光电产业园标准厂房项目`) gives the park nothing."""
    from models.linking import give_park_items_their_figures

    text = ("【2024 年工作计划】\n一是全力打造造纸产业园区建设。推动生产线建设，力争全年产值达到 60 亿元。"
            "二是光电产业园标准厂房项目，建设厂房 8 万平方米。三是加快推进中储粮粮食产业园建设，储备 20 万吨。\n"
            "供稿：寿阳经济技术开发区")
    pieces = [("造纸产业园区", "ZONE"), ("60 亿元", "AMOUNT"), ("光电产业园", "ZONE"), ("8 万平方米", "AMOUNT"),
              ("中储粮粮食产业园", "ZONE"), ("20 万吨", "AMOUNT"), ("寿阳经济技术开发区", "ZONE")]
    context = _linked(rules_pipeline, text, pieces)
    given = give_park_items_their_figures(context, [], confidence=0.6)
    assert [t.key for t in given] == [("造纸产业园区", "metric", "60亿元"), ("中储粮粮食产业园", "metric", "20万吨")]


def test_projects_after_a_zone_named_as_their_place_are_in_it(rules_pipeline):
    """`在贵阳综合保税区追加投资，建设X`, `宏伟园区内，…Y项目` and `Z项目在光电产业园开工` place X, Y and Z; a zone that
    is an event's venue (`活动在五彩湾产业园举行`), a project before `<zone>内` and a group (`分布在`) are left alone."""
    from models.linking import place_projects_where_zones_are_their_place

    text = ("鸿富锦公司在贵阳综合保税区追加投资，建设服务器主板保税维修中心。宏伟园区内，碳酸二甲酯项目完成签约。"
            "煤制乙二醇项目开工，集中开工活动在五彩湾产业园举行，铝液直供合金化项目同步开工。"
            "光伏组件项目在光电产业园开工。其余项目分布在信息产业园。\n供稿：贵州双龙航空港经济区")
    pieces = [("贵阳综合保税区", "ZONE"), ("服务器主板保税维修中心", "PROJECT"), ("宏伟园区", "ZONE"),
              ("碳酸二甲酯项目", "PROJECT"), ("煤制乙二醇项目", "PROJECT"), ("五彩湾产业园", "ZONE"),
              ("铝液直供合金化项目", "PROJECT"), ("光伏组件项目", "PROJECT"), ("光电产业园", "ZONE"),
              ("其余项目", "PROJECT"), ("信息产业园", "ZONE"), ("贵州双龙航空港经济区", "ZONE")]
    assert _placed(rules_pipeline, place_projects_where_zones_are_their_place, text, pieces) == sorted([
        ("服务器主板保税维修中心", "located_in", "贵阳综合保税区"),
        ("碳酸二甲酯项目", "located_in", "宏伟园区"),
        ("光伏组件项目", "located_in", "光电产业园")])


def test_projects_in_a_sentence_a_park_opens_are_in_the_park(rules_pipeline):
    """`光谷生物城签约项目6个，其中X基地…`: X is in the park; a project before the park, and the report's own zone opening
    a sentence, give nothing."""
    from models.linking import place_projects_in_topic_parks

    text = ("光谷生物城签约生物医药项目6个，其中植物源重组人血清白蛋白产业化基地投资20亿元。"
            "疫苗产业化基地投产后，东湖高新区签约智能网联汽车测试场。\n供稿：武汉东湖新技术开发区")
    pieces = [("光谷生物城", "ZONE"), ("植物源重组人血清白蛋白产业化基地", "PROJECT"), ("疫苗产业化基地", "PROJECT"),
              ("东湖高新区", "ZONE"), ("智能网联汽车测试场", "PROJECT"), ("武汉东湖新技术开发区", "ZONE")]
    assert _placed(rules_pipeline, place_projects_in_topic_parks, text, pieces) == [
        ("植物源重组人血清白蛋白产业化基地", "located_in", "光谷生物城")]


def test_a_placing_cue_places_in_the_park_named_right_after_its_zone(rules_pipeline):
    """`…项目落户利民开发区食品产业园` and `选址经开区下辖的新材料产业园`: the project is in the zone and in the park; a
    park after `和` is another place, not a part named with the zone."""
    from models.linking import place_projects_by_placing_cues

    text = ("冷鲜肉加工项目落户利民开发区食品产业园。磷酸铁项目选址经开区下辖的新材料产业园。"
            "光伏玻璃项目落户高新区和光伏产业园。\n供稿：哈尔滨新区")
    pieces = [("冷鲜肉加工项目", "PROJECT"), ("利民开发区", "ZONE"), ("食品产业园", "ZONE"), ("磷酸铁项目", "PROJECT"),
              ("经开区", "ZONE"), ("新材料产业园", "ZONE"), ("光伏玻璃项目", "PROJECT"), ("高新区", "ZONE"),
              ("光伏产业园", "ZONE"), ("哈尔滨新区", "ZONE")]
    placed = set(_placed(rules_pipeline, place_projects_by_placing_cues, text, pieces))
    assert {("冷鲜肉加工项目", "located_in", "食品产业园"), ("磷酸铁项目", "located_in", "新材料产业园")} <= placed
    assert not any(key[0] == "光伏玻璃项目" and key[2] == "光伏产业园" for key in placed)


def test_a_sentence_opening_with_a_placing_cue_places_the_project_told_before(rules_pipeline):
    """`…储能电池系统集成项目。落户新能源电池产业园`: the project of the sentence before is in the park; not where the
    zone modifies a noun after it (`位于X的Y`) or a paragraph lies between."""
    from models.linking import place_projects_by_placing_cues

    text = ("储能电池系统集成项目。总投资5亿元，落户新能源电池产业园。动力电池项目投产。位于光电产业园的企业扩产。"
            "标准厂房项目完工。\n位于智能装备产业园。\n供稿：宜宾三江新区")
    pieces = [("储能电池系统集成项目", "PROJECT"), ("5亿元", "AMOUNT"), ("新能源电池产业园", "ZONE"),
              ("动力电池项目", "PROJECT"), ("光电产业园", "ZONE"), ("标准厂房项目", "PROJECT"), ("智能装备产业园", "ZONE"),
              ("宜宾三江新区", "ZONE")]
    assert _placed(rules_pipeline, place_projects_by_placing_cues, text, pieces) == [
        ("储能电池系统集成项目", "located_in", "新能源电池产业园")]


def test_the_projects_of_a_list_item_building_up_a_park_are_in_it(rules_pipeline):
    """`一是全力打造造纸产业园区建设。推动包装纸生产线建设…`: the item's projects are in the park, also after the park is
    named again; not those of the next item, which names another park."""
    from models.linking import place_park_items_projects

    text = ("【2024 年工作计划】\n一是全力打造造纸产业园区建设。推动包装纸生产线建设，为造纸产业园区引进纱管纸项目。"
            "二是加快推进中储粮粮食产业园建设，保障储备粮库建设。\n供稿：寿阳经济技术开发区")
    pieces = [("造纸产业园区", "ZONE"), ("包装纸生产线", "PROJECT"), ("纱管纸项目", "PROJECT"), ("中储粮粮食产业园", "ZONE"),
              ("储备粮库", "PROJECT"), ("寿阳经济技术开发区", "ZONE")]
    context = _linked(rules_pipeline, text, pieces)
    second_mention = text.index("造纸产业园区", text.index("造纸产业园区") + 1)
    doc = context.doc
    doc.ents = sorted(doc.ents + [doc.char_span(second_mention, second_mention + 6, "ZONE").with_(
        canonical="造纸产业园区")], key=lambda span: span.start)
    placed = sorted(t.key for t in place_park_items_projects(LinkContext.from_doc(doc), [], confidence=0.9))
    assert placed == sorted([("包装纸生产线", "located_in", "造纸产业园区"), ("纱管纸项目", "located_in", "造纸产业园区"),
                             ("储备粮库", "located_in", "中储粮粮食产业园")])


def test_a_park_named_inside_a_place_zone_holds_what_follows_too(rules_pipeline):
    """`在红河综保区内的中越边贸商品落地加工园投资建设X项目`: X is in the park and in the zone that holds it."""
    from models.linking import place_projects_where_zones_are_their_place

    text = "正大集团在红河综保区内的中越边贸商品落地加工园投资建设热带水果保税加工项目。\n供稿：蒙自经济技术开发区"
    pieces = [("红河综保区", "ZONE"), ("中越边贸商品落地加工园", "ZONE"), ("热带水果保税加工项目", "PROJECT"),
              ("蒙自经济技术开发区", "ZONE")]
    assert _placed(rules_pipeline, place_projects_where_zones_are_their_place, text, pieces) == sorted([
        ("热带水果保税加工项目", "located_in", "红河综保区"),
        ("热带水果保税加工项目", "located_in", "中越边贸商品落地加工园")])


def test_a_project_written_right_after_a_zone_is_in_it(rules_pipeline):
    """`广富园污水处理厂扩建工程` and `淅河片区的标准厂房`: in the park; not across a line break, nor a park-like name."""
    from models.linking import place_projects_named_after_their_zone

    text = "广富园污水处理厂扩建工程通水。淅河片区的标准厂房完工。板桥园\n道路工程开工。龙水湖片区电子产业园开园。\n供稿：荣昌高新区"
    pieces = [("广富园", "ZONE"), ("污水处理厂扩建工程", "PROJECT"), ("淅河片区", "ZONE"), ("标准厂房", "PROJECT"),
              ("板桥园", "ZONE"), ("道路工程", "PROJECT"), ("龙水湖片区", "ZONE"), ("电子产业园", "PROJECT"),
              ("荣昌高新区", "ZONE")]
    assert _placed(rules_pipeline, place_projects_named_after_their_zone, text, pieces) == sorted([
        ("污水处理厂扩建工程", "located_in", "广富园"),
        ("标准厂房", "located_in", "淅河片区")])


def test_no_whole_zone_is_placed_in_a_bonded_zone(rules_pipeline):
    """`绥芬河边境经济合作区` in `绥芬河综合保税区` goes; `临港经济区` in `天津港保税区` (a port area) stays."""
    from models.linking import drop_whole_zones_in_bonded_zones, make_triple
    from models.schema import Predicate

    text = "绥芬河边境经济合作区、绥芬河综合保税区、临港经济区、天津港保税区"
    pieces = [(name, "ZONE") for name in text.split("、")]
    context = _linked(rules_pipeline, text, pieces)
    border, bonded, port_area, port_bonded = context.mentions
    triples = [make_triple(context, border, Predicate.located_in, bonded, 0.9),
               make_triple(context, port_area, Predicate.located_in, port_bonded, 0.9)]
    assert drop_whole_zones_in_bonded_zones(triples) == triples[1:]
