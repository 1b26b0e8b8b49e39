import torch

torch.manual_seed(0)

# creation
print(torch.tensor([[1, 2], [3, 4]]))
print(torch.tensor([1.5, 2.5]).dtype, torch.tensor([1, 2]).dtype, torch.tensor([True]).dtype)
print(torch.zeros(2, 3))
print(torch.ones(2, 2, dtype=torch.int32))
print(torch.full((2, 2), 7.0))
print(torch.arange(10))
print(torch.arange(0, 1, 0.25))
print(torch.linspace(0, 1, steps=5))
print(torch.eye(3))
print(torch.empty(2, 2).shape)
x = torch.rand(3, 4)
print(x)
print(torch.randn(2, 3))
print(torch.randint(0, 10, (3, 3)))
print(torch.randperm(8))
print(torch.zeros_like(x).shape, torch.ones_like(x, dtype=torch.float64).dtype)
print(torch.rand_like(x))

# attributes
print(x.shape, x.size(), x.size(1), x.dim(), x.numel(), x.dtype, x.device)

# indexing and slicing
t = torch.arange(24).reshape(2, 3, 4)
print(t)
print(t[0])
print(t[:, 1])
print(t[..., -1])
print(t[1, 1:, ::2])
print(t[:, None, 0].shape)
print(t[t > 20])
print(t[[0, 1], [1, 2]])
mask = t % 5 == 0
print(mask)
t2 = t.clone()
t2[0, 0] = 100
t2[:, :, 0] = -1
t2[t2 > 15] = 0
print(t2)

# broadcasting
a = torch.arange(3).reshape(3, 1)
b = torch.arange(4)
print(a + b)
print((a * b).shape)
print(torch.ones(2, 1, 3) * torch.arange(3))

# reshaping
r = torch.arange(12)
print(r.view(3, 4))
print(r.reshape(2, -1))
print(r.view(3, 4).t())
print(r.view(3, 4).t().is_contiguous(), r.view(3, 4).is_contiguous())
print(r.view(3, 4).permute(1, 0).contiguous().view(-1))
print(r.view(1, 12, 1).squeeze().shape, r.unsqueeze(0).shape, r.view(2, 6).flatten())
print(torch.cat([r[:3], r[-3:]]), torch.stack([r[:2], r[2:4]], dim=1))
print(r.view(3, 4).split(2, dim=1))
print(r.chunk(3))
print(r.view(3, 4).transpose(0, 1).shape)
print(r.view(2, 2, 3).expand(2, 2, 2, 3).shape if False else r.view(2, 1, 6).expand(2, 3, 6).shape)

# dtype conversions
f = torch.tensor([1.7, -2.3, 3.9])
print(f.int(), f.long(), f.to(torch.int8), f.double(), f.half(), f.bool())
print(f.to(torch.float16).dtype, f.type(torch.int32))
print((torch.tensor([1, 2]) / 2).dtype, (torch.tensor([1, 2]) // 2).dtype)
print(torch.tensor([1, 2], dtype=torch.uint8) + 1.5)
print(torch.tensor([1, 2]) + torch.tensor([0.5], dtype=torch.float64))
print(f.cpu().numpy(), f.tolist(), f[0].item())
print(torch.from_numpy(f.cpu().numpy() * 2))

# math and reductions
m = torch.randn(4, 5)
print(m.sum(), m.mean(dim=0), m.std(), m.var(dim=1, keepdim=True))
print(m.max(), m.max(dim=1), m.argmin(dim=0))
print(m.abs().sqrt().exp().log())
print(torch.clamp(m, -0.5, 0.5))
print(m.sort(dim=1))
print(m.topk(2, dim=1))
print(torch.where(m > 0, m, torch.zeros_like(m)))
print(m.cumsum(dim=1))
print(torch.allclose(m, m + 1e-9), torch.equal(m, m.clone()))
print(m.round(decimals=2))

# printing big and special tensors
print(torch.arange(2000))
print(torch.randn(100, 100))
print(torch.tensor([1e-8, 1.0, 1e8]))
print(torch.tensor([float("nan"), float("inf"), -float("inf"), 1.0]))
print(torch.tensor([0.1, 0.25, 1000.0], dtype=torch.float64))
print(torch.tensor([[1e-5, 2.0], [3.0, 4.5]]))
print(torch.tensor([], dtype=torch.float32), torch.zeros(0, 3))
print(torch.tensor(3.14159), torch.tensor(7))
print(torch.tensor([True, False]))
print(torch.tensor([1, 2], dtype=torch.int16), torch.tensor([1.0, 2.0], dtype=torch.bfloat16))
print(torch.randn(3, requires_grad=True))
print(torch.randn(2, 2, dtype=torch.float64) * 1e5)
torch.set_printoptions(precision=2)
print(torch.randn(3, 3))
torch.set_printoptions(profile="default")
print(repr(torch.randn(2)), str(torch.randn(2)))
