#!/usr/bin/env python3
"""Draws results.json as an SVG bar chart: one panel per workload, one bar per tool.

    python3 bench/compare/chart.py [results.json [chart.svg]]

Hand-written SVG, standard library only. A panel whose values span more than 20× uses a log
scale. Tools that could not do a workload get a row saying "n/a" and why.
"""

import json
import math
import os
import re
import sys
from xml.sax.saxutils import escape

WIDTH = 960
NAME_RIGHT = 210  # tool names end here, bars start just after
BAR_LEFT = 220
BAR_SPACE = 500  # the longest bar; its label follows
ROW = 30
BAR = 18

SECINT = "#d9480f"
PEER = "#868e96"
PEER_LIGHT = "#ced4da"
SECINT_LIGHT = "#ffc9a8"
TEXT = "#212529"
MUTED = "#6c757d"
GRID = "#e9ecef"

FONT = "font-family=\"-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif\""


def number(value):
    """Three significant digits, without a trailing '.0'."""
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def short_version(text):
    """`sqlfluff, version 4.5.0` -> `4.5.0`; text without a version number stays as it is."""
    found = re.search(r"\d+(\.\d+)+", text)
    return found.group(0) if found else text


def thousands(value):
    return f"{value:,}"


def size(bytes_):
    if bytes_ >= 1e6:
        return f"{bytes_ / 1e6:.1f} MB"
    return f"{bytes_ / 1e3:.0f} KB"


class Scale:
    """Maps a value to a bar length: log10 when the values span more than 20×, else linear."""

    def __init__(self, values):
        values = [v for v in values if v > 0]
        self.log = bool(values) and max(values) / min(values) > 20
        if not values:
            self.low, self.high = 0, 1
        elif self.log:
            low = 10 ** math.floor(math.log10(min(values)))
            if low >= min(values):
                low /= 10
            self.low, self.high = low, 10 ** math.ceil(math.log10(max(values)))
        else:
            step = nice_step(max(values) / 4)
            self.low, self.high = 0, step * math.ceil(max(values) / step)

    def length(self, value):
        if self.log:
            value = max(value, self.low)
            return BAR_SPACE * math.log10(value / self.low) / math.log10(self.high / self.low)
        return BAR_SPACE * value / self.high

    def ticks(self):
        if self.log:
            exponent = round(math.log10(self.low))
            ticks = []
            while 10 ** exponent <= self.high * 1.0001:
                ticks.append(10 ** exponent)
                exponent += 1
            return ticks
        step = nice_step(self.high / 4)
        return [step * i for i in range(int(round(self.high / step)) + 1)]


def nice_step(raw):
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * magnitude >= raw:
            return factor * magnitude
    return 10 * magnitude


def tick_label(value, unit):
    if value >= 1:
        text = f"{value:,g}"
    else:
        text = f"{value:.3g}"
    return f"{text} {unit}"


def text(x, y, content, size=13, anchor="start", color=TEXT, weight="normal", style="normal"):
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'fill="{color}" font-weight="{weight}" font-style="{style}">{escape(content)}</text>')


def wrap(content, width):
    """Splits text into lines of at most `width` characters, at spaces."""
    lines, line = [], ""
    for word in content.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


PANELS = [
    {
        "key": "keystroke",
        "title": "Keystroke → fresh diagnostics over LSP",
        "subtitle": lambda w: (f"one-character edits to a {thousands(w['document']['lines'])}-line "
                               f"document ({size(w['document']['bytes'])}), p50 bar and p99 "
                               f"shade · lower is better"),
        "value": lambda r: r["p50_ms"],
        "extent": lambda r: r["p99_ms"],
        "label": lambda r: f"{number(r['p50_ms'])} ms p50 · {number(r['p99_ms'])} ms p99",
        "unit": "ms",
    },
    {
        "key": "check",
        "title": "Checking a tree of files from the command line",
        "subtitle": lambda w: (f"{thousands(w['tree']['files'])} files, "
                               f"{size(w['tree']['bytes'])} of SQL, wall time · lower is better"),
        "value": lambda r: r["wall_s"],
        "extent": None,
        "label": lambda r: f"{number(r['wall_s'])} s · {number(r['mb_per_s'])} MB/s",
        "unit": "s",
    },
    {
        "key": "memory",
        "title": "Memory with a large document open",
        "subtitle": lambda w: (f"peak RSS of the language server once it has answered for a "
                               f"{size(w['document']['bytes'])} document · lower is better"),
        "value": lambda r: r["peak_rss_mib"],
        "extent": None,
        "label": lambda r: f"{number(r['peak_rss_mib'])} MiB",
        "unit": "MiB",
    },
]


def panel(spec, workload, top, notes):
    """The SVG of one panel starting at `top`, and its height; footnotes go to `notes`."""
    results = workload["results"]
    measured = {name: r for name, r in results.items() if "na" not in r}
    values = [spec["value"](r) for r in measured.values()]
    if spec["extent"]:
        values += [spec["extent"](r) for r in measured.values()]
    scale = Scale(values)
    parts = [
        text(24, top + 20, spec["title"], size=17, weight="bold"),
        text(24, top + 40, spec["subtitle"](workload) + (" · log scale" if scale.log else ""),
             size=12, color=MUTED),
    ]
    rows_top = top + 56
    rows_bottom = rows_top + ROW * len(results)
    for tick in scale.ticks():
        x = BAR_LEFT + scale.length(tick)
        parts.append(f'<line x1="{x:.1f}" y1="{rows_top - 4}" x2="{x:.1f}" '
                     f'y2="{rows_bottom + 2}" stroke="{GRID}" stroke-width="1"/>')
        parts.append(text(x, rows_bottom + 16, tick_label(tick, spec["unit"]), size=11,
                          anchor="middle", color=MUTED))
    for i, (name, result) in enumerate(results.items()):
        y = rows_top + ROW * i
        ours = name == "secint"
        parts.append(text(NAME_RIGHT, y + BAR - 4, name, size=14, anchor="end",
                          weight="bold" if ours else "normal"))
        if "na" in result:
            reason = result["na"]
            if len(reason) > 95:
                reason = reason[:94].rstrip() + "…"
            parts.append(text(BAR_LEFT, y + BAR - 4, f"n/a: {reason}", size=12, color=MUTED,
                              style="italic"))
            continue
        if spec["extent"]:
            extent = scale.length(spec["extent"](result))
            parts.append(f'<rect class="extent" x="{BAR_LEFT}" y="{y}" width="{extent:.1f}" '
                         f'height="{BAR}" fill="{SECINT_LIGHT if ours else PEER_LIGHT}"/>')
        else:
            extent = 0
        length = max(scale.length(spec["value"](result)), 1)
        parts.append(f'<rect class="bar" data-workload="{spec["key"]}" data-tool="{name}" '
                     f'x="{BAR_LEFT}" y="{y}" width="{length:.1f}" height="{BAR}" '
                     f'fill="{SECINT if ours else PEER}"><title>{escape(name)}: '
                     f'{escape(spec["label"](result))}</title></rect>')
        label = spec["label"](result)
        if result.get("note"):
            notes.append(f"{name}: {result['note']}")
            label += " " + "*" * len(notes)
        parts.append(text(BAR_LEFT + max(length, extent) + 8, y + BAR - 4, label,
                          size=13, weight="bold" if ours else "normal"))
    return "\n".join(parts), rows_bottom + 30 - top


def draw(results):
    machine = results["machine"]
    parts, notes = [], []
    top = 20
    parts.append(text(24, top + 18, "secint beside other SQL linters and language servers",
                      size=20, weight="bold"))
    top += 40
    for spec in PANELS:
        workload = results["workloads"].get(spec["key"])
        if not workload or not workload["results"]:
            continue
        body, height = panel(spec, workload, top, notes)
        parts.append(body)
        top += height + 14
    memory = f", {machine['memory_gib']:g} GiB" if machine.get("memory_gib") else ""
    load = machine.get("load_average_at_start")
    load = f" (load average {load[0]:g} at the start)" if load else ""
    footer = ["*" * (i + 1) + " " + note for i, note in enumerate(notes)] + [
        f"Measured {results['date']} on {machine['cores']} cores ({machine['cpu']}){memory}, "
        f"{machine['os']}; a machine shared with other work{load}, every program at "
        f"niceness {results['niceness']}. Regenerate: {results['command']}",
        "What each checks: sqruff and SQLFluff lint the style and syntax of general SQL in many "
        "dialects (here Snowflake); sql-dialect-fmt-lsp checks Snowflake SQL syntax and a few "
        "lints; postgres-language-server checks Postgres syntax (and, with a database, "
        "semantics); secint checks Snowflake security-integration statements only and skips "
        "other SQL.",
        "Versions: " + ", ".join(f"{name} {short_version(tool['version'])}"
                                 for name, tool in results["tools"].items()),
    ]
    for paragraph in footer:
        for line in wrap(paragraph, 150):
            parts.append(text(24, top + 12, line, size=11, color=MUTED))
            top += 15
        top += 4
    height = top + 12
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" {FONT}>\n'
            f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>\n'
            + "\n".join(parts) + "\n</svg>\n")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    source = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "results.json")
    target = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(source),
                                                                "chart.svg")
    with open(source) as f:
        results = json.load(f)
    with open(target, "w") as f:
        f.write(draw(results))


if __name__ == "__main__":
    main()
