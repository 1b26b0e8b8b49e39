import torch

# openai/whisper-shaped inference code: pad_or_trim with index_select / F.pad, a log-mel
# spectrogram (hann window, torch.stft, |.|^2 without the last frame, mel filters @ power,
# clamp/log10, max - 8 floor), sinusoidal encoder positions, LayerNorm/Linear/Conv1d
# subclasses that cast weights to the input's dtype (Conv1d through _conv_forward), a causal
# mask buffer from fill_(-inf).triu_(1), cross-attention keys cached by forward hooks keyed on
# modules (install_kv_cache_hooks), alignment heads stored as a sparse bool buffer decoded from
# base85 + gzip, language detection by masking logits, logit filters (suppress blank/tokens,
# timestamp rules with logsumexp), greedy and temperature-sampled decoding with sum_logprobs,
# a compression-ratio fallback, and word timing from cross-attention through a median filter
# (reflect pad + unfold + sort) and DTW.
import base64
import gzip
import zlib

import numpy as np
import torch.nn.functional as F
from torch import Tensor, nn
from torch.distributions import Categorical

torch.manual_seed(0)
SAMPLE_RATE, N_FFT, HOP_LENGTH, N_MELS = 800, 64, 16, 8
N_SAMPLES = SAMPLE_RATE  # one-second chunks
N_FRAMES = N_SAMPLES // HOP_LENGTH


def pad_or_trim(array, length=N_SAMPLES, *, axis=-1):
    if array.shape[axis] > length:
        array = array.index_select(dim=axis, index=torch.arange(length, device=array.device))
    if array.shape[axis] < length:
        pad_widths = [(0, 0)] * array.ndim
        pad_widths[axis] = (0, length - array.shape[axis])
        array = F.pad(array, [pad for sizes in pad_widths[::-1] for pad in sizes])
    return array


def mel_filters(n_mels=N_MELS, n_fft=N_FFT, sr=SAMPLE_RATE):
    def hz_to_mel(f):
        return 2595.0 * np.log10(1.0 + f / 700.0)
    mels = np.linspace(hz_to_mel(0.0), hz_to_mel(sr / 2), n_mels + 2)
    hz = 700.0 * (10 ** (mels / 2595.0) - 1.0)
    bins = np.fft.rfftfreq(n_fft, 1.0 / sr)
    fb = np.zeros((n_mels, len(bins)), dtype=np.float32)
    for m in range(n_mels):
        lo, center, hi = hz[m], hz[m + 1], hz[m + 2]
        fb[m] = np.maximum(0, np.minimum((bins - lo) / (center - lo), (hi - bins) / (hi - center)))
    return torch.from_numpy(fb)


def log_mel_spectrogram(audio, n_mels=N_MELS, padding=0):
    if not torch.is_tensor(audio):
        audio = torch.from_numpy(audio)
    if padding > 0:
        audio = F.pad(audio, (0, padding))
    window = torch.hann_window(N_FFT).to(audio.device)
    stft = torch.stft(audio, N_FFT, HOP_LENGTH, window=window, return_complex=True)
    magnitudes = stft[..., :-1].abs() ** 2
    mel_spec = mel_filters() @ magnitudes
    log_spec = torch.clamp(mel_spec, min=1e-10).log10()
    log_spec = torch.maximum(log_spec, log_spec.max() - 8.0)
    return (log_spec + 4.0) / 4.0


t = np.arange(int(0.8 * SAMPLE_RATE)) / SAMPLE_RATE
audio = (0.5 * np.sin(2 * np.pi * 110 * t) * np.exp(-2 * t)
         + 0.05 * np.random.default_rng(0).standard_normal(t.size)).astype(np.float32)
padded = pad_or_trim(torch.from_numpy(audio))
print("pad_or_trim", padded.shape, padded[-3:], pad_or_trim(padded, 10).shape)
mel = log_mel_spectrogram(padded)
print("mel", mel.shape, mel.dtype, f"{mel.min().item():.4f} {mel.max().item():.4f} "
      f"{mel.mean().item():.4f}")
print("mel frame 10", mel[:, 10])


def sinusoids(length, channels, max_timescale=10000):
    assert channels % 2 == 0
    log_timescale_increment = np.log(max_timescale) / (channels // 2 - 1)
    inv_timescales = torch.exp(-log_timescale_increment * torch.arange(channels // 2))
    scaled_time = torch.arange(length)[:, np.newaxis] * inv_timescales[np.newaxis, :]
    return torch.cat([torch.sin(scaled_time), torch.cos(scaled_time)], dim=1)


class LayerNorm(nn.LayerNorm):
    def forward(self, x: Tensor) -> Tensor:
        return super().forward(x.float()).type(x.dtype)


class Linear(nn.Linear):
    def forward(self, x: Tensor) -> Tensor:
        return F.linear(x, self.weight.to(x.dtype),
                        None if self.bias is None else self.bias.to(x.dtype))


class Conv1d(nn.Conv1d):
    calls = 0

    def _conv_forward(self, x, weight, bias):
        Conv1d.calls += 1
        return super()._conv_forward(x, weight.to(x.dtype),
                                     None if bias is None else bias.to(x.dtype))


class MultiHeadAttention(nn.Module):
    def __init__(self, n_state, n_head):
        super().__init__()
        self.n_head = n_head
        self.query = Linear(n_state, n_state)
        self.key = Linear(n_state, n_state, bias=False)
        self.value = Linear(n_state, n_state)
        self.out = Linear(n_state, n_state)

    def forward(self, x, xa=None, mask=None, kv_cache=None):
        q = self.query(x)
        if kv_cache is None or xa is None or self.key not in kv_cache:
            k = self.key(x if xa is None else xa)
            v = self.value(x if xa is None else xa)
        else:
            k, v = kv_cache[self.key], kv_cache[self.value]
        wv, qk = self.qkv_attention(q, k, v, mask)
        return self.out(wv), qk

    def qkv_attention(self, q, k, v, mask=None):
        n_batch, n_ctx, n_state = q.shape
        scale = (n_state // self.n_head) ** -0.25
        q = q.view(*q.shape[:2], self.n_head, -1).permute(0, 2, 1, 3)
        k = k.view(*k.shape[:2], self.n_head, -1).permute(0, 2, 1, 3)
        v = v.view(*v.shape[:2], self.n_head, -1).permute(0, 2, 1, 3)
        qk = (q * scale) @ (k * scale).transpose(-1, -2)
        if mask is not None:
            qk = qk + mask[:n_ctx, :n_ctx]
        qk = qk.float()
        w = F.softmax(qk, dim=-1).to(q.dtype)
        out = (w @ v).permute(0, 2, 1, 3).flatten(start_dim=2)
        return out, qk.detach()


class ResidualAttentionBlock(nn.Module):
    def __init__(self, n_state, n_head, cross_attention=False):
        super().__init__()
        self.attn, self.attn_ln = MultiHeadAttention(n_state, n_head), LayerNorm(n_state)
        self.cross_attn = MultiHeadAttention(n_state, n_head) if cross_attention else None
        self.cross_attn_ln = LayerNorm(n_state) if cross_attention else None
        self.mlp = nn.Sequential(Linear(n_state, 4 * n_state), nn.GELU(),
                                 Linear(4 * n_state, n_state))
        self.mlp_ln = LayerNorm(n_state)

    def forward(self, x, xa=None, mask=None, kv_cache=None):
        x = x + self.attn(self.attn_ln(x), mask=mask, kv_cache=kv_cache)[0]
        cross_qk = None
        if self.cross_attn:
            out, cross_qk = self.cross_attn(self.cross_attn_ln(x), xa, kv_cache=kv_cache)
            x = x + out
        return x + self.mlp(self.mlp_ln(x)), cross_qk


class AudioEncoder(nn.Module):
    def __init__(self, n_mels, n_ctx, n_state, n_head, n_layer):
        super().__init__()
        self.conv1 = Conv1d(n_mels, n_state, kernel_size=3, padding=1)
        self.conv2 = Conv1d(n_state, n_state, kernel_size=3, stride=2, padding=1)
        self.register_buffer("positional_embedding", sinusoids(n_ctx, n_state))
        self.blocks = nn.ModuleList([ResidualAttentionBlock(n_state, n_head)
                                     for _ in range(n_layer)])
        self.ln_post = LayerNorm(n_state)

    def forward(self, x):
        x = F.gelu(self.conv1(x))
        x = F.gelu(self.conv2(x)).permute(0, 2, 1)
        assert x.shape[1:] == self.positional_embedding.shape, "incorrect audio shape"
        x = (x + self.positional_embedding).to(x.dtype)
        for block in self.blocks:
            x = block(x)[0]
        return self.ln_post(x)


class TextDecoder(nn.Module):
    def __init__(self, n_vocab, n_ctx, n_state, n_head, n_layer):
        super().__init__()
        self.token_embedding = nn.Embedding(n_vocab, n_state)
        self.positional_embedding = nn.Parameter(torch.empty(n_ctx, n_state))
        nn.init.normal_(self.positional_embedding, std=0.02)
        self.blocks = nn.ModuleList([ResidualAttentionBlock(n_state, n_head, True)
                                     for _ in range(n_layer)])
        self.ln = LayerNorm(n_state)
        mask = torch.empty(n_ctx, n_ctx).fill_(-np.inf).triu_(1)
        self.register_buffer("mask", mask, persistent=False)

    def forward(self, x, xa, kv_cache=None):
        offset = next(iter(kv_cache.values())).shape[1] if kv_cache else 0
        x = self.token_embedding(x) + self.positional_embedding[offset:offset + x.shape[-1]]
        x = x.to(xa.dtype)
        cross_qks = []
        for block in self.blocks:
            x, qk = block(x, xa, mask=self.mask, kv_cache=kv_cache)
            cross_qks.append(qk)
        x = self.ln(x)
        logits = (x @ torch.transpose(self.token_embedding.weight.to(x.dtype), 0, 1)).float()
        return logits, cross_qks


class Whisper(nn.Module):
    def __init__(self, n_vocab=40, n_state=16, n_head=2, n_layer=2, n_text_ctx=16):
        super().__init__()
        self.encoder = AudioEncoder(N_MELS, N_FRAMES // 2, n_state, n_head, n_layer)
        self.decoder = TextDecoder(n_vocab, n_text_ctx, n_state, n_head, n_layer)
        all_heads = torch.zeros(n_layer, n_head, dtype=torch.bool)
        all_heads[n_layer // 2:] = True
        self.register_buffer("alignment_heads", all_heads.to_sparse(), persistent=False)

    def set_alignment_heads(self, dump):
        array = np.frombuffer(gzip.decompress(base64.b85decode(dump)), dtype=bool).copy()
        mask = torch.from_numpy(array).reshape(len(self.decoder.blocks), -1)
        self.register_buffer("alignment_heads", mask.to_sparse(), persistent=False)

    def install_kv_cache_hooks(self, cache=None):
        cache = {**cache} if cache is not None else {}
        hooks = []

        def save_to_cache(module, _, output):
            if module not in cache or output.shape[1] > self.decoder.positional_embedding.shape[0]:
                cache[module] = output  # first token or cross attention: save as-is
            else:
                cache[module] = torch.cat([cache[module], output], dim=1).detach()
            return cache[module]

        def install_hooks(layer):
            if isinstance(layer, MultiHeadAttention):
                hooks.append(layer.key.register_forward_hook(save_to_cache))
                hooks.append(layer.value.register_forward_hook(save_to_cache))

        self.decoder.apply(install_hooks)
        return cache, hooks


model = Whisper().eval()
print("alignment heads", model.alignment_heads.indices().T.tolist(),
      model.alignment_heads.is_sparse)
dump = base64.b85encode(gzip.compress(np.array([[True, False], [False, True]]).tobytes()))
model.set_alignment_heads(dump)
print("set_alignment_heads", model.alignment_heads.indices().T.tolist(),
      model.alignment_heads.to_dense())
print("state_dict keys", [k for k in model.state_dict() if "mask" in k or "positional" in k])

SOT, EOT, NO_TIMESTAMPS, LANG = 30, 31, 32, (33, 34, 35)
TIMESTAMP_BEGIN = 36
with torch.no_grad():
    audio_features = model.encoder(mel.unsqueeze(0))
    print("audio features", audio_features.shape, "conv calls", Conv1d.calls,
          f"{audio_features.std().item():.4f}")
    logits = model.decoder(torch.tensor([[SOT]]), audio_features)[0][:, 0]
    mask = torch.ones(logits.shape[-1], dtype=torch.bool)
    mask[list(LANG)] = False
    logits[:, mask] = -np.inf
    language_tokens = logits.argmax(dim=-1)
    language_token_probs = logits.softmax(dim=-1).cpu()
    print("language", language_tokens.tolist(),
          [round(language_token_probs[0, j].item(), 4) for j in LANG])


def apply_timestamp_rules(logits, tokens, sample_begin):
    logits[:, NO_TIMESTAMPS] = -np.inf
    for k in range(tokens.shape[0]):
        sampled = tokens[k, sample_begin:]
        seq = [t for t in sampled.tolist()]
        last_was_timestamp = len(seq) >= 1 and seq[-1] >= TIMESTAMP_BEGIN
        penultimate_was_timestamp = len(seq) < 2 or seq[-2] >= TIMESTAMP_BEGIN
        if last_was_timestamp:
            if penultimate_was_timestamp:
                logits[k, TIMESTAMP_BEGIN:] = -np.inf
            else:
                logits[k, :EOT] = -np.inf
    if tokens.shape[1] == sample_begin:
        logits[:, :TIMESTAMP_BEGIN] = -np.inf  # the first sampled token is a timestamp
    logprobs = F.log_softmax(logits.float(), dim=-1)
    for k in range(tokens.shape[0]):
        timestamp_logprob = logprobs[k, TIMESTAMP_BEGIN:].logsumexp(dim=-1)
        max_text_token_logprob = logprobs[k, :TIMESTAMP_BEGIN].max()
        if timestamp_logprob > max_text_token_logprob:
            logits[k, :TIMESTAMP_BEGIN] = -np.inf


@torch.no_grad()
def decode(model, audio_features, temperature=0.0, n_group=1, max_len=10, timestamps=True,
           suppress=(2, 5)):
    tokens = torch.tensor([[SOT, int(language_tokens[0])]]).repeat(n_group, 1)
    audio_features = torch.repeat_interleave(audio_features, n_group, dim=0)
    sample_begin = tokens.shape[1]
    kv_cache, hooks = model.install_kv_cache_hooks()
    sum_logprobs = torch.zeros(n_group)
    try:
        for i in range(max_len):
            inputs = tokens if not kv_cache else tokens[:, -1:]
            logits = model.decoder(inputs, audio_features, kv_cache=kv_cache)[0][:, -1]
            if tokens.shape[1] == sample_begin:
                logits[:, [0, EOT]] = -np.inf  # SuppressBlank
            logits[:, list(suppress) + [SOT] + list(LANG)] = -np.inf  # SuppressTokens
            if timestamps:
                apply_timestamp_rules(logits, tokens, sample_begin)
            if temperature == 0:
                next_tokens = logits.argmax(dim=-1)
            else:
                next_tokens = Categorical(logits=logits / temperature).sample()
            logprobs = F.log_softmax(logits.float(), dim=-1)
            current_logprobs = logprobs[torch.arange(logprobs.shape[0]), next_tokens]
            sum_logprobs += current_logprobs * (tokens[:, -1] != EOT)
            next_tokens[tokens[:, -1] == EOT] = EOT
            tokens = torch.cat([tokens, next_tokens[:, None]], dim=-1)
            if (tokens[:, -1] == EOT).all():
                break
    finally:
        for hook in hooks:
            hook.remove()
    cache_shapes = sorted({tuple(v.shape) for v in kv_cache.values()})
    return tokens, sum_logprobs, cache_shapes


tokens, sum_logprobs, shapes = decode(model, audio_features)
print("greedy", tokens.tolist(), [f"{v:.4f}" for v in sum_logprobs.tolist()], shapes)
tokens_nt, lp_nt, _ = decode(model, audio_features, timestamps=False)
print("without timestamps", tokens_nt.tolist(), f"{lp_nt.item():.4f}")
with torch.no_grad():  # the cache gives what a full recompute gives
    full = model.decoder(tokens_nt, audio_features)[0]
    cache, hooks = model.install_kv_cache_hooks()
    steps = [model.decoder(tokens_nt[:, :2], audio_features, kv_cache=cache)[0]]
    for j in range(2, tokens_nt.shape[1]):
        steps.append(model.decoder(tokens_nt[:, j:j + 1], audio_features, kv_cache=cache)[0])
    for hook in hooks:
        hook.remove()
    print("kv cache == full:", torch.allclose(torch.cat(steps, 1), full, atol=1e-5),
          "hooks left:", len(model.decoder.blocks[0].attn.key._forward_hooks))


def compression_ratio(text):
    text_bytes = text.encode("utf-8")
    return len(text_bytes) / len(zlib.compress(text_bytes))


for temperature in (0.0, 0.4, 0.8):
    torch.manual_seed(3)
    toks, lps, _ = decode(model, audio_features, temperature=temperature, n_group=3,
                          timestamps=False)
    texts = [" ".join(f"w{t}" for t in row[2:].tolist() if t != EOT) for row in toks]
    lengths = torch.tensor([max(1, sum(t != EOT for t in row[2:].tolist())) for row in toks])
    avg_logprob = lps / lengths
    best = int(avg_logprob.argmax())
    ratio = compression_ratio(texts[best] * 3)
    print(f"T={temperature}: {texts} avg {[round(v, 3) for v in avg_logprob.tolist()]} "
          f"best {best} ratio {ratio:.3f}")
    if ratio <= 2.4 and avg_logprob[best] > -3.0:
        break


def median_filter(x, filter_width):
    pad_width = filter_width // 2
    if x.shape[-1] <= pad_width:
        return x
    if (ndim := x.ndim) <= 2:
        x = x[None, None, :]
    x = F.pad(x, (filter_width // 2, filter_width // 2, 0, 0), mode="reflect")
    result = x.unfold(-1, filter_width, 1).sort()[0][..., filter_width // 2]
    if ndim <= 2:
        result = result[0, 0]
    return result


def dtw(x):
    N, M = x.shape
    cost = np.ones((N + 1, M + 1), dtype=np.float32) * np.inf
    trace = -np.ones((N + 1, M + 1), dtype=np.float32)
    cost[0, 0] = 0
    for j in range(1, M + 1):
        for i in range(1, N + 1):
            c0, c1, c2 = cost[i - 1, j - 1], cost[i - 1, j], cost[i, j - 1]
            c, tr = (c0, 0) if c0 < c1 and c0 < c2 else ((c1, 1) if c1 < c2 else (c2, 2))
            cost[i, j] = x[i - 1, j - 1] + c
            trace[i, j] = tr
    i, j = trace.shape[0] - 1, trace.shape[1] - 1
    trace[0, :], trace[:, 0] = 2, 1
    result = []
    while i > 0 or j > 0:
        result.append((i - 1, j - 1))
        if trace[i, j] == 0:
            i, j = i - 1, j - 1
        elif trace[i, j] == 1:
            i -= 1
        else:
            j -= 1
    return np.array(result)[::-1].T


with torch.no_grad():
    _, cross_qks = model.decoder(tokens_nt, audio_features)
    weights = torch.stack([cross_qks[layer][0, head]
                           for layer, head in model.alignment_heads.indices().T])
    weights = (weights * 1.0).softmax(dim=-1)
    std, mean = torch.std_mean(weights, dim=-2, keepdim=True, unbiased=False)
    weights = (weights - mean) / std
    weights = median_filter(weights, 3)
    matrix = weights.mean(axis=0)[2:-1]
    text_indices, time_indices = dtw(-matrix.double().numpy())
    jumps = np.pad(np.diff(text_indices), (1, 0), constant_values=1).astype(bool)
    jump_times = time_indices[jumps] * HOP_LENGTH * 2 / SAMPLE_RATE
    print("median filtered", weights.shape, f"{weights.abs().sum().item():.4f}")
    print("word starts", [f"{v:.2f}" for v in jump_times.tolist()])
