import torch

# A small Vision Transformer: patches by a strided Conv2d, flatten(2).transpose(1, 2), a learned
# class token expanded over the batch, pre-norm TransformerEncoder layers, AdamW with weight
# decay only on matrices, linear warmup then cosine decay through LambdaLR, gradient clipping.
import math

from torch import nn
from torch.optim.lr_scheduler import LambdaLR

torch.manual_seed(0)


class PatchEmbed(nn.Module):
    def __init__(self, image_size=8, patch_size=4, channels=3, dim=16):
        super().__init__()
        self.num_patches = (image_size // patch_size) ** 2
        self.proj = nn.Conv2d(channels, dim, kernel_size=patch_size, stride=patch_size)

    def forward(self, x):
        return self.proj(x).flatten(2).transpose(1, 2)


class ViT(nn.Module):
    def __init__(self, num_classes=3, dim=16, depth=2, heads=4):
        super().__init__()
        self.patch_embed = PatchEmbed(dim=dim)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, self.patch_embed.num_patches + 1, dim))
        nn.init.trunc_normal_(self.pos_embed, std=0.02)
        nn.init.trunc_normal_(self.cls_token, std=0.02)
        layer = nn.TransformerEncoderLayer(d_model=dim, nhead=heads, dim_feedforward=2 * dim,
                                           dropout=0.1, activation="gelu", batch_first=True,
                                           norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=depth,
                                             enable_nested_tensor=False)
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, num_classes)

    def forward(self, x):
        tokens = self.patch_embed(x)
        cls = self.cls_token.expand(tokens.shape[0], -1, -1)
        tokens = torch.cat((cls, tokens), dim=1) + self.pos_embed
        return self.head(self.norm(self.encoder(tokens))[:, 0])


# Three classes of 8x8 colour images: which colour channel carries a bright square.
labels = torch.randint(0, 3, (48,))
images = torch.randn(48, 3, 8, 8) * 0.3
for index, label in enumerate(labels.tolist()):
    images[index, label, 2:6, 2:6] += 1.0

model = ViT()
decay = [p for n, p in model.named_parameters() if p.ndim >= 2 and "embed" not in n
         and "token" not in n]
no_decay = [p for n, p in model.named_parameters() if not (p.ndim >= 2 and "embed" not in n
                                                            and "token" not in n)]
print("decay", len(decay), "no_decay", len(no_decay),
      "total", sum(p.numel() for p in model.parameters() if p.requires_grad))
optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": 0.05},
                               {"params": no_decay, "weight_decay": 0.0}], lr=3e-3,
                              betas=(0.9, 0.95))
warmup, total = 3, 15


def lr_lambda(step):
    if step < warmup:
        return (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    return 0.5 * (1.0 + math.cos(math.pi * progress))


scheduler = LambdaLR(optimizer, lr_lambda)
criterion = nn.CrossEntropyLoss(label_smoothing=0.1)
for step in range(total):
    model.train()
    index = torch.randperm(48)[:16]
    logits = model(images[index])
    loss = criterion(logits, labels[index])
    optimizer.zero_grad()
    loss.backward()
    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
    optimizer.step()
    scheduler.step()
    if step % 3 == 0 or step == total - 1:
        print(f"step {step:2d} loss {loss.item():.6f} grad norm {norm.item():.6f} "
              f"lr {scheduler.get_last_lr()[0]:.6f}")

model.eval()
with torch.inference_mode():
    logits = model(images)
    accuracy = (logits.argmax(dim=-1) == labels).float().mean()
print(f"accuracy {accuracy.item():.4f}")
print(logits[:2])
print(optimizer.param_groups[0]["weight_decay"], optimizer.param_groups[1]["lr"])
print(model.patch_embed.proj, model.cls_token.shape, model.encoder.layers[0].norm_first)
print(model.encoder.layers[0].self_attn)
