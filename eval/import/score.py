#!/usr/bin/env python3
"""Score `xianqi import` on the reports of this directory against expected.tsv.

    python3 eval/import/score.py [--run] [--xianqi /work/bin/xianqi] [--imp /tmp/imp] [--md RESULTS.md]

--run first imports every report of expected.tsv twice:
    xianqi import FILE -o IMP/NAME.toml              (no --ref: the report's own date, if found)
    xianqi import FILE --ref REF -o IMP/NAME.ref.toml

A ledger's dated targets are every measure with a due date and every milestone with one (both,
not either: a measure's own 完成时限 and its steps are targets alike). Due dates are not in the
TOML (the importer writes the deadline text), so they are read back the way a user sees them:
`xianqi list --format json` over a one-ledger configuration. Texts come from the TOML itself.

An expected row (file, ref, fragment, due) is found when a dated target not yet taken by another
row has that due (or target "ongoing" for `ongoing`) and the fragment is in its action, its
evidence, the measure text or the problem (the scorer of Tests/LedgerTests/UnseenReportTests
with the measure's own due added). A dated target whose due is the due of no expected row of its
file is false (counted once per distinct (measure, due)).
"""

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))


def read_expected(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            if not line.strip():
                continue
            cells = line.rstrip("\n").split("\t")
            rows.append(dict(zip(header, cells)))
    return rows


def run_imports(xianqi, files, imp):
    os.makedirs(imp, exist_ok=True)
    log = {}
    for name, ref in files.items():
        src = os.path.join(HERE, name)
        stem = name[:-4]
        for mode, extra in (("noref", []), ("withref", ["--ref", ref])):
            out = os.path.join(imp, stem + (".ref" if mode == "withref" else "") + ".toml")
            if os.path.exists(out):
                os.remove(out)  # import merges into an existing file: start clean
            p = subprocess.run([xianqi, "import", src, *extra, "-o", out, "-q"],
                               capture_output=True, text=True)
            log[(name, mode)] = (p.returncode, p.stderr.strip())
    return log


def listed(xianqi, ledger):
    """Due dates as `xianqi list --format json` reads the ledger (its own reference, else today)."""
    with tempfile.TemporaryDirectory() as d:
        cfg = os.path.join(d, "xianqi.toml")
        with open(cfg, "w", encoding="utf-8") as f:
            f.write("ledgers = [%s]\n" % json.dumps(os.path.abspath(ledger)))
        p = subprocess.run([xianqi, "list", "-c", cfg, "--format", "json"],
                           capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError("xianqi list failed on %s: %s" % (ledger, p.stderr.strip()))
        return json.loads(p.stdout or "[]")


def dated_targets(xianqi, ledger):
    """[(due, texts, key, label)], the ledger's reference, and the measures (for diagnosis)."""
    with open(ledger, "rb") as f:
        doc = tomllib.load(f)
    measures = doc.get("measure", [])
    js = listed(xianqi, ledger)
    by_id = {m["id"]: m for m in js}
    out = []
    for i, m in enumerate(measures):
        j = by_id.get(m.get("id")) or (js[i] if i < len(js) else {})
        own = [m.get("measure", ""), m.get("problem", "") or "", m.get("evidence", "") or ""]
        due = j.get("due")
        if j.get("target") == "ongoing":
            due = "ongoing"
        if due:
            out.append((due, own, (m.get("id"), due), "measure %s deadline %r" % (m.get("id"), m.get("deadline"))))
        tm = m.get("milestone", [])
        jm = j.get("milestones", [])
        for k, s in enumerate(tm):
            sd = jm[k].get("due") if k < len(jm) else None
            if sd:
                texts = [s.get("action", ""), s.get("evidence", "") or ""] + own
                out.append((sd, texts, (m.get("id"), sd),
                            "milestone of %s %r %r" % (m.get("id"), s.get("deadline"), s.get("action", "")[:30])))
    ref = doc.get("reference")
    return out, (str(ref) if ref is not None else None), measures, js


def score_file(rows, targets):
    pool = list(targets)
    found = []
    for r in rows:
        hit = None
        for i, (due, texts, key, label) in enumerate(pool):
            if due == r["due"] and any(r["fragment"] in t for t in texts):
                hit = i
                break
        if hit is None:
            found.append(None)
        else:
            found.append(pool.pop(hit)[3])
    expected_dues = {r["due"] for r in rows}
    false = {}
    for due, texts, key, label in targets:
        if due not in expected_dues:
            false.setdefault(key, label)
    false = sorted(false.items())
    return found, false


def diagnose(row, targets, measures, js):
    """Why a row was missed: the due found beside the fragment, or the fragment nowhere."""
    frag = row["fragment"]
    notes = []
    for due, texts, key, label in targets:
        if any(frag in t for t in texts):
            notes.append("fragment in %s, due %s" % (label, due))
    if notes:
        return "; ".join(dict.fromkeys(notes))
    for i, m in enumerate(measures):
        blob = " ".join(str(v) for v in m.values() if isinstance(v, str))
        blob += " ".join(s.get("action", "") + s.get("evidence", "") for s in m.get("milestone", []))
        if frag in blob:
            j = js[i] if i < len(js) else {}
            return "fragment in measure %s (deadline %r, target %s), no due" % (
                m.get("id"), m.get("deadline"), j.get("target"))
    dues = sorted({d for d, *_ in targets if d == row["due"]})
    return "fragment in no measure%s" % (" (the due is in the ledger elsewhere)" if dues else "")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--expected", default=os.path.join(HERE, "expected.tsv"))
    ap.add_argument("--imp", default="/tmp/imp")
    ap.add_argument("--xianqi", default="/work/bin/xianqi")
    ap.add_argument("--run", action="store_true", help="run the imports first")
    ap.add_argument("--md", help="write the results as markdown here")
    a = ap.parse_args()

    rows = read_expected(a.expected)
    files = collections.OrderedDict()
    for r in rows:
        files.setdefault(r["file"], r["ref"])
    log = run_imports(a.xianqi, files, a.imp) if a.run else {}

    per = []
    misses = []
    falses = []
    tot = collections.Counter()
    for name, ref in files.items():
        frows = [r for r in rows if r["file"] == name]
        stem = name[:-4]
        res = {"file": name, "ref": ref, "expected": len(frows)}
        for mode in ("noref", "withref"):
            ledger = os.path.join(a.imp, stem + (".ref" if mode == "withref" else "") + ".toml")
            if not os.path.exists(ledger):
                res[mode] = None
                res[mode + "_err"] = log.get((name, mode), (None, "no ledger"))[1]
                for r in frows:
                    misses.append((mode, r, "no ledger written"))
                continue
            targets, lref, measures, js = dated_targets(a.xianqi, ledger)
            found, false = score_file(frows, targets)
            res[mode] = sum(1 for x in found if x)
            res[mode + "_false"] = len(false)
            res[mode + "_dated"] = len({(k, d) for d, t, k, l in targets})
            res[mode + "_measures"] = len(measures)
            res[mode + "_reference"] = lref
            for r, x in zip(frows, found):
                if not x:
                    misses.append((mode, r, diagnose(r, targets, measures, js)))
            for key, label in false:
                falses.append((mode, name, label))
            tot[mode] += res[mode]
            tot[mode + "_false"] += len(false)
            tot[mode + "_dated"] += res[mode + "_dated"]
        res["date_found"] = res.get("noref_reference") == ref
        tot["expected"] += len(frows)
        tot["date_found"] += 1 if res["date_found"] else 0
        per.append(res)

    lines = []
    lines.append("| file | ref | expected | found (no --ref) | found (--ref) | false (no --ref) | false (--ref) | dated targets (no --ref / --ref) | report date without --ref |")
    lines.append("|---|---|---|---|---|---|---|---|---|")
    for r in per:
        lines.append("| %s | %s | %d | %s | %s | %s | %s | %s / %s | %s |" % (
            r["file"], r["ref"], r["expected"], r.get("noref"), r.get("withref"),
            r.get("noref_false"), r.get("withref_false"), r.get("noref_dated"), r.get("withref_dated"),
            ("yes" if r["date_found"] else "no (%s)" % (r.get("noref_reference") or "none"))))
    n = tot["expected"]
    lines.append("| **total** | | %d | %d (%.0f%%) | %d (%.0f%%) | %d | %d | %d / %d | %d of %d |" % (
        n, tot["noref"], 100.0 * tot["noref"] / n, tot["withref"], 100.0 * tot["withref"] / n,
        tot["noref_false"], tot["withref_false"], tot["noref_dated"], tot["withref_dated"],
        tot["date_found"], len(per)))
    summary = "\n".join(lines)
    detail = ["", "Misses:", ""]
    for mode, r, why in misses:
        detail.append("- [%s] %s: `%s` → %s (%s) — %s" % (mode, r["file"], r["fragment"], r["due"], r["note"], why))
    detail += ["", "False targets:", ""]
    for mode, name, label in falses:
        detail.append("- [%s] %s: %s" % (mode, name, label))
    text = summary + "\n" + "\n".join(detail) + "\n"
    print(text)
    if a.md:
        with open(a.md, "w", encoding="utf-8") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
