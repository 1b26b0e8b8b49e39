import torch

# Hugging-Face-shaped model code without transformers: a PretrainedConfig-like dataclass, a
# PreTrainedModel-like base with post_init/_init_weights, save_pretrained/from_pretrained
# through safetensors.torch (config as JSON beside it), tied input/output embeddings and
# what state_dict, named_parameters(remove_duplicate=False) and num_parameters show, an
# extended attention mask filled with finfo(dtype).min, masked_fill with bool masks, a
# generate() loop carrying past_key_values tuples under @torch.no_grad(), a scorer under
# @torch.inference_mode(), and gradient_checkpointing_enable switching
# torch.utils.checkpoint on.
import dataclasses
import json
import math
import os
import tempfile
from typing import Optional, Tuple

import torch.nn as nn
import torch.nn.functional as F
import torch.utils.checkpoint
from safetensors.torch import load_file, save_file


@dataclasses.dataclass
class TinyConfig:
    vocab_size: int = 23
    hidden_size: int = 16
    num_heads: int = 2
    num_layers: int = 2
    max_position: int = 32
    tie_word_embeddings: bool = True
    initializer_range: float = 0.02
    pad_token_id: int = 0

    def to_json_string(self):
        return json.dumps(dataclasses.asdict(self), indent=2, sort_keys=True)


class PreTrainedModel(nn.Module):
    config_class = TinyConfig
    base_model_prefix = "model"
    supports_gradient_checkpointing = True
    _tied_weights_keys = ["lm_head.weight"]

    def __init__(self, config):
        super().__init__()
        self.config = config
        self.gradient_checkpointing = False

    def post_init(self):
        self.apply(self._init_weights)
        self.tie_weights()

    def _init_weights(self, module):
        if isinstance(module, nn.Linear):
            module.weight.data.normal_(mean=0.0, std=self.config.initializer_range)
            if module.bias is not None:
                module.bias.data.zero_()
        elif isinstance(module, nn.Embedding):
            module.weight.data.normal_(mean=0.0, std=self.config.initializer_range)
            if module.padding_idx is not None:
                module.weight.data[module.padding_idx].zero_()
        elif isinstance(module, nn.LayerNorm):
            module.bias.data.zero_()
            module.weight.data.fill_(1.0)

    def tie_weights(self):
        if self.config.tie_word_embeddings:
            self.lm_head.weight = self.embed_tokens.weight

    def num_parameters(self, only_trainable=False, exclude_embeddings=False):
        seen = set()
        total = 0
        for name, p in self.named_parameters():
            if id(p) in seen or (only_trainable and not p.requires_grad):
                continue
            if exclude_embeddings and "embed" in name:
                continue
            seen.add(id(p))
            total += p.numel()
        return total

    def gradient_checkpointing_enable(self, gradient_checkpointing_kwargs=None):
        kwargs = gradient_checkpointing_kwargs or {"use_reentrant": True}
        self._gc_func = lambda fn, *args: torch.utils.checkpoint.checkpoint(fn, *args, **kwargs)
        self.gradient_checkpointing = True

    def gradient_checkpointing_disable(self):
        self.gradient_checkpointing = False

    @property
    def device(self):
        return next(self.parameters()).device

    @property
    def dtype(self):
        return next(self.parameters()).dtype

    def save_pretrained(self, directory):
        os.makedirs(directory, exist_ok=True)
        state = {k: v.contiguous() for k, v in self.state_dict().items()
                 if k not in self._tied_weights_keys or not self.config.tie_word_embeddings}
        save_file(state, os.path.join(directory, "model.safetensors"),
                  metadata={"format": "pt"})
        with open(os.path.join(directory, "config.json"), "w") as f:
            f.write(self.config.to_json_string())

    @classmethod
    def from_pretrained(cls, directory, torch_dtype=None):
        with open(os.path.join(directory, "config.json")) as f:
            config = cls.config_class(**json.load(f))
        model = cls(config)
        state = load_file(os.path.join(directory, "model.safetensors"))
        result = model.load_state_dict(state, strict=False)
        model.tie_weights()
        if torch_dtype is not None:
            model.to(torch_dtype)
        return model.eval(), result


class Attention(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.h, self.d = config.num_heads, config.hidden_size // config.num_heads
        self.qkv = nn.Linear(config.hidden_size, 3 * config.hidden_size)
        self.out = nn.Linear(config.hidden_size, config.hidden_size)

    def forward(self, x, mask, past: Optional[Tuple[torch.Tensor, torch.Tensor]] = None):
        b, t, _ = x.shape
        q, k, v = self.qkv(x).view(b, t, 3, self.h, self.d).permute(2, 0, 3, 1, 4)
        if past is not None:
            k = torch.cat([past[0], k], dim=-2)
            v = torch.cat([past[1], v], dim=-2)
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.d) + mask
        probs = scores.softmax(-1)
        y = (probs @ v).transpose(1, 2).reshape(b, t, -1)
        return self.out(y), (k, v)


class Block(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.ln1 = nn.LayerNorm(config.hidden_size)
        self.attn = Attention(config)
        self.ln2 = nn.LayerNorm(config.hidden_size)
        self.mlp = nn.Sequential(nn.Linear(config.hidden_size, 4 * config.hidden_size),
                                 nn.GELU(approximate="tanh"),
                                 nn.Linear(4 * config.hidden_size, config.hidden_size))

    def forward(self, x, mask, past=None):
        a, present = self.attn(self.ln1(x), mask, past)
        x = x + a
        return x + self.mlp(self.ln2(x)), present


class TinyLM(PreTrainedModel):
    def __init__(self, config):
        super().__init__(config)
        self.embed_tokens = nn.Embedding(config.vocab_size, config.hidden_size,
                                         padding_idx=config.pad_token_id)
        self.embed_positions = nn.Embedding(config.max_position, config.hidden_size)
        self.layers = nn.ModuleList(Block(config) for _ in range(config.num_layers))
        self.norm = nn.LayerNorm(config.hidden_size)
        self.lm_head = nn.Linear(config.hidden_size, config.vocab_size, bias=False)
        self.post_init()

    def extended_mask(self, attention_mask, q_len, past_len):
        dtype = self.dtype
        k_len = past_len + q_len
        causal = torch.ones(q_len, k_len, dtype=torch.bool).tril(diagonal=past_len)
        allowed = causal[None, None] & attention_mask[:, None, None, :k_len].bool()
        return torch.zeros(allowed.shape, dtype=dtype).masked_fill(~allowed,
                                                                    torch.finfo(dtype).min)

    def forward(self, input_ids, attention_mask=None, past_key_values=None, labels=None,
                use_cache=False):
        b, t = input_ids.shape
        past_len = 0 if past_key_values is None else past_key_values[0][0].shape[-2]
        if attention_mask is None:
            attention_mask = torch.ones(b, past_len + t, dtype=torch.long)
        positions = (attention_mask.cumsum(-1) - 1).clamp(min=0)[:, past_len:]
        x = self.embed_tokens(input_ids) + self.embed_positions(positions)
        mask = self.extended_mask(attention_mask, t, past_len)
        presents = ()
        for i, layer in enumerate(self.layers):
            past = None if past_key_values is None else past_key_values[i]
            if self.gradient_checkpointing and self.training:
                x, present = self._gc_func(layer, x, mask)
            else:
                x, present = layer(x, mask, past)
            presents = presents + (present,)
        logits = self.lm_head(self.norm(x))
        loss = None
        if labels is not None:
            loss = F.cross_entropy(logits[:, :-1].reshape(-1, logits.shape[-1]),
                                   labels[:, 1:].reshape(-1), ignore_index=-100)
        return {"loss": loss, "logits": logits,
                "past_key_values": presents if use_cache else None}

    @torch.no_grad()
    def generate(self, input_ids, attention_mask, max_new_tokens=5):
        out = self(input_ids, attention_mask=attention_mask, use_cache=True)
        past = out["past_key_values"]
        tokens = input_ids
        for _ in range(max_new_tokens):
            next_token = out["logits"][:, -1].argmax(-1, keepdim=True)
            tokens = torch.cat([tokens, next_token], dim=-1)
            attention_mask = torch.cat([attention_mask, attention_mask.new_ones(len(tokens), 1)],
                                       dim=-1)
            out = self(next_token, attention_mask=attention_mask, past_key_values=past,
                       use_cache=True)
            past = out["past_key_values"]
        return tokens, past

    @torch.inference_mode()
    def score(self, input_ids, attention_mask):
        logits = self(input_ids, attention_mask=attention_mask)["logits"]
        logp = logits[:, :-1].log_softmax(-1).gather(-1, input_ids[:, 1:, None])[..., 0]
        return (logp * attention_mask[:, 1:]).sum(-1)


torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
config = TinyConfig()
model = TinyLM(config)
print("tied", model.lm_head.weight is model.embed_tokens.weight,
      model.lm_head.weight.data_ptr() == model.embed_tokens.weight.data_ptr())
sd = model.state_dict()
print("state_dict keys", len(sd), [k for k in sd if "embed" in k or "lm_head" in k])
names = [n for n, _ in model.named_parameters()]
all_names = [n for n, _ in model.named_parameters(remove_duplicate=False)]
print("named_parameters", len(names), "with duplicates", len(all_names),
      set(all_names) - set(names))
print("num_parameters", model.num_parameters(), model.num_parameters(exclude_embeddings=True),
      sum(p.numel() for p in model.parameters()))
print("padding row", model.embed_tokens.weight[0].abs().sum().item(),
      "std", round(model.layers[0].attn.qkv.weight.std().item(), 6))
print("dtype", model.dtype, "device", model.device)

# left-padded batch; masks printed as HF builds them
ids = torch.tensor([[0, 0, 5, 7, 9], [3, 4, 8, 2, 6]])
attn = (ids != config.pad_token_id).long()
attn[1, 0] = 1
ext = model.extended_mask(attn, 5, 0)
print("mask min is finfo.min", bool((ext.min() == torch.finfo(torch.float64).min).item()),
      ext.shape, (ext == 0).sum().item())
print((ext[0, 0] == 0).int())
scores = torch.randn(2, 5)
print(scores.masked_fill(~attn.bool(), float("-inf")).softmax(-1))

# training steps with labels (pad -> -100), then with gradient checkpointing on
labels = ids.masked_fill(attn == 0, -100)
opt = torch.optim.AdamW(model.parameters(), lr=1e-2, weight_decay=0.0)
for step in range(3):
    out = model(ids, attention_mask=attn, labels=labels)
    opt.zero_grad()
    out["loss"].backward()
    opt.step()
    print(f"step {step} loss {out['loss'].item():.10f}")
grads = {}
for enable in (False, True):
    if enable:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    model.zero_grad()
    model(ids, attention_mask=attn, labels=labels)["loss"].backward()
    grads[enable] = model.embed_tokens.weight.grad.clone()
    print("checkpointing", model.gradient_checkpointing, "grad norm",
          f"{grads[enable].norm().item():.10f}")
print("same grads", torch.allclose(grads[False], grads[True], rtol=1e-10, atol=1e-12))
model.gradient_checkpointing_disable()

# generate with a cache, and compare with recomputing the whole sequence
model.eval()
tokens, past = model.generate(ids, attn, max_new_tokens=4)
print("generated", tokens.tolist())
print("cache", len(past), type(past).__name__, type(past[0]).__name__, past[0][0].shape,
      past[0][0].requires_grad)
full_mask = torch.cat([attn, torch.ones(2, 4, dtype=torch.long)], -1)
again = model(tokens, attention_mask=full_mask)["logits"][:, 4:-1].argmax(-1)
print("no-cache agrees", torch.equal(again, tokens[:, 5:]))
s = model.score(tokens, full_mask)
print("score", s, s.requires_grad, s.is_inference())
try:
    s.add_(1)
    print("inplace on inference tensor: allowed", s)
except RuntimeError as error:
    print("RuntimeError", str(error))

# save_pretrained / from_pretrained through safetensors
tmp = tempfile.mkdtemp()
model.save_pretrained(tmp)
print(sorted(os.listdir(tmp)))
loaded, result = TinyLM.from_pretrained(tmp)
print("missing", result.missing_keys, "unexpected", result.unexpected_keys)
print("tied after load", loaded.lm_head.weight is loaded.embed_tokens.weight)
print("same logits", torch.equal(loaded(tokens)["logits"], model(tokens)["logits"]))
raw = load_file(os.path.join(tmp, "model.safetensors"))
print("file keys", len(raw), "lm_head in file", "lm_head.weight" in raw,
      raw["embed_tokens.weight"].dtype)
half, _ = TinyLM.from_pretrained(tmp, torch_dtype=torch.float32)
print("float32 copy", half.dtype, half.lm_head.weight is half.embed_tokens.weight)
gap = (half(tokens)["logits"].double() - model(tokens)["logits"]).abs().max().item()
print("float32 logits close", gap < 1e-5)
