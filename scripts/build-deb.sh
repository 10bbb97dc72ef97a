#!/usr/bin/env bash
# Builds xianqi_VERSION_ARCH.deb with dpkg-deb from a staged tree.
#
#   scripts/build-deb.sh [--binary PATH] [--out DIR]
#
# Without --binary it builds the release binary first (swift build -c release, with the Swift
# runtime linked statically, so the package needs no Swift toolchain: only libc, libsystemd,
# libsqlite3, zlib and their kin, which dpkg-shlibdeps finds). The manual pages and the shell
# completions are generated from the binary itself (scripts/generate-manpages.py;
# --generate-completion-script), so they cannot drift from --help.
#
# Why dpkg-deb and not debian/ + dpkg-buildpackage: the build is `swift build`, which debhelper
# does not know, and the Swift toolchain is not a Debian package (no Build-Depends to state).
# A debian/ directory would wrap one script in rules, control, changelog, compat and
# *.install files and need debhelper; here one script stages the tree and the same checks
# apply (lintian, and the install test in scripts/test-deb.sh). The maintainer scripts are
# in packaging/debian/, short and written by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

binary="" out="$root/.build/deb"
while [ $# -gt 0 ]; do
    case "$1" in
        --binary) binary=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        *) echo "usage: $0 [--binary PATH] [--out DIR]" >&2; exit 64 ;;
    esac
done

version=$(sed -n 's/^ *static let number = "\(.*\)"$/\1/p' Sources/xianqi/Version.swift)
[ -n "$version" ] || { echo "build-deb: no version in Sources/xianqi/Version.swift" >&2; exit 1; }
arch=$(dpkg --print-architecture)
if [ -z "$binary" ]; then
    swift build -c release --product xianqi --static-swift-stdlib 2>&1 | tail -n 2
    binary=$(swift build -c release --product xianqi --static-swift-stdlib --show-bin-path)/xianqi
fi
# Reproducible dates in gzip headers, man pages and the changelog: the commit's date.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

stage=$(mktemp -d "${TMPDIR:-/tmp}/xianqi-deb.XXXXXX")
trap 'rm -rf "$stage"' EXIT
pkg=$stage/xianqi
umask 022
install -d "$pkg/DEBIAN" "$pkg/usr/bin" "$pkg/lib/systemd/system" "$pkg/usr/lib/sysusers.d" \
    "$pkg/usr/lib/systemd/catalog" "$pkg/etc/xianqi" "$pkg/usr/share/xianqi/examples/ledgers" \
    "$pkg/usr/share/doc/xianqi" "$pkg/usr/share/bash-completion/completions" \
    "$pkg/usr/share/zsh/vendor-completions" "$pkg/usr/share/fish/vendor_completions.d"

# The binary, stripped (the debug symbols are not shipped).
install -m 0755 "$binary" "$pkg/usr/bin/xianqi"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$pkg/usr/bin/xianqi"

# systemd: units, the system user, the journal catalog. Units go to /lib/systemd/system, where
# Debian 12's systemd and lintian expect a package's units.
install -m 0644 Units/*.service Units/*.timer Units/*.path "$pkg/lib/systemd/system/"
install -m 0644 Units/xianqi.sysusers.conf "$pkg/usr/lib/sysusers.d/xianqi.conf"
install -m 0644 Units/xianqi.catalog "$pkg/usr/lib/systemd/catalog/xianqi.catalog"

# The configuration (conffiles): the documented example, with the sample's fixed day commented
# out and its ledgers pointing at the installed samples, so `xianqi check` works at once.
sed -e 's/^today = /# today = /' -e 's#^\( *\)"ledgers/#\1"/usr/share/xianqi/examples/ledgers/#' \
    Config/xianqi.toml > "$pkg/etc/xianqi/xianqi.toml"
install -m 0644 Config/holidays-cn.toml "$pkg/etc/xianqi/holidays-cn.toml"
chmod 0644 "$pkg/etc/xianqi/xianqi.toml"
install -m 0644 Config/ledgers/* "$pkg/usr/share/xianqi/examples/ledgers/"
install -m 0644 Config/cron.d/xianqi "$pkg/usr/share/xianqi/examples/cron.d-xianqi"

# Documentation, uncompressed: the units' Documentation= and the catalog name these files.
install -m 0644 README.md docs/*.md docs/*.png "$pkg/usr/share/doc/xianqi/"
install -m 0644 packaging/debian/copyright "$pkg/usr/share/doc/xianqi/copyright"
install -D -m 0644 packaging/debian/lintian-overrides "$pkg/usr/share/lintian/overrides/xianqi"
sed -e "s/@VERSION@/$version/" -e "s/@DATE@/$(date -u -R -d "@$SOURCE_DATE_EPOCH")/" \
    -e "s/@COMMIT@/$("$binary" --version | sed -n 's/.*(commit \(.*\))/\1/p')/" packaging/debian/changelog \
    | gzip -9n > "$pkg/usr/share/doc/xianqi/changelog.gz"

# Manual pages and completions, from the binary.
scripts/generate-manpages.py "$binary" "$stage/man"
install -d "$pkg/usr/share/man/man1" "$pkg/usr/share/man/zh_CN/man1"
for page in "$stage"/man/man1/*.1; do gzip -9n < "$page" > "$pkg/usr/share/man/man1/$(basename "$page").gz"; done
gzip -9n < "$stage/man/zh_CN/man1/xianqi.1" > "$pkg/usr/share/man/zh_CN/man1/xianqi.1.gz"
# bash-completion sources the file: no #! line (lintian: bash-completion-with-hashbang).
"$binary" --generate-completion-script bash | sed '1{/^#!/d}' > "$pkg/usr/share/bash-completion/completions/xianqi"
"$binary" --generate-completion-script zsh > "$pkg/usr/share/zsh/vendor-completions/_xianqi"
"$binary" --generate-completion-script fish > "$pkg/usr/share/fish/vendor_completions.d/xianqi.fish"
chmod 0644 "$pkg"/usr/share/*/*completions*/* "$pkg/usr/share/zsh/vendor-completions/_xianqi"

# Control files. Depends from the libraries the binary links (dpkg-shlibdeps wants a
# debian/control to read; a two-line one in the stage is enough).
install -d "$stage/shlibs/debian"
printf 'Source: xianqi\n\nPackage: xianqi\nArchitecture: any\n' > "$stage/shlibs/debian/control"
if objdump -p "$pkg/usr/bin/xianqi" | grep -q 'NEEDED *libswiftCore'; then
    # A binary linking the Swift runtime dynamically runs only where the toolchain is.
    [ "${XIANQI_DEB_ALLOW_DYNAMIC:-}" = 1 ] || { echo "build-deb: $binary links the Swift runtime dynamically: build it with --static-swift-stdlib" >&2; exit 1; }
    shlibdeps_flags=--ignore-missing-info
fi
depends=$(cd "$stage/shlibs" && dpkg-shlibdeps ${shlibdeps_flags:-} -O "$pkg/usr/bin/xianqi" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "build-deb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
installed_size=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@DEPENDS@/$depends/" \
    -e "s/@SIZE@/$installed_size/" packaging/debian/control > "$pkg/DEBIAN/control"
install -m 0644 packaging/debian/conffiles "$pkg/DEBIAN/conffiles"
for script in postinst prerm postrm; do install -m 0755 "packaging/debian/$script" "$pkg/DEBIAN/$script"; done
(cd "$pkg" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o -type f -printf '%P\0' \
    | sort -z | xargs -0 md5sum > DEBIAN/md5sums)
chmod 0644 "$pkg/DEBIAN/md5sums"

mkdir -p "$out"
deb="$out/xianqi_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$pkg" "$deb" >/dev/null
echo "$deb"
