import torch

# ESPnet/WeNet-shaped speech code: make_pad_mask from lengths with arange >= lengths, pad_list,
# add_sos_eos, Conv2dSubsampling with its ((L - 1) // 2 - 1) // 2 length rule, relative
# positional encoding with rel_shift (the zero-pad-and-view trick), a Conformer block (macaron
# feed-forwards at half weight, rel-pos self-attention with pos_bias_u/v, a convolution module
# with pointwise conv -> GLU -> depthwise conv -> BatchNorm -> Swish), SpecAugment (time warp
# through bicubic F.interpolate, frequency and time masks from random ranges), the hybrid
# CTC/attention loss (F.ctc_loss on log_softmax transposed to (T, B, V), label smoothing by
# KL divergence with ignore_id -1), th_accuracy, and CTC greedy decoding with
# unique_consecutive.
import math

import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
IGNORE_ID = -1


def make_pad_mask(lengths, maxlen=None):
    batch_size = lengths.size(0)
    maxlen = maxlen if maxlen else int(lengths.max().item())
    seq_range = torch.arange(0, maxlen, dtype=torch.int64, device=lengths.device)
    seq_range_expand = seq_range.unsqueeze(0).expand(batch_size, maxlen)
    seq_length_expand = lengths.unsqueeze(-1)
    return seq_range_expand >= seq_length_expand


def pad_list(xs, pad_value):
    n_batch = len(xs)
    max_len = max(x.size(0) for x in xs)
    pad = xs[0].new(n_batch, max_len, *xs[0].size()[1:]).fill_(pad_value)
    for i in range(n_batch):
        pad[i, :xs[i].size(0)] = xs[i]
    return pad


def add_sos_eos(ys_pad, sos, eos, ignore_id):
    _sos = ys_pad.new([sos])
    _eos = ys_pad.new([eos])
    ys = [y[y != ignore_id] for y in ys_pad]
    ys_in = [torch.cat([_sos, y], dim=0) for y in ys]
    ys_out = [torch.cat([y, _eos], dim=0) for y in ys]
    return pad_list(ys_in, eos), pad_list(ys_out, ignore_id)


def th_accuracy(pad_outputs, pad_targets, ignore_label):
    pad_pred = pad_outputs.view(pad_targets.size(0), pad_targets.size(1),
                                pad_outputs.size(1)).argmax(2)
    mask = pad_targets != ignore_label
    numerator = torch.sum(pad_pred.masked_select(mask) == pad_targets.masked_select(mask))
    denominator = torch.sum(mask)
    return float(numerator) / float(denominator)


lengths = torch.tensor([5, 3, 4])
print(make_pad_mask(lengths))
print(make_pad_mask(lengths, maxlen=6).int())
ys = pad_list([torch.tensor([3, 4, 5]), torch.tensor([6]), torch.tensor([7, 8])], IGNORE_ID)
ys_in, ys_out = add_sos_eos(ys, 9, 9, IGNORE_ID)
print(ys_in, ys_out, sep="\n")


def time_warp(x, window=2, mode="bicubic"):
    org_size = x.size()
    if x.dim() == 3:
        x = x[:, None]
    t = x.shape[2]
    if t - window <= window:
        return x.view(*org_size)
    center = torch.randint(window, t - window, (1,))[0]
    warped = torch.randint(center - window, center + window, (1,))[0] + 1
    left = F.interpolate(x[:, :, :center], (warped, x.shape[3]), mode=mode, align_corners=False)
    right = F.interpolate(x[:, :, center:], (t - warped, x.shape[3]), mode=mode,
                          align_corners=False)
    x = torch.cat([left, right], dim=-2)
    return x.view(*org_size)


def mask_along_axis(spec, spec_lengths, mask_width_range=(0, 3), dim=1, num_mask=2,
                    replace_with_zero=True):
    B, D = spec.shape[0], spec.shape[dim]
    mask_length = torch.randint(mask_width_range[0], mask_width_range[1], (B, num_mask),
                                device=spec.device).unsqueeze(2)
    mask_pos = torch.randint(0, max(1, D - mask_length.max()), (B, num_mask),
                             device=spec.device).unsqueeze(2)
    aran = torch.arange(D, device=spec.device)[None, None, :]
    mask = (mask_pos <= aran) * (aran < (mask_pos + mask_length))
    mask = mask.any(dim=1)
    mask = mask.unsqueeze(2) if dim == 1 else mask.unsqueeze(1)
    value = 0.0 if replace_with_zero else spec.mean()
    return spec.masked_fill(mask, value), spec_lengths


class RelPositionalEncoding(nn.Module):
    def __init__(self, d_model, max_len=64):
        super().__init__()
        self.d_model, self.xscale = d_model, math.sqrt(d_model)
        self.pe = None
        self.extend_pe(torch.zeros(1, max_len))

    def extend_pe(self, x):
        if self.pe is not None and self.pe.size(1) >= x.size(1) * 2 - 1:
            return
        pe_positive = torch.zeros(x.size(1), self.d_model)
        pe_negative = torch.zeros(x.size(1), self.d_model)
        position = torch.arange(0, x.size(1), dtype=torch.float32).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, self.d_model, 2, dtype=torch.float32)
                             * -(math.log(10000.0) / self.d_model))
        pe_positive[:, 0::2] = torch.sin(position * div_term)
        pe_positive[:, 1::2] = torch.cos(position * div_term)
        pe_negative[:, 0::2] = torch.sin(-1 * position * div_term)
        pe_negative[:, 1::2] = torch.cos(-1 * position * div_term)
        pe_positive = torch.flip(pe_positive, [0]).unsqueeze(0)
        pe_negative = pe_negative[1:].unsqueeze(0)
        self.pe = torch.cat([pe_positive, pe_negative], dim=1).to(dtype=x.dtype)

    def forward(self, x):
        self.extend_pe(x)
        x = x * self.xscale
        center = self.pe.size(1) // 2
        pos_emb = self.pe[:, center - x.size(1) + 1:center + x.size(1)]
        return x, pos_emb


class RelPositionMultiHeadedAttention(nn.Module):
    def __init__(self, n_head, n_feat):
        super().__init__()
        self.d_k, self.h = n_feat // n_head, n_head
        self.linear_q, self.linear_k = nn.Linear(n_feat, n_feat), nn.Linear(n_feat, n_feat)
        self.linear_v, self.linear_out = nn.Linear(n_feat, n_feat), nn.Linear(n_feat, n_feat)
        self.linear_pos = nn.Linear(n_feat, n_feat, bias=False)
        self.pos_bias_u = nn.Parameter(torch.Tensor(self.h, self.d_k))
        self.pos_bias_v = nn.Parameter(torch.Tensor(self.h, self.d_k))
        torch.nn.init.xavier_uniform_(self.pos_bias_u)
        torch.nn.init.xavier_uniform_(self.pos_bias_v)
        self.attn = None

    @staticmethod
    def rel_shift(x):
        zero_pad = torch.zeros((*x.size()[:3], 1), device=x.device, dtype=x.dtype)
        x_padded = torch.cat([zero_pad, x], dim=-1)
        x_padded = x_padded.view(*x.size()[:2], x.size(3) + 1, x.size(2))
        return x_padded[:, :, 1:].view_as(x)[:, :, :, :x.size(-1) // 2 + 1]

    def forward(self, x, pos_emb, mask):
        n_batch = x.size(0)
        q = self.linear_q(x).view(n_batch, -1, self.h, self.d_k)
        k = self.linear_k(x).view(n_batch, -1, self.h, self.d_k).transpose(1, 2)
        v = self.linear_v(x).view(n_batch, -1, self.h, self.d_k).transpose(1, 2)
        p = self.linear_pos(pos_emb).view(pos_emb.size(0), -1, self.h, self.d_k).transpose(1, 2)
        q_with_bias_u = (q + self.pos_bias_u).transpose(1, 2)
        q_with_bias_v = (q + self.pos_bias_v).transpose(1, 2)
        matrix_ac = torch.matmul(q_with_bias_u, k.transpose(-2, -1))
        matrix_bd = self.rel_shift(torch.matmul(q_with_bias_v, p.transpose(-2, -1)))
        scores = (matrix_ac + matrix_bd) / math.sqrt(self.d_k)
        mask = mask.unsqueeze(1).eq(0)
        min_value = torch.finfo(scores.dtype).min
        scores = scores.masked_fill(mask, min_value)
        self.attn = torch.softmax(scores, dim=-1).masked_fill(mask, 0.0)
        out = torch.matmul(self.attn, v).transpose(1, 2).contiguous().view(n_batch, -1,
                                                                            self.h * self.d_k)
        return self.linear_out(out)


class ConvolutionModule(nn.Module):
    def __init__(self, channels, kernel_size=5):
        super().__init__()
        self.pointwise_conv1 = nn.Conv1d(channels, 2 * channels, 1)
        self.depthwise_conv = nn.Conv1d(channels, channels, kernel_size,
                                        padding=(kernel_size - 1) // 2, groups=channels)
        self.norm = nn.BatchNorm1d(channels)
        self.pointwise_conv2 = nn.Conv1d(channels, channels, 1)
        self.activation = nn.SiLU()

    def forward(self, x, mask_pad):
        x = x.transpose(1, 2).masked_fill(~mask_pad, 0.0)
        x = nn.functional.glu(self.pointwise_conv1(x), dim=1)
        x = self.activation(self.norm(self.depthwise_conv(x)))
        x = self.pointwise_conv2(x).masked_fill(~mask_pad, 0.0)
        return x.transpose(1, 2)


class ConformerBlock(nn.Module):
    def __init__(self, size, heads=2):
        super().__init__()
        self.feed_forward_macaron = nn.Sequential(nn.Linear(size, 2 * size), nn.SiLU(),
                                                  nn.Linear(2 * size, size))
        self.feed_forward = nn.Sequential(nn.Linear(size, 2 * size), nn.SiLU(),
                                          nn.Linear(2 * size, size))
        self.self_attn = RelPositionMultiHeadedAttention(heads, size)
        self.conv_module = ConvolutionModule(size)
        self.norm_ff_macaron, self.norm_mha = nn.LayerNorm(size, eps=1e-12), nn.LayerNorm(size)
        self.norm_conv, self.norm_ff = nn.LayerNorm(size), nn.LayerNorm(size)
        self.norm_final = nn.LayerNorm(size)

    def forward(self, x, pos_emb, mask, mask_pad):
        x = x + 0.5 * self.feed_forward_macaron(self.norm_ff_macaron(x))
        x = x + self.self_attn(self.norm_mha(x), pos_emb, mask)
        x = x + self.conv_module(self.norm_conv(x), mask_pad)
        x = x + 0.5 * self.feed_forward(self.norm_ff(x))
        return self.norm_final(x)


class Conv2dSubsampling4(nn.Module):
    def __init__(self, idim, odim):
        super().__init__()
        self.conv = nn.Sequential(nn.Conv2d(1, odim, 3, 2), nn.ReLU(),
                                  nn.Conv2d(odim, odim, 3, 2), nn.ReLU())
        self.out = nn.Linear(odim * (((idim - 1) // 2 - 1) // 2), odim)

    def forward(self, x, x_mask):
        x = self.conv(x.unsqueeze(1))
        b, c, t, f = x.size()
        x = self.out(x.transpose(1, 2).contiguous().view(b, t, c * f))
        return x, x_mask[:, :, :-2:2][:, :, :-2:2]


class ConformerCTC(nn.Module):
    def __init__(self, idim, vocab, d=8):
        super().__init__()
        self.embed = Conv2dSubsampling4(idim, d)
        self.pos_enc = RelPositionalEncoding(d)
        self.encoders = nn.ModuleList([ConformerBlock(d) for _ in range(2)])
        self.ctc_lo = nn.Linear(d, vocab)
        self.decoder_embed = nn.Embedding(vocab, d)
        self.decoder_out = nn.Linear(d, vocab)

    def encode(self, xs, xs_lens):
        masks = ~make_pad_mask(xs_lens, xs.size(1)).unsqueeze(1)  # (B, 1, T)
        xs, masks = self.embed(xs, masks)
        xs, pos_emb = self.pos_enc(xs)
        for layer in self.encoders:
            xs = layer(xs, pos_emb, masks, masks)
        return xs, masks

    def forward(self, xs, xs_lens, ys_pad, ys_lens, ctc_weight=0.3, lsm_weight=0.1):
        enc, masks = self.encode(xs, xs_lens)
        enc_lens = masks.squeeze(1).sum(1)
        log_probs = self.ctc_lo(enc).log_softmax(2).transpose(0, 1)
        ys_ctc = torch.cat([y[y != IGNORE_ID] for y in ys_pad])
        loss_ctc = F.ctc_loss(log_probs, ys_ctc, enc_lens, ys_lens, blank=0, reduction="sum",
                              zero_infinity=True) / ys_pad.size(0)
        ys_in, ys_out = add_sos_eos(ys_pad, self.ctc_lo.out_features - 1,
                                    self.ctc_lo.out_features - 1, IGNORE_ID)
        memory = (enc * masks.transpose(1, 2)).sum(1) / masks.sum(2)  # a mean-pooled context
        logits = self.decoder_out(self.decoder_embed(ys_in) + memory.unsqueeze(1))
        loss_att = label_smoothing_loss(logits, ys_out, lsm_weight)
        acc = th_accuracy(logits.view(-1, logits.size(-1)), ys_out, IGNORE_ID)
        return ctc_weight * loss_ctc + (1 - ctc_weight) * loss_att, loss_ctc, loss_att, acc


def label_smoothing_loss(x, target, smoothing, normalize_length=False):
    batch_size, size = x.size(0), x.size(-1)
    x, target = x.view(-1, size), target.view(-1)
    criterion = nn.KLDivLoss(reduction="none")
    true_dist = torch.zeros_like(x)
    true_dist.fill_(smoothing / (size - 1))
    ignore = target == IGNORE_ID
    total = len(target) - ignore.sum().item()
    target = target.masked_fill(ignore, 0)
    true_dist.scatter_(1, target.unsqueeze(1), 1 - smoothing)
    kl = criterion(torch.log_softmax(x, dim=1), true_dist)
    denom = total if normalize_length else batch_size
    return kl.masked_fill(ignore.unsqueeze(1), 0).sum() / denom


feats = torch.randn(3, 22, 10)
feat_lens = torch.tensor([22, 12, 20])
feats = feats.masked_fill(make_pad_mask(feat_lens).unsqueeze(-1), 0.0)
torch.manual_seed(1)
warped = time_warp(feats.clone())
masked, _ = mask_along_axis(warped, feat_lens, dim=2)
masked, _ = mask_along_axis(masked, feat_lens, mask_width_range=(0, 4), dim=1)
print("specaug", tuple(masked.shape), f"{warped.sum().item():.6f}",
      int((masked == 0).sum()), f"{masked.abs().sum().item():.6f}")

pos = RelPositionalEncoding(8)
_, pe = pos(torch.zeros(1, 3, 8))
print("rel pos emb", tuple(pe.shape), pe[0, :, :2])
x = torch.arange(2 * 1 * 3 * 5.0).view(2, 1, 3, 5)
print("rel_shift", RelPositionMultiHeadedAttention.rel_shift(x)[0, 0])

vocab = 7  # 0 = blank, 6 = sos/eos
ys_pad = pad_list([torch.tensor([1, 2, 3]), torch.tensor([4, 4]), torch.tensor([5, 1, 2])],
                  IGNORE_ID)
ys_lens = torch.tensor([3, 2, 3])
model = ConformerCTC(10, vocab)
print("subsampled lengths", ((feat_lens - 1) // 2 - 1) // 2)
optimizer = torch.optim.Adam(model.parameters(), lr=5e-3)
for step in range(6):
    model.train()
    loss, loss_ctc, loss_att, acc = model(masked, feat_lens, ys_pad, ys_lens)
    optimizer.zero_grad()
    loss.backward()
    grad_norm = nn.utils.clip_grad_norm_(model.parameters(), 5.0)
    optimizer.step()
    print(f"step {step} loss {loss.item():.5f} ctc {loss_ctc.item():.5f} "
          f"att {loss_att.item():.5f} acc {acc:.3f} grad {grad_norm.item():.4f}")

model.eval()
with torch.no_grad():
    enc, masks = model.encode(feats, feat_lens)
    enc_lens = masks.squeeze(1).sum(1)
    ctc_probs = model.ctc_lo(enc).log_softmax(2)
    topk_prob, topk_index = ctc_probs.topk(1, dim=2)
    topk_index = topk_index.view(feats.size(0), -1)
    topk_index = topk_index.masked_fill(make_pad_mask(enc_lens, enc.size(1)), 0)
    hyps = []
    for seq in topk_index:
        collapsed = torch.unique_consecutive(seq)
        hyps.append(collapsed[collapsed != 0].tolist())
    scores = topk_prob.squeeze(-1).masked_fill(make_pad_mask(enc_lens, enc.size(1)), 0).sum(1)
    print("greedy", hyps, scores)
    attn = model.encoders[0].self_attn.attn
    print("attention to padded frames", attn[1, :, :, int(enc_lens[1]):].abs().max().item())
    print("batchnorm running mean", model.encoders[0].conv_module.norm.running_mean[:3])
