import torch  # noqa: I001 (the harness requires torch first)

# timm-style vision transformer idioms: DropPath via new_empty().bernoulli_(), trunc_normal_ init,
# LayerScale, strided-conv patch embedding, jit.is_scripting / jit.ignore, no_weight_decay sets
# from named_modules, layer-wise lr decay param_groups, and a weight EMA with lerp_.
import copy

import torch.nn.functional as F
from torch import nn

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def drop_path(x, drop_prob: float = 0.0, training: bool = False):
    if drop_prob == 0.0 or not training:
        return x
    keep_prob = 1 - drop_prob
    shape = (x.shape[0],) + (1,) * (x.ndim - 1)
    return x * x.new_empty(shape).bernoulli_(keep_prob).div_(keep_prob)


class DropPath(nn.Module):
    def __init__(self, drop_prob=0.0):
        super().__init__()
        self.drop_prob = drop_prob

    def forward(self, x):
        return drop_path(x, self.drop_prob, self.training)

    def extra_repr(self):
        return f"drop_prob={round(self.drop_prob, 3):0.3f}"


class LayerScale(nn.Module):
    def __init__(self, dim, init_values=1e-5, inplace=False):
        super().__init__()
        self.inplace = inplace
        self.gamma = nn.Parameter(init_values * torch.ones(dim))

    def forward(self, x):
        return x.mul_(self.gamma) if self.inplace else x * self.gamma


class PatchEmbed(nn.Module):
    def __init__(self, img=8, patch=4, chans=3, dim=16):
        super().__init__()
        self.num_patches = (img // patch) ** 2
        self.proj = nn.Conv2d(chans, dim, kernel_size=patch, stride=patch)

    def forward(self, x):
        return self.proj(x).flatten(2).transpose(1, 2)


class Block(nn.Module):
    def __init__(self, dim, heads, drop_path_rate):
        super().__init__()
        self.heads = heads
        self.norm1, self.norm2 = nn.LayerNorm(dim, eps=1e-6), nn.LayerNorm(dim, eps=1e-6)
        self.qkv, self.proj = nn.Linear(dim, dim * 3), nn.Linear(dim, dim)
        self.mlp = nn.Sequential(nn.Linear(dim, 2 * dim), nn.GELU(), nn.Linear(2 * dim, dim))
        self.ls1, self.ls2 = LayerScale(dim, 0.1), LayerScale(dim, 0.1)
        self.drop_path = DropPath(drop_path_rate) if drop_path_rate > 0.0 else nn.Identity()

    def attn(self, x):
        B, N, C = x.shape
        qkv = self.qkv(x).reshape(B, N, 3, self.heads, C // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv.unbind(0)
        x = F.scaled_dot_product_attention(q, k, v)
        return self.proj(x.transpose(1, 2).reshape(B, N, C))

    def forward(self, x):
        x = x + self.drop_path(self.ls1(self.attn(self.norm1(x))))
        return x + self.drop_path(self.ls2(self.mlp(self.norm2(x))))


class ViT(nn.Module):
    def __init__(self, dim=16, depth=3, heads=2, classes=5, drop_path_rate=0.2):
        super().__init__()
        self.patch_embed = PatchEmbed(dim=dim)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, self.patch_embed.num_patches + 1, dim))
        dpr = [x.item() for x in torch.linspace(0, drop_path_rate, depth)]
        self.blocks = nn.Sequential(*[Block(dim, heads, dpr[i]) for i in range(depth)])
        self.norm, self.head = nn.LayerNorm(dim, eps=1e-6), nn.Linear(dim, classes)
        nn.init.trunc_normal_(self.pos_embed, std=0.02)
        nn.init.normal_(self.cls_token, std=1e-6)
        self.apply(self._init_weights)

    def _init_weights(self, m):
        if isinstance(m, nn.Linear):
            nn.init.trunc_normal_(m.weight, std=0.02)
            if m.bias is not None:
                nn.init.zeros_(m.bias)

    @torch.jit.ignore
    def no_weight_decay(self):
        return {"pos_embed", "cls_token"}

    def forward(self, x):
        x = self.patch_embed(x)
        x = torch.cat((self.cls_token.expand(x.shape[0], -1, -1), x), dim=1) + self.pos_embed
        if not torch.jit.is_scripting():
            x = self.blocks(x)
        return self.head(self.norm(x)[:, 0])


def param_groups_layer_decay(model, weight_decay=0.05, layer_decay=0.75):
    no_decay = model.no_weight_decay()
    for name, m in model.named_modules():
        if isinstance(m, (nn.LayerNorm, LayerScale)):
            no_decay |= {f"{name}.{p}" for p, _ in m.named_parameters(recurse=False)}
    layers = len(model.blocks) + 1
    groups = {}
    for name, p in model.named_parameters():
        layer = int(name.split(".")[1]) + 1 if name.startswith("blocks.") else (
            0 if name in ("cls_token", "pos_embed") or name.startswith("patch_embed") else layers)
        decay = "no_decay" if (p.ndim == 1 or name in no_decay) else "decay"
        key = f"layer_{layer}_{decay}"
        g = groups.setdefault(key, {"params": [], "weight_decay": 0.0 if decay == "no_decay"
                                    else weight_decay, "lr_scale": layer_decay ** (layers - layer)})
        g["params"].append(p)
    return list(groups.values())


model = ViT()
print(model.blocks[2])
ema = copy.deepcopy(model).eval().requires_grad_(False)
groups = param_groups_layer_decay(model)
print([(len(g["params"]), g["weight_decay"], round(g["lr_scale"], 4)) for g in groups])
opt = torch.optim.AdamW(groups, lr=1e-2)
for g in opt.param_groups:
    g["lr"] = g["lr"] * g["lr_scale"]
x, y = torch.randn(6, 3, 8, 8), torch.randint(0, 5, (6,))
for step in range(5):
    model.train()
    loss = F.cross_entropy(model(x), y, label_smoothing=0.1)
    opt.zero_grad()
    loss.backward()
    opt.step()
    with torch.no_grad():
        for e, m in zip(ema.state_dict().values(), model.state_dict().values()):
            e.lerp_(m, 1.0 - 0.9) if e.is_floating_point() else e.copy_(m)
    print(step, f"{loss.item():.8f}")
model.eval()
with torch.inference_mode():
    print(model(x).argmax(-1), ema(x).argmax(-1))
    print(f"{(model(x) - ema(x)).abs().max().item():.8f}")
print(model.blocks[0].ls1.gamma[:4], sorted(model.no_weight_decay()))
