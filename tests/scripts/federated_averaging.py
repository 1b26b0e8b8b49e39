import torch  # noqa: I001 (the harness requires torch first)

# Federated averaging (McMahan et al., 2017) simulated in one process: a global model is
# deep-copied to each client, every client trains on its own non-IID shard, and the server
# averages the clients' state_dicts weighted by their sample counts (state_dict arithmetic,
# buffers included), with server momentum on the averaged update. The server model is wrapped
# in nn.DataParallel as multi-GPU code does; on a CPU-only machine it just forwards, and its
# checkpoint keys carry the "module." prefix that loading code strips.
import copy
import io
from collections import OrderedDict

import torch.nn.functional as F
from torch import nn

torch.manual_seed(5)
features, classes, clients = 10, 3, 4
centers = torch.randn(classes, features) * 2


def make_shard(size, class_weights):
    y = torch.multinomial(class_weights, size, replacement=True)
    return centers[y] + torch.randn(size, features), y


# Non-IID: each client sees mostly one or two classes.
shards = [make_shard(40 + 20 * k, torch.tensor(w)) for k, w in
          enumerate([[0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8], [0.45, 0.45, 0.1]])]
test_x, test_y = make_shard(90, torch.ones(classes))
print("shard sizes", [len(y) for _, y in shards],
      "label counts", [torch.bincount(y, minlength=classes).tolist() for _, y in shards])


def make_model():
    return nn.Sequential(nn.Linear(features, 16), nn.BatchNorm1d(16), nn.ReLU(),
                         nn.Linear(16, classes))


def local_train(model, data, epochs=2, lr=0.05):
    x, y = data
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    model.train()
    for _ in range(epochs):
        for start in range(0, len(y), 20):
            loss = F.cross_entropy(model(x[start:start + 20]), y[start:start + 20])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    return loss.item()


def evaluate(model):
    model.eval()
    with torch.no_grad():
        logits = model(test_x)
    return F.cross_entropy(logits, test_y).item(), (logits.argmax(1) == test_y).float().mean()


server = nn.DataParallel(make_model())
print(server.device_ids, type(server.module).__name__)
sizes = torch.tensor([len(y) for _, y in shards], dtype=torch.float)
mix = sizes / sizes.sum()
velocity = None
for round_index in range(5):
    global_state = copy.deepcopy(server.module.state_dict())
    client_states, client_losses = [], []
    for shard in shards:
        client = copy.deepcopy(server.module)
        client_losses.append(round(local_train(client, shard), 4))
        client_states.append(client.state_dict())
    averaged = OrderedDict()
    for key, value in global_state.items():
        if value.dtype == torch.long:
            # num_batches_tracked: an integer count, averaged by the largest client.
            averaged[key] = max(state[key] for state in client_states)
        else:
            averaged[key] = sum(weight * state[key] for weight, state in zip(mix, client_states))
    # Server momentum on the pseudo-gradient (global - average).
    update = {k: global_state[k] - averaged[k] for k in averaged if averaged[k].is_floating_point()}
    velocity = update if velocity is None else {k: 0.5 * velocity[k] + update[k] for k in update}
    new_state = {k: (global_state[k] - velocity[k]) if k in velocity else averaged[k]
                 for k in averaged}
    server.module.load_state_dict(new_state)
    loss, acc = evaluate(server)
    drift = max((client_states[0][k] - averaged[k]).abs().max().item() for k in update)
    print(f"round {round_index} clients {client_losses} test loss {loss:.4f} "
          f"accuracy {acc:.4f} client drift {drift:.4f}")

print("running mean", server.module[1].running_mean[:4])
print("batches tracked", server.module[1].num_batches_tracked)
buffer = io.BytesIO()
torch.save(server.state_dict(), buffer)
buffer.seek(0)
checkpoint = torch.load(buffer)
print(list(checkpoint)[:3])
plain = make_model()
plain.load_state_dict({k.removeprefix("module."): v for k, v in checkpoint.items()})
print("reloaded test loss", round(evaluate(plain)[0], 4))
