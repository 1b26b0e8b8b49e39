import torch

# Hugging Face Trainer internals written fresh: set_seed, group_texts chunking, the MLM
# collator's 80/10/10 masking from torch.bernoulli with special tokens excluded (seeded
# generator), padding collators (pad_to_multiple_of, labels padded with -100, left padding),
# shift_tokens_right, LengthGroupedSampler's megabatches from randperm(generator),
# get_parameter_names skipping LayerNorm and biases for weight decay, the scheduler zoo built
# on LambdaLR with functools.partial (linear, cosine with hard restarts, polynomial,
# inverse-sqrt, warmup-stable-decay), the LabelSmoother (sum with dtype=), the causal-LM loss
# normalised by num_items_in_batch across gradient accumulation, nested_concat padding with
# -100, an eval loop into compute_metrics, and log_history records.
import functools
import math
import random
from collections import namedtuple

import numpy as np
import torch.nn as nn
import torch.nn.functional as F
from torch.optim.lr_scheduler import LambdaLR
from torch.utils.data import DataLoader, Dataset, RandomSampler, Sampler


def set_seed(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


set_seed(42)
torch.set_default_dtype(torch.float64)
PAD, CLS, SEP, MASK, VOCAB = 0, 1, 2, 3, 24
SPECIAL = {PAD, CLS, SEP, MASK}


def group_texts(examples, block_size):
    concatenated = {k: sum(examples[k], []) for k in examples}
    total_length = len(concatenated["input_ids"])
    total_length = (total_length // block_size) * block_size
    result = {k: [t[i:i + block_size] for i in range(0, total_length, block_size)]
              for k, t in concatenated.items()}
    result["labels"] = [list(x) for x in result["input_ids"]]
    return result


rng = random.Random(0)
raw = {"input_ids": [[CLS] + [rng.randrange(4, VOCAB) for _ in range(rng.randrange(3, 9))]
                     + [SEP] for _ in range(14)]}
raw["attention_mask"] = [[1] * len(x) for x in raw["input_ids"]]
blocks = group_texts(raw, block_size=8)
print("blocks", len(blocks["input_ids"]), blocks["input_ids"][0], blocks["labels"][1])


def torch_mask_tokens(inputs, special_tokens_mask, mlm_probability=0.15, generator=None):
    labels = inputs.clone()
    probability_matrix = torch.full(labels.shape, mlm_probability)
    probability_matrix.masked_fill_(special_tokens_mask, value=0.0)
    masked_indices = torch.bernoulli(probability_matrix, generator=generator).bool()
    labels[~masked_indices] = -100
    indices_replaced = torch.bernoulli(torch.full(labels.shape, 0.8),
                                       generator=generator).bool() & masked_indices
    inputs[indices_replaced] = MASK
    indices_random = (torch.bernoulli(torch.full(labels.shape, 0.5), generator=generator).bool()
                      & masked_indices & ~indices_replaced)
    random_words = torch.randint(VOCAB, labels.shape, dtype=torch.long, generator=generator)
    inputs[indices_random] = random_words[indices_random]
    return inputs, labels


def pad_batch(features, pad_to_multiple_of=None, padding_side="right", label_pad=-100):
    longest = max(len(f["input_ids"]) for f in features)
    if pad_to_multiple_of:
        longest = ((longest + pad_to_multiple_of - 1) // pad_to_multiple_of) * pad_to_multiple_of
    batch = {"input_ids": [], "attention_mask": []}
    has_labels = "labels" in features[0]
    if has_labels:
        batch["labels"] = []
    for f in features:
        n = longest - len(f["input_ids"])
        def put(seq, value):
            return [value] * n + seq if padding_side == "left" else seq + [value] * n
        batch["input_ids"].append(put(f["input_ids"], PAD))
        batch["attention_mask"].append(put(f["attention_mask"], 0))
        if has_labels:
            batch["labels"].append(put(f["labels"], label_pad))
    return {k: torch.tensor(v, dtype=torch.long) for k, v in batch.items()}


feats = [{"input_ids": x, "attention_mask": [1] * len(x)} for x in raw["input_ids"][:3]]
padded = pad_batch(feats, pad_to_multiple_of=4)
print("padded to multiple of 4", tuple(padded["input_ids"].shape))
print(pad_batch([{**f, "labels": f["input_ids"][1:]} for f in feats[:2]],
                padding_side="left")["labels"])
special = torch.tensor([[t in SPECIAL for t in row] for row in padded["input_ids"].tolist()])
g = torch.Generator().manual_seed(7)
masked, labels = torch_mask_tokens(padded["input_ids"].clone(), special, 0.4, generator=g)
print("masked\n", masked, "\nlabels\n", labels)
print("special tokens never masked:", bool((labels[special] == -100).all()))


def shift_tokens_right(input_ids, pad_token_id, decoder_start_token_id):
    shifted = input_ids.new_zeros(input_ids.shape)
    shifted[:, 1:] = input_ids[:, :-1].clone()
    shifted[:, 0] = decoder_start_token_id
    if pad_token_id is None:
        raise ValueError("self.model.config.pad_token_id has to be defined.")
    shifted.masked_fill_(shifted == -100, pad_token_id)
    return shifted


print("shift_tokens_right", shift_tokens_right(labels[:2], PAD, SEP))


def get_length_grouped_indices(lengths, batch_size, mega_batch_mult=None, generator=None):
    if mega_batch_mult is None:
        mega_batch_mult = min(len(lengths) // (batch_size * 4), 50)
        if mega_batch_mult == 0:
            mega_batch_mult = 1
    indices = torch.randperm(len(lengths), generator=generator)
    megabatch_size = mega_batch_mult * batch_size
    megabatches = [indices[i:i + megabatch_size].tolist()
                   for i in range(0, len(lengths), megabatch_size)]
    megabatches = [sorted(mb, key=lambda i: lengths[i], reverse=True) for mb in megabatches]
    megabatch_maximums = [lengths[mb[0]] for mb in megabatches]
    max_idx = torch.argmax(torch.tensor(megabatch_maximums)).item()
    megabatches[0][0], megabatches[max_idx][0] = megabatches[max_idx][0], megabatches[0][0]
    return [i for megabatch in megabatches for i in megabatch]


class LengthGroupedSampler(Sampler):
    def __init__(self, batch_size, lengths, generator=None):
        self.batch_size, self.lengths, self.generator = batch_size, lengths, generator

    def __len__(self):
        return len(self.lengths)

    def __iter__(self):
        return iter(get_length_grouped_indices(self.lengths, self.batch_size, 2,
                                               generator=self.generator))


lengths = [len(x) for x in raw["input_ids"]]
sampler = LengthGroupedSampler(2, lengths, generator=torch.Generator().manual_seed(1))
order = list(sampler)
print("length grouped", order, [lengths[i] for i in order[:4]])


class TinyMaskedLM(nn.Module):
    def __init__(self, dim=12):
        super().__init__()
        self.embeddings = nn.Embedding(VOCAB, dim, padding_idx=PAD)
        self.position = nn.Embedding(16, dim)
        self.LayerNorm = nn.LayerNorm(dim)
        self.attn = nn.MultiheadAttention(dim, 2, batch_first=True)
        self.ffn = nn.Sequential(nn.Linear(dim, 24), nn.GELU(), nn.Linear(24, dim))
        self.final_layer_norm = nn.LayerNorm(dim)
        self.lm_head = nn.Linear(dim, VOCAB)

    def forward(self, input_ids, attention_mask, labels=None, num_items_in_batch=None):
        pos = torch.arange(input_ids.shape[1]).unsqueeze(0)
        x = self.LayerNorm(self.embeddings(input_ids) + self.position(pos))
        a, _ = self.attn(x, x, x, key_padding_mask=attention_mask == 0, need_weights=False)
        x = self.final_layer_norm(x + a + self.ffn(x + a))
        logits = self.lm_head(x)
        loss = None
        if labels is not None:
            reduction = "sum" if num_items_in_batch is not None else "mean"
            loss = F.cross_entropy(logits.float().view(-1, VOCAB), labels.view(-1),
                                   ignore_index=-100, reduction=reduction)
            if reduction == "sum":
                loss = loss / num_items_in_batch
        return {"loss": loss, "logits": logits}


ALL_LAYERNORM_LAYERS = [nn.LayerNorm]


def get_parameter_names(model, forbidden_layer_types):
    result = []
    for name, child in model.named_children():
        result += [f"{name}.{n}" for n in get_parameter_names(child, forbidden_layer_types)
                   if not isinstance(child, tuple(forbidden_layer_types))]
    result += list(model._parameters.keys())
    return result


model = TinyMaskedLM()
decay_parameters = [n for n in get_parameter_names(model, ALL_LAYERNORM_LAYERS)
                    if "bias" not in n]
print("decay", decay_parameters)
groups = [{"params": [p for n, p in model.named_parameters() if n in decay_parameters],
           "weight_decay": 0.01},
          {"params": [p for n, p in model.named_parameters() if n not in decay_parameters],
           "weight_decay": 0.0}]
print("group sizes", [sum(p.numel() for p in g["params"]) for g in groups])


def _linear(step, *, warmup, total):
    if step < warmup:
        return float(step) / float(max(1, warmup))
    return max(0.0, float(total - step) / float(max(1, total - warmup)))


def _cosine_hard_restarts(step, *, warmup, total, num_cycles):
    if step < warmup:
        return float(step) / float(max(1, warmup))
    progress = float(step - warmup) / float(max(1, total - warmup))
    if progress >= 1.0:
        return 0.0
    return max(0.0, 0.5 * (1.0 + math.cos(math.pi * ((float(num_cycles) * progress) % 1.0))))


def _polynomial(step, *, warmup, total, lr_end, power, lr_init):
    if step < warmup:
        return float(step) / float(max(1, warmup))
    if step > total:
        return lr_end / lr_init
    decay_steps = total - warmup
    pct_remaining = 1 - (step - warmup) / decay_steps
    return ((lr_init - lr_end) * pct_remaining ** power + lr_end) / lr_init


def _inverse_sqrt(step, *, warmup, timescale):
    if step < warmup:
        return float(step) / float(max(1, warmup))
    shift = timescale - warmup
    return 1.0 / math.sqrt((step + shift) / timescale)


def _wsd(step, *, warmup, stable, decay, min_lr_ratio):
    if step < warmup:
        return float(step) / float(max(1, warmup))
    if step < warmup + stable:
        return 1.0
    progress = float(step - warmup - stable) / float(max(1, decay))
    value = max(0.0, 0.5 * (1.0 + math.cos(math.pi * progress)))
    return (1.0 - min_lr_ratio) * value + min_lr_ratio


schedules = {
    "linear": functools.partial(_linear, warmup=2, total=10),
    "cosine_with_restarts": functools.partial(_cosine_hard_restarts, warmup=2, total=10,
                                              num_cycles=2),
    "polynomial": functools.partial(_polynomial, warmup=2, total=10, lr_end=1e-4, power=2.0,
                                    lr_init=1e-2),
    "inverse_sqrt": functools.partial(_inverse_sqrt, warmup=2, timescale=2),
    "warmup_stable_decay": functools.partial(_wsd, warmup=2, stable=4, decay=4,
                                             min_lr_ratio=0.1)}
for name, fn in schedules.items():
    opt = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=1e-2)
    sched = LambdaLR(opt, fn)
    lrs = []
    for _ in range(11):
        lrs.append(sched.get_last_lr()[0])
        opt.step()
        sched.step()
    print(f"{name:21s}", " ".join(f"{v:.5f}" for v in lrs))


class LabelSmoother:
    def __init__(self, epsilon=0.1, ignore_index=-100):
        self.epsilon, self.ignore_index = epsilon, ignore_index

    def __call__(self, model_output, labels, shift_labels=False):
        logits = model_output["logits"]
        if shift_labels:
            logits = logits[..., :-1, :].contiguous()
            labels = labels[..., 1:].contiguous()
        log_probs = -nn.functional.log_softmax(logits, dim=-1)
        if labels.dim() == log_probs.dim() - 1:
            labels = labels.unsqueeze(-1)
        padding_mask = labels.eq(self.ignore_index)
        labels = torch.clamp(labels, min=0)
        nll_loss = log_probs.gather(dim=-1, index=labels)
        smoothed_loss = log_probs.sum(dim=-1, keepdim=True, dtype=torch.float32)
        nll_loss.masked_fill_(padding_mask, 0.0)
        smoothed_loss.masked_fill_(padding_mask, 0.0)
        num_active_elements = padding_mask.numel() - padding_mask.long().sum()
        nll_loss = nll_loss.sum() / num_active_elements
        smoothed_loss = smoothed_loss.sum() / (num_active_elements * log_probs.shape[-1])
        return (1 - self.epsilon) * nll_loss + self.epsilon * smoothed_loss


class BlockDataset(Dataset):
    def __init__(self, blocks):
        self.blocks = blocks

    def __len__(self):
        return len(self.blocks["input_ids"])

    def __getitem__(self, i):
        return {k: v[i] for k, v in self.blocks.items()}


mlm_generator = torch.Generator().manual_seed(11)


def mlm_collator(features):
    batch = pad_batch([{"input_ids": f["input_ids"], "attention_mask": f["attention_mask"]}
                       for f in features])
    special_mask = torch.isin(batch["input_ids"], torch.tensor(sorted(SPECIAL)))
    batch["input_ids"], batch["labels"] = torch_mask_tokens(batch["input_ids"], special_mask,
                                                            0.3, generator=mlm_generator)
    return batch


train_generator = torch.Generator()
train_generator.manual_seed(int(torch.empty((), dtype=torch.int64).random_().item()) % 1000)
dataset = BlockDataset(blocks)
loader = DataLoader(dataset, batch_size=2, collate_fn=mlm_collator,
                    sampler=RandomSampler(dataset, generator=train_generator))
optimizer = torch.optim.AdamW(groups, lr=5e-3, betas=(0.9, 0.999), eps=1e-8)
total_steps = 2 * math.ceil(len(loader) / 2)
scheduler = LambdaLR(optimizer, functools.partial(_linear, warmup=1, total=total_steps))
smoother = LabelSmoother(0.1)
accumulation = 2
log_history, global_step = [], 0
for epoch in range(2):
    model.train()
    batches = list(loader)
    for start in range(0, len(batches), accumulation):
        chunk = batches[start:start + accumulation]
        num_items_in_batch = sum((b["labels"].ne(-100)).sum() for b in chunk)
        tr_loss = torch.tensor(0.0)
        for batch in chunk:
            out = model(**batch, num_items_in_batch=num_items_in_batch)
            out["loss"].backward()
            tr_loss += out["loss"].detach()
        grad_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
        global_step += 1
        smoothed = smoother(model(**{k: v for k, v in chunk[0].items() if k != "labels"}),
                            chunk[0]["labels"])
        log_history.append({"loss": round(tr_loss.item(), 4),
                            "grad_norm": round(grad_norm.item(), 4),
                            "learning_rate": scheduler.get_last_lr()[0],
                            "smoothed": round(smoothed.item(), 4),
                            "epoch": round(epoch + (start + len(chunk)) / len(batches), 2),
                            "step": global_step})
for record in log_history:
    print(record)


def torch_pad_and_concatenate(tensor1, tensor2, padding_index=-100):
    if len(tensor1.shape) == 1 or tensor1.shape[1] == tensor2.shape[1]:
        return torch.cat((tensor1, tensor2), dim=0)
    new_shape = (tensor1.shape[0] + tensor2.shape[0],
                 max(tensor1.shape[1], tensor2.shape[1])) + tensor1.shape[2:]
    result = tensor1.new_full(new_shape, padding_index)
    result[:tensor1.shape[0], :tensor1.shape[1]] = tensor1
    result[tensor1.shape[0]:, :tensor2.shape[1]] = tensor2
    return result


def nested_concat(tensors, new_tensors, padding_index=-100):
    if isinstance(tensors, (list, tuple)):
        return type(tensors)(nested_concat(t, n, padding_index)
                             for t, n in zip(tensors, new_tensors))
    return torch_pad_and_concatenate(tensors, new_tensors, padding_index)


EvalPrediction = namedtuple("EvalPrediction", ["predictions", "label_ids"])


def compute_metrics(p):
    preds, labels = p
    mask = labels != -100
    accuracy = (preds[mask] == labels[mask]).mean() if mask.any() else float("nan")
    return {"accuracy": round(float(accuracy), 4), "n": int(mask.sum())}


eval_features = [{"input_ids": x, "attention_mask": [1] * len(x)} for x in raw["input_ids"][:6]]
model.eval()
preds_host = labels_host = None
eval_losses = []
eval_gen = torch.Generator().manual_seed(5)
for start in range(0, 6, 2):
    batch = pad_batch(eval_features[start:start + 2])
    special_mask = torch.isin(batch["input_ids"], torch.tensor(sorted(SPECIAL)))
    batch["input_ids"], batch["labels"] = torch_mask_tokens(batch["input_ids"], special_mask,
                                                            0.5, generator=eval_gen)
    with torch.no_grad():
        out = model(**batch)
    eval_losses.append(out["loss"].repeat(2))
    preds = out["logits"].argmax(-1)
    preds_host = preds if preds_host is None else nested_concat(preds_host, preds, -100)
    labels_host = (batch["labels"] if labels_host is None
                   else nested_concat(labels_host, batch["labels"], -100))
print("preds_host", tuple(preds_host.shape), "labels_host padded with -100:",
      int((labels_host == -100).sum()))
metrics = compute_metrics(EvalPrediction(preds_host.numpy(), labels_host.numpy()))
metrics["eval_loss"] = round(torch.cat(eval_losses).mean().item(), 4)
print(metrics)
