"""Document structure on the seed: four zone blocks in the right places, headings with their years."""

from __future__ import annotations

from models.components.sectioner import credited_zone, document_year, title_zone
from models.preprocess import split_sentences
from tests.conftest import SEED_ZONES


def test_seed_has_four_zone_blocks_in_order(rules_pipeline, seed_text):
    doc = rules_pipeline(seed_text)
    blocks = [s for s in doc.sections if s.level == 0]
    assert [b.zone for b in blocks] == SEED_ZONES
    # Each block ends on its 供稿 line.
    for block, zone in zip(blocks, SEED_ZONES):
        assert seed_text[block.start : block.end].rstrip().endswith(zone)


def test_seed_headings_carry_their_years(rules_pipeline, seed_text):
    doc = rules_pipeline(seed_text)
    headed = [(s.zone, s.heading.replace(" ", ""), s.year) for s in doc.sections if s.level == 1]
    expected = []
    for zone in SEED_ZONES:
        expected += [(zone, "【2023年工作成绩】", 2023), (zone, "【2024年工作计划】", 2024)]
    assert headed == expected


def test_figure_under_a_stray_header_belongs_to_the_credited_zone(rules_pipeline, seed_text):
    doc = rules_pipeline(seed_text)
    # 晋中's section starts under a stray `盂县经济技术开发区` column header; its 供稿 line names 晋中.
    position = seed_text.index("154 天")
    assert doc.section_at(position).zone == "晋中国家农业高新技术产业示范区"
    assert doc.section_at(seed_text.index("10.5 亿\n元")).zone == "盂县经济技术开发区"


def test_items_are_level_two_and_three_sections(rules_pipeline, seed_text):
    doc = rules_pipeline(seed_text)
    headings = {s.heading for s in doc.sections if s.level in (2, 3)}
    assert {"(一)建好三大园区。开发区是“三区一基地”“3+2”", "一是", "1."} & headings


def test_zone_heading_attributes_a_block_without_credit_line(rules_pipeline):
    text = "苏州工业园区\n2024年，园区实现地区生产总值1200亿元。\n\n合肥高新技术产业开发区\n合肥高新区新增企业120家。"
    doc = rules_pipeline(text)
    assert [s.zone for s in doc.sections if s.level == 0] == ["苏州工业园区", "合肥高新技术产业开发区"]


def test_a_title_that_opens_with_the_zone_names_the_documents_zone(rules_pipeline):
    # A name no suffix list knows (先行区, 航天城), then the year or a colon; 关于 before it is not part of it.
    text = "海南博鳌乐城国际医疗旅游先行区2021年工作总结\n\n2021年是先行区政策红利加速释放的一年。"
    doc = rules_pipeline(text)
    assert {s.zone for s in doc.sections} == {"海南博鳌乐城国际医疗旅游先行区"}
    assert [text[start:end] for start, end in doc.user_data["zone_anchors"].values()] == ["海南博鳌乐城国际医疗旅游先行区"]
    assert _title("文昌国际航天城：商业航天项目按下快进键") == "文昌国际航天城"
    assert _title("关于成都经开区 2022 年汽车产业高质量发展的工作安排") == "成都经开区"
    # In a bracketed title, or after a column tag and a dash: the name with the year after it, not a park before.
    assert _title("【铁山港工业区2025年重点项目安排】") == "铁山港工业区"
    assert _title("【年终特稿】化工园区的“绿色答卷”——岳阳绿色化工高新技术产业开发区2024年工作综述") == "岳阳绿色化工高新技术产业开发区"
    # Not a category, a district, a title that goes on without a year, or a name on a later line.
    assert _title("全省开发区2024年运行情况") is None
    assert _title("松江区2024年政府工作报告") is None
    assert _title("苏州工业园区招商推介会举行") is None
    assert _title("苏州工业园区\n2024年") is None


def _title(text: str) -> str | None:
    bounds = title_zone(text)
    return text[bounds[0] : bounds[1]] if bounds else None


def test_list_marker_is_not_part_of_a_zone_heading(rules_pipeline):
    text = "(一)周口国家农业高新技术产业示范区\n园区实现产值52亿元。\n（二）周口临港开发区\n园区签约项目5个。"
    doc = rules_pipeline(text)
    assert [s.zone for s in doc.sections if s.level == 0] == ["周口国家农业高新技术产业示范区", "周口临港开发区"]
    anchors = doc.user_data["zone_anchors"]
    assert [text[start:end] for start, end in anchors.values()] == ["周口国家农业高新技术产业示范区", "周口临港开发区"]


def test_credit_line_names_the_zone_without_office_note_or_page_number():
    assert credited_zone("宜昌高新技术产业开发区6") == "宜昌高新技术产业开发区"
    assert credited_zone("烟台经济技术开发区经济发展局") == "烟台经济技术开发区"
    assert credited_zone("昆山经济技术开发区(责任编辑:钱某)") == "昆山经济技术开发区"
    assert credited_zone("乌鲁木齐甘泉堡经济技术开发区(本版图片由各开发区管委会提供)7") == "乌鲁木齐甘泉堡经济技术开发区"
    assert credited_zone("中关村科技园区顺义园管委会") == "中关村科技园区顺义园"
    # A name that goes on past a suffix, or holds a bracketed place, stays whole.
    assert credited_zone("中关村科技园区通州园") == "中关村科技园区通州园"
    assert credited_zone("中国（绵阳）科技城管委会") == "中国（绵阳）科技城"
    assert credited_zone("盂县经济技术开发区") == "盂县经济技术开发区"


def test_credit_line_anchor_covers_only_the_zone_name(rules_pipeline):
    text = "园区实现产值52亿元。\n供稿：宜昌高新技术产业开发区管委会 6\n"
    doc = rules_pipeline(text)
    assert [s.zone for s in doc.sections if s.level == 0] == ["宜昌高新技术产业开发区"]
    assert [text[start:end] for start, end in doc.user_data["zone_anchors"].values()] == ["宜昌高新技术产业开发区"]


def test_credited_zone_keeps_the_brackets_the_text_writes(rules_pipeline):
    # The cleaned view folds widths (`（` -> `(`); the zone's name, compared with the names in the text, must not.
    text = "片区新增企业120家。\n供稿：中国（广东）自由贸易试验区深圳前海蛇口片区管委会\n"
    doc = rules_pipeline(text)
    assert [s.zone for s in doc.sections if s.level == 0] == ["中国（广东）自由贸易试验区深圳前海蛇口片区"]
    assert {s.canonical for s in doc.ents if s.label == "ZONE"} == {"中国（广东）自由贸易试验区深圳前海蛇口片区"}


def test_document_year_from_title_or_dateline():
    assert document_year("邯郸经开区2025年上半年工作总结\n正文") == 2025
    assert document_year("正文第一段。\n（2024年3月5日）") == 2024
    assert document_year("今年5月，开发区签约项目12个。") is None
    # The title under the office's name says which year the report is about; the signing date is the next January.
    assert document_year("佛山高新技术产业开发区管理委员会\n2023 年工作总结\n正文\n管委会办公室　2024 年 1 月 15 日印发") == 2023
    assert document_year("烟台晚报　2023 年 2 月 21 日　星期二\n园区聚焦\n正文") == 2023  # a newspaper dateline


def test_yearless_dates_take_the_first_year_a_news_item_writes(rules_pipeline):
    text = ("3月28日上午，平湖经济技术开发区2023年一季度重大项目集中签约仪式举行。"
            "该项目2022年产值12亿元，2022年纳税1亿元。二期6月底前开工。")
    doc = rules_pipeline(text)
    values = {s.text: s.value for s in doc.ents if s.label == "DATE"}
    assert values["3月28日"]["value"] == "2023-03-28"
    assert values["6月底前"]["value"] == "2023-06"


def test_sentences_split_after_full_stops_and_lines():
    text = "第一句。第二句！\n第三句"
    assert [text[s:e] for s, e in split_sentences(text)] == ["第一句。", "第二句！", "第三句"]


def test_a_zone_heading_may_end_on_a_note_of_its_list(rules_pipeline):
    """`一、齐齐哈尔高新技术产业开发区（共9 个项目，…）` heads that zone's block; `一是铜仁高新区片区` is the part of the list in
    铜仁高新区 (一是 is a list marker); a project's name with a phase in brackets heads nothing."""
    text = ("2022年重点项目清单\n一、齐齐哈尔高新技术产业开发区（共9 个项目，总投资96.4 亿元）\n1. 数控机床项目。\n"
            "二是铜仁高新区片区(共6个项目)\n(1)锰酸锂项目。\n6. 深哈数字经济产业园（二期）\n")
    doc = rules_pipeline(text)
    assert [s.zone for s in doc.sections if s.level == 0][1:] == ["齐齐哈尔高新技术产业开发区", "铜仁高新区"]
    anchors = doc.user_data["zone_anchors"]
    assert [text[start:end] for start, end in anchors.values()] == ["齐齐哈尔高新技术产业开发区", "铜仁高新区"]


def test_a_heading_of_the_zone_list_that_names_no_zone_closes_the_zones_block(rules_pipeline):
    text = ("重庆长寿经济技术开发区2025年重点项目表\n说明。\n一、化工新材料产业园\n1 | 聚乙烯醇项目\n三、新材料产业园\n"
            "2 | 氢氟酸项目\n四、分园区主要指标\n化工新材料产业园产值612亿元。\n")
    doc = rules_pipeline(text)
    blocks = [(text[s.start : s.end].split("\n")[0], s.zone) for s in doc.sections if s.level == 0]
    assert [zone for _, zone in blocks] == ["重庆长寿经济技术开发区", "化工新材料产业园", "新材料产业园", "重庆长寿经济技术开发区"]
    assert blocks[-1][0] == "四、分园区主要指标"


def test_a_bulleted_heading_that_names_a_zone_opens_its_part(rules_pipeline):
    text = ("钦州园区招商满载而归\n本报讯 今年以来各园区精准招商。\n■中马钦州产业园区：外资项目唱主角\n1-11月实际使用外资1.86亿美元。\n"
            "■钦州港经济技术开发区：石化链条越拉越长\n钦州港经开区签约项目10个。\n")
    doc = rules_pipeline(text)
    assert [s.zone for s in doc.sections if s.level == 0][1:] == ["中马钦州产业园区", "钦州港经济技术开发区"]
    assert "越拉越长\n" in doc.view.text  # the heading keeps its line break
