"""Tagging throughput of the shipped topic model (issue 5: 10,000 titles in under 10 s).

Usage: .venv/bin/python benchmarks/tag_speed.py [N]   (default 10000)

Tags N distinct titles (corpus titles with a number appended, so no title repeats and no cache can
help) with the current model of ``models/``, after one warm-up call (jieba's dictionary loads once
per process), and prints wall and CPU seconds in total and per pipeline stage.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(n: int = 10000) -> dict:
    from pipeline.classify import api
    from pipeline.classify import features as F

    path = api.current_model_file()
    t0 = time.perf_counter()
    model = api.TopicModel.load(path)
    load_s = time.perf_counter() - t0
    corpus = api.M.read_corpus()
    titles = [f"{corpus[i % len(corpus)].title}{i}" for i in range(n)]
    model.predict(titles[:10])
    t0, c0 = time.perf_counter(), time.process_time()
    model.predict(titles)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    stages = {}
    t = time.perf_counter(); prepared = F.prepare_texts(titles); stages["prepare (simplify, frame)"] = time.perf_counter() - t
    t = time.perf_counter(); [F.jieba_tokenize(x) for x in prepared]; stages["jieba words"] = time.perf_counter() - t
    t = time.perf_counter(); F.keyword_prior(prepared); stages["keyword prior"] = time.perf_counter() - t
    t = time.perf_counter(); F.word_vector_mean(prepared); stages["word vectors (words cached)"] = time.perf_counter() - t
    print(f"model {path.name} (load {load_s:.2f} s)")
    print(f"tag {n} titles: {wall:.2f} s wall, {cpu:.2f} s CPU ({n / wall:,.0f} titles/s)")
    for k, v in stages.items():
        print(f"  {k:<28}{v:6.2f} s")
    return {"n": n, "wall": wall, "cpu": cpu, **stages}


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10000)
