"""The one table every benchmark prints: each figure against its target, with one pass rule.

A figure is {"value": v, "target": t or None}; it passes when v <= t, or v >= t for the
figures where more is better (their names hold one of AT_LEAST).
"""

from __future__ import annotations

AT_LEAST = ("speedup", "acknowledged", "answered", "throughput")


def verdict(name: str, figure: dict) -> str:
    target = figure["target"]
    if target is None:
        return ""
    at_least = any(word in name for word in AT_LEAST)
    met = figure["value"] >= target if at_least else figure["value"] <= target
    return "ok" if met else "MISSED"


def print_table(figures: dict[str, dict]) -> None:
    print(f"| {'figure':<34} | {'measured':>10} | {'target':>10} |        |")
    print(f"|{'-' * 36}|{'-' * 12}|{'-' * 12}|--------|")
    for name, figure in figures.items():
        target = figure["target"]
        sign = "≥ " if any(word in name for word in AT_LEAST) else "≤ "
        shown = "" if target is None else f"{sign}{target:g}"
        print(f"| {name:<34} | {figure['value']:>10} | {shown:>10} | {verdict(name, figure):<6} |")
