import torch

# The docs' examples of torch.nn.utils.rnn (pad/pack/unpad/unpack, enforce_sorted, a GRU on
# a packed batch), torch.nn.init (gains, fans, each initialiser's statistics), the
# parametrizations orthogonal / weight_norm / spectral_norm (and the old-style
# nn.utils.weight_norm), and torch.nn.utils.prune's global unstructured pruning, made
# permanent with prune.remove.
import torch.nn as nn
import torch.nn.utils.prune as prune
from torch.nn.utils import parametrize
from torch.nn.utils.parametrizations import orthogonal, spectral_norm, weight_norm
from torch.nn.utils.rnn import (pack_padded_sequence, pack_sequence, pad_packed_sequence,
                                pad_sequence, unpack_sequence, unpad_sequence)

torch.manual_seed(0)

# --- rnn utilities ---------------------------------------------------------------------
a, b, c = torch.tensor([1, 2, 3]), torch.tensor([4, 5]), torch.tensor([6])
print(pad_sequence([a, b, c]))
print(pad_sequence([a, b, c], batch_first=True, padding_value=-1))
print(pad_sequence([a, b, c], batch_first=True, padding_side="left"))
packed = pack_sequence([a, b, c])
print(packed)
print(unpack_sequence(packed))
padded = pad_sequence([a, b, c], batch_first=True)
lengths = torch.tensor([3, 2, 1])
print(unpad_sequence(padded, lengths, batch_first=True))
unsorted = pack_sequence([b, a, c], enforce_sorted=False)
print(unsorted.sorted_indices, unsorted.unsorted_indices, unsorted.batch_sizes)
try:
    pack_sequence([b, a, c])
except RuntimeError as error:
    print("RuntimeError:", str(error)[:70])
seqs = [torch.randn(n, 2) for n in (4, 2, 3)]
lens = torch.tensor([4, 2, 3])
batch = pad_sequence(seqs, batch_first=True)
gru = nn.GRU(2, 3, batch_first=True)
packed_in = pack_padded_sequence(batch, lens, batch_first=True, enforce_sorted=False)
packed_out, h_n = gru(packed_in)
out, out_lens = pad_packed_sequence(packed_out, batch_first=True, total_length=5)
print(out.shape, out_lens, out[1, 2:].abs().sum().item())
print("last states:", torch.allclose(out[torch.arange(3), lens - 1], h_n[0]))
print(h_n)

# --- init --------------------------------------------------------------------------------
for nonlinearity, param in (("linear", None), ("tanh", None), ("relu", None),
                            ("leaky_relu", 0.2), ("selu", None), ("sigmoid", None)):
    print(nonlinearity, round(nn.init.calculate_gain(nonlinearity, param), 6))
w = torch.empty(64, 32)
print("fans", nn.init._calculate_fan_in_and_fan_out(torch.empty(8, 4, 3, 3)))
nn.init.uniform_(w, a=-0.5, b=0.5)
print("uniform", round(w.min().item(), 4) >= -0.5, round(w.max().item(), 4) <= 0.5)
nn.init.normal_(w, mean=1.0, std=0.01)
print(f"normal mean {w.mean().item():.4f}")
nn.init.constant_(w, 0.3)
print("constant", w.unique())
nn.init.ones_(w)
nn.init.zeros_(w)
print("zeros", w.abs().sum().item())
eye = torch.empty(3, 5)
nn.init.eye_(eye)
print(eye)
dirac = torch.empty(2, 2, 3)
nn.init.dirac_(dirac)
print(dirac)
nn.init.xavier_uniform_(w, gain=nn.init.calculate_gain("relu"))
print(f"xavier_uniform bound ok {w.abs().max().item() <= (2 ** 0.5) * (6 / 96) ** 0.5}")
nn.init.xavier_normal_(w)
nn.init.kaiming_uniform_(w, mode="fan_in", nonlinearity="relu")
print(f"kaiming_uniform max {w.abs().max().item() <= (6 / 32) ** 0.5}")
nn.init.kaiming_normal_(w, mode="fan_out", nonlinearity="relu")
nn.init.trunc_normal_(w, mean=0.0, std=1.0, a=-2.0, b=2.0)
print("trunc in range", w.min().item() >= -2.0, w.max().item() <= 2.0)
nn.init.orthogonal_(w)
print("orthogonal columns:", torch.allclose(w.T @ w, torch.eye(32), atol=1e-5))
nn.init.sparse_(w, sparsity=0.25)
print("sparse zeros per column:", (w == 0).sum(0)[:4])
torch.manual_seed(1)
print(nn.init.normal_(torch.empty(2, 3)))
print(nn.init.kaiming_uniform_(torch.empty(2, 3), a=5 ** 0.5))
try:
    nn.init.xavier_uniform_(torch.empty(3))
except ValueError as error:
    print("ValueError:", error)
try:
    nn.init.calculate_gain("softplus")
except ValueError as error:
    print("ValueError:", error)

# --- parametrizations -------------------------------------------------------------------
torch.manual_seed(0)
orth_linear = orthogonal(nn.Linear(4, 4, dtype=torch.float64))
print(orth_linear)
Q = orth_linear.weight
print("Q^T Q = I:", torch.allclose(Q.T @ Q, torch.eye(4, dtype=torch.float64)))
print(sorted(orth_linear.state_dict()))
opt = torch.optim.SGD(orth_linear.parameters(), lr=0.1)
for step in range(2):
    loss = orth_linear(torch.ones(3, 4, dtype=torch.float64)).pow(2).sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"orth step {step} {loss.item():.5f}",
          torch.allclose(orth_linear.weight.T @ orth_linear.weight,
                         torch.eye(4, dtype=torch.float64)))

wn = weight_norm(nn.Linear(5, 3), name="weight", dim=0)
print(wn.parametrizations.weight.original0.shape, wn.parametrizations.weight.original1.shape)
print("norm rows:", wn.parametrizations.weight.original0.flatten())
print(torch.allclose(wn.weight.norm(dim=1), wn.parametrizations.weight.original0.flatten()))
with parametrize.cached():
    print("cached equal:", wn.weight is wn.weight)
parametrize.remove_parametrizations(wn, "weight")
print(type(wn.weight).__name__, hasattr(wn, "parametrizations"))

sn = spectral_norm(nn.Linear(6, 4))
for _ in range(10):
    sn(torch.randn(2, 6))
sigma = torch.linalg.matrix_norm(sn.weight, 2)
print(f"spectral norm ~1: {sigma.item():.3f}")
print(sorted(k for k in sn.state_dict()))
sn.eval()
print("eval keeps u:", torch.equal(sn(torch.ones(1, 6)), sn(torch.ones(1, 6))))

old = nn.utils.weight_norm(nn.Linear(3, 2))
print(sorted(name for name, _ in old.named_parameters()))
nn.utils.remove_weight_norm(old)
print(sorted(name for name, _ in old.named_parameters()))

# --- global unstructured pruning ---------------------------------------------------------
torch.manual_seed(0)
net = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 4 * 4, 10),
                    nn.ReLU(), nn.Linear(10, 3))
parameters_to_prune = ((net[0], "weight"), (net[3], "weight"), (net[5], "weight"))
prune.global_unstructured(parameters_to_prune, pruning_method=prune.L1Unstructured, amount=0.4)
total = 0
for module, name in parameters_to_prune:
    zeros = float(torch.sum(getattr(module, name) == 0))
    total += zeros
    share = 100.0 * zeros / getattr(module, name).nelement()
    print(f"sparsity in {type(module).__name__}: {share:.2f}%")
numel = sum(getattr(m, n).nelement() for m, n in parameters_to_prune)
print(f"global sparsity: {100.0 * total / numel:.2f}%")
print([name for name, _ in net[3].named_buffers()],
      [name for name, _ in net[3].named_parameters()])
print(list(net[3]._forward_pre_hooks.values())[0].__class__.__name__)
prune.random_unstructured(net[5], name="bias", amount=1)
prune.ln_structured(net[0], name="weight", amount=0.5, n=2, dim=0)
print("conv rows kept:", (net[0].weight.flatten(1).abs().sum(1) > 0).tolist())
print(prune.is_pruned(net), len(net[0]._forward_pre_hooks))
hook = next(iter(net[0]._forward_pre_hooks.values()))
print(type(hook).__name__, [type(h).__name__ for h in hook._pruning_methods])
for module, name in parameters_to_prune:
    prune.remove(module, name)
print(sorted(net.state_dict())[:4])
print(prune.is_pruned(net), net(torch.randn(1, 1, 6, 6)).shape)
try:
    prune.l1_unstructured(net[3], "weight", amount=1.5)
except ValueError as error:
    print("ValueError:", error)
