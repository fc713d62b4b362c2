"""The validator: each kind of problem is found and reported with its code."""

from __future__ import annotations

import copy

import pytest

from training.validate import check_record, main, missing_parent_zones, split_short_firms

RECORD = {
    "id": "doc-1",
    "text": "盂县经济技术开发区总投资10.5亿元。",
    "entities": [
        {"id": 0, "label": "ZONE", "start_offset": 0, "end_offset": 9, "canonical": "盂县经济技术开发区"},
        {"id": 1, "label": "AMOUNT", "start_offset": 12, "end_offset": 18,
         "value": {"value": 1050000000, "unit": "元", "kind": "money"}},
    ],
    "relations": [{"id": 0, "from_id": 0, "to_id": 1, "type": "metric", "attribute": "总投资"}],
    "meta": {"kind": "annual_summary", "province": "山西", "source": "written"},
}


def codes(record):
    return [error.code.name for error in check_record(record)]


def test_clean_record_has_no_problems():
    assert codes(RECORD) == []


@pytest.mark.parametrize(("edit", "code"), [
    (lambda r: r["entities"][1].update(end_offset=99), "E301"),
    (None, "E302"),  # a span that starts with white space (set up below)
    (lambda r: r["entities"][0].update(label="PARK"), "E303"),
    (lambda r: r["entities"][1].update(start_offset=8), "E304"),
    (lambda r: r["relations"][0].update(type="owns"), "E305"),
    (lambda r: r["relations"][0].update(type="builds"), "E306"),
    (lambda r: r["entities"][1].update(value={"value": "ten", "unit": "元", "kind": "money"}), "E307"),
    (lambda r: r["relations"][0].update(to_id=7), "E308"),
    (lambda r: r["entities"][1].update(id=0), "E309"),
    (lambda r: r["relations"][0].pop("attribute"), "E310"),
    (lambda r: r["relations"].append(dict(r["relations"][0], id=1)), "E312"),
    (lambda r: r["entities"][0].update(canonical="盂县经开区"), "E314"),  # a name the text never writes
])
def test_each_problem_is_found(edit, code):
    record = copy.deepcopy(RECORD)
    if code == "E302":
        record["text"] = record["text"].replace("10.5亿元", " 10.5亿元")[:-1]
        record["entities"][1].update(start_offset=12, end_offset=19)
    else:
        edit(record)
    assert code in codes(record)


def test_empty_text_is_a_problem():
    assert codes({**RECORD, "text": "  "}) == ["E311"]


def test_corpus_validates(capsys):
    status = main(["annotations/"])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "0 problems" in out and "labels:" in out and "provinces:" in out


def test_short_firm_split_off_a_project_is_reported_for_review():
    text = "比亚迪长春零部件项目开工，长春一汽有限公司新能源项目同日开工。"
    entities = [{"id": 1, "label": "COMPANY", "start_offset": 0, "end_offset": 3},
                {"id": 2, "label": "PROJECT", "start_offset": 3, "end_offset": 10},
                {"id": 3, "label": "COMPANY", "start_offset": 13, "end_offset": 21},
                {"id": 4, "label": "PROJECT", "start_offset": 21, "end_offset": 26}]
    assert split_short_firms({"text": text, "entities": entities}) == [("比亚迪", "长春零部件项目")]


def _sub_park_record(links):
    text = "西宁经济技术开发区东川工业园区新入驻青海某某新材料有限公司。"
    return {
        "id": "doc-2", "text": text,
        "entities": [
            {"id": 0, "label": "ZONE", "start_offset": 0, "end_offset": 9},
            {"id": 1, "label": "ZONE", "start_offset": 9, "end_offset": 15},
            {"id": 2, "label": "COMPANY", "start_offset": 18, "end_offset": 29},
        ],
        "relations": [{"id": i, "from_id": s, "to_id": o, "type": "located_in"} for i, (s, o) in enumerate(links)],
    }


def test_a_firm_of_a_sub_park_must_be_in_the_zone_too():
    missing = missing_parent_zones(_sub_park_record([(1, 0), (2, 1)]))
    assert [(e.code.name, e.fields["parent"]) for e in missing] == [("E315", "西宁经济技术开发区")]
    assert missing_parent_zones(_sub_park_record([(1, 0), (2, 1), (2, 0)])) == []
