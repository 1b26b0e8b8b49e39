import torch

# A SAM-style mask decoder (two-way transformer: token self-attention, token-to-image and
# image-to-token cross attention with downsampled internal dims, dense positional encodings
# from random Fourier features, output upscaling with ConvTranspose2d and LayerNorm2d,
# hypernetwork MLPs per mask token, an IoU head, mask selection and a dice/focal loss),
# and a liquid time-constant (LTC) cell unfolded with a fused semi-implicit ODE solver.
import math

import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class LayerNorm2d(nn.Module):
    def __init__(self, num_channels, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(num_channels))
        self.bias = nn.Parameter(torch.zeros(num_channels))
        self.eps = eps

    def forward(self, x):
        u = x.mean(1, keepdim=True)
        s = (x - u).pow(2).mean(1, keepdim=True)
        x = (x - u) / torch.sqrt(s + self.eps)
        return self.weight[:, None, None] * x + self.bias[:, None, None]


class Attention(nn.Module):
    def __init__(self, embedding_dim, num_heads, downsample_rate=1):
        super().__init__()
        self.internal_dim = embedding_dim // downsample_rate
        self.num_heads = num_heads
        self.q_proj = nn.Linear(embedding_dim, self.internal_dim)
        self.k_proj = nn.Linear(embedding_dim, self.internal_dim)
        self.v_proj = nn.Linear(embedding_dim, self.internal_dim)
        self.out_proj = nn.Linear(self.internal_dim, embedding_dim)

    def _separate_heads(self, x):
        b, n, c = x.shape
        return x.reshape(b, n, self.num_heads, c // self.num_heads).transpose(1, 2)

    def forward(self, q, k, v):
        q = self._separate_heads(self.q_proj(q))
        k = self._separate_heads(self.k_proj(k))
        v = self._separate_heads(self.v_proj(v))
        attn = q @ k.permute(0, 1, 3, 2) / math.sqrt(q.shape[-1])
        out = torch.softmax(attn, dim=-1) @ v
        b, h, n, c = out.shape
        return self.out_proj(out.transpose(1, 2).reshape(b, n, h * c))


class TwoWayBlock(nn.Module):
    def __init__(self, dim, heads, mlp_dim, skip_first_layer_pe=False):
        super().__init__()
        self.self_attn = Attention(dim, heads)
        self.norm1 = nn.LayerNorm(dim)
        self.cross_t2i = Attention(dim, heads, downsample_rate=2)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, mlp_dim), nn.ReLU(), nn.Linear(mlp_dim, dim))
        self.norm3 = nn.LayerNorm(dim)
        self.norm4 = nn.LayerNorm(dim)
        self.cross_i2t = Attention(dim, heads, downsample_rate=2)
        self.skip_first_layer_pe = skip_first_layer_pe

    def forward(self, queries, keys, query_pe, key_pe):
        if self.skip_first_layer_pe:
            queries = self.self_attn(queries, queries, queries)
        else:
            q = queries + query_pe
            queries = queries + self.self_attn(q, q, queries)
        queries = self.norm1(queries)
        q, k = queries + query_pe, keys + key_pe
        queries = self.norm2(queries + self.cross_t2i(q, k, keys))
        queries = self.norm3(queries + self.mlp(queries))
        q, k = queries + query_pe, keys + key_pe
        keys = self.norm4(keys + self.cross_i2t(k, q, queries))
        return queries, keys


class PositionEmbeddingRandom(nn.Module):
    def __init__(self, num_pos_feats=8):
        super().__init__()
        self.register_buffer("gaussian", torch.randn((2, num_pos_feats)))

    def _pe_encoding(self, coords):
        coords = 2 * coords - 1
        coords = coords @ self.gaussian
        coords = 2 * math.pi * coords
        return torch.cat([torch.sin(coords), torch.cos(coords)], dim=-1)

    def forward(self, size):
        h, w = size
        grid = torch.ones((h, w))
        y_embed = (grid.cumsum(dim=0) - 0.5) / h
        x_embed = (grid.cumsum(dim=1) - 0.5) / w
        pe = self._pe_encoding(torch.stack([x_embed, y_embed], dim=-1))
        return pe.permute(2, 0, 1)

    def forward_with_coords(self, coords, image_size):
        coords = coords.clone()
        coords[:, :, 0] = coords[:, :, 0] / image_size[1]
        coords[:, :, 1] = coords[:, :, 1] / image_size[0]
        return self._pe_encoding(coords.to(torch.float))


class MaskDecoder(nn.Module):
    def __init__(self, dim=16, num_multimask_outputs=3):
        super().__init__()
        self.num_mask_tokens = num_multimask_outputs + 1
        self.iou_token = nn.Embedding(1, dim)
        self.mask_tokens = nn.Embedding(self.num_mask_tokens, dim)
        self.blocks = nn.ModuleList([TwoWayBlock(dim, 2, 32, skip_first_layer_pe=(i == 0))
                                     for i in range(2)])
        self.final_attn = Attention(dim, 2, downsample_rate=2)
        self.norm_final = nn.LayerNorm(dim)
        self.upscale = nn.Sequential(nn.ConvTranspose2d(dim, dim // 4, 2, stride=2),
                                     LayerNorm2d(dim // 4), nn.GELU(),
                                     nn.ConvTranspose2d(dim // 4, dim // 8, 2, stride=2),
                                     nn.GELU())
        self.hyper = nn.ModuleList([nn.Sequential(nn.Linear(dim, dim), nn.ReLU(),
                                                  nn.Linear(dim, dim // 8))
                                    for _ in range(self.num_mask_tokens)])
        self.iou_head = nn.Sequential(nn.Linear(dim, 32), nn.ReLU(),
                                      nn.Linear(32, self.num_mask_tokens))

    def forward(self, image_embeddings, image_pe, sparse_prompt):
        output_tokens = torch.cat([self.iou_token.weight, self.mask_tokens.weight], dim=0)
        output_tokens = output_tokens.unsqueeze(0).expand(sparse_prompt.size(0), -1, -1)
        tokens = torch.cat((output_tokens, sparse_prompt), dim=1)
        src = torch.repeat_interleave(image_embeddings, tokens.shape[0], dim=0)
        pos_src = torch.repeat_interleave(image_pe, tokens.shape[0], dim=0)
        b, c, h, w = src.shape
        keys = src.flatten(2).permute(0, 2, 1)
        key_pe = pos_src.flatten(2).permute(0, 2, 1)
        queries = tokens
        for blk in self.blocks:
            queries, keys = blk(queries, keys, tokens, key_pe)
        q = queries + tokens
        queries = self.norm_final(queries + self.final_attn(q, keys + key_pe, keys))
        iou_token_out = queries[:, 0, :]
        mask_tokens_out = queries[:, 1:1 + self.num_mask_tokens, :]
        src = keys.transpose(1, 2).view(b, c, h, w)
        upscaled = self.upscale(src)
        hyper_in = torch.stack([mlp(mask_tokens_out[:, i]) for i, mlp in enumerate(self.hyper)],
                               dim=1)
        b, c, h, w = upscaled.shape
        masks = (hyper_in @ upscaled.view(b, c, h * w)).view(b, -1, h, w)
        return masks, self.iou_head(iou_token_out)


pe_layer = PositionEmbeddingRandom(8)
decoder = MaskDecoder(16)
image_emb = torch.randn(1, 16, 4, 4)
image_pe = pe_layer((4, 4)).unsqueeze(0)
print("dense pe", tuple(image_pe.shape), image_pe[0, :2, 0, :2])
points = torch.tensor([[[10.0, 20.0], [40.0, 8.0]]])
sparse = pe_layer.forward_with_coords(points, (64, 64))
print("sparse pe", tuple(sparse.shape), sparse[0, 0, :4])
gt = torch.zeros(1, 1, 16, 16)
gt[..., 3:10, 5:12] = 1.0


def dice_loss(logits, target):
    p = logits.sigmoid().flatten(1)
    t = target.flatten(1)
    return 1 - (2 * (p * t).sum(-1) + 1) / (p.sum(-1) + t.sum(-1) + 1)


opt = torch.optim.AdamW([*decoder.parameters()], lr=3e-3)
for step in range(5):
    masks, iou_pred = decoder(image_emb, image_pe, sparse)
    multi = masks[:, 1:]
    losses = torch.stack([dice_loss(multi[:, i], gt[:, 0]) for i in range(3)], 1) + \
        torch.stack([F.binary_cross_entropy_with_logits(multi[:, i], gt[:, 0]) for i in
                     range(3)]).unsqueeze(0)
    best = losses.argmin(1)
    with torch.no_grad():
        pred = (multi > 0).float()
        inter = (pred * gt).flatten(2).sum(-1)
        union = ((pred + gt) > 0).float().flatten(2).sum(-1)
        true_iou = inter / union.clamp(min=1)
    loss = losses.gather(1, best[:, None]).mean() + F.mse_loss(iou_pred[:, 1:], true_iou)
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f"sam step {step} loss {loss.item():.4f} best {best.tolist()} "
          f"iou {true_iou.squeeze(0).tolist()}")
print("masks", tuple(masks.shape), "iou head", tuple(iou_pred.shape))
print(decoder.upscale)


class LTCCell(nn.Module):
    def __init__(self, in_features, units, ode_unfolds=6, epsilon=1e-8):
        super().__init__()
        self.ode_unfolds, self.epsilon = ode_unfolds, epsilon
        self.gleak = nn.Parameter(torch.rand(units) * 0.999 + 0.001)
        self.vleak = nn.Parameter(torch.rand(units) * 0.4 - 0.2)
        self.cm = nn.Parameter(torch.rand(units) * 0.2 + 0.4)
        self.sigma = nn.Parameter(torch.rand(units, units) * 5 + 3)
        self.mu = nn.Parameter(torch.rand(units, units) * 0.5 + 0.3)
        self.w = nn.Parameter(torch.rand(units, units) * 0.99 + 0.01)
        self.erev = nn.Parameter(torch.randint(0, 2, (units, units)).float() * 2 - 1)
        self.sensory_sigma = nn.Parameter(torch.rand(in_features, units) * 5 + 3)
        self.sensory_mu = nn.Parameter(torch.rand(in_features, units) * 0.5 + 0.3)
        self.sensory_w = nn.Parameter(torch.rand(in_features, units) * 0.99 + 0.01)
        self.sensory_erev = nn.Parameter(torch.randint(0, 2, (in_features, units)).float()
                                         * 2 - 1)
        self.softplus = nn.Softplus()

    @staticmethod
    def _sigmoid(v_pre, mu, sigma):
        v_pre = torch.unsqueeze(v_pre, -1)
        return torch.sigmoid(sigma * (v_pre - mu))

    def forward(self, inputs, state, elapsed_time=1.0):
        sensory_w_activation = self.softplus(self.sensory_w) * self._sigmoid(
            inputs, self.sensory_mu, self.sensory_sigma)
        sensory_rev_activation = sensory_w_activation * self.sensory_erev
        w_numerator_sensory = torch.sum(sensory_rev_activation, dim=1)
        w_denominator_sensory = torch.sum(sensory_w_activation, dim=1)
        cm_t = self.softplus(self.cm) / (elapsed_time / self.ode_unfolds)
        v_pre = state
        w_param = self.softplus(self.w)
        for _ in range(self.ode_unfolds):
            w_activation = w_param * self._sigmoid(v_pre, self.mu, self.sigma)
            rev_activation = w_activation * self.erev
            w_numerator = torch.sum(rev_activation, dim=1) + w_numerator_sensory
            w_denominator = torch.sum(w_activation, dim=1) + w_denominator_sensory
            gleak = self.softplus(self.gleak)
            numerator = cm_t * v_pre + gleak * self.vleak + w_numerator
            denominator = cm_t + gleak + w_denominator
            v_pre = numerator / (denominator + self.epsilon)
        return v_pre


ltc = LTCCell(2, 6)
seq = torch.randn(3, 8, 2)
elapsed = torch.rand(3, 8) + 0.5
h = torch.zeros(3, 6)
for t in range(8):
    h = ltc(seq[:, t], h, elapsed[:, t:t + 1])
print("ltc state", h[0])
h.sum().backward()
print("ltc grads finite", all(torch.isfinite(p.grad).all().item() for p in ltc.parameters()))
print("cm grad", ltc.cm.grad[:3])
