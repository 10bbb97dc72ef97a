#!/usr/bin/env bash
# Messages per day before (one per event) and after (one 催办单 per unit, channel and day) at
# 1k and 100k measures, on LedgerGen's ledgers as of 2024-11-21 (docs/robots.md has a run).
#
#     bash Benchmarks/robots-per-day.sh [OUTDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/xianqi-robots-bench}
swift build -c release --product LedgerGen >/dev/null
swift build -c release --product RobotBench >/dev/null
bin=$(swift build -c release --show-bin-path)
for n in 1000 100000; do
    "$bin/LedgerGen" "$n" "$out/$n" --as-of 2024-11-21 >/dev/null
    for vendor in wecom dingtalk; do
        echo "== $n measures, $vendor"
        "$bin/RobotBench" "$out/$n/xianqi.toml" --as-of 2024-11-21 --days 7 --vendor "$vendor"
    done
done
