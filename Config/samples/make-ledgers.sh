#!/usr/bin/env bash
# Rebuilds Config/ledgers/ from the published reports in Config/samples/: one ledger per
# report, each in another format, so the sample configuration exercises every reader.
#   bash Config/samples/make-ledgers.sh [path/to/xianqi]
set -euo pipefail
cd "$(dirname "$0")/.."
X=${1:-../.build/debug/xianqi}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -f ledgers/*
"$X" import samples/hefei-gaoxin-2024-11-21.txt --prefix HF -o ledgers/hefei-gaoxin.toml
"$X" import samples/wanzhi-2024-06-18.txt --prefix WZ -o ledgers/wanzhi.yaml
"$X" import samples/xiangjiang-2023-12-22.txt --prefix XJ -o "$tmp/xj.toml"
"$X" convert "$tmp/xj.toml" -o ledgers/xiangjiang.xlsx
"$X" import samples/xuancheng-jingkai-2025-07-25.txt --prefix XC -o "$tmp/xc.toml"
"$X" convert "$tmp/xc.toml" -o ledgers/xuancheng-jingkai.csv
"$X" import samples/zhuhai-gaoxin-2024-05-22.txt --prefix ZH -o "$tmp/zh.toml"
"$X" convert "$tmp/zh.toml" -o ledgers/zhuhai-gaoxin-gb18030.csv --encoding gb18030
