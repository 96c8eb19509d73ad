"""``banli plot DIR``: PNG charts of the dataset with matplotlib and a CJK font found on the system.

The font is looked up through :mod:`matplotlib.font_manager` (WenQuanYi Micro Hei from Debian's
``fonts-wqy-microhei``, installed by ``make system-deps``, or a Noto/Source Han CJK font), so
Chinese labels render as glyphs, not tofu boxes.  With no CJK font the plot fails with a clear
message rather than drawing boxes.
"""
from __future__ import annotations

from pathlib import Path

CJK_FAMILIES = ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans CJK JP",
                "Source Han Sans SC", "Source Han Sans CN", "AR PL UMing CN", "Droid Sans Fallback")
CJK_FILES = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
             "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def cjk_font() -> str:
    """The family name of a CJK font matplotlib can use (registers a known file if needed)."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for fam in CJK_FAMILIES:
        if fam in names:
            return fam
    for path in CJK_FILES:
        if Path(path).exists():
            font_manager.fontManager.addfont(path)
            return font_manager.FontProperties(fname=path).get_name()
    raise RuntimeError("no CJK font found: install fonts-wqy-microhei (make system-deps)")


def _setup():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["font.family"] = [cjk_font(), "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def plot_all(db: str | Path, out_dir: str | Path) -> list[Path]:
    """Write suggestions_by_topic_year.png, outcome_shares.png, money_by_topic.png into ``out_dir``."""
    from .dataset import open_dataset

    plt = _setup()
    ds = open_dataset(db)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []

    per = ds.view("suggestions_per_topic_year")
    label = (per["domain"].fillna("") + " · " + per["topic"].fillna("?")).astype(str)
    table = per.assign(label=label).pivot_table(index="label", columns="year", values="suggestions",
                                                aggfunc="sum", fill_value=0)
    fig, ax = plt.subplots(figsize=(9, max(3, 0.4 * len(table) + 1.5)))
    table.plot.barh(ax=ax, stacked=True)
    ax.set_title("各主题建议数量（按年份）Suggestions by topic and year")
    ax.set_xlabel("建议件数 suggestions")
    ax.set_ylabel("")
    ax.legend(title="年份 year")
    fig.tight_layout()
    written.append(_save(fig, out / "suggestions_by_topic_year.png", plt))

    sh = ds.view("outcome_shares")
    names = {"solved": "已解决 solved", "planned": "列入计划 planned", "in_progress": "正在解决 in progress",
             "explained": "已说明解释 explained"}
    bodies = {"npc": "人大", "cppcc": "政协"}
    sh = sh.assign(place=sh["jurisdiction"].fillna("?").astype(str) + " " + sh["body"].map(lambda b: bodies.get(b, ""))
                   + " " + sh["year"].astype(str) + " #" + sh["report_id"].astype(str),
                   cat=sh["category"].map(lambda c: names.get(c, c)))
    table = sh.pivot_table(index="place", columns="cat", values="share", aggfunc="sum", fill_value=0) * 100
    fig, ax = plt.subplots(figsize=(9, max(3, 0.6 * len(table) + 2)))
    table.plot.barh(ax=ax, stacked=True)
    ax.set_title("各地办理结果占比 Outcome shares by jurisdiction")
    ax.set_xlabel("占比 share (%)")
    ax.set_ylabel("")
    ax.set_xlim(0, 100)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.08), ncol=4, fontsize=8)
    fig.tight_layout()
    written.append(_save(fig, out / "outcome_shares.png", plt))

    money = ds.view("money_per_topic")
    fig, ax = plt.subplots(figsize=(9, max(3, 0.45 * len(money) + 1.5)))
    lab = (money["domain"].fillna("") + " · " + money["topic"].fillna("?")).astype(str)
    ax.barh(lab, money["money_cny"].astype(float) / 1e4)
    ax.invert_yaxis()
    ax.set_title("各主题建议中的金额 Money by topic (万元, rates per unit excluded)")
    ax.set_xlabel("金额（万元）money (10,000 CNY)")
    fig.tight_layout()
    written.append(_save(fig, out / "money_by_topic.png", plt))
    return written


def _save(fig, path: Path, plt) -> Path:
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
