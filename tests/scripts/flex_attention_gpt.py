import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.attention.flex_attention import (AuxRequest, BlockMask, and_masks,
                                               create_block_mask, create_mask, flex_attention,
                                               or_masks)
import warnings

# A small GPT whose attention is written for FlexAttention, as modern GPT and nanoGPT-speedrun
# code is: a causal + sliding-window block mask, a document mask through a lookup tensor, and a
# tanh soft-capping score_mod. On the CPU torch has no flex_attention backward for q/k/v, so the
# model trains with scaled_dot_product_attention on the same dense mask (create_mask), checks
# that flex_attention gives the same logits, then fine-tunes only a learned per-head ALiBi slope
# that the score_mod captures (gradients flow into captured tensors on the CPU).

warnings.simplefilter("ignore")  # flex_attention warns once that it runs without compile
torch.manual_seed(0)
VOCAB, DIM, HEADS, SEQ, WINDOW, CAP = 24, 32, 4, 48, 12, 20.0
HEAD_DIM = DIM // HEADS
documents = torch.tensor([0] * 20 + [1] * 16 + [2] * 12)


def causal(b, h, q_idx, kv_idx):
    return q_idx >= kv_idx


def sliding_window(b, h, q_idx, kv_idx):
    return q_idx - kv_idx <= WINDOW


def same_document(b, h, q_idx, kv_idx):
    return documents[q_idx] == documents[kv_idx]


def first_token(b, h, q_idx, kv_idx):
    return kv_idx == 0


local_causal = and_masks(causal, sliding_window)
mask_mod = and_masks(or_masks(local_causal, first_token), same_document)


def soft_cap(score, b, h, q_idx, kv_idx):
    return CAP * torch.tanh(score / CAP)


block_mask = create_block_mask(mask_mod, None, None, SEQ, SEQ, device="cpu", BLOCK_SIZE=8)
print(block_mask)
print(repr(block_mask))
print("sparsity", round(block_mask.sparsity(), 2), "shape", block_mask.shape)
print("kv_num_blocks", block_mask.kv_num_blocks.tolist())
print("full_kv_num_blocks", block_mask.full_kv_num_blocks.tolist())
print("first row picture:", block_mask[0].to_string(grid_size=6).splitlines()[1])
dense = create_mask(mask_mod, 1, 1, SEQ, SEQ, device="cpu")
print("kept scores", int(dense.sum()), "of", dense.numel())
big = create_block_mask(causal, 2, HEADS, 256, 256, device="cpu")
print("default 128 blocks:", big.BLOCK_SIZE, big.kv_num_blocks.shape, f"{big.sparsity():.2f}")
print(isinstance(block_mask, BlockMask))


class Attention(nn.Module):
    def __init__(self):
        super().__init__()
        self.qkv = nn.Linear(DIM, 3 * DIM, bias=False)
        self.proj = nn.Linear(DIM, DIM)
        self.slopes = nn.Parameter(torch.zeros(HEADS))

    def split(self, x):
        batch, seq, _ = x.shape
        q, k, v = self.qkv(x).split(DIM, dim=-1)
        return [t.view(batch, seq, HEADS, HEAD_DIM).transpose(1, 2) for t in (q, k, v)]

    def forward(self, x, flex=False):
        q, k, v = self.split(x)
        if flex:
            slopes = self.slopes

            def score_mod(score, b, h, q_idx, kv_idx):
                return soft_cap(score, b, h, q_idx, kv_idx) + slopes[h] * (kv_idx - q_idx)
            out = flex_attention(q, k, v, score_mod=score_mod, block_mask=block_mask)
        else:
            scores = q @ k.transpose(-2, -1) / HEAD_DIM ** 0.5
            scores = CAP * torch.tanh(scores / CAP)
            distance = torch.arange(SEQ)[None, :] - torch.arange(SEQ)[:, None]
            scores = scores + self.slopes.view(HEADS, 1, 1) * distance
            scores = scores.masked_fill(~dense[0], float("-inf"))
            out = F.softmax(scores, dim=-1) @ v
        return self.proj(out.transpose(1, 2).reshape(x.shape))


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(DIM), nn.LayerNorm(DIM)
        self.attn = Attention()
        self.mlp = nn.Sequential(nn.Linear(DIM, 2 * DIM), nn.GELU(), nn.Linear(2 * DIM, DIM))

    def forward(self, x, flex=False):
        x = x + self.attn(self.norm1(x), flex)
        return x + self.mlp(self.norm2(x))


class GPT(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(VOCAB, DIM)
        self.pos = nn.Parameter(torch.randn(SEQ, DIM) * 0.02)
        self.blocks = nn.ModuleList([Block(), Block()])
        self.head = nn.Linear(DIM, VOCAB)

    def forward(self, tokens, flex=False):
        x = self.embed(tokens) + self.pos
        for block in self.blocks:
            x = block(x, flex)
        return self.head(x)


model = GPT()
data = torch.randint(0, VOCAB, (8, SEQ + 1))
inputs, targets = data[:, :-1], data[:, 1:]
optimizer = torch.optim.AdamW([p for n, p in model.named_parameters() if "slopes" not in n],
                              lr=3e-3)
for step in range(6):
    logits = model(inputs)
    loss = F.cross_entropy(logits.reshape(-1, VOCAB), targets.reshape(-1))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(f"step {step} loss {loss.item():.5f}")

with torch.no_grad():
    reference = model(inputs)
    flexed = model(inputs, flex=True)
print("flex logits match:", torch.allclose(reference, flexed, atol=1e-5), flexed.shape)

try:
    model(inputs, flex=True).sum().backward()
except NotImplementedError as error:
    print("NotImplementedError:", error)

# Fine-tune only the last block's captured ALiBi slopes: with every other parameter frozen, q, k
# and v need no gradient, and the gradient reaches the slopes through the score_mod.
for p in model.parameters():
    p.requires_grad_(False)
model.blocks[-1].attn.slopes.requires_grad_(True)
slope_optimizer = torch.optim.SGD([model.blocks[-1].attn.slopes], lr=20.0)
for step in range(4):
    logits = model(inputs, flex=True)
    loss = F.cross_entropy(logits.reshape(-1, VOCAB), targets.reshape(-1))
    slope_optimizer.zero_grad()
    loss.backward()
    slope_optimizer.step()
    print(f"slope step {step} loss {loss.item():.5f} grad_fn {type(logits.grad_fn).__name__}")
print("slopes", [[round(s, 4) for s in b.attn.slopes.tolist()] for b in model.blocks])
_, aux = flex_attention(*model.blocks[0].attn.split(model.embed(inputs[:1]).detach()),
                        block_mask=block_mask, return_aux=AuxRequest(lse=True))
print("lse", aux.lse.shape, f"{aux.lse.mean().item():.4f}")
