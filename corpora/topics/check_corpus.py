#!/usr/bin/env python3
"""Validate corpora/topics/titles.csv (stdlib only).

Checks: UTF-8 without BOM; exact columns; topic and secondary tags in the taxonomy; no
duplicate titles; none of the 16 held-out test titles; non-empty source; checked in {yes,no};
at least MIN_PER_TAG rows per primary tag. Prints counts per tag. Exit 1 on any failure.
Usage: python3 check_corpus.py [--min N]
"""
import csv, os, sys, unicodedata
HERE = os.path.dirname(os.path.abspath(__file__))
TAGS = ["elderly_care", "education", "healthcare", "social_security", "employment", "industry",
        "finance", "agriculture", "environment", "urban_construction", "transport", "water",
        "heating", "culture_tourism", "public_safety", "governance"]
COLUMNS = ["title", "topic", "secondary", "source", "labelled_by", "checked"]
HELD_OUT = {
    "关于完善泽州县养老服务体系的建议", "关于整合农村教育资源，合理有效利用资源的建议",
    "关于南村中学改扩建项目的建议", "关于建设泽州县120急救指挥中心的建议",
    "关于加快泽州县产业结构调整、培育新兴产业的建议", "关于强化地方金融机构支持小微企业发展的建议",
    "关于支持帮助煤化工企业开展固废综合利用的建议", "关于解决农村居民冬季供暖问题的建议",
    "关于完善丹河新城基础设施的建议", "关于加大发展山里泉旅游景区力度的建议",
    "关于加大农村人居环境整治的建议", "关于解决泽州县就业问题的建议",
    "关于协调乡投公司建立秸秆综合利用收储场的建议", "关于解决晋庙铺镇群众饮水困难问题的建议",
    "关于保留南村高速口的建议", "关于优化318路公交车线路的建议",
}

# characters that occur only in traditional script (used to count traditional-character titles)
TRAD_ONLY = set("關於盡產業態決鎮萬眾飲難題強殯議遷勞動崗慶陽區發雙環農綠進網點設錄閘開檢樓紅蟻濱處嶺規優營積養結醫濟現職興護衛導")

def is_traditional(title):
    return any(c in TRAD_ONLY for c in title)

def norm(s):
    # compare held-out titles ignoring width differences, whitespace and ASCII/full-width commas
    s = unicodedata.normalize("NFKC", s)
    return "".join(s.split()).replace(",", "，")

def main():
    min_per_tag = 30
    if "--min" in sys.argv:
        min_per_tag = int(sys.argv[sys.argv.index("--min") + 1])
    path = os.path.join(HERE, "titles.csv")
    errors = []
    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        errors.append("file starts with a UTF-8 BOM")
    text = raw.decode("utf-8")
    reader = csv.DictReader(text.splitlines())
    if reader.fieldnames != COLUMNS:
        errors.append(f"columns {reader.fieldnames} != {COLUMNS}")
    held = {norm(t) for t in HELD_OUT}
    counts = {t: 0 for t in TAGS}
    seen, sources, n, n_trad = {}, set(), 0, 0
    for i, row in enumerate(reader, 2):
        n += 1
        title = (row.get("title") or "").strip()
        n_trad += is_traditional(title)
        if not title:
            errors.append(f"line {i}: empty title")
        if title in seen:
            errors.append(f"line {i}: duplicate of line {seen[title]}: {title}")
        seen.setdefault(title, i)
        if norm(title) in held:
            errors.append(f"line {i}: held-out test title: {title}")
        topic = row.get("topic")
        if topic not in TAGS:
            errors.append(f"line {i}: unknown topic {topic!r}")
        else:
            counts[topic] += 1
        for s in filter(None, (row.get("secondary") or "").split(";")):
            if s not in TAGS:
                errors.append(f"line {i}: unknown secondary tag {s!r}")
            if s == topic:
                errors.append(f"line {i}: secondary repeats the primary tag")
        src = (row.get("source") or "").strip()
        if not src:
            errors.append(f"line {i}: empty source")
        sources.add(src)
        if row.get("checked") not in ("yes", "no"):
            errors.append(f"line {i}: checked must be yes/no")
        if not (row.get("labelled_by") or "").strip():
            errors.append(f"line {i}: empty labelled_by")
    print(f"{n} titles, {len(sources)} distinct sources, {n_trad} in traditional characters")
    for t in TAGS:
        flag = "" if counts[t] >= min_per_tag else f"   < {min_per_tag}"
        print(f"  {t:20s} {counts[t]:4d}{flag}")
        if counts[t] < min_per_tag:
            errors.append(f"tag {t} has {counts[t]} titles (< {min_per_tag})")
    if errors:
        print(f"FAIL: {len(errors)} problem(s)")
        for e in errors[:50]:
            print("  " + e)
        return 1
    print("OK")
    return 0

if __name__ == "__main__":
    sys.exit(main())
