"""Issue 4: the wording kinds governments publish, table-driven (input text → exact values).

Inputs are short passages written in the forms real reports, reply letters, lists and news items
use (names invented where a person is named); each row is one behaviour.
"""
from __future__ import annotations

import pytest

from pipeline.errors import BanliError
from pipeline.extract_document import extract_file


@pytest.fixture
def extract(tmp_path):
    def run(text: str) -> dict:
        p = tmp_path / "doc.txt"
        p.write_text(text, encoding="utf-8")
        return extract_file(p).record
    return run


HEAD = "关于县十八届人大三次会议代表建议办理情况的报告\n"


@pytest.mark.parametrize("body,expected", [
    ("共办理建议118件，见面率、答复率、满意率（含基本满意）均为100%。", {"见面率": 100.0, "答复率": 100.0, "满意率": 100.0}),
    ("共办理建议109件，办复率百分之百，满意率百分之九十七点三。", {"办复率": 100.0, "满意率": 97.3}),
    ("共办理建议120件，办理工作满意率和办理结果满意率分别为98.5%和97.2%。", {"办理工作满意率": 98.5, "办理结果满意率": 97.2}),
    ("共办理建议120件，比上年增长10.3%，办复率100%。", {"办复率": 100.0}),  # a growth rate is not a rate
])
def test_wording_rates(extract, body, expected):
    assert extract(HEAD + body)["report"]["rates"] == expected


@pytest.mark.parametrize("body,expected", [
    ("县十八届人大三次会议以来，共办理代表建议 118 件，涉及承办单位 37 个，比上年增加 11 件。五年来累计办理代表建议 612 件。", 118),
    ("代表们提出建议、批评和意见共计一百零七件，办复率100%。", 107),
    ("共收到提案163件，经提案委员会审查立案148件，其中集体提案21件。", 148),
    ("市人大常委会交由市政府办理的代表建议229件，其中重点督办建议15件。", 229),
    ("代表提出的9160件建议均已办结。其中，2510名代表提出建议8972件。今年的9160件建议中……", 9160),
    ("确定重点督办建议9件，办复率100%。", None),
    # the handled subset of what was submitted (trial documents, 2009 武汉 CPPCC news and 2017 四川 NPC news)
    ("共收到提案835件，其中交由市政府及有关部门和单位办理的801件，均已办复。", 801),
    ("代表共提出建议856件，其中归属省政府系统组织办理的建议778件，均已办理完毕。", 778),
    ("共收到提案629件，经审查立案交有关单位办理的621件，已全部办复。", 621),
    ("代表共提出议案建议180件，其中166件交区政府办理，所有议案建议均在法定期限内办复。", 166),
    # a motion count listed before the suggestion count is not the total (a 2024 city report)
    ("市政府承办的议案1件、代表建议93件，已全部办结。", 93),
    ("今年共承办区二届人大四次会议代表建议154件，已全部办复完毕。", 154),
    ("不予立案的提案12件，经审查立案的提案130件。", 130),
    # both bodies counted together: one joint total, as a department's summary gives it (2023 浙江 交办会 news)
    ("今年共需要承办建议提案1599件，包括代表建议891件、政协提案708件，目前办复率98%。", 1599),
])
def test_wording_totals(extract, body, expected):
    assert extract(HEAD + body)["report"]["total"] == expected


def _outcomes(rec):
    return {(o["scope"], o["category"], o["count"], o["percent"]) for o in rec["report"]["outcomes"]}


@pytest.mark.parametrize("body,expected", [
    # lettered classes, letter after the label
    ("共办理建议118件。已经解决或基本解决的 A 类建议 52 件，占 44.1%；正在解决或有关工作已经启动的 B 类建议 41 件，占 34.7%。",
     {("all", "solved", 52, 44.1), ("all", "in_progress", 41, 34.7)}),
    # letter before its label
    ("共办理建议229件。A类（已经解决或基本解决）126件，B类（正在解决）58件，C类（列入计划逐步解决）36件，D类（因条件限制留作参考）9件。",
     {("all", "solved", 126, None), ("all", "in_progress", 58, None), ("all", "planned", 36, None), ("all", "explained", 9, None)}),
    # merged class → other; 列入计划 + 正在 → planned
    ("共办理提案148件。所提问题已经解决或采纳的67件，占45.3%；正在解决或列入计划解决的62件，占41.9%。",
     {("all", "solved", 67, 45.3), ("all", "other", 62, 41.9)}),
    ("共办理建议174件。建议所提问题列入计划正在逐步解决的 52 件，占办结总数的 30%。", {("all", "planned", 52, 30.0)}),
    # unlettered Chinese-numeral classes
    ("共办理建议一百零九件。已经解决或基本解决的六十三件，占百分之五十七点八；正在解决的二十五件。",
     {("all", "solved", 63, None), ("all", "in_progress", 25, None)}),
    # 甲/乙/丙 after the count; the last tier of three is named by its wording
    ("共办理建议652件。所提问题已经解决或基本解决的312件(甲类)，占47.9%；正在解决或列入计划逐步解决的251件(乙类)，占38.5%；因条件所限需今后研究解决或留作参考的89件(丙类)，占13.7%。",
     {("all", "solved", 312, 47.9), ("all", "in_progress", 251, 38.5), ("all", "explained", 89, 13.7)}),
    # the key subset
    ("共办理建议118件。确定重点督办建议 9 件，目前已解决 6 件，正在解决 3 件。",
     {("key", "all", 9, None), ("key", "solved", 6, None), ("key", "in_progress", 3, None)}),
])
def test_wording_outcome_classes(extract, body, expected):
    assert _outcomes(extract(HEAD + body)) == expected


@pytest.mark.parametrize("body,expected", [
    ("共办理建议136件。按内容划分：财政经济类27件，占19.9%；城乡建设与环境保护类38件，占27.9 %。",
     [("财政经济", 27, 19.9), ("城乡建设与环境保护", 38, 27.9)]),
    ("收到代表建议164件。从内容看，涉及城乡建设和基础设施的58件，占35.4%；涉及农业农村的34件，占20.7%；其他8件，占4.9%。",
     [("城乡建设和基础设施", 58, 35.4), ("农业农村", 34, 20.7), ("其他", 8, 4.9)]),
    ("共收到提案312件，立案287件，其中集体提案46件，委员个人和联名提案241件。", []),  # a proposer split
    # 涉及 only before the first row, 方面的 on every row: all four rows (two were lost)
    ("代表共提出建议120件。从内容看，涉及城乡建设方面的45件，教育卫生方面的30件，农业农村方面的25件，其他方面的20件。",
     [("城乡建设", 45, None), ("教育卫生", 30, None), ("农业农村", 25, None), ("其他", 20, None)]),
])
def test_wording_breakdown(extract, body, expected):
    got = [(b["label"], b["count"], b["percent"]) for b in extract(HEAD + body)["report"]["breakdown"]]
    assert got == expected


@pytest.mark.parametrize("text,body", [
    (HEAD + "共办理代表建议118件。", "npc"),
    ("关于市政协十届二次会议提案办理情况的报告\n共收到委员提案312件，立案287件，其中集体提案46件。", "cppcc"),
    ("贵州省水利厅2022年建议提案办理工作总结\n我厅共承办省人大代表建议和省政协提案143件。", None),
])
def test_wording_body(extract, text, body):
    assert extract(text)["report"]["body"] == body


LETTER = """曲靖市交通运输局对市六届人大四次会议第0036号建议的答复
莒住建函〔2024〕17号
聂春林等5名代表：
你们提出的《关于改造提升沾益至马龙旧路的建议》（第0036号）已转我局办理，现答复如下：
经初步测算，改造需投资3000-4000万元。在正式改造前，我局将安排养护资金约180万元。
办复类别：C类
曲靖市交通运输局
2024年8月2日"""


def test_wording_reply_letter(extract):
    rec = extract(LETTER)
    assert rec["report"]["kind"] == "reply_letter" and rec["report"]["total"] is None
    assert rec["report"]["outcomes"] == []
    [s] = rec["suggestions"]
    assert (s["deputies"], s["title"], s["number"], s["outcome"]) == (
        ["聂春林"], "关于改造提升沾益至马龙旧路的建议", 36, "planned")
    money = [(f["value"], f["value_max"], f["qualifier"]) for f in rec["figures"] if f["kind"] == "money"]
    assert money == [(30000000, 40000000, None), (1800000, None, "approx")]
    assert rec["report"]["report_date"] == "2024-08-02"


@pytest.mark.parametrize("header,expected_deputies,expected_outcome", [
    ("建议号：137号\n领衔代表：鲁红梅\n附议代表：邹德兵、向敏超\n案　由：关于解决九龙村饮水困难的建议\n办理结果：B\n",
     ["鲁红梅", "邹德兵", "向敏超"], "in_progress"),
    ("类 别：A\n", ["鲁红梅"], "solved"),
    ("A\n", ["鲁红梅"], "solved"),
])
def test_wording_reply_letter_class_markers(extract, header, expected_deputies, expected_outcome):
    text = (header + "秭归县水利和湖泊局关于县十八届人大三次会议第137号建议的答复\n鲁红梅等代表：\n"
            "你们提出的关于解决九龙村饮水困难的建议收悉，现答复如下：\n项目总投资142.6万元。\n2024年6月28日")
    [s] = extract(text)["suggestions"]
    assert (s["deputies"], s["title"], s["number"], s["outcome"]) == (
        expected_deputies, "关于解决九龙村饮水困难的建议", 137, expected_outcome)


def test_wording_cppcc_letter_split_quote_traditional(extract):
    text = ("顏志誠等委員：\n你們在政協永春縣第十五屆委員會第二次會議期間提出的“關於加快蘆柑產業提質增效” 的提案，"
            "已轉我局研究辦理，現將有關情況答覆如下：\n今年安排產業扶持資金486萬元。\n永春縣農業農村局\n2024年9月3日")
    rec = extract(text)
    [s] = rec["suggestions"]
    assert (s["deputies"], s["title"]) == (["颜志诚"], "关于加快芦柑产业提质增效的提案")
    assert rec["report"]["body"] == "cppcc"
    assert [f["value"] for f in rec["figures"] if f["kind"] == "money"] == [4860000]


def test_wording_list_table(extract):
    text = ("临安区十八届人大四次会议代表建议目录（部分）\n| 编号 | 案由 | 领衔代表 | 附议代表 | 主办单位 |\n|---|---|---|---|---|\n"
            "| 001 | 关于加快天目山镇污水管网改造的建议 | 俞建峰 | 许丽琴、章文斌 | 区住建局 |\n"
            "| 002 | 关于优化区内公交线路的建议 | 葛雨桐 |  | 区交通运输局 |\n")
    rec = extract(text)
    assert rec["report"]["kind"] == "suggestion_list"
    assert [(s["number"], s["deputies"], s["title"]) for s in rec["suggestions"]] == [
        (1, ["俞建峰", "许丽琴", "章文斌"], "关于加快天目山镇污水管网改造的建议"),
        (2, ["葛雨桐"], "关于优化区内公交线路的建议")]


def test_wording_list_flattened_with_results(extract):
    text = ("政协屏南县第十届委员会第二次会议提案办理情况一览表\n提案号 提案人 案由 主办单位 办理结果\n"
            "7 民革屏南县支部 关于加强古村落消防安全的建议 县消防救援大队 A\n"
            "18 郑启强等4位委员 关于改善县城中小学周边交通秩序的提案 县公安局 C\n")
    got = [(s["number"], s["deputies"], s["title"], s["outcome"]) for s in extract(text)["suggestions"]]
    assert got == [(7, ["民革屏南县支部"], "关于加强古村落消防安全的建议", "solved"),
                   (18, ["郑启强"], "关于改善县城中小学周边交通秩序的提案", "planned")]


def test_wording_notice_items_with_numbers(extract):
    text = ("河南省人民政府办公厅关于印发2024年重点督办建议的通知\n从代表提出的建议中遴选8件作为重点建议。\n一、重点督办建议及分工\n"
            "1.关于推进小麦种业振兴的建议（第0411号，冯立群、程雅楠代表提出。牵头单位：省农业农村厅）；\n"
            "2.关于完善城市更新配套政策的建议（第0589号，郜文杰等6位代表提出。牵头单位：省住房城乡建设厅）；\n")
    rec = extract(text)
    assert rec["report"]["total"] is None
    assert [(s["number"], s["deputies"], s["title"]) for s in rec["suggestions"]] == [
        (411, ["冯立群", "程雅楠"], "关于推进小麦种业振兴的建议"), (589, ["郜文杰"], "关于完善城市更新配套政策的建议")]


def test_wording_organisation_and_official_trap(extract):
    text = ("县政协召开重点提案办理协商会\n这3件重点提案分别是：副县长沈一鸣领办的、民建德清县总支提出的《关于推动地理信息产业集聚发展的建议》；"
            "副县长屠雅琴领办的、姚振宇等6名委员提出的《关于加快农村养老服务设施建设的提案》；以及县政协经济界别提出的《关于优化县域营商环境的提案》。"
            "截至目前，县政协十一届三次会议立案的168件提案已办复161件，办复率95.8%。")
    rec = extract(text)
    assert [(s["deputies"], s["title"]) for s in rec["suggestions"]] == [
        (["民建德清县总支"], "关于推动地理信息产业集聚发展的建议"), (["姚振宇"], "关于加快农村养老服务设施建设的提案"),
        (["县政协经济界别"], "关于优化县域营商环境的提案")]
    assert rec["report"]["total"] == 168


@pytest.mark.parametrize("text,expected", [
    ("截至2025年9月6日，所有建议全部办理完毕。", "2025-09-06"),
    ("截至二○二五年九月六日，所有建议全部办理完毕。", "2025-09-06"),
    ("截至 2025 年 9 月 6 日，所有建议全部办理完毕。", "2025-09-06"),
])
def test_wording_completed_dates(extract, text, expected):
    assert extract(HEAD + "共办理建议118件。" + text)["report"]["completed_date"] == expected


def test_wording_month_end_resolved_against_report_year(extract):
    text = ("关于县十九届人大四次会议代表建议办理情况的报告\n——二○二四年十一月十二日在县十九届人大常委会第二十一次会议上\n"
            "共办理建议一百零九件。截至九月底，一百零九件建议均已办结。")
    rep = extract(text)["report"]
    assert (rep["report_date"], rep["completed_date"], rep["meeting"]) == ("2024-11-12", "2024-09-30", "县十九届人大常委会第二十一次会议")


def test_wording_decimal_typo_flagged(extract):
    rec = extract(HEAD + "共办理建议107件，办复率100%，满意率92。5%。")
    assert rec["report"]["rates"]["满意率"] == 92.5
    assert [w["code"] for w in rec["warnings"]] == ["W_DECIMAL_TYPO"]


@pytest.mark.parametrize("text,code,candidates", [
    ("北京市朝阳区人民政府关于区十六届人大三次会议代表建议办理情况的报告\n区政府共办理建议200件。", "110105", []),
    ("朝阳区人民政府关于区十六届人大三次会议代表建议办理情况的报告\n区政府共办理建议200件。", None, ["110105", "220104"]),
])
def test_wording_jurisdiction_ambiguous_names(extract, text, code, candidates):
    rep = extract(text)["report"]
    assert rep["jurisdiction"] == "朝阳区" and rep["admin_level"] == "county"
    assert rep["admin_code"] == code
    assert rep.get("jurisdiction_candidates", []) == candidates


def test_wording_not_a_handling_document(tmp_path):
    p = tmp_path / "notice.txt"
    p.write_text("关于做好冬季供暖工作的通知\n各单位要做好供暖保障，确保群众温暖过冬。", encoding="utf-8")
    with pytest.raises(BanliError) as e:
        extract_file(p)
    assert e.value.code == "E_NOT_HANDLING_DOCUMENT"


@pytest.mark.parametrize("text,value", [
    ("一百零七", 107), ("一百○三", 103), ("二○二四", 2024), ("一、八三七", 1837), ("三百二十万", 3200000),
    ("１７４", 174),  # full-width digits parse too (the normaliser converts them first anyway)
])
def test_wording_chinese_numerals(text, value):
    from pipeline.extract.numbers import parse_number

    assert parse_number(text) == value


def test_wording_digit_by_digit_total(extract):
    assert extract(HEAD + "代表们共提出建议一、八三七件，办复率100%。")["report"]["total"] == 1837


def test_wording_outcome_given_only_as_percentage(extract):
    rec = extract(HEAD + "代表提出的9160件建议均已办结。其中，所提问题已经解决或列入计划逐步解决的，占建议总数的77.3%。")
    assert [(o["category"], o["count"], o["percent"]) for o in rec["report"]["outcomes"]] == [("other", None, 77.3)]


def test_wording_delegation_news_total(extract):
    """A news item about one delegation's own suggestions: its count is the total (elsewhere a
    代表团 count is a subset); last year's count and the increase are not."""
    rec = extract("港区代表团今年提交103件建议\n"
                  "【本报讯】港区全国人大代表团今年共提交建议一百○三件、议案两件，建议数目较去年的八十九件多出十四件。\n")
    assert rec["report"]["total"] == 103
    # a delegation's count inside a national summary stays a subset
    rec = extract("9160件代表建议件件有回音\n代表提出的9160件建议均已办结。其中，27个代表团以代表团名义提出建议188件。\n")
    assert rec["report"]["total"] == 9160


def test_wording_list_items_with_proposer_lines_not_joined(extract):
    """Numbered titles each followed by a 提案者： line, in a short hard-wrapped notice: the field
    line is never the wrapped rest of the title (it was glued on: 1 of 6 items found); a title cut
    by a page break still joins."""
    rec = extract(
        "政协芜湖市委员会关于表彰2023年度优秀提案的通报（摘录）\n"
        "经提案委员会初评、主席会议审定，共评出2023年度优秀提案15件，现将名单公布如下：\n"
        "1.关于打造长江岸线生态廊道的建议\n提案者：民盟芜湖市委会\n"
        "2.关于加快培育新能源汽车零部件产业集群的建议\n提案者：蒋明远委员、范巧玲委员\n"
        "3.关于完善城市社区嵌入式托育服务的建议\n提案者：农工党芜湖市委会\n"
        "4.关于推进老旧厂房活化利用、发展文创产业的\n\n                                   — 2 —\n\n建议\n提案者：符家骏委员\n"
        "5.关于加强中小学生心理健康教育的建议\n提案者：市政协教育界别\n")
    got = [(s["deputies"], s["title"]) for s in rec["suggestions"]]
    assert got == [(["民盟芜湖市委会"], "关于打造长江岸线生态廊道的建议"),
                   (["蒋明远", "范巧玲"], "关于加快培育新能源汽车零部件产业集群的建议"),
                   (["农工党芜湖市委会"], "关于完善城市社区嵌入式托育服务的建议"),
                   (["符家骏"], "关于推进老旧厂房活化利用、发展文创产业的建议"),
                   (["市政协教育界别"], "关于加强中小学生心理健康教育的建议")]


LAYOUT_TABLE = (
    "2024年度市人大常委会主任会议重点督办建议\n\n"
    "序号  建议号     建议名称                          领衔代表        主办单位\n"
    " 1    第 15 号   关于加快城区排水防涝设施建设的    闫少华等 9 名   市住建局\n"
    "                 建议                              代表\n"
    " 2    第 42 号   关于推动县域医共体高质量发展的    姬文静          市卫健委\n"
    "                 建议\n"
    " 3    第 108 号  关于完善农村寄递物流体系的建议    梁承栋、乔佳慧  市邮政管理局\n"
    "\n长治市人大常委会办公室  2024年3月18日印发\n")


def test_wording_space_aligned_table_with_wrapped_cells(extract):
    """A PDF table kept as text layout: long cells wrap inside their column, interleaved with the
    wrapped rest of the deputy column (闫少华等 9 名 / 代表)."""
    rec = extract(LAYOUT_TABLE)
    assert rec["report"]["kind"] == "suggestion_list"
    got = [(s["number"], s["deputies"], s["title"]) for s in rec["suggestions"]]
    assert got == [(15, ["闫少华"], "关于加快城区排水防涝设施建设的建议"),
                   (42, ["姬文静"], "关于推动县域医共体高质量发展的建议"),
                   (108, ["梁承栋", "乔佳慧"], "关于完善农村寄递物流体系的建议")]


def test_wording_key_section_from_the_heading_above_the_item(extract):
    """Each key suggestion is its own （一） heading under ``二、重点建议办理情况``: the section comes
    from the heading above (the item's own heading names none)."""
    rec = extract(HEAD + "一、基本情况\n代表共提出建议120件，办复率100%。\n二、重点建议办理情况\n"
                  "（一）王建国代表提出的《关于加快城区老旧供水管网改造的建议》。县住建局牵头，投资1.2亿元。\n"
                  "（二）陈秀兰代表提出的《关于改善农村中小学寄宿条件的建议》。新建学生宿舍4栋。\n"
                  "三、存在的问题和下一步工作\n下一步，我们将进一步压实责任。\n")
    got = [(s["deputies"], s["is_key"], s["section"]) for s in rec["suggestions"]]
    assert got == [(["王建国"], True, "key"), (["陈秀兰"], True, "key")]


@pytest.mark.parametrize("term", [
    "县十八届人大三次会议",
    # the body after the body: 政协 before the term, a session number after it (realworld 003, 006, 012)
    "县政协十届三次会议", "省政协十二届五次会议", "市政协十屆二次會議", "县政协第十届三次会议",
])
def test_wording_congress_term_is_not_a_figure(extract, term):
    """A term of a congress or committee (``十八届人大``, ``政协十届三次会议``) is no count."""
    rec = extract(f"关于{term}代表建议办理情况的报告\n"
                  f"{term}期间，代表共提出建议120件，办复率100%。\n")
    assert [(f["value"], f["unit"]) for f in rec["figures"]] == [(120.0, "件"), (100.0, "%")]


def test_wording_terms_held_are_a_count():
    from pipeline.extract.figures import extract_figures

    assert [(f.value, f.unit) for f in extract_figures("该赛事已连续举办12届，政协委员连任3届")] == [(12.0, "届"), (3.0, "届")]


@pytest.mark.parametrize("body,raw,about", [
    # a fixed 8-character cut gave 本解决的A类建议 and 25年再新增泊位
    ("共办理建议118件。所提问题已经解决或基本解决的A类建议52件，占44.1%。", "52件", "基本解决的A类建议"),
    ("共办理建议118件。今年新建公共停车泊位2130个，2025年再新增泊位1500个。", "1500个", "再新增泊位"),
    ("共办理建议118件。今年新建公共停车泊位2130个，2025年再新增泊位1500个。", "2130个", "新建公共停车泊位"),
    # the words after the figure, a leading 的 dropped; a neighbouring figure's number ends them
    ("共办理建议118件，投资1.2亿元的供水管网改造工程已完工。", "1.2亿元", "供水管网改造工程"),
    ("共办理建议118件，满意率分别为99.5%和97.6%。", "99.5%", "满意率分别为"),
    # a bracketed class label before the count is passed over (the about was empty; realworld wording)
    ("共办理建议136件。所提问题已经解决或基本解决的（A类）58件，占42.6%。", "58件", "解决或基本解决的"),
    # bureau short names are words: jieba alone cut 县住/建局 and 人/社局, so about began 建局…, 社局…
    ("共办理建议118件。协调县住建局新敷设供热管网12公里。", "12公里", "住建局新敷设供热管网"),
    ("共办理建议118件。由市人社局新增公益性岗位85个。", "85个", "人社局新增公益性岗位"),
])
def test_wording_figure_about_whole_words(extract, body, raw, about):
    figs = [f["about"] for f in extract(HEAD + body)["figures"] if f["raw"] == raw]
    assert figs == [about]


def test_wording_list_table_with_proposal_topic_column(extract):
    """A CPPCC result table whose title column is 提案题目 (was rejected as no handling document)."""
    rec = extract("# 政协青山县第十届委员会第三次会议提案办理结果一览表\n\n"
                  "| 序号 | 提案号 | 提案人 | 提案题目 | 承办单位 | 办理结果 |\n|---|---|---|---|---|---|\n"
                  "| 1 | 第12号 | 黄海涛 | 关于发展乡村旅游的提案 | 县文旅局 | A类 |\n"
                  "| 2 | 第33号 | 吴佳慧、郑国强 | 关于完善农村养老服务设施的提案 | 县民政局 | C类 |\n")
    got = [(s["number"], s["deputies"], s["title"], s["outcome"]) for s in rec["suggestions"]]
    assert got == [(12, ["黄海涛"], "关于发展乡村旅游的提案", "solved"),
                   (33, ["吴佳慧", "郑国强"], "关于完善农村养老服务设施的提案", "planned")]


@pytest.mark.parametrize("text,name,code", [
    # 城区 in a suggestion title means 'the urban area', not the district 城区 (three of them); the county
    # the table does not know is kept as its header prints it, without a code
    ("关于县十八届人大三次会议代表建议办理情况的报告\n青山县人民政府副县长 李明远\n代表共提出建议120件，办复率100%。\n"
     "王建国代表提出的《关于加快城区老旧供水管网改造的建议》已办复。\n", "青山县", None),
    # with its city named, 城区 is the district
    ("晋城市城区人民政府关于区十届人大三次会议代表建议办理情况的报告\n区政府共办理建议86件，办复率100%。\n", "城区", "140502"),
])
def test_wording_jurisdiction_generic_word_names(extract, text, name, code):
    rep = extract(text)["report"]
    assert (rep["jurisdiction"], rep["admin_code"]) == (name, code)


@pytest.mark.parametrize("head,name", [
    ("青山县人民政府关于2024年县人大代表建议办理情况的报告", "青山县"),
    ("关于青山县十八届人大三次会议代表建议办理情况的报告", "青山县"),
    ("政协青山县委员会关于十届三次会议以来提案办理情况的报告", "青山县"),
    # no name: the level word alone, or 全县/本市
    ("关于县十八届人大三次会议代表建议办理情况的报告", None),
    ("关于市政协十届二次会议提案办理情况的报告", None),
    ("2023年度市人大代表建议办理情况", None),
    ("全县人民政府各部门", None),
])
def test_wording_printed_jurisdiction_name(head, name):
    """A division the table does not know (an invented one here; renamed counties in older reports) is
    kept as printed (a new user's trial found the name lost)."""
    from pipeline.extract.jurisdiction import printed_name

    assert printed_name(head) == name



def test_wording_site_disclosure_header_is_not_the_document(extract):
    """A gov.cn page saved with its information-disclosure header (龙陵县, 2024): the category 公开目录 |
    人大建议和政协提案… made the CPPCC report a list of both bodies; 办理政协委员提案99件 was no total."""
    rec = extract("索引号 | 01526242-5/20240207-00001 | 发布机构 | 龙陵县人民政府 |\n"
                  "公开目录 | 人大建议和政协提案年度办理工作情况 | 发布日期 | 2024-02-07 |\n各位委员:\n"
                  "根据会议安排,我代表县人民政府就县政协十届二次会议提案办理情况作如下报告。\n"
                  "政协龙陵县十届二次会议期间,交由县人民政府办理政协委员提案99件。面商率、办复率均达100%。\n")
    r = rec["report"]
    assert (r["kind"], r["body"], r["total"]) == ("summary_report", "cppcc", 99)


@pytest.mark.parametrize("header,kind", [
    ("时间:2023-11-23 来源:政府办\n", "summary_report"),   # a government site's own byline (沁阳, 2023)
    ("时间:2023-11-23 来源:焦作日报\n", "news"),           # a newspaper's
])
def test_wording_source_line_names_a_news_outlet_or_not(extract, header, kind):
    rec = extract("关于市八届人大三次会议代表建议批评和意见的办理情况\n" + header +
                  "2023年，市政府共办理市八届人大三次会议代表意见建议57件。已经解决或基本解决的43件（甲类），占建议总数的75.4%。\n")
    assert (rec["report"]["kind"], rec["report"]["total"]) == (kind, 57)


def test_wording_total_from_the_assignment_sentence(extract):
    rec = extract("关于县政协十届二次会议提案办理情况的报告\n"
                  "县人民政府召开提案交办会，将99件提案分别交由48个单位承办，于8月31日全部办理完毕。\n")
    assert rec["report"]["total"] == 99


def test_wording_newsroom_dateline_is_news_whatever_the_headline(extract):
    """石景山区 (2013): a headline saying 逐件答复 made a news item a reply letter."""
    rec = extract("92件代表建议办理完毕并逐件答复\n本网讯(记者黄蕊)11月14日,记者从石景山区第十五届人大常委会第十三次会议上了解到,"
                  "今年石景山区人大代表提出建议92件,其中重点建议7件,已全部办理完毕,代表满意度率93%。\n"
                  "目前,已解决或部分解决的33件,占36%;列入计划、推动工作取得一定成效的42件,占46%;"
                  "受政策、财力等因素制约尚不能解决,并向代表作出说明解释的17件,占18%。\n")
    assert rec["report"]["kind"] == "news"
    assert rec["report"]["rates"] == {"代表满意度率": 93.0}
    # percentages printed without decimals round to the unit: 42/92 = 45.7% is 占46%
    assert not [w for w in rec["warnings"] if w["code"] == "W_PERCENT_MISMATCH"]


@pytest.mark.parametrize("body,field,value", [
    # 香格里拉县 (2011): the count before 件建议, and a 交办率
    ("县人大常委会交由县人民政府办理的81件建议、批评和意见均全部办复完毕,交办率为100%。", "total", 81),
    ("县人大常委会交由县人民政府办理的81件建议、批评和意见均全部办复完毕,交办率为100%。", "rates", {"交办率": 100.0}),
    # a CPPCC report (2021): 全部按规定时限办复 closes the handling
    ("经审查立案1824件。截至2021年7月底,向承办单位交办的1824件提案全部按规定时限办复。", "completed_date", "2021-07-31"),
])
def test_wording_totals_rates_and_completion_news_wordings(extract, body, field, value):
    assert extract(HEAD + body)["report"][field] == value


def test_validate_percent_tolerance_follows_printed_precision():
    from pipeline.validate import validate

    def warns(printed):
        rec = {"report": {"total": 92, "outcomes": [
            {"scope": "all", "category": "planned", "label": "x", "count": 42, "percent": printed}]}, "figures": []}
        return [w["code"] for w in validate(rec) if w["code"] == "W_PERCENT_MISMATCH"]

    assert warns(46.0) == [] and warns(45.7) == [] and warns(47.0) == ["W_PERCENT_MISMATCH"]
    assert warns(46.1) == ["W_PERCENT_MISMATCH"]  # printed with a decimal: 45.7 is expected


def test_wording_breakdown_each_of_several_domains(extract):
    """香格里拉县 (2011): 各有N件 gives N to each domain named; a label never starts with 、."""
    rec = extract(HEAD + "共办理建议81件。其中水务方面的有19件、政府综合方面的有18件、交通方面的有14件,林业方面的有4件,"
                  "发改、财政、旅游、卫生和移民方面的各有2件,公安、民政、工商、宗教事务方面的各有1件。\n")
    assert [(b["label"], b["count"]) for b in rec["report"]["breakdown"]] == [
        ("水务", 19), ("政府综合", 18), ("交通", 14), ("林业", 4), ("发改", 2), ("财政", 2), ("旅游", 2), ("卫生", 2),
        ("移民", 2), ("公安", 1), ("民政", 1), ("工商", 1), ("宗教事务", 1)]


def test_wording_outcome_for_reference_about_a_share(extract):
    """香格里拉县 (2011): 供…决策研究参考或向上级反映 is class D; 约占总数的11% is its share."""
    rec = extract(HEAD + "共办理建议81件。所提建议供有关部门决策研究参考或向上级反映的11件,约占总数的11%。\n")
    assert [(o["category"], o["count"], o["percent"]) for o in rec["report"]["outcomes"]] == [("explained", 11, 11.0)]


def test_wording_key_counts_by_domain_are_a_breakdown(extract):
    """山东省政协 (2023): 经济建设方面重点提案7件 … are a breakdown, not three key totals.  A count-first
    mention (共遴选确定18件重点提案) is not a key total either: the realworld gold records none for
    确定的6件重点督办建议 or 领办的3件重点提案."""
    rec = extract("省政协今年将对18件重点提案进行督办\n本报济南5月22日讯 记者从省政协十三届一次会议重点提案督办工作通气会获悉,"
                  "省政协共遴选确定18件重点提案。其中,经济建设方面重点提案7件,文化建设方面重点提案3件,社会建设方面重点提案6件。"
                  "省委书记、省长领办的2件重点提案,由省政协主席协办。\n")
    r = rec["report"]
    assert r["outcomes"] == []
    assert [(b["label"], b["count"]) for b in r["breakdown"]] == [("经济建设", 7), ("文化建设", 3), ("社会建设", 6)]


def test_wording_titles_named_without_a_proposer(extract):
    """A CPPCC summary that names its key proposals in 《》 with no proposer (a real 2023 county report does
    this for five) yields them as suggestions with no deputies, key from the sentence; a policy document
    quoted the same way (《关于…的意见》, 《…实施办法》) is not a suggestion."""
    rec = extract("县政协2023年提案工作情况\n"
                  "县政协十届二次会议以来，共收到提案126件，经审查立案118件，交由48个单位办理。"
                  "截至目前，118件提案已全部办复，办复率100%。\n"
                  "县政协主席会议确定《关于加快发展乡村旅游的提案》《关于完善农村养老服务体系的提案》和"
                  "“关于加强城区停车管理的提案”等5件提案为年度重点提案，由县领导领衔督办。\n"
                  "各承办单位认真贯彻《关于加强和改进新时代人民政协提案工作的意见》，"
                  "严格执行《提案办理工作实施办法》。\n")
    got = [(s["deputies"], s["title"], s["is_key"]) for s in rec["suggestions"]]
    assert got == [([], "关于加快发展乡村旅游的提案", True), ([], "关于完善农村养老服务体系的提案", True),
                   ([], "关于加强城区停车管理的提案", True)]
    assert rec["report"]["total"] == 118


def test_wording_reply_letter_navigation_line_and_head_line_class(extract):
    """A county site's navigation (``国务院信息:``) is shaped like a salutation but names no role: the deputy is
    the one the letter greets (a 2020 宜良县 reply). A town reply prints its class at the end of its head line
    after the document number (``忠字〔2020〕1号 B类``), which is not the suggestion number."""
    rec = extract("国务院信息:\n省政府信息:\n忠字〔2020〕1号 B类\n"
                  "对市十七届人大五次会议第34号建议的答复\n尊敬的李朝平代表:\n"
                  "您提出的《关于给予金梅社区实施道路硬化资金帮扶的建议》收悉，现答复如下：已安排资金。\n")
    assert [(s["deputies"], s["number"], s["outcome"]) for s in rec["suggestions"]] == [(["李朝平"], 34, "in_progress")]


def test_wording_delegation_news_names_after_the_role(extract):
    """Delegation news names the deputy after 代表, or the delegation before the lead deputy (a 2010 宁波 item on
    key suggestions): ``海曙代表团代表李凌提交的《…》``, ``镇海代表团彭建国等6位代表提交的《…》``."""
    rec = extract("市人大常委会确定8件代表建议为重点督办件\n"
                  "据了解，海曙代表团代表李凌提交的《关于发展低碳经济的建议》，由常委会主任督办；"
                  "镇海代表团彭建国等6位代表提交的《关于加快康宁医院扩建地块拆迁的建议》，由副主任督办；"
                  "代表们在会上提出的《关于加强职工技能人才队伍建设的建议》由市政府办理。\n")
    got = [(s["deputies"], s["title"]) for s in rec["suggestions"]]
    assert got == [(["李凌"], "关于发展低碳经济的建议"), (["彭建国"], "关于加快康宁医院扩建地块拆迁的建议"),
                   ([], "关于加强职工技能人才队伍建设的建议")]


def test_wording_pinyin_glosses_of_mirror_pages(extract):
    """Mirror sites print a pinyin gloss after characters (a 2024 巩留县 report: ``辦復(fù)率和滿意率均為100%``,
    ``縣十八屆人大四次會(huì)議``); the glosses are dropped, so the rates, session and classes are read, while a
    bracket of ordinary Latin text (``(PPP)``) stays."""
    rec = extract("關於縣十八屆人大四次會(huì)議代表建議辦理情況的報告\n"
                  "縣十八屆人大四次會(huì)議期間，代表共提出建議52件，辦復(fù)率和滿(mǎn)意率均為100%。\n"
                  "其中已列入計(jì)劃逐步解決的14件，占26.9%；採用政府和社會資本合作(PPP)模式推進。\n")
    rep = rec["report"]
    assert rep["rates"] == {"办复率": 100.0, "满意率": 100.0}
    assert rep["total"] == 52
    assert [(o["category"], o["count"]) for o in rep["outcomes"]] == [("planned", 14)]
    from pipeline.normalize import PINYIN_GLOSS

    assert PINYIN_GLOSS.sub("", "合作(PPP)模式，会(huì)议，类（lèi），(km)") == "合作(PPP)模式，会议，类，(km)"


@pytest.mark.parametrize("text,kind", [
    # 答复 inside a summary's sentences is not a reply letter (a 2025 CPPCC summary, a 2014 provincial news item)
    ("市政府系统政协提案办理情况\n市政协十五届四次会议期间提出的提案132件，所有提案均已按期答复完毕，办复率100%。\n", "summary_report"),
    ("省政协十一届一次会议以来提案工作综述\n一年来，提案的质量、交办、答复、落实都有了新的提高，立案的提案621件已全部办复。\n",
     "summary_report"),
    # a letter's title line ends in 答复 / 复函
    ("对县人大十八届二次会议第16号建议的答复\n庞益平代表：\n您提出的《关于拓宽西外环的建议》收悉。\n", "reply_letter"),
    ("关于政协第十届委员会第三次会议第203号提案的复函\n民进盐城市委会：\n你们提出的关于沿海滩涂生态修复的提案已收到。\n", "reply_letter"),
])
def test_wording_kind_reply_letter_needs_a_letter_title(extract, text, kind):
    assert extract(text)["report"]["kind"] == kind


@pytest.mark.parametrize("text", [
    # meeting news without a dateline: the headline says a body held a meeting, the lede opens with the day
    "市政协召开重点提案督办协商会\n5月20日，市政协召开重点提案督办协商会，就市领导领办的4件重点提案进行协商。目前立案的提案230件已办复221件。\n",
    "县人大常委会举行代表建议交办会\n县十八届人大四次会议期间代表提出建议126件，会上集中交办，办复率力争100%。\n",
    # intake news: the headline gives the count received
    "市十六届人大三次会议收到代表建议385件\n截至1月15日18时，大会共收到代表建议385件，会后将交有关单位办理。\n",
])
def test_wording_kind_meeting_and_intake_news(extract, text):
    assert extract(text)["report"]["kind"] == "news"


def test_wording_letter_heading_preposition_is_not_a_place(extract):
    """``对市十七届人大五次会议第34号建议的答复`` (a 2020 town reply to a city deputy) names no place: the jurisdiction is
    not ``对市``; the level stays city."""
    rec = extract("对市十七届人大五次会议第34号建议的答复\n马志龙代表：\n"
                  "您提出的《关于拓宽硬化村道的建议》收悉，现答复如下：已列入明年计划。\n")
    assert (rec["report"]["jurisdiction"], rec["report"]["admin_level"]) == (None, "city")
    from pipeline.extract.jurisdiction import printed_name

    assert printed_name("于都县人民政府关于…") == "于都县"
