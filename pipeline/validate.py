"""Consistency checks after extraction; each failed check is a coded warning (``W_…``).

Stage: ``contract dict → list[warning]``.  Checks: outcome counts of a scope sum to its total;
printed percents agree with count/total within rounding (±0.15 points: reports round to one
decimal, some truncate); the key subset does not exceed the total; rates are percentages; figures
are within sane ranges.  The seed report is expected to fail one: it prints 67.6% for 118/174
(67.8%).
"""
from __future__ import annotations

from .errors import warning

#: Largest plausible value per figure kind (money: 1e13 yuan is ten trillion, over any budget).
SANE_MAX = {"money": 1e13, "area": 1e12, "length": 1e8, "mass": 1e10, "households": 1e8,
            "people": 2e9, "count": 1e8, "percent": 1000.0}
PERCENT_TOLERANCE = 0.15
#: the same for a percentage printed without decimals (石景山区 2013: 42件，占46% of 92 = 45.7%).
WHOLE_PERCENT_TOLERANCE = 0.55


def validate(record: dict) -> list[dict]:
    """Warnings for the contract record ``{"report", "suggestions", "figures"}``."""
    rep = record["report"]
    out: list[dict] = []
    total = rep.get("total")
    outcomes = rep.get("outcomes") or []
    key_total = next((o["count"] for o in outcomes if o["scope"] == "key" and o["category"] == "all"), None)
    for scope, scope_total in (("all", total), ("key", key_total)):
        rows = [o for o in outcomes if o["scope"] == scope and o["category"] != "all" and o["count"] is not None]
        if scope_total and rows:
            got = sum(o["count"] for o in rows)
            if got != scope_total:
                out.append(warning("W_OUTCOMES_DONT_SUM", scope=scope, got=got, want=scope_total))
            for o in rows:
                if o.get("percent") is not None:
                    computed = round(100 * o["count"] / scope_total, 1)
                    # a report printing whole percentages (42/92 → 占46%) rounds to the unit
                    tol = WHOLE_PERCENT_TOLERANCE if float(o["percent"]).is_integer() else PERCENT_TOLERANCE
                    if abs(computed - o["percent"]) > tol:
                        out.append(warning("W_PERCENT_MISMATCH", label=o["label"], count=o["count"],
                                           total=scope_total, computed=computed, printed=o["percent"]))
    if total and key_total and key_total > total:
        out.append(warning("W_KEY_EXCEEDS_TOTAL", key=key_total, total=total))
    for name, v in (rep.get("rates") or {}).items():
        if not 0 <= v <= 100:
            out.append(warning("W_RATE_OUT_OF_RANGE", name=name, value=v))
    for f in record.get("figures") or []:
        if not 0 <= f["value"] <= SANE_MAX.get(f["kind"], float("inf")):
            out.append(warning("W_FIGURE_OUT_OF_RANGE", raw=f["raw"], kind=f["kind"], value=f["value"]))
    return out
