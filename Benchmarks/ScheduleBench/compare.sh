#!/usr/bin/env bash
# `xianqi overdue` beside its peers (the one-pass script, Taskwarrior, Remind) at the given sizes,
# without the parser, daemon and in-process parts: Benchmarks/run.sh does the work and checks
# that every tool counts the same overdue items. See docs/benchmarks.md.
#
#   bash Benchmarks/ScheduleBench/compare.sh [SIZES…]        # default: 1000 10000 100000
set -euo pipefail
sizes="$*"
SIZES=${sizes:-1000 10000 100000} DAEMON=0 INPROCESS=0 JIONLP=0 PARSER_ROUNDS=${PARSER_ROUNDS:-5} \
    exec bash "$(dirname "$0")/../run.sh"
