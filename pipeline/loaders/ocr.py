"""OCR of PDF pages without a usable text layer (scans, fonts without a Unicode mapping).

Pages are rendered with pypdfium2 at :data:`DPI` and read by the Tesseract command line
(``chi_sim``, ``--psm 6``: one uniform block; the default segmentation drops about 30% of justified
Chinese lines).  Tesseract's own OpenMP threading is 4× slower on 2 cores than one thread a page, so
each process runs with ``OMP_THREAD_LIMIT=1`` and pages are read in parallel, one process per core.
Rendering stays in the calling thread (PDFium is not thread-safe).

The raw OCR text is cleaned by :func:`clean_ocr_text`: spaces Tesseract puts between Chinese
characters are removed, and confusions that corrupt figures are repaired (``100%`` read as
``10090``, ``—`` read as ``一`` in page-number lines), and a misread surname in a deputy's or
member's byline is replaced by Tesseract's own next choice when that is a common surname
(:func:`surname_repairs`).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..errors import BanliError

#: Render resolution of pages that are not a single scanned image: 200 dpi puts 12-pt text at the
#: glyph height Tesseract's LSTM models read best (300 and 400 dpi misread 关于 as 天于 on the
#: missing-ToUnicode fixture).
DPI = 200
#: Scans are read at their own resolution within these bounds.
MIN_NATIVE_DPI = 140
MAX_NATIVE_DPI = 400
#: Grey level at which scanned pages are binarised before OCR (0: leave it to Tesseract).
#: Measured on the 150-dpi 泽州县 scan (score.py against the gold, chi_sim from Debian, which ships
#: only the "fast" model): threshold 160 → 0.821, 170 → 0.765, 175 → 0.769, 180 → 0.903,
#: 185 → 0.854, 190 → 0.860, 200 → 0.751; Tesseract's own binarisation of the grey page → 0.718;
#: 2× upscaled then 160 → 0.539; 1.5× then 180 → 0.849; median filter then 180 → 0.477; ``--psm 4``
#: at 180 → 0.812.  The differences are single rare characters in names and titles (鹰 蔡 泉 整),
#: so the curve is noisy: 180 is the best measured, not a plateau.
THRESHOLD = int(os.environ.get("BANLI_OCR_THRESHOLD", "180"))
LANG = "chi_sim"
PSM = "6"
#: ``tessedit_do_invert=0``: skip Tesseract's second pass over every line as white-on-black text
#: (government reports have none; it changes no character of the 泽州县 scan).
EXTRA = ("-c", "tessedit_do_invert=0")
#: ``lstm_choice_mode=2``: the hOCR output lists, for every character, the LSTM's alternative
#: readings (best path first), used by :func:`surname_repairs`; the text output is unchanged.
CHOICES = ("-c", "lstm_choice_mode=2")
#: Seconds one page may take.
PAGE_TIMEOUT = 120

_CJK = r"\u4e00-\u9fff\u3400-\u4dbf〇"
_CJK_PUNCT = r"，。、；：？！“”‘’（）《》【】—…·％"
_SPACE_BETWEEN = re.compile(rf"(?<=[{_CJK}{_CJK_PUNCT}])[ \t]+(?=[{_CJK}{_CJK_PUNCT}])")
_SPACE_CJK_DIGIT = re.compile(rf"(?<=[{_CJK}{_CJK_PUNCT}])[ \t]+(?=[0-9A-Za-z%.])|(?<=[0-9A-Za-z%.])[ \t]+(?=[{_CJK}{_CJK_PUNCT}])")
#: ``100%`` read as ``10090`` or ``1009%6`` (``%`` looks like ``90``/``9%6`` in 仿宋): a rate word,
#: then a number of at most 100 followed by the misread sign.
_PERCENT_90 = re.compile(r"(率|占比?|比例|比重|达到?|为|提高|下降|增长)(\d{1,3}(?:\.\d+)?)(?:9%6|90|96|%6|9o)(?![\d.%])")
#: ``67.6%`` read as ``67.69%6``: the sign read as ``9%6`` before punctuation.
_PERCENT_9P6 = re.compile(r"(?<=\d)9%\d(?=[，。；、）)\s]|$)")
#: ``2.4%4。``: a stray digit after a percent sign, before punctuation.
_PERCENT_TAIL = re.compile(r"(?<=\d%)\d(?=[，。；、）)\s]|$)")
#: A list marker ``（四）`` at a line start read as ``《四)``, ``〈四)`` or ``(四)``.
_PAREN_MARKER = re.compile(r"^\s*[《〈(（]\s*([一二三四五六七八九十]{1,3})\s*[)）〉》]\s*")
#: A page-number line ``— 3 —`` read as ``一 3 一``.
_PAGE_LINE = re.compile(r"^\s*[一—\-－~]\s*(\d{1,4})\s*[一—\-－~]\s*$", re.M)


#: A delivered report's subtitle ``——2025年10月31日在…`` read as ``一一2025年…``.
_DASH_SUBTITLE = re.compile(r"^\s*[一—-]{2}(?=\s*\d{4}\s*年)")


#: The 100 most frequent Chinese surnames (公安部户政管理研究中心《二〇二〇年全国姓名报告》, which
#: says they cover about 85% of the population), as a set of characters.  Used only to pick among
#: Tesseract's own alternatives for a low-confidence character in a byline.
COMMON_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁"
    "任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严"
    "欧莫孔向常")
#: Below this word confidence (Tesseract's 0–100 ``x_wconf``) a surname may be replaced.
SURNAME_MAX_CONF = 50
#: Alternatives considered: the first ``SURNAME_CHOICES`` of the LSTM's list after its reading.
SURNAME_CHOICES = 3
#: A byline name: 2–3 characters right before 代表 or 委员, after 关于, an enumeration mark, a
#: list comma, a colon or the line start (``1.关于蔡大春代表提出的《…》``, ``王萌、蔡大春代表``).
_BYLINE = re.compile(r"(?:^|关于|[、，,：:]|\d[.．、])(?P<name>[\u4e00-\u9fff]{2,3}?)(?:等\d*名?)?(?:代表|委员)")


def _hocr_lines(hocr: str) -> list[list[tuple[str, float, list[str]]]]:
    """Lines of a Tesseract hOCR page as lists of (word text, confidence, alternatives of the
    word's first character, best first, without the reading itself)."""
    from lxml import html as lxml_html

    root = lxml_html.fromstring(hocr.encode("utf-8"), parser=lxml_html.HTMLParser(encoding="utf-8"))
    lines = []
    for line in root.xpath("//span[contains(@class,'ocr_line') or contains(@class,'ocr_textfloat')"
                           " or contains(@class,'ocr_header') or contains(@class,'ocr_caption')]"):
        words = []
        for w in line.xpath(".//span[@class='ocrx_word']"):
            text = (w.text or "").strip()
            m = re.search(r"x_wconf (\d+(?:\.\d+)?)", w.get("title", ""))
            conf = float(m.group(1)) if m else 100.0
            groups = w.xpath("./span[starts-with(@id,'lstm_choices')]")
            alts = [(c.text or "").strip() for c in groups[0].xpath("./span")] if groups else []
            words.append((text, conf, [a for a in alts if a and a != text[:1]]))
        lines.append(words)
    return lines


def surname_repairs(hocr: str) -> dict[str, str]:
    """Byline surname repairs for one OCR'd page: {line text without spaces: repaired line}.

    A deputy's or member's name right before 代表/委员 (see :data:`_BYLINE`) whose first character
    Tesseract read as a single low-confidence word (< :data:`SURNAME_MAX_CONF`) that is not a
    common surname gets the first of the LSTM's next :data:`SURNAME_CHOICES` readings that is in
    :data:`COMMON_SURNAMES`.  On the 150-dpi 泽州县 scan ``chi_sim`` reads 蔡大春 as 蒙大春
    (confidence 5, next choice 蔡); the issue's own run read 蔡 as 禁.  Rare characters of a given
    name are not touched: there is no prior for them."""
    out = {}
    for words in _hocr_lines(hocr):
        text = "".join(w[0] for w in words)
        starts, pos = [], 0
        for w in words:
            starts.append(pos)
            pos += len(w[0])
        repaired = list(text)
        for m in _BYLINE.finditer(text):
            i = m.start("name")
            if i not in starts:
                continue
            word, conf, alts = words[starts.index(i)]
            if len(word) != 1 or conf >= SURNAME_MAX_CONF or word in COMMON_SURNAMES:
                continue
            pick = next((a for a in alts[:SURNAME_CHOICES] if a in COMMON_SURNAMES), None)
            if pick:
                repaired[i] = pick
        if "".join(repaired) != text:
            out[text] = "".join(repaired)
    return out


def apply_repairs(text: str, repairs: dict[str, str]) -> str:
    """Replace the lines of Tesseract's text output named by :func:`surname_repairs` (matched with
    their spaces removed; a line whose text differs from the hOCR line is left alone)."""
    if not repairs:
        return text
    lines = text.split("\n")
    for k, line in enumerate(lines):
        key = re.sub(r"\s+", "", line)
        if key in repairs:
            lines[k] = repairs[key]
    return "\n".join(lines)


def tesseract_path() -> str | None:
    """The tesseract executable, or None when it is not installed."""
    return shutil.which(os.environ.get("BANLI_TESSERACT", "tesseract"))


def available(lang: str = LANG) -> bool:
    """Whether Tesseract and its ``lang`` data are installed."""
    exe = tesseract_path()
    if not exe:
        return False
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return lang in (out.stdout + out.stderr).split()


def _fix_percent(m: re.Match) -> str:
    num = m.group(2)
    try:
        value = float(num)
    except ValueError:
        return m.group(0)
    if value > 100:
        return m.group(0)
    return f"{m.group(1)}{num}%"


def clean_ocr_text(text: str) -> str:
    """Clean Tesseract's ``chi_sim`` output (see the module docstring)."""
    lines = []
    for line in text.replace("\r\n", "\n").split("\n"):
        line = _SPACE_BETWEEN.sub("", line)
        line = _SPACE_CJK_DIGIT.sub("", line)
        line = re.sub(r"(?<=\d) +(?=[\d%.])|(?<=\d\.) +(?=\d)", "", line)
        line = _PAGE_LINE.sub(lambda m: f"— {m.group(1)} —", line)
        line = _DASH_SUBTITLE.sub("——", line)
        line = line.replace("〈", "（").replace("〉", "）")
        line = _PERCENT_90.sub(_fix_percent, line)
        line = _PERCENT_9P6.sub("%", line)
        line = _PERCENT_TAIL.sub("", line)
        line = _PAREN_MARKER.sub(lambda m: f"（{m.group(1)}）", line)
        lines.append(line.rstrip())
    return "\n".join(lines).strip("\n") + "\n"


def render_dpi(page) -> float:
    """The resolution to render ``page`` at: a scanned page (one image covering the page) at its
    own resolution when that is :data:`MIN_NATIVE_DPI`..:data:`MAX_NATIVE_DPI` (resampling a
    150-dpi scan to 300 dpi blurs strokes: 泽 read as 译), otherwise :data:`DPI`."""
    try:
        width_pt, height_pt = page.get_size()
        images = [o for o in page.get_objects() if o.type == 3]  # FPDF_PAGEOBJ_IMAGE
        if len(images) == 1:
            left, bottom, right, top = images[0].get_bounds()
            if (right - left) >= 0.9 * width_pt and (top - bottom) >= 0.9 * height_pt:
                px = images[0].get_px_size()[0]
                dpi = px / ((right - left) / 72)
                if MIN_NATIVE_DPI <= dpi <= MAX_NATIVE_DPI:
                    return dpi
    except Exception:  # pragma: no cover - odd page objects: fall back to the default
        pass
    return DPI


def page_image(page):
    """The image Tesseract reads for ``page``: a scanned page at its own resolution, binarised at
    :data:`THRESHOLD` (measured on the 150-dpi 泽州县 scan: Tesseract's own Otsu binarisation of the
    grey scan misreads more rare name characters), any other page rendered at :data:`DPI`."""
    dpi = render_dpi(page)
    image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    if dpi != DPI and THRESHOLD:
        image = image.point(lambda v: 255 if v > THRESHOLD else 0)
    return image


def _tesseract(exe: str, png: bytes, path, page: int) -> str:
    """Tesseract's text for one page image, with :func:`surname_repairs` from its hOCR applied."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    with tempfile.TemporaryDirectory(prefix="banli-ocr-") as tmp:
        base = os.path.join(tmp, "page")
        try:
            out = subprocess.run([exe, "stdin", base, "-l", LANG, "--psm", PSM, *EXTRA, *CHOICES, "txt", "hocr"],
                                 input=png, capture_output=True, timeout=PAGE_TIMEOUT, env=env)
        except subprocess.TimeoutExpired:
            raise BanliError("E_TIMEOUT", path, f"OCR of page {page} took over {PAGE_TIMEOUT} s") from None
        if out.returncode != 0:
            raise BanliError("E_TEXT_LAYER_BROKEN", path,
                             f"tesseract failed on page {page}: {out.stderr.decode('utf-8', 'replace')[-200:]}")
        with open(base + ".txt", encoding="utf-8", errors="replace") as f:
            text = f.read()
        try:
            with open(base + ".hocr", encoding="utf-8", errors="replace") as f:
                hocr = f.read()
        except OSError:
            return text
    return apply_repairs(text, surname_repairs(hocr))


def ocr_pages(path: str | Path, pages: list[int], workers: int | None = None) -> dict[int, str]:
    """OCR the given 1-based ``pages`` of the PDF at ``path``; return page → cleaned text.

    Raises
    ------
    BanliError
        ``E_OCR_UNAVAILABLE`` when Tesseract or its ``chi_sim`` data is missing.
    """
    if not pages:
        return {}
    exe = tesseract_path()
    if not exe or not available():
        raise BanliError("E_OCR_UNAVAILABLE", path,
                         f"pages {', '.join(map(str, pages))} have no usable text; install "
                         "tesseract-ocr and tesseract-ocr-chi-sim (make system-deps)")
    import io

    import pypdfium2 as pdfium

    workers = workers or max(1, min(len(pages), os.cpu_count() or 1))
    doc = pdfium.PdfDocument(str(path))
    futures = {}
    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for n in pages:
                page = doc[n - 1]
                image = page_image(page)
                page.close()
                buf = io.BytesIO()
                image.save(buf, format="PNG")
                futures[n] = pool.submit(_tesseract, exe, buf.getvalue(), path, n)
            return {n: clean_ocr_text(f.result()) for n, f in futures.items()}
    finally:
        doc.close()
