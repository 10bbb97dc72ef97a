#!/usr/bin/env python3
"""The daemon's memory and reload time: `xianqi serve` on a generated ledger, in the
foreground as a child, with a notify socket of our own.

    python3 daemon_rss.py XIANQI CONFIG [--reloads 10,100] [--out FILE.json] [--state-dir DIR] [--no-prime]

- NOTIFY_SOCKET points at a datagram socket this script binds (what systemd gives a
  Type=notify unit), so the daemon's own sd_notify says when it is ready: start is the time
  from exec to the first READY=1; a reload is the time from SIGHUP to the READY=1 that
  follows its RELOADING=1 (ReminderService.reload sends RELOADING=1, reads everything again,
  then READY=1, failed or not). A reload that the daemon logs as failed is reported.
- After start, and after the 10th and 100th reload (the --reloads list), VmRSS and VmHWM
  (peak) are read from /proc/PID/status.
- The state directory is new (default: a temporary one) and primed first with
  `xianqi serve --once`, which sends what is due today (with LedgerGen's ledgers, thousands of
  notices: journal only, as the units have no addresses) and is timed on its own line; the
  measured start then only loads and plans, as a restart does. --no-prime measures the
  first start, sends included. stderr (the log, when journald is not there) goes to
  DIR/serve.log (the priming run's to DIR/once.log).
Prints a Markdown table and writes the figures as JSON to --out.
"""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time


def status(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0]) // 1024  # kB → MiB
    return out


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    xianqi, config = args[0], args[1]
    marks, out_path, state, prime = [10, 100], None, None, True
    rest = args[2:]
    while rest:
        flag = rest.pop(0)
        if flag == "--reloads":
            marks = sorted(int(x) for x in rest.pop(0).split(","))
        elif flag == "--out":
            out_path = rest.pop(0)
        elif flag == "--state-dir":
            state = rest.pop(0)
        elif flag == "--no-prime":
            prime = False
        else:
            sys.exit(f"daemon_rss.py: unknown argument {flag}")
    work = tempfile.mkdtemp(prefix="xianqi-serve-")
    state = state or os.path.join(work, "state")
    os.makedirs(state, exist_ok=True)
    sock_path = os.path.join(work, "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(sock_path)
    log = open(os.path.join(state, "serve.log"), "wb")
    env = dict(os.environ, NOTIFY_SOCKET=sock_path)
    env.pop("JOURNAL_STREAM", None)

    def wait_for(word, timeout=600.0):
        """Reads notify datagrams until one has the line `word`; returns its arrival time."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or child.poll() is not None:
                raise SystemExit(f"daemon_rss.py: no {word} from xianqi serve (exit {child.poll()}); see {log.name}")
            sock.settimeout(left)
            try:
                data = sock.recv(65536).decode("utf-8", "replace")
            except socket.timeout:
                continue
            if word in data.split("\n"):
                return time.monotonic()

    rows = []
    if prime:
        t0 = time.monotonic()
        with open(os.path.join(state, "once.log"), "wb") as once_log:
            rc = subprocess.run([xianqi, "serve", "--once", "-c", config, "--state-dir", state],
                                stdin=subprocess.DEVNULL, stdout=once_log, stderr=once_log,
                                env={k: v for k, v in os.environ.items() if k != "NOTIFY_SOCKET"}).returncode
        with open(os.path.join(state, "once.log"), "rb") as f:
            sent = f.read().count("\n【".encode())
        rows.append({"after": f"serve --once (today's {sent} events sent, exit {rc})",
                     "seconds": round(time.monotonic() - t0, 3)})
    started = time.monotonic()
    child = subprocess.Popen([xianqi, "serve", "-c", config, "--state-dir", state],
                             stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env)
    try:
        ready = wait_for("READY=1")
        start_s = ready - started
        time.sleep(0.5)  # let the first batch of sends settle before reading memory
        rows.append({"after": "start", "seconds": round(start_s, 3), **status(child.pid)})
        reload_times = []
        for n in range(1, marks[-1] + 1):
            t0 = time.monotonic()
            child.send_signal(signal.SIGHUP)
            wait_for("RELOADING=1")
            reload_times.append(wait_for("READY=1") - t0)
            if n in marks:
                times = sorted(reload_times)
                rows.append({"after": f"{n} reloads", "seconds": round(sum(times) / len(times), 3),
                             "min": round(times[0], 3), "max": round(times[-1], 3), **status(child.pid)})
    finally:
        child.send_signal(signal.SIGTERM)
        try:
            child.wait(timeout=60)
        except subprocess.TimeoutExpired:
            child.kill()
        log.close()
        sock.close()
    with open(os.path.join(state, "serve.log"), "rb") as f:
        failed = f.read().count("重新载入失败".encode())
    mail_dir = os.path.join(state, "mail")
    mails = sum(len(files) for _, _, files in os.walk(mail_dir)) if os.path.isdir(mail_dir) else 0
    print("| after | seconds (start; reload mean, min–max) | VmRSS MiB | VmHWM MiB |")
    print("|---|---|---|---|")
    for r in rows:
        span = f"{r['seconds']:.2f}" + (f" ({r['min']:.2f}–{r['max']:.2f})" if "min" in r else "")
        print(f"| {r['after']} | {span} | {r.get('VmRSS', '')} | {r.get('VmHWM', '')} |")
    print(f"\nfailed reloads logged: {failed}; files in the mail spool after the run: {mails}")
    if out_path:
        with open(out_path, "w") as f:
            json.dump({"rows": rows, "failed_reloads": failed, "spooled_files": mails,
                       "reload_seconds": reload_times}, f, indent=1)
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
