import torch

# Padded batches reduced with masks, the way the torch.masked docs and the "masked ops"
# idioms teach it: torch.masked.sum/mean/amax/amin/prod/var/std/norm/softmax/log_softmax/
# logsumexp/normalize with keepdim and dtype, against the hand-written masked_fill/where
# versions users write, their gradients in float64 (gradcheck), and the masked_fill /
# masked_scatter / masked_select / index_put idioms of a padded sequence batch.
import torch.masked as masked
from torch.autograd import gradcheck

torch.manual_seed(0)
lengths = torch.tensor([4, 2, 3, 1])
mask = torch.arange(5)[None, :] < lengths[:, None]
values = torch.randn(4, 5, dtype=torch.float64)
print(mask)

for name in ("sum", "mean", "amax", "amin", "prod", "argmax", "argmin"):
    print(name, getattr(masked, name)(values, 1, mask=mask))
print("sum keepdim", masked.sum(values, 1, keepdim=True, mask=mask).shape,
      masked.sum(values, mask=mask), masked.sum(values, (0, 1), mask=mask))
print("var", masked.var(values, 1, unbiased=True, mask=mask))
print("std", masked.std(values, 1, unbiased=False, mask=mask))
print("norm", masked.norm(values, 2.0, 1, mask=mask), masked.norm(values, 1, 0, mask=mask))
print("softmax", masked.softmax(values, 1, mask=mask))
print("log_softmax", masked.log_softmax(values, 1, mask=mask))
print("logsumexp", masked.logsumexp(values, 1, mask=mask))
print("normalize", masked.normalize(values, 2.0, 1, mask=mask))
print("cumsum", masked.cumsum(values, 1, mask=mask))
print("mean dtype", masked.mean(values.float(), 1, mask=mask, dtype=torch.float64).dtype,
      masked.sum(mask.long(), 1, mask=mask))
print("no mask", torch.allclose(masked.sum(values, 1), values.sum(1)))
row_mask = torch.tensor([[True], [False], [True], [True]])
print("broadcast mask", masked.sum(values, 1, mask=row_mask))

by_hand_mean = values.masked_fill(~mask, 0).sum(1) / mask.sum(1)
print(torch.allclose(by_hand_mean, masked.mean(values, 1, mask=mask)))
by_hand_max = values.masked_fill(~mask, float("-inf")).amax(1)
print(torch.equal(by_hand_max, masked.amax(values, 1, mask=mask)))
scores = values.masked_fill(~mask, float("-inf")).softmax(1)
print(torch.allclose(scores, masked.softmax(values, 1, mask=mask).nan_to_num()))

leaf = values.clone().requires_grad_()
print(gradcheck(lambda v: masked.mean(v, 1, mask=mask), (leaf,)),
      gradcheck(lambda v: masked.softmax(v, 1, mask=mask).nan_to_num(), (leaf,)),
      gradcheck(lambda v: masked.logsumexp(v, 1, mask=mask), (leaf,)),
      gradcheck(lambda v: masked.var(v, 1, unbiased=False, mask=mask), (leaf,)),
      gradcheck(lambda v: masked.norm(v, 2.0, 1, mask=mask), (leaf,)))
masked.mean(leaf, 1, mask=mask).sum().backward()
print(leaf.grad)
leaf.grad = None
masked.amax(leaf, 1, mask=mask).sum().backward()
print(leaf.grad)

# --- the idioms of a padded token batch ---------------------------------------------------
tokens = torch.tensor([[5, 3, 8, 1, 0], [7, 2, 0, 0, 0], [4, 4, 9, 0, 0], [6, 0, 0, 0, 0]])
embed = torch.nn.Embedding(10, 3, padding_idx=0)
hidden = embed(tokens)
pooled = (hidden * mask[..., None]).sum(1) / lengths[:, None]
print(pooled.shape, torch.allclose(pooled, masked.mean(hidden, 1, mask=mask[..., None]
                                                       .expand_as(hidden))))
pooled.sum().backward()
print(embed.weight.grad[0], embed.weight.grad[4])
print(tokens.masked_select(mask), tokens[mask].shape, mask.nonzero()[:5].tolist())
filled = tokens.masked_fill(~mask, -1)
print(filled)
scattered = torch.zeros(4, 5, dtype=torch.long).masked_scatter(mask, torch.arange(1, 11))
print(scattered)
last = torch.zeros(4, 5).index_put((torch.arange(4), lengths - 1), torch.ones(4))
print(last, hidden[torch.arange(4), lengths - 1].shape)
print(torch.where(mask, tokens, torch.tensor(-7)), torch.where(mask)[1])
attention = torch.randn(4, 5, 5)
pair = mask[:, None, :] & mask[:, :, None]
print(pair.sum((1, 2)), attention.masked_fill(~pair, float("-inf")).softmax(-1)[1, 0])
try:
    tokens.masked_fill(mask.long(), 0)
except RuntimeError as error:
    print("masked_fill:", error)
try:
    tokens.masked_fill(mask, torch.tensor([1, 2]))
except RuntimeError as error:
    print("masked_fill value:", error)
try:
    torch.zeros(4, 5).masked_scatter(mask, torch.ones(3))
except RuntimeError as error:
    print("masked_scatter:", error)
try:
    masked.sum(values, 1, mask=mask[:, :3])
except (RuntimeError, ValueError) as error:
    print("masked.sum:", type(error).__name__, error)
