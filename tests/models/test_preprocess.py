"""Offset-true cleaning: PDF repair, width folding, column headers, and the offset map (property-tested)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from models.components.sectioner import ZONE_LINE
from models.preprocess import TextView
from models.textnorm import to_halfwidth


def clean(raw: str) -> str:
    return TextView.from_raw(raw, zone_line=ZONE_LINE).text


def test_line_break_between_cjk_is_joined():
    assert clean("规模\n以上工业企业 18 家。") == "规模以上工业企业18家。"


def test_line_break_inside_number_and_unit_is_joined():
    assert clean("营业收入 110.3 亿\n元，同比增长") == "营业收入110.3亿元,同比增长"
    assert clean("2023\n年“四上”企业") == "2023年“四上”企业"


def test_blank_line_heading_and_list_item_stay_breaks():
    assert clean("工作成绩如下。\n\n【2024 年工作计划】\n一要抓指标") == "工作成绩如下。\n\n【2024年工作计划】\n一要抓指标"
    assert clean("主要指标：\n1. 规上工业增加值") == "主要指标:\n1.规上工业增加值"
    assert clean("（一）项目建设成效显著\n全面开展活动") == "(一)项目建设成效显著\n全面开展活动"


def test_masthead_issue_line_keeps_its_break():
    """`…2023 年第 11 期` joined to the next line made `期贵安新区` a zone name."""
    view = TextView.from_raw("统计信息\u3000\u30002023 年第 11 期\n贵安新区经济发展局编")
    assert "期\n贵安新区" in view.text
    assert "推进二期\n工程" not in TextView.from_raw("推进二期\n工程建设").text  # running text still joins


def test_decimal_at_line_start_is_not_a_list_item():
    assert clean("工业总产值完成\n1.6 亿元") == "工业总产值完成1.6亿元"


def test_spaces_between_latin_words_are_kept():
    assert clean("PM7 PM8 生产线") == "PM7 PM8生产线"


def test_full_width_forms_fold_to_half_width():
    assert to_halfwidth("２０２４年，（一）：；") == "2024年,(一):;"
    assert len(to_halfwidth("ＡＢＣ　１２３")) == len("ＡＢＣ　１２３")


def test_stray_column_header_is_not_glued_into_a_sentence():
    raw = ("重点企业有山西强伟、阳煤集团新元机械、潞安集团寿阳化工等企业，\n"
           "阳泉高新技术产业开发区\n"
           "全年营业收入达到 110 亿元，同比增长百分之二十以上。\n")
    text = clean(raw)
    assert "\n阳泉高新技术产业开发区\n" in text


def test_page_break_inside_a_sentence_is_joined():
    raw = "继续在全省工业类开发区争先进位、保持优秀，继续在全省工\n\n业类开发区争先进位、保持优秀，为全县县域经济发展作贡献。"
    assert "全省工业类开发区争先进位、保持优秀,为" in clean(raw)


def test_offsets_map_back_to_the_raw_text():
    raw = "开发区现有企业 45 家，其中“四上”企业 21 家，规模\n以上工业企业 18 家。"
    view = TextView.from_raw(raw)
    start = view.text.index("规模以上")
    raw_start, raw_end = view.to_raw(start, start + len("规模以上工业企业"))
    assert raw[raw_start:raw_end] == "规模\n以上工业企业"
    assert view.from_raw_span(raw_start, raw_end) == (start, start + len("规模以上工业企业"))


_PIECES = st.sampled_from(list("开发区企业亿元万吨年月日项目园") + list("0123456789") + list("０１２３ＡＢ")
                          + [" ", "  ", "\n", "\n\n", "\u3000", "\t", "\r\n", "，", "。", ",", "(", ")", "（", "）",
                             "【2023 年工作成绩】", "1.", "（一）", "一是", "供稿：", "%", "寿阳经济技术开发区"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=60).map("".join), st.data())
def test_every_cleaned_span_maps_to_raw_text(raw, data):
    view = TextView.from_raw(raw, zone_line=ZONE_LINE)
    assert len(view.index) == len(view.text) + 1
    if not view.text:
        return
    start = data.draw(st.integers(0, len(view.text) - 1))
    end = data.draw(st.integers(start + 1, len(view.text)))
    raw_start, raw_end = view.to_raw(start, end)
    piece = raw[raw_start:raw_end]
    # The raw slice holds the cleaned characters in order (folded), plus only what cleaning deletes.
    folded = to_halfwidth(piece)
    assert folded[0] == view.text[start] and folded[-1] == view.text[end - 1]
    assert "".join(ch for ch in folded if not ch.isspace()) == "".join(
        ch for ch in view.text[start:end] if not ch.isspace())


def test_joined_breaks_mark_where_a_removed_line_break_was():
    view = TextView.from_raw("钢结构安装中\n石墨项目。\n\n新的一段")
    assert view.text == "钢结构安装中石墨项目。\n\n新的一段"
    assert view.joined_breaks == frozenset({view.text.index("石")})
