#!/usr/bin/env bash
# Build refdesk for Linux: a PyInstaller one-folder bundle at dist/refdesk/
# and dist/refdesk_X.Y.Z_amd64.deb around it. Run from a clean clone:
#     packaging/build.sh
# Everything it installs goes into a fresh venv under build/package/, never
# into the caller's environment. Needs python3 (3.11+), dpkg-deb and network
# access to PyPI (or a pip cache) for PySide6 and PyInstaller.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/build/package
PYTHON=${PYTHON:-python3}

VERSION=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' refdesk/__init__.py)
[[ -n $VERSION ]] || { echo "build.sh: no __version__ in refdesk/__init__.py" >&2; exit 1; }
ARCH=$(dpkg --print-architecture)
APP_ID=io.github.refdesk.refdesk  # the .desktop and metainfo names (refdesk/ui/app.py)
DEB=dist/refdesk_${VERSION}_${ARCH}.deb

# setuptools builds in build/lib: a module deleted since the last build
# would otherwise ship.
rm -rf "$WORK" build/lib build/bdist.* dist/refdesk "$DEB"
mkdir -p "$WORK" dist

echo "== a fresh venv with refdesk installed (not editable) and PyInstaller"
"$PYTHON" -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install --quiet --upgrade pip
"$WORK/venv/bin/python" -m pip install --quiet ".[package]"

echo "== the bundle"
# Run from packaging/, so the spec's imports come from the venv, not the checkout.
(cd packaging && "$WORK/venv/bin/python" -m PyInstaller --noconfirm --clean \
    --log-level WARN --distpath "$ROOT/dist" --workpath "$WORK/pyinstaller" refdesk.spec)
[[ -x dist/refdesk/refdesk ]] || { echo "build.sh: no dist/refdesk/refdesk" >&2; exit 1; }

echo "== the .deb"
PKG=$WORK/deb
ICONS=resources/icons
install -d "$PKG/DEBIAN" "$PKG/opt" "$PKG/usr/bin" "$PKG/usr/share/applications" \
    "$PKG/usr/share/metainfo" "$PKG/usr/share/icons/hicolor/scalable/apps"
cp -a dist/refdesk "$PKG/opt/refdesk"
ln -s /opt/refdesk/refdesk "$PKG/usr/bin/refdesk"
install -m 0644 "packaging/$APP_ID.desktop" "$PKG/usr/share/applications/$APP_ID.desktop"
install -m 0644 "packaging/$APP_ID.metainfo.xml" "$PKG/usr/share/metainfo/$APP_ID.metainfo.xml"
install -m 0644 "$ICONS/refdesk.svg" "$PKG/usr/share/icons/hicolor/scalable/apps/refdesk.svg"
for png in "$ICONS"/refdesk-*.png; do
    size=${png##*-}; size=${size%.png}
    install -D -m 0644 "$png" "$PKG/usr/share/icons/hicolor/${size}x${size}/apps/refdesk.png"
done
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" \
    -e "s/@SIZE@/$(du -sk --exclude=DEBIAN "$PKG" | cut -f1)/" \
    packaging/debian/control > "$PKG/DEBIAN/control"
# Files root-owned and not group-writable, whoever builds.
chmod -R u+rwX,go+rX,go-w "$PKG"
dpkg-deb --root-owner-group -Zgzip --build "$PKG" "$DEB" >/dev/null

echo "== done"
du -sh dist/refdesk "$DEB"
