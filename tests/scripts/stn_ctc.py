import torch

# A spatial transformer (affine_grid + grid_sample in front of a small CNN, trained to undo
# shifts), unfold/fold patch extraction and PixelShuffle upsampling, and a CTC-trained sequence
# recogniser (a bidirectional GRU over frames, log_softmax over time, CTCLoss with padded
# targets, greedy decoding with unique_consecutive).
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.rnn import pad_sequence

torch.manual_seed(0)


class STN(nn.Module):
    def __init__(self):
        super().__init__()
        self.loc = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.MaxPool2d(2), nn.ReLU(),
                                 nn.Flatten(), nn.Linear(4 * 6 * 6, 6))
        nn.init.zeros_(self.loc[-1].weight)
        # Near the identity, not on it: the identity puts every sample exactly on a pixel
        # centre, where bilinear sampling has a kink and which side's slope the gradient takes
        # depends on how the base grid's float32 coordinates round.
        with torch.no_grad():
            self.loc[-1].bias.copy_(torch.tensor([1.0, 0, 0.03, 0, 1, -0.02]))
        self.classifier = nn.Sequential(nn.Conv2d(1, 6, 3), nn.ReLU(), nn.AdaptiveMaxPool2d(2),
                                        nn.Flatten(), nn.Linear(24, 2))

    def forward(self, x):
        theta = self.loc(x).view(-1, 2, 3)
        grid = F.affine_grid(theta, list(x.size()), align_corners=False)
        warped = F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros",
                               align_corners=False)
        return self.classifier(warped), theta


images = torch.zeros(24, 1, 12, 12)
labels = torch.randint(0, 2, (24,))
for i, label in enumerate(labels.tolist()):
    dy, dx = torch.randint(-2, 3, (2,)).tolist()
    if label:
        images[i, 0, 4 + dy:8 + dy, 5 + dx] = 1.0
    else:
        images[i, 0, 5 + dy, 4 + dx:8 + dx] = 1.0
stn = STN()
optimizer = torch.optim.Adam(stn.parameters(), lr=1e-2)
for step in range(10):
    logits, theta = stn(images)
    loss = F.cross_entropy(logits, labels)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 3 == 0:
        print(f"stn step {step} loss {loss.item():.6f} theta {theta[0].detach().flatten()}")

patches = F.unfold(images[:2], kernel_size=4, stride=4)
print(patches.shape, F.fold(patches, (12, 12), kernel_size=4, stride=4).equal(images[:2]))
overlap = F.fold(F.unfold(images[:2], 3, padding=1), (12, 12), 3, padding=1)
print(overlap.max(), (overlap / F.fold(F.unfold(torch.ones(2, 1, 12, 12), 3, padding=1),
                                      (12, 12), 3, padding=1)).allclose(images[:2]))
shuffle = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.PixelShuffle(2))
print(shuffle(images[:1]).shape, nn.PixelUnshuffle(2)(images[:1]).shape)
print(F.grid_sample(images[:1], torch.zeros(1, 2, 2, 2), mode="nearest", align_corners=True))


# --- CTC --------------------------------------------------------------------------------------
torch.manual_seed(1)
alphabet = 5  # blank is 0, symbols 1..4
lengths = torch.randint(2, 5, (6,))
sequences = [torch.randint(1, alphabet, (n,)) for n in lengths.tolist()]
frames = []
for sequence in sequences:
    frame = torch.cat([F.one_hot(s, alphabet).float().repeat(3, 1) for s in sequence])
    frames.append(frame + 0.3 * torch.randn_like(frame))
frame_lengths = torch.tensor([f.shape[0] for f in frames])
inputs = pad_sequence(frames, batch_first=False)
targets = pad_sequence(sequences, batch_first=True)
print(inputs.shape, targets.shape, frame_lengths.tolist(), lengths.tolist())


class Recogniser(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(alphabet, 12, bidirectional=True)
        self.out = nn.Linear(24, alphabet)

    def forward(self, x):
        return self.out(self.rnn(x)[0]).log_softmax(2)


model = Recogniser()
ctc = nn.CTCLoss(blank=0, zero_infinity=True)
optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
for step in range(15):
    log_probs = model(inputs)
    loss = ctc(log_probs, targets, frame_lengths, lengths)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 5 == 0:
        print(f"ctc step {step:2d} loss {loss.item():.6f}")
best = model(inputs).argmax(2).T
for row, n, truth in zip(best[:3], frame_lengths, sequences):
    collapsed = torch.unique_consecutive(row[:n])
    print(collapsed[collapsed != 0].tolist(), truth.tolist())
print(F.ctc_loss(log_probs, targets, frame_lengths, lengths, reduction="none"))
