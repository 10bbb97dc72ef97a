#!/usr/bin/env python3
"""One pass over a ledger CSV: resolve 完成时限 and the dated steps of 阶段目标 with regexes
and count what is overdue as of a day. The peer of `xianqi overdue --format json` (`count`).

    python3 overdue.py LEDGER.csv YYYY-MM-DD

Rules (the ones xianqi applies to the forms LedgerGen writes):
- an item is a measure, or one dated step of its 阶段目标 (a step dated on the measure's own
  deadline is the measure itself, not a second item);
- its deadline is the first date expression of the cell: 2025-03-31, 2025年3月31日(前),
  2025年3月(底)(前) → the month's last day, 2025年第1季度 → the quarter's last day,
  2025年上半年 / 下半年, 2025年底(前) / 年末 / 年内 → 31 December; 长期坚持 and rhythms
  (每月调度 …) have none;
- overdue: deadline before the as-of day and the status (整改状态) is not a done word
  (已完成, 完成, 已办结 …; 阶段性完成 and 未完成 are not done; longest word first, as a prefix).
Prints the count alone.
"""
import csv
import re
import sys
from datetime import date

DATE = re.compile(
    r"(\d{4})(?:-(\d{1,2})-(\d{1,2})"
    r"|年(?:(\d{1,2})月(?:(\d{1,2})[日号])?"
    r"|第?([1-4一二三四])季度"
    r"|([上下])半年"
    r"|[底末内]))"
)
QUARTER = {"1": 1, "2": 2, "3": 3, "4": 4, "一": 1, "二": 2, "三": 3, "四": 4}
STATUS_WORDS = {
    False: ["未开始", "未启动", "尚未开始", "尚未启动", "推进中", "正在推进", "进行中", "整改中", "正在整改",
            "持续推进", "在推进", "按期推进", "阶段性完成", "基本完成", "部分完成", "初见成效", "取得阶段性成效",
            "长期坚持", "长期整改", "持续整改", "长期推进", "常态化", "未完成", "未整改", "尚未完成", "未整改到位",
            "not-started", "notstarted", "todo", "open", "in-progress", "inprogress", "started", "doing",
            "partly-done", "partial", "ongoing", "long-term", "not-done", "notdone"],
    True: ["已完成", "完成", "已整改", "整改完成", "已办结", "办结", "已销号", "销号", "已整改到位", "done",
           "completed", "closed"],
}
WORDS = sorted(((w, done) for done, ws in STATUS_WORDS.items() for w in ws), key=lambda p: (-len(p[0]), p[0]))
SPACE = re.compile(r"\s+")


def month_end(y, m):
    return date(y + 1, 1, 1).toordinal() - 1 if m == 12 else date(y, m + 1, 1).toordinal() - 1


def resolve(m):
    """A match of DATE → an ordinal day number."""
    y = int(m.group(1))
    if m.group(2):
        return date(y, int(m.group(2)), int(m.group(3))).toordinal()
    if m.group(4):
        if m.group(5):
            return date(y, int(m.group(4)), int(m.group(5))).toordinal()
        return month_end(y, int(m.group(4)))
    if m.group(6):
        return month_end(y, QUARTER[m.group(6)] * 3)
    if m.group(7):
        return month_end(y, 6 if m.group(7) == "上" else 12)
    return month_end(y, 12)


def is_done(status, cache={}):
    hit = cache.get(status)
    if hit is None:
        t = SPACE.sub("", status).rstrip("。.;；,，").lower()
        hit = next((done for w, done in WORDS if t.startswith(w)), False)
        cache[status] = hit
    return hit


def main(path, as_of):
    today = date.fromisoformat(as_of).toordinal()
    search, finditer = DATE.search, DATE.finditer
    overdue = 0
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = csv.reader(f)
        header = next(rows)
        deadline_col, steps_col, status_col = (header.index(h) for h in ("完成时限", "阶段目标", "整改状态"))
        for row in rows:
            if is_done(row[status_col]):
                continue
            m = search(row[deadline_col])
            due = resolve(m) if m else None
            if due is not None and due < today:
                overdue += 1
            steps = row[steps_col]
            if steps:
                for s in finditer(steps):
                    d = resolve(s)
                    if d != due and d < today:
                        overdue += 1
    print(overdue)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
