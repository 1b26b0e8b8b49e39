import torch

# fairseq-shaped sequence-to-sequence code: a Dictionary with pad/eos/unk, make_positions from
# a padding mask with cumsum, sinusoidal position tables with a zeroed padding row, batches
# grouped by length under a max_tokens budget and collated with left-padded sources and
# eos-first decoder inputs, a convolutional encoder-decoder with GLU and sqrt(0.5) residuals,
# a LayerDrop ModuleList, linearised convolutions that decode one step at a time from an
# incremental_state dict (reordered with index_select for beam search), the label-smoothed
# NLL with ignore_index, an NAG optimizer subclass, inverse-sqrt warmup, and base-2 logging.
import math
from collections import OrderedDict

import numpy as np
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


class Dictionary:
    def __init__(self, symbols):
        self.symbols = ["<s>", "<pad>", "</s>", "<unk>"] + list(symbols)
        self.indices = {s: i for i, s in enumerate(self.symbols)}
        self.bos_index, self.pad_index, self.eos_index, self.unk_index = 0, 1, 2, 3

    def __len__(self):
        return len(self.symbols)

    def pad(self):
        return self.pad_index

    def eos(self):
        return self.eos_index

    def encode_line(self, line):
        ids = [self.indices.get(w, self.unk_index) for w in line.split()] + [self.eos_index]
        return torch.IntTensor(ids)

    def string(self, tensor):
        return " ".join(self.symbols[i] for i in tensor.tolist()
                        if i not in (self.pad_index, self.eos_index))


def make_positions(tensor, padding_idx):
    mask = tensor.ne(padding_idx).int()
    return (torch.cumsum(mask, dim=1).type_as(mask) * mask).long() + padding_idx


def sinusoidal_table(num_embeddings, dim, padding_idx):
    half = dim // 2
    scale = math.log(10000) / (half - 1)
    freqs = torch.exp(torch.arange(half, dtype=torch.float) * -scale)
    table = torch.arange(num_embeddings, dtype=torch.float).unsqueeze(1) * freqs.unsqueeze(0)
    table = torch.cat([torch.sin(table), torch.cos(table)], dim=1).view(num_embeddings, -1)
    table[padding_idx, :] = 0
    return table


def collate_tokens(values, pad_idx, eos_idx, left_pad, move_eos_to_beginning=False):
    size = max(v.size(0) for v in values)
    res = values[0].new(len(values), size).fill_(pad_idx)
    for i, v in enumerate(values):
        dst = res[i][size - len(v):] if left_pad else res[i][:len(v)]
        if move_eos_to_beginning:
            dst[0] = eos_idx
            dst[1:] = v[:-1]
        else:
            dst.copy_(v)
    return res


def batch_by_size(lengths, max_tokens):
    order = np.lexsort((np.arange(len(lengths)), lengths))  # by length, ties by index
    batches, batch, longest = [], [], 0
    for idx in order.tolist():
        longest_new = max(longest, int(lengths[idx]))
        if batch and longest_new * (len(batch) + 1) > max_tokens:
            batches.append(batch)
            batch, longest_new = [], int(lengths[idx])
        batch.append(idx)
        longest = longest_new
    if batch:
        batches.append(batch)
    return batches


words = "a b c d e f g h".split()
src_dict = tgt_dict = Dictionary(words)
rng = np.random.RandomState(3)
pairs = []
for _ in range(12):
    n = int(rng.randint(2, 7))
    src = " ".join(rng.choice(words, n))
    pairs.append((src, " ".join(reversed(src.split()))))  # the task: reverse the sentence
src_tokens = [src_dict.encode_line(s).long() for s, _ in pairs]
tgt_tokens = [tgt_dict.encode_line(t).long() for _, t in pairs]
src_lengths = np.array([len(t) for t in src_tokens])
batches = batch_by_size(src_lengths, max_tokens=24)
print("batches", batches)


def collate(indices):
    src = [src_tokens[i] for i in indices]
    lengths = torch.LongTensor([s.numel() for s in src])
    lengths, sort_order = lengths.sort(descending=True)
    ids = torch.LongTensor(indices).index_select(0, sort_order)
    source = collate_tokens(src, 1, 2, left_pad=True).index_select(0, sort_order)
    tgt = [tgt_tokens[i] for i in indices]
    target = collate_tokens(tgt, 1, 2, left_pad=False).index_select(0, sort_order)
    prev = collate_tokens(tgt, 1, 2, left_pad=False,
                          move_eos_to_beginning=True).index_select(0, sort_order)
    ntokens = sum(len(t) for t in tgt)
    return {"id": ids, "ntokens": ntokens,
            "net_input": {"src_tokens": source, "src_lengths": lengths,
                          "prev_output_tokens": prev},
            "target": target}


sample = collate(batches[-1])
print("src_tokens\n", sample["net_input"]["src_tokens"])
print("prev_output_tokens\n", sample["net_input"]["prev_output_tokens"])
print("positions\n", make_positions(sample["net_input"]["src_tokens"], 1))


class LayerDropModuleList(nn.ModuleList):
    def __init__(self, p, modules=None):
        super().__init__(modules)
        self.p = p

    def __iter__(self):
        dropout_probs = torch.empty(len(self)).uniform_()
        for i, m in enumerate(super().__iter__()):
            if not self.training or (dropout_probs[i] > self.p):
                yield m


class IncrementalState:
    _next = 0

    def init_incremental_state(self):
        self._incremental_state_id = f"{type(self).__name__}.{IncrementalState._next}"
        IncrementalState._next += 1

    def get_incremental_state(self, incremental_state, key):
        full_key = f"{self._incremental_state_id}.{key}"
        if incremental_state is None or full_key not in incremental_state:
            return None
        return incremental_state[full_key]

    def set_incremental_state(self, incremental_state, key, value):
        if incremental_state is not None:
            incremental_state[f"{self._incremental_state_id}.{key}"] = value
        return incremental_state


class LinearizedConv1d(nn.Conv1d, IncrementalState):
    """Causal conv over time, (B, C, T); one step at a time with a buffer of past inputs."""

    def __init__(self, in_channels, out_channels, kernel_size):
        super().__init__(in_channels, out_channels, kernel_size, padding=kernel_size - 1)
        self.init_incremental_state()

    def forward(self, x, incremental_state=None):
        if incremental_state is None:
            return super().forward(x)[:, :, :x.size(2)]  # drop the future padding
        k = self.kernel_size[0]
        buffer = self.get_incremental_state(incremental_state, "input_buffer")
        if buffer is None:
            buffer = x.new_zeros(x.size(0), x.size(1), k)
        else:
            buffer = torch.cat([buffer[:, :, 1:], buffer.new_zeros(x.size(0), x.size(1), 1)], 2)
        buffer[:, :, -1] = x[:, :, -1]
        self.set_incremental_state(incremental_state, "input_buffer", buffer)
        weight = self.weight.view(self.out_channels, -1)
        return F.linear(buffer.reshape(x.size(0), -1), weight, self.bias).unsqueeze(2)

    def reorder_incremental_state(self, incremental_state, new_order):
        buffer = self.get_incremental_state(incremental_state, "input_buffer")
        if buffer is not None:
            self.set_incremental_state(incremental_state, "input_buffer",
                                       buffer.index_select(0, new_order))


class ConvEncoder(nn.Module):
    def __init__(self, dictionary, dim=16, layers=3, kernel=3, layerdrop=0.0):
        super().__init__()
        self.padding_idx = dictionary.pad()
        self.embed_tokens = nn.Embedding(len(dictionary), dim, padding_idx=self.padding_idx)
        self.register_buffer("pos_table", sinusoidal_table(32, dim, self.padding_idx),
                             persistent=False)
        self.convs = LayerDropModuleList(layerdrop, [
            nn.Conv1d(dim, 2 * dim, kernel, padding=kernel // 2) for _ in range(layers)])

    def forward(self, src_tokens, src_lengths):
        positions = make_positions(src_tokens, self.padding_idx)
        x = self.embed_tokens(src_tokens) + self.pos_table[positions]
        input_embedding = x
        padding_mask = src_tokens.eq(self.padding_idx)
        x = x.transpose(1, 2)  # B x C x T
        for conv in self.convs:
            residual = x
            x = x.masked_fill(padding_mask.unsqueeze(1), 0)
            x = F.glu(conv(x), dim=1)
            x = (x + residual) * math.sqrt(0.5)
        x = x.transpose(1, 2)
        y = (x + input_embedding) * math.sqrt(0.5)
        return {"encoder_out": (x, y), "encoder_padding_mask": padding_mask}

    def reorder_encoder_out(self, encoder_out, new_order):
        x, y = encoder_out["encoder_out"]
        return {"encoder_out": (x.index_select(0, new_order), y.index_select(0, new_order)),
                "encoder_padding_mask": encoder_out["encoder_padding_mask"].index_select(
                    0, new_order)}


class AttentionLayer(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.in_projection = nn.Linear(dim, dim)
        self.out_projection = nn.Linear(dim, dim)

    def forward(self, x, target_embedding, encoder_out, padding_mask):
        residual = x
        x = (self.in_projection(x) + target_embedding) * math.sqrt(0.5)
        keys, values = encoder_out
        scores = torch.bmm(x, keys.transpose(1, 2))
        scores = scores.float().masked_fill(padding_mask.unsqueeze(1), float("-inf")).type_as(x)
        attn = F.softmax(scores, dim=-1)
        s = values.size(1)
        x = torch.bmm(attn, values) * (s * math.sqrt(1.0 / s))
        return (self.out_projection(x) + residual) * math.sqrt(0.5), attn


class ConvDecoder(nn.Module):
    def __init__(self, dictionary, dim=16, layers=2, kernel=3):
        super().__init__()
        self.padding_idx = dictionary.pad()
        self.embed_tokens = nn.Embedding(len(dictionary), dim, padding_idx=self.padding_idx)
        self.register_buffer("pos_table", sinusoidal_table(32, dim, self.padding_idx),
                             persistent=False)
        self.convs = nn.ModuleList([LinearizedConv1d(dim, 2 * dim, kernel)
                                    for _ in range(layers)])
        self.attention = nn.ModuleList([AttentionLayer(dim) for _ in range(layers)])
        self.fc_out = nn.Linear(dim, len(dictionary))

    def forward(self, prev_output_tokens, encoder_out, incremental_state=None):
        positions = make_positions(prev_output_tokens, self.padding_idx)
        if incremental_state is not None:
            prev_output_tokens = prev_output_tokens[:, -1:]
            positions = positions[:, -1:]
        x = self.embed_tokens(prev_output_tokens) + self.pos_table[positions]
        target_embedding = x
        avg_attn = None
        for conv, attention in zip(self.convs, self.attention):
            residual = x
            x = F.glu(conv(x.transpose(1, 2), incremental_state), dim=1).transpose(1, 2)
            x, attn = attention(x, target_embedding, encoder_out["encoder_out"],
                                encoder_out["encoder_padding_mask"])
            avg_attn = attn if avg_attn is None else avg_attn + attn
            x = (x + residual) * math.sqrt(0.5)
        return self.fc_out(x), {"attn": avg_attn / len(self.convs)}

    def reorder_incremental_state(self, incremental_state, new_order):
        for m in self.modules():
            if m is not self and hasattr(m, "reorder_incremental_state"):
                m.reorder_incremental_state(incremental_state, new_order)


class ConvModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = ConvEncoder(src_dict, layerdrop=0.3)
        self.decoder = ConvDecoder(tgt_dict)

    def forward(self, src_tokens, src_lengths, prev_output_tokens):
        encoder_out = self.encoder(src_tokens, src_lengths)
        return self.decoder(prev_output_tokens, encoder_out)

    def get_normalized_probs(self, net_output, log_probs):
        logits = net_output[0].float()
        return F.log_softmax(logits, dim=-1) if log_probs else F.softmax(logits, dim=-1)


def label_smoothed_nll_loss(lprobs, target, epsilon, ignore_index):
    if target.dim() == lprobs.dim() - 1:
        target = target.unsqueeze(-1)
    nll_loss = -lprobs.gather(dim=-1, index=target)
    smooth_loss = -lprobs.sum(dim=-1, keepdim=True)
    pad_mask = target.eq(ignore_index)
    nll_loss.masked_fill_(pad_mask, 0.0)
    smooth_loss.masked_fill_(pad_mask, 0.0)
    nll_loss, smooth_loss = nll_loss.sum(), smooth_loss.sum()
    eps_i = epsilon / (lprobs.size(-1) - 1)
    loss = (1.0 - epsilon - eps_i) * nll_loss + eps_i * smooth_loss
    return loss, nll_loss


class NAG(torch.optim.Optimizer):
    def __init__(self, params, lr=0.25, momentum=0.99, weight_decay=0.0):
        super().__init__(params, dict(lr=lr, lr_old=lr, momentum=momentum,
                                      weight_decay=weight_decay))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            lr, lr_old = group["lr"], group.get("lr_old", group["lr"])
            lr_correct = lr / lr_old
            momentum, weight_decay = group["momentum"], group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if "momentum_buffer" not in state:
                    state["momentum_buffer"] = torch.zeros_like(p)
                buf = state["momentum_buffer"]
                if weight_decay != 0:
                    p.mul_(1 - lr * weight_decay)
                p.add_(buf, alpha=momentum * momentum * lr_correct)
                p.add_(p.grad, alpha=-(1 + momentum) * lr)
                buf.mul_(momentum * lr_correct).add_(p.grad, alpha=-lr)
            group["lr_old"] = lr


model = ConvModel()
print("parameters", sum(p.numel() for p in model.parameters()))
optimizer = NAG(model.parameters(), lr=0.05, momentum=0.9, weight_decay=1e-4)
warmup = 4
scheduler = torch.optim.lr_scheduler.LambdaLR(
    optimizer, lambda n: (n + 1) / warmup if n < warmup else math.sqrt(warmup / (n + 1)))

for epoch in range(1, 4):
    model.train()
    logs = OrderedDict(loss=0.0, nll_loss=0.0, ntokens=0)
    for b in torch.randperm(len(batches)).tolist():
        s = collate(batches[b])
        net_output = model(**s["net_input"])
        lprobs = model.get_normalized_probs(net_output, log_probs=True)
        loss, nll = label_smoothed_nll_loss(lprobs.view(-1, lprobs.size(-1)),
                                            s["target"].view(-1), 0.1, tgt_dict.pad())
        optimizer.zero_grad()
        (loss / s["ntokens"]).backward()
        gnorm = torch.nn.utils.clip_grad_norm_(model.parameters(), 0.5)
        optimizer.step()
        scheduler.step()
        logs["loss"] += loss.item()
        logs["nll_loss"] += nll.item()
        logs["ntokens"] += s["ntokens"]
    n = logs["ntokens"]
    print(f"| epoch {epoch:03d} | loss {logs['loss'] / n / math.log(2):.3f} "
          f"| nll_loss {logs['nll_loss'] / n / math.log(2):.3f} "
          f"| ppl {2 ** (logs['nll_loss'] / n / math.log(2)):.2f} | gnorm {gnorm.item():.3f} "
          f"| lr {scheduler.get_last_lr()[0]:.5f}")

model.eval()
print("layerdrop keeps all in eval:", len(list(model.encoder.convs)))
model.train()
torch.manual_seed(5)
print("layerdrop in train keeps:", [len(list(model.encoder.convs)) for _ in range(6)])
model.eval()

with torch.no_grad():
    s = collate(batches[-1])
    full_out, extra = model(**s["net_input"])
    enc = model.encoder(s["net_input"]["src_tokens"], s["net_input"]["src_lengths"])
    state, steps = {}, []
    prev = s["net_input"]["prev_output_tokens"]
    for t in range(prev.size(1)):
        out, _ = model.decoder(prev[:, :t + 1], enc, incremental_state=state)
        steps.append(out)
    step_out = torch.cat(steps, dim=1)
    print("incremental == full:", torch.allclose(step_out, full_out, atol=1e-12),
          "state keys:", sorted(state))
    print("attention rows sum to 1:", torch.allclose(extra["attn"].sum(-1),
                                                      torch.ones(extra["attn"].shape[:2])))
    print("attention on padding:", extra["attn"].masked_select(
        enc["encoder_padding_mask"].unsqueeze(1).expand_as(extra["attn"])).abs().max().item())


@torch.no_grad()
def beam_search(model, src_tokens, src_lengths, beam=2, max_len=8):
    bsz = src_tokens.size(0)
    new_order = torch.arange(bsz).view(-1, 1).repeat(1, beam).view(-1)
    enc = model.encoder.reorder_encoder_out(model.encoder(src_tokens, src_lengths), new_order)
    tokens = torch.full((bsz * beam, 1), tgt_dict.eos(), dtype=torch.long)
    scores = torch.zeros(bsz * beam)
    scores.view(bsz, beam)[:, 1:] = float("-inf")  # only one live hypothesis at the start
    finished = torch.zeros(bsz * beam, dtype=torch.bool)
    state = {}
    for step in range(max_len):
        out, _ = model.decoder(tokens, enc, incremental_state=state)
        lprobs = F.log_softmax(out[:, -1], dim=-1)
        lprobs[:, tgt_dict.pad()] = -math.inf
        lprobs[finished] = -math.inf
        lprobs[finished, tgt_dict.pad()] = 0.0
        cand = (scores.unsqueeze(1) + lprobs).view(bsz, -1)
        top_scores, top_idx = cand.topk(beam, dim=1)
        beams = torch.div(top_idx, lprobs.size(-1), rounding_mode="floor")
        words = top_idx.fmod(lprobs.size(-1))
        reorder = (beams + torch.arange(bsz).unsqueeze(1) * beam).view(-1)
        model.decoder.reorder_incremental_state(state, reorder)
        tokens = torch.cat([tokens.index_select(0, reorder), words.view(-1, 1)], dim=1)
        finished = finished.index_select(0, reorder) | words.view(-1).eq(tgt_dict.eos())
        scores = top_scores.view(-1)
        if finished.all():
            break
    return tokens.view(bsz, beam, -1), scores.view(bsz, beam)


s = collate(batches[0])
hyps, hyp_scores = beam_search(model, s["net_input"]["src_tokens"], s["net_input"]["src_lengths"])
for i in range(hyps.size(0)):
    src = src_dict.string(s["net_input"]["src_tokens"][i])
    print(f"S-{s['id'][i].item()}\t{src}")
    for j in range(hyps.size(1)):
        print(f"H-{s['id'][i].item()}\t{hyp_scores[i, j].item():.4f}\t"
              f"{tgt_dict.string(hyps[i, j, 1:])}")
