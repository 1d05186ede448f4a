#!/usr/bin/env bash
# Test of the installable package: builds the .deb (scripts/package.sh), unpacks it with
# dpkg-deb -x into an empty folder, checks what it declares and holds, runs the unpacked
# `kindred faces` on a test photo with no KINDRED_* variable set and checks the face
# against face_recognition's, then starts the unpacked app under Xvfb as a fresh user
# (tests/e2e/package.mjs: Library view, database, models, a damaged model reported in a
# window). Screenshots go to artifacts/screenshots/package-*.png.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

# KINDRED_PACKAGE_DEB=FILE tests a package built before instead (what CI never sets).
if [ -n "${KINDRED_PACKAGE_DEB:-}" ]; then
  deb="$(realpath "$KINDRED_PACKAGE_DEB")"
  built=$start
else
  bash scripts/package.sh
  built=$(date +%s)
  TARGET="${CARGO_TARGET_DIR:-$PWD/target}"
  deb=$(ls -t "$TARGET"/release/bundle/deb/*.deb | head -1)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/root"
mkdir "$root" "$work/home"
dpkg-deb -x "$deb" "$root"

fail() { echo "test-package: FAILED: $*" >&2; exit 1; }

# What the package declares and holds.
echo "test-package: $(basename "$deb"), $(du -h "$deb" | cut -f1) packed, $(du -sh "$root" | cut -f1) installed"
dpkg-deb -f "$deb" Package Version Architecture Depends
depends=$(dpkg-deb -f "$deb" Depends)
for dep in libwebkit2gtk-4.1-0 libgtk-3-0 libheif1; do
  [[ "$depends" == *"$dep"* ]] || fail "Depends lacks $dep"
done
[ "$(dpkg-deb -f "$deb" Version)" = "$(node -p 'require("./src-tauri/tauri.conf.json").version')" ] \
  || fail "package version differs from tauri.conf.json"
for f in usr/bin/kindred usr/bin/kindred-app; do
  [ -x "$root/$f" ] || fail "$f missing or not executable"
done
for f in $(node -p 'Object.keys(require("./models/manifest.json").files).join(" ")'); do
  cmp -s "models/$f" "$root/usr/lib/kindred/models/$f" || fail "model file $f missing or different in the package"
done
desktop=$(ls "$root"/usr/share/applications/*.desktop)
grep -q '^Exec=kindred-app' "$desktop" || fail "desktop entry does not start kindred-app: $(cat "$desktop")"
icon=$(sed -n 's/^Icon=//p' "$desktop")
ls "$root"/usr/share/icons/hicolor/*/apps/"$icon".png >/dev/null 2>&1 || fail "no icon $icon for the desktop entry"

# The unpacked command line, with no KINDRED_* variable, from a folder outside the
# checkout: one face in obama.jpg, close to face_recognition's descriptor of it.
photo="$PWD/models/cache/test_images/obama.jpg"
[ -f "$photo" ] || fail "$photo missing (models/build.sh downloads it)"
unset_kindred=()
for v in $(compgen -e | grep '^KINDRED_' || true); do unset_kindred+=(-u "$v"); done
(cd "$work" && env "${unset_kindred[@]}" HOME="$work/home" "$root/usr/bin/kindred" faces "$photo") > "$work/faces.jsonl" \
  || fail "the unpacked kindred faces failed"
python3 - "$work/faces.jsonl" tests/fixtures/reference.json <<'EOF' || fail "the unpacked CLI's face is wrong"
import json, math, sys
faces = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
ref = {i["file"]: i for i in json.load(open(sys.argv[2]))["images"] if i["set"] == "face_recognition"}
assert len(faces) == 1, f"expected one face in obama.jpg, got {len(faces)}"
f = faces[0]
d = f["descriptor"]
assert len(d) == 128, f"descriptor has {len(d)} values"
dist = lambda a, b: math.sqrt(sum((x - y) ** 2 for x, y in zip(a, b)))
same = dist(d, ref["obama.jpg"]["faces"][0]["descriptor"])
other = dist(d, ref["biden.jpg"]["faces"][0]["descriptor"])
t, r, b, l = ref["obama.jpg"]["faces"][0]["location"]
box = f["box"]
cx, cy = (box["left"] + box["right"]) / 2, (box["top"] + box["bottom"]) / 2
print(f"test-package: unpacked CLI: 1 face in obama.jpg, box {box}, score {f['score']:.3f}, "
      f"distance to face_recognition's obama {same:.3f}, to biden {other:.3f}")
assert l < cx < r and t < cy < b, "box centre outside face_recognition's box"
assert same < 0.2, "descriptor far from face_recognition's"
assert other > 0.6, "descriptor close to another person"
EOF

# The unpacked app under Xvfb as a fresh user.
export TAURI_DRIVER="$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")"
PACKAGE_ROOT="$root" PACKAGE_HOME="$work/home" \
  xvfb-run -a -s "-screen 0 1400x900x24" node tests/e2e/package.mjs

echo "test-package: passed in $(( $(date +%s) - start )) s (package build $(( built - start )) s)"
