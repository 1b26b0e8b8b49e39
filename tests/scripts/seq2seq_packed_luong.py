import torch

# A batched sequence-to-sequence model as the chatbot/translation tutorials build it: variable
# length source sentences packed with pack_padded_sequence (unsorted, so enforce_sorted=False) into
# a bidirectional GRU whose directions are summed, a decoder with Luong "general" attention that
# masks the padding, teacher forcing decided per step by a coin from torch's generator,
# cross-entropy ignoring the padded targets, gradient-norm clipping, ReduceLROnPlateau, and
# greedy batched decoding.
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

torch.manual_seed(17)
PAD, SOS, EOS, VOCAB, HIDDEN = 0, 1, 2, 12, 32


def make_batch(size):
    """Task: output the source tokens sorted in increasing order, then EOS."""
    lengths = torch.randint(2, 7, (size,))
    source = torch.full((size, 6), PAD)
    target = torch.full((size, 7), PAD)
    for row, length in enumerate(lengths.tolist()):
        tokens = torch.randint(3, VOCAB, (length,))
        source[row, :length] = tokens
        target[row, :length] = tokens.sort().values
        target[row, length] = EOS
    return source, lengths, target


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(VOCAB, HIDDEN, padding_idx=PAD)
        self.gru = nn.GRU(HIDDEN, HIDDEN, batch_first=True, bidirectional=True)

    def forward(self, source, lengths):
        packed = pack_padded_sequence(self.embedding(source), lengths, batch_first=True,
                                      enforce_sorted=False)
        outputs, hidden = self.gru(packed)
        outputs, out_lengths = pad_packed_sequence(outputs, batch_first=True,
                                                   total_length=source.size(1))
        outputs = outputs[..., :HIDDEN] + outputs[..., HIDDEN:]
        return outputs, (hidden[0] + hidden[1]).unsqueeze(0), out_lengths


class LuongDecoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(VOCAB, HIDDEN, padding_idx=PAD)
        self.gru = nn.GRU(HIDDEN, HIDDEN, batch_first=True)
        self.score = nn.Linear(HIDDEN, HIDDEN, bias=False)
        self.concat = nn.Linear(2 * HIDDEN, HIDDEN)
        self.out = nn.Linear(HIDDEN, VOCAB)

    def forward(self, token, hidden, encoder_outputs, mask):
        output, hidden = self.gru(self.embedding(token).unsqueeze(1), hidden)
        scores = torch.bmm(self.score(encoder_outputs), output.transpose(1, 2)).squeeze(2)
        weights = F.softmax(scores.masked_fill(~mask, float("-inf")), dim=1)
        context = torch.bmm(weights.unsqueeze(1), encoder_outputs).squeeze(1)
        combined = torch.tanh(self.concat(torch.cat([output.squeeze(1), context], dim=1)))
        return self.out(combined), hidden, weights


encoder, decoder = Encoder(), LuongDecoder()
parameters = list(encoder.parameters()) + list(decoder.parameters())
optimizer = torch.optim.Adam(parameters, lr=5e-3)
plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, factor=0.5, patience=1)
criterion = nn.CrossEntropyLoss(ignore_index=PAD)


def run(source, lengths, target, teacher_ratio):
    encoder_outputs, hidden, _ = encoder(source, lengths)
    mask = torch.arange(source.size(1)).unsqueeze(0) < lengths.unsqueeze(1)
    token = torch.full((source.size(0),), SOS)
    logits, attention = [], []
    for step in range(target.size(1)):
        step_logits, hidden, weights = decoder(token, hidden, encoder_outputs, mask)
        logits.append(step_logits)
        attention.append(weights)
        teacher = torch.rand(()) < teacher_ratio
        token = target[:, step] if teacher else step_logits.argmax(1)
    return torch.stack(logits, 1), torch.stack(attention, 1)


source, lengths, target = make_batch(4)
packed = pack_padded_sequence(encoder.embedding(source), lengths, batch_first=True,
                              enforce_sorted=False)
print("lengths", lengths.tolist(), "batch sizes", packed.batch_sizes.tolist(),
      "sorted", packed.sorted_indices.tolist())
for epoch in range(6):
    total = 0.0
    for _ in range(5):
        source, lengths, target = make_batch(16)
        logits, _ = run(source, lengths, target, teacher_ratio=0.7)
        loss = criterion(logits.reshape(-1, VOCAB), target.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        norm = nn.utils.clip_grad_norm_(parameters, max_norm=1.0)
        optimizer.step()
        total += loss.item()
    plateau.step(total / 5)
    print(f"epoch {epoch} loss {total / 5:.4f} last grad norm {norm.item():.3f} "
          f"lr {optimizer.param_groups[0]['lr']}")

encoder.eval()
decoder.eval()
with torch.no_grad():
    source, lengths, target = make_batch(3)
    logits, attention = run(source, lengths, target, teacher_ratio=0.0)
    print("source", source.tolist())
    print("decoded", logits.argmax(-1).tolist())
    print("target ", target.tolist())
    print("attention on padding", attention.masked_select(
        ~(torch.arange(6) < lengths.unsqueeze(1)).unsqueeze(1).expand_as(attention)).sum().item())
    print("attention rows sum to one", torch.allclose(attention.sum(-1), torch.ones(3, 7)))
