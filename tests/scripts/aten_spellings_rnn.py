import torch

# A sequence model written against torch's top-level ATen spellings: a 2-layer LSTM run with
# torch.lstm on explicit weights, torch.layer_norm, a torch.kl_div/poisson loss with integer
# reductions, trained for a few steps; then the samplers, splits and helpers programs call
# (geometric_, log_normal_, unsafe_chunk, nonzero_static, hash_tensor, lobpcg, frombuffer).

torch.manual_seed(0)
T, N, D, H, LAYERS = 6, 3, 4, 5, 2


def make_params():
    params = []
    for layer in range(LAYERS):
        width = D if layer == 0 else H
        params += [torch.randn(4 * H, width) * 0.3, torch.randn(4 * H, H) * 0.3,
                   torch.zeros(4 * H), torch.zeros(4 * H)]
    return [p.requires_grad_() for p in params]


params = make_params()
head = (torch.randn(3, H) * 0.3).requires_grad_()
x = torch.randn(T, N, D)
target = torch.softmax(torch.randn(T, N, 3), -1)
opt = torch.optim.SGD(params + [head], lr=0.5)
for step in range(5):
    h0 = torch.zeros(LAYERS, N, H)
    out, h_n, c_n = torch.lstm(x, (h0, h0), params, True, LAYERS, 0.0, True, False, False)
    z = torch.layer_norm(out, [H], None, None, 1e-5, True)
    logits = z @ head.t()
    loss = torch.kl_div(torch.log_softmax(logits, -1), target, 1)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"step {step}: loss {loss.item():.6f}  h_n {h_n.abs().sum().item():.5f}")

cell_h = torch.gru_cell(x[0], torch.zeros(N, H), params[0][:3 * H], params[1][:3 * H])
print("gru_cell", cell_h.shape, f"{cell_h.sum().item():.5f}")
rate = torch.poisson_nll_loss(torch.randn(8), torch.rand(8) * 3, True, False, 1e-8, 2)
print(f"poisson (sum) {rate.item():.5f}")

g = torch.empty(10).geometric_(0.25)
ln = torch.empty(4, dtype=torch.float64).log_normal_(0.0, 0.5)
print("geometric", g)
print("log_normal", ln)
print("unsafe_chunk", [t.tolist() for t in torch.arange(7).unsafe_chunk(3)])
print("nonzero_static", torch.nonzero_static(torch.tensor([0, 4, 0, 5, 6]), size=4))
print("hash", torch.hash_tensor(torch.arange(10)), torch.arange(6).view(2, 3).hash_tensor(1))
buf = bytearray(range(8))
view = torch.frombuffer(buf, dtype=torch.int16, count=2, offset=2)
buf[2] = 255
print("frombuffer", view)

A = torch.randn(20, 20, dtype=torch.float64)
A = A @ A.t() + 20 * torch.eye(20, dtype=torch.float64)
E, V = torch.lobpcg(A, k=3)
print("lobpcg", E.round(decimals=5))
print("after lobpcg the generator continues:", torch.rand(3))
