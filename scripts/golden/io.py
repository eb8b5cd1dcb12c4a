#!/usr/bin/python3
"""Golden safetensors and .npy files for tapegrad's src/io (issue 12).

    /usr/bin/python3 scripts/golden/io.py               # writes test/fixtures/io/*
    /usr/bin/python3 scripts/golden/io.py --verify DIR  # reads DIR/*.safetensors, DIR/*.npy written
                                                         # by tapegrad and checks them against manifest.json

There is no Debian package for the `safetensors` library, so the .safetensors files are written
by the format's definition with NumPy (write_safetensors) and read back by an independent reader
(read_safetensors) that checks every rule of the format. .npy files come from numpy.save.

manifest.json: {"safetensors": {file: {"metadata": {..}|null, "tensors": {name: T}, "byteExact": bool}},
                "npy": {file: {"tensor": T, "byteExact": bool}}}
T is {dtype, shape, data} in tapegrad's JSON form (what tapegrad reads the file as: F16/BF16 widen
to float32, integer types to int32). byteExact files are what tapegrad's encoder must reproduce
byte for byte from T (same names, order and metadata).
"""

import json
import os
import struct
import sys

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "test", "fixtures", "io")

ST_CODE = {np.dtype("<f8"): "F64", np.dtype("<f4"): "F32", np.dtype("<f2"): "F16", np.dtype("<i8"): "I64",
           np.dtype("<i4"): "I32", np.dtype("<i2"): "I16", np.dtype("i1"): "I8", np.dtype("u1"): "U8",
           np.dtype("<u2"): "U16", np.dtype("<u4"): "U32", np.dtype("<u8"): "U64", np.dtype("bool"): "BOOL"}
ST_DTYPE = {v: k for k, v in ST_CODE.items()}


def write_safetensors(path, tensors, metadata=None):
    """tensors: list of (name, array, code or None). Data in list order, header padded to 8 bytes."""
    header, blobs, offset = {}, [], 0
    if metadata is not None:
        header["__metadata__"] = metadata
    for name, a, code in tensors:
        code = code or ST_CODE[a.dtype]
        raw = np.ascontiguousarray(a).tobytes() if code != "BF16" else a.tobytes()
        header[name] = {"dtype": code, "shape": list(a.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def read_safetensors(path):
    """An independent reader that enforces the format: returns ({name: array}, metadata)."""
    with open(path, "rb") as f:
        buf = f.read()
    (n,) = struct.unpack("<Q", buf[:8])
    assert 8 + n <= len(buf), "header runs past the end"
    header = json.loads(buf[8:8 + n].decode("utf-8"))
    assert buf[8:9] == b"{", "header must start with {"
    data = buf[8 + n:]
    meta = header.pop("__metadata__", None)
    out, spans = {}, []
    for name, info in header.items():
        assert set(info) == {"dtype", "shape", "data_offsets"}, info
        b, e = info["data_offsets"]
        if info["dtype"] == "BF16":
            raw = np.frombuffer(data[b:e], dtype="<u2").astype("<u4") << 16
            a = raw.view("<f4").reshape(info["shape"])
        else:
            a = np.frombuffer(data[b:e], dtype=ST_DTYPE[info["dtype"]]).reshape(info["shape"])
        assert a.size * (2 if info["dtype"] == "BF16" else a.itemsize) == e - b, (name, b, e)
        out[name] = a
        spans.append((b, e))
    spans.sort()
    at = 0
    for b, e in spans:
        assert b == at, "gap or overlap in the data section"
        at = e
    assert at == len(data), "trailing bytes after the last tensor"
    return out, meta


def enc(a, as_dtype=None):
    """tapegrad's JSON form of what it reads `a` as."""
    if a.dtype.kind == "f":
        dt = as_dtype or {8: "float64", 4: "float32", 2: "float32"}[a.dtype.itemsize]
        vals = [("NaN" if np.isnan(v) else ("Infinity" if v > 0 else "-Infinity") if np.isinf(v) else float(v))
                for v in a.astype(np.float64).reshape(-1).tolist()]
    else:
        dt = "int32"
        vals = [int(v) for v in a.reshape(-1).tolist()]
    return {"dtype": dt, "shape": list(a.shape), "data": vals}


def bf16(a32):
    """float32 → bfloat16 bits by truncation (the test values are exact in bfloat16)."""
    return (np.asarray(a32, dtype="<f4").view("<u4") >> 16).astype("<u2")


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(12)
    manifest = {"generator": "scripts/golden/io.py", "numpy": np.__version__, "safetensors": {}, "npy": {}}

    weight = rng.standard_normal((2, 3)).astype("<f4")
    special = np.array([0.0, -0.0, np.nan, np.inf, -np.inf, 1e-45, 3.4028235e38, -1.5], dtype="<f4")
    state = [
        ("weight", weight, None),
        ("bias", rng.standard_normal(3), None),
        ("labels", np.array([0, 2, -1, 2147483647], dtype="<i4"), None),
        ("step", np.array(7.0), None),
        ("empty", np.zeros((0, 2), dtype="<f4"), None),
        ("special", special, None),
        ("layers.0.weight", rng.standard_normal((4, 2, 3)), None),
    ]
    files = {
        "state.safetensors": (state, {"format": "pt", "note": "written by scripts/golden/io.py"}, True),
        "nometa.safetensors": (state[:3], None, True),
        "single-f64.safetensors": ([("x", np.arange(5, dtype="<f8") / 3, None)], None, True),
        "widened.safetensors": ([
            ("f16", np.array([1.0, -2.5, 65504.0, 6.1035156e-05, 5.9604645e-08, np.inf, np.nan], dtype="<f2"), None),
            ("bf16", np.array([1.0, -3.0, 0.15625, 3.3895314e38], dtype="<f4"), "BF16"),
            ("i64", np.array([[-5, 2 ** 31 - 1], [-(2 ** 31), 0]], dtype="<i8"), None),
            ("u8", np.array([0, 255, 7], dtype="u1"), None),
            ("bool", np.array([True, False, True]), None),
            ("i16", np.array([-32768, 32767], dtype="<i2"), None),
            ("u16", np.array([65535], dtype="<u2"), None),
            ("i8", np.array([-128, 127], dtype="i1"), None),
            ("u32", np.array([4, 2 ** 31 - 1], dtype="<u4"), None),
        ], None, False),
    }
    for fname, (tensors, meta, exact) in files.items():
        stored = [(n, bf16(a) if c == "BF16" else a, c) for n, a, c in tensors]
        path = os.path.join(OUT, fname)
        write_safetensors(path, stored, meta)
        back, back_meta = read_safetensors(path)
        assert back_meta == meta
        for n, a, _ in tensors:
            assert list(back) == [n for n, _, _ in tensors]
            assert np.array_equal(back[n].astype(np.float64), a.astype(np.float64), equal_nan=True), n
        manifest["safetensors"][fname] = {
            "metadata": meta, "byteExact": exact,
            "tensors": {n: enc(a.astype("<f4") if c == "BF16" else a) for n, a, c in tensors}}

    npys = {
        "f32-2x3.npy": (weight, True),
        "f64-scalar.npy": (np.array(np.pi), True),
        "i32-5.npy": (np.array([3, -1, 0, 2147483647, -2147483648], dtype="<i4"), True),
        "f32-empty.npy": (np.zeros((0, 4), dtype="<f4"), True),
        "f64-2x3x4.npy": (rng.standard_normal((2, 3, 4)), True),
        "f32-special.npy": (special, True),
        "f64-fortran.npy": (np.asfortranarray(rng.standard_normal((3, 4))), False),
        "f32-bigendian.npy": (weight.astype(">f4"), False),
        "f16.npy": (np.array([[0.5, -1.0], [1024.0, 3.0]], dtype="<f2"), False),
        "i64.npy": (np.array([1, -2, 3], dtype="<i8"), False),
        "bool.npy": (np.array([[True, False]]), False),
        "u8.npy": (np.array([0, 128, 255], dtype="u1"), False),
    }
    for fname, (a, exact) in npys.items():
        path = os.path.join(OUT, fname)
        np.save(path, a)
        back = np.load(path)
        assert np.array_equal(back, a, equal_nan=a.dtype.kind == "f") and back.dtype == a.dtype
        manifest["npy"][fname] = {"byteExact": exact, "tensor": enc(a)}

    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, allow_nan=False)
        f.write("\n")
    print("wrote", len(files), "safetensors and", len(npys), ".npy files and manifest.json to test/fixtures/io")


def verify(directory):
    """Reads the files tapegrad wrote (same names as the byteExact goldens) and checks the values."""
    with open(os.path.join(OUT, "manifest.json")) as f:
        manifest = json.load(f)
    checked = 0
    for fname, case in manifest["safetensors"].items():
        path = os.path.join(directory, fname)
        if not case["byteExact"] or not os.path.exists(path):
            continue
        back, meta = read_safetensors(path)
        assert meta == case["metadata"], (fname, meta)
        assert list(back) == list(case["tensors"]), fname
        for n, t in case["tensors"].items():
            assert back[n].dtype == {"float32": "<f4", "float64": "<f8", "int32": "<i4"}[t["dtype"]], (fname, n)
            assert list(back[n].shape) == t["shape"], (fname, n)
            assert enc(back[n]) == t, (fname, n)
        checked += 1
    for fname, case in manifest["npy"].items():
        path = os.path.join(directory, fname)
        if not case["byteExact"] or not os.path.exists(path):
            continue
        a = np.load(path)
        assert enc(a) == case["tensor"], fname
        checked += 1
    print(f"verified {checked} files written by tapegrad in {directory}")
    assert checked > 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--verify":
        verify(sys.argv[2])
    else:
        main()
