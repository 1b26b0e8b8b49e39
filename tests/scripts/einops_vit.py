import torch
import torch.nn.functional as F
from einops import einsum, pack, parse_shape, rearrange, reduce, repeat, unpack
from einops.layers.torch import EinMix, Rearrange, Reduce
from torch import nn

# A vit-pytorch-style image classifier written with einops, as lucidrains' repositories are:
# patches by a Rearrange layer, the class token by repeat and pack/unpack, multi-head attention
# by rearrange + einsum, a token-mixing EinMix (MLP-Mixer), mean pooling by a Reduce layer.
# Trained for a few steps in float64 on synthetic images; prints shapes, grad_fns and losses.

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


class Attention(nn.Module):
    def __init__(self, dim, heads=2, dim_head=8):
        super().__init__()
        self.heads, self.scale = heads, dim_head ** -0.5
        self.norm = nn.LayerNorm(dim)
        self.to_qkv = nn.Linear(dim, heads * dim_head * 3, bias=False)
        self.to_out = nn.Sequential(Rearrange("b h n d -> b n (h d)"),
                                    nn.Linear(heads * dim_head, dim))

    def forward(self, x):
        x = self.norm(x)
        q, k, v = rearrange(self.to_qkv(x), "b n (qkv h d) -> qkv b h n d", qkv=3, h=self.heads)
        sim = einsum(q, k, "b h i d, b h j d -> b h i j") * self.scale
        attn = sim.softmax(dim=-1)
        out = einsum(attn, v, "b h i j, b h j d -> b h i d")
        return self.to_out(out)


class ViT(nn.Module):
    def __init__(self, image=8, patch=4, channels=3, dim=16, depth=2, classes=5):
        super().__init__()
        tokens = (image // patch) ** 2
        self.to_patch_embedding = nn.Sequential(
            Rearrange("b c (h p1) (w p2) -> b (h w) (p1 p2 c)", p1=patch, p2=patch),
            nn.LayerNorm(patch * patch * channels),
            nn.Linear(patch * patch * channels, dim),
            nn.LayerNorm(dim))
        self.cls_token = nn.Parameter(torch.randn(dim) * 0.02)
        self.pos_embedding = nn.Parameter(torch.randn(tokens + 1, dim) * 0.02)
        self.layers = nn.ModuleList([
            nn.ModuleList([Attention(dim),
                           EinMix("b n d -> b m d", weight_shape="n m", bias_shape="m",
                                  n=tokens, m=tokens),
                           nn.Sequential(nn.LayerNorm(dim), nn.Linear(dim, 2 * dim), nn.GELU(),
                                         nn.Linear(2 * dim, dim))])
            for _ in range(depth)])
        self.pool = Reduce("b n d -> b d", "mean")
        self.head = nn.Linear(dim, classes)

    def forward(self, img):
        x = self.to_patch_embedding(img)
        cls = repeat(self.cls_token, "d -> b d", b=x.shape[0])
        x, packed_shapes = pack([cls, x], "b * d")
        x = x + self.pos_embedding
        for attn, mix, ff in self.layers:
            x = attn(x) + x
            cls, patches = unpack(x, packed_shapes, "b * d")
            x, _ = pack([cls, mix(patches) + patches], "b * d")
            x = ff(x) + x
        cls, patches = unpack(x, packed_shapes, "b * d")
        return self.head(cls + self.pool(patches))


model = ViT()
print(model.to_patch_embedding)
print(model.pool, model.layers[0][1])
print(sum(p.numel() for p in model.parameters()), "parameters")
images = torch.rand(6, 3, 8, 8)
labels = torch.randint(0, 5, (6,))
print(parse_shape(images, "b c h w"))

patches = rearrange(images, "b c (h p1) (w p2) -> b (h w) (p1 p2 c)", p1=4, p2=4)
print(patches.shape, torch.equal(patches, model.to_patch_embedding[0](images)))
pooled = reduce(images, "b c (h 2) (w 2) -> b c h w", "max")
print(pooled.shape, torch.equal(pooled, F.max_pool2d(images, 2)))
tiled = repeat(images[0, 0], "h w -> (r h) w", r=2)
print(tiled.shape, torch.equal(tiled, images[0, 0].repeat(2, 1)))

optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.01)
for step in range(6):
    logits = model(images)
    loss = F.cross_entropy(logits, labels)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(f"step {step} loss {loss.item():.8f} grad_fn {type(logits.grad_fn).__name__}")

x = torch.randn(2, 5, 4, requires_grad=True)
y = rearrange(x, "b n (h d) -> b h n d", h=2)
z = reduce(y, "b h n d -> b n", "max")
print(type(y.grad_fn).__name__, type(z.grad_fn).__name__)
z.sum().backward()
print(x.grad.sum().item(), x.grad.abs().sum().item())
with torch.no_grad():
    probs = model(images).softmax(-1)
print(probs.argmax(-1).tolist(), round(probs.max(-1).values.sum().item(), 10))
