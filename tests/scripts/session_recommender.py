import torch

# A session-based next-item recommender (SASRec-style): sparse item embeddings updated by
# Adagrad's sparse rule (the dense-only optimizers refuse them, with torch's message), a causal
# self-attention block through scaled_dot_product_attention run on the math kernel chosen with
# torch.nn.attention.sdpa_kernel, the model wrapped in nn.DataParallel, and a sensitivity
# analysis of a session's scores with torch.func.linearize (one linearisation, many tangents).
import torch.nn.functional as F
from torch import nn
from torch.func import linearize
from torch.nn.attention import SDPBackend, sdpa_kernel

torch.manual_seed(13)
items, dim, length = 40, 16, 6
# Sessions walk through item "chains": the next item is usually (item + 3) mod 40.
starts = torch.randint(1, items, (96,))
steps = torch.where(torch.rand(96, length) < 0.8, 3, torch.randint(1, 7, (96, length)))
sessions = (starts.unsqueeze(1) + steps.cumsum(1)) % items
inputs, targets = sessions[:, :-1], sessions[:, 1:]


class SessionModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.items = nn.Embedding(items, dim, sparse=True)
        self.position = nn.Parameter(torch.randn(length - 1, dim) * 0.1)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.norm = nn.LayerNorm(dim)
        self.out = nn.Linear(dim, items)

    def encode(self, h):
        q, k, v = self.qkv(h).unsqueeze(1).chunk(3, dim=-1)
        attended = F.scaled_dot_product_attention(q, k, v, is_causal=True).squeeze(1)
        return self.norm(h + attended)

    def forward(self, sequence):
        h = self.encode(self.items(sequence) + self.position[:sequence.size(1)])
        return self.out(h)


model = nn.DataParallel(SessionModel())
print(model.device_ids, sorted(model.state_dict())[:3])
sparse_params = list(model.module.items.parameters())
dense_params = [p for n, p in model.module.named_parameters() if not n.startswith("items.")]
try:
    torch.optim.Adam(sparse_params).step(lambda: F.cross_entropy(
        model(inputs[:2]).flatten(0, 1), targets[:2].flatten()).backward())
except RuntimeError as error:
    print("Adam:", error)
for p in model.parameters():
    p.grad = None
sparse_optimizer = torch.optim.Adagrad(sparse_params, lr=0.3)
dense_optimizer = torch.optim.Adam(dense_params, lr=1e-2)

with sdpa_kernel([SDPBackend.MATH]):
    print("flash allowed:", torch.backends.cuda.flash_sdp_enabled(),
          "math allowed:", torch.backends.cuda.math_sdp_enabled())
    for epoch in range(4):
        total = 0.0
        for start in range(0, 96, 24):
            logits = model(inputs[start:start + 24])
            loss = F.cross_entropy(logits.flatten(0, 1), targets[start:start + 24].flatten())
            sparse_optimizer.zero_grad()
            dense_optimizer.zero_grad()
            loss.backward()
            if epoch == 0 and start == 0:
                grad = model.module.items.weight.grad
                print("sparse grad", grad.is_sparse, grad._nnz() <= 24 * (length - 1))
            sparse_optimizer.step()
            dense_optimizer.step()
            total += loss.item()
        print(f"epoch {epoch} loss {total / 4:.4f}")
    state = sparse_optimizer.state[sparse_params[0]]
    print("accumulator rows touched", int((state["sum"].sum(1) > 0).sum()), "of", items)

with torch.no_grad():
    hits = (model(inputs).argmax(-1) == targets).float().mean()
print("next-item accuracy", round(hits.item(), 4))

# How the last position's scores respond to perturbing the session's embeddings.
module = model.module
session = inputs[:1]
embedded = (module.items(session) + module.position).detach()


def last_scores(h):
    return module.out(module.encode(h))[:, -1]


# torch's fused CPU attention has no forward-mode rule: linearize through the math kernel.
with torch.no_grad(), sdpa_kernel(SDPBackend.MATH):
    scores, jvp_fn = linearize(last_scores, embedded)
    # Adagrad's first steps scale even tiny gradients to the full step, so float32 rounding
    # differences grow over training: two decimals are what is reproducible here.
    print("scores", scores.shape, [round(v, 2) for v in scores[0, :4].tolist()])
    for position in (0, length - 2):
        tangent = torch.zeros_like(embedded)
        tangent[0, position] = module.items.weight[targets[0, position]]
        response = jvp_fn(tangent)
        print(f"position {position} response norm {response.norm().item():.2f}")
    step = 1e-3 * torch.randn_like(embedded)
    finite = (last_scores(embedded + step) - scores) / 1e-3
    print("linear model agrees with a finite difference:",
          torch.allclose(jvp_fn(step / 1e-3), finite, atol=1e-2))
