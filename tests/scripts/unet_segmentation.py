import torch
import torch.nn.functional as F
from torch import nn

# A small U-Net for binary segmentation of synthetic discs: an encoder of conv blocks and max
# pooling, a decoder that upsamples with ConvTranspose2d (and F.interpolate where sizes need
# matching) and concatenates the skip connections, trained with BCE + soft dice loss;
# predictions are thresholded after torch.sigmoid and scored by IoU.

torch.manual_seed(5)


def make_batch(n, size=24):
    yy, xx = torch.meshgrid(torch.arange(size).float(), torch.arange(size).float(), indexing="ij")
    centres = torch.rand(n, 2) * (size - 8) + 4
    radii = torch.rand(n) * 4 + 3
    dist = (yy - centres[:, 0, None, None]) ** 2 + (xx - centres[:, 1, None, None]) ** 2
    masks = (dist < radii[:, None, None] ** 2).float().unsqueeze(1)
    images = masks * 0.8 + 0.3 * torch.randn(n, 1, size, size)
    return images, masks


def conv_block(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout),
                         nn.ReLU(inplace=True), nn.Conv2d(cout, cout, 3, padding=1),
                         nn.ReLU(inplace=True))


class UNet(nn.Module):
    def __init__(self, base=8):
        super().__init__()
        self.enc1, self.enc2 = conv_block(1, base), conv_block(base, base * 2)
        self.bottleneck = conv_block(base * 2, base * 4)
        self.up2 = nn.ConvTranspose2d(base * 4, base * 2, 2, stride=2)
        self.dec2 = conv_block(base * 4, base * 2)
        self.up1 = nn.ConvTranspose2d(base * 2, base, 2, stride=2)
        self.dec1 = conv_block(base * 2, base)
        self.head = nn.Conv2d(base, 1, 1)

    def forward(self, x):
        e1 = self.enc1(x)
        e2 = self.enc2(F.max_pool2d(e1, 2))
        b = self.bottleneck(F.max_pool2d(e2, 2))
        d2 = self.up2(b)
        if d2.shape[-2:] != e2.shape[-2:]:
            d2 = F.interpolate(d2, size=e2.shape[-2:], mode="bilinear", align_corners=False)
        d2 = self.dec2(torch.cat([d2, e2], dim=1))
        d1 = self.dec1(torch.cat([self.up1(d2), e1], dim=1))
        return self.head(d1)


def dice_loss(logits, target, eps=1.0):
    prob = torch.sigmoid(logits)
    intersection = (prob * target).sum(dim=(1, 2, 3))
    union = prob.sum(dim=(1, 2, 3)) + target.sum(dim=(1, 2, 3))
    return 1 - ((2 * intersection + eps) / (union + eps)).mean()


def iou(logits, target, threshold=0.5):
    pred = torch.sigmoid(logits) > threshold
    target = target.bool()
    inter = (pred & target).sum(dim=(1, 2, 3)).float()
    union = (pred | target).sum(dim=(1, 2, 3)).float()
    return (inter / union.clamp(min=1)).mean()


model = UNet()
print("parameters", sum(p.numel() for p in model.parameters()))
images, masks = make_batch(8)
print("batch", tuple(images.shape), "foreground", round(masks.mean().item(), 4))
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
for step in range(14):
    model.train()
    logits = model(images)
    bce = F.binary_cross_entropy_with_logits(logits, masks)
    loss = bce + dice_loss(logits, masks)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(f"step {step} bce {bce.item():.4f} loss {loss.item():.4f} "
          f"iou {iou(logits.detach(), masks).item():.4f}")

model.eval()
with torch.no_grad():
    test_images, test_masks = make_batch(4)
    logits = model(test_images)
    print("eval iou", round(iou(logits, test_masks).item(), 4),
          "positive pixels", (torch.sigmoid(logits) > 0.5).sum().item())
    odd = model(F.interpolate(test_images, size=(22, 22), mode="bilinear", align_corners=False))
    print("odd size output", tuple(odd.shape))
