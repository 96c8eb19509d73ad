"""The seed report (泽州县 2025, corpora/reports) end to end: exact values from the document."""
from __future__ import annotations

import re

import pytest

DEPUTIES_TITLES = [
    ("蔡大春", "关于完善泽州县养老服务体系的建议"),
    ("刘彩俊", "关于整合农村教育资源，合理有效利用资源的建议"),
    ("卫小鹰", "关于南村中学改扩建项目的建议"),
    ("晋江涛", "关于建设泽州县120急救指挥中心的建议"),
    ("焦素琴", "关于加快泽州县产业结构调整、培育新兴产业的建议"),
    ("赵燕枝", "关于强化地方金融机构支持小微企业发展的建议"),
    ("潘婷", "关于支持帮助煤化工企业开展固废综合利用的建议"),
    ("任素芳", "关于解决农村居民冬季供暖问题的建议"),
    ("高军朝", "关于完善丹河新城基础设施的建议"),
    ("张军锋", "关于加大发展山里泉旅游景区力度的建议"),
    ("来维敏", "关于加大农村人居环境整治的建议"),
    ("邢剑虹", "关于解决泽州县就业问题的建议"),
    ("任艺华", "关于协调乡投公司建立秸秆综合利用收储场的建议"),
    ("刘立新", "关于解决晋庙铺镇群众饮水困难问题的建议"),
    ("苏春华", "关于保留南村高速口的建议"),
    ("王萌", "关于优化318路公交车线路的建议"),
]


@pytest.fixture(params=["seed_md", "seed_pdf"])
def seed(request):
    return request.getfixturevalue(request.param)


def test_seed_all_sixteen_deputies_and_titles(seed):
    got = [(s["deputies"], s["title"]) for s in seed.record["suggestions"]]
    assert got == [([d], t) for d, t in DEPUTIES_TITLES]


def test_seed_report_fields(seed):
    rep = seed.record["report"]
    assert rep["kind"] == "summary_report"
    assert rep["body"] == "npc"
    assert (rep["jurisdiction"], rep["admin_level"], rep["province"], rep["city"], rep["admin_code"]) == (
        "泽州县", "county", "山西省", "晋城市", "140525")
    assert rep["source_session"] == "县七届人大七次会议"
    assert rep["meeting"] == "县七届人大常委会第四十二次会议"
    assert rep["report_date"] == "2025-10-31"
    assert rep["reporter"] == {"name": "刘宽利", "title": "县政府办公室主任"}
    assert rep["total"] == 174
    assert rep["completed_date"] == "2025-09-06"
    assert rep["rates"] == {"面商率": 100.0, "办复率": 100.0, "满意率": 96.8}


def test_seed_title_only_in_rendition(seed_md, seed_pdf):
    assert seed_md.record["report"]["title"] is None
    assert seed_pdf.record["report"]["title"] == "关于县七届人大七次会议以来人大代表建议、批评和意见办理情况的报告"


def test_seed_outcome_classes(seed):
    rows = {(o["scope"], o["category"]): (o["count"], o["percent"]) for o in seed.record["report"]["outcomes"]}
    assert rows == {
        ("key", "all"): (12, None), ("key", "solved"): (8, None), ("key", "in_progress"): (4, None),
        ("all", "solved"): (118, 67.6), ("all", "planned"): (52, 30.0), ("all", "explained"): (4, 2.4),
    }


def test_seed_percent_mismatch_is_flagged(seed_md):
    codes = [w["code"] for w in seed_md.record["warnings"]]
    assert codes == ["W_PERCENT_MISMATCH"]  # 118/174 is 67.8%, the report prints 67.6%


def test_seed_sections_key_and_outcomes(seed):
    sugs = seed.record["suggestions"]
    assert [s["is_key"] for s in sugs] == [True] * 12 + [False] * 4
    assert [s["section"] for s in sugs] == ["key"] * 12 + ["solved", "planned", "explained", "explained"]
    assert [s["outcome"] for s in sugs] == [None] * 12 + ["solved", "planned", "explained", "explained"]


def test_seed_topics_from_gold(seed, gold):
    assert [s["topic"] for s in seed.record["suggestions"]] == [s["topic"] for s in gold["suggestions"]]


@pytest.mark.parametrize("seq,kind,value,unit,qualifier,per", [
    (8, "households", 85088, "户", None, None),
    (8, "area", 8208000, "m2", "approx", None),
    (14, "money", 170000000, "CNY", None, None),
    (14, "money", 70437700, "CNY", None, None),
    (14, "length", 92920, "m", None, None),
    (5, "mass", 1500000, "t", None, "年"),
    (13, "money", 25, "CNY", None, "亩"),
    (13, "area", 53333333.3333, "m2", None, None),
    (11, "length", 1000, "m", "at_most", None),
    (2, "percent", 60, "%", "more_than", None),
])
def test_seed_figures(seed, seq, kind, value, unit, qualifier, per):
    hits = [f for f in seed.record["figures"] if f["seq"] == seq and f["kind"] == kind
            and abs(f["value"] - value) < 0.01]
    assert len(hits) == 1
    assert (hits[0]["unit"], hits[0]["qualifier"], hits[0]["per"]) == (unit, qualifier, per)


@pytest.mark.parametrize("seq,raw,about", [
    (2, "37所", "小学校有"),                     # was 小学校有36所位 (the next figure, cut inside 位于)
    (2, "22所", "初中学校除"),                   # was 初中学校除4所县 (the next figure, cut inside 县直)
    (2, "4所", "县直九年一贯制学校"),             # was 县直九年一贯制学 (cut inside 学校)
    (2, "超过60%", "在校生中农村学生占比"),        # was 生中农村学生占比 (cut inside 在校生)
    (11, "1公里内", "主线"),                      # was 44个村全部达到 (the next figure's number)
    (14, "1.7亿元", "南部水网工程已投资"),         # was 部水网工程已投资 (cut inside 南部)
    (None, "52件", "计划正在逐步解决的"),          # was 划正在逐步解决的 (cut inside 计划)
    (8, "85088户", "集中供暖改造"),
    (13, "141台", "秸秆利用专用机械"),
])
def test_seed_figure_about_whole_words(seed, seq, raw, about):
    """``about`` is whole jieba words next to the figure, without a neighbouring figure's number
    (``raw`` here without its spaces and line breaks, which differ between the renditions)."""
    hits = [f["about"] for f in seed.record["figures"] if f["seq"] == seq and "".join(f["raw"].split()) == raw]
    assert hits == [about]


def test_seed_figure_about_holds_no_digit(seed):
    assert [f["about"] for f in seed.record["figures"] if re.search(r"\d", f["about"])] == []


def test_seed_figures_inside_suggestions_match_gold(seed, gold):
    got = sorted((f["seq"], f["kind"], round(f["value"], 1)) for f in seed.record["figures"] if f["seq"])
    want = sorted((f["seq"], f["kind"], round(f["value"], 1)) for f in gold["figures"])
    assert got == want and len(got) == 44


def test_seed_title_spans_cut_the_title(seed):
    """Each title, cut from the source by its span (whitespace removed), equals the title."""
    ext = seed
    for s in ext.record["suggestions"]:
        sp = s["span"]
        assert ext.text.text[sp["start"]:sp["end"]] == s["title"]
        source = ext.text.source_slice(ext.loaded.pages, sp["start"], sp["end"])
        assert re.sub(r"\s+", "", source) == s["title"]


def test_seed_pdf_spans_carry_pages(seed_pdf):
    pages = [s["span"]["page"] for s in seed_pdf.record["suggestions"]]
    assert pages[0] == 1 and pages[-1] == 10 and pages == sorted(pages)  # 王萌: page 10


def test_seed_figure_raw_as_written(seed_md):
    raws = {f["raw"] for f in seed_md.record["figures"]}
    assert {"约 820.8 万平方米", "85088 户", "1.7 亿元", "92.92km", "1 公里内"} <= raws
