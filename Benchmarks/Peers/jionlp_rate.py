#!/usr/bin/env python3
"""JioNLP's time extraction over the same reports ChineseDatesBench reads, as MB/s.

    VENV/bin/python jionlp_rate.py [--rounds N] REPORT.txt…

Each report is cut into its non-empty lines (JioNLP's extractor is meant for sentences and
paragraphs; the bytes are the same) and each line goes through
`jio.ner.extract_time(line, time_base=<the report's date>, with_parsing=True)`, which finds
the time expressions and resolves them, as ClauseExtractor.extract does. The report's date is
the one in its file name (…-2024-11-21.txt). Import time is not counted. Prints one line:
  jionlp  FILES files  MB  x ROUNDS rounds  SECONDS s  EXPRESSIONS expressions/s  MB/s
"""
import logging
import os
import re
import sys
import time

logging.disable(logging.CRITICAL)  # JioNLP logs a traceback for each string it cannot parse

args = sys.argv[1:]
rounds = 1
if len(args) >= 2 and args[0] == "--rounds":
    rounds, args = int(args[1]), args[2:]
if not args:
    sys.exit(__doc__)

_stdout, sys.stdout = sys.stdout, open(os.devnull, "w")  # its banner
import jionlp as jio  # noqa: E402  (after logging is quiet)
sys.stdout = _stdout

work = []
for path in args:
    m = re.search(r"(\d{4})-(\d{2})-(\d{2})", os.path.basename(path))
    base = time.mktime((int(m.group(1)), int(m.group(2)), int(m.group(3)), 0, 0, 0, 0, 0, -1)) if m else time.time()
    text = open(path, encoding="utf-8").read()
    work.append((base, [l for l in text.splitlines() if l.strip()], len(text.encode("utf-8"))))
total = sum(b for _, _, b in work)

count = 0
start = time.perf_counter()
for _ in range(rounds):
    for base, lines, _ in work:
        for line in lines:
            try:
                count += len(jio.ner.extract_time(line, time_base=base, with_parsing=True))
            except Exception:  # a line JioNLP gives up on counts its bytes, finds nothing
                pass
elapsed = time.perf_counter() - start
print(f"jionlp   {len(work):6d} files {total / 1e6:8.3f} MB x {rounds:3d} rounds  {elapsed:8.3f} s  "
      f"{count / elapsed:10.0f} expressions/s  {total * rounds / 1e6 / elapsed:7.3f} MB/s")
