#!/usr/bin/env python3
"""Tests of the comparison: run.py on a tiny workload with secint only (no installs, no
network, a few seconds), and chart.py on hand-made results.

    python3 bench/compare/test_compare.py [SECINT WORKLOAD]

SECINT and WORKLOAD default to target/debug/secint and target/debug/workload
(`cargo build -p secint -p secint-bench --bins`). scripts/test.sh runs this.
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ElementTree

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import chart  # noqa: E402

SVG = "{http://www.w3.org/2000/svg}"
BINARIES = {"secint": os.path.join(ROOT, "target", "debug", "secint"),
            "workload": os.path.join(ROOT, "target", "debug", "workload")}


def bars(svg):
    """(workload, tool) of every bar in the chart."""
    return [(rect.get("data-workload"), rect.get("data-tool"))
            for rect in ElementTree.fromstring(svg).iter(SVG + "rect")
            if rect.get("class") == "bar"]


class TinyRun(unittest.TestCase):
    def test_writes_valid_json_and_a_bar_per_measured_tool(self):
        for name, path in BINARIES.items():
            self.assertTrue(os.path.exists(path), f"{path} is missing: build it with "
                            "cargo build -p secint -p secint-bench --bins")
        with tempfile.TemporaryDirectory() as out:
            subprocess.run([sys.executable, os.path.join(HERE, "run.py"), "--tiny", "--only",
                            "secint", "--secint", BINARIES["secint"], "--workload",
                            BINARIES["workload"], "--out", out, "--nice", "0"],
                           check=True, timeout=120, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
            with open(os.path.join(out, "results.json")) as f:
                results = json.load(f)
            with open(os.path.join(out, "chart.svg")) as f:
                svg = f.read()

        workloads = results["workloads"]
        self.assertEqual(set(workloads), {"keystroke", "check", "memory"})
        self.assertEqual(list(results["tools"]), ["secint"])
        self.assertEqual(results["machine"]["cores"], os.cpu_count())
        keystroke = workloads["keystroke"]["results"]["secint"]
        self.assertEqual(keystroke["samples"], workloads["keystroke"]["edits"])
        self.assertEqual(keystroke["until"], "publishDiagnostics")
        self.assertLessEqual(0, keystroke["p50_ms"])
        self.assertLessEqual(keystroke["p50_ms"], keystroke["p99_ms"])
        check = workloads["check"]["results"]["secint"]
        self.assertEqual(workloads["check"]["tree"]["files"], 20)
        self.assertEqual(check["exit_status"], 1, "the workload has mistakes to report")
        self.assertGreater(check["mb_per_s"], 0)
        self.assertGreater(workloads["memory"]["results"]["secint"]["peak_rss_mib"], 1)

        self.assertEqual(sorted(bars(svg)),
                         [("check", "secint"), ("keystroke", "secint"), ("memory", "secint")])
        self.assertIn(results["machine"]["cpu"], svg)
        self.assertIn(results["date"], svg)


def results_with(check_results):
    return {
        "date": "2026-01-02", "command": "python3 bench/compare/run.py", "niceness": 10,
        "machine": {"cores": 2, "cpu": "Test CPU", "memory_gib": 24, "os": "Linux"},
        "tools": {name: {"version": f"{name} 1.0"} for name in check_results},
        "workloads": {"check": {"tree": {"files": 1000, "bytes": 1_900_000},
                                "results": check_results}},
    }


class Chart(unittest.TestCase):
    def test_a_tool_that_cannot_do_a_workload_gets_a_reason_and_no_bar(self):
        svg = chart.draw(results_with({
            "secint": {"wall_s": 0.2, "mb_per_s": 9.5},
            "other": {"na": "a language server only"},
        }))
        self.assertEqual(bars(svg), [("check", "secint")])
        self.assertIn("n/a: a language server only", svg)

    def test_values_that_span_orders_of_magnitude_get_a_log_scale(self):
        wide = chart.draw(results_with({"a": {"wall_s": 0.1, "mb_per_s": 19},
                                        "b": {"wall_s": 100, "mb_per_s": 0.019}}))
        narrow = chart.draw(results_with({"a": {"wall_s": 1, "mb_per_s": 1.9},
                                          "b": {"wall_s": 2, "mb_per_s": 0.95}}))
        self.assertIn("log scale", wide)
        self.assertNotIn("log scale", narrow)
        widths = {tool: float(rect.get("width"))
                  for rect in ElementTree.fromstring(wide).iter(SVG + "rect")
                  for tool in [rect.get("data-tool")] if tool}
        # 0.1 s sits one decade above the axis' start, 100 s four: a quarter of the length.
        self.assertAlmostEqual(widths["a"] / widths["b"], 0.25, places=2)


if __name__ == "__main__":
    if len(sys.argv) == 3:
        BINARIES["secint"], BINARIES["workload"] = (os.path.abspath(p) for p in sys.argv[1:])
        del sys.argv[1:]
    unittest.main(verbosity=2)
