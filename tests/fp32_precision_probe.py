"""Runs a list of steps against the float32 precision flags of ember or torch (argv[1]) in a
fresh process, printing JSON: after each step, what it raised and every flag as read back.
tests/test_backends_fp32.py runs it under both libraries and compares (a fresh process each,
because the flags are process-wide and torch cannot be put back to its starting state)."""
import importlib
import json
import sys
import warnings

m = importlib.import_module(sys.argv[1])
B = m.backends
LEAVES = {"generic": B, "cuda.all": B.cudnn, "cuda.matmul": B.cuda.matmul,
          "cuda.conv": B.cudnn.conv, "cuda.rnn": B.cudnn.rnn, "mkldnn.matmul": B.mkldnn.matmul,
          "mkldnn.conv": B.mkldnn.conv, "mkldnn.rnn": B.mkldnn.rnn, "mkldnn.all": B.mkldnn}


def outcome(fn):
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            value = fn()
    except Exception as exc:  # noqa: BLE001 - the caller compares type and text
        return ["raise", type(exc).__name__,
                str(exc).replace("PyTorch", "ember").replace("Torch version", "ember version")]
    texts = [str(w.message).split(" (Triggered internally")[0]
             .replace("Torch version", "ember version") for w in caught]
    return ["ok", value if value is None or isinstance(value, (bool, str)) else repr(value),
            texts]


def snapshot():
    reads = {name: outcome(lambda o=obj: o.fp32_precision) for name, obj in LEAVES.items()}
    reads["get_float32_matmul_precision"] = outcome(m.get_float32_matmul_precision)
    reads["matmul.allow_tf32"] = outcome(lambda: B.cuda.matmul.allow_tf32)
    reads["cudnn.allow_tf32"] = outcome(lambda: B.cudnn.allow_tf32)
    reads["mkldnn.allow_tf32"] = outcome(lambda: B.mkldnn.allow_tf32)
    return reads


def apply(step):
    kind, target, value = step
    if kind == "set":
        setattr(LEAVES[target], "fp32_precision", value)
    elif kind == "legacy":
        if target == "matmul_precision":
            m.set_float32_matmul_precision(value)
        else:
            owner = {"matmul": B.cuda.matmul, "cudnn": B.cudnn, "mkldnn": B.mkldnn}[target]
            owner.allow_tf32 = value
    elif kind == "flags":
        owner = {"generic": B, "cudnn": B.cudnn, "mkldnn": B.mkldnn}[target]
        with owner.flags(**value):
            return snapshot()
    return None


results = [snapshot()]
for step in json.loads(sys.argv[2]):
    inner = []
    done = outcome(lambda s=step: inner.append(apply(s)))
    results.append([done, inner[0] if inner else None, snapshot()])
print(json.dumps(results))
