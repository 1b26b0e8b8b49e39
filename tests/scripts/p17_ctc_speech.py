import torch

# A small speech recogniser as CTC tutorials build it: log-mel-like features from torch.stft
# (hann window, centre padding, power spectrum, a triangular filterbank matmul, log with a
# floor), per-utterance normalisation, a bidirectional LSTM over pack_padded_sequence with
# enforce_sorted=False, CTC loss (mean and sum reductions, zero_infinity), gradient clipping,
# greedy decoding with unique_consecutive, and the edit distance of the decoded strings.
import math

import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

torch.manual_seed(0)
sample_rate, n_fft, hop, n_mels = 800, 64, 16, 12
vocab = ["_", "a", "b", "c", "d"]


def synth(label):
    t = torch.arange(len(label) * 96, dtype=torch.float64) / sample_rate
    freqs = torch.tensor([110.0, 180.0, 260.0, 330.0], dtype=torch.float64)[label - 1]
    tone = torch.sin(2 * math.pi * freqs.repeat_interleave(96) * t)
    return (tone + 0.05 * torch.randn(t.shape, dtype=torch.float64)).float()


def mel_filterbank():
    bins = n_fft // 2 + 1
    edges = torch.linspace(0, bins - 1, n_mels + 2)
    grid = torch.arange(bins, dtype=torch.float32)
    left, centre, right = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    up = (grid - left) / (centre - left)
    down = (right - grid) / (right - centre)
    return torch.clamp(torch.minimum(up, down), min=0.0)


FILTERS = mel_filterbank()


def features(wave):
    spec = torch.stft(wave, n_fft, hop_length=hop, window=torch.hann_window(n_fft),
                      return_complex=True, center=True, pad_mode="reflect")
    power = spec.abs().pow(2)
    mel = FILTERS @ power
    logmel = torch.log(torch.clamp(mel, min=1e-6)).T
    return (logmel - logmel.mean(0)) / (logmel.std(0) + 1e-5)


labels = [torch.randint(1, 5, (n,)) for n in (3, 5, 2, 4, 4, 3)]
waves = [synth(label) for label in labels]
feats = [features(w) for w in waves]
print("feature frames", [f.shape[0] for f in feats], "first frame", feats[0][0, :4])
lengths = torch.tensor([f.shape[0] for f in feats])
padded = nn.utils.rnn.pad_sequence(feats, batch_first=True)
targets = torch.cat(labels)
target_lengths = torch.tensor([len(label) for label in labels])


class Recogniser(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(n_mels, 24, num_layers=2, bidirectional=True, batch_first=True,
                            dropout=0.0)
        self.out = nn.Linear(48, len(vocab))

    def forward(self, x, lengths):
        packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        hidden, _ = self.lstm(packed)
        hidden, out_lengths = pad_packed_sequence(hidden, batch_first=True)
        return self.out(hidden).log_softmax(-1), out_lengths


model = Recogniser()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
ctc = nn.CTCLoss(blank=0, zero_infinity=True)
for step in range(12):
    log_probs, out_lengths = model(padded, lengths)
    loss = ctc(log_probs.transpose(0, 1), targets, out_lengths, target_lengths)
    optimizer.zero_grad()
    loss.backward()
    norm = nn.utils.clip_grad_norm_(model.parameters(), 5.0)
    optimizer.step()
    if step % 3 == 0:
        print(f"step {step} ctc {loss.item():.5f} grad norm {norm.item():.4f}")

summed = F.ctc_loss(log_probs.transpose(0, 1), targets, out_lengths, target_lengths,
                    reduction="none")
print("per utterance", summed)
impossible = F.ctc_loss(log_probs.transpose(0, 1)[:3], targets, torch.full((6,), 3),
                        target_lengths, reduction="sum", zero_infinity=False)
print("too short for the targets", impossible)


def greedy(log_probs, length):
    best = log_probs[:length].argmax(-1)
    collapsed = torch.unique_consecutive(best)
    return "".join(vocab[i] for i in collapsed.tolist() if i != 0)


def edit_distance(a, b):
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


with torch.no_grad():
    log_probs, out_lengths = model(padded, lengths)
for i, label in enumerate(labels):
    truth = "".join(vocab[j] for j in label.tolist())
    guess = greedy(log_probs[i], out_lengths[i])
    print(truth, guess, edit_distance(truth, guess))

for bad in (lambda: F.ctc_loss(log_probs.transpose(0, 1), targets, out_lengths, target_lengths[:3]),
            lambda: pack_padded_sequence(padded, lengths.flip(0), batch_first=True),
            lambda: torch.stft(waves[0], n_fft, hop_length=hop)):
    try:
        bad()
    except RuntimeError as error:
        print("RuntimeError:", str(error).splitlines()[0])
