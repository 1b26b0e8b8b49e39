import torch

# Moving data between NumPy, Python lists, bytes and tensors the way loading code does, with
# what each path warns or refuses: NumPy scalars in arithmetic (their promotion), from_numpy on
# read-only and non-native arrays, as_tensor sharing or copying, torch.tensor on lists of
# arrays / tensors, ragged lists and strings, numpy() on tensors needing grad, frombuffer,
# np.genfromtxt / savetxt round trips through text, uint8 wrap-around, and torch.save / load
# through BytesIO with weights_only.
import io
import warnings

import numpy as np

torch.set_printoptions(precision=4)


def attempt(label, fn, show_warnings=True):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always" if show_warnings else "ignore")
        try:
            out = fn()
            print(label, "->", out)
        except Exception as e:  # noqa: BLE001 - the message is what is compared
            print(label, "raised", type(e).__name__ + ":", str(e).splitlines()[0])
    for w in caught:
        print("   warning", w.category.__name__ + ":", str(w.message).splitlines()[0][:120])


f32 = torch.ones(3)
i64 = torch.arange(3)
attempt("f32 + np.float64", lambda: (f32 + np.float64(1.5)).dtype)
attempt("i64 * np.float32", lambda: (i64 * np.float32(0.5)).dtype)
attempt("i64 + np.int8", lambda: (i64 + np.int8(1)).dtype)
attempt("np.float64 * f32", lambda: (np.float64(2.0) * f32))
# (NumPy 2 warns DeprecationWarning about torch's own __array_wrap__ / __array__ signatures
# on the next three: not the program's concern, so they run with warnings off)
attempt("f32 + np.array 0-d", lambda: type(f32 + np.array(1.5)).__name__, show_warnings=False)
attempt("torch.tensor(np.float32)", lambda: torch.tensor(np.float32(1.25)).dtype)
attempt("torch.tensor(list of np.float32)", lambda: torch.tensor([np.float32(1), np.float32(2)]))
attempt("torch.tensor(np.bool_)", lambda: torch.tensor([np.bool_(True), False]))
attempt("as_tensor uint16", lambda: torch.as_tensor(np.arange(3, dtype=np.uint16)))
attempt("from_numpy uint32", lambda: torch.from_numpy(np.arange(3, dtype=np.uint32)).dtype)
attempt("from_numpy object", lambda: torch.from_numpy(np.array(["a", "b"], dtype=object)))
attempt("from_numpy float16", lambda: torch.from_numpy(np.array([1.5, 2.25], dtype=np.float16)))
big = np.arange(6, dtype=">f8")
attempt("from_numpy big-endian", lambda: torch.from_numpy(big))
attempt("as_tensor big-endian", lambda: torch.as_tensor(big.astype("<f8")).sum())

ro = np.arange(4.0)
ro.setflags(write=False)
attempt("from_numpy read-only", lambda: torch.from_numpy(ro))
attempt("as_tensor read-only", lambda: torch.as_tensor(ro).shape)
attempt("tensor read-only (copies)", lambda: torch.tensor(ro).shape)

shared = np.zeros(3)
t = torch.as_tensor(shared)
shared[1] = 7.0
copied = torch.as_tensor(shared, dtype=torch.float32)
shared[2] = 9.0
print("as_tensor shares", t, "with dtype copies", copied)
strided = np.arange(12.0).reshape(3, 4)[:, ::2]
ts = torch.from_numpy(strided)
print("strided from_numpy", ts.stride(), ts.is_contiguous(), ts)
neg = np.arange(5.0)[::-1]
attempt("from_numpy negative strides", lambda: torch.from_numpy(neg))
attempt("from_numpy negative strides copy", lambda: torch.from_numpy(neg.copy()))

attempt("tensor of list of arrays", lambda: torch.tensor([np.ones(2), np.zeros(2)]))
attempt("tensor of list of tensors", lambda: torch.tensor([torch.ones(2), torch.zeros(2)]))
attempt("tensor of tensor", lambda: torch.tensor(torch.ones(2)))
attempt("ragged", lambda: torch.tensor([[1, 2], [3]]))
attempt("strings", lambda: torch.tensor(["a", "b"]))
attempt("mixed bool int float", lambda: torch.tensor([True, 2, 3.5]))
attempt("int overflow", lambda: torch.tensor([2 ** 63]))
attempt("uint8 wrap", lambda: torch.tensor([250, 3], dtype=torch.uint8) + 10)
attempt("uint8 negative literal", lambda: torch.tensor([-1], dtype=torch.uint8))
attempt("None in list", lambda: torch.tensor([1.0, None]))

w = torch.ones(2, requires_grad=True)
attempt("numpy needs grad", lambda: w.numpy())
attempt("numpy force", lambda: w.numpy(force=True))
attempt("detach numpy", lambda: w.detach().numpy().dtype)
attempt("np.asarray of grad tensor", lambda: np.asarray(w))
attempt("np.exp on tensor", lambda: type(np.exp(torch.zeros(2))).__name__, show_warnings=False)
attempt("array(tensor, float32)", lambda: np.array(torch.arange(3), dtype=np.float32),
        show_warnings=False)

raw = np.arange(6, dtype=np.int16).tobytes()
attempt("frombuffer", lambda: torch.frombuffer(bytearray(raw), dtype=torch.int16))
attempt("frombuffer offset/count", lambda: torch.frombuffer(bytearray(raw), dtype=torch.int16,
                                                              count=3, offset=4))
attempt("frombuffer bytes (read-only)", lambda: torch.frombuffer(raw, dtype=torch.int16).sum())
attempt("frombuffer bad size", lambda: torch.frombuffer(bytearray(b"abc"), dtype=torch.int16))

text = "a,b,c\n1,2.5,\n4,,6\n7,8,9\n"
arr = np.genfromtxt(io.StringIO(text), delimiter=",", skip_header=1)
data = torch.from_numpy(arr)
print("genfromtxt", data, data.dtype)
clean = torch.nan_to_num(data, nan=-1.0)
buf = io.StringIO()
np.savetxt(buf, clean.numpy(), fmt="%.2f", delimiter=";")
print("savetxt", buf.getvalue().splitlines())
col_means = torch.nanmean(data, 0)
print("col means", col_means, "filled", torch.where(data.isnan(), col_means, data))

state = {"weights": torch.arange(4.0).reshape(2, 2), "names": ["a", "b"], "step": 3,
         "ratio": 0.5, "pair": (torch.tensor([1, 2]), "x")}
buffer = io.BytesIO()
torch.save(state, buffer)
buffer.seek(0)
loaded = torch.load(buffer, weights_only=True)
print("loaded keys", sorted(loaded), loaded["weights"], loaded["pair"], loaded["step"])
view = torch.arange(10.0)[2:5]
buffer = io.BytesIO()
torch.save({"view": view}, buffer)
buffer.seek(0)
back = torch.load(buffer)["view"]
print("saved view", back, back.untyped_storage().nbytes(), back.storage_offset())


class Custom:
    pass


buffer = io.BytesIO()
torch.save({"obj": Custom()}, buffer)
buffer.seek(0)
attempt("weights_only refuses", lambda: torch.load(buffer, weights_only=True))
