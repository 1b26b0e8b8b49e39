import torch
import torch.multiprocessing as mp
import torch.nn as nn
import torch.nn.functional as F

# Hogwild training (the shape of PyTorch's mnist_hogwild example): the model's weights live in
# shared memory and worker processes train them with their own optimizers. The workers run one
# after the other here so that the printed numbers do not depend on scheduling. The parent only
# computes after the last worker: torch's thread pool does not survive a fork once used.


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(10, 16)
        self.fc2 = nn.Linear(16, 2)

    def forward(self, x):
        return F.log_softmax(self.fc2(F.relu(self.fc1(x))), dim=1)


def train(rank, model, data, target, epochs, results):
    results.put((rank, "start") + evaluate(model, data, target))
    torch.manual_seed(100 + rank)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.5)
    for _ in range(epochs):
        for batch in torch.randperm(len(data)).split(16):
            optimizer.zero_grad()
            loss = F.nll_loss(model(data[batch]), target[batch])
            loss.backward()
            optimizer.step()
    results.put((rank, "end") + evaluate(model, data, target))


def evaluate(model, data, target):
    with torch.no_grad():
        output = model(data)
        loss = F.nll_loss(output, target).item()
        correct = (output.argmax(dim=1) == target).sum().item()
    return loss, correct


if __name__ == "__main__":
    torch.manual_seed(1)
    data = torch.randn(128, 10)
    target = (data[:, :3].sum(dim=1) > 0).long()
    model = Net()
    model.share_memory()
    print("shared:", all(p.is_shared() for p in model.parameters()))
    context = mp.get_context("fork")
    results = context.SimpleQueue()
    for rank in range(2):
        worker = context.Process(target=train, args=(rank, model, data, target, 3, results))
        worker.start()
        worker.join()
        print(f"worker {rank} exit code {worker.exitcode}")
        for _ in range(2):
            rank, when, loss, correct = results.get()
            print(f"worker {rank} {when}: loss {loss:.4f}, {correct}/128 correct")
    loss, correct = evaluate(model, data, target)
    print(f"parent's model: loss {loss:.4f}, {correct}/128 correct")
