#!/usr/bin/env python3
"""Build titles.csv from raw.tsv and raw_round*.tsv (title<TAB>topic<TAB>secondary<TAB>source[<TAB>note]), de-duplicating titles.

raw.tsv is the helper's working transcription file: every line is a title copied from the
excerpt of the cited source, with the label the helper assigned after reading it against
GUIDELINES.md. An optional fifth field records a later relabelling ("audit2: was <tag>; <rule>");
such rows get labelled_by "helper+audit2". The round-5 files (one per collecting helper) carry the
round in the fifth field ("round5a[; rule note]"); their rows get labelled_by "helper-round5a" etc.
Files are read in name order, so a title already in raw.tsv keeps its first label.
Audit 3 (a blind second annotation of every title; disagreements adjudicated by the guidelines)
adds "audit3: was <tag>; <rule>" to the rows it relabelled ("+audit3" in labelled_by).
Titles removed in an audit are kept in dropped.tsv.
Stdlib only.
"""
import csv, os, re, sys
HERE = os.path.dirname(os.path.abspath(__file__))
rows, seen = [], set()
import glob
files = [os.path.join(HERE, "raw.tsv")] + sorted(glob.glob(os.path.join(HERE, "raw_round*.tsv")))
for path in files:
  with open(path, encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        line = line.rstrip("\n")
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) not in (4, 5):
            sys.exit(f"{os.path.basename(path)} line {n}: expected 4 or 5 tab-separated fields, got {len(parts)}")
        title, topic, secondary, source = (p.strip() for p in parts[:4])
        note = parts[4].strip() if len(parts) == 5 else ""
        m = re.match(r"(round\w+)", note)
        by = f"helper-{m.group(1)}" if m else "helper"
        by += "".join(f"+{a}" for a in ("audit2", "audit3") if re.search(rf"(^|; ){a}:", note))
        title = "".join(title.split())  # whitespace inside titles removed (gold convention)
        if title in seen:
            continue
        seen.add(title)
        rows.append({"title": title, "topic": topic, "secondary": secondary, "source": source,
                     "labelled_by": by, "checked": "yes"})
with open(os.path.join(HERE, "titles.csv"), "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=["title", "topic", "secondary", "source", "labelled_by", "checked"])
    w.writeheader()
    w.writerows(rows)
print(f"wrote {len(rows)} rows")
# Rounds 7, 8 and 9 as held-out files: each was collected after the models before it were trained
# (`banli evaluate --folds 0 --test corpora/topics/heldout_round7.csv --model models/topics-v7.skops`;
# rounds 8 and 9: topics-v9).
for rnd in ("7", "8", "9"):
    held = [r for r in rows if r["labelled_by"].startswith(f"helper-round{rnd}")]
    with open(os.path.join(HERE, f"heldout_round{rnd}.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["title", "topic", "secondary", "source", "labelled_by", "checked"])
        w.writeheader()
        w.writerows(held)
    print(f"wrote {len(held)} rows of round {rnd} to heldout_round{rnd}.csv")
