import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(8)


class Block(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.norm = nn.BatchNorm2d(channels)
        self.act = nn.ReLU(inplace=True)

    def forward(self, x):
        return x + self.act(self.norm(self.conv(x)))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, kernel_size=5, stride=2, padding=2)
        self.blocks = nn.Sequential(Block(8), Block(8))
        self.pool = nn.AdaptiveAvgPool2d((1, 1))
        self.heads = nn.ModuleList([nn.Linear(8, 4), nn.Linear(8, 2)])
        self.extras = nn.ModuleDict({"drop": nn.Dropout(0.2), "gelu": nn.GELU()})
        self.scale = nn.Parameter(torch.ones(1))
        self.register_buffer("steps", torch.zeros((), dtype=torch.long))

    def forward(self, x):
        x = self.blocks(self.stem(x))
        x = self.pool(x).flatten(1)
        x = self.extras["drop"](self.extras["gelu"](x))
        return [head(x) * self.scale for head in self.heads]


net = Net()
print(net)
print(list(net.state_dict().keys()))
print([name for name, _ in net.named_modules()])
print(net.blocks[0])
print(repr(nn.Sequential()))
print(nn.Linear(3, 4, bias=False), nn.Conv1d(2, 3, 4, stride=2, dilation=2, groups=1))
print(nn.MaxPool2d(3, stride=2, padding=1), nn.AvgPool2d(2), nn.Dropout2d(0.1))
print(nn.BatchNorm1d(5, momentum=0.2, affine=False), nn.LayerNorm([4, 5], eps=1e-6))
print(nn.Embedding(10, 3, padding_idx=1), nn.LSTM(3, 4, num_layers=2, dropout=0.1))
print(nn.LeakyReLU(0.2), nn.Softmax(dim=-1), nn.Flatten(), nn.Identity(), nn.Sigmoid())
print(nn.CrossEntropyLoss(), nn.MSELoss(reduction="sum"), nn.ConvTranspose2d(4, 2, 2, stride=2))
print(nn.GroupNorm(2, 4), nn.Unflatten(1, (2, 3)), nn.Upsample(scale_factor=2))
print(nn.TransformerEncoderLayer(8, 2, dim_feedforward=16))
outputs = net(torch.randn(2, 3, 16, 16))
print([o.shape for o in outputs])
print(net.steps, net.scale)
print(net.training)
net.eval()
print(net.training, net.blocks[1].norm.training)
net.zero_grad()
print(net.heads[0].weight.grad)
optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
print(optimizer)
print(torch.optim.Adam(net.parameters(), lr=1e-3, betas=(0.8, 0.99)))
print(F.relu, nn.functional.gelu(torch.tensor([-1.0, 0.0, 1.0])))
