import torch
import torch.nn as nn
import numpy as np
import os
import pickle
import tempfile


class CharModel(nn.Module):
    def __init__(self, vocab=11, hidden=8):
        super().__init__()
        self.embed = nn.Embedding(vocab, hidden)
        self.rnn = nn.LSTM(hidden, hidden, batch_first=True)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, tokens):
        out, _ = self.rnn(self.embed(tokens))
        return self.head(out)


torch.manual_seed(0)
model = CharModel()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
tokens = torch.randint(0, 11, (2, 5))
for _ in range(2):
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(tokens).reshape(-1, 11), tokens.reshape(-1))
    loss.backward()
    optimizer.step()
print(f"loss {loss.item():.5f}")

with tempfile.TemporaryDirectory() as directory:
    whole = os.path.join(directory, "whole.pt")
    torch.save(model, whole)
    try:
        torch.load(whole)
    except pickle.UnpicklingError as error:
        print(type(error).__name__, "weights_only" in str(error), "safe_globals" in str(error))
    restored = torch.load(whole, weights_only=False)
    print(type(restored).__name__, type(restored.rnn).__name__)
    print(torch.equal(restored(tokens), model(tokens)))

    checkpoint = os.path.join(directory, "resume.pt")
    base = torch.arange(6.0).reshape(2, 3)
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "views": [base, base[1:], base.t()], "step": 2, "note": "resume"}, checkpoint)
    state = torch.load(checkpoint)
    print(sorted(state), state["step"], state["note"])
    views = state["views"]
    views[1][0, 0] = 100.0
    print(views[0], views[2])
    fresh = CharModel()
    print(fresh.load_state_dict(state["model"]))
    fresh_optimizer = torch.optim.SGD(fresh.parameters(), lr=0.1, momentum=0.9)
    fresh_optimizer.load_state_dict(state["optimizer"])
    for net, opt in ((model, optimizer), (fresh, fresh_optimizer)):
        opt.zero_grad()
        step_loss = nn.functional.cross_entropy(net(tokens).reshape(-1, 11), tokens.reshape(-1))
        step_loss.backward()
        opt.step()
        print(f"resumed loss {step_loss.item():.5f}")
    print(all(torch.equal(a, b) for a, b in zip(model.parameters(), fresh.parameters())))

    arrays = os.path.join(directory, "arrays.pt")
    torch.save({"mean": np.array([0.5, 0.25]), "weight": torch.ones(2)}, arrays)
    try:
        torch.load(arrays)
    except pickle.UnpicklingError as error:
        print(type(error).__name__, "_reconstruct" in str(error))
    print(torch.load(arrays, weights_only=False)["mean"])
