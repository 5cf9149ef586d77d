#!/usr/bin/env python3
"""secint side by side with other SQL linters and language servers, on the same workloads.

    python3 bench/compare/run.py                 # everything: installs the peers, writes
                                                 # bench/compare/results.json and chart.svg
    python3 bench/compare/run.py --tiny --only secint --out /tmp/x   # a quick run, no installs

The peers are installed into a temporary folder (or --tools DIR, kept for the next run): sqruff
and SQLFluff with pip in a venv, sql-dialect-fmt-lsp with `cargo install --root`, and
postgres-language-server from npm. secint is the release build of this checkout. Workloads come
from the `workload` binary of the bench crate. Three measurements:

- keystroke: one document open in each language server; each one-character didChange is timed
  until the server publishes diagnostics for it (or, for a server that publishes none, until it
  answers the request sent right after the change); p50 and p99.
- check: wall time of each linter's command line over a tree of 1,000 files, and MB/s.
- memory: peak RSS of each language server with a 20 MB document open, once it has published
  its diagnostics for it.

A tool that cannot do a workload is recorded as "n/a" with the reason. Python 3.11 standard
library only; the chart is drawn by chart.py beside this file.
"""

import argparse
import bisect
import datetime
import glob
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import chart  # noqa: E402
from lsp import Client, ServerGone, TreeMemory  # noqa: E402

# The peers, pinned so that a rerun measures the same programs.
SQRUFF = "0.44.0"
SQLFLUFF = "4.5.0"
SQL_DIALECT_FMT_LSP = "1.29.0"
POSTGRES_LANGUAGE_SERVER = "0.25.5"

# A server whose resident memory passes this is stopped: the machine is shared.
MEMORY_LIMIT_MIB = 8192

TOOLS = ["secint", "sqruff", "sqlfluff", "sql-dialect-fmt-lsp", "postgres-language-server"]

SIZES = {
    # The README's 9,001-line document; 1,000 files of ~40 lines; a 20 MB document.
    "full": dict(lines=9001, edits=100, files=1000, lines_per_file=40, memory_bytes=20_000_000,
                 open_timeout=600, edit_timeout=60, check_runs=3),
    "tiny": dict(lines=300, edits=10, files=20, lines_per_file=40, memory_bytes=200_000,
                 open_timeout=30, edit_timeout=10, check_runs=1),
}


def log(message):
    print(f"[compare] {message}", file=sys.stderr, flush=True)


def run(command, **kwargs):
    log("$ " + " ".join(command))
    return subprocess.run(command, check=True, **kwargs)


def version_of(command):
    """The first line a tool prints for --version."""
    try:
        result = subprocess.run(command + ["--version"], capture_output=True, text=True,
                                timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"unknown ({error})"
    lines = (result.stdout.strip() or result.stderr.strip()).splitlines()
    return lines[0] if lines else "unknown"


# ---------------------------------------------------------------------------------------------
# Installing the tools


class Tool:
    """How to run one tool for each workload; `None` with a reason where it cannot."""

    def __init__(self, name, version, lsp=None, check=None, language_id="sql", why_no_lsp=None,
                 why_no_check=None, keystroke_note=None, refusal=None, notes=None):
        self.name = name
        self.version = version
        self.lsp = lsp
        self.check = check
        self.language_id = language_id
        self.why_no_lsp = why_no_lsp
        self.why_no_check = why_no_check
        self.keystroke_note = keystroke_note
        # The start of the diagnostic a server gives instead of checking a document too large.
        self.refusal = refusal
        self.notes = notes or []


def install_secint(args):
    secint, workload = args.secint, args.workload
    if not (secint and workload):
        run(["cargo", "build", "--release", "--locked", "-p", "secint", "-p", "secint-bench"],
            cwd=ROOT)
        secint = secint or os.path.join(ROOT, "target", "release", "secint")
        workload = workload or os.path.join(ROOT, "target", "release", "workload")
    return os.path.abspath(secint), os.path.abspath(workload)


def install_pip(tools_dir):
    venv = os.path.join(tools_dir, "venv")
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        run([sys.executable, "-m", "venv", venv])
    run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         f"sqruff=={SQRUFF}", f"sqlfluff=={SQLFLUFF}"])
    return os.path.join(venv, "bin")


def install_cargo(tools_dir):
    root = os.path.join(tools_dir, "cargo")
    run(["cargo", "install", "--locked", "--root", root, "sql-dialect-fmt-lsp",
         "--version", SQL_DIALECT_FMT_LSP])
    return os.path.join(root, "bin", "sql-dialect-fmt-lsp")


def install_npm(tools_dir):
    prefix = os.path.join(tools_dir, "npm")
    os.makedirs(prefix, exist_ok=True)
    run(["npm", "install", "--prefix", prefix, "--no-audit", "--no-fund", "--loglevel=error",
         f"@postgres-language-server/cli@{POSTGRES_LANGUAGE_SERVER}"])
    # The package's bin is a node script that starts the platform's binary; run that binary
    # directly, so that node is neither timed nor counted in the memory.
    found = glob.glob(os.path.join(prefix, "node_modules", "@postgres-language-server",
                                   "cli-*", "postgres-language-server"))
    if not found:
        raise RuntimeError("npm installed no postgres-language-server binary for this platform")
    return found[0]


def tools(args, work):
    """Installs the selected tools; a tool whose install fails stays, with the reason."""
    selected = {}
    tools_dir = args.tools
    secint, workload = install_secint(args)
    if "secint" in args.only:
        selected["secint"] = Tool(
            "secint", version_of([secint]), lsp=[secint, "lsp"],
            check=[secint, "check", "{tree}"])

    def attempt(names, install):
        try:
            return install(tools_dir), None
        except (subprocess.CalledProcessError, OSError, RuntimeError) as error:
            log(f"install failed for {', '.join(names)}: {error}")
            return None, f"install failed: {error}"

    if {"sqruff", "sqlfluff"} & set(args.only):
        bin_dir, failed = attempt(["sqruff", "sqlfluff"], install_pip)
        if "sqruff" in args.only:
            sqruff = bin_dir and os.path.join(bin_dir, "sqruff")
            selected["sqruff"] = Tool(
                "sqruff", version_of([sqruff]) if sqruff else "not installed",
                lsp=sqruff and [sqruff, "lsp"],
                check=sqruff and [sqruff, "lint", "{tree}"],
                why_no_lsp=failed, why_no_check=failed,
                refusal="Maximum parse node count exceeded",
                notes=["dialect snowflake, from the `.sqruff` file in the workload folder",
                       "the PyPI package: a Python entry point around sqruff's Rust library"])
        if "sqlfluff" in args.only:
            sqlfluff = bin_dir and os.path.join(bin_dir, "sqlfluff")
            selected["sqlfluff"] = Tool(
                "sqlfluff", version_of([sqlfluff]) if sqlfluff else "not installed",
                check=sqlfluff and [sqlfluff, "lint", "--dialect", "snowflake", "--processes",
                                    "0", "--disable-progress-bar", "{tree}"],
                why_no_lsp=failed or "SQLFluff ships no language server",
                why_no_check=failed,
                notes=["--processes 0: one process per core"])
    if "sql-dialect-fmt-lsp" in args.only:
        binary, failed = attempt(["sql-dialect-fmt-lsp"], install_cargo)
        selected["sql-dialect-fmt-lsp"] = Tool(
            "sql-dialect-fmt-lsp", f"sql-dialect-fmt-lsp {SQL_DIALECT_FMT_LSP}",
            lsp=binary and [binary], language_id="snowflake-sql", why_no_lsp=failed,
            why_no_check=failed or "a language server only, with no command that checks files",
            notes=["languageId snowflake-sql: its Snowflake dialect",
                   "its sibling CLI crate, sql-dialect-fmt (--lint), is not measured here"])
    if "postgres-language-server" in args.only:
        binary, failed = attempt(["postgres-language-server"], install_npm)
        selected["postgres-language-server"] = Tool(
            "postgres-language-server",
            version_of([binary]) if binary else "not installed",
            lsp=binary and [binary, "lsp-proxy", "--log-path=" + os.path.join(work, "pgls-logs")],
            check=binary and [binary, "check", "--disable-db", "--colors=off",
                              "--max-diagnostics=none",
                              "--config-path=" + work, "{tree}"],
            why_no_lsp=failed, why_no_check=failed,
            keystroke_note="waits 300 ms after a change before it checks (its debounce)",
            notes=["no database connection: syntax and the rules that need no database",
                   "files.maxSize raised to 64 MiB in postgres-language-server.jsonc so that "
                   "the 20 MB document is not skipped (its default is 1 MiB)",
                   "memory: lsp-proxy and the daemon it starts, added together"])
    return selected, workload


# ---------------------------------------------------------------------------------------------
# Workloads


def make_workloads(workload_bin, size, work):
    keystroke = os.path.join(work, "keystroke", "keystroke.sql")
    memory = os.path.join(work, "memory", "memory.sql")
    tree = os.path.join(work, "tree")
    run([workload_bin, "--lines", str(size["lines"]), "-o", keystroke], stdout=subprocess.DEVNULL)
    run([workload_bin, "--bytes", str(size["memory_bytes"]), "-o", memory],
        stdout=subprocess.DEVNULL)
    run([workload_bin, "--tree", tree, "--files", str(size["files"]), "--lines-per-file",
         str(size["lines_per_file"])], stdout=subprocess.DEVNULL)
    # Settings the peers read from the workspace: the dialect for sqruff, the size limit for
    # postgres-language-server. secint and sql-dialect-fmt-lsp run with their defaults. Each
    # language server session has its workload's own folder as its workspace, so that no
    # server indexes the other workloads while it is measured.
    for folder in (work, os.path.dirname(keystroke), os.path.dirname(memory)):
        with open(os.path.join(folder, ".sqruff"), "w") as f:
            f.write("[sqruff]\ndialect = snowflake\n")
        with open(os.path.join(folder, "postgres-language-server.jsonc"), "w") as f:
            json.dump({"files": {"maxSize": 64 * 1024 * 1024}}, f)
    return keystroke, memory, tree


def describe_file(path):
    with open(path, "rb") as f:
        data = f.read()
    return {"lines": data.count(b"\n"), "bytes": len(data)}


def describe_tree(tree):
    files, total = 0, 0
    for folder, _, names in os.walk(tree):
        for name in names:
            files += 1
            total += os.path.getsize(os.path.join(folder, name))
    return {"files": files, "bytes": total}


# ---------------------------------------------------------------------------------------------
# Language server sessions


def uri_of(path):
    return "file://" + os.path.abspath(path)


class Session:
    """One language server with one document open, its folder as the workspace."""

    def __init__(self, tool, root, work, log_name):
        self.tool = tool
        self.client = Client(tool.lsp, cwd=root, stderr_path=os.path.join(work, log_name))
        self.memory = TreeMemory(self.client.process.pid, limit_mib=MEMORY_LIMIT_MIB)
        request_id, _ = self.client.request("initialize", {
            "processId": os.getpid(),
            "rootUri": uri_of(root),
            "rootPath": root,
            "workspaceFolders": [{"uri": uri_of(root), "name": os.path.basename(root)}],
            "capabilities": {
                "general": {"positionEncodings": ["utf-16"]},
                "workspace": {"configuration": True, "workspaceFolders": True},
                "textDocument": {
                    "synchronization": {"dynamicRegistration": False, "didSave": True},
                    "publishDiagnostics": {"versionSupport": True},
                    "hover": {"contentFormat": ["markdown", "plaintext"]},
                    "documentSymbol": {"hierarchicalDocumentSymbolSupport": True},
                },
            },
        })
        _, answer = self.client.answer(request_id, 60)
        self.capabilities = answer.get("result", {}).get("capabilities", {})
        self.client.notify("initialized", {})
        self.versioned = False
        sync = self.capabilities.get("textDocumentSync", 0)
        # 1: the server wants the whole text in every change; 2: only the edited range.
        self.full_sync = (sync.get("change", 0) if isinstance(sync, dict) else sync) == 1

    def follow_up_request(self, uri, position):
        """A request whose answer shows the server has taken the change in, if it publishes
        no diagnostics: pull diagnostics, else document symbols, else hover."""
        if self.capabilities.get("diagnosticProvider"):
            return "textDocument/diagnostic", {"textDocument": {"uri": uri}}
        if self.capabilities.get("documentSymbolProvider"):
            return "textDocument/documentSymbol", {"textDocument": {"uri": uri}}
        if self.capabilities.get("hoverProvider"):
            return "textDocument/hover", {"textDocument": {"uri": uri}, "position": position}
        return None

    def open(self, path, timeout):
        """Opens the document; returns (seconds to its diagnostics, the diagnostics, mode)."""
        with open(path) as f:
            text = f.read()
        uri = uri_of(path)
        sent = self.client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": self.tool.language_id, "version": 1, "text": text}})
        try:
            arrived, message = self.client.wait(lambda m: self.is_diagnostics(m, uri), timeout)
            self.versioned = "version" in message["params"]
            return arrived - sent, message["params"]["diagnostics"], "publishDiagnostics"
        except ServerGone as gone:
            if self.client.process.poll() is not None:
                raise
            request = self.follow_up_request(uri, {"line": 0, "character": 0})
            if request is None:
                raise ServerGone(f"no diagnostics within {timeout:g} s of didOpen and no "
                                 "request to ask instead") from gone
            request_id, _ = self.client.request(*request)
            arrived, _ = self.client.answer(request_id, timeout)
            return arrived - sent, None, request[0]

    @staticmethod
    def is_diagnostics(message, uri, version=None):
        if message.get("method") != "textDocument/publishDiagnostics":
            return False
        params = message.get("params", {})
        return params.get("uri") == uri and (version is None or params.get("version") == version)

    def stop(self):
        self.memory.stop()
        self.client.stop()


def line_starts(text):
    starts = [0]
    for i, c in enumerate(text):
        if c == "\n":
            starts.append(i + 1)
    return starts


def position(starts, offset):
    # The workload is ASCII: UTF-16 columns are byte columns.
    line = bisect.bisect_right(starts, offset) - 1
    return {"line": line, "character": offset - starts[line]}


def keystrokes(tool, work, path, size):
    """p50/p99 of edit -> fresh diagnostics (or -> the follow-up request's answer)."""
    session = Session(tool, os.path.dirname(path), work, f"{tool.name}-keystroke.log")
    try:
        opened, diagnostics, mode = session.open(path, size["open_timeout"])
        diagnostics = None if diagnostics is None else len(diagnostics)
        with open(path) as f:
            text = f.read()
        uri = uri_of(path)
        starts = line_starts(text)
        marker = "OAUTH_REFRESH_TOKEN_VALIDITY = "
        targets = []
        at = text.find(marker)
        while at >= 0:
            targets.append(at + len(marker))
            at = text.find(marker, at + 1)
        pairs = size["edits"] // 2
        samples = []
        version = 1
        last = None
        for k in range(size["edits"]):
            at = targets[(k // 2) * len(targets) // pairs]
            start = position(starts, at)
            # Type a digit into a value, then delete it again: the text is back where it was
            # after every second edit, so the offsets of later targets stay right.
            if k % 2 == 0:
                change = {"range": {"start": start, "end": start}, "text": "9"}
                edited = text[:at] + "9" + text[at:]
            else:
                end = dict(start, character=start["character"] + 1)
                change = {"range": {"start": start, "end": end}, "text": ""}
                edited = text
            if session.full_sync:
                change = {"text": edited}
            version += 1
            # Whatever the previous edit left in flight is not this edit's answer.
            time.sleep(0.02)
            while not session.client.messages.empty():
                session.client.messages.get_nowait()
            sent = session.client.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [change]})
            if mode == "publishDiagnostics":
                expected = version if session.versioned else None
                arrived, last = session.client.wait(
                    lambda m: Session.is_diagnostics(m, uri, expected), size["edit_timeout"])
            else:
                request_id, _ = session.client.request(
                    *session.follow_up_request(uri, start))
                arrived, _ = session.client.answer(request_id, size["edit_timeout"])
            samples.append((arrived - sent) * 1000)
        ordered = sorted(samples)
        note = {"note": tool.keystroke_note} if tool.keystroke_note else {}
        return note | {
            "p50_ms": percentile(ordered, 0.50),
            "p99_ms": percentile(ordered, 0.99),
            "samples": len(samples),
            "until": mode,
            "open_ms": round(opened * 1000, 3),
            "sync": "full text" if session.full_sync else "incremental",
            "diagnostics_on_open": diagnostics,
            # The same document as at the open: the same count, if every edit was applied.
            "diagnostics_after_edits": last and len(last["params"]["diagnostics"]),
            "peak_rss_mib": round(session.memory.total_mib(), 1),
        }
    finally:
        session.stop()


def percentile(ordered, p):
    index = round((len(ordered) - 1) * p)
    return round(ordered[index], 3)


def memory(tool, work, path, size):
    """Peak RSS once the server has answered for a 20 MB document."""
    session = Session(tool, os.path.dirname(path), work, f"{tool.name}-memory.log")
    try:
        try:
            opened, diagnostics, mode = session.open(path, size["open_timeout"])
        except ServerGone as gone:
            session.memory.sample()
            if session.memory.over_limit:
                raise ServerGone(f"stopped when its memory passed this run's limit of "
                                 f"{MEMORY_LIMIT_MIB // 1024} GiB") from gone
            raise ServerGone(f"{gone} (peak RSS so far {session.memory.total_mib():.0f} MiB)") \
                from gone
        # Work a server does right after answering (a second pass, caches) counts too.
        time.sleep(1)
        session.memory.sample()
        refused = [d["message"] for d in diagnostics or []
                   if tool.refusal and tool.refusal in d.get("message", "")]
        note = {"note": f"does not check the document: \u201c{refused[0]}\u201d; the figure "
                        "is what it used until it gave up"} if refused else {}
        return note | {
            "peak_rss_mib": round(session.memory.total_mib(), 1),
            "processes": session.memory.processes(),
            "open_s": round(opened, 3),
            "until": mode,
            "diagnostics_on_open": None if diagnostics is None else len(diagnostics),
        }
    finally:
        session.stop()


# ---------------------------------------------------------------------------------------------
# Command-line checks


def check(tool, work, tree, tree_size, size):
    command = [tree if part == "{tree}" else part for part in tool.check]
    times, statuses = [], []
    for attempt in range(size["check_runs"]):
        with open(os.path.join(work, f"{tool.name}-check.out"), "wb") as out, \
                open(os.path.join(work, f"{tool.name}-check.err"), "wb") as err:
            log("$ " + " ".join(command))
            start = time.perf_counter()
            status = subprocess.run(command, cwd=work, stdout=out, stderr=err).returncode
            elapsed = time.perf_counter() - start
        # 0: nothing found; 1: findings. Anything else is a failure to check.
        if status not in (0, 1):
            with open(os.path.join(work, f"{tool.name}-check.err"), errors="replace") as f:
                tail = " ".join(f.read().split())[-300:]
            raise RuntimeError(f"exit status {status}: {tail}")
        times.append(elapsed)
        statuses.append(status)
        if elapsed > 20:
            break  # slow enough that one run is a fair figure, and more would take long
    wall = statistics.median(times)
    with open(os.path.join(work, f"{tool.name}-check.out"), "rb") as f:
        report_bytes = len(f.read())
    return {
        "wall_s": round(wall, 4),
        "mb_per_s": round(tree_size["bytes"] / 1e6 / wall, 3),
        "runs": [round(t, 4) for t in times],
        "exit_status": statuses[-1],
        "report_bytes": report_bytes,
    }


# ---------------------------------------------------------------------------------------------


def machine():
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory_gib = None
    try:
        with open("/proc/meminfo") as f:
            memory_gib = round(int(f.readline().split()[1]) / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "memory_gib": memory_gib,
        "os": f"{platform.system()} {platform.release()}",
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def measure(name, function, tool, *args):
    try:
        result = function(tool, *args)
        log(f"{name} {tool.name}: {result}")
        return result
    except (ServerGone, RuntimeError, OSError) as error:
        log(f"{name} {tool.name}: n/a ({error})")
        return {"na": str(error)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tiny", action="store_true",
                        help="small workloads (300 lines, 20 files, 200 KB): seconds, not minutes")
    parser.add_argument("--only", default=",".join(TOOLS),
                        help="comma-separated tools to measure (default: all); "
                             "`--only secint` installs nothing")
    parser.add_argument("--out", default=HERE,
                        help="where results.json and chart.svg go (default: bench/compare)")
    parser.add_argument("--tools", help="install the peers here and keep them (default: a "
                                        "temporary folder, removed at the end)")
    parser.add_argument("--secint", help="the secint binary (default: cargo build --release)")
    parser.add_argument("--workload", help="the bench crate's workload binary (default: "
                                           "cargo build --release)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the scratch folder (workloads, logs, reports) and say where")
    parser.add_argument("--nice", type=int, default=10,
                        help="niceness of the run and everything it starts (default: 10)")
    args = parser.parse_args()
    args.only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = [name for name in args.only if name not in TOOLS]
    if unknown:
        parser.error(f"unknown tool {', '.join(unknown)}; the tools are {', '.join(TOOLS)}")
    if args.nice:
        os.nice(args.nice)
    size = SIZES["tiny" if args.tiny else "full"]

    host = machine()
    scratch = tempfile.mkdtemp(prefix="secint-compare-")
    try:
        work = os.path.join(scratch, "work")
        os.makedirs(work)
        if not args.tools:
            args.tools = os.path.join(scratch, "tools")
        os.makedirs(args.tools, exist_ok=True)
        args.tools = os.path.abspath(args.tools)
        selected, workload_bin = tools(args, work)
        keystroke_doc, memory_doc, tree = make_workloads(workload_bin, size, work)
        tree_size = describe_tree(tree)
        started = datetime.datetime.now(datetime.timezone.utc)
        panels = {
            "keystroke": {"document": describe_file(keystroke_doc), "edits": size["edits"],
                          "results": {}},
            "check": {"tree": tree_size, "results": {}},
            "memory": {"document": describe_file(memory_doc), "results": {}},
        }
        for tool in selected.values():
            results = panels["keystroke"]["results"]
            results[tool.name] = (measure("keystroke", keystrokes, tool, work, keystroke_doc, size)
                                  if tool.lsp else {"na": tool.why_no_lsp})
        for tool in selected.values():
            panels["check"]["results"][tool.name] = (
                measure("check", check, tool, work, tree, tree_size, size)
                if tool.check else {"na": tool.why_no_check})
        for tool in selected.values():
            panels["memory"]["results"][tool.name] = (
                measure("memory", memory, tool, work, memory_doc, size)
                if tool.lsp else {"na": tool.why_no_lsp})
        results = {
            "generated": started.isoformat(timespec="seconds"),
            "date": started.date().isoformat(),
            "command": "python3 bench/compare/run.py" + (" --tiny" if args.tiny else "")
                       + ("" if args.only == TOOLS else " --only " + ",".join(args.only)),
            "size": "tiny" if args.tiny else "full",
            "machine": host,
            "niceness": args.nice,
            "tools": {tool.name: {"version": tool.version, "notes": tool.notes}
                      for tool in selected.values()},
            "workloads": panels,
        }
    finally:
        if args.keep:
            log(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)

    os.makedirs(args.out, exist_ok=True)
    results_path = os.path.join(args.out, "results.json")
    with open(results_path, "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")
    svg = chart.draw(results)
    ElementTree.fromstring(svg)  # well-formed, or this run fails here
    with open(os.path.join(args.out, "chart.svg"), "w") as f:
        f.write(svg)
    log(f"wrote {results_path} and {os.path.join(args.out, 'chart.svg')}")


if __name__ == "__main__":
    main()
