import torch  # noqa: I001 (the harness requires torch first)

# The super-resolution example: a sub-pixel CNN upscales by 3 with PixelShuffle, orthogonal init
# with a ReLU gain, MSE loss and PSNR on random low/high resolution pairs.
import math

from torch import nn
from torch.nn import init
from torch import optim


class Net(nn.Module):
    def __init__(self, upscale_factor):
        super().__init__()
        self.relu = nn.ReLU()
        self.conv1 = nn.Conv2d(1, 16, (5, 5), (1, 1), (2, 2))
        self.conv2 = nn.Conv2d(16, 16, (3, 3), (1, 1), (1, 1))
        self.conv3 = nn.Conv2d(16, 8, (3, 3), (1, 1), (1, 1))
        self.conv4 = nn.Conv2d(8, upscale_factor ** 2, (3, 3), (1, 1), (1, 1))
        self.pixel_shuffle = nn.PixelShuffle(upscale_factor)
        self._initialize_weights()

    def forward(self, x):
        x = self.relu(self.conv1(x))
        x = self.relu(self.conv2(x))
        x = self.relu(self.conv3(x))
        return self.pixel_shuffle(self.conv4(x))

    def _initialize_weights(self):
        init.orthogonal_(self.conv1.weight, init.calculate_gain("relu"))
        init.orthogonal_(self.conv2.weight, init.calculate_gain("relu"))
        init.orthogonal_(self.conv3.weight, init.calculate_gain("relu"))
        init.orthogonal_(self.conv4.weight)


torch.manual_seed(123)
high = torch.rand(8, 1, 12, 12)
low = nn.functional.avg_pool2d(high, 3)
model = Net(upscale_factor=3)
print(model)
criterion = nn.MSELoss()
optimizer = optim.Adam(model.parameters(), lr=0.01)
for epoch in range(1, 4):
    epoch_loss = 0.0
    for i in range(0, 8, 4):
        optimizer.zero_grad()
        loss = criterion(model(low[i:i + 4]), high[i:i + 4])
        epoch_loss += loss.item()
        loss.backward()
        optimizer.step()
        print(f"epoch {epoch} iteration {i // 4} loss {loss.item():.4f}")
    with torch.no_grad():
        mse = criterion(model(low), high)
    print(f"epoch {epoch} avg loss {epoch_loss / 2:.4f} psnr {10 * math.log10(1 / mse.item()):.4f} dB")
out = model(low[:1])
print(out.shape, out.grad_fn.name())
unshuffled = nn.PixelUnshuffle(3)(out)
print(unshuffled.shape, torch.equal(nn.PixelShuffle(3)(unshuffled), out))
