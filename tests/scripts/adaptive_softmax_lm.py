import torch  # noqa: I001 (the harness requires torch first)

# A word-level language model over a Zipf-distributed vocabulary with the adaptive softmax
# (Grave et al.): a GRU encoder, nn.AdaptiveLogSoftmaxWithLoss as the output layer with
# frequency-sorted cutoffs, Adagrad, perplexity from the returned loss, greedy generation with
# predict(), and the whole state (a torch-format checkpoint) saved and reloaded into a fresh model.
import io
import math

from torch import nn

torch.manual_seed(3)
vocab_size, embed, hidden = 200, 24, 32
# Zipf's law: word k (frequency rank k) appears with probability proportional to 1 / (k + 1).
weights = 1.0 / torch.arange(1, vocab_size + 1, dtype=torch.float)
corpus = torch.multinomial(weights, 3000, replacement=True)
# Make the stream learnable: after word w often comes word (w * 7 + 1) mod 50.
follow = (corpus[:-1] * 7 + 1) % 50
mix = torch.rand(corpus.numel() - 1) < 0.5
corpus[1:] = torch.where(mix, follow, corpus[1:])
counts = torch.bincount(corpus, minlength=vocab_size)
print("most frequent", counts.topk(5).indices.tolist(), "unseen", int((counts == 0).sum()))


class LanguageModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed)
        self.rnn = nn.GRU(embed, hidden, batch_first=True)
        self.head = nn.AdaptiveLogSoftmaxWithLoss(hidden, vocab_size, cutoffs=[20, 80],
                                                  div_value=2.0)

    def features(self, tokens, state=None):
        output, state = self.rnn(self.embedding(tokens), state)
        return output.reshape(-1, hidden), state

    def forward(self, tokens, targets):
        features, _ = self.features(tokens)
        return self.head(features, targets.reshape(-1))


model = LanguageModel()
print(model.head)
print([(name, tuple(p.shape)) for name, p in model.head.named_parameters()])
optimizer = torch.optim.Adagrad(model.parameters(), lr=0.1)
bptt, batch = 12, 8
streams = corpus[: (corpus.numel() // batch) * batch].view(batch, -1)
for epoch in range(3):
    total, steps = 0.0, 0
    for start in range(0, streams.size(1) - bptt - 1, bptt * 6):
        tokens = streams[:, start:start + bptt]
        targets = streams[:, start + 1:start + bptt + 1]
        result = model(tokens, targets)
        optimizer.zero_grad()
        result.loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        total += result.loss.item()
        steps += 1
    print(f"epoch {epoch} loss {total / steps:.4f} ppl {math.exp(total / steps):.2f}")
print("output field", result.output.shape, result.output[:4])

with torch.no_grad():
    features, _ = model.features(streams[:2, :bptt])
    log_probs = model.head.log_prob(features)
    print("log_prob rows sum to one:", torch.allclose(log_probs.exp().sum(1),
                                                      torch.ones(features.size(0))))
    predicted = model.head.predict(features)
    print("predict agrees with log_prob argmax:", torch.equal(predicted, log_probs.argmax(1)))
    # Greedy generation, one word at a time, carrying the GRU state.
    word, state, generated = torch.tensor([[0]]), None, []
    for _ in range(12):
        features, state = model.features(word, state)
        word = model.head.predict(features).view(1, 1)
        generated.append(word.item())
    print("generated", generated)

buffer = io.BytesIO()
torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict()}, buffer)
buffer.seek(0)
checkpoint = torch.load(buffer)
print(sorted(k for k in checkpoint["model"] if k.startswith("head.")))
restored = LanguageModel()
restored.load_state_dict(checkpoint["model"])
tokens, targets = streams[:, :bptt], streams[:, 1:bptt + 1]
with torch.no_grad():
    print("restored loss", restored(tokens, targets).loss.item(),
          "original", model(tokens, targets).loss.item())
