"""Gold classes of relation candidates, and the report-zone rule for names in a sub-park."""

from __future__ import annotations

from models.components.neural_relations import RELATION_CLASSES, NeuralRelations
from models.doc import Triple
from models.linking import LinkContext, add_report_zones
from training.relations import candidate_labels, gold_context

TEXT = ("光电产业园新开工光伏组件项目，总投资5亿元。光伏组件项目年内投产。\n"
        "供稿：长治高新技术产业开发区")


PROJECT = "光伏组件项目"
FIRST, SECOND = TEXT.index(PROJECT), TEXT.rindex(PROJECT)
AMOUNT, ZONE = TEXT.index("5亿元"), TEXT.index("长治")


def _entity(index: int, label: str, start: int, end: int, **extra: str) -> dict:
    return {"id": index, "label": label, "start_offset": start, "end_offset": end, **extra}


def _record() -> dict:
    entities = [
        _entity(0, "ZONE", 0, 5, canonical="光电产业园"),
        _entity(1, "PROJECT", FIRST, FIRST + len(PROJECT)),
        _entity(2, "AMOUNT", AMOUNT, AMOUNT + 3),
        _entity(3, "PROJECT", SECOND, SECOND + len(PROJECT)),
        _entity(4, "ZONE", ZONE, len(TEXT), canonical="长治高新技术产业开发区"),
    ]
    relations = [
        {"id": 0, "from_id": 1, "to_id": 0, "type": "located_in"},  # only the first mention is linked
        {"id": 1, "from_id": 1, "to_id": 4, "type": "located_in"},
        {"id": 2, "from_id": 0, "to_id": 4, "type": "located_in"},
        {"id": 3, "from_id": 1, "to_id": 2, "type": "total_investment"},
    ]
    return {"id": "t-1", "text": TEXT, "entities": entities, "relations": relations, "meta": {}}


def test_every_mention_of_a_located_name_is_a_positive(rules_pipeline):
    record = _record()
    context = gold_context(rules_pipeline, record)
    _, candidates = NeuralRelations("relations").candidates(context)
    labels = candidate_labels(record, candidates)
    located = {(c.subject.start if c.subject else None, c.obj.start, c.zone)
               for c, label in zip(candidates, labels) if RELATION_CLASSES[label] == "located_in"}
    # Both mentions of the project: in the sub-park (a pair) and in the credited zone (the section's zone).
    for start in (FIRST, SECOND):
        assert (None, start, "长治高新技术产业开发区") in located
    assert (None, 0, "长治高新技术产业开发区") in located
    total = [(c.subject.start, c.obj.start) for c, label in zip(candidates, labels)
             if c.subject is not None and RELATION_CLASSES[label] == "total_investment"]
    assert total == [(FIRST, AMOUNT)]  # other predicates stay tied to the mentions the annotator linked


def test_a_name_in_a_sub_park_is_also_in_the_report_zone(rules_pipeline):
    doc = gold_context(rules_pipeline, _record()).doc
    project = next(s for s in doc.ents if s.label == "PROJECT")
    park = next(s for s in doc.ents if s.label == "ZONE" and s.canonical == "光电产业园")
    zone = next(s for s in doc.ents if s.label == "ZONE" and s.canonical == "长治高新技术产业开发区")
    in_park = Triple(project, "located_in", park, evidence=(0, 22), confidence=0.9, subject_canonical=None)
    park_in_zone = Triple(park, "located_in", zone, evidence=(0, 22), confidence=0.8, subject_canonical=park.canonical)
    keys = {t.key: t for t in add_report_zones(doc, [in_park, park_in_zone])}
    added = keys[("光伏组件项目", "located_in", "长治高新技术产业开发区")]
    assert added.confidence == 0.8 and added.evidence == (0, 22)
    # Without the sub-park's own link there is nothing to add.
    assert [t.key for t in add_report_zones(doc, [in_park])] == [in_park.key]


def test_a_signing_date_reaches_every_project_of_its_list_in_the_same_window(rules_pipeline):
    """A signing's date, then a long list: projects beyond `max_distance` of the date but inside its window still
    get a (far) candidate, so the list's last projects can be signed_on that date."""
    filler = "，".join(f"第{n}批企业代表发言" for n in range(12))
    text = f"5月16日，集中签约仪式举行。{filler}。签约项目有年产5万吨电池项目、智能装备制造基地。"
    date, first, last = text.index("5月16日"), text.index("年产5万吨电池项目"), text.index("智能装备制造基地")
    record = {"id": "t-2", "text": text, "meta": {}, "relations": [], "entities": [
        _entity(0, "DATE", date, date + 5, value="--05-16"),
        _entity(1, "PROJECT", first, first + len("年产5万吨电池项目")),
        _entity(2, "PROJECT", last, last + len("智能装备制造基地")),
    ]}
    relations = NeuralRelations("relations")
    assert last - (date + 5) > relations.config["max_distance"] and len(text) < relations.config["max_length"]
    _, candidates = relations.candidates(gold_context(rules_pipeline, record))
    signed = {c.subject.start for c in candidates if c.subject is not None and "signed_on" in c.allowed}
    assert signed == {first, last}


def test_names_of_a_sub_park_paragraph_are_paired_with_the_park(rules_pipeline):
    """`南海园：…` opens a paragraph about the park's projects; those beyond `max_distance` still get a located_in
    candidate with it, and a park named like 南海园 or 天津经开区西区 (no ZONE_SUFFIXES ending) is a zone."""
    filler = "，".join(f"园区第{n}季度产值稳步增长" for n in range(10))
    text = f"南海园：{filler}。新开工氢能装备制造基地项目。\n三水园：新能源汽车铝部件项目投产。\n供稿：佛山高新技术产业开发区"
    park, project = text.index("南海园"), text.index("氢能装备制造基地项目")
    other_park, other_project = text.index("三水园"), text.index("新能源汽车铝部件项目")
    zone = text.index("佛山高新")
    record = {"id": "t-3", "text": text, "meta": {}, "relations": [], "entities": [
        _entity(0, "ZONE", park, park + 3, canonical="南海园"),
        _entity(1, "PROJECT", project, project + len("氢能装备制造基地项目")),
        _entity(2, "ZONE", other_park, other_park + 3, canonical="三水园"),
        _entity(3, "PROJECT", other_project, other_project + len("新能源汽车铝部件项目")),
        _entity(4, "ZONE", zone, len(text), canonical="佛山高新技术产业开发区"),
    ]}
    relations = NeuralRelations("relations")
    assert project - (park + 3) > relations.config["max_distance"]
    _, candidates = relations.candidates(gold_context(rules_pipeline, record))
    located = {(c.subject.start, c.obj.start) for c in candidates
               if c.subject is not None and "located_in" in c.allowed}
    assert (project, park) in located and (other_project, other_park) in located
    assert (other_project, park) not in located  # another paragraph, another park


def test_a_zone_named_in_an_event_takes_no_figures(rules_pipeline):
    text = "举办2023数智新城产业发展大会，累计签约项目25个。\n供稿：阳泉高新技术产业开发区"
    event_zone, figure, zone = text.index("数智新城"), text.index("25个"), text.index("阳泉")
    record = {"id": "t-4", "text": text, "meta": {}, "relations": [], "entities": [
        _entity(0, "ZONE", event_zone, event_zone + 4, canonical="数智新城"),
        _entity(1, "AMOUNT", figure, figure + 3, value="25 个 count"),
        _entity(2, "ZONE", zone, len(text), canonical="阳泉高新技术产业开发区"),
    ]}
    _, candidates = NeuralRelations("relations").candidates(gold_context(rules_pipeline, record))
    metric = {(c.subject.start if c.subject else c.zone) for c in candidates
              if c.obj.start == figure and "metric" in c.allowed}
    assert "阳泉高新技术产业开发区" in metric and event_zone not in metric  # the section's zone, not the event's


def test_the_count_of_a_ranking_field_is_no_candidate(rules_pipeline):
    text = "高新区营业收入增长8%，在全国 178 家国家高新区综合评价中排名前移 9 位，新增企业45家。\n供稿：阳泉高新技术产业开发区"
    figures = {f: text.index(f) for f in ("8%", "178 家", "9 位", "45家")}
    zone = text.index("阳泉")
    record = {"id": "t-6", "text": text, "meta": {}, "relations": [], "entities": [
        *(_entity(n, "AMOUNT", start, start + len(f)) for n, (f, start) in enumerate(figures.items())),
        _entity(9, "ZONE", zone, len(text), canonical="阳泉高新技术产业开发区"),
    ]}
    context = gold_context(rules_pipeline, record)
    _, candidates = NeuralRelations("relations").candidates(context)
    objects = {context.text[c.obj.start : c.obj.end] for c in candidates}  # the view drops the spaces
    assert "178家" not in objects and {"8%", "9位", "45家"} <= objects


def test_a_date_carries_the_event_its_sentence_tells_of(rules_pipeline):
    """The `event` pair feature: the cue nearest the date in its sentence (signing 1, start 2, completion 3, none 0),
    so a ceremony's date tells every far project of the list which event it was."""
    text = ("9月26日上午，新区第三批重大项目集中开工仪式举行。储能超级工厂总投资50亿元，计划2025年底建成投产。"
            "5月8日，园区与多家企业签约。")
    dates = {"9月26日": "--09-26", "2025年底": "2025-12", "5月8日": "--05-08"}
    record = {"id": "t-5", "text": text, "meta": {}, "relations": [], "entities": [
        _entity(0, "PROJECT", text.index("储能超级工厂"), text.index("储能超级工厂") + 6),
        *(_entity(n, "DATE", text.index(d), text.index(d) + len(d), value=v) for n, (d, v) in enumerate(dates.items(), 1)),
    ]}
    _, candidates = NeuralRelations("relations").candidates(gold_context(rules_pipeline, record))
    events = {text[c.obj.start : c.obj.end]: c.pair_features[-1] for c in candidates if c.obj.label == "DATE"}
    assert events == {"9月26日": 2, "2025年底": 3, "5月8日": 1}
    assert all(c.pair_features[-1] == 0 for c in candidates if c.obj.label != "DATE")


def test_located_in_needs_a_higher_probability_than_other_predicates(rules_pipeline):
    """`predicate_thresholds`: a located_in at 0.65 is dropped, a builds at 0.65 is kept (the global bar is 0.5)."""
    import numpy as np

    from models.components.neural_relations import Candidate

    context = gold_context(rules_pipeline, _record())
    project = next(m for m in context.mentions if m.label == "PROJECT")
    park = next(m for m in context.mentions if m.label == "ZONE")
    relations = NeuralRelations("relations")
    located = Candidate(0, project, park, ["located_in"], [0, 0, 0, 1, 0])
    built = Candidate(0, park, project, ["builds"], [0, 0, 0, 1, 0])  # labels do not matter to the threshold
    probabilities = np.zeros((2, len(RELATION_CLASSES)), dtype=np.float32)
    probabilities[0, RELATION_CLASSES.index("located_in")], probabilities[0, 0] = 0.65, 0.35
    probabilities[1, RELATION_CLASSES.index("builds")], probabilities[1, 0] = 0.65, 0.35
    kept = relations._exclusive([located, built], probabilities)
    assert [c for c, _ in kept] == [built]


def test_located_in_bar_depends_on_the_label_of_the_triples_subject():
    """`subject_thresholds`: a firm's located_in at 0.6 is kept against a bar of 0.5 for companies, a project's at 0.6
    is dropped against the predicate's 0.7; for the section's zone (no subject mention) the firm is the object."""
    import numpy as np

    from models.components.neural_relations import Candidate
    from models.doc import Span
    from models.linking import Mention

    def mention(start: int, label: str) -> Mention:
        return Mention(Span(start, start + 4, label, "名称名称"), start, start + 4, 0)

    firm, project, park = mention(0, "COMPANY"), mention(10, "PROJECT"), mention(20, "ZONE")
    relations = NeuralRelations("relations", subject_thresholds={"located_in": {"COMPANY": 0.5}})
    candidates = [Candidate(0, firm, park, ["located_in"], [0, 0, 0, 1, 0]),
                  Candidate(0, project, park, ["located_in"], [0, 0, 0, 1, 0]),
                  Candidate(0, None, firm, ["located_in"], [11, 2, 0, 0, 0], zone="长治高新技术产业开发区")]
    probabilities = np.zeros((3, len(RELATION_CLASSES)), dtype=np.float32)
    probabilities[:, RELATION_CLASSES.index("located_in")], probabilities[:, 0] = 0.6, 0.4
    kept = relations._exclusive(candidates, probabilities)
    assert [c for c, _ in kept] == [candidates[0], candidates[2]]
    # `pair_thresholds`: a pair of two mentions needs 0.9 here, the section's zone 0.5; companies keep their own bar.
    relations = NeuralRelations("relations", subject_thresholds={"located_in": {"COMPANY": 0.5}},
                                pair_thresholds={"located_in": 0.9}, predicate_thresholds={"located_in": 0.5})
    projects = [candidates[1], Candidate(0, None, project, ["located_in"], [11, 2, 0, 0, 0], zone="长治高新技术产业开发区")]
    kept = relations._exclusive(candidates[:1] + projects, probabilities)
    assert [c for c, _ in kept] == [candidates[0], projects[1]]


def test_a_figure_no_subject_won_goes_to_its_likeliest_capacity(rules_pipeline):
    """`fallback_thresholds`: an AMOUNT whose every candidate reads `none` still goes to the subject with the highest
    P(capacity) when that reaches 0.2; below the bar, or when a subject won the figure, nothing is added."""
    import numpy as np

    from models.components.neural_relations import Candidate

    context = gold_context(rules_pipeline, _record())
    first, second = [m for m in context.mentions if m.label == "PROJECT"]
    figure = next(m for m in context.mentions if m.label == "AMOUNT")
    relations = NeuralRelations("relations")
    allowed = ["total_investment", "invested", "capacity"]
    pairs = [Candidate(0, first, figure, allowed, [0, 0, 0, 1, 0]), Candidate(0, second, figure, allowed, [0, 0, 0, 1, 0])]
    capacity = RELATION_CLASSES.index("capacity")

    def kept(first_capacity: float, second_capacity: float, winner: str | None = None) -> list:
        probabilities = np.zeros((2, len(RELATION_CLASSES)), dtype=np.float32)
        probabilities[:, capacity] = first_capacity, second_capacity
        probabilities[:, 0] = 1 - probabilities[:, capacity]
        if winner is not None:
            probabilities[1] = 0
            probabilities[1, RELATION_CLASSES.index(winner)] = 0.9
        return [(c.subject, RELATION_CLASSES[int(p.argmax())]) for c, p in relations._exclusive(pairs, probabilities)]

    assert kept(0.25, 0.35) == [(second, "capacity")]
    assert kept(0.1, 0.15) == []
    assert kept(0.35, 0.0, winner="total_investment") == [(second, "total_investment")]


def test_every_project_of_a_same_day_list_gets_the_events_date(rules_pipeline):
    """`同日开工的还有…`: the projects listed get the date of the start told of before (not the signing's date), unless
    they already have one."""
    text = ("5月8日，园区与多家企业签约。9月16日，高新区举行重大项目集中开工仪式，北斗产业基地开工。"
            "同日开工的还有：纤维项目、智能电机工厂等。")
    names = [("5月8日", "DATE"), ("9月16日", "DATE"), ("北斗产业基地", "PROJECT"), ("纤维项目", "PROJECT"),
             ("智能电机工厂", "PROJECT")]
    record = {"id": "t-6", "text": text, "meta": {}, "relations": [], "entities": [
        _entity(n, label, text.index(name), text.index(name) + len(name)) for n, (name, label) in enumerate(names)]}
    context = gold_context(rules_pipeline, record)
    relations = NeuralRelations("relations")
    motor = next(m for m in context.mentions if m.span.text == "智能电机工厂")
    start = next(m for m in context.mentions if m.span.text == "9月16日")
    from models.linking import make_triple
    from models.schema import Predicate

    already = make_triple(context, motor, Predicate.started_on, start, 0.95)
    added = relations._add_same_event_lists(context, [already])
    assert [t.key for t in added] == [("智能电机工厂", "started_on", "9月16日"), ("纤维项目", "started_on", "9月16日")]


def test_projects_of_a_paragraph_opening_with_a_sub_park_are_in_that_park(rules_pipeline):
    """`（一）做强光电产业园。…`: each project of the paragraph is in the park (and so in the report's zone) up to another
    zone's name; firms are left to the model, and a paragraph that opens with the report's own zone adds nothing."""
    text = ("长治高新技术产业开发区2025年工作思路\n"
            "（一）做强光电产业园。芯片封装扩产项目上半年开工，高科华烨扩能；漳泽园标准化厂房9月交付。\n"
            "长治高新区人才公寓年底前交付。")
    names = [("长治高新技术产业开发区", "ZONE"), ("光电产业园", "ZONE"), ("芯片封装扩产项目", "PROJECT"),
             ("高科华烨", "COMPANY"), ("漳泽园", "ZONE"), ("标准化厂房", "PROJECT"), ("长治高新区", "ZONE"),
             ("人才公寓", "PROJECT")]
    record = {"id": "t-7", "text": text, "meta": {}, "relations": [], "entities": [
        _entity(n, label, text.index(name), text.index(name) + len(name)) for n, (name, label) in enumerate(names)]}
    context = gold_context(rules_pipeline, record)
    added = NeuralRelations("relations")._add_park_paragraph_projects(context, [])
    assert [t.key for t in added] == [("芯片封装扩产项目", "located_in", "光电产业园")]


def test_projects_of_the_section_a_sub_park_heads_are_in_that_park(rules_pipeline):
    """`（二）高端装备与氢能产业园。…` heads a section of numbered projects: they are in the park, up to the next heading."""
    text = ("西安经济技术开发区2025年重点项目\n（二）高端装备与氢能产业园。该园区位于经开区北部。\n5. 电解槽二期项目：总投资11亿元。\n"
            "6. 加氢综合能源站：总投资1.2亿元。\n（三）草滩数字经济港。\n7. 算力中心一期：总投资16亿元。\n")
    names = [("西安经济技术开发区", "ZONE"), ("高端装备与氢能产业园", "ZONE"), ("经开区", "ZONE"), ("电解槽二期项目", "PROJECT"),
             ("加氢综合能源站", "PROJECT"), ("草滩数字经济港", "ZONE"), ("算力中心一期", "PROJECT")]
    record = {"id": "t-8", "text": text, "meta": {}, "relations": [], "entities": [
        _entity(n, label, text.index(name), text.index(name) + len(name)) for n, (name, label) in enumerate(names)]}
    context = gold_context(rules_pipeline, record)
    added = NeuralRelations("relations")._add_park_paragraph_projects(context, [])
    assert [t.key for t in added] == [("电解槽二期项目", "located_in", "高端装备与氢能产业园"),
                                      ("加氢综合能源站", "located_in", "高端装备与氢能产业园"),
                                      ("算力中心一期", "located_in", "草滩数字经济港")]


def test_an_unwon_count_of_a_fallback_unit_is_the_zones_figure_at_its_units_bar(rules_pipeline):
    """`惠及 80 余户` with P(metric) 0.17 goes to the section's zone (户's bar is 0.1); `建成 3 座` at the same
    probability does not (no bar for 座), nor does 户 below its bar."""
    import numpy as np

    text = "惠及 80 余户经营主体，建成 3 座，新增 5 户。\n供稿：阳泉高新技术产业开发区"
    pieces = [("80 余户", "AMOUNT"), ("3 座", "AMOUNT"), ("5 户", "AMOUNT"), ("阳泉高新技术产业开发区", "ZONE")]
    record = {"id": "t-5", "text": text, "meta": {}, "relations": [], "entities": [
        _entity(i, label, text.index(p), text.index(p) + len(p)) for i, (p, label) in enumerate(pieces)]}
    context = LinkContext.from_doc(rules_pipeline.get("normaliser")(gold_context(rules_pipeline, record).doc))
    relations = NeuralRelations("relations")
    _, candidates = relations.candidates(context)
    metric = RELATION_CLASSES.index("metric")
    probabilities = np.zeros((len(candidates), len(RELATION_CLASSES)), dtype=np.float32)
    for row, candidate in enumerate(candidates):
        probabilities[row, metric] = 0.05 if candidate.obj.span.text == "5 户" else 0.17
        probabilities[row, 0] = 1 - probabilities[row, metric]
    won = relations.triples(context, candidates, probabilities)
    assert [(t.key, t.confidence) for t in won] == [(("阳泉高新技术产业开发区", "metric", "80余户"), 0.17)]
