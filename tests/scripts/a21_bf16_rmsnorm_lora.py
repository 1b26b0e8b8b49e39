import torch
import math

import torch.nn as nn
import torch.nn.functional as F

# Mixed-precision habits of LLM fine-tuning repos: a model cast to bfloat16, RMSNorm computed
# in float32 and cast back, rotary tables kept in float32, float32 LoRA adapters on frozen
# bfloat16 weights with the adapter output cast to the input's dtype, logits upcast before the
# loss, a float32 master copy for the optimizer, and merging the adapter back into the weight.
torch.manual_seed(0)


class LlamaRMSNorm(nn.Module):
    def __init__(self, hidden_size, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(hidden_size))
        self.variance_epsilon = eps

    def forward(self, hidden_states):
        input_dtype = hidden_states.dtype
        hidden_states = hidden_states.to(torch.float32)
        variance = hidden_states.pow(2).mean(-1, keepdim=True)
        hidden_states = hidden_states * torch.rsqrt(variance + self.variance_epsilon)
        return self.weight * hidden_states.to(input_dtype)


class LoRALinear(nn.Module):
    def __init__(self, base: nn.Linear, r=4, alpha=8, dropout=0.0):
        super().__init__()
        self.base = base
        self.base.weight.requires_grad_(False)
        self.lora_A = nn.Linear(base.in_features, r, bias=False, dtype=torch.float32)
        self.lora_B = nn.Linear(r, base.out_features, bias=False, dtype=torch.float32)
        nn.init.kaiming_uniform_(self.lora_A.weight, a=math.sqrt(5))
        nn.init.zeros_(self.lora_B.weight)
        self.scaling = alpha / r
        self.dropout = nn.Dropout(dropout)
        self.merged = False

    def forward(self, x):
        result = self.base(x)
        if self.merged:
            return result
        lora = self.lora_B(self.lora_A(self.dropout(x.to(self.lora_A.weight.dtype))))
        return result + (lora * self.scaling).to(result.dtype)

    @torch.no_grad()
    def merge(self):
        delta = (self.lora_B.weight @ self.lora_A.weight) * self.scaling
        self.base.weight.data += delta.to(self.base.weight.dtype)
        self.merged = True


def rotate_half(x):
    x1, x2 = x[..., : x.shape[-1] // 2], x[..., x.shape[-1] // 2:]
    return torch.cat((-x2, x1), dim=-1)


class TinyLlamaLayer(nn.Module):
    def __init__(self, dim=32, heads=4):
        super().__init__()
        self.heads, self.hd = heads, dim // heads
        self.input_layernorm = LlamaRMSNorm(dim)
        self.q_proj = nn.Linear(dim, dim, bias=False)
        self.k_proj = nn.Linear(dim, dim, bias=False)
        self.v_proj = nn.Linear(dim, dim, bias=False)
        self.o_proj = nn.Linear(dim, dim, bias=False)
        self.post_attention_layernorm = LlamaRMSNorm(dim)
        self.gate_proj = nn.Linear(dim, 2 * dim, bias=False)
        self.up_proj = nn.Linear(dim, 2 * dim, bias=False)
        self.down_proj = nn.Linear(2 * dim, dim, bias=False)
        inv_freq = 1.0 / (10000 ** (torch.arange(0, self.hd, 2, dtype=torch.int64).float()
                                    / self.hd))
        self.register_buffer("inv_freq", inv_freq, persistent=False)

    def rope(self, x, T):
        t = torch.arange(T, dtype=torch.float32)
        freqs = torch.outer(t, self.inv_freq.float())
        emb = torch.cat((freqs, freqs), dim=-1)
        cos, sin = emb.cos().to(x.dtype), emb.sin().to(x.dtype)
        return x * cos + rotate_half(x) * sin

    def forward(self, x):
        B, T, D = x.shape
        h = self.input_layernorm(x)
        q = self.q_proj(h).view(B, T, self.heads, self.hd).transpose(1, 2)
        k = self.k_proj(h).view(B, T, self.heads, self.hd).transpose(1, 2)
        v = self.v_proj(h).view(B, T, self.heads, self.hd).transpose(1, 2)
        q, k = self.rope(q, T), self.rope(k, T)
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(self.hd)
        causal = torch.full((T, T), float("-inf"), dtype=scores.dtype).triu(1)
        attn = F.softmax((scores + causal).float(), dim=-1).to(q.dtype)
        o = (attn @ v).transpose(1, 2).reshape(B, T, D)
        x = x + self.o_proj(o)
        h = self.post_attention_layernorm(x)
        return x + self.down_proj(F.silu(self.gate_proj(h)) * self.up_proj(h))


class TinyLM(nn.Module):
    def __init__(self, vocab=20, dim=32):
        super().__init__()
        self.embed_tokens = nn.Embedding(vocab, dim)
        self.layer = TinyLlamaLayer(dim)
        self.norm = LlamaRMSNorm(dim)
        self.lm_head = nn.Linear(dim, vocab, bias=False)

    def forward(self, ids):
        return self.lm_head(self.norm(self.layer(self.embed_tokens(ids))))


model = TinyLM().to(torch.bfloat16)
print({n: p.dtype for n, p in list(model.named_parameters())[:3]})
print("inv_freq after .to(bfloat16)", model.layer.inv_freq.dtype)
h = torch.randn(2, 3, 32, dtype=torch.bfloat16)
out = model.layer.input_layernorm(h)
print("rmsnorm", out.dtype, out[0, 0, :4])

for p in model.parameters():
    p.requires_grad_(False)
for name in ("q_proj", "v_proj"):
    setattr(model.layer, name, LoRALinear(getattr(model.layer, name)))
trainable = [n for n, p in model.named_parameters() if p.requires_grad]
print("trainable", trainable)
print(model.layer.q_proj)

ids = torch.randint(0, 20, (4, 9))
inputs, labels = ids[:, :-1], ids[:, 1:]
opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-2)
for step in range(4):
    logits = model(inputs)
    loss = F.cross_entropy(logits.float().reshape(-1, 20), labels.reshape(-1))
    opt.zero_grad()
    loss.backward()
    opt.step()
    lora_b = model.layer.q_proj.lora_B.weight
    print(f"step {step} logits {logits.dtype} loss {loss.item():.3f} "
          f"lora_B grad {lora_b.grad.dtype} |B| {lora_b.norm().item():.4f}")

model.eval()
with torch.no_grad():
    before = model(inputs).float()
    model.layer.q_proj.merge()
    model.layer.v_proj.merge()
    after = model(inputs).float()
print("merged", model.layer.q_proj.merged, "max change", (before - after).abs().max().item() < 0.1)

# a float32 master copy of bfloat16 weights, the way pure-bf16 trainers keep one
torch.manual_seed(1)
lin = nn.Linear(8, 8).to(torch.bfloat16)
master = [p.detach().float().clone().requires_grad_(True) for p in lin.parameters()]
mopt = torch.optim.SGD(master, lr=0.1)
x = torch.randn(16, 8, dtype=torch.bfloat16)
y = torch.randn(16, 8, dtype=torch.bfloat16)
for step in range(3):
    loss = F.mse_loss(lin(x).float(), y.float())
    lin.zero_grad()
    loss.backward()
    for m, p in zip(master, lin.parameters()):
        m.grad = p.grad.float()
    mopt.step()
    with torch.no_grad():
        for m, p in zip(master, lin.parameters()):
            p.copy_(m)
    print(f"master step {step} loss {loss.item():.4f} "
          f"bf16 weight {lin.weight[0, 0].item():.6f} master {master[0][0, 0].item():.6f}")
print("bf16 eps", torch.finfo(torch.bfloat16).eps, "1 + eps/2 ==",
      (torch.tensor(1.0, dtype=torch.bfloat16) + 2 ** -9).item())
