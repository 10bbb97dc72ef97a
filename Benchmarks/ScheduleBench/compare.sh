#!/usr/bin/env bash
# Times `xianqi overdue` from a cold process on generated ledgers of each size, and
# Taskwarrior's `task +OVERDUE count` on the same deadlines, with hyperfine.
#
#   bash Benchmarks/ScheduleBench/compare.sh [SIZES…]        # default: 1000 10000 100000
#   BENCH_DIR=/tmp/xianqi-bench RUNS=10 bash Benchmarks/ScheduleBench/compare.sh 1000000
#
# Needs hyperfine and taskwarrior (apt-get install hyperfine taskwarrior) and a release build
# (swift build -c release --product xianqi; … --product LedgerGen). For each size it prints:
#   xianqi, ledger read   – no snapshot: the CSV is read and interpreted (state/cache removed first)
#   xianqi, unchanged     – the ledger is as last read: items come from the snapshot
#   task +OVERDUE count   – Taskwarrior 2.6 on the same items (imported once, import timed)
# and checks that both tools count the same overdue items.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
bin=$root/.build/release
dir=${BENCH_DIR:-/tmp/xianqi-bench}
runs=${RUNS:-10}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
asof=$(date -u +%F)   # Taskwarrior compares with the clock: the ledgers are generated for today (UTC)
export TZ=UTC

for tool in hyperfine task; do
    command -v $tool >/dev/null || { echo "compare.sh: $tool is not installed (apt-get install hyperfine taskwarrior)" >&2; exit 2; }
done
[ -x "$bin/xianqi" ] && [ -x "$bin/LedgerGen" ] || { echo "compare.sh: build first: swift build -c release --product xianqi; swift build -c release --product LedgerGen" >&2; exit 2; }

echo "# $(date -u '+%F %T') UTC on $(nproc) cores; as of $asof; $(task --version | head -1 | sed 's/^/taskwarrior /'); $(hyperfine --version)"
for n in "${sizes[@]}"; do
    d=$dir/$n
    rm -rf "$d"
    "$bin/LedgerGen" "$n" "$d" --as-of "$asof" | sed 's/^/# /'
    config=$d/xianqi.toml
    expected=$("$bin/xianqi" overdue -c "$config" --as-of "$asof" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])' || true)

    cold_runs=$runs
    [ "$n" -ge 1000000 ] && cold_runs=3
    hyperfine -N -i --runs "$cold_runs" --export-json "$d/cold.json" \
        --prepare "rm -rf $d/state/cache" \
        -n "xianqi overdue, ledger read ($n)" "$bin/xianqi overdue -c $config --as-of $asof" >/dev/null
    "$bin/xianqi" overdue -c "$config" --as-of "$asof" >/dev/null || true   # leaves the snapshot
    hyperfine -N -i --warmup 2 --runs "$runs" --export-json "$d/warm.json" \
        -n "xianqi overdue, unchanged ($n)" "$bin/xianqi overdue -c $config --as-of $asof" >/dev/null

    mkdir -p "$d/tw"
    printf 'data.location=%s\nconfirmation=off\nverbose=nothing\nhooks=off\nnews.version=2.6.0\n' "$d/tw" > "$d/taskrc"
    export TASKRC=$d/taskrc
    start=$(date +%s.%N)
    task import "$d/tasks.json" >/dev/null 2>&1
    import_s=$(python3 -c "import time; print(round(time.time() - $start, 2))")
    task +OVERDUE count >/dev/null   # first run after import tidies the data files
    counted=$(task +OVERDUE count)
    hyperfine -N --warmup 1 --runs "$runs" --export-json "$d/task.json" \
        -n "task +OVERDUE count ($n)" "task +OVERDUE count" >/dev/null

    python3 - "$d" "$n" "$expected" "$counted" "$import_s" <<'EOF'
import json, sys
d, n, expected, counted, import_s = sys.argv[1:]
def stats(name):
    r = json.load(open(f"{d}/{name}.json"))["results"][0]
    return f'{r["mean"]*1000:9.1f} ms ± {r["stddev"]*1000:6.1f}  (min {r["min"]*1000:8.1f})'
print(f"{int(n):>9,} measures  xianqi, ledger read  {stats('cold')}")
print(f"{'':>9}           xianqi, unchanged    {stats('warm')}")
print(f"{'':>9}           task +OVERDUE count  {stats('task')}   import {import_s} s")
print(f"{'':>9}           overdue: xianqi {expected}, taskwarrior {counted}" + ("" if expected == counted else "   ← DIFFER"))
EOF
done
