"""Web page (.html/.htm) loader: the article text of a government site's page.

Decoding (real county sites label pages ``gb2312`` and write GBK-only characters in names, 喆 堃
赟 镕 珺): strict UTF-8 first; otherwise the page's own label, where ``gb2312``/``gbk``/``x-gbk``
(and no label at all) are read as GB18030, the superset browsers effectively use; any decoding
error, or any U+FFFD in the decoded text, is ``E_ENCODING`` — a replacement character is never
data.  The bytes are decoded here and the *string* handed to the parser, so libxml2 cannot follow
the meta charset and truncate the page at the first non-GB2312 byte.

Main text: trafilatura (navigation, breadcrumbs, share buttons, footers removed) with tables kept,
rendered one row a line, cells separated by a tab (empty cells of merged spans dropped).  Remaining
boilerplate lines of article templates (``发布时间：… 来源：…``, ``【打印】``, ``分享到``, ``上一篇``)
are dropped; a page whose article body is then empty is ``E_EMPTY_ARTICLE``.

``title_hint`` is the page's ``<h1>`` (or the first part of ``<title>`` before the site name) only
when it reads as a document title.  HTML metadata dates (``PubDate``) are never used.
"""
from __future__ import annotations

import re

from ..errors import BanliError
from ..records import LoadedDocument, PageText, SourceDocument

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
#: Largest web page read (bytes).  Article pages are under 1 MB; trafilatura needs minutes and
#: gigabytes on a 50 MB page, so such a page is refused up front.
MAX_HTML_BYTES = 20 * 1024 * 1024
#: Labels read as GB18030 (WHATWG maps gb2312/gbk/x-gbk to GBK; GB18030 is its superset).
GB_LABELS = {"gb2312", "gbk", "x-gbk", "gb18030", "gb_2312-80", "csgb2312", "chinese", "cp936",
             "ms936", "windows-936", "iso-ir-58", "csiso58gb231280", "euc-cn"}
#: Template lines that survive main-text extraction on county-government article pages.
BOILERPLATE_LINE = re.compile(
    r"^\s*(?:发布时间[:：]|发布日期[:：]|来源[:：]|信息来源[:：]|浏览次数|阅读次数|点击数"
    r"|【?\s*字体|【打印】|【关闭】|分享到|上一篇|下一篇|当前位置|您现在的位置|版权所有|主办单位"
    r"|承办单位|网站标识码|.*ICP备|.*公网安备)"
)
#: A document title: names a report, a handling or a suggestion/proposal.
TITLE_WORDS = re.compile(r"报告|办理|答复|建议|提案|意见|情况")


def decode_html(data: bytes, path) -> str:
    """Decode an HTML page's bytes (see the module docstring).

    Raises
    ------
    BanliError
        ``E_ENCODING`` when the bytes do not decode strictly or the text holds U+FFFD.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        m = _META_CHARSET.search(data[:8192])
        label = m.group(1).decode("ascii", "replace").lower() if m else ""
        codec = "gb18030" if (not label or label in GB_LABELS or label.startswith("utf")) else label
        try:
            text = data.decode(codec)
        except LookupError:
            raise BanliError("E_ENCODING", path, f"unknown charset label {label!r}") from None
        except UnicodeDecodeError as e:
            raise BanliError("E_ENCODING", path, f"not {codec} (label {label or 'none'}): {e.reason} "
                                                 f"at byte {e.start}") from None
    if "\ufffd" in text:
        raise BanliError("E_ENCODING", path, "replacement characters (U+FFFD) in the page")
    return text


def _render(xml: str) -> list[str]:
    """Lines of trafilatura's XML output: paragraphs, headings, list items, table rows."""
    from lxml import etree

    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    if main is None:
        return []
    lines: list[str] = []

    def text_of(el) -> str:
        return re.sub(r"[ \t\r\n]+", " ", "".join(el.itertext())).strip() if el is not None else ""

    def walk(el) -> None:
        for child in el:
            tag = child.tag
            if tag == "table":
                for row in child.iter("row"):
                    cells = [text_of(c) for c in row.iterchildren("cell")]
                    cells = [c for c in cells if c]
                    if cells:
                        lines.append("\t".join(cells))
            elif tag in ("list", "div", "quote"):
                walk(child)
            elif tag in ("p", "head", "item", "cell", "hi"):
                # a paragraph may hold <lb/> line breaks
                parts = [""]
                parts[0] += child.text or ""
                for sub in child:
                    if sub.tag == "lb":
                        parts.append("")
                    else:
                        parts[-1] += "".join(sub.itertext())
                    parts[-1] += sub.tail or ""
                lines.extend(p.strip() for p in parts if p.strip())
            elif tag in ("graphic", "ref"):
                continue
            else:
                t = text_of(child)
                if t:
                    lines.append(t)

    walk(main)
    return lines


def _title_hint(html_text: str) -> str | None:
    import lxml.html

    try:
        tree = lxml.html.fromstring(html_text)
    except Exception:
        return None
    candidates = []
    for h1 in tree.iter("h1"):
        candidates.append(h1.text_content())
    for t in tree.iter("title"):
        full = t.text_content()
        candidates.append(re.split(r"\s*[_|｜]\s*|\s+[-—–]+\s+", full.strip())[0])
    for c in candidates:
        c = re.sub(r"\s+", "", c)
        if 8 <= len(c) <= 120 and TITLE_WORDS.search(c):
            return c
    return None


def extract_article(html_text: str, path) -> tuple[list[str], str | None]:
    """The article's lines and its title hint.

    Raises
    ------
    BanliError
        ``E_EMPTY_ARTICLE`` when no article text remains.
    """
    import trafilatura

    xml = trafilatura.extract(html_text, include_tables=True, include_comments=False,
                              include_images=False, favor_precision=True, output_format="xml",
                              with_metadata=False)
    lines = _render(xml) if xml else []
    lines = [ln for ln in lines if not BOILERPLATE_LINE.match(ln)]
    if not any(len(re.findall(r"[\u4e00-\u9fff]", ln)) >= 2 for ln in lines):
        raise BanliError("E_EMPTY_ARTICLE", path, "no article text after removing the page template")
    title = _title_hint(html_text)
    if title and lines and re.sub(r"\s+", "", lines[0]) == title:
        pass  # the article repeats its title: keep it as the first line
    return lines, title


def load(source: SourceDocument) -> LoadedDocument:
    """Load an HTML page's article text as one page.

    Raises
    ------
    BanliError
        ``E_ENCODING`` (see :func:`decode_html`), ``E_EMPTY_ARTICLE``, ``E_TOO_LARGE`` above
        :data:`MAX_HTML_BYTES`.
    """
    if source.size > MAX_HTML_BYTES:
        raise BanliError("E_TOO_LARGE", source.path,
                         f"{source.size} bytes, limit {MAX_HTML_BYTES} for a web page")
    text = decode_html(source.path.read_bytes(), source.path)
    lines, title = extract_article(text, source.path)
    return LoadedDocument(source=source, pages=(PageText(1, "\n".join(lines)),), loader="html",
                          backend="trafilatura", paged=False, title_hint=title)
