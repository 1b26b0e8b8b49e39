import torch

# diffusers-shaped scheduler code: scaled-linear and squared-cosine beta tables, alphas_cumprod
# with cumprod, set_timesteps with "leading"/"trailing"/"linspace" spacings built in NumPy and
# moved with from_numpy, add_noise broadcasting sqrt(alpha_bar) by unsqueezing, the v-prediction
# velocity, a DDPM step with its clamped variance and generator-seeded noise, Euler and Euler-
# ancestral steps with np.interp'd sigmas (and Karras sigmas mapped back to timesteps through
# log-sigma interpolation), scale_model_input, index_for_timestep through nonzero(), a
# k-diffusion DPM++ 2M sampler, flip_sin_to_cos timestep embeddings, classifier-free guidance
# with guidance rescale, and a few min-SNR-weighted training steps with an EMA copy.
import copy
import math

import numpy as np
import torch.nn as nn
import torch.nn.functional as F


def betas_for_alpha_bar(num_steps, max_beta=0.999):
    def alpha_bar(t):
        return math.cos((t + 0.008) / 1.008 * math.pi / 2) ** 2
    betas = [min(1 - alpha_bar((i + 1) / num_steps) / alpha_bar(i / num_steps), max_beta)
             for i in range(num_steps)]
    return torch.tensor(betas, dtype=torch.float32)


def randn_tensor(shape, generator=None, dtype=None):
    return torch.randn(shape, generator=generator, dtype=dtype)


class SchedulerBase:
    order = 1

    def __init__(self, num_train_timesteps=100, beta_start=0.0001, beta_end=0.02,
                 beta_schedule="scaled_linear", prediction_type="epsilon",
                 timestep_spacing="leading", steps_offset=0):
        self.config = dict(num_train_timesteps=num_train_timesteps, beta_schedule=beta_schedule,
                           prediction_type=prediction_type, timestep_spacing=timestep_spacing,
                           steps_offset=steps_offset)
        if beta_schedule == "linear":
            self.betas = torch.linspace(beta_start, beta_end, num_train_timesteps,
                                        dtype=torch.float32)
        elif beta_schedule == "scaled_linear":
            self.betas = torch.linspace(beta_start ** 0.5, beta_end ** 0.5, num_train_timesteps,
                                        dtype=torch.float32) ** 2
        elif beta_schedule == "squaredcos_cap_v2":
            self.betas = betas_for_alpha_bar(num_train_timesteps)
        else:
            raise NotImplementedError(f"{beta_schedule} is not implemented for {type(self)}")
        self.alphas = 1.0 - self.betas
        self.alphas_cumprod = torch.cumprod(self.alphas, dim=0)
        self.one = torch.tensor(1.0)
        self.num_inference_steps = None

    def spaced_timesteps(self, num_inference_steps):
        n = self.config["num_train_timesteps"]
        spacing = self.config["timestep_spacing"]
        if spacing == "linspace":
            return np.linspace(0, n - 1, num_inference_steps).round()[::-1].copy().astype(np.int64)
        if spacing == "leading":
            step_ratio = n // num_inference_steps
            steps = (np.arange(0, num_inference_steps) * step_ratio).round()[::-1]
            return steps.copy().astype(np.int64) + self.config["steps_offset"]
        if spacing == "trailing":
            step_ratio = n / num_inference_steps
            return (np.round(np.arange(n, 0, -step_ratio)).astype(np.int64) - 1)
        raise ValueError(f"{spacing} is not supported. Please make sure to choose one of "
                         "'linspace', 'leading' or 'trailing'.")

    def add_noise(self, original_samples, noise, timesteps):
        alphas_cumprod = self.alphas_cumprod.to(device=original_samples.device,
                                                dtype=original_samples.dtype)
        timesteps = timesteps.to(original_samples.device)
        sqrt_alpha_prod = alphas_cumprod[timesteps] ** 0.5
        sqrt_alpha_prod = sqrt_alpha_prod.flatten()
        while len(sqrt_alpha_prod.shape) < len(original_samples.shape):
            sqrt_alpha_prod = sqrt_alpha_prod.unsqueeze(-1)
        sqrt_one_minus = ((1 - alphas_cumprod[timesteps]) ** 0.5).flatten()
        while len(sqrt_one_minus.shape) < len(original_samples.shape):
            sqrt_one_minus = sqrt_one_minus.unsqueeze(-1)
        return sqrt_alpha_prod * original_samples + sqrt_one_minus * noise

    def get_velocity(self, sample, noise, timesteps):
        a = self.alphas_cumprod[timesteps].to(sample.dtype)
        shape = (-1,) + (1,) * (sample.ndim - 1)
        return a.sqrt().view(shape) * noise - (1 - a).sqrt().view(shape) * sample


class DDPMScheduler(SchedulerBase):
    def set_timesteps(self, num_inference_steps):
        self.num_inference_steps = num_inference_steps
        self.timesteps = torch.from_numpy(self.spaced_timesteps(num_inference_steps))

    def previous_timestep(self, t):
        return t - self.config["num_train_timesteps"] // self.num_inference_steps

    def _get_variance(self, t):
        prev_t = self.previous_timestep(t)
        alpha_prod_t = self.alphas_cumprod[t]
        alpha_prod_t_prev = self.alphas_cumprod[prev_t] if prev_t >= 0 else self.one
        current_beta_t = 1 - alpha_prod_t / alpha_prod_t_prev
        variance = (1 - alpha_prod_t_prev) / (1 - alpha_prod_t) * current_beta_t
        return torch.clamp(variance, min=1e-20)

    def step(self, model_output, timestep, sample, generator=None):
        t = int(timestep)
        prev_t = self.previous_timestep(t)
        alpha_prod_t = self.alphas_cumprod[t]
        alpha_prod_t_prev = self.alphas_cumprod[prev_t] if prev_t >= 0 else self.one
        beta_prod_t, beta_prod_t_prev = 1 - alpha_prod_t, 1 - alpha_prod_t_prev
        current_alpha_t = alpha_prod_t / alpha_prod_t_prev
        current_beta_t = 1 - current_alpha_t
        if self.config["prediction_type"] == "epsilon":
            pred_original = (sample - beta_prod_t ** 0.5 * model_output) / alpha_prod_t ** 0.5
        elif self.config["prediction_type"] == "v_prediction":
            pred_original = alpha_prod_t ** 0.5 * sample - beta_prod_t ** 0.5 * model_output
        else:
            pred_original = model_output
        pred_original = pred_original.clamp(-1.0, 1.0)
        original_coeff = alpha_prod_t_prev ** 0.5 * current_beta_t / beta_prod_t
        current_coeff = current_alpha_t ** 0.5 * beta_prod_t_prev / beta_prod_t
        prev_sample = original_coeff * pred_original + current_coeff * sample
        if t > 0:
            noise = randn_tensor(model_output.shape, generator=generator,
                                 dtype=model_output.dtype)
            prev_sample = prev_sample + (self._get_variance(t) ** 0.5) * noise
        return prev_sample, pred_original


class EulerDiscreteScheduler(SchedulerBase):
    def __init__(self, *args, use_karras_sigmas=False, ancestral=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.use_karras_sigmas, self.ancestral = use_karras_sigmas, ancestral

    def _sigma_to_t(self, sigma, log_sigmas):
        log_sigma = np.log(np.maximum(sigma, 1e-10))
        dists = log_sigma - log_sigmas[:, np.newaxis]
        low_idx = np.cumsum((dists >= 0), axis=0).argmax(axis=0).clip(
            max=log_sigmas.shape[0] - 2)
        high_idx = low_idx + 1
        low, high = log_sigmas[low_idx], log_sigmas[high_idx]
        w = np.clip((low - log_sigma) / (low - high), 0, 1)
        return ((1 - w) * low_idx + w * high_idx).reshape(sigma.shape)

    def _convert_to_karras(self, in_sigmas, n, rho=7.0):
        sigma_min, sigma_max = in_sigmas[-1].item(), in_sigmas[0].item()
        ramp = np.linspace(0, 1, n)
        min_inv_rho, max_inv_rho = sigma_min ** (1 / rho), sigma_max ** (1 / rho)
        return (max_inv_rho + ramp * (min_inv_rho - max_inv_rho)) ** rho

    def set_timesteps(self, num_inference_steps):
        self.num_inference_steps = num_inference_steps
        n = self.config["num_train_timesteps"]
        timesteps = np.linspace(0, n - 1, num_inference_steps, dtype=np.float32)[::-1].copy()
        sigmas = np.array(((1 - self.alphas_cumprod) / self.alphas_cumprod) ** 0.5)
        log_sigmas = np.log(sigmas)
        sigmas = np.interp(timesteps, np.arange(0, len(sigmas)), sigmas)
        if self.use_karras_sigmas:
            sigmas = self._convert_to_karras(sigmas, num_inference_steps)
            timesteps = np.array([self._sigma_to_t(s, log_sigmas) for s in sigmas])
        sigmas = np.concatenate([sigmas, [0.0]]).astype(np.float32)
        self.sigmas = torch.from_numpy(sigmas).to(device="cpu")
        self.timesteps = torch.from_numpy(timesteps.astype(np.float32))
        self._step_index = None

    @property
    def init_noise_sigma(self):
        max_sigma = self.sigmas.max()
        return (max_sigma ** 2 + 1) ** 0.5

    def index_for_timestep(self, timestep):
        indices = (self.timesteps == timestep).nonzero()
        pos = 1 if len(indices) > 1 else 0
        return indices[pos].item()

    def scale_model_input(self, sample, timestep):
        if self._step_index is None:
            self._step_index = self.index_for_timestep(timestep)
        sigma = self.sigmas[self._step_index]
        return sample / ((sigma ** 2 + 1) ** 0.5)

    def step(self, model_output, timestep, sample, generator=None, s_churn=0.0):
        sigma = self.sigmas[self._step_index]
        sigma_next = self.sigmas[self._step_index + 1]
        sample = sample.to(torch.float32)
        pred_original = sample - sigma * model_output
        if self.ancestral:
            sigma_up = (sigma_next ** 2 * (sigma ** 2 - sigma_next ** 2) / sigma ** 2) ** 0.5
            sigma_down = (sigma_next ** 2 - sigma_up ** 2) ** 0.5
            derivative = (sample - pred_original) / sigma
            prev_sample = sample + derivative * (sigma_down - sigma)
            noise = randn_tensor(model_output.shape, generator=generator,
                                 dtype=model_output.dtype)
            prev_sample = prev_sample + noise * sigma_up
        else:
            gamma = min(s_churn / (len(self.sigmas) - 1), 2 ** 0.5 - 1)
            sigma_hat = sigma * (gamma + 1)
            pred_original = sample - sigma_hat * model_output
            derivative = (sample - pred_original) / sigma_hat
            prev_sample = sample + derivative * (sigma_next - sigma_hat)
        self._step_index += 1
        return prev_sample, pred_original


def get_timestep_embedding(timesteps, embedding_dim, flip_sin_to_cos=False,
                           downscale_freq_shift=1, scale=1, max_period=10000):
    assert len(timesteps.shape) == 1, "Timesteps should be a 1d-array"
    half_dim = embedding_dim // 2
    exponent = -math.log(max_period) * torch.arange(start=0, end=half_dim, dtype=torch.float32)
    exponent = exponent / (half_dim - downscale_freq_shift)
    emb = torch.exp(exponent)
    emb = timesteps[:, None].float() * emb[None, :]
    emb = scale * emb
    emb = torch.cat([torch.sin(emb), torch.cos(emb)], dim=-1)
    if flip_sin_to_cos:
        emb = torch.cat([emb[:, half_dim:], emb[:, :half_dim]], dim=-1)
    if embedding_dim % 2 == 1:
        emb = F.pad(emb, (0, 1, 0, 0))
    return emb


class TinyUNet(nn.Module):
    def __init__(self, channels=2, hidden=8, cond_dim=4):
        super().__init__()
        self.time_proj_dim = 8
        self.time_embedding = nn.Sequential(nn.Linear(8, hidden), nn.SiLU(),
                                            nn.Linear(hidden, hidden))
        self.cond = nn.Linear(cond_dim, hidden)
        self.conv_in = nn.Conv2d(channels, hidden, 3, padding=1)
        self.norm = nn.GroupNorm(2, hidden)
        self.conv_out = nn.Conv2d(hidden, channels, 3, padding=1)

    def forward(self, sample, timestep, encoder_hidden_states):
        if not torch.is_tensor(timestep):
            timestep = torch.tensor([timestep], dtype=torch.long)
        elif timestep.ndim == 0:
            timestep = timestep[None]
        timestep = timestep.expand(sample.shape[0])
        t_emb = get_timestep_embedding(timestep, 8, flip_sin_to_cos=True, downscale_freq_shift=0)
        emb = self.time_embedding(t_emb.to(sample.dtype)) + self.cond(encoder_hidden_states)
        h = self.conv_in(sample) + emb[:, :, None, None]
        return self.conv_out(F.silu(self.norm(h)))


def rescale_noise_cfg(noise_cfg, noise_pred_text, guidance_rescale=0.0):
    std_text = noise_pred_text.std(dim=list(range(1, noise_pred_text.ndim)), keepdim=True)
    std_cfg = noise_cfg.std(dim=list(range(1, noise_cfg.ndim)), keepdim=True)
    rescaled = noise_cfg * (std_text / std_cfg)
    return guidance_rescale * rescaled + (1 - guidance_rescale) * noise_cfg


torch.set_printoptions(precision=4)
for schedule in ("linear", "scaled_linear", "squaredcos_cap_v2"):
    s = DDPMScheduler(beta_schedule=schedule)
    print(schedule, s.betas[[0, 1, 50, 99]], s.alphas_cumprod[[0, 50, 99]])
try:
    DDPMScheduler(beta_schedule="sigmoid")
except NotImplementedError as e:
    print("NotImplementedError:", str(e).split(" for ")[0])
for spacing in ("leading", "trailing", "linspace"):
    s = DDPMScheduler(timestep_spacing=spacing, steps_offset=1 if spacing == "leading" else 0)
    s.set_timesteps(7)
    print(spacing, s.timesteps, s.timesteps.dtype)

euler = EulerDiscreteScheduler()
euler.set_timesteps(6)
print("euler timesteps", euler.timesteps)
print("euler sigmas", euler.sigmas, "init_noise_sigma", euler.init_noise_sigma)
karras = EulerDiscreteScheduler(use_karras_sigmas=True)
karras.set_timesteps(6)
print("karras timesteps", karras.timesteps)
print("karras sigmas", karras.sigmas)

emb = get_timestep_embedding(torch.tensor([0, 10, 99]), 7, flip_sin_to_cos=True,
                             downscale_freq_shift=0)
print("timestep embedding", emb.shape, emb[1])

torch.manual_seed(0)
train_sched = DDPMScheduler(beta_schedule="squaredcos_cap_v2", prediction_type="v_prediction")
unet = TinyUNet()
ema = copy.deepcopy(unet).requires_grad_(False)
optimizer = torch.optim.AdamW(unet.parameters(), lr=3e-3, weight_decay=1e-2)
images = torch.rand(16, 2, 6, 6) * 2 - 1
cond = torch.randn(16, 4)
snr_gamma = 5.0
for step in range(12):
    idx = torch.randint(0, 16, (4,))
    latents, hidden = images[idx], cond[idx]
    noise = torch.randn_like(latents)
    timesteps = torch.randint(0, train_sched.config["num_train_timesteps"], (latents.shape[0],))
    timesteps = timesteps.long()
    noisy = train_sched.add_noise(latents, noise, timesteps)
    target = train_sched.get_velocity(latents, noise, timesteps)
    model_pred = unet(noisy, timesteps, hidden)
    alphas_cumprod = train_sched.alphas_cumprod
    snr = alphas_cumprod[timesteps] / (1 - alphas_cumprod[timesteps])
    weights = torch.stack([snr, snr_gamma * torch.ones_like(timesteps)], dim=1).min(dim=1)[0]
    weights = weights / (snr + 1)  # v-prediction
    loss = F.mse_loss(model_pred.float(), target.float(), reduction="none")
    loss = loss.mean(dim=list(range(1, len(loss.shape)))) * weights
    loss = loss.mean()
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    grad_norm = torch.nn.utils.clip_grad_norm_(unet.parameters(), 1.0)
    optimizer.step()
    decay = min(0.999, (1 + step) / (10 + step))
    with torch.no_grad():
        for s_param, param in zip(ema.parameters(), unet.parameters()):
            s_param.sub_((1 - decay) * (s_param - param))
    if step % 3 == 2:
        print(f"step {step} loss {loss.item():.5f} grad_norm {grad_norm.item():.4f} "
              f"decay {decay:.4f}")

unet.eval()


@torch.no_grad()
def pipeline(scheduler, steps, guidance_scale, guidance_rescale=0.0, seed=0):
    generator = torch.Generator(device="cpu").manual_seed(seed)
    prompt_embeds = torch.randn(2, 4, generator=generator)
    negative_embeds = torch.zeros_like(prompt_embeds)
    embeds = torch.cat([negative_embeds, prompt_embeds])
    scheduler.set_timesteps(steps)
    latents = randn_tensor((2, 2, 6, 6), generator=generator, dtype=torch.float32)
    if isinstance(scheduler, EulerDiscreteScheduler):
        latents = latents * scheduler.init_noise_sigma
    for t in scheduler.timesteps:
        latent_model_input = torch.cat([latents] * 2)
        if isinstance(scheduler, EulerDiscreteScheduler):
            latent_model_input = scheduler.scale_model_input(latent_model_input, t)
        noise_pred = ema(latent_model_input, t, embeds)
        noise_uncond, noise_text = noise_pred.chunk(2)
        noise_pred = noise_uncond + guidance_scale * (noise_text - noise_uncond)
        if guidance_rescale > 0:
            noise_pred = rescale_noise_cfg(noise_pred, noise_text, guidance_rescale)
        latents = scheduler.step(noise_pred, t, latents, generator=generator)[0]
    return latents


for name, sched, steps in (
        ("ddpm", DDPMScheduler(beta_schedule="squaredcos_cap_v2",
                               prediction_type="v_prediction"), 10),
        ("euler", EulerDiscreteScheduler(), 8),
        ("euler_a", EulerDiscreteScheduler(ancestral=True), 8),
        ("karras", EulerDiscreteScheduler(use_karras_sigmas=True), 8)):
    out = pipeline(sched, steps, guidance_scale=3.0, guidance_rescale=0.7)
    print(f"{name:8s} mean {out.mean().item():+.4f} std {out.std().item():.4f} "
          f"min {out.min().item():+.4f} max {out.max().item():+.4f}")


def sample_dpmpp_2m(model, x, sigmas):
    """k-diffusion's DPM-Solver++(2M): the model returns the denoised sample."""
    def t_fn(sigma):
        return sigma.log().neg()

    def sigma_fn(t):
        return t.neg().exp()

    old_denoised = None
    for i in range(len(sigmas) - 1):
        denoised = model(x, sigmas[i])
        t, t_next = t_fn(sigmas[i]), t_fn(sigmas[i + 1])
        h = t_next - t
        if old_denoised is None or sigmas[i + 1] == 0:
            x = (sigma_fn(t_next) / sigma_fn(t)) * x - (-h).expm1() * denoised
        else:
            h_last = t - t_fn(sigmas[i - 1])
            r = h_last / h
            denoised_d = (1 + 1 / (2 * r)) * denoised - (1 / (2 * r)) * old_denoised
            x = (sigma_fn(t_next) / sigma_fn(t)) * x - (-h).expm1() * denoised_d
        old_denoised = denoised
    return x


karras.set_timesteps(8)
log_sigmas = torch.from_numpy(np.log(np.array(((1 - karras.alphas_cumprod)
                                               / karras.alphas_cumprod) ** 0.5)))
embeds = torch.randn(1, 4, generator=torch.Generator().manual_seed(7))


@torch.no_grad()
def denoiser(x, sigma):
    t = (log_sigmas - sigma.log()).abs().argmin()  # nearest discrete timestep
    eps = ema(x / (sigma ** 2 + 1) ** 0.5, t, embeds.expand(x.shape[0], -1))
    return x - sigma * eps


x0 = torch.randn(1, 2, 6, 6, generator=torch.Generator().manual_seed(3)) * karras.sigmas[0]
out = sample_dpmpp_2m(denoiser, x0, karras.sigmas)
print("dpm++2m", out.flatten()[:6], out.abs().mean().item() > 0)
