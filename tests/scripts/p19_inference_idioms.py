import torch

# Inference code as deployment scripts write it: torch.inference_mode() (and what inference
# tensors refuse afterwards), model.eval() with torch.no_grad(), temperature / top-k / top-p
# sampling with torch.multinomial(generator=g), a preallocated KV cache filled with
# index_copy_ and another grown with torch.cat, exporting a state_dict to NumPy arrays and
# back, from_numpy / .numpy() sharing memory, and tolist() of mixed dtypes.
import numpy as np
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class TinyLM(nn.Module):
    def __init__(self, vocab=11, dim=8, max_len=16):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.pos = nn.Embedding(max_len, dim)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.out = nn.Linear(dim, vocab)
        self.register_buffer("k_cache", torch.zeros(1, max_len, dim), persistent=False)
        self.register_buffer("v_cache", torch.zeros(1, max_len, dim), persistent=False)

    def forward(self, tokens, start):
        positions = torch.arange(start, start + tokens.shape[1])
        h = self.embed(tokens) + self.pos(positions)
        q, k, v = self.qkv(h).chunk(3, dim=-1)
        self.k_cache.index_copy_(1, positions, k)
        self.v_cache.index_copy_(1, positions, v)
        keys = self.k_cache[:, :start + tokens.shape[1]]
        values = self.v_cache[:, :start + tokens.shape[1]]
        att = F.scaled_dot_product_attention(q, keys, values, is_causal=start == 0)
        return self.out(att + h)


def sample(logits, generator, temperature=1.0, top_k=None, top_p=None):
    logits = logits / temperature
    if top_k is not None:
        v, _ = torch.topk(logits, min(top_k, logits.size(-1)))
        logits[logits < v[..., [-1]]] = -float("inf")
    if top_p is not None:
        sorted_logits, sorted_idx = torch.sort(logits, descending=True)
        cum = torch.cumsum(F.softmax(sorted_logits, dim=-1), dim=-1)
        remove = cum > top_p
        remove[..., 1:] = remove[..., :-1].clone()
        remove[..., 0] = False
        logits = logits.masked_fill(remove.scatter(-1, sorted_idx, remove), -float("inf"))
    probs = F.softmax(logits, dim=-1)
    return torch.multinomial(probs, num_samples=1, generator=generator)


model = TinyLM().eval()
print("buffers in state_dict", [k for k in model.state_dict() if "cache" in k])
prompt = torch.tensor([[1, 4, 2]])
for name, kwargs in (("greedy-ish", dict(temperature=0.01)), ("top_k", dict(top_k=3)),
                     ("top_p", dict(top_p=0.6, temperature=0.8)),
                     ("both", dict(top_k=5, top_p=0.9, temperature=1.3))):
    g = torch.Generator().manual_seed(42)
    tokens = prompt.clone()
    with torch.inference_mode():
        logits = model(tokens, 0)[:, -1]
        for _ in range(6):
            nxt = sample(logits.clone(), g, **kwargs)
            tokens = torch.cat([tokens, nxt], dim=1)
            logits = model(nxt, tokens.shape[1] - 1)[:, -1]
    print(name, tokens.tolist(), tokens.is_inference(), logits.requires_grad)

with torch.inference_mode():
    full = model(tokens, 0)
with torch.no_grad():
    cached_check = model(tokens[:, :4], 0)
    step = model(tokens[:, 4:5], 4)
print("cache agrees", torch.allclose(step[:, -1], full[:, 4], atol=1e-6))
print("inference tensor", full.is_inference(), torch.is_inference_mode_enabled())
try:
    full.add_(1)
except RuntimeError as error:
    print("RuntimeError:", str(error)[:90])
try:
    (full * nn.Parameter(torch.ones(1))).sum().backward()
except RuntimeError as error:
    print("RuntimeError:", str(error)[:90])
print("clone outside", full.clone().is_inference())
with torch.inference_mode(mode=False):
    print("mode False", torch.is_inference_mode_enabled(), torch.ones(1).is_inference())


@torch.inference_mode()
def predict(x):
    return model.out(x).argmax(-1)


print("decorated", predict(torch.ones(2, 8)), torch.is_grad_enabled())

# growing KV cache with torch.cat
k_cache = torch.empty(1, 0, 4)
for t in range(3):
    k_cache = torch.cat([k_cache, torch.full((1, 1, 4), float(t))], dim=1)
print("grown cache", k_cache.shape, k_cache[0, :, 0])
try:
    torch.zeros(2, 3).index_copy_(0, torch.tensor([0]), torch.ones(1, 4))
except (RuntimeError, IndexError) as error:
    print(type(error).__name__, error)
print(torch.zeros(5, 2).index_copy(0, torch.tensor([4, 0]), torch.tensor([[1.0, 2], [3, 4]])))

# state_dict -> numpy -> state_dict
arrays = {k: v.detach().cpu().numpy() for k, v in model.state_dict().items()}
print({k: (a.dtype.name, a.shape) for k, a in list(arrays.items())[:3]})
np.savez("/dev/null", **arrays)
restored = TinyLM()
missing = restored.load_state_dict({k: torch.from_numpy(a) for k, a in arrays.items()})
print("restored", missing, all(torch.equal(a, b) for a, b in
                               zip(model.state_dict().values(), restored.state_dict().values())))

# memory sharing
arr = np.arange(6, dtype=np.float32)
t = torch.from_numpy(arr)
arr[0] = 100
t[1] = -1
print("shared", t, arr)
back = t.numpy()
back[2] = 7
print("numpy view", t[2].item(), np.shares_memory(back, arr))
print("as_tensor shares", torch.as_tensor(arr)[0].item(),
      torch.tensor(arr).data_ptr() != t.data_ptr())
try:
    torch.ones(2, requires_grad=True).numpy()
except RuntimeError as error:
    print("RuntimeError:", error)
print("force", torch.ones(2, requires_grad=True).numpy(force=True))
print(torch.from_numpy(np.array([1, 2], dtype=np.int16)).dtype,
      torch.from_numpy(np.array([True])).dtype, torch.from_numpy(np.zeros((2, 3))[:, ::2]).stride())
try:
    torch.from_numpy(np.array(["a"]))
except TypeError as error:
    print("TypeError:", error)

mixed = [torch.tensor([1, 2]), torch.tensor([0.5, 1.5], dtype=torch.float16),
         torch.tensor([True, False]), torch.tensor([1 + 2j]), torch.tensor(3),
         torch.tensor([[1.25]], dtype=torch.float64), torch.tensor([], dtype=torch.int8)]
for t in mixed:
    print(t.dtype, t.tolist(), type(t.tolist()).__name__)
record = {"loss": torch.tensor(0.25).item(),
          "acc": (torch.tensor([1, 0, 1]) == 1).float().mean().item()}
print(record)
