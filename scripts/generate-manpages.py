#!/usr/bin/python3
"""Writes xianqi's man pages from the binary's own help (`--experimental-dump-help`).

    scripts/generate-manpages.py .build/release/xianqi OUTDIR

OUTDIR/man1/xianqi.1 (overview, English), OUTDIR/man1/xianqi-COMMAND.1 (one per subcommand:
its discussion, options, exit status and examples, as `--help` gives them) and
OUTDIR/zh_CN/man1/xianqi.1 (the overview in Chinese, same reference).

Why not swift-argument-parser's generate-manual plugin: it drops the overview we write in
Chinese and renders discussions as one paragraph, losing the examples' lines. The options come
from the same source as --help, so the pages cannot drift from the binary.
"""
import datetime
import json
import os
import subprocess
import sys

OVERVIEW_EN = """\
xianqi reads rectification ledgers (整改台账) — problem, measure (整改措施), owner unit,
leader, target date, status — kept as Excel .xlsx, CSV (UTF-8 or GB18030), TOML or YAML, or
imported from a published progress report. It reads the Chinese target dates precisely
("2025年10月底前", "年底前", "力争2024年7月前投入使用"), tells them apart from past facts and
rhythms, and lists what is overdue or falls due soon in calendar and working days (with the
official holidays and make-up days of holidays-cn.toml).

As a systemd service (xianqi.service) it sends each reminder, overdue notice and escalation
once: to the journal with XIANQI_* fields, and as Chinese email through the local MTA
(xianqi-mail.path). xianqi-digest.timer sends the weekly digest (整改周报).

Each command is described in its own page, xianqi-COMMAND(1), and by xianqi COMMAND --help.
Dates given to options (--as-of, --ref, --to, --due-before) may be written 2024-11-21,
2024/11/21, 2024.11.21 or 2024年11月21日."""

OVERVIEW_ZH = """\
xianqi（限期）读取整改台账：问题、整改措施、责任单位、责任领导、完成时限、状态。台账可以是
Excel（.xlsx）、CSV（UTF-8 或 GB18030）、TOML 或 YAML，也可以从公开发布的整改进展情况报告导入。
它准确理解中文的完成时限（“2025年10月底前”“年底前”“力争2024年7月前投入使用”），区分已发生的
事实和工作频次，并按自然日和工作日（依据 holidays-cn.toml 中的法定节假日和调休）列出逾期和即将
到期的事项。

作为 systemd 服务（xianqi.service）运行时，每条提醒、逾期通知和升级提醒只发送一次：写入系统日志
（带 XIANQI_* 字段），并通过本机邮件系统发送中文邮件（xianqi-mail.path）。
xianqi-digest.timer 每周发送整改周报。

每个命令另有手册页 xianqi-命令(1)（英文），也可运行 xianqi 命令 --help 查看。
日期选项（--as-of、--ref、--to、--due-before）可写作 2024-11-21、2024/11/21、2024.11.21
或 2024年11月21日。"""

FILES = [
    ("/etc/xianqi/xianqi.toml", "The configuration: ledgers, units and their addresses, reminders, mail, digest.", "配置文件：台账、责任单位及邮箱、提醒、邮件、周报。"),
    ("/etc/xianqi/holidays-cn.toml", "Official holidays and make-up working days (调休).", "法定节假日和调休工作日。"),
    ("/var/lib/xianqi", "The state: state.sqlite (sent reminders, the audit trail of done and extend) and the mail spool.", "状态目录：state.sqlite（已发送提醒、销号和延期记录）和邮件队列。"),
    ("/usr/share/doc/xianqi", "The documentation: README.md and one article per concept.", "文档：README.md 和各专题说明。"),
]


def is_cjk(ch):
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef" or "\u3000" <= ch <= "\u303f"


def roff(text):
    """Text safe for roff: backslashes escaped, no line starting with a control character, and
    a break point (\\:) after each CJK character, which groff cannot otherwise break between."""
    text = text.replace("\\", "\\e")
    text = "".join(ch + "\\:" if is_cjk(ch) else ch for ch in text)
    lines = []
    for line in text.split("\n"):
        if line.startswith((".", "'")):
            line = "\\&" + line
        lines.append(line)
    return "\n".join(lines)


def option_names(argument):
    names = []
    for name in argument.get("names", []):
        names.append(("\\-" if name["kind"] == "short" else "\\-\\-") + name["name"].replace("-", "\\-"))
    return ", ".join("\\fB%s\\fR" % n for n in names)


def option_item(argument):
    if argument["kind"] == "positional":
        head = "\\fI%s\\fR" % argument.get("valueName", "ARG")
    else:
        head = option_names(argument)
        if argument["kind"] == "option":
            head += " \\fI%s\\fR" % roff(argument.get("valueName", "VALUE"))
    body = roff(argument.get("abstract", ""))
    if argument.get("defaultValue") not in (None, ""):
        body += " (default: %s)" % roff(str(argument["defaultValue"]))
    return ".TP\n%s\n%s\n" % (head, body)


def synopsis(path, command):
    parts = []
    positional = [a for a in command.get("arguments", []) if a["kind"] == "positional" and a.get("shouldDisplay", True)]
    for a in positional:
        name = "\\fI%s\\fR" % a.get("valueName", "ARG")
        if a.get("isRepeating"):
            name += "\\&..."
        parts.append("[%s]" % name if a.get("isOptional") else name)
    return ".SY %s\n\\fB%s\\fR [\\fIOPTIONS\\fR] %s\n.YS\n" % (path[0], " ".join(path[1:]), " ".join(parts))


def join(lines):
    """Lines as one paragraph: a space between words, none between Chinese characters."""
    out = ""
    for line in (l.strip() for l in lines):
        if out and line and not (is_cjk(out[-1]) and is_cjk(line[0])):
            out += " "
        out += line
    return out


def discussion(text):
    """Paragraphs, with indented lines (the examples) kept line for line."""
    out = []
    for paragraph in text.strip().split("\n\n"):
        lines = paragraph.split("\n")
        if len(lines) > 1 and any(l.startswith("  ") for l in lines[1:]):
            first = [l for l in lines if not l.startswith("  ")]
            rest = [l.strip() for l in lines if l.startswith("  ")]
            if first:
                out.append(".PP\n" + roff(join(first)))
            out.append(".PP\n.RS 4\n.nf\n" + roff("\n".join(rest)) + "\n.fi\n.RE")
        else:
            out.append(".PP\n" + roff(join(lines)))
    return "\n".join(out) + "\n"


def header(name, section_title, date, version, description):
    return ('.\\" Generated by scripts/generate-manpages.py from xianqi --experimental-dump-help; do not edit.\n'
            '.TH "%s" 1 "%s" "xianqi %s" "%s"\n.na\n.SH NAME\n%s \\- %s\n' % (name.upper(), date, version, section_title, name, description))


def command_page(command, date, version):
    name = "xianqi-" + command["commandName"]
    page = header(name, "User Commands", date, version, roff(command.get("abstract", "")))
    page += ".SH SYNOPSIS\n" + synopsis(["xianqi", command["commandName"]], command)
    if command.get("discussion"):
        page += ".SH DESCRIPTION\n" + discussion(command["discussion"])
    shown = [a for a in command.get("arguments", []) if a.get("shouldDisplay", True)]
    if shown:
        page += ".SH OPTIONS\n" + "".join(option_item(a) for a in shown)
    page += ".SH SEE ALSO\n.BR xianqi (1)\n"
    return page


def overview_page(root, date, version, chinese):
    if chinese:
        page = header("xianqi", "用户命令", date, version, "整改台账的完成时限、逾期提醒与周报")
        titles = ("概要", "描述", "命令", "选项", "文件", "环境变量", "参见")
        page += ".SH %s\n.SY xianqi\n\\fI命令\\fR [\\fI选项\\fR]\n.YS\n" % titles[0]
        page += ".SH %s\n%s" % (titles[1], discussion(OVERVIEW_ZH))
    else:
        page = header("xianqi", "User Commands", date, version, "deadlines and milestones of rectification ledgers (限期)")
        titles = ("SYNOPSIS", "DESCRIPTION", "COMMANDS", "OPTIONS", "FILES", "ENVIRONMENT", "SEE ALSO")
        page += ".SH %s\n.SY xianqi\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n.YS\n" % titles[0]
        page += ".SH %s\n%s" % (titles[1], discussion(OVERVIEW_EN))
    subcommands = [c for c in root.get("subcommands", []) if c.get("shouldDisplay", True) and c["commandName"] != "help"]
    page += ".SH %s\n" % titles[2]
    for c in subcommands:
        page += ".TP\n.BR xianqi\\-%s (1)\n%s\n" % (c["commandName"].replace("-", "\\-"), roff(c.get("abstract", "")))
    page += ".SH %s\n" % titles[3]
    page += ".TP\n\\fB\\-\\-version\\fR\n%s\n" % ("版本号和构建所用的提交。" if chinese else "The version and the commit the binary was built from.")
    page += ".TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\n%s\n" % ("帮助。" if chinese else "Help; \\fBxianqi\\fR \\fICOMMAND\\fR \\fB\\-\\-help\\fR for a command's.")
    page += ".TP\n\\fB\\-\\-generate\\-completion\\-script\\fR \\fIbash\\fR|\\fIzsh\\fR|\\fIfish\\fR\n%s\n" % (
        "输出 shell 补全脚本（软件包已安装）。" if chinese else "Print the shell completion script (the package installs them).")
    page += ".SH %s\n" % titles[4]
    for path, english, zh in FILES:
        page += ".TP\n.I %s\n%s\n" % (path, zh if chinese else english)
    page += ".SH %s\n" % titles[5]
    page += ".TP\n.B XIANQI_CONFIG\n%s\n" % ("未给出 \\-c 时使用的配置文件。" if chinese else "The configuration file when \\fB\\-c\\fR is not given.")
    page += ".SH %s\n" % titles[6]
    refs = ["xianqi\\-%s (1)" % c["commandName"].replace("-", "\\-") for c in subcommands]
    refs += ["systemd.service (5)", "journalctl (1)", "sysusers.d (5)"]
    page += ",\n".join(".BR " + r for r in refs) + "\n"
    return page


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: generate-manpages.py XIANQI_BINARY OUTDIR")
    binary, outdir = sys.argv[1], sys.argv[2]
    environment = {k: v for k, v in os.environ.items() if k != "XIANQI_CONFIG"}
    root = json.loads(subprocess.run([binary, "--experimental-dump-help"], check=True, capture_output=True, env=environment).stdout)["command"]
    version_line = subprocess.run([binary, "--version"], check=True, capture_output=True, text=True).stdout.split()
    version = version_line[1] if len(version_line) > 1 else "unknown"
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0")) or int(datetime.datetime.now().timestamp())
    date = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%d")
    os.makedirs(os.path.join(outdir, "man1"), exist_ok=True)
    os.makedirs(os.path.join(outdir, "zh_CN", "man1"), exist_ok=True)
    with open(os.path.join(outdir, "man1", "xianqi.1"), "w", encoding="utf-8") as f:
        f.write(overview_page(root, date, version, chinese=False))
    with open(os.path.join(outdir, "zh_CN", "man1", "xianqi.1"), "w", encoding="utf-8") as f:
        f.write(overview_page(root, date, version, chinese=True))
    for command in root.get("subcommands", []):
        if command.get("shouldDisplay", True) and command["commandName"] != "help":
            with open(os.path.join(outdir, "man1", "xianqi-%s.1" % command["commandName"]), "w", encoding="utf-8") as f:
                f.write(command_page(command, date, version))


if __name__ == "__main__":
    main()
