import torch  # noqa: I001 (the harness requires torch first)

# Large-model initialisation as real code does it: build the model on the meta device (no
# memory, no generator draws), infer output shapes there, then to_empty() it onto the CPU and
# load a checkpoint with assign=True. The model is a small vision GPT with a convolutional
# patch stem trained in channels_last, so the conv, batch norm and attention see NHWC buffers.
import io

from torch import nn
from torch.nn import functional as F

D_MODEL, N_HEAD, N_LAYER, N_CLASS, PATCH, SIDE = 32, 4, 2, 5, 4, 16
TOKENS = (SIDE // PATCH) ** 2


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln_1 = nn.LayerNorm(D_MODEL)
        self.qkv = nn.Linear(D_MODEL, 3 * D_MODEL)
        self.proj = nn.Linear(D_MODEL, D_MODEL)
        self.ln_2 = nn.LayerNorm(D_MODEL)
        self.mlp = nn.Sequential(nn.Linear(D_MODEL, 4 * D_MODEL), nn.GELU(),
                                 nn.Linear(4 * D_MODEL, D_MODEL))

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.qkv(self.ln_1(x)).split(C, dim=2)
        q, k, v = (t.view(B, T, N_HEAD, C // N_HEAD).transpose(1, 2) for t in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + self.proj(y.transpose(1, 2).contiguous().view(B, T, C))
        return x + self.mlp(self.ln_2(x))


class VisionGPT(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, D_MODEL, kernel_size=PATCH, stride=PATCH)
        self.bn = nn.BatchNorm2d(D_MODEL)
        self.pos = nn.Parameter(torch.zeros(1, TOKENS, D_MODEL))
        self.blocks = nn.ModuleList(Block() for _ in range(N_LAYER))
        self.ln_f = nn.LayerNorm(D_MODEL)
        self.head = nn.Linear(D_MODEL, N_CLASS)

    def forward(self, images):
        x = F.relu(self.bn(self.stem(images)))
        x = x.flatten(2).transpose(1, 2) + self.pos
        for block in self.blocks:
            x = block(x)
        return self.head(self.ln_f(x).mean(1))


torch.manual_seed(0)
before = torch.rand(2)
torch.manual_seed(0)
with torch.device("meta"):
    model = VisionGPT()
print("drew nothing:", torch.equal(torch.rand(2), before))
print("parameters:", sum(p.numel() for p in model.parameters()))
print("stem weight:", model.stem.weight)
print("all meta:", all(t.is_meta for t in model.state_dict().values()))
print("buffer:", model.bn.running_mean)

# Shape inference: a forward pass on meta inputs gives meta outputs with the right shapes.
probe = model(torch.empty(2, 3, SIDE, SIDE, device="meta"))
print("meta forward:", probe.shape, probe.device, probe.dtype, type(probe.grad_fn).__name__)
try:
    probe.sum().item()
except RuntimeError as error:
    print("item:", error)
try:
    probe.cpu()
except NotImplementedError as error:
    print("cpu:", error)

# A checkpoint made by a model built normally, saved and loaded through torch.save/torch.load.
torch.manual_seed(1)
reference = VisionGPT()
buffer = io.BytesIO()
torch.save(reference.state_dict(), buffer)
buffer.seek(0)
state = torch.load(buffer)

model.to_empty(device="cpu")
print("after to_empty:", model.stem.weight.device, model.stem.weight.shape)
print(model.load_state_dict(state, assign=True))
print("same values:", all(torch.equal(a, b) for a, b in
                          zip(model.state_dict().values(), reference.state_dict().values())))
print("still parameters:", all(isinstance(p, nn.Parameter) and p.requires_grad
                               for p in model.parameters()))

model.to(memory_format=torch.channels_last)
weight = model.stem.weight
print("stem weight stride:", weight.stride(),
      weight.is_contiguous(memory_format=torch.channels_last), weight.is_contiguous())
print("linear weight stride:", model.head.weight.stride())
storage = weight.untyped_storage()
print("storage:", storage.nbytes(), storage.data_ptr() == weight.data_ptr(),
      weight[1:].untyped_storage().data_ptr() == storage.data_ptr())

torch.manual_seed(2)
images = torch.randn(8, 3, SIDE, SIDE).to(memory_format=torch.channels_last)
labels = torch.randint(0, N_CLASS, (8,))
features = model.stem(images)
print("stem output:", features.shape, features.stride(),
      features.is_contiguous(memory_format=torch.channels_last))

optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.01)
for step in range(6):
    loss = F.cross_entropy(model(images), labels)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(f"step {step} loss {loss.item():.4f} grad stride {weight.grad.stride()}")
print("stem weight still channels_last:",
      model.stem.weight.is_contiguous(memory_format=torch.channels_last))

# Re-initialising a meta-built model instead of loading: reset_parameters on the CPU copy.
with torch.device("meta"):
    fresh = nn.Linear(4, 3)
fresh.to_empty(device="cpu")
torch.manual_seed(3)
fresh.reset_parameters()
print("reset:", fresh.weight.sum().item() != 0, fresh.bias.shape)
