#!/usr/bin/env python3
"""Convert dlib's face-recognition ResNet (dlib_face_recognition_resnet_model_v1.dat) to ONNX.

The .dat file is parsed directly (no dlib needed for the conversion itself); dlib is
used afterwards only to check that the ONNX graph reproduces dlib's descriptors.

dlib serialization, as written by dlib/serialize.h and dlib/dnn/*.h:
  * integer: one control byte (bit 7 = sign, low 4 bits = byte count), then that many
    little-endian bytes of the magnitude;
  * float/double: mantissa (integer) then exponent (integer); value = m * 2**e;
  * string: length (integer) then the bytes;  bool: one ASCII byte '0' or '1';
  * tensor: version 2, n, k, nr, nc, then n*k*nr*nc raw little-endian float32;
  * alias_tensor: version 1, n, k, nr, nc (shape only).
The network object nests: add_loss_layer writes (version, loss, subnet); each
add_layer / add_tag_layer / add_skip_layer writes its version and then its subnet
before its own details. So the file is: loss record, one version integer per nesting
level from the output down to the input (2 = add_layer, 1 = tag/skip, 3 = the
add_layer sitting on the input layer), the input layer, then the layer records from
the input up to the output.

Tags and skips write nothing but their version, so the wiring cannot be read from
the file alone; ARCHITECTURE below spells out dlib's `anet_type` (from dlib's
dnn_face_recognition_ex.cpp) and the parser checks every record against it.

The ONNX graph takes the normalised chip, (pixel - channel mean) / 256, as float32
NCHW [N, 3, 150, 150] named "input" and returns the raw 128-D descriptor
[N, 128] named "descriptor". The output is deterministic: fixed node names, no
timestamps, so that the file's sha256 is stable run to run.

Usage:
  convert_resnet.py DAT OUT.onnx [--verify TEST_IMAGES_DIR --shape-predictor SP5.dat]
"""

import argparse
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 13
IR_VERSION = 7

# ---------------------------------------------------------------------------------------
# The network, input to output, as dlib's dnn_face_recognition_ex.cpp defines it.


def _ares(n):
    # relu<add_prev1<affine<con<n,3,3,1,1,relu<affine<con<n,3,3,1,1,tag1<SUBNET>>>>>>>>>
    return [("tag", 1), ("con", n, 1), ("affine",), ("relu",), ("con", n, 1), ("affine",),
            ("add_prev", 1), ("relu",)]


def _ares_down(n):
    # relu<add_prev2<avg_pool<2,2,2,2,skip1<tag2<block<n,affine,2,tag1<SUBNET>>>>>>>>
    return [("tag", 1), ("con", n, 2), ("affine",), ("relu",), ("con", n, 1), ("affine",),
            ("tag", 2), ("skip", 1), ("avg_pool", 2, 2), ("add_prev", 2), ("relu",)]


ARCHITECTURE = (
    [("con", 32, 2), ("affine",), ("relu",), ("max_pool", 3, 2)]
    + _ares(32) * 3
    + _ares_down(64) + _ares(64) * 3
    + _ares_down(128) + _ares(128) * 2
    + _ares_down(256) + _ares(256) * 2
    + _ares_down(256)
    + [("avg_pool", 0, 0), ("fc", 128)]
)

RECORD_NAMES = {
    "con": "con_4", "affine": "affine_", "relu": "relu_", "max_pool": "max_pool_2",
    "avg_pool": "avg_pool_2", "add_prev": "add_prev_", "fc": "fc_2",
}


# ---------------------------------------------------------------------------------------
# Reading the dlib stream.


class FormatError(Exception):
    pass


class Reader:
    def __init__(self, data: bytes):
        self.data = data
        self.pos = 0

    def int(self) -> int:
        if self.pos >= len(self.data):
            raise FormatError("unexpected end of file")
        control = self.data[self.pos]
        size = control & 0x0F
        if size > 8:
            raise FormatError(f"bad integer control byte {control:#x} at {self.pos}")
        start = self.pos + 1
        self.pos = start + size
        value = int.from_bytes(self.data[start:self.pos], "little")
        return -value if control & 0x80 else value

    def float(self) -> float:
        mantissa = self.int()
        exponent = self.int()
        return float(mantissa) * 2.0 ** exponent

    def string(self) -> str:
        n = self.int()
        s = self.data[self.pos:self.pos + n]
        self.pos += n
        return s.decode("ascii")

    def bool(self) -> bool:
        c = self.data[self.pos:self.pos + 1]
        self.pos += 1
        if c not in (b"0", b"1"):
            raise FormatError(f"bad bool {c!r} at {self.pos - 1}")
        return c == b"1"

    def tensor(self) -> np.ndarray:
        version = self.int()
        if version != 2:
            raise FormatError(f"tensor version {version} at {self.pos}")
        shape = tuple(self.int() for _ in range(4))
        count = int(np.prod(shape))
        end = self.pos + 4 * count
        if end > len(self.data):
            raise FormatError("tensor runs past the end of the file")
        values = np.frombuffer(self.data, dtype="<f4", count=count, offset=self.pos)
        self.pos = end
        return values.reshape(shape).astype(np.float32)

    def alias_tensor(self) -> tuple:
        version = self.int()
        if version != 1:
            raise FormatError(f"alias_tensor version {version} at {self.pos}")
        return tuple(self.int() for _ in range(4))

    def expect(self, name: str):
        got = self.string()
        if got != name:
            raise FormatError(f"expected record {name!r}, found {got!r} at {self.pos}")


def read_layer(r: Reader, kind: str) -> dict:
    """Reads one layer's details record (after its name was checked)."""
    if kind == "con":
        params = r.tensor()
        num_filters, nr, nc, sy, sx, py, px = (r.int() for _ in range(7))
        fshape = r.alias_tensor()
        bshape = r.alias_tensor()
        for _ in range(4):  # learning-rate and weight-decay multipliers
            r.float()
        flat = params.reshape(-1)
        nf = int(np.prod(fshape))
        if fshape[0] != num_filters or fshape[2:] != (nr, nc) or nf + num_filters != flat.size:
            raise FormatError(f"con_ shapes do not add up: {fshape} {bshape} {flat.size}")
        return dict(weight=flat[:nf].reshape(fshape), bias=flat[nf:nf + num_filters].copy(),
                    kernel=(nr, nc), stride=(sy, sx), pad=(py, px))
    if kind == "affine":
        params = r.tensor().reshape(-1)
        gshape = r.alias_tensor()
        bshape = r.alias_tensor()
        mode = r.int()
        if mode != 0 or gshape != bshape or gshape[0] != 1 or gshape[2:] != (1, 1):
            raise FormatError(f"affine_ not per channel: mode {mode} {gshape}")
        k = gshape[1]
        return dict(gamma=params[:k].copy(), beta=params[k:2 * k].copy())
    if kind == "relu":
        return {}
    if kind in ("max_pool", "avg_pool"):
        nr, nc, sy, sx, py, px = (r.int() for _ in range(6))
        return dict(kernel=(nr, nc), stride=(sy, sx), pad=(py, px))
    if kind == "add_prev":
        return {}
    if kind == "fc":
        num_outputs = r.int()
        num_inputs = r.int()
        params = r.tensor().reshape(-1)
        wshape = r.alias_tensor()
        r.alias_tensor()  # biases (shape only)
        bias_mode = r.int()  # dlib's fc_bias_mode: FC_HAS_BIAS = 0, FC_NO_BIAS = 1
        for _ in range(4):
            r.float()
        if bias_mode != 1 or wshape[:2] != (num_inputs, num_outputs) or params.size != num_inputs * num_outputs:
            raise FormatError(f"fc_ expected without bias: mode {bias_mode} {wshape} {params.size}")
        return dict(weight=params.reshape(num_inputs, num_outputs))
    raise FormatError(f"unknown layer kind {kind}")


def parse(data: bytes) -> dict:
    r = Reader(data)
    if r.int() != 1:
        raise FormatError("add_loss_layer version != 1")
    r.expect("loss_metric_2")
    margin, dist_thresh = r.float(), r.float()

    # Version integers, outermost (output) first.
    versions = []
    while True:
        v = r.int()
        versions.append(v)
        if v == 3:
            break
        if v not in (1, 2) or len(versions) > 1000:
            raise FormatError(f"unexpected layer version {v}")
    expected = [1 if op[0] in ("tag", "skip") else 2 for op in ARCHITECTURE]
    expected[0] = 3  # the add_layer directly on the input layer
    if list(reversed(versions)) != expected:
        raise FormatError("layer nesting does not match dlib's face recognition ResNet")

    r.expect("input_rgb_image_sized")
    means = [r.float() for _ in range(3)]
    size = (r.int(), r.int())

    layers = []
    for op in ARCHITECTURE:
        kind = op[0]
        if kind in ("tag", "skip"):
            continue
        r.expect(RECORD_NAMES[kind])
        layer = read_layer(r, kind)
        for _ in range(3):  # this_layer_setup_called, gradient_input_is_stale, disabled
            r.bool()
        r.tensor()  # x_grad
        r.tensor()  # cached_output
        if len(layers) == 0:
            r.tensor()  # grad_final (input add_layer, version 3)
            r.int()  # sample_expansion_factor
        else:
            r.tensor()  # params_grad
        layers.append(layer)
    if r.pos != len(data):
        raise FormatError(f"{len(data) - r.pos} trailing bytes")
    return dict(margin=margin, dist_thresh=dist_thresh, means=means, size=size, layers=layers)


# ---------------------------------------------------------------------------------------
# Building the ONNX graph.


def build_onnx(net: dict) -> onnx.ModelProto:
    nodes, inits = [], []
    counter = [0]

    def name(prefix):
        counter[0] += 1
        return f"{prefix}_{counter[0]:03d}"

    def const(prefix, array):
        n = name(prefix)
        inits.append(numpy_helper.from_array(np.ascontiguousarray(array), n))
        return n

    def node(op, inputs, **attrs):
        out = name(op.lower())
        nodes.append(helper.make_node(op, inputs, [out], name=out + "_node", **attrs))
        return out

    h, w = net["size"]
    cur, shape = "input", (3, h, w)  # shape without the batch axis
    tags = {}
    layers = iter(net["layers"])

    def pool_out(n, k, s, p):
        return 1 + (n + 2 * p - k) // s

    for op in ARCHITECTURE:
        kind = op[0]
        if kind == "tag":
            tags[op[1]] = (cur, shape)
            continue
        if kind == "skip":
            cur, shape = tags[op[1]]
            continue
        layer = next(layers)
        if kind == "con":
            wgt = layer["weight"]
            if wgt.shape[0] != op[1] or layer["stride"] != (op[2], op[2]) or wgt.shape[1] != shape[0]:
                raise FormatError(f"con_ does not match architecture: {wgt.shape} {layer['stride']}")
            (kh, kw), (sy, sx), (py, px) = layer["kernel"], layer["stride"], layer["pad"]
            cur = node("Conv", [cur, const("w", wgt), const("b", layer["bias"])],
                       kernel_shape=[kh, kw], strides=[sy, sx], pads=[py, px, py, px])
            shape = (wgt.shape[0], pool_out(shape[1], kh, sy, py), pool_out(shape[2], kw, sx, px))
        elif kind == "affine":
            k = shape[0]
            if layer["gamma"].size != k:
                raise FormatError("affine_ channel count mismatch")
            cur = node("Mul", [cur, const("gamma", layer["gamma"].reshape(k, 1, 1))])
            cur = node("Add", [cur, const("beta", layer["beta"].reshape(k, 1, 1))])
        elif kind == "relu":
            cur = node("Relu", [cur])
        elif kind in ("max_pool", "avg_pool"):
            (kh, kw), (sy, sx), (py, px) = layer["kernel"], layer["stride"], layer["pad"]
            if kh != op[1] or (kh != 0 and sy != op[2]):
                raise FormatError(f"{kind} does not match architecture: {layer}")
            if kh == 0:  # dlib: a zero window means the whole plane
                cur = node("GlobalAveragePool", [cur])
                shape = (shape[0], 1, 1)
            else:
                onnx_op = "MaxPool" if kind == "max_pool" else "AveragePool"
                # dlib's avg_pool divides by the window size, which is count_include_pad=1
                # (irrelevant here: padding is 0 for every stride-2 pool).
                extra = {} if kind == "max_pool" else {"count_include_pad": 1}
                cur = node(onnx_op, [cur], kernel_shape=[kh, kw], strides=[sy, sx],
                           pads=[py, px, py, px], **extra)
                shape = (shape[0], pool_out(shape[1], kh, sy, py), pool_out(shape[2], kw, sx, px))
        elif kind == "add_prev":
            other, oshape = tags[op[1]]
            # dlib's add_prev adds tensors of different shapes by zero-padding both to the
            # larger one at the end of each axis (last channels, bottom rows, right columns).
            out_shape = tuple(max(a, b) for a, b in zip(shape, oshape))
            operands = []
            for t, s in ((cur, shape), (other, oshape)):
                if s != out_shape:
                    pads = [0, 0, 0, 0] + [0] + [o - i for o, i in zip(out_shape, s)]
                    t = node("Pad", [t, const("pads", np.array(pads, dtype=np.int64))], mode="constant")
                operands.append(t)
            cur = node("Add", operands)
            shape = out_shape
        elif kind == "fc":
            wgt = layer["weight"]
            if shape != (wgt.shape[0], 1, 1) or wgt.shape[1] != op[1]:
                raise FormatError("fc_ input size mismatch")
            cur = node("Flatten", [cur], axis=1)
            cur = node("MatMul", [cur, const("fc", wgt)])
    if next(layers, None) is not None:
        raise FormatError("layers left over")

    nodes.append(helper.make_node("Identity", [cur], ["descriptor"], name="descriptor_node"))
    graph = helper.make_graph(
        nodes, "dlib_face_recognition_resnet_model_v1",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 3, h, w])],
        [helper.make_tensor_value_info("descriptor", TensorProto.FLOAT, ["N", 128])],
        initializer=inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="kindred models/convert_resnet.py", producer_version="1")
    model.ir_version = IR_VERSION
    model.doc_string = ("dlib face recognition ResNet v1 (dlib_face_recognition_resnet_model_v1.dat). "
                        "Input: RGB 150x150 chip from dlib.get_face_chip, (pixel - mean) / 256, NCHW. "
                        "Output: raw 128-D descriptor, same person below euclidean distance 0.6.")
    meta = {"mean_rgb": ",".join(f"{m:.6f}" for m in net["means"]),
            "scale": "0.00390625", "loss_margin": f"{net['margin']:.6f}",
            "distance_threshold": f"{net['dist_thresh']:.6f}"}
    for k in sorted(meta):
        entry = model.metadata_props.add()
        entry.key, entry.value = k, meta[k]
    onnx.checker.check_model(model, full_check=True)
    return model


# ---------------------------------------------------------------------------------------
# Checking the ONNX graph against dlib itself.


def verify(dat: Path, onnx_path: Path, images: Path, sp5: Path, means) -> float:
    import dlib
    import onnxruntime as ort
    from PIL import Image

    detector = dlib.get_frontal_face_detector()
    predictor = dlib.shape_predictor(str(sp5))
    facerec = dlib.face_recognition_model_v1(str(dat))
    chips = []
    for path in sorted(images.iterdir()):
        if path.suffix.lower() not in (".jpg", ".jpeg", ".png"):
            continue
        img = np.asarray(Image.open(path).convert("RGB"))
        for rect in detector(img, 1):
            chips.append(dlib.get_face_chip(img, predictor(img, rect), size=150, padding=0.25))
    if not chips:
        raise SystemExit(f"verify: no faces found in {images}")
    ref = np.array([np.array(facerec.compute_face_descriptor(c)) for c in chips], dtype=np.float64)

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    sess = ort.InferenceSession(str(onnx_path), opts, providers=["CPUExecutionProvider"])
    x = (np.stack(chips).astype(np.float32) - np.array(means, dtype=np.float32)) / np.float32(256.0)
    x = np.ascontiguousarray(x.transpose(0, 3, 1, 2))
    got = sess.run(["descriptor"], {"input": x})[0].astype(np.float64)
    diff = float(np.abs(got - ref).max())
    print(f"verify: {len(chips)} faces, max |onnx - dlib| = {diff:.3e}, "
          f"descriptor norms {np.linalg.norm(ref, axis=1).min():.3f}..{np.linalg.norm(ref, axis=1).max():.3f}")
    return diff


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dat", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--verify", type=Path, metavar="TEST_IMAGES_DIR")
    ap.add_argument("--shape-predictor", type=Path)
    ap.add_argument("--tolerance", type=float, default=1e-4)
    args = ap.parse_args()

    net = parse(args.dat.read_bytes())
    model = build_onnx(net)
    tmp = args.out.with_suffix(".onnx.tmp")
    tmp.write_bytes(model.SerializeToString(deterministic=True))
    tmp.replace(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes, {len(net['layers'])} dlib layers)")

    if args.verify:
        if not args.shape_predictor:
            ap.error("--verify needs --shape-predictor")
        diff = verify(args.dat, args.out, args.verify, args.shape_predictor, net["means"])
        if not diff < args.tolerance:
            print(f"FAIL: max difference {diff:.3e} >= {args.tolerance:g}", file=sys.stderr)
            args.out.unlink()
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
