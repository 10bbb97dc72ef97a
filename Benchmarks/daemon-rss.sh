#!/usr/bin/env bash
# Memory and reload time of `xianqi serve` holding a large ledger (issue 12, item 4).
#
#   Benchmarks/daemon-rss.sh [--binary .build/release/xianqi] [--measures 100000]
#                            [--reloads 10,100] [--variant sighup|one-of-two|all]
#                            [--split 10] [--dir /tmp/xianqi-daemon-rss]
#
# Starts the daemon in the foreground (no systemd: NOTIFY_SOCKET is a datagram socket this
# script listens on, logs go to stderr), waits for READY=1, then reads VmRSS/VmHWM from
# /proc/PID/status after start and after each checkpoint of reloads. A reload counts as done
# at the READY=1 that follows its RELOADING=1 (the daemon sends READY=1 after the new state is
# in force and the due events are processed); its time is from RELOADING=1 to that READY=1
# (for SIGHUP the signal's delivery adds well under a millisecond; for a file change the
# watcher's 0.5 s debounce comes before RELOADING=1 and is not counted).
#
# Variants:
#   sighup      one ledger of N measures; SIGHUP, nothing changed.
#   one-of-two  two ledgers (N*(100-split)% and N*split% measures); before each reload the
#               small one is rewritten (one row's status flipped, atomic rename) and the
#               daemon's own inotify watch triggers the reload (no signal).
#   all         both.
#
# The state directory is primed with `serve --once` first, so that the measured runs do not
# spool the day's notices. Needs python3 and LedgerGen (built with `swift build -c release`).
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
binary="$here/.build/release/xianqi"
ledgergen="$here/.build/release/LedgerGen"
measures=100000
reloads="10,100"
variant="all"
split=10
dir="/tmp/xianqi-daemon-rss"
while [ $# -gt 0 ]; do
    case "$1" in
        --binary) binary="$2"; shift 2 ;;
        --ledgergen) ledgergen="$2"; shift 2 ;;
        --measures) measures="$2"; shift 2 ;;
        --reloads) reloads="$2"; shift 2 ;;
        --variant) variant="$2"; shift 2 ;;
        --split) split="$2"; shift 2 ;;
        --dir) dir="$2"; shift 2 ;;
        -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 64 ;;
    esac
done
[ -x "$binary" ] || { echo "no binary at $binary (swift build -c release)" >&2; exit 66; }
[ -x "$ledgergen" ] || { echo "no LedgerGen at $ledgergen (swift build -c release)" >&2; exit 66; }

mkdir -p "$dir"
gen="$dir/gen-$measures"
if [ ! -s "$gen/ledger.csv" ]; then
    "$ledgergen" "$measures" "$gen" --as-of 2024-11-21 >/dev/null
fi
holidays="$here/Config/holidays-cn.toml"

# sighup: the generated ledger as it is.
one="$dir/one-$measures"
mkdir -p "$one"
cp "$gen/ledger.csv" "$one/ledger.csv"
# one-of-two: the same rows split into a large and a small ledger (same header).
two="$dir/two-$measures"
mkdir -p "$two"
rows=$(( $(wc -l < "$gen/ledger.csv") - 1 ))
small=$(( rows * split / 100 ))
head -n 1 "$gen/ledger.csv" > "$two/large.csv"
head -n 1 "$gen/ledger.csv" > "$two/small.csv"
awk -v large=$(( rows - small )) -v a="$two/large.csv" -v b="$two/small.csv" \
    'NR > 1 { if (NR - 1 <= large) print >> a; else print >> b }' "$gen/ledger.csv"

for d in "$one" "$two"; do
    if [ "$d" = "$one" ]; then ledgers='["ledger.csv"]'; else ledgers='["large.csv", "small.csv"]'; fi
    rm -rf "$d/state"
    cat > "$d/xianqi.toml" <<EOF
timezone = "Asia/Shanghai"
ledgers = $ledgers
reference = 2024-11-21
state_directory = "state"
holidays = "$holidays"
EOF
done

python3 - "$binary" "$one" "$two" "$reloads" "$variant" <<'PY'
import os, socket, subprocess, sys, time, signal, statistics

binary, one, two, reloads, variant = sys.argv[1:6]
checkpoints = sorted(int(x) for x in reloads.split(","))

def status(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "VmHWM"):
                out[k] = int(v.split()[0]) / 1024.0
    return out

def prime(d):
    env = dict(os.environ)
    env.pop("NOTIFY_SOCKET", None)
    r = subprocess.run([binary, "serve", "--once", "-c", f"{d}/xianqi.toml"], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if r.returncode not in (0, 75):
        sys.exit(f"serve --once failed in {d}: {r.returncode}")

class Daemon:
    def __init__(self, d):
        self.path = f"{d}/notify.sock"
        if os.path.exists(self.path):
            os.unlink(self.path)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)
        env = dict(os.environ)
        env["NOTIFY_SOCKET"] = self.path
        env.pop("WATCHDOG_USEC", None)
        env.pop("INVOCATION_ID", None)
        env.pop("JOURNAL_STREAM", None)
        self.log = open(f"{d}/serve.log", "w")
        t = time.monotonic()
        self.proc = subprocess.Popen([binary, "serve", "-c", f"{d}/xianqi.toml"], env=env,
                                     stdout=self.log, stderr=self.log)
        self.wait_for("READY=1", timeout=300)
        self.startup = time.monotonic() - t

    def wait_for(self, text, timeout=120):
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self.proc.kill()
                sys.exit(f"timed out waiting for {text}")
            self.sock.settimeout(left)
            try:
                msg = self.sock.recv(65536).decode("utf-8", "replace")
            except socket.timeout:
                continue
            if self.proc.poll() is not None:
                sys.exit(f"serve exited with {self.proc.returncode}")
            if any(line == text for line in msg.split("\n")):
                return msg

    def reload(self, trigger):
        # From RELOADING=1 to READY=1: the reload itself (an inotify-triggered one also
        # waits out the watcher's 0.5 s debounce before RELOADING=1).
        trigger()
        self.wait_for("RELOADING=1")
        t = time.monotonic()
        self.wait_for("READY=1")
        return time.monotonic() - t

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=60)
        self.sock.close()
        os.unlink(self.path)

def run(name, d, trigger_factory):
    prime(d)
    daemon = Daemon(d)
    pid = daemon.proc.pid
    s = status(pid)
    print(f"[{name}] start {daemon.startup:.2f} s to READY=1; RSS {s['VmRSS']:.0f} MiB (peak {s['VmHWM']:.0f} MiB)")
    times = []
    trigger = trigger_factory(daemon)
    done = 0
    for cp in checkpoints:
        while done < cp:
            times.append(daemon.reload(trigger))
            done += 1
        s = status(pid)
        window = times[-(cp - (checkpoints[checkpoints.index(cp) - 1] if checkpoints.index(cp) else 0)):]
        print(f"[{name}] after {cp:>3} reloads: RSS {s['VmRSS']:.0f} MiB (peak {s['VmHWM']:.0f} MiB); "
              f"reload mean {statistics.mean(window):.3f} s, max {max(window):.3f} s (these {len(window)})")
    print(f"[{name}] all {len(times)} reloads: mean {statistics.mean(times):.3f} s, max {max(times):.3f} s, "
          f"min {min(times):.3f} s")
    daemon.stop()

def sighup(daemon):
    return lambda: daemon.proc.send_signal(signal.SIGHUP)

def rewrite_small(daemon):
    state = {"n": 0}
    path = f"{two}/small.csv"
    with open(path, encoding="utf-8") as f:
        original = f.read()
    lines = original.split("\n")
    def trigger():
        # Set the small ledger's first row done, then under way, …; rename into place: a save.
        state["n"] += 1
        row = lines[1].rsplit(",", 1)
        flipped = list(lines)
        flipped[1] = row[0] + "," + ("已完成" if state["n"] % 2 else "推进中")
        tmp = f"{two}/.small.csv.tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write("\n".join(flipped))
        os.rename(tmp, path)
    return trigger

if variant in ("sighup", "all"):
    run("sighup, 1 ledger", one, sighup)
if variant in ("one-of-two", "all"):
    run("1 of 2 ledgers rewritten (inotify)", two, rewrite_small)
PY
