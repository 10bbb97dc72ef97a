#!/usr/bin/env bash
# Emails per day, as the daemon spools them: `xianqi serve --once` run on each of 7 days from
# 2024-11-21 (`today` set in the configuration, one state directory kept across the days), on
# LedgerGen's ledgers at 1k and 100k measures with an address for each owner unit. Counts the
# events the day claimed (the sent log) and the messages it spooled (mail/new). Run it with the
# binary before the mail outbox (one message per event) and after (one per recipient and day):
#
#     XIANQI=/path/to/old/xianqi bash Benchmarks/mail-per-day.sh [N ...]
#     bash Benchmarks/mail-per-day.sh 1000 100000
#
# docs/mail.md, "One message per recipient and day", has a run.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product LedgerGen >/dev/null
gen=$(swift build -c release --show-bin-path)/LedgerGen
bin=${XIANQI:-$(swift build -c release --show-bin-path)/xianqi}
out=${OUT:-/tmp/xianqi-mail-bench}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 100000)
files() { if [ -d "$1" ]; then find "$1" -maxdepth 1 -type f | wc -l; else echo 0; fi; }
for n in "${sizes[@]}"; do
    dir=$out/$n
    rm -rf "$dir"
    "$gen" "$n" "$dir" --as-of 2024-11-21 >/dev/null
    # An address for each owner unit, as an office's configuration gives them.
    python3 - "$dir" <<'EOF'
import csv, sys
d = sys.argv[1]
units = sorted({row["责任单位"] for row in csv.DictReader(open(d + "/ledger.csv", encoding="utf-8")) if row["责任单位"]})
with open(d + "/base.toml", "w", encoding="utf-8") as f:
    f.write(open(d + "/xianqi.toml", encoding="utf-8").read())
    f.write("\n[units]\n" + "".join(f'"{u}" = "unit{i}@example.gov.cn"\n' for i, u in enumerate(units)))
EOF
    echo "== $n measures ($bin)"
    printf '%-12s %8s %9s %7s\n' day events messages ms
    total_events=0 total_messages=0
    for offset in 0 1 2 3 4 5 6; do
        day=$(date -d "2024-11-21 + $offset days" +%F)
        { echo "today = \"$day\""; cat "$dir/base.toml"; } > "$dir/xianqi.toml"
        before_events=$(python3 -c "import sqlite3,sys,os; p=sys.argv[1]; print(sqlite3.connect(p).execute('SELECT COUNT(*) FROM sent').fetchone()[0] if os.path.exists(p) else 0)" "$dir/state/state.sqlite")
        before_files=$(files "$dir/state/mail/new")
        start=$(date +%s%N)
        (cd "$dir" && "$bin" serve -c xianqi.toml --once >/dev/null 2>&1)
        took=$(( ($(date +%s%N) - start) / 1000000 ))
        events=$(( $(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM sent').fetchone()[0])" "$dir/state/state.sqlite") - before_events ))
        messages=$(( $(files "$dir/state/mail/new") - before_files ))
        total_events=$((total_events + events)) total_messages=$((total_messages + messages))
        printf '%-12s %8d %9d %7d\n' "$day" "$events" "$messages" "$took"
    done
    printf '%-12s %8d %9d\n' "7 days" "$total_events" "$total_messages"
done
