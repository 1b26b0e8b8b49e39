import torch

# Sequence models as NLP code writes them: a bidirectional two-layer nn.GRU over
# pack_padded_sequence (enforce_sorted=False) with pad_packed_sequence, the final hidden
# states of both directions concatenated, nn.MultiheadAttention with key_padding_mask and
# need_weights / average_attn_weights=False, a seq2seq decoder trained with teacher forcing,
# and beam search with topk / gather / index_select.
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
VOCAB, EMB, HID, BOS, EOS, PAD = 12, 8, 6, 1, 2, 0

seqs = [torch.randint(3, VOCAB, (n,)) for n in (5, 3, 7, 2)]
lengths = torch.tensor([len(s) for s in seqs])
padded = pad_sequence(seqs, batch_first=True, padding_value=PAD)
print("padded", padded)
emb = nn.Embedding(VOCAB, EMB, padding_idx=PAD)
gru = nn.GRU(EMB, HID, num_layers=2, bidirectional=True, batch_first=True, dropout=0.0)
print(gru)
print([name for name, _ in gru.named_parameters()][:5])
packed = pack_padded_sequence(emb(padded), lengths, batch_first=True, enforce_sorted=False)
print("batch_sizes", packed.batch_sizes, "sorted", packed.sorted_indices,
      "unsorted", packed.unsorted_indices)
out, h = gru(packed)
out, out_lengths = pad_packed_sequence(out, batch_first=True, total_length=8)
print("out", out.shape, out_lengths, "h", h.shape)
print("padding zero", out[3, 2:].abs().sum().item())
final = torch.cat([h[-2], h[-1]], dim=1)
print("final", final.sum(1))
print("last fwd equals", torch.allclose(out[1, 2, :HID], h[-2][1]),
      torch.allclose(out[1, 0, HID:], h[-1][1]))

# MultiheadAttention over the GRU states with padding masked out
mha = nn.MultiheadAttention(2 * HID, num_heads=3, batch_first=True, dropout=0.0)
key_padding_mask = torch.arange(8)[None, :] >= lengths[:, None]
attn_out, weights = mha(out, out, out, key_padding_mask=key_padding_mask)
print("mha", attn_out.shape, weights.shape, weights[1, 0])
attn_out2, per_head = mha(out, out, out, key_padding_mask=key_padding_mask,
                          need_weights=True, average_attn_weights=False)
print("per head", per_head.shape, torch.allclose(per_head.mean(1), weights),
      torch.allclose(attn_out, attn_out2))
causal = nn.Transformer.generate_square_subsequent_mask(8)
print("causal", causal[:3, :3])
_, masked_w = mha(out, out, out, attn_mask=causal, key_padding_mask=key_padding_mask)
print("masked", masked_w[0, 2])
none_out, none_w = mha(out, out, out, need_weights=False)
print("no weights", none_w, none_out.shape)
float_mask = torch.zeros(4, 8).masked_fill(key_padding_mask, float("-inf"))
_, fw = mha(out, out, out, key_padding_mask=float_mask)
print("float mask same", torch.allclose(fw, weights))


# seq2seq with attention, teacher forcing
class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(VOCAB, EMB)
        self.cell = nn.GRUCell(EMB + 2 * HID, 2 * HID)
        self.attn = nn.Linear(2 * HID, 2 * HID, bias=False)
        self.out = nn.Linear(4 * HID, VOCAB)

    def forward(self, token, state, memory, mask):
        scores = torch.bmm(memory, self.attn(state).unsqueeze(2)).squeeze(2)
        scores = scores.masked_fill(mask, float("-inf"))
        alpha = F.softmax(scores, dim=1)
        context = torch.bmm(alpha.unsqueeze(1), memory).squeeze(1)
        state = self.cell(torch.cat([self.emb(token), context], 1), state)
        return self.out(torch.cat([state, context], 1)), state, alpha


decoder = Decoder()
params = list(emb.parameters()) + list(gru.parameters()) + list(decoder.parameters())
optimizer = torch.optim.Adam(params, lr=0.02)
targets = [torch.flip(s, [0]) for s in seqs]
target_pad = pad_sequence([torch.cat([t, torch.tensor([EOS])]) for t in targets],
                          batch_first=True, padding_value=PAD)


def encode(tokens):
    packed = pack_padded_sequence(emb(tokens), lengths, batch_first=True, enforce_sorted=False)
    memory, h = gru(packed)
    memory, _ = pad_packed_sequence(memory, batch_first=True)
    return memory, torch.cat([h[-2], h[-1]], 1)


for epoch in range(6):
    optimizer.zero_grad()
    memory, state = encode(padded)
    mask = torch.arange(memory.size(1))[None] >= lengths[:, None]
    token = torch.full((4,), BOS)
    loss = 0.0
    for t in range(target_pad.size(1)):
        logits, state, _ = decoder(token, state, memory, mask)
        loss = loss + F.cross_entropy(logits, target_pad[:, t], ignore_index=PAD)
        token = target_pad[:, t] if epoch % 2 == 0 else logits.argmax(1)
    loss = loss / target_pad.size(1)
    loss.backward()
    norm = nn.utils.clip_grad_norm_(params, 1.0)
    optimizer.step()
    print(f"epoch {epoch} loss {loss.item():.8f} norm {norm.item():.8f}")


@torch.no_grad()
def beam_search(index, beam=3, max_len=6):
    memory, state = encode(padded)
    memory, state = memory[index:index + 1], state[index:index + 1]
    mask = torch.arange(memory.size(1))[None] >= lengths[index:index + 1, None]
    seqs = torch.full((1, 1), BOS)
    scores = torch.zeros(1)
    for _ in range(max_len):
        k = seqs.size(0)
        logits, new_state, _ = decoder(seqs[:, -1], state, memory.expand(k, -1, -1),
                                       mask.expand(k, -1))
        logp = F.log_softmax(logits, dim=-1) + scores[:, None]
        top, flat = logp.view(-1).topk(beam)
        origin = torch.div(flat, VOCAB, rounding_mode="floor")
        token = flat % VOCAB
        seqs = torch.cat([seqs.index_select(0, origin), token[:, None]], 1)
        state = new_state.gather(0, origin[:, None].expand(-1, new_state.size(1)))
        scores = top
    return seqs, scores


for i in range(2):
    beams, scores = beam_search(i)
    print("beam", i, beams.tolist(), [f"{s:.6f}" for s in scores.tolist()])
