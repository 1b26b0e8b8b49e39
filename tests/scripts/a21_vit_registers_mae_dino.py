import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.distributions import Beta

# Self-supervised ViT tricks as research repos write them: a ViT with register tokens, MAE
# random masking by argsort of noise with gather-unshuffling, a DINO student/teacher with
# centring, sharpening and an EMA teacher, and Mixup/CutMix drawn from a Beta distribution.
torch.manual_seed(0)


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, dim * 3)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        B, N, C = x.shape
        qkv = self.qkv(x).reshape(B, N, 3, self.heads, C // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv.unbind(0)
        x = F.scaled_dot_product_attention(q, k, v)
        return self.proj(x.transpose(1, 2).reshape(B, N, C))


class Block(nn.Module):
    def __init__(self, dim, heads, mlp_ratio=2.0):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = nn.Sequential(nn.Linear(dim, int(dim * mlp_ratio)), nn.GELU(),
                                 nn.Linear(int(dim * mlp_ratio), dim))

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class ViT(nn.Module):
    def __init__(self, img=16, patch=4, dim=32, depth=2, heads=4, num_registers=4, out=0):
        super().__init__()
        self.patch_embed = nn.Conv2d(3, dim, patch, patch)
        n = (img // patch) ** 2
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.register_tokens = nn.Parameter(torch.zeros(1, num_registers, dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, n, dim))
        self.blocks = nn.ModuleList([Block(dim, heads) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.head = nn.Linear(dim, out) if out else nn.Identity()
        self.num_registers = num_registers
        nn.init.trunc_normal_(self.pos_embed, std=0.02)
        nn.init.normal_(self.cls_token, std=1e-6)
        nn.init.normal_(self.register_tokens, std=1e-6)
        self.apply(self._init)

    @staticmethod
    def _init(m):
        if isinstance(m, nn.Linear):
            nn.init.trunc_normal_(m.weight, std=0.02)
            if m.bias is not None:
                nn.init.zeros_(m.bias)

    def random_masking(self, x, mask_ratio):
        N, L, D = x.shape
        len_keep = int(L * (1 - mask_ratio))
        noise = torch.rand(N, L, device=x.device)
        ids_shuffle = torch.argsort(noise, dim=1)
        ids_restore = torch.argsort(ids_shuffle, dim=1)
        ids_keep = ids_shuffle[:, :len_keep]
        x_masked = torch.gather(x, dim=1, index=ids_keep.unsqueeze(-1).repeat(1, 1, D))
        mask = torch.ones([N, L], device=x.device)
        mask[:, :len_keep] = 0
        mask = torch.gather(mask, dim=1, index=ids_restore)
        return x_masked, mask, ids_restore

    def forward(self, x, mask_ratio=0.0):
        x = self.patch_embed(x).flatten(2).transpose(1, 2) + self.pos_embed
        mask = ids_restore = None
        if mask_ratio > 0:
            x, mask, ids_restore = self.random_masking(x, mask_ratio)
        B = x.shape[0]
        x = torch.cat([self.cls_token.expand(B, -1, -1),
                       self.register_tokens.expand(B, -1, -1), x], dim=1)
        for blk in self.blocks:
            x = blk(x)
        x = self.norm(x)
        return self.head(x[:, 0]), x[:, 1 + self.num_registers:], mask, ids_restore


# ---- MAE: encode visible patches, unshuffle with mask tokens, reconstruct pixels
def patchify(imgs, p=4):
    N, C, H, W = imgs.shape
    h = w = H // p
    x = imgs.reshape(N, C, h, p, w, p)
    x = torch.einsum("nchpwq->nhwpqc", x)
    return x.reshape(N, h * w, p * p * C)


encoder = ViT()
decoder_embed = nn.Linear(32, 24)
mask_token = nn.Parameter(torch.zeros(1, 1, 24))
decoder_block = Block(24, 4)
decoder_pred = nn.Linear(24, 48)
params = list(encoder.parameters()) + list(decoder_embed.parameters()) + [mask_token] + \
    list(decoder_block.parameters()) + list(decoder_pred.parameters())
opt = torch.optim.AdamW(params, lr=1e-3, betas=(0.9, 0.95), weight_decay=0.05)
imgs = torch.randn(4, 3, 16, 16)
for step in range(3):
    _, latent, mask, ids_restore = encoder(imgs, mask_ratio=0.75)
    x = decoder_embed(latent)
    mask_tokens = mask_token.repeat(x.shape[0], ids_restore.shape[1] - x.shape[1], 1)
    x_ = torch.cat([x, mask_tokens], dim=1)
    x_ = torch.gather(x_, dim=1, index=ids_restore.unsqueeze(-1).repeat(1, 1, x.shape[2]))
    pred = decoder_pred(decoder_block(x_))
    target = patchify(imgs)
    mean = target.mean(dim=-1, keepdim=True)
    var = target.var(dim=-1, keepdim=True)
    target = (target - mean) / (var + 1.0e-6) ** 0.5
    loss = ((pred - target) ** 2).mean(dim=-1)
    loss = (loss * mask).sum() / mask.sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"mae step {step} loss {loss.item():.4f} masked {int(mask.sum())} "
          f"restore0 {ids_restore[0, :6].tolist()}")
print("mask_token grad", mask_token.grad.abs().sum() > 0, mask_token.grad.shape)
print("register grad norm", f"{encoder.register_tokens.grad.norm().item():.3e}")


# ---- DINO: student/teacher, centring and sharpening, EMA of parameters
class DINOLoss(nn.Module):
    def __init__(self, out_dim, student_temp=0.1, center_momentum=0.9):
        super().__init__()
        self.student_temp = student_temp
        self.center_momentum = center_momentum
        self.register_buffer("center", torch.zeros(1, out_dim))

    def forward(self, student_output, teacher_output, teacher_temp):
        student_out = (student_output / self.student_temp).chunk(2)
        teacher_out = F.softmax((teacher_output - self.center) / teacher_temp, dim=-1)
        teacher_out = teacher_out.detach().chunk(2)
        total, n = 0, 0
        for iq, q in enumerate(teacher_out):
            for v in range(len(student_out)):
                if v == iq:
                    continue
                total += torch.sum(-q * F.log_softmax(student_out[v], dim=-1), dim=-1).mean()
                n += 1
        self.update_center(teacher_output)
        return total / n

    @torch.no_grad()
    def update_center(self, teacher_output):
        batch_center = torch.sum(teacher_output, dim=0, keepdim=True) / len(teacher_output)
        self.center = self.center * self.center_momentum + \
            batch_center * (1 - self.center_momentum)


torch.manual_seed(1)
student = ViT(out=16, depth=1)
teacher = ViT(out=16, depth=1)
teacher.load_state_dict(student.state_dict())
for p in teacher.parameters():
    p.requires_grad = False
dino_loss = DINOLoss(16)
opt = torch.optim.SGD(student.parameters(), lr=0.1)
momentum_schedule = torch.linspace(0.9, 1.0, 4)
views = torch.randn(8, 3, 16, 16)
aug = views.flip(-1) + 0.1 * torch.randn_like(views)
for it in range(3):
    both = torch.cat([views[:4], aug[:4]])
    s_out = student(both)[0]
    with torch.no_grad():
        t_out = teacher(both)[0]
    loss = dino_loss(s_out, t_out, teacher_temp=0.04)
    opt.zero_grad()
    loss.backward()
    opt.step()
    with torch.no_grad():
        m = momentum_schedule[it].item()
        for ps, pt in zip(student.parameters(), teacher.parameters()):
            pt.lerp_(ps.detach(), 1 - m)
    print(f"dino it {it} loss {loss.item():.4f} m {m:.4f} center {dino_loss.center.norm():.5f}")
diff = sum((ps - pt).abs().sum() for ps, pt in zip(student.parameters(), teacher.parameters()))
print("teacher-student L1", f"{diff.item():.2f}", "teacher requires_grad",
      teacher.head.weight.requires_grad)


# ---- Mixup / CutMix with Beta(alpha, alpha)
def rand_bbox(size, lam):
    W, H = size[2], size[3]
    cut_rat = (1.0 - lam) ** 0.5
    cut_w, cut_h = int(W * cut_rat), int(H * cut_rat)
    cx = torch.randint(W, (1,)).item()
    cy = torch.randint(H, (1,)).item()
    bbx1, bby1 = max(cx - cut_w // 2, 0), max(cy - cut_h // 2, 0)
    bbx2, bby2 = min(cx + cut_w // 2, W), min(cy + cut_h // 2, H)
    return bbx1, bby1, bbx2, bby2


torch.manual_seed(2)
beta = Beta(torch.tensor(0.8), torch.tensor(0.8))
print(beta, beta.mean, f"{beta.variance.item():.5f}")
x = torch.randn(4, 3, 8, 8)
y = F.one_hot(torch.tensor([0, 1, 2, 3]), 4).float()
for trial in range(3):
    lam = beta.sample().item()
    index = torch.randperm(x.size(0))
    if trial % 2 == 0:
        mixed = lam * x + (1 - lam) * x[index, :]
        kind = "mixup"
    else:
        bbx1, bby1, bbx2, bby2 = rand_bbox(x.size(), lam)
        mixed = x.clone()
        mixed[:, :, bbx1:bbx2, bby1:bby2] = x[index, :, bbx1:bbx2, bby1:bby2]
        lam = 1 - ((bbx2 - bbx1) * (bby2 - bby1) / (x.size(-1) * x.size(-2)))
        kind = "cutmix"
    y_mix = lam * y + (1 - lam) * y[index]
    print(kind, f"lam {lam:.4f}", index.tolist(), y_mix[0].tolist() if trial == 1 else
          f"{mixed.sum().item():.4f}")
print("log_prob", beta.log_prob(torch.tensor([0.1, 0.5, 0.9])))
print("entropy", beta.entropy())
samples = beta.rsample((3,))
print("rsample", samples.shape, samples.requires_grad)
