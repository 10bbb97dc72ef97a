#!/usr/bin/env bash
# Builds the .deb (or takes one), checks it with lintian, installs it with dpkg -i, checks the
# installed tool, units, man pages and completions, then removes and purges it. Needs root.
#
#   scripts/test-deb.sh [PACKAGE.deb]
#
# Exit status 0 when every check passed; the first failed check stops it with its message.
set -euo pipefail
cd "$(dirname "$0")/.."
deb=${1:-$(scripts/build-deb.sh | tail -n 1)}
fail() { echo "test-deb: FAIL: $*" >&2; exit 1; }
step() { echo "test-deb: $*"; }

step "$(basename "$deb"): $(du -k "$deb" | cut -f1) KiB, $(dpkg-deb -f "$deb" Installed-Size) KiB installed"
step "lintian"
lintian --fail-on error,warning "$deb" \
    || fail "lintian reports errors or warnings"

if dpkg-query -W -f='${Status}' xianqi 2>/dev/null | grep "install ok installed" >/dev/null; then
    fail "xianqi is already installed here; this test installs and purges it"
fi
cleanup() { dpkg -P xianqi >/dev/null 2>&1 || true; }
trap cleanup EXIT

step "dpkg -i"
dpkg -i "$deb" >/dev/null || { apt-get install -f -y -qq >/dev/null; dpkg -i "$deb" >/dev/null; } || fail "dpkg -i"
[ "$(command -v xianqi)" = /usr/bin/xianqi ] || fail "xianqi is not /usr/bin/xianqi on PATH"
/usr/bin/xianqi --version | grep -E '^xianqi [0-9.]+ \(commit ([0-9a-f]{40}|unknown)\)$' >/dev/null || fail "xianqi --version: $(/usr/bin/xianqi --version)"
step "$(/usr/bin/xianqi --version)"
[ "$(man -w xianqi)" = /usr/share/man/man1/xianqi.1.gz ] || fail "man -w xianqi: $(man -w xianqi 2>&1)"
man -w xianqi-overdue >/dev/null || fail "man -w xianqi-overdue"
LANGUAGE=zh_CN LC_ALL=C.UTF-8 man -L zh_CN -w xianqi | grep zh_CN >/dev/null || fail "no Chinese page for man -L zh_CN xianqi"
getent passwd xianqi >/dev/null || fail "postinst did not create the xianqi user (systemd-sysusers)"
journalctl --list-catalog 2>/dev/null | grep 9ad1f99ed05846a1971fe7b6a36d18d5 >/dev/null || fail "the journal catalog is not in journalctl --list-catalog"
units=(/lib/systemd/system/xianqi.service /lib/systemd/system/xianqi-mail.service /lib/systemd/system/xianqi-mail.path
       /lib/systemd/system/xianqi-digest.service /lib/systemd/system/xianqi-digest.timer)
step "systemd-analyze verify ${units[*]##*/}"
verify=$(systemd-analyze verify "${units[@]}" 2>&1) || fail "systemd-analyze verify: $verify"
# Documentation= of every unit names a file the package installed.
for doc in $(sed -n 's#^Documentation=file://##p' "${units[@]}" | sort -u); do
    [ -f "$doc" ] || fail "Documentation=$doc is not installed"
done
for enabled in /etc/systemd/system/*.wants/xianqi*; do
    [ -e "$enabled" ] && fail "installation enabled $enabled"
done
xianqi check /etc/xianqi/xianqi.toml >/dev/null 2>&1 || fail "xianqi check on the installed configuration"
bash -c 'source /usr/share/bash-completion/completions/xianqi && declare -F _xianqi >/dev/null' || fail "bash completion does not define _xianqi"
[ -s /usr/share/zsh/vendor-completions/_xianqi ] && [ -s /usr/share/fish/vendor_completions.d/xianqi.fish ] || fail "zsh/fish completions"

step "office staff in the xianqi group run done without root"
[ "$(stat -c '%a %U %G' /var/lib/xianqi)" = "2770 xianqi xianqi" ] || fail "/var/lib/xianqi is $(stat -c '%a %U %G' /var/lib/xianqi), not 2770 xianqi xianqi"
work=$(mktemp -d /tmp/xianqi-clerk.XXXXXX)
chmod 755 "$work"
printf '序号,整改措施,责任单位,完成时限\n1,建立台账,区财政局,2024-10-31\n' > "$work/l.csv"
printf 'ledgers = ["l.csv"]\nstate_directory = "/var/lib/xianqi"\n' > "$work/xianqi.toml"
chmod 644 "$work/l.csv" "$work/xianqi.toml"
useradd --no-create-home --groups xianqi --shell /usr/sbin/nologin xianqi-clerk-test
clerk() { runuser -u xianqi-clerk-test -- /usr/bin/xianqi "$@" -c "$work/xianqi.toml" --as-of 2024-11-21; }
clerk done 1 --by 测试员 >/dev/null 2>&1 || fail "a member of the xianqi group cannot run done: $(clerk done 1 --by 测试员 2>&1)"
[ "$(stat -c '%a %G' /var/lib/xianqi/state.sqlite)" = "660 xianqi" ] || fail "state.sqlite is $(stat -c '%a %G' /var/lib/xianqi/state.sqlite), not 660 xianqi"
clerk history 1 2>/dev/null | grep -q 测试员 || fail "xianqi history does not show the clerk's done"
runuser -u nobody -- /usr/bin/xianqi history 1 -c "$work/xianqi.toml" >/dev/null 2>&1 && fail "history ran for a user outside the xianqi group, who cannot read the state"
userdel xianqi-clerk-test
rm -rf "$work"

step "dpkg -r, then dpkg -P"
echo "# edited" >> /etc/xianqi/xianqi.toml
dpkg -r xianqi >/dev/null || fail "dpkg -r"
[ ! -e /usr/bin/xianqi ] || fail "/usr/bin/xianqi is still there after removal"
grep -q "# edited" /etc/xianqi/xianqi.toml || fail "removal did not keep the edited conffile"
dpkg -P xianqi >/dev/null || fail "dpkg -P"
[ ! -e /etc/xianqi/xianqi.toml ] || fail "purge left /etc/xianqi/xianqi.toml"
trap - EXIT
step "ok"
