import torch
# A matrix-factorisation recommender as PyTorch users write one: sparse embedding tables
# trained with SparseAdam (their rows' biases with SGD and momentum), a model that keeps its
# item vocabulary as extra state in its checkpoint and takes a TorchScript-friendly branch when
# scripted, saved and reloaded, then scripted and traced for serving.
import os
import tempfile
import warnings

import torch.nn.functional as F
from torch import nn

warnings.simplefilter("ignore", DeprecationWarning)  # torch 2.13 deprecates torch.jit

USERS, ITEMS, DIM = 12, 20, 4


class Recommender(nn.Module):
    def __init__(self):
        super().__init__()
        self.user = nn.Embedding(USERS, DIM, sparse=True)
        self.item = nn.Embedding(ITEMS, DIM, sparse=True, padding_idx=0)
        self.item_bias = nn.EmbeddingBag(ITEMS, 1, mode="sum", sparse=True)
        self.names = {}

    def get_extra_state(self):
        return {"names": dict(self.names)}

    def set_extra_state(self, state):
        self.names = dict(state["names"])

    def forward(self, users, items):
        score = (self.user(users) * self.item(items)).sum(-1)
        score = score + self.item_bias(items.unsqueeze(1)).squeeze(1)
        if torch.jit.is_scripting():
            return score
        return torch.sigmoid(score)


torch.manual_seed(0)
model = Recommender()
model.names = {f"item{i}": i for i in range(1, 4)}
tables = [model.user.weight, model.item.weight]
sparse_adam = torch.optim.SparseAdam(tables, lr=0.05)
sgd = torch.optim.SGD(model.item_bias.parameters(), lr=0.1, momentum=0.9)

taste = torch.randn(USERS, 2)
kind = torch.randn(ITEMS, 2)
for step in range(1, 31):
    users = torch.randint(0, USERS, (16,))
    items = torch.randint(0, ITEMS, (16,))
    labels = ((taste[users] * kind[items]).sum(-1) > 0).float()
    sparse_adam.zero_grad()
    sgd.zero_grad()
    loss = F.binary_cross_entropy(model(users, items), labels)
    loss.backward()
    if step == 1:
        grad = model.user.weight.grad
        print("user grad:", grad.is_sparse, grad.layout, tuple(grad.shape), grad._nnz())
        print("item grad rows:", sorted(set(model.item.weight.grad._indices()[0].tolist())))
        print("bias grad:", model.item_bias.weight.grad.is_sparse)
    sparse_adam.step()
    sgd.step()
    if step % 5 == 0:
        print(f"step {step:2d} loss {loss.item():.4f}")

print("padding row stays zero:", model.item.weight[0].abs().sum().item() == 0)
print("scripting outside a script:", torch.jit.is_scripting())

with tempfile.TemporaryDirectory() as directory:
    path = os.path.join(directory, "recommender.pt")
    torch.save(model.state_dict(), path)
    state = torch.load(path)
    print(list(state))
    print(state["_extra_state"])
    restored = Recommender()
    print(restored.load_state_dict(state))
    print("names restored:", restored.names == model.names)
    users, items = torch.arange(5), torch.tensor([1, 3, 5, 7, 9])
    print("same scores:", torch.equal(restored(users, items), model(users, items)))

scripted = torch.jit.script(model.eval())
print(type(scripted).__name__, scripted.original_name)
print(scripted)
print("logits from the scripted branch:",
      torch.allclose(torch.sigmoid(scripted(users, items)), model(users, items)))
print("shares the tables:", scripted.user.weight is model.user.weight)
traced = torch.jit.trace(model, (users, items))
print("traced agrees:", torch.allclose(traced(users, items), model(users, items)))
print(torch.round(model(users, items), decimals=3))
