"""The review page: one self-contained HTML file showing a report's normalised text with every
extracted field highlighted where it stands — deputies, titles, figures, rates, outcome counts —
and a side list; hovering or clicking an item shows its normalised value.

Spans come from the stored record (``reports.record_json``: offsets into the normalised text of the
source the record was extracted from).  The text itself is not stored, so the source file is
re-extracted (:func:`pipeline.extract_document.extract_file`).  Deputies, rates and outcome counts
carry no span in the record; they are located in the text next to what does (a deputy's name just
before its title; a rate's name followed by its value; an outcome's label followed by its count).
"""
from __future__ import annotations

import html
import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

KIND_LABEL = {"title": "建议标题 title", "deputy": "代表 deputy", "figure": "数字 figure", "rate": "比率 rate",
              "outcome": "办理结果 outcome count"}


@dataclass
class Mark:
    start: int
    end: int
    kind: str
    label: str   # what the side list shows
    value: str   # the normalised value


def _fmt(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def marks_for(record: dict, text: str) -> list[Mark]:
    """Every extracted field of ``record`` located in ``text`` (non-overlapping, in text order)."""
    marks: list[Mark] = []
    for s in record["suggestions"]:
        sp = s.get("span") or {}
        if sp.get("start") is None:
            continue
        marks.append(Mark(sp["start"], sp["end"], "title", f"{s['seq']}. {s['title']}",
                          json.dumps({"seq": s["seq"], "title": s["title"], "topic": s.get("topic"),
                                      "domain": s.get("domain"), "is_key": s.get("is_key"),
                                      "outcome": s.get("outcome")}, ensure_ascii=False)))
        window_start = max(0, sp["start"] - 80)
        for name in s["deputies"]:
            i = text.rfind(name, window_start, sp["start"])
            if i < 0:
                i = text.find(name, sp["end"], sp["end"] + 80)
            if i >= 0:
                marks.append(Mark(i, i + len(name), "deputy", name, json.dumps({"deputy": name, "seq": s["seq"]},
                                                                               ensure_ascii=False)))
    for f in record["figures"]:
        sp = f.get("span") or {}
        if sp.get("start") is None:
            continue
        val = {"value": f["value"], "unit": f["unit"]}
        for k in ("value_max", "per", "qualifier", "about", "seq"):
            if f.get(k) is not None:
                val[k] = f[k]
        marks.append(Mark(sp["start"], sp["end"], "figure", f"{text[sp['start']:sp['end']]} → {_fmt(f['value'])} {f['unit']}"
                          + (f"/{f['per']}" if f.get("per") else ""), json.dumps(val, ensure_ascii=False)))
    rep = record["report"]
    for name, value in (rep.get("rates") or {}).items():
        m = re.search(re.escape(name) + r"[^0-9。；]{0,8}?(\d+(?:\.\d+)?)\s*%", text)
        if m:
            marks.append(Mark(m.start(), m.end(), "rate", f"{name} {_fmt(value)}%",
                              json.dumps({"rate": name, "value": value, "unit": "%"}, ensure_ascii=False)))
    for o in rep.get("outcomes") or []:
        label = o.get("label") or ""
        i = text.find(label) if label else -1
        if i < 0 or o.get("count") is None:
            continue
        m = re.compile(r"(\d+)\s*件").search(text, i + len(label), i + len(label) + 30)
        end = m.end() if m and int(m.group(1)) == o["count"] else i + len(label)
        marks.append(Mark(i, end, "outcome", f"{label} {o['count']}件",
                          json.dumps({k: o.get(k) for k in ("scope", "category", "count", "percent")}, ensure_ascii=False)))
    marks.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mark] = []
    last_end = -1
    for m in marks:  # keep the outer one where spans overlap (a figure inside an outcome label)
        if m.start >= last_end:
            out.append(m)
            last_end = m.end
    return out


CSS = """
body{margin:0;font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC",sans-serif;display:flex;height:100vh}
#text{flex:3;overflow:auto;padding:1em 2em;white-space:pre-wrap;line-height:1.9;font-size:15px}
#side{flex:1.3;overflow:auto;border-left:1px solid #ccc;padding:.5em 1em;font-size:13px;background:#fafafa}
#side h2{font-size:15px;margin:.8em 0 .3em} #side li{cursor:pointer;margin:.15em 0}
mark{border-radius:3px;padding:0 1px;cursor:pointer}
.title{background:#cfe3ff}.deputy{background:#ffd6a8}.figure{background:#c9f2c9}.rate{background:#f4c6f4}
.outcome{background:#ffe97a} mark.active{outline:2px solid #d00}
#value{position:fixed;bottom:0;left:0;right:0;background:#222;color:#fff;padding:.4em 1em;font:13px monospace;min-height:1.3em}
.legend span{padding:0 .4em;margin-right:.3em;border-radius:3px}
"""

JS = """
const box=document.getElementById('value');
function show(el){document.querySelectorAll('mark.active').forEach(m=>m.classList.remove('active'));
  el.classList.add('active');box.textContent=el.dataset.kind+': '+el.textContent+'  →  '+el.dataset.value;}
document.querySelectorAll('mark').forEach(m=>{m.addEventListener('mouseenter',()=>show(m));m.addEventListener('click',()=>show(m));});
document.querySelectorAll('#side li').forEach(li=>li.addEventListener('click',()=>{
  const m=document.getElementById(li.dataset.target);m.scrollIntoView({block:'center'});show(m);}));
"""


def render(record: dict, text: str, title: str | None = None) -> str:
    """The review page's HTML (CSS and JavaScript inline, no external resources)."""
    marks = marks_for(record, text)
    parts, pos = [], 0
    for n, m in enumerate(marks):
        parts.append(html.escape(text[pos:m.start]))
        parts.append(f'<mark id="m{n}" class="{m.kind}" data-kind="{m.kind}" data-value="{html.escape(m.value)}" '
                     f'title="{html.escape(m.value)}">{html.escape(text[m.start:m.end])}</mark>')
        pos = m.end
    parts.append(html.escape(text[pos:]))
    side = []
    for kind, heading in KIND_LABEL.items():
        items = [(n, m) for n, m in enumerate(marks) if m.kind == kind]
        side.append(f"<h2>{heading} ({len(items)})</h2><ul style=\"list-style:none;padding-left:.5em\">")
        side += [f'<li class="{kind}" data-target="m{n}">{html.escape(m.label)}</li>' for n, m in items]
        side.append("</ul>")
    rep = record["report"]
    head = title or rep.get("title") or "report"
    legend = "".join(f'<span class="{k}">{v}</span>' for k, v in KIND_LABEL.items())
    return (f'<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{html.escape(head)}</title>'
            f"<style>{CSS}</style></head><body><div id=\"text\"><h1 style=\"font-size:18px\">{html.escape(head)}</h1>"
            f'<div class="legend">{legend}</div><p>{html.escape(str(rep.get("jurisdiction")))} · '
            f'{html.escape(str(rep.get("report_date")))} · {len(marks)} fields</p>{"".join(parts)}</div>'
            f'<div id="side">{"".join(side)}</div><div id="value">hover or click a highlighted field</div>'
            f"<script>{JS}</script></body></html>")


def _resolve(path: str, db: Path) -> Path | None:
    for cand in (Path(path), db.resolve().parent / path, db.resolve().parent.parent / path):
        if cand.exists():
            return cand
    return None


def review_html(target: str, db: Path | None = None) -> str:
    """The review page for a stored report (its id) or a report file (extracted afresh)."""
    from .extract_document import extract_file

    if not str(target).isdigit():
        ex = extract_file(Path(target))
        return render(ex.record, ex.text.text)
    if db is None or not Path(db).exists():
        raise FileNotFoundError(f"{db}: no dataset")
    con = sqlite3.connect(db)
    try:
        row = con.execute("SELECT record_json, title FROM reports WHERE id = ?", (int(target),)).fetchone()
        if row is None:
            raise LookupError(f"no report with id {target} in {db}")
        record = json.loads(row[0])
        sources = con.execute("SELECT path, sha256 FROM sources WHERE report_id = ?", (int(target),)).fetchall()
    finally:
        con.close()
    want = record["source"]["sha256"]
    sources.sort(key=lambda s: s[1] != want)  # the source the record (and its spans) came from first
    for path, sha in sources:
        p = _resolve(path, Path(db))
        if p is None:
            continue
        ex = extract_file(p)
        if sha == want:
            return render(record, ex.text.text, row[1])
        return render(ex.record, ex.text.text, row[1])  # another rendition: its own spans
    raise FileNotFoundError(f"report {target}: none of its source files is found ({', '.join(s[0] for s in sources)})")


def write_review(target: str, out: Path, db: Path | None = None) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(review_html(target, db), encoding="utf-8")
    return out
