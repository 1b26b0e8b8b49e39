import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

# Image captioning in the style of the classic PyTorch tutorials: a small CNN encoder gives an
# image feature that sets the LSTM decoder's initial state, trained with teacher forcing
# on captions of different lengths (pack_padded_sequence, so padding is not scored), then
# greedy decoding and beam search with topk over log-probabilities, with length-normalised
# scores and finished hypotheses set aside.

torch.manual_seed(0)
words = ["<pad>", "<start>", "<end>", "a", "red", "blue", "green", "square", "circle", "on",
         "left", "right"]
w2i = {w: i for i, w in enumerate(words)}
PAD, START, END = 0, 1, 2


def make_example(colour, shape, side):
    image = torch.zeros(3, 16, 16)
    channel = {"red": 0, "green": 1, "blue": 2}[colour]
    cols = slice(1, 8) if side == "left" else slice(8, 15)
    if shape == "square":
        image[channel, 4:11, cols] = 1.0
    else:
        yy, xx = torch.meshgrid(torch.arange(16.0), torch.arange(16.0), indexing="ij")
        centre = 4.5 if side == "left" else 11.5
        image[channel] = (((yy - 7.5) ** 2 + (xx - centre) ** 2) < 10).float()
    caption = ["<start>", "a", colour, shape] + (["on", side] if side == "left" else []) + ["<end>"]
    return image + 0.05 * torch.randn(3, 16, 16), torch.tensor([w2i[w] for w in caption])


examples = [make_example(c, s, side) for c in ("red", "green", "blue")
            for s in ("square", "circle") for side in ("left", "right")]
images = torch.stack([image for image, _ in examples])
lengths = torch.tensor([len(caption) for _, caption in examples])
captions = nn.utils.rnn.pad_sequence([caption for _, caption in examples], batch_first=True)
print("images", tuple(images.shape), "captions", tuple(captions.shape), lengths.tolist())


class Encoder(nn.Module):
    def __init__(self, embed):
        super().__init__()
        self.cnn = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(),
                                 nn.MaxPool2d(2), nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(),
                                 nn.AdaptiveAvgPool2d((2, 2)))
        self.fc = nn.Linear(64, embed)

    def forward(self, x):
        return self.fc(self.cnn(x).flatten(1))


class Decoder(nn.Module):
    def __init__(self, embed, hidden, vocab):
        super().__init__()
        self.embed = nn.Embedding(vocab, embed, padding_idx=PAD)
        self.init_h, self.init_c = nn.Linear(embed, hidden), nn.Linear(embed, hidden)
        self.lstm = nn.LSTM(embed, hidden, batch_first=True)
        self.out = nn.Linear(hidden, vocab)

    def initial_state(self, features):
        return (torch.tanh(self.init_h(features)).unsqueeze(0),
                torch.tanh(self.init_c(features)).unsqueeze(0))

    def forward(self, features, captions, lengths):
        # teacher forcing: read the caption up to its last word, predict it from its second
        inputs = self.embed(captions[:, :-1])
        packed = pack_padded_sequence(inputs, lengths - 1, batch_first=True,
                                      enforce_sorted=False)
        hiddens, _ = self.lstm(packed, self.initial_state(features))
        return self.out(hiddens.data), packed

    def step(self, token, state):
        y, state = self.lstm(self.embed(token), state)
        return F.log_softmax(self.out(y[:, -1]), -1), state


encoder, decoder = Encoder(24), Decoder(24, 48, len(words))
params = list(encoder.parameters()) + list(decoder.parameters())
optimizer = torch.optim.Adam(params, lr=0.01)
for epoch in range(80):
    features = encoder(images)
    logits, packed = decoder(features, captions, lengths)
    targets = pack_padded_sequence(captions[:, 1:], lengths - 1, batch_first=True,
                                   enforce_sorted=False)
    loss = F.cross_entropy(logits, targets.data)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if epoch % 16 == 0 or epoch == 79:
        print(f"epoch {epoch:2d} loss {loss.item():.5f} tokens {targets.data.numel()} "
              f"batch_sizes {packed.batch_sizes.tolist()}")


@torch.no_grad()
def greedy(feature, max_len=8):
    log_probs, state = decoder.step(torch.tensor([[START]]),
                                    decoder.initial_state(feature.view(1, -1)))
    out = []
    for _ in range(max_len):
        token = log_probs.argmax(-1)
        if token.item() == END:
            break
        out.append(words[token.item()])
        log_probs, state = decoder.step(token.view(1, 1), state)
    return " ".join(out)


@torch.no_grad()
def beam_search(feature, beam=3, max_len=8, alpha=0.7):
    log_probs, state = decoder.step(torch.tensor([[START]]),
                                    decoder.initial_state(feature.view(1, -1)))
    scores, tokens = log_probs[0].topk(beam)
    hyps = [([t.item()], s.item(), state) for t, s in zip(tokens, scores)]
    finished = []
    for _ in range(max_len):
        candidates = []
        for seq, score, st in hyps:
            if seq[-1] == END:
                finished.append((seq, score / len(seq) ** alpha))
                continue
            lp, new_state = decoder.step(torch.tensor([[seq[-1]]]), st)
            top_scores, top_tokens = lp[0].topk(beam)
            candidates += [(seq + [t.item()], score + s.item(), new_state)
                           for s, t in zip(top_scores, top_tokens)]
        if not candidates:
            break
        hyps = sorted(candidates, key=lambda c: c[1], reverse=True)[:beam]
    finished += [(seq, score / len(seq) ** alpha) for seq, score, _ in hyps]
    seq, score = max(finished, key=lambda f: f[1])
    return " ".join(words[t] for t in seq if t not in (START, END)), round(score, 4)


encoder.eval()
features = encoder(images).detach()
for i in (0, 3, 6, 9, 11):
    truth = " ".join(words[t] for t in captions[i, 1:lengths[i] - 1])
    print(f"{truth!r:28} greedy {greedy(features[i])!r:26} beam {beam_search(features[i])}")
