#!/usr/bin/env bash
# Every benchmark side by side in one run: see docs/benchmarks.md.
#
#   bash Benchmarks/run.sh
#   SIZES="10000 100000" RUNS=5 bash Benchmarks/run.sh
#
# Builds what it needs (release), generates ledgers with LedgerGen at each size (default 10k,
# 100k and 1M) for today (UTC), and on the same data:
#   - times, with hyperfine, from a cold process: `xianqi overdue` (ledger read: no snapshot;
#     unchanged: from the snapshot), a one-pass Python script (Benchmarks/Peers/overdue.py:
#     the CSV and its 完成时限 with regexes), Taskwarrior (`task +OVERDUE count`, after
#     `task import`) and Remind (`remind -q -h`, pre-resolved dates: the floor for a C program),
#     and measures each one's peak RSS with /usr/bin/time -f %M;
#   - checks that all of them count the same overdue items, and the count LedgerGen printed
#     by construction: any difference stops the run (exit 1);
#   - the date parser's MB/s (ChineseDatesBench) beside JioNLP's (PyPI jionlp, in a venv made
#     here), on the reports in Config/samples;
#   - the daemon (`xianqi serve`) on the DAEMON_SIZE ledger: RSS after start, after 10 and 100
#     reloads, and reload time (Benchmarks/Peers/daemon_rss.py);
#   - the in-process benchmarks (package-benchmark, Benchmarks/InProcess) on the first size.
# Prints a Markdown summary and writes it, with every raw figure, to RESULTS.
#
# Environment:
#   SIZES="10000 100000 1000000"   ledger sizes (measures)
#   RUNS=10                        hyperfine runs per command (3 at sizes ≥ 1M)
#   BENCH_DIR=/tmp/xianqi-bench    generated ledgers, Taskwarrior data, the JioNLP venv
#   RESULTS=Benchmarks/results/<UTC time>
#   TASK_MAX=1000000               the largest size Taskwarrior is run at (its import is slow)
#   DAEMON_SIZE=100000 DAEMON_RELOADS=10,100   (DAEMON=0 skips the daemon)
#   INPROCESS=1                    0 skips the package-benchmark run (it builds a package)
#   JIONLP=1                       0 skips JioNLP; without PyPI it is skipped with a message
#   PARSER_ROUNDS=20               ChineseDatesBench rounds (JioNLP: 1 round)
#   BUILD=1                        0 uses the release binaries already in .build/release
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bin=$root/.build/release
peers=$root/Benchmarks/Peers
read -r -a sizes <<< "${SIZES:-10000 100000 1000000}"
runs=${RUNS:-10}
dir=${BENCH_DIR:-/tmp/xianqi-bench}
results=${RESULTS:-$root/Benchmarks/results/$(date -u +%Y%m%dT%H%M%SZ)}
task_max=${TASK_MAX:-1000000}
daemon_size=${DAEMON_SIZE:-100000}
venv=$dir/venv
export TZ=UTC
asof=$(date -u +%F)   # Taskwarrior compares with the clock: the ledgers are generated for today (UTC)
mkdir -p "$dir" "$results"
summary=$results/summary.md
log() { printf '%s\n' "$*" >&2; }
die() { log "run.sh: $*"; exit 1; }

# --- tools -------------------------------------------------------------------------------
need=()
for pair in hyperfine:hyperfine task:taskwarrior remind:remind /usr/bin/time:time; do
    command -v "${pair%%:*}" >/dev/null || need+=("${pair##*:}")
done
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        log "run.sh: installing ${need[*]}"
        apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    else
        die "missing ${need[*]}: apt-get install ${need[*]}"
    fi
fi

# --- build -------------------------------------------------------------------------------
if [ "${BUILD:-1}" = 1 ]; then
    for product in xianqi LedgerGen ChineseDatesBench; do
        log "run.sh: swift build -c release --product $product"
        swift build -c release --product "$product" >"$results/build-$product.log" 2>&1 \
            || { tail -30 "$results/build-$product.log" >&2; die "build of $product failed"; }
    done
fi
for b in xianqi LedgerGen ChineseDatesBench; do [ -x "$bin/$b" ] || die "no $bin/$b (BUILD=0 needs a release build)"; done

commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
sources=$(git -C "$root" log -1 --format='%h %cs' -- Sources Package.swift 2>/dev/null || echo unknown)
dirty=$(git -C "$root" status --porcelain -- Sources Package.swift 2>/dev/null | grep -q . && echo " (Sources modified)" || true)
{
    echo "# xianqi benchmarks, $(date -u '+%F %H:%M') UTC"
    echo
    echo "commit $commit (Sources and Package.swift as of $sources)$dirty; as of $asof; $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB;" \
         "$(swift --version 2>/dev/null | head -1 | sed 's/ (.*//');" \
         "$(hyperfine --version); taskwarrior $(task --version 2>/dev/null | head -1); remind $(dpkg-query -W -f='${Version}' remind 2>/dev/null || echo '?');" \
         "$(python3 --version)"
    echo
    echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) (the machine may be shared: compare figures of one run)"
    echo
} > "$summary"

# `xianqi overdue` exits 1 when it finds overdue items: its JSON's count is what counts.
xianqi_count() {
    { "$bin/xianqi" overdue -c "$1" --as-of "$asof" --format json || true; } \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])'
}

# --- per size: generate, count, time -------------------------------------------------------
rows=$results/rows.tsv
: > "$rows"
failed=0
for n in "${sizes[@]}"; do
    d=$dir/$n
    rm -rf "$d"
    gen=$("$bin/LedgerGen" "$n" "$d" --as-of "$asof")
    log "run.sh: $gen"
    expected=$(sed -n 's/.* \([0-9][0-9]*\) overdue as of.*/\1/p' <<< "$gen")
    items=$(sed -n 's/.* \([0-9][0-9]*\) dated or open items.*/\1/p' <<< "$gen")
    config=$d/xianqi.toml ledger=$d/ledger.csv
    r=$runs; [ "$n" -ge 1000000 ] && r=3

    python3 "$peers/tasks_to_rem.py" "$d/tasks.json" > "$d/ledger.rem"
    mkdir -p "$d/tw"
    printf 'data.location=%s\nconfirmation=off\nverbose=nothing\nhooks=off\nnews.version=2.6.0\n' "$d/tw" > "$d/taskrc"
    export TASKRC=$d/taskrc

    # The counts, each tool's own; and the commands, as hyperfine runs them (name|command|prepare).
    declare -A count=()
    cmds=("xianqi overdue, ledger read|$bin/xianqi overdue -c $config --as-of $asof|rm -rf $d/state/cache")
    rm -rf "$d/state/cache"
    count["xianqi overdue, ledger read"]=$(xianqi_count "$config")
    if [ -d "$d/state/cache" ]; then   # a build that keeps an agenda snapshot (up to f7bda66)
        cmds+=("xianqi overdue, unchanged|$bin/xianqi overdue -c $config --as-of $asof|")
        count["xianqi overdue, unchanged"]=$(xianqi_count "$config")
    fi
    cmds+=(
        "one-pass Python (regexes)|python3 $peers/overdue.py $ledger $asof|"
        "remind -q -h (pre-resolved)|remind -q -h $d/ledger.rem $asof|"
    )
    count["one-pass Python (regexes)"]=$(python3 "$peers/overdue.py" "$ledger" "$asof")
    count["remind -q -h (pre-resolved)"]=$(remind -q -h "$d/ledger.rem" "$asof" | grep -c '^ZG-' || true)
    import_s=
    if [ "$n" -le "$task_max" ]; then
        start=$(date +%s.%N)
        task import "$d/tasks.json" >/dev/null 2>&1
        import_s=$(python3 -c "print(round($(date +%s.%N) - $start, 1))")
        task +OVERDUE count >/dev/null   # the first run after an import tidies the data files
        count["task +OVERDUE count"]=$(task +OVERDUE count)
        cmds+=("task +OVERDUE count|task +OVERDUE count|")
    fi

    for entry in "${cmds[@]}"; do
        IFS='|' read -r name cmd prepare <<< "$entry"
        slug=$(tr -c 'a-zA-Z0-9\n' '-' <<< "$name" | tr -s '-')
        json=$d/hf-$slug.json
        if [ -n "$prepare" ]; then
            hyperfine -N -i --runs "$r" --prepare "$prepare" --export-json "$json" -n "$name" "$cmd" >/dev/null 2>>"$results/hyperfine.log"
            sh -c "$prepare"
        else
            hyperfine -N -i --warmup 1 --runs "$r" --export-json "$json" -n "$name" "$cmd" >/dev/null 2>>"$results/hyperfine.log"
        fi
        # Peak RSS of one more run (the same state as the timed ones).
        # (-i above and `|| true` here: xianqi overdue exits 1 when something is overdue.)
        /usr/bin/time -f '%M' -o "$d/rss-$slug.txt" $cmd >/dev/null 2>&1 || true
        rss=$(tail -1 "$d/rss-$slug.txt")
        c=${count[$name]}
        ok=ok; [ "$c" = "$expected" ] || { ok=DIFFERS; failed=1; }
        python3 - "$json" "$n" "$items" "$name" "$rss" "$c" "$expected" "$ok" "$import_s" >> "$rows" <<'EOF'
import json, sys
path, n, items, name, rss, c, expected, ok, import_s = sys.argv[1:]
r = json.load(open(path))["results"][0]
note = f"import {import_s} s" if name.startswith("task") and import_s else ""
print("\t".join([n, items, name, f'{r["mean"]*1000:.1f}', f'{r["stddev"]*1000:.1f}', f'{r["min"]*1000:.1f}',
                 str(len(r["times"])), f'{int(rss)/1024:.0f}', c, expected, ok, note]))
EOF
        tail -1 "$rows" | awk -F'\t' '{printf "run.sh: %9s  %-30s %9s ms ± %7s  %5s MiB  overdue %s (%s)\n", $1, $3, $4, $5, $8, $9, $11}' >&2
    done
    if [ -n "$import_s" ]; then rm -rf "$d/tw"; fi   # 1 GB at 1M
    unset count
done

{
    echo "## Overdue count from a cold process (hyperfine; peak RSS: /usr/bin/time -f %M)"
    echo
    echo "| measures | items | command | wall mean ± σ (ms) | min (ms) | runs | peak RSS (MiB) | overdue | expected | check |"
    echo "|---:|---:|---|---:|---:|---:|---:|---:|---:|---|"
    awk -F'\t' '{printf "| %\047d | %\047d | %s%s | %s ± %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, ($12 ? " (" $12 ")" : ""), $4, $5, $6, $7, $8, $9, $10, $11}' "$rows"
    echo
} >> "$summary"

# --- the parser's MB/s beside JioNLP's ---------------------------------------------------
samples=("$root"/Config/samples/*.txt)
{
    echo "## Date parser throughput on Config/samples ($(cat "${samples[@]}" | wc -c) bytes, ${#samples[@]} reports)"
    echo
    echo '```'
    "$bin/ChineseDatesBench" "${samples[@]}" --rounds "${PARSER_ROUNDS:-20}" | tee "$results/parser.txt"
} >> "$summary"
if [ "${JIONLP:-1}" = 1 ]; then
    if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import jionlp' 2>/dev/null; then
        log "run.sh: making a venv for JioNLP in $venv (pip install jionlp)"
        { python3 -m venv "$venv" && "$venv/bin/pip" install -q --disable-pip-version-check jionlp; } >"$results/jionlp-install.log" 2>&1 || true
    fi
    if "$venv/bin/python" -c 'import jionlp' >/dev/null 2>&1; then
        "$venv/bin/python" "$peers/jionlp_rate.py" --rounds 1 "${samples[@]}" 2>/dev/null | tee -a "$results/parser.txt" >> "$summary" \
            || echo "jionlp   failed (see $results/jionlp-install.log)" >> "$summary"
        echo "(jionlp $("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("jionlp"))'): jio.ner.extract_time per line, with_parsing=True)" >> "$summary"
    else
        echo "jionlp   skipped: could not pip install jionlp (offline?) — see $results/jionlp-install.log" | tee -a "$summary" >&2
    fi
fi
echo '```' >> "$summary"
echo >> "$summary"
# The MB/s side by side.
python3 - "$results/parser.txt" >> "$summary" <<'EOF'
import re, sys
rate = {}
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"(\w+)\s.*\s([\d.]+) MB/s$", line.strip())
    if m: rate[m.group(1)] = float(m.group(2))
if "extract" in rate:
    print("| same bytes, same reports | MB/s |\n|---|---:|")
    print(f"| ChineseDates DateParser.parse | {rate.get('parse', 0):.2f} |")
    print(f"| ChineseDates ClauseExtractor.extract (find + resolve) | {rate['extract']:.2f} |")
    if "jionlp" in rate:
        print(f"| JioNLP jio.ner.extract_time (find + resolve) | {rate['jionlp']:.3f} |")
        print(f"\nextract / JioNLP: {rate['extract'] / rate['jionlp']:.0f}×\n")
EOF

# --- the daemon ----------------------------------------------------------------------------
if [ "${DAEMON:-1}" = 1 ]; then
    dd=$dir/$daemon_size
    [ -f "$dd/xianqi.toml" ] || { rm -rf "$dd"; "$bin/LedgerGen" "$daemon_size" "$dd" --as-of "$asof" >/dev/null; }
    log "run.sh: xianqi serve on $daemon_size measures, reloads ${DAEMON_RELOADS:-10,100}"
    {
        echo "## The daemon: \`xianqi serve\` on $daemon_size measures (SIGHUP to READY=1 on its notify socket)"
        echo
        python3 "$peers/daemon_rss.py" "$bin/xianqi" "$dd/xianqi.toml" --reloads "${DAEMON_RELOADS:-10,100}" \
            --state-dir "$results/serve-state" --out "$results/daemon.json" || { echo "(daemon run failed)"; failed=1; }
        echo
    } >> "$summary"
    rm -rf "$results/serve-state/mail"   # thousands of spooled messages: counted, not kept
fi

# --- in-process (package-benchmark) --------------------------------------------------------
if [ "${INPROCESS:-1}" = 1 ]; then
    first=${sizes[0]}
    log "run.sh: swift package --package-path Benchmarks/InProcess benchmark (ledger of $first)"
    if XIANQI_BENCH_LEDGER=$dir/$first/ledger.csv XIANQI_BENCH_AS_OF=$asof \
        swift package --package-path Benchmarks/InProcess --allow-writing-to-package-directory benchmark \
        --format markdown --no-progress > "$results/inprocess.md" 2> "$results/inprocess.log"; then
        # (the tool's notes on the runtime interposer, in colour, stay in the raw file)
        { echo "## In process (package-benchmark; ledger of $first measures)"; echo
          grep -v -e $'\e' -e '^Note: skipping LD_PRELOAD' "$results/inprocess.md"; echo; } >> "$summary"
    else
        tail -20 "$results/inprocess.log" >&2
        echo "In-process benchmarks failed: see $results/inprocess.log (the plugin says only buildFailed:" \
             "swift build -c release --package-path Benchmarks/InProcess shows the compiler's errors)" | tee -a "$summary" >&2
        failed=1
    fi
fi

echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$summary"
cat "$summary"
if [ "$failed" != 0 ]; then
    grep -q DIFFERS "$rows" && log "run.sh: OVERDUE COUNTS DIFFER (see the check column above)"
    die "something failed (results in $results)"
fi
log "run.sh: results in $results"
