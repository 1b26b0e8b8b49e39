"""End to end: a PyTorch-style training script on ember learns the shipped digits data set."""
import ember as torch
from ember import nn
from ember.data import load_digits
from ember.utils.data import DataLoader, TensorDataset, random_split


def test_mlp_reaches_90_percent_on_digits():
    torch.manual_seed(0)
    images, labels = load_digits()
    dataset = TensorDataset(images.reshape(len(images), -1), labels)
    train, test = random_split(dataset, [0.8, 0.2], generator=torch.Generator().manual_seed(0))
    loader = DataLoader(train, batch_size=64, shuffle=True)
    # As a GPU program is written: the data set stays on the CPU, each batch moves to the
    # model's device (the default one).
    device = torch.get_default_device()
    model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10)).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=5, gamma=0.5)
    loss_fn = nn.CrossEntropyLoss()
    for _ in range(10):
        model.train()
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
        scheduler.step()
    model.eval()
    x_test = torch.stack([test[i][0] for i in range(len(test))]).to(device)
    y_test = torch.stack([test[i][1] for i in range(len(test))]).to(device)
    with torch.no_grad():
        accuracy = (model(x_test).argmax(1) == y_test).float().mean().item()
    assert accuracy > 0.9, f"test accuracy {accuracy:.3f}"
