#!/usr/bin/env python3
"""LedgerGen's tasks.json (Taskwarrior's import format) → a Remind file, one REM line per open
dated item, with the dates pre-resolved (Remind reads no 完成时限).

    python3 tasks_to_rem.py DIR/tasks.json > DIR/ledger.rem

An item with deadline D is written `REM <D+1> *1 MSG <description>`: it triggers on every day
from the day after its deadline on, so on the as-of day Remind (`remind -q -h FILE DAY`)
prints exactly the items whose deadline is before that day, one line each, and evaluates
every line to decide it. tasks.json already carries D+1 (Taskwarrior's `due` is the end of D).
Done items and items without a deadline are left out: Remind has no status.
"""
import json
import sys

out = sys.stdout
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        t = json.loads(line)
        due = t.get("due")
        if t["status"] != "pending" or not due:
            continue
        text = t["description"].replace("%", "").replace("[", "(").replace("]", ")")
        out.write(f"REM {due[0:4]}-{due[4:6]}-{due[6:8]} *1 MSG {text}\n")
