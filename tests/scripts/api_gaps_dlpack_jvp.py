import torch  # noqa: I001 - a plain torch program, torch first
import numpy as np

# from_dlpack's device and copy keywords: share when it can, copy (in C order) when asked.
a = np.arange(6.).reshape(2, 3)[:, ::2]
for kw in [dict(), dict(copy=True), dict(copy=False), dict(device="cpu"),
           dict(device="cpu", copy=True), dict(device=torch.device("cpu")), dict(device=0),
           dict(copy="yes"), dict(device="meta")]:
    try:
        t = torch.from_dlpack(a, **kw)
        print(kw, t.stride(), np.shares_memory(t.numpy(), a), t.tolist())
    except Exception as e:
        print(kw, type(e).__name__, str(e)[:200])
src = torch.arange(4.)
cap = torch.utils.dlpack.to_dlpack(src)
try:
    torch.from_dlpack(cap, copy=True)
except AssertionError as e:
    print("capsule", e)
for kw in [dict(copy=True), dict(copy=False), dict(device="cpu")]:
    t = torch.from_dlpack(src, **kw)
    print("tensor source", kw, t.data_ptr() == src.data_ptr(), t is src)

# func.jvp takes torch's strict keyword (accepted, unused).
x = torch.tensor([3.0, 4.0])
print(torch.func.jvp(lambda v: v.sin() * 2, (x,), (torch.ones(2),), strict=True))
print(torch.func.jvp(lambda v: (v ** 2, v.sum()), (x,), (x,), strict=False, has_aux=True))
