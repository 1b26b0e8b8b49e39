import torch
import torch.nn as nn

# Block-sparse models as users write them. A linear layer is trained, pruned by block
# magnitude and stored as BSR; the kept blocks are fine-tuned through torch.sparse_bsr_tensor
# rebuilt from a values leaf each step. A local-window attention mask is a CSR matrix: the
# scores are sampled with torch.sparse.sampled_addmm, normalised by torch.sparse.softmax on
# the COO form and applied with torch.sparse.mm, with gradients to the queries and keys.
# Zero-preserving ops on the block layouts, the errors torch gives for the ones that are not,
# and a sparse nn.Parameter trained by SGD close the tour.

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
torch.sparse.check_sparse_tensor_invariants.enable()

# -- 1. train a dense layer, prune it by 4 x 4 blocks, store it as BSR ----------------------------
n_in, n_out, n = 16, 8, 48
x = torch.randn(n, n_in)
true_w = torch.zeros(n_out, n_in)
true_w[:4, :4] = torch.randn(4, 4)
true_w[4:8, 8:12] = torch.randn(4, 4)
true_w[:4, 12:16] = torch.randn(4, 4)
y = x @ true_w.t() + 0.05 * torch.randn(n, n_out)

layer = nn.Linear(n_in, n_out)
optimizer = torch.optim.Adam(layer.parameters(), lr=0.05)
for step in range(30):
    optimizer.zero_grad()
    loss = ((layer(x) - y) ** 2).mean()
    loss.backward()
    optimizer.step()
print("dense loss after 30 Adam steps: %.6f" % loss.item())

blocksize = (4, 4)  # torch's CPU products (MKL) take square blocks only
with torch.no_grad():
    w = layer.weight.detach()
    norms = w.reshape(n_out // 4, 4, n_in // 4, 4).pow(2).sum((1, 3)).sqrt()
    keep = norms >= norms.flatten().topk(3).values[-1]
    mask = keep.repeat_interleave(4, 0).repeat_interleave(4, 1)
    pruned = w * mask
bsr = pruned.to_sparse_bsr(blocksize)
print("block norms kept:", keep.int().tolist())
print(bsr.layout, "nnz blocks:", bsr._nnz(), "values", tuple(bsr.values().shape))
print("crow_indices:", bsr.crow_indices().tolist(), "col_indices:", bsr.col_indices().tolist())
print("sparse_dim, dense_dim:", bsr.sparse_dim(), bsr.dense_dim())
print("to_dense equals the pruned weight:", torch.equal(bsr.to_dense(), pruned))
out_bsr = torch.addmm(layer.bias.detach().unsqueeze(1), bsr, x.t()).t()
print("BSR layer matches the dense pruned one:",
      torch.allclose(out_bsr, x @ pruned.t() + layer.bias.detach(), atol=1e-12))
print("pruned loss: %.6f" % ((out_bsr - y) ** 2).mean().item())
bsc = bsr.t()
print("transpose:", bsc.layout, tuple(bsc.shape), "ccol_indices:", bsc.ccol_indices().tolist())
print("BSC holds W^T:", torch.equal(bsc.to_dense(), pruned.t()))
print("as BSC then BSR again:", torch.equal(bsr.to_sparse_bsc(blocksize).to_sparse_bsr(
    blocksize).values(), bsr.values()))
coo = bsr.to_sparse_coo()
print("COO of the blocks: nnz", coo._nnz(), "coalesced", coo.is_coalesced())

# -- 2. fine-tune the kept blocks only -------------------------------------------------------------
crow, col = bsr.crow_indices(), bsr.col_indices()
values = bsr.values().detach().clone().requires_grad_()
bias = layer.bias.detach().clone().requires_grad_()
tune = torch.optim.SGD([values, bias], lr=0.2, momentum=0.5)
for step in range(6):
    tune.zero_grad()
    weight = torch.sparse_bsr_tensor(crow, col, values, (n_out, n_in))
    prediction = (weight @ x.t()).t() + bias
    loss = ((prediction - y) ** 2).mean()
    loss.backward()
    tune.step()
    print("fine-tune step %d: loss %.6f, |grad values| %.6f" % (
        step, loss.item(), values.grad.norm().item()))
print("weight grad_fn:", type(weight.grad_fn).__name__, "product grad_fn:",
      type(prediction.grad_fn).__name__)
print("values grad shape:", tuple(values.grad.shape))

# -- 3. local-window attention through a CSR mask --------------------------------------------------
length, dim, window = 10, 4, 2
rows = torch.arange(length).repeat_interleave(2 * window + 1)
cols = rows + torch.arange(-window, window + 1).repeat(length)
inside = (cols >= 0) & (cols < length)
pattern = torch.sparse_coo_tensor(torch.stack([rows[inside], cols[inside]]),
                                  torch.ones(int(inside.sum())), (length, length)).coalesce()
mask = pattern.to_sparse_csr()
print("mask:", mask.layout, "nnz", mask._nnz(), "row counts",
      mask.crow_indices().diff().tolist())
q = torch.randn(length, dim, requires_grad=True)
k = torch.randn(length, dim, requires_grad=True)
v = torch.randn(length, dim)
scores = torch.sparse.sampled_addmm(mask, q, k.t(), beta=0.0, alpha=dim ** -0.5)
print("scores:", scores.layout, type(scores.grad_fn).__name__)
dense_scores = (q @ k.t()) * dim ** -0.5
print("sampled scores equal the dense ones on the mask:",
      torch.allclose(scores.to_dense(), dense_scores * mask.to_dense(), atol=1e-12))
probabilities = torch.sparse.softmax(scores.to_sparse_coo(), dim=1)
attended = torch.sparse.mm(probabilities, v)
reference = torch.softmax(dense_scores.masked_fill(mask.to_dense() == 0, float("-inf")), 1) @ v
print("sparse attention equals masked dense attention:",
      torch.allclose(attended, reference, atol=1e-12))
attended.pow(2).sum().backward()
grad_q, grad_k = q.grad.clone(), k.grad.clone()
q.grad = k.grad = None
reference = torch.softmax((q @ k.t() * dim ** -0.5).masked_fill(mask.to_dense() == 0,
                                                                 float("-inf")), 1) @ v
reference.pow(2).sum().backward()
print("query/key gradients agree with the dense path:",
      torch.allclose(grad_q, q.grad, atol=1e-10), torch.allclose(grad_k, k.grad, atol=1e-10))
print("row sums of the attention:",
      torch.sparse.sum(probabilities, 1).to_dense().round(decimals=12).tolist())

# -- 4. zero-preserving ops on the block layouts, and the ones torch refuses -----------------------
small = torch.tensor([[0.5, -1.0, 0.0, 0.0], [0.0, 2.0, 0.0, 0.0], [0.0, 0.0, -0.3, 0.7]])
small_bsr = small.to_sparse_bsr((1, 2))
for name, result in (("relu", torch.relu(small_bsr)), ("abs", small_bsr.abs()),
                     ("tanh", torch.tanh(small.to_sparse_csc())),
                     ("sin", torch.sin(small.to_sparse_bsc((3, 2)))),
                     ("neg", -small_bsr), ("scaled", small_bsr * 3.0)):
    print(name, result.layout, result.values().flatten().round(decimals=4).tolist())
print("pow on COO:", small.to_sparse().pow(2).values().tolist())
for name, op in (("exp of BSR", lambda: torch.exp(small_bsr)),
                 ("exp of COO", lambda: torch.exp(small.to_sparse())),
                 ("pow of CSR", lambda: small.to_sparse_csr().pow(2)),
                 ("sparse.sum of CSR", lambda: torch.sparse.sum(small.to_sparse_csr())),
                 ("BSR to CSR", lambda: small_bsr.to_sparse_csr()),
                 ("bad blocksize", lambda: small.to_sparse_bsr((2, 2)))):
    try:
        op()
    except (RuntimeError, NotImplementedError) as error:
        print(name, "->", type(error).__name__, str(error).split(" This could be")[0])

# -- 5. a sparse nn.Parameter trained by SGD ------------------------------------------------------
indices = torch.tensor([[0, 1, 2, 2], [1, 0, 2, 3]])
table = nn.Parameter(torch.sparse_coo_tensor(indices, torch.tensor([0.5, -1.0, 2.0, 0.25]),
                                             (3, 4)).coalesce())
module = nn.Module()
module.table = table
print([name for name, _ in module.named_parameters()], table.layout, table.is_leaf)
sgd = torch.optim.SGD(module.parameters(), lr=0.1)
features = torch.arange(8.0).reshape(4, 2) / 8
for step in range(3):
    sgd.zero_grad()
    loss = torch.sparse.mm(table, features).pow(2).sum()
    loss.backward()
    sgd.step()
    print("sparse parameter step %d: loss %.6f, grad layout %s" % (
        step, loss.item(), table.grad.layout))
print(table)
