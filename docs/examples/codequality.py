"""Turns `secint check --format json` into a GitLab code quality report.

    secint check --format json . > secint.json || [ $? -eq 1 ]
    python3 codequality.py secint.json > gl-code-quality-report.json

Lines in the report are 1-based; secint's JSON positions are 0-based.
"""

import hashlib
import json
import sys

SEVERITY = {"error": "major", "warning": "minor", "information": "info", "hint": "info"}


def report(secint: dict) -> list:
    issues = []
    for file in secint["files"]:
        for d in file["diagnostics"]:
            start = d["range"]["start"]
            key = f'{file["path"]}:{start["line"]}:{start["character"]}:{d["code"]}:{d["message"]}'
            issues.append(
                {
                    "description": d["message"],
                    "check_name": d["code"],
                    "fingerprint": hashlib.sha256(key.encode()).hexdigest(),
                    "severity": SEVERITY.get(d["severity"], "info"),
                    "location": {
                        "path": file["path"],
                        "lines": {"begin": start["line"] + 1, "end": d["range"]["end"]["line"] + 1},
                    },
                }
            )
    return issues


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        json.dump(report(json.load(f)), sys.stdout, indent=2)
        print()
