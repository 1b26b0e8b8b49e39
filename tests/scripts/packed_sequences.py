import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence
from collections import OrderedDict

torch.manual_seed(0)
seqs = [torch.randn(4, 3), torch.randn(2, 3), torch.randn(3, 3)]
padded = pad_sequence(seqs, batch_first=True)
print(padded.shape)
lengths = torch.tensor([4, 2, 3])
packed = pack_padded_sequence(padded, lengths, batch_first=True, enforce_sorted=False)
lstm = nn.LSTM(3, 5, batch_first=True)
out, (h, c) = lstm(packed)
unpacked, lens = pad_packed_sequence(out, batch_first=True)
print(unpacked.shape, lens, h[0, :, :2])
model = nn.Sequential(OrderedDict([("fc", nn.Linear(3, 2)), ("act", nn.Tanh())]))
print(model, model.fc)
q, k, v = torch.randn(3, 1, 2, 3, 4)
print(nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True))
emb = nn.Embedding.from_pretrained(torch.eye(3))
print(emb(torch.tensor([2, 0])), emb.weight.requires_grad)
bn = nn.BatchNorm1d(3)
bn(torch.randn(8, 3))
print(bn.running_mean, bn.state_dict().keys())
print(torch.nn.utils.parameters_to_vector(model.parameters()).shape)
x = torch.randn(2, 3, requires_grad=True)
y = x.sum(0)
print(torch.autograd.grad(y, x, torch.ones(3), retain_graph=True))
print(x.grad_fn, y.grad_fn.next_functions)
print(torch.autograd.grad(y.sum(), x, create_graph=True)[0].requires_grad)
w = torch.randn(3, requires_grad=True)
print(torch.where(w > 0, w, w * 0.1).sum().backward(), w.grad)
