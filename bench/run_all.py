"""`make bench`: run every benchmark, print their figures, and write the summary table, each script's output
and the EXPLAIN plans into docs/performance.md (between the bench:* markers; the text around them stays).

Usage: .venv/bin/python bench/run_all.py [--quick] [--no-write]
--quick: smaller sizes and shorter runs (a check that everything works, not figures to publish).
The soak (bench/soak.py, ten minutes) runs only when asked: --soak.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
DOC = BENCH.parent / "docs" / "performance.md"


def run(script: str, args: list[str]) -> tuple[int, str]:
    """Run one script, echo its output as it comes, return its exit code and output."""
    print(f"\n$ bench/{script} {' '.join(args)}", flush=True)
    process = subprocess.Popen([sys.executable, str(BENCH / script), *args], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    lines = []
    for line in process.stdout:
        print(line, end="", flush=True)
        lines.append(line)
    return process.wait(), "".join(lines)


def without_paths(text: str) -> str:
    """A script's output as the docs show it: where this checkout, Python and the temporary files live on the
    machine that ran it says nothing about the product (a traceback names them all)."""
    for path, name in ((str(BENCH.parent), "."), (sys.base_prefix, "<python>"), (tempfile.gettempdir(), "$TMPDIR"),
                       (str(Path.home()), "~")):
        text = text.replace(path, name)
    return text


def replace_between(text: str, name: str, content: str) -> str:
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise SystemExit(f"{DOC} has no {start} … {end} markers")
    return pattern.sub(lambda _: f"{start}\n{content.strip()}\n{end}", text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--soak", action="store_true", help="also the ten-minute soak")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/performance.md alone")
    args = parser.parse_args()
    explain = Path(tempfile.mkdtemp(prefix="portal-bench-")) / "explain.md"
    scale = ["--citizens", "10000", "--messages", "100000", "--samples", "100"] if args.quick else []
    plan = [("weight.py", []), ("network.py", []), ("lighthouse.py", []),
            ("web.py", ["--duration", "5" if args.quick else "15"]),
            ("worst_letters.py", ["--rounds", "1" if args.quick else "3"]),
            ("scale.py", [*scale, "--explain", str(explain)])]
    if args.soak:
        plan.append(("soak.py", ["--duration", "60"] if args.quick else []))
    outputs, failed = {}, []
    for script, script_args in plan:
        code, outputs[script] = run(script, script_args)
        if code:
            failed.append(script)
    figures = [line.split(" | ")[1:] for out in outputs.values() for line in out.splitlines()
               if line.startswith("FIGURE | ")]
    table = ["| figure | measured | goal | met |", "| --- | --- | --- | --- |"]
    table += [f"| {' | '.join(cell.strip() for cell in row)} |" for row in figures]
    print("\n" + "\n".join(table))
    if args.no_write or args.quick:
        print("\n(docs/performance.md left as it was: --quick or --no-write)")
        return 1 if failed else 0
    when = datetime.date.today().isoformat()
    heading = f"Measured {when} on one machine with {os.cpu_count()} CPU cores, every ratio within one run.\n\n"
    details = "\n".join(
        f"`bench/{script}`\n\n```\n" + "\n".join(line for line in out.splitlines() if not line.startswith(
            ("FIGURE | ", "PostgreSQL test cluster", "EXPLAIN of "))) + "\n```\n" for script, out in outputs.items())
    text = DOC.read_text()
    text = replace_between(text, "figures", heading + "\n".join(table))
    text = replace_between(text, "output", without_paths(details))
    if explain.exists():
        text = replace_between(text, "explain", explain.read_text())
    DOC.write_text(text)
    print(f"\nWrote the figures into {DOC.relative_to(BENCH.parent)}" + (f"; failed: {failed}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
