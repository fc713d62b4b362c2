"""The learned components on edge-case inputs, with the tiny model trained by the real training code."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from models.components.neural_ner import (
    add_untagged_counts,
    attach_place_prefixes,
    complete_company_names,
    complete_decimal_amounts,
    complete_project_names,
    complete_zone_names,
    detach_leading_units,
    drop_districts,
    drop_institutions,
    drop_name_fragments,
    drop_products,
    extend_park_starts,
    extend_uncertain_zone_starts,
    firms_listed_as_projects,
    join_coordinated_parks,
    join_name_pieces,
    join_zone_quarters,
    label_repeated_zones,
    official_zone_names,
    parks_after_location_cues,
    parks_heading_lines,
    parks_after_placing_words,
    partnered_zone_names,
    places_read_as_firms,
    split_known_zones_off_projects,
    split_coordinated_projects,
    split_leading_parks,
    split_short_forms_off_parks,
    strip_verbs_after_names,
    strip_words_before_names,
    take_in_approximators,
    take_in_joined_codes,
    take_in_works,
    text_windows,
    zones_cut_before_their_suffix,
    zones_cut_from_their_suffix,
)
from models.modeling_char_roformer import BioTransitions, _viterbi, constrained_viterbi, valid_paths
from models.pipeline import Pipeline
from models.places import name_prefix_places
from models.preprocess import TextView


def test_windows_cover_every_character_once():
    windows = text_windows(1000, 256, 32)
    kept = [position for _, _, keep_start, keep_end in windows for position in range(keep_start, keep_end)]
    assert kept == list(range(1000))
    assert all(end - start <= 256 for start, end, _, _ in windows)


def test_empty_text_has_no_windows():
    assert text_windows(0, 256, 32) == []


@pytest.mark.parametrize("text", ["", " ", "\n\n", "。", "供稿：", "【】"])
def test_blank_and_punctuation_only_texts_give_empty_results(tiny_model_dir, text):
    pipeline = Pipeline.from_pretrained(tiny_model_dir)
    doc = pipeline(text)
    assert doc.ents == [] and doc.triples == []


def test_pipe_mixes_empty_and_real_documents(tiny_model_dir, seed_text):
    pipeline = Pipeline.from_pretrained(tiny_model_dir)
    docs = list(pipeline.pipe(["", seed_text[:400], " "]))
    assert [doc.text for doc in docs] == ["", seed_text[:400], " "]
    assert docs[0].ents == [] and docs[2].ents == []


def test_a_documents_results_do_not_depend_on_the_documents_batched_with_it(tiny_model_dir, seed_text):
    pipeline = Pipeline.from_pretrained(tiny_model_dir)

    def results(doc):
        return ([(e.start, e.end, e.label, e.confidence) for e in doc.ents],
                [(t.subject.start, t.predicate, t.object.start, t.confidence) for t in doc.triples])

    figure = seed_text.index("亿元")
    short, long = seed_text[figure - 60 : figure + 40], seed_text[:1500]  # alone, short fits one window unpadded
    alone = results(pipeline(short))
    assert alone[0] and results(next(pipeline.pipe([short, long]))) == alone
    assert results(list(pipeline.pipe([long, short]))[1]) == alone


def test_a_loaded_pipeline_is_frozen_out_of_collections_yet_freed_when_dropped(tiny_model_dir, seed_text):
    import gc
    import weakref

    pipeline = Pipeline.from_pretrained(tiny_model_dir)
    pipeline(seed_text[:300])
    assert gc.get_freeze_count() > 0
    alive = weakref.ref(pipeline)
    del pipeline
    assert alive() is None  # no reference cycle holds a frozen model once the service swaps it out


@pytest.mark.parametrize(("text", "spans", "joined"), [
    ("利乐包装（呼和浩特）有限公司新上", [(0, 5, "COMPANY"), (5, 14, "COMPANY")], [(0, 14, "COMPANY")]),
    ("华为（哈尔滨）鲲鹏生态创新中心", [(0, 3, "COMPANY"), (3, 15, "PROJECT")], [(0, 15, "PROJECT")]),
    # A bracket that closes nothing, or spans that do not touch, stay apart.
    ("伊利（乳业）", [(0, 3, "COMPANY"), (3, 5, "COMPANY")], [(0, 3, "COMPANY"), (3, 5, "COMPANY")]),
    ("伊利（ 呼和浩特）", [(0, 3, "COMPANY"), (4, 9, "COMPANY")], [(0, 3, "COMPANY"), (4, 9, "COMPANY")]),
    ("伊利与蒙牛", [(0, 2, "COMPANY"), (3, 5, "COMPANY")], [(0, 2, "COMPANY"), (3, 5, "COMPANY")]),
])
def test_names_split_after_an_opening_bracket_are_joined(text, spans, joined):
    assert join_name_pieces(spans, text) == joined


@pytest.mark.parametrize(("text", "spans", "repaired"), [
    # The place left out of a zone or a registered company joins it.
    ("包头稀土高新区2024年工作回顾", [(2, 7, "ZONE")], [(0, 7, "ZONE")]),
    ("大地熊、包头韵升强磁材料有限公司", [(6, 16, "COMPANY")], [(4, 16, "COMPANY")]),
    # A place tagged as a name of its own joins the name after it.
    ("德清莫干山高新技术产业开发区举行", [(0, 2, "ZONE"), (2, 14, "ZONE")], [(0, 14, "ZONE")]),
    ("福建新大陆电脑股份有限公司", [(0, 2, "COMPANY"), (2, 13, "COMPANY")], [(0, 13, "COMPANY")]),
    # Countries stay outside; a brand without a legal form keeps its span; projects are left alone.
    ("德国默克将在东湖高新区建设", [(2, 4, "COMPANY"), (6, 11, "ZONE")], [(2, 4, "COMPANY"), (6, 11, "ZONE")]),
    ("江苏恒瑞医药", [(2, 6, "COMPANY")], [(2, 6, "COMPANY")]),
    ("福州污水处理厂", [(2, 7, "PROJECT")], [(2, 7, "PROJECT")]),
    # Two places in a row (a city and its district) join too.
    ("北京平谷马坊物流园区", [(0, 4, "ZONE"), (4, 10, "ZONE")], [(0, 10, "ZONE")]),
    # A place already inside the previous span is not taken twice.
    ("中关村门头沟园", [(0, 3, "ZONE"), (3, 7, "ZONE")], [(0, 3, "ZONE"), (3, 7, "ZONE")]),
])
def test_places_cut_off_a_name_are_joined(text, spans, repaired):
    assert attach_place_prefixes(spans, text, name_prefix_places()) == repaired


def _spans(text: str, *pieces: tuple[str, str]) -> list[tuple[int, int, str]]:
    """(start, end, label) of each piece, found left to right in `text`."""
    out, position = [], 0
    for piece, label in pieces:
        start = text.index(piece, position)
        out.append((start, start + len(piece), label))
        position = start + len(piece)
    return out


@pytest.mark.parametrize(("text", "pieces", "joined"), [
    # A company's pieces: a branch after its parent, places before the firm, a cut after a bracket.
    ("中国石油化工股份有限公司长岭分公司年产", [("中国石油化工股份有限公司", "COMPANY"), ("长岭分公司", "COMPANY")],
     [("中国石油化工股份有限公司长岭分公司", "COMPANY")]),
    ("宜宾市叙州区柏溪镇兴旺包装制品有限公司获", [("宜宾市叙州区", "COMPANY"), ("柏溪镇兴旺包装制品有限公司", "COMPANY")],
     [("宜宾市叙州区柏溪镇兴旺包装制品有限公司", "COMPANY")]),
    ("中国北方稀土（集团）高科技股份有限公司", [("中国北方稀土（集团）", "COMPANY"), ("高科技股份有限公司", "COMPANY")],
     [("中国北方稀土（集团）高科技股份有限公司", "COMPANY")]),
    # Any two pieces that touch: a group and its unit, a parent and its branch.
    ("航空工业贵飞、中国航发黎阳两大主机厂", [("航空工业", "COMPANY"), ("贵飞", "COMPANY")], [("航空工业贵飞", "COMPANY")]),
    ("国网云南省电力有限公司红河供电局还与", [("国网云南省电力有限公司", "COMPANY"), ("红河供电局", "COMPANY")],
     [("国网云南省电力有限公司红河供电局", "COMPANY")]),
    # A zone's name opening a registered firm's name.
    ("上饶经济技术开发区城市发展投资集团有限公司", [("上饶经济技术开发区", "ZONE"), ("城市发展投资集团有限公司", "COMPANY")],
     [("上饶经济技术开发区城市发展投资集团有限公司", "COMPANY")]),
    # A short firm name opening a project (span rule 1), and two project pieces.
    ("宜昌人福药业麻醉药品制剂二期工程总投资", [("宜昌人福药业", "COMPANY"), ("麻醉药品制剂二期工程", "PROJECT")],
     [("宜昌人福药业麻醉药品制剂二期工程", "PROJECT")]),
    ("海天味业高明基地扩建项目", [("海天味业", "PROJECT"), ("高明基地扩建项目", "PROJECT")],
     [("海天味业高明基地扩建项目", "PROJECT")]),
    # A bare short form opening a facility's name stays inside it (GUIDE.md).
    ("新建经开区110千伏变电站，总投资", [("经开区", "ZONE"), ("110千伏变电站", "PROJECT")],
     [("经开区110千伏变电站", "PROJECT")]),
])
def test_one_name_cut_in_two_is_joined(text, pieces, joined):
    assert join_name_pieces(_spans(text, *pieces), text) == _spans(text, *joined)


@pytest.mark.parametrize(("text", "pieces"), [
    # Two registered firms in a row, a registered firm opening a project, a zone before a brand, pieces apart.
    ("天津渤化集团有限公司中化国际有限公司", [("天津渤化集团有限公司", "COMPANY"), ("中化国际有限公司", "COMPANY")]),
    ("福建新大陆电脑股份有限公司智能终端项目", [("福建新大陆电脑股份有限公司", "COMPANY"), ("智能终端项目", "PROJECT")]),
    ("苏州工业园区华为", [("苏州工业园区", "ZONE"), ("华为", "COMPANY")]),
    ("新加坡丰益国际投资3亿美元", [("新加坡", "COMPANY"), ("丰益国际", "COMPANY")]),
    ("泾渭新城新能源汽车零部件产业园", [("泾渭新城", "ZONE"), ("新能源汽车零部件产业园", "PROJECT")]),
    ("宁德时代、锂电池项目", [("宁德时代", "COMPANY"), ("锂电池项目", "PROJECT")]),
    ("A项目 B项目", [("A项目", "PROJECT"), ("B项目", "PROJECT")]),
])
def test_separate_names_stay_apart(text, pieces):
    spans = _spans(text, *pieces)
    assert join_name_pieces(spans, text) == spans


@pytest.mark.parametrize(("text", "pieces", "split"), [
    # A specific park opening a facility's name is split off as a ZONE.
    ("钛材料产业园公共检测中心开工", [("钛材料产业园公共检测中心", "PROJECT")],
     [("钛材料产业园", "ZONE"), ("公共检测中心", "PROJECT")]),
    ("医药医疗器械工业园人才公寓（二期）", [("医药医疗器械工业园人才公寓（二期）", "PROJECT")],
     [("医药医疗器械工业园", "ZONE"), ("人才公寓（二期）", "PROJECT")]),
    # A bare short form stays inside; a park that is itself the project stays whole; other labels are left alone.
    ("园区220千伏变电站", [("园区220千伏变电站", "PROJECT")], [("园区220千伏变电站", "PROJECT")]),
    ("光伏产业园二期项目", [("光伏产业园二期项目", "PROJECT")], [("光伏产业园二期项目", "PROJECT")]),
    ("智能网联汽车产业园（一期）", [("智能网联汽车产业园（一期）", "PROJECT")], [("智能网联汽车产业园（一期）", "PROJECT")]),
    ("滨江产业园区管委会", [("滨江产业园区管委会", "ZONE")], [("滨江产业园区管委会", "ZONE")]),
])
def test_a_park_opening_a_facility_name_is_split_off(text, pieces, split):
    assert split_leading_parks(_spans(text, *pieces), text) == _spans(text, *split)


@pytest.mark.parametrize(("text", "pieces", "split"), [
    # The report's zone by a short form, then a park in it: two zones (GUIDE.md), across a PDF break too.
    ("落户高新区钢铁新材料产业园", [("高新区钢铁新材料产业园", "ZONE")], [("高新区", "ZONE"), ("钢铁新材料产业园", "ZONE")]),
    ("入驻经开区现代食品\n产业园", [("经开区现代食品\n产业园", "ZONE")], [("经开区", "ZONE"), ("现代食品\n产业园", "ZONE")]),
    # A short form with a park word too short to be a park's name, a zone that merely ends so, a project: unchanged.
    ("高新区综保区", [("高新区综保区", "ZONE")], [("高新区综保区", "ZONE")]),
    ("兰州新区精细化工园区", [("兰州新区精细化工园区", "ZONE")], [("兰州新区精细化工园区", "ZONE")]),
    ("高新区人才公寓产业园", [("高新区人才公寓产业园", "PROJECT")], [("高新区人才公寓产业园", "PROJECT")]),
])
def test_a_short_form_opening_a_park_name_is_split_off(text, pieces, split):
    assert split_short_forms_off_parks(_spans(text, *pieces), text) == _spans(text, *split)


@pytest.mark.parametrize(("text", "pieces", "completed"), [
    # A zone's name cut before its head is completed to the longest end that reads like a zone.
    ("截至9月底，新站高新区新型显示产业", [("新站", "ZONE")], [("新站高新区", "ZONE")]),
    ("上海国际医学园区一季度产值", [("上海国际医", "ZONE")], [("上海国际医学园区", "ZONE")]),
    ("第11期 贵安新区经济发展局", [("贵安新", "ZONE")], [("贵安新区", "ZONE")]),
    # ... across a PDF break, and over a ZONE span right after it, which it replaces.
    ("其中中日（平湖）产业\n合作园入驻项目1个", [("中日（平湖）产业", "ZONE")], [("中日（平湖）产业\n合作园", "ZONE")]),
    ("加快新型电子元器件产业园建设", [("新型", "ZONE"), ("电子元器件产业园", "ZONE")],
     [("新型电子元器件产业园", "ZONE")]),
    # A zone's suffix right after a name that already reads like a zone is the rest of it.
    ("近年来，双龙航空港经济区依托机场", [("双龙航空港", "ZONE")], [("双龙航空港经济区", "ZONE")]),
    ("冀南新区装备制造产业园新入驻", [("冀南新区", "ZONE"), ("装备制造产业园", "ZONE")],
     [("冀南新区", "ZONE"), ("装备制造产业园", "ZONE")]),
    # Not over punctuation or into the next name; an administrative place is not a zone.
    ("松江区发展改革委表示", [("松江", "ZONE")], []),
    ("新购置罐车20辆,专门承担园区内运输", [("专门", "ZONE")], []),
    ("依托长江，黄金水道", [("长江", "ZONE")], []),
    # A short form of a zone the document names in full stays; names that read like zones are left alone.
    ("洋浦经济开发区……2024年，洋浦共安排项目", [("洋浦经济开发区", "ZONE"), ("洋浦", "ZONE")],
     [("洋浦经济开发区", "ZONE"), ("洋浦", "ZONE")]),
    ("推进西虹桥科技产业园一期，新城的项目", [("西虹桥科技产业园", "ZONE"), ("新城", "PROJECT")],
     [("西虹桥科技产业园", "ZONE"), ("新城", "PROJECT")]),
])
def test_a_cut_zone_name_is_completed_and_a_misread_word_dropped(text, pieces, completed):
    word_ends = _jieba_word_ends(text)
    assert complete_zone_names(_spans(text, *pieces), text, word_ends) == _spans(text, *completed)


def _jieba_word_ends(text: str) -> set[int]:
    import rjieba

    word_ends, position = set(), 0
    for word in rjieba.cut(text):
        position += len(word)
        word_ends.add(position)
    return word_ends


@pytest.mark.parametrize(("text", "pieces", "completed"), [
    # A project's name cut inside a word is completed to the nearest word end where it ends like a project.
    ("中核集团负责建设的玲龙一号全球首堆示范工程装机容量", [("玲龙一号全球首堆示", "PROJECT")],
     [("玲龙一号全球首堆示范工程", "PROJECT")]),
    ("药明康德签约建设热带动植物基因测序平台和南繁研发中心", [("热带动植物基因测", "PROJECT")],
     [("热带动植物基因测序平台", "PROJECT")]),
    ("华谊钦州化工新材料一体化基地一期已于6月建成", [("华谊钦州化工新材料一体化基地一", "PROJECT")],
     [("华谊钦州化工新材料一体化基地一期", "PROJECT")]),
    # A piece that no word end within reach completes is dropped: not past punctuation, not into the next span.
    ("采用锂云母硫酸盐焙烧提锂工艺，规划用地", [("锂云母硫酸盐焙烧提锂工", "PROJECT")], []),
    ("这是园区引进的第一个汽车零部件项目", [("第一", "PROJECT")], []),
    # A name that ends on a word or like a project stays.
    ("建设转向架、车体智能，化生产线", [("车体智能", "PROJECT")], [("车体智能", "PROJECT")]),
    ("推动赖氨酸、液态奶等项目达产", [("液态奶", "PROJECT")], [("液态奶", "PROJECT")]),
    ("新建锂电池生产线二条", [("锂电池生产线", "PROJECT")], [("锂电池生产线", "PROJECT")]),
    ("京东农场等一批项目", [("京东农", "ZONE")], [("京东农", "ZONE")]),
])
def test_a_cut_project_name_is_completed(text, pieces, completed):
    word_ends = _jieba_word_ends(text)
    assert complete_project_names(_spans(text, *pieces), text, word_ends) == _spans(text, *completed)


@pytest.mark.parametrize(("repair", "text", "pieces", "repaired"), [
    # A verb before a project is left out.
    (strip_words_before_names, "公司新上无菌包材生产线，计划投资", [("新上无菌包材生产线", "PROJECT")], [("无菌包材生产线", "PROJECT")]),
    (strip_words_before_names, "公司联手打造换电站装备生产基地", [("联手打造换电站装备生产基地", "PROJECT")],
     [("换电站装备生产基地", "PROJECT")]),
    # The event after a name is not part of it.
    (strip_verbs_after_names, "扩建项目在高明园动工，总投资", [("高明园动工", "PROJECT")], [("高明园", "PROJECT")]),
    (strip_verbs_after_names, "区内企业秦岭稀磁获省级技改补助", [("秦岭稀磁获", "COMPANY")], [("秦岭稀磁", "COMPANY")]),
    (strip_verbs_after_names, "引进威克特等14家企业", [("威克特等", "COMPANY")], [("威克特", "COMPANY")]),
    (strip_verbs_after_names, "中试验证平台进场施工", [("中试验证平台进场", "PROJECT")], [("中试验证平台", "PROJECT")]),
    # So is a verb before a zone (no zone name of the corpus opens with one).
    (strip_words_before_names, "将进一步强化示范区的功能", [("强化示范区", "ZONE")], [("示范区", "ZONE")]),
    (strip_words_before_names, "加快壮大生物医药产业园", [("壮大生物医药产业园", "ZONE")], [("生物医药产业园", "ZONE")]),
    # The 中 of 其中 or of a table cell's progress; a name that opens with 中 keeps it.
    (strip_words_before_names, "其中华灿光电长治研发中心计划", [("中华灿光电长治研发中心", "PROJECT")],
     [("华灿光电长治研发中心", "PROJECT")]),
    (strip_words_before_names, "设备安装中 智能化刮板输送机产业化项目 |", [("中 智能化刮板输送机产业化项目", "PROJECT")],
     [("智能化刮板输送机产业化项目", "PROJECT")]),
    (strip_words_before_names, "其中中国石化镇海基地", [("中国石化镇海基地", "PROJECT")], [("中国石化镇海基地", "PROJECT")]),
    (strip_words_before_names, "推进建设中国（平湖）合作园", [("中国（平湖）合作园", "ZONE")], [("中国（平湖）合作园", "ZONE")]),
    # A country before a firm stays outside (GUIDE.md), unless the name is registered with a legal form.
    (strip_words_before_names, "签约仪式上，泰国正大携手云南农垦", [("泰国正大", "COMPANY")], [("正大", "COMPANY")]),
    (strip_words_before_names, "美国空气化工产品公司投资", [("美国空气化工产品公司", "COMPANY")],
     [("美国空气化工产品公司", "COMPANY")]),
    (strip_words_before_names, "日本丸红株式会社投资", [("日本丸红株式会社", "COMPANY")], [("日本丸红株式会社", "COMPANY")]),
    # Other labels, and a verb with too little after it, are left alone.
    (strip_words_before_names, "新建区经济发展局", [("新建区", "ZONE")], [("新建区", "ZONE")]),
    (strip_words_before_names, "新建厂", [("新建厂", "PROJECT")], [("新建厂", "PROJECT")]),
    # The works after a project (改造, 扩建) join its name, unless it already ends in them.
    (take_in_works, "6 | 佳能相机生产线自动化改造 | 佳能", [("佳能相机生产线", "PROJECT")],
     [("佳能相机生产线自动化改造", "PROJECT")]),
    (take_in_works, "完成海林站货运场站扩能改造工程，年", [("海林站货运场站", "PROJECT")],
     [("海林站货运场站扩能改造工程", "PROJECT")]),
    (take_in_works, "道路管网改造工程改造", [("道路管网改造工程", "PROJECT")], [("道路管网改造工程", "PROJECT")]),
    # The 对 of a trade partner opens the name; a 对 before any other name does not.
    (take_in_works, "加快对俄跨境电商产业园建设", [("俄跨境电商产业园", "PROJECT")], [("对俄跨境电商产业园", "PROJECT")]),
    (take_in_works, "对东方希望集团的支持", [("东方希望集团", "COMPANY")], [("东方希望集团", "COMPANY")]),
    (take_in_works, "园区改造", [("园区", "ZONE")], [("园区", "ZONE")]),
])
def test_a_name_boundary_repair(repair, text, pieces, repaired):
    assert repair(_spans(text, *pieces), text) == _spans(text, *repaired)


def test_the_progress_of_a_table_row_is_cut_off_the_next_rows_project():
    # Cleaning joined the row `…|安装中` to the next row's project (`安装中石墨…`); the raw break marks the cell's end.
    view = TextView.from_raw("进展情况\n3月开工，发酵车间钢结构安装中\n石墨负极材料一体化项目｜龙源石墨")
    start = view.text.index("中石墨")
    spans = [(start, view.text.index("|"), "PROJECT")]
    assert strip_words_before_names(spans, view.text, view.joined_breaks) == [(start + 1, spans[0][1], "PROJECT")]
    # Inside a line, 安装中心 and the like stay whole.
    text = "建设设备安装中心项目"
    assert strip_words_before_names([(6, 10, "PROJECT")], text, frozenset()) == [(6, 10, "PROJECT")]


def test_firms_in_a_list_of_signed_projects_are_projects():
    text = "签约项目还有宁德时代、均胜电子和柳州五菱汽车工业有限公司，宁德时代将落户园区"
    spans = _spans(text, ("宁德时代", "COMPANY"), ("均胜电子", "COMPANY"), ("柳州五菱汽车工业有限公司", "COMPANY"),
                   ("宁德时代", "COMPANY"))
    # The list ends at the comma; a registered firm stays a COMPANY.
    assert [label for _, _, label in firms_listed_as_projects(spans, text)] == ["PROJECT", "PROJECT", "COMPANY", "COMPANY"]


def test_a_zone_found_once_is_a_zone_where_the_text_repeats_it():
    text = "文昌国际航天城2024年计划。文昌国际航天城内的项目；开发区、开发区；航天城"
    spans = [(0, 7, "ZONE"), (15, 22, "ZONE"), (26, 29, "ZONE")]
    found = label_repeated_zones([spans[0], spans[2]], text)
    # The repeat is added; a bare short form and a name of three characters are not spread.
    assert found == spans
    assert label_repeated_zones([(26, 29, "ZONE")], text) == [(26, 29, "ZONE")]


def test_a_park_after_a_location_cue_is_a_zone():
    text = "项目选址高端石化装备产业园，默克在电子材料产业园新设工厂；建设光伏产业园，选址于新城路"
    spans = _spans(text, ("高端石化装备产业园", "PROJECT"), ("电子材料产业园", "PROJECT"), ("光伏产业园", "PROJECT"))
    # The park being built (`建设光伏产业园`) stays a PROJECT.
    assert [label for _, _, label in parks_after_location_cues(spans, text)] == ["ZONE", "ZONE", "PROJECT"]


@pytest.mark.parametrize(("text", "pieces", "repaired"), [
    ("集成电路方面,西青微电子工业区集聚了", [("西青微电子", "COMPANY")], [("西青微电子工业区", "ZONE")]),
    ("中国动力谷全年新增注册企业", [("中国动力", "COMPANY")], [("中国动力谷", "ZONE")]),
    ("金牌港开发区定位为装配式建筑", [("金牌港", "PROJECT")], [("金牌港开发区", "ZONE")]),
    # A span after the name, or no suffix: unchanged.
    ("比亚迪深汕汽车工业园建成", [("比亚迪", "COMPANY"), ("深汕汽车工业园", "ZONE")],
     [("比亚迪", "COMPANY"), ("深汕汽车工业园", "ZONE")]),
    ("华为公司在园区设立", [("华为公司", "COMPANY")], [("华为公司", "COMPANY")]),
])
def test_a_firm_or_project_with_a_zones_suffix_after_it_is_a_cut_zone(text, pieces, repaired):
    assert zones_cut_before_their_suffix(_spans(text, *pieces), text) == _spans(text, *repaired)


def test_a_firm_cut_inside_a_word_is_completed_to_its_end():
    text = "源杰科技、英联激光和华为"
    tokens = [(0, 2, "nz"), (2, 4, "n"), (5, 7, "nz"), (7, 9, "n"), (10, 12, "nz")]
    spans = _spans(text, ("源杰科", "COMPANY"), ("英联激光", "COMPANY"), ("华为", "COMPANY"))
    assert complete_company_names(spans, text, tokens) == _spans(text, ("源杰科技", "COMPANY"), ("英联激光", "COMPANY"),
                                                                 ("华为", "COMPANY"))


def test_a_project_that_is_one_short_common_noun_is_a_product():
    text = "建设服务器整机制造和液态奶生产线"
    tokens = [(2, 5, "n"), (5, 7, "n"), (7, 9, "vn"), (10, 13, "n"), (13, 16, "n")]
    spans = _spans(text, ("服务器", "PROJECT"), ("液态奶生产线", "PROJECT"))
    assert drop_products(spans, tokens) == _spans(text, ("液态奶生产线", "PROJECT"))


def test_a_place_or_country_alone_is_no_firm():
    text = "与新加坡合作，苏州企业和延长石油"
    spans = _spans(text, ("新加坡", "COMPANY"), ("苏州", "COMPANY"), ("延长石油", "COMPANY"))
    assert places_read_as_firms(spans, text) == _spans(text, ("新加坡", "ZONE"), ("苏州", "ZONE"), ("延长石油", "COMPANY"))


def test_a_park_that_holds_firms_or_belongs_to_a_zone_is_a_zone():
    text = "园区内的中马国际燕窝产业园今年新增入驻企业8家；经开区下辖的差别化纤维先进制造产业园，合资建设聚酯产业园，总投资"
    spans = _spans(text, ("中马国际燕窝产业园", "PROJECT"), ("差别化纤维先进制造产业园", "PROJECT"), ("聚酯产业园", "PROJECT"))
    assert [label for _, _, label in parks_after_location_cues(spans, text)] == ["ZONE", "ZONE", "PROJECT"]


def test_a_park_whose_site_or_size_follows_its_name_is_a_zone():
    text = "6.高原锂电储能先进制造产业园位于东川工业园区，光伏产业园规划面积3平方公里；光伏产业园项目总投资9亿元"
    spans = _spans(text, ("高原锂电储能先进制造产业园", "PROJECT"), ("光伏产业园", "PROJECT"), ("光伏产业园项目", "PROJECT"))
    assert [label for _, _, label in parks_after_location_cues(spans, text)] == ["ZONE", "ZONE", "PROJECT"]


def test_one_character_names_are_dropped_but_figures_kept():
    text = "今年1-9月，实验区新引进项目41个，87 家"
    spans = [(6, 7, "ZONE"), (7, 9, "ZONE"), (14, 17, "AMOUNT"), (18, 22, "AMOUNT"), (21, 22, "COMPANY")]
    assert drop_name_fragments(spans, text) == [(7, 9, "ZONE"), (14, 17, "AMOUNT"), (18, 22, "AMOUNT")]


def test_a_unit_left_before_a_table_cell_name_is_detached():
    text = "亿元 -6.1% 87 家 贵安综合保税区 96.7 亿元；新 城 家 电产业园"
    cell = text.index("家 贵安")
    appliances = text.index("家 电")
    spans = [(cell, cell + 10, "ZONE"), (appliances, appliances + 6, "ZONE")]
    # Only a unit right after a number is detached; `家 电` broken by a PDF line is left alone.
    assert detach_leading_units(spans, text) == [(cell + 2, cell + 10, "ZONE"), (appliances, appliances + 6, "ZONE")]


def test_viterbi_decodes_only_invalid_rows_and_matches_the_full_decode():
    labels = {0: "O", 1: "B-ZONE", 2: "I-ZONE", 3: "B-COMPANY", 4: "I-COMPANY"}
    transitions = BioTransitions.from_labels(labels)
    generator = torch.Generator().manual_seed(0)
    for scale in (0.5, 1.0, 3.0):
        log_probs = (torch.randn(16, 40, 5, generator=generator) * scale).log_softmax(-1)
        mask = (torch.arange(40).expand(16, 40) < torch.randint(1, 41, (16, 1), generator=generator)).long()
        decoded = constrained_viterbi(log_probs, mask, transitions)
        assert torch.equal(decoded, _viterbi(log_probs, mask, transitions))
        assert valid_paths(decoded, mask, transitions).all()


def test_viterbi_finds_the_best_valid_path_by_brute_force():
    import itertools

    labels = {0: "O", 1: "B-ZONE", 2: "I-ZONE", 3: "B-COMPANY", 4: "I-COMPANY"}
    transitions = BioTransitions.from_labels(labels)
    generator = torch.Generator().manual_seed(1)
    log_probs = (torch.randn(6, 5, 5, generator=generator) * 2).log_softmax(-1)
    lengths = [5, 5, 4, 3, 1, 2]
    mask = (torch.arange(5).expand(6, 5) < torch.tensor(lengths).unsqueeze(1)).long()
    decoded = _viterbi(log_probs, mask, transitions)
    for row, length in enumerate(lengths):
        paths = (torch.tensor(p) for p in itertools.product(range(5), repeat=length))
        valid = [p for p in paths if valid_paths(p.unsqueeze(0), torch.ones(1, length), transitions).item()]
        best = max(float(log_probs[row, torch.arange(length), p].sum()) for p in valid)
        found = decoded[row, :length]
        assert float(log_probs[row, torch.arange(length), found].sum()) == pytest.approx(best, abs=1e-5)
        assert valid_paths(found.unsqueeze(0), torch.ones(1, length), transitions).item()
        assert decoded[row, length:].eq(0).all()  # padding gets `O`


def test_fused_attention_matches_roformer_attention_in_values_and_gradients():
    from transformers.models.roformer.modeling_roformer import (
        RoFormerSelfAttention,
        RoFormerSinusoidalPositionalEmbedding,
    )

    from models.modeling_char_roformer import CharRoFormerConfig, FusedRoFormerSelfAttention

    torch.manual_seed(0)
    config = CharRoFormerConfig(vocab_size=10, hidden_size=32, num_attention_heads=2, num_hidden_layers=1,
                                intermediate_size=64, max_position_embeddings=64, attention_probs_dropout_prob=0.0)
    config._attn_implementation = "eager"
    reference, fused = RoFormerSelfAttention(config), FusedRoFormerSelfAttention(config)
    fused.load_state_dict(reference.state_dict())
    positions = RoFormerSinusoidalPositionalEmbedding(64, 16)
    positions.weight.data = positions.create_weight()
    hidden = torch.randn(3, 20, 32)
    sinusoidal = positions(hidden.shape[:-1])[None, None]
    mask = torch.zeros(3, 1, 1, 20)
    mask[1, ..., 15:] = float("-inf")  # a padded row
    inputs = [hidden.clone().requires_grad_() for _ in range(2)]
    outputs = [module(x, mask, sinusoidal)[0] for module, x in zip((reference, fused), inputs)]
    assert torch.allclose(outputs[0], outputs[1], atol=1e-5)
    for output in outputs:
        output.sum().backward()
    assert torch.allclose(inputs[0].grad, inputs[1].grad, atol=1e-5)
    assert torch.allclose(reference.query.weight.grad, fused.query.weight.grad, atol=1e-5)
    with torch.inference_mode():  # the cached projection at inference gives the same answer
        assert torch.allclose(fused(hidden, mask, sinusoidal)[0], outputs[0].detach(), atol=1e-5)


def test_conv_local_context_ignores_padding_and_old_configs_keep_the_lstm():
    from models.modeling_char_roformer import CharRoFormerConfig, CharRoFormerForTokenClassification, LocalContext

    torch.manual_seed(0)
    config = CharRoFormerConfig(vocab_size=20, hidden_size=32, num_attention_heads=2, num_hidden_layers=1,
                                intermediate_size=64, max_position_embeddings=64, local_context="conv", local_kernel=5,
                                feature_vocab_sizes={"char_class": 4}, num_labels=3)
    model = CharRoFormerForTokenClassification(config).eval()
    ids = torch.randint(1, 20, (1, 12))
    alone = model(ids, torch.zeros(1, 12, 1, dtype=torch.long), torch.ones(1, 12, dtype=torch.long)).logits
    padded_ids = torch.cat([ids, torch.randint(1, 20, (1, 6))], dim=1)  # the same window beside a longer one
    mask = torch.cat([torch.ones(1, 12), torch.zeros(1, 6)], dim=1).long()
    padded = model(padded_ids, torch.zeros(1, 18, 1, dtype=torch.long), mask).logits
    assert torch.allclose(alone, padded[:, :12], atol=1e-5)
    # A saved config from before `local_context` (local_lstm only) still builds the LSTM it was trained with.
    old = CharRoFormerConfig(vocab_size=20, hidden_size=32, num_attention_heads=2, num_hidden_layers=1,
                             intermediate_size=64, local_lstm=True)
    assert old.local_context == "lstm"
    assert isinstance(CharRoFormerForTokenClassification(old).encoder.local, LocalContext)
    with pytest.raises(ValueError, match="local_context"):
        CharRoFormerConfig(vocab_size=20, hidden_size=32, num_attention_heads=2, local_context="gru")


def test_a_unit_before_a_line_break_that_cleaning_removed_is_detached():
    view = TextView.from_raw("工业总产值 -6.1% 87 家\n贵安综合保税区 96.7 亿元")
    cell = view.text.index("家贵安")
    spans = [(cell, cell + 8, "ZONE")]
    assert view.text[cell + 1 : cell + 8] == "贵安综合保税区"
    assert detach_leading_units(spans, view.text, view.joined_breaks) == [(cell + 1, cell + 8, "ZONE")]


@pytest.mark.parametrize(("text", "pieces", "joined"), [
    # A park named after two fields joined by 与 is one zone.
    ("高端装备与氢能产业园位于经开区北部", [("高端装备", "PROJECT"), ("氢能产业园", "ZONE")], [("高端装备与氢能产业园", "ZONE")]),
    ("入驻京南氢能装备与燃料电池产业园，", [("京南氢能装备", "COMPANY"), ("燃料电池产业园", "ZONE")],
     [("京南氢能装备与燃料电池产业园", "ZONE")]),
    # A field the tagger cut off the park's name it opens, 与 taken in or not (`[风光储][新能源装备制造产业园]`).
    ("3.风光储新能源装备制造产业园:三峡能源", [("风光储", "PROJECT"), ("新能源装备制造产业园", "ZONE")],
     [("风光储新能源装备制造产业园", "ZONE")]),
    ("京南氢能装备与燃料电池产业园是", [("京南氢能装备与", "PROJECT"), ("燃料电池产业园", "ZONE")],
     [("京南氢能装备与燃料电池产业园", "ZONE")]),
    ("6.洛阳高新实业集团有限公司先进制造产业园标准化厂房", [("洛阳高新实业集团有限公司", "COMPANY"), ("先进制造产业园", "ZONE")],
     [("洛阳高新实业集团有限公司", "COMPANY"), ("先进制造产业园", "ZONE")]),
    # A firm with a legal form, a park that opens with a place, 和, or a zone that is no park stay apart.
    ("由华为技术有限公司与哈尔滨产业园合作", [("华为技术有限公司", "COMPANY"), ("哈尔滨产业园", "ZONE")],
     [("华为技术有限公司", "COMPANY"), ("哈尔滨产业园", "ZONE")]),
    ("瑞士ABB与株洲科技园签约", [("ABB", "COMPANY"), ("株洲科技园", "ZONE")], [("ABB", "COMPANY"), ("株洲科技园", "ZONE")]),
    ("电池结构件项目和红草园区", [("电池结构件项目", "PROJECT"), ("红草园区", "ZONE")],
     [("电池结构件项目", "PROJECT"), ("红草园区", "ZONE")]),
    ("满帮集团与高新区签署协议", [("满帮集团", "COMPANY"), ("高新区", "ZONE")], [("满帮集团", "COMPANY"), ("高新区", "ZONE")]),
    # An untagged field joined by 与 after a clear boundary is part of the park; not before a bare park word.
    ("架。位于增材制造与精密铸造产业园的", [("精密铸造产业园", "ZONE")], [("增材制造与精密铸造产业园", "ZONE")]),
    ("大连银行分别与园区企业签约", [("园区", "ZONE")], [("园区", "ZONE")]),
])
def test_a_park_named_after_two_fields_is_one_zone(text, pieces, joined):
    assert join_coordinated_parks(_spans(text, *pieces), text) == _spans(text, *joined)


def test_names_that_open_with_a_bracket_or_leave_one_unclosed_are_dropped():
    text = "一汽物流(汽车零部件保税物流):62.3亿元；电商公司(跨境电商进口):5.8亿元；中国（绵阳）科技城"
    spans = _spans(text, ("(汽车零部件保税物流)", "PROJECT"), ("跨境电商进口)", "PROJECT"), ("中国（绵阳）科技城", "ZONE"))
    assert drop_name_fragments(spans, text) == _spans(text, ("中国（绵阳）科技城", "ZONE"))


def test_a_park_after_a_placing_word_where_nothing_was_tagged_is_a_zone():
    text = ("一是全力打造造纸产业园区建设。企业已入驻占地17万平方米的功能食品加工园;落户高新区新材料产业园。"
            "依托中俄木材加工产业园,推动木业合作。")
    taken = _spans(text, ("高新区", "ZONE"), ("新材料产业园", "ZONE"))
    found = parks_after_placing_words(taken, text)
    assert found == sorted(taken + _spans(text, ("造纸产业园区", "ZONE"), ("功能食品加工园", "ZONE"),
                                          ("中俄木材加工产业园", "ZONE")))


@pytest.mark.parametrize(("text", "pieces", "split"), [
    # A project that opens with a zone the document names elsewhere is that zone and a facility in it.
    # ... or with a park's short name for a zone it tags (`逸仙园` for `逸仙科学工业园`).
    ("（三）逸仙科学工业园。投资建设的逸仙园合成生物中试孵化器", [("逸仙科学工业园", "ZONE"), ("逸仙园合成生物中试孵化器", "PROJECT")],
     [("逸仙科学工业园", "ZONE"), ("逸仙园", "ZONE"), ("合成生物中试孵化器", "PROJECT")]),
    ("三水园：新签约项目26个。三水园新材料中试孵化器计划明年投用",
     [("三水园", "ZONE"), ("三水园新材料中试孵化器", "PROJECT")],
     [("三水园", "ZONE"), ("三水园", "ZONE"), ("新材料中试孵化器", "PROJECT")]),
    ("边合区企业45家；边合区污水处理\n厂提标改造工程完工", [("边合区", "ZONE"), ("边合区污水处理\n厂提标改造工程", "PROJECT")],
     [("边合区", "ZONE"), ("边合区", "ZONE"), ("污水处理\n厂提标改造工程", "PROJECT")]),
    # The park itself being built, a bare zone word, and a name the zone's own name goes on in stay whole.
    ("光伏产业园入驻企业9家；光伏产业园（二期）开工", [("光伏产业园", "ZONE"), ("光伏产业园（二期）", "PROJECT")],
     [("光伏产业园", "ZONE"), ("光伏产业园（二期）", "PROJECT")]),
    ("工业区位于城东。工业区公共管廊（二期）", [("工业区", "ZONE"), ("工业区公共管廊（二期）", "PROJECT")],
     [("工业区", "ZONE"), ("工业区公共管廊（二期）", "PROJECT")]),
    ("铁山港的铁山港区生活用纸深加工项目", [("铁山港", "ZONE"), ("铁山港区生活用纸深加工项目", "PROJECT")],
     [("铁山港", "ZONE"), ("铁山港区生活用纸深加工项目", "PROJECT")]),
])
def test_a_zone_the_document_names_is_split_off_a_project(text, pieces, split):
    assert split_known_zones_off_projects(_spans(text, *pieces), text) == _spans(text, *split)


def _words(text: str, *words: tuple[str, str]) -> list[tuple[int, int, str]]:
    """(start, end, part of speech) of each word, found left to right in `text`."""
    return _spans(text, *words)


@pytest.mark.parametrize(("text", "words", "doubt", "zone", "extended"), [
    # A word the tagger left outside a zone only with doubt opens the zone's name.
    ("今年周口农高区十个项目开工", [("今年", "t"), ("周口", "n"), ("农高区", "n")], "周口", "农高区", "周口农高区"),
    ("首批落户大兴机场综保区", [("首批", "m"), ("落户", "v"), ("大兴", "b"), ("机场", "n"), ("综保区", "n")], "大兴机场",
     "综保区", "大兴机场综保区"),
    # ... but not a word it was sure of, a time word, a verb, a word ending in a preposition, or across a removed gap.
    ("今年周口农高区十个项目开工", [("今年", "t"), ("周口", "n"), ("农高区", "n")], "", "农高区", "农高区"),
    ("目前园区已入驻企业", [("目前", "t"), ("园区", "n")], "目前", "园区", "园区"),
    ("为满足园区用电需求", [("为", "p"), ("满足", "v"), ("园区", "n")], "满足", "园区", "园区"),
    ("4项由临港产业园承建", [("4", "m"), ("项由", "x"), ("临港", "ns"), ("产业园", "n")], "项由", "临港产业园", "临港产业园"),
])
def test_a_doubted_word_before_a_zone_opens_its_name(text, words, doubt, zone, extended):
    probabilities = np.ones(len(text), dtype=np.float32)
    if doubt:
        probabilities[text.index(doubt) : text.index(doubt) + len(doubt)] = 0.6
    spans = _spans(text, (zone, "ZONE"))
    found = extend_uncertain_zone_starts(spans, text, _words(text, *words), probabilities)
    assert found == _spans(text, (extended, "ZONE"))


def test_a_zone_start_is_not_extended_across_a_removed_line_break():
    text = "产业园区晋城经开区"  # the view of `…产业园区⏎⏎晋城经开区`
    probabilities = np.full(len(text), 0.5, dtype=np.float32)
    spans = _spans(text, ("晋城经开区", "ZONE"))
    gaps = frozenset({text.index("晋城")})
    assert extend_uncertain_zone_starts(spans, text, _words(text, ("产业园区", "n"), ("晋城", "ns"), ("经开区", "n")),
                                        probabilities, gaps) == spans


@pytest.mark.parametrize(("text", "words", "park", "extended"), [
    # A park's name runs back over name-like words to punctuation or a word no name holds.
    ("速成链。板桥园新落户企业", [("速成", "n"), ("链", "n"), ("。", "x"), ("板桥园", "ns"), ("新", "a")], "桥园", "板桥园"),
    ("规划中的永磁装备产业园已完成", [("规划", "n"), ("中", "f"), ("的", "uj"), ("永磁", "nz"), ("装备产业园", "nz")],
     "装备产业园", "永磁装备产业园"),
    ("至目前，上合经贸产业园", [("至", "p"), ("目前", "t"), ("，", "x"), ("上合", "n"), ("经贸产业园", "n")], "经贸产业园",
     "上合经贸产业园"),
    # jieba joins the preposition 向 to the name's first character.
    ("项目加快向前詹新材料产业园集聚", [("项目", "n"), ("加快", "v"), ("向前", "t"), ("詹", "nr"), ("新材料产业园", "n")],
     "新材料产业园", "前詹新材料产业园"),
    # Words jieba tags as verbs that park names are made of.
    ("规划中的永磁伺服装备产业园", [("规划", "n"), ("中", "f"), ("的", "uj"), ("永磁", "nz"), ("伺服", "v"),
                                ("装备产业园", "nz")], "装备产业园", "永磁伺服装备产业园"),
    ("打造的种业创新小镇", [("打造", "v"), ("的", "uj"), ("种业", "n"), ("创新", "v"), ("小镇", "n")], "小镇", "种业创新小镇"),
    # ... but not over a word that sites a project, a verbal noun, a place word, a leading verb jieba cut, a bare park
    # word, or a name-like word with no boundary before it.
    ("项目选址兴化园区", [("项目", "n"), ("选址", "n"), ("兴化园区", "ns")], "兴化园区", "兴化园区"),
    ("区内生物医药产业园", [("区内", "s"), ("生物医药产业园", "nz")], "生物医药产业园", "生物医药产业园"),
    ("一是做强进口木材产业园", [("一是", "m"), ("做", "v"), ("强进口", "n"), ("木材产业园", "n")], "木材产业园", "木材产业园"),
    ("同一园区", [("同一", "b"), ("园区", "n")], "园区", "园区"),
    ("加强中国船舶集团装备产业园", [("加强", "v"), ("中国", "ns"), ("船舶", "n"), ("集团", "n"), ("装备产业园", "n")],
     "装备产业园", "装备产业园"),
])
def test_a_park_name_runs_back_to_a_boundary(text, words, park, extended):
    found = extend_park_starts(_spans(text, (park, "ZONE")), text, _words(text, *words))
    assert found == [(text.index(extended), text.index(park) + len(park), "ZONE")]


@pytest.mark.parametrize(("text", "pieces", "whole"), [
    # A figure cut at its decimal point runs on over the digits after it, taking in the touching piece.
    ("兑现奖补资金一点八亿元，", [("一点", "AMOUNT"), ("八亿元", "AMOUNT")], [("一点八亿元", "AMOUNT")]),
    ("增加值增长百分之十三点五；", [("百分之十三点", "AMOUNT")], [("百分之十三点五", "AMOUNT")]),
    ("合计　3.9　10月底", [("3.", "AMOUNT"), ("9", "DATE"), ("10月底", "DATE")], [("3.9", "AMOUNT"), ("10月底", "DATE")]),
    # A figure that ends on its unit, or a point with no digit after it, stays as it is.
    ("增长8.6%。新增企业45家.", [("8.6%", "AMOUNT"), ("45家", "AMOUNT")], [("8.6%", "AMOUNT"), ("45家", "AMOUNT")]),
])
def test_a_figure_cut_at_its_decimal_point_is_completed(text, pieces, whole):
    assert complete_decimal_amounts(_spans(text, *pieces), text) == _spans(text, *whole)


@pytest.mark.parametrize(("text", "figure", "whole"), [
    ("其中百亿元以上项目3个", "百亿元", "百亿元以上"),
    ("年产值30亿元左右。", "30亿元", "30亿元左右"),
    # "the ones above" is no approximator.
    ("奖励1,200万元以上企业均为", "1,200万元", "1,200万元"),
    ("等待1个月以上的项目", "1个月", "1个月"),
])
def test_an_approximator_after_a_figure_belongs_to_it(text, figure, whole):
    assert take_in_approximators(_spans(text, (figure, "AMOUNT")), text) == _spans(text, (whole, "AMOUNT"))


def test_a_place_with_a_zone_official_title_is_a_zone_where_nothing_was_tagged():
    text = "记者从平潭综合实验区获悉，湖口县城市建设投资集团与九江经济技术开发区投资公司签约，绥芬河边境经济合作区和"
    taken = _spans(text, ("九江经济技术开发区投资公司", "COMPANY"))
    found = official_zone_names(taken, text)
    assert found == sorted(taken + _spans(text, ("平潭综合实验区", "ZONE"), ("绥芬河边境经济合作区", "ZONE")))


def test_a_park_heading_a_line_before_a_colon_is_a_zone():
    text = ("三水园：新签约项目26个。\n4.中蒙跨境电商产业园:菜鸟等企业已入驻。\n所在园区:乐都工业园\n"
            "（1）粮食物流园：总投资9亿元。\n四、分园区进展稀土产业园：新增企业9家。")
    # The last line is the view of `四、分园区进展⏎稀土产业园：…`: the name starts at the removed break.
    breaks = frozenset({text.index("稀土产业园")})
    spans = _spans(text, ("中蒙跨境电商产业园", "PROJECT"), ("菜鸟", "COMPANY"), ("粮食物流园", "PROJECT"))
    assert parks_heading_lines(spans, text, breaks) == sorted([
        *_spans(text, ("三水园", "ZONE"), ("中蒙跨境电商产业园", "ZONE"), ("菜鸟", "COMPANY"), ("粮食物流园", "PROJECT")),
        *_spans(text, ("稀土产业园", "ZONE")),
    ])


def test_a_park_a_list_item_names_alone_is_a_zone():
    text = ("（一）昆明经开区信息产业园\n1.信创终端生产基地。\n（二）壮大生物医药产业园。园区内已集聚企业。\n"
            "（三）草滩数字经济港。重点发展工业软件。\n（一）建好三大园区。开发区是主战场。\n三、特色园区\n")
    spans = _spans(text, ("昆明经开区", "ZONE"), ("信创终端生产基地", "PROJECT"), ("生物医药产业园", "PROJECT"))
    assert parks_heading_lines(spans, text) == _spans(
        text, ("昆明经开区信息产业园", "ZONE"), ("信创终端生产基地", "PROJECT"), ("生物医药产业园", "ZONE"),
        ("草滩数字经济港", "ZONE"))


def test_a_zone_filling_a_bracketed_heading_is_a_zone():
    text = "【房山高端制造业基地】\n氢能企业集聚。\n【国际医学园区：高端医疗器械集聚】\n【一区五园】\n【叶县先进制造业开发区】"
    spans = _spans(text, ("叶县", "ZONE"))
    assert parks_heading_lines(spans, text) == _spans(
        text, ("房山高端制造业基地", "ZONE"), ("国际医学园区", "ZONE"), ("叶县先进制造业开发区", "ZONE"))


def test_universities_institutes_and_offices_are_no_firms():
    text = "与哈尔滨工业大学、中国农科院合作；区经贸局表示；中建三局承建，广东电网有限责任公司江门供电局供电"
    spans = _spans(text, ("哈尔滨工业大学", "COMPANY"), ("中国农科院", "COMPANY"), ("经贸局", "COMPANY"),
                   ("中建三局", "COMPANY"), ("广东电网有限责任公司江门供电局", "COMPANY"))
    assert drop_institutions(spans, text) == spans[3:]


def test_a_zone_named_for_china_and_a_partner_is_one_zone_across_the_dash():
    text = "这是中国—上海合作组织地方经贸合作示范区今年最大的签约；中国—东盟（南宁）食品产业园由华润建设"
    spans = _spans(text, ("经贸合作示范区", "ZONE"), ("华润", "COMPANY"))
    assert partnered_zone_names(spans, text) == _spans(
        text, ("中国—上海合作组织地方经贸合作示范区", "ZONE"), ("中国—东盟（南宁）食品产业园", "ZONE"), ("华润", "COMPANY"))
    # A firm's span inside stays, and the name is left alone.
    firm = _spans("中国—东盟商贸物流园", ("中国—东盟商贸", "COMPANY"))
    assert partnered_zone_names(firm, "中国—东盟商贸物流园") == firm


def test_a_zone_takes_back_the_suffix_a_project_after_it_took():
    text = "新建月牙湖片区标准化厂房（四期）和滨河城市道路"
    spans = _spans(text, ("月牙湖", "ZONE"), ("片区标准化厂房（四期）", "PROJECT"), ("滨河", "ZONE"), ("城市道路", "PROJECT"))
    assert zones_cut_from_their_suffix(spans, text) == _spans(
        text, ("月牙湖片区", "ZONE"), ("标准化厂房（四期）", "PROJECT"), ("滨河", "ZONE"), ("城市道路", "PROJECT"))


def test_coordinated_projects_named_by_capacity_are_split():
    text = "建设年产80万吨化学浆及年产100万吨文化纸生产线，新建智能仓储及物流中心"
    spans = _spans(text, ("年产80万吨化学浆及年产100万吨文化纸生产线", "PROJECT"), ("智能仓储及物流中心", "PROJECT"))
    assert split_coordinated_projects(spans, text) == _spans(
        text, ("年产80万吨化学浆", "PROJECT"), ("年产100万吨文化纸生产线", "PROJECT"), ("智能仓储及物流中心", "PROJECT"))


def test_a_quarter_right_after_a_whole_zone_is_part_of_its_name():
    text = "天津经开区西区新增企业，珠峰开发区东区规划面积，开发区东区和汽车零部件产业园东区"
    spans = _spans(text, ("天津经开区", "ZONE"), ("西区", "ZONE"), ("珠峰开发区", "ZONE"), ("开发区", "ZONE"),
                   ("汽车零部件产业园", "ZONE"))
    assert join_zone_quarters(spans, text) == _spans(text, ("天津经开区西区", "ZONE"), ("珠峰开发区东区", "ZONE"),
                                                     ("开发区", "ZONE"), ("汽车零部件产业园", "ZONE"))
    text = "北京经开区路东片区和北京经开区商业航天产业园"
    spans = _spans(text, ("北京经开区", "ZONE"), ("路东片区", "ZONE"), ("北京经开区", "ZONE"), ("商业航天产业园", "ZONE"))
    assert join_zone_quarters(spans, text) == _spans(text, ("北京经开区路东片区", "ZONE"), ("北京经开区", "ZONE"),
                                                     ("商业航天产业园", "ZONE"))


def test_counts_the_tagger_left_untagged_are_figures():
    """`9 项区域评价` and `连续举办五届` report figures; ordinals (`第 4、7 项`, `序号 1 项目`), a determiner (`两个园区`) and
    characters the tagger took are left alone."""
    text = "完成水资源论证 9 项区域评价，第 4、7 项为新开工，序号 1 项目，连续举办五届论坛，两个园区，办结 1,326项。"
    taken = _spans(text, ("1,326项", "AMOUNT"))
    assert add_untagged_counts(taken, text) == sorted(taken + _spans(text, ("9 项", "AMOUNT"), ("五届", "AMOUNT")))


def test_a_name_takes_in_the_code_joined_to_its_own():
    """`PM7&PM8年产45万吨环保包装纸生产线`: the project opens at PM7; a figure, or a code not joined by & or +, stays."""
    text = "强伟三期项目PM7&PM8年产45万吨环保包装纸生产线，A级 PM9纸机，5&6号"
    spans = _spans(text, ("PM8年产45万吨环保包装纸生产线", "PROJECT"), ("PM9纸机", "PROJECT"), ("6号", "AMOUNT"))
    assert take_in_joined_codes(spans, text) == _spans(
        text, ("PM7&PM8年产45万吨环保包装纸生产线", "PROJECT"), ("PM9纸机", "PROJECT"), ("6号", "AMOUNT"))


def test_a_citys_district_is_no_zone():
    """`贺州市平桂区` is a place; `郑州市经开区` and `左云县工业园区` are zones of a city."""
    text = "贺州市平桂区与郑州市经开区、左云县工业园区合作"
    spans = _spans(text, ("贺州市平桂区", "ZONE"), ("郑州市经开区", "ZONE"), ("左云县工业园区", "ZONE"))
    assert drop_districts(spans, text) == spans[1:]
