import torch
# Two GAN training loops as the CycleGAN/pix2pix and InfoGAN reference repositories write them.
# CycleGAN: ResNet generators with ReflectionPad2d, InstanceNorm2d (affine=False) and
# ConvTranspose2d upsampling with output_padding, 70x70-style PatchGAN discriminators with
# LeakyReLU(0.2), an image pool that returns a random mix of stored and fresh fakes, the LSGAN
# loss through MSELoss against targets built by expand_as, cycle-consistency and identity L1
# losses, set_requires_grad toggling on the discriminators, discriminators updated on
# fake.detach(), and linear-decay LambdaLR schedules. InfoGAN: a generator fed noise, a
# one-hot categorical code and continuous codes, a shared discriminator trunk with a Q head,
# the mutual-information loss (cross-entropy for the categorical code, Gaussian NLL for the
# continuous codes) backpropagated into both G and Q. Prints losses, pool statistics,
# learning rates, shapes and gradient norms.
import random

import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
random.seed(0)
torch.set_default_dtype(torch.float64)


class ResnetBlock(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.conv_block = nn.Sequential(
            nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, 3), nn.InstanceNorm2d(dim), nn.ReLU(True),
            nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, 3), nn.InstanceNorm2d(dim))

    def forward(self, x):
        return x + self.conv_block(x)


def resnet_generator(ngf=4, n_blocks=1):
    return nn.Sequential(
        nn.ReflectionPad2d(3), nn.Conv2d(3, ngf, 7), nn.InstanceNorm2d(ngf), nn.ReLU(True),
        nn.Conv2d(ngf, ngf * 2, 3, stride=2, padding=1), nn.InstanceNorm2d(ngf * 2), nn.ReLU(True),
        *[ResnetBlock(ngf * 2) for _ in range(n_blocks)],
        nn.ConvTranspose2d(ngf * 2, ngf, 3, stride=2, padding=1, output_padding=1),
        nn.InstanceNorm2d(ngf), nn.ReLU(True),
        nn.ReflectionPad2d(3), nn.Conv2d(ngf, 3, 7), nn.Tanh())


def patch_discriminator(ndf=4):
    return nn.Sequential(
        nn.Conv2d(3, ndf, 4, stride=2, padding=1), nn.LeakyReLU(0.2, True),
        nn.Conv2d(ndf, ndf * 2, 4, stride=2, padding=1), nn.InstanceNorm2d(ndf * 2),
        nn.LeakyReLU(0.2, True),
        nn.Conv2d(ndf * 2, 1, 4, stride=1, padding=1))


def init_weights(net, gain=0.02):
    def init_func(m):
        classname = m.__class__.__name__
        if hasattr(m, "weight") and ("Conv" in classname or "Linear" in classname):
            nn.init.normal_(m.weight.data, 0.0, gain)
            if m.bias is not None:
                nn.init.constant_(m.bias.data, 0.0)
    net.apply(init_func)


class ImagePool:
    def __init__(self, pool_size):
        self.pool_size, self.num_imgs, self.images = pool_size, 0, []

    def query(self, images):
        return_images = []
        for image in images:
            image = torch.unsqueeze(image.data, 0)
            if self.num_imgs < self.pool_size:
                self.num_imgs += 1
                self.images.append(image)
                return_images.append(image)
            elif random.uniform(0, 1) > 0.5:
                random_id = random.randint(0, self.pool_size - 1)
                tmp = self.images[random_id].clone()
                self.images[random_id] = image
                return_images.append(tmp)
            else:
                return_images.append(image)
        return torch.cat(return_images, 0)


class GANLoss(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("real_label", torch.tensor(1.0))
        self.register_buffer("fake_label", torch.tensor(0.0))
        self.loss = nn.MSELoss()

    def __call__(self, prediction, target_is_real):
        target = (self.real_label if target_is_real else self.fake_label).expand_as(prediction)
        return self.loss(prediction, target)


def set_requires_grad(nets, requires_grad=False):
    for net in nets:
        for param in net.parameters():
            param.requires_grad = requires_grad


print("== CycleGAN")
netG_A, netG_B = resnet_generator(), resnet_generator()
netD_A, netD_B = patch_discriminator(), patch_discriminator()
for net in (netG_A, netG_B, netD_A, netD_B):
    init_weights(net)
criterionGAN, criterionCycle, criterionIdt = GANLoss(), nn.L1Loss(), nn.L1Loss()
fake_A_pool, fake_B_pool = ImagePool(3), ImagePool(3)
optimizer_G = torch.optim.Adam(list(netG_A.parameters()) + list(netG_B.parameters()), lr=2e-3,
                               betas=(0.5, 0.999))
optimizer_D = torch.optim.Adam(list(netD_A.parameters()) + list(netD_B.parameters()), lr=2e-3,
                               betas=(0.5, 0.999))
n_epochs, n_decay = 2, 2
schedulers = [torch.optim.lr_scheduler.LambdaLR(
    o, lambda epoch: 1.0 - max(0, epoch + 1 - n_epochs) / float(n_decay + 1))
    for o in (optimizer_G, optimizer_D)]
lambda_A = lambda_B = 10.0
lambda_idt = 0.5

real_A = torch.rand(2, 3, 16, 16) * 2 - 1
real_B = (real_A.flip(-1) * 0.8 + 0.1 * torch.randn(2, 3, 16, 16)).clamp(-1, 1)
print("patch output", tuple(netD_A(real_B).shape), "generator output", tuple(netG_A(real_A).shape))
for epoch in range(4):
    fake_B = netG_A(real_A)
    rec_A = netG_B(fake_B)
    fake_A = netG_B(real_B)
    rec_B = netG_A(fake_A)
    set_requires_grad([netD_A, netD_B], False)
    optimizer_G.zero_grad()
    idt_A = netG_A(real_B)
    loss_idt_A = criterionIdt(idt_A, real_B) * lambda_B * lambda_idt
    idt_B = netG_B(real_A)
    loss_idt_B = criterionIdt(idt_B, real_A) * lambda_A * lambda_idt
    loss_G_A = criterionGAN(netD_A(fake_B), True)
    loss_G_B = criterionGAN(netD_B(fake_A), True)
    loss_cycle_A = criterionCycle(rec_A, real_A) * lambda_A
    loss_cycle_B = criterionCycle(rec_B, real_B) * lambda_B
    loss_G = loss_G_A + loss_G_B + loss_cycle_A + loss_cycle_B + loss_idt_A + loss_idt_B
    loss_G.backward()
    d_grad_none = all(p.grad is None for p in netD_A.parameters())
    optimizer_G.step()
    set_requires_grad([netD_A, netD_B], True)
    optimizer_D.zero_grad()
    losses_D = []
    for netD, real, fake in ((netD_A, real_B, fake_B_pool.query(fake_B)),
                             (netD_B, real_A, fake_A_pool.query(fake_A))):
        loss_D = (criterionGAN(netD(real), True) + criterionGAN(netD(fake.detach()), False)) * 0.5
        loss_D.backward()
        losses_D.append(loss_D.item())
    optimizer_D.step()
    for s in schedulers:
        s.step()
    print(f"epoch {epoch} G {loss_G.item():.6f} G_A {loss_G_A.item():.6f} "
          f"cyc_A {loss_cycle_A.item():.6f} idt_A {loss_idt_A.item():.6f} "
          f"D_A {losses_D[0]:.6f} D_B {losses_D[1]:.6f} lr {schedulers[0].get_last_lr()[0]:.6f} "
          f"D grads None in G step: {d_grad_none}")
print("pool sizes", fake_A_pool.num_imgs, len(fake_B_pool.images))
print(f"|grad G_A first conv| {netG_A[1].weight.grad.norm().item():.6f}")
print(netD_A[3])


print("== InfoGAN")
torch.manual_seed(1)
NZ, NCAT, NCONT, DIM = 6, 4, 2, 12


class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(NZ + NCAT + NCONT, 32), nn.BatchNorm1d(32), nn.ReLU(),
                                 nn.Linear(32, DIM), nn.Tanh())

    def forward(self, z, c_cat, c_cont):
        return self.net(torch.cat([z, c_cat, c_cont], dim=1))


class DiscriminatorQ(nn.Module):
    def __init__(self):
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(DIM, 32), nn.LeakyReLU(0.1))
        self.d_head = nn.Linear(32, 1)
        self.q_trunk = nn.Sequential(nn.Linear(32, 16), nn.BatchNorm1d(16), nn.LeakyReLU(0.1))
        self.q_cat = nn.Linear(16, NCAT)
        self.q_mu = nn.Linear(16, NCONT)
        self.q_logvar = nn.Linear(16, NCONT)

    def forward(self, x):
        h = self.trunk(x)
        q = self.q_trunk(h)
        return self.d_head(h).squeeze(1), self.q_cat(q), self.q_mu(q), self.q_logvar(q)


def gaussian_nll(x, mu, logvar):
    return 0.5 * (logvar + (x - mu).pow(2) / logvar.exp() + torch.log(torch.tensor(2 * torch.pi)))


G, D = Generator(), DiscriminatorQ()
opt_D = torch.optim.Adam(list(D.trunk.parameters()) + list(D.d_head.parameters()), lr=2e-3,
                         betas=(0.5, 0.99))
info_params = [p for n_, p in D.named_parameters() if not n_.startswith("d_head")]
opt_info = torch.optim.Adam(list(G.parameters()) + info_params, lr=2e-3, betas=(0.5, 0.99))
opt_G = torch.optim.Adam(G.parameters(), lr=2e-3, betas=(0.5, 0.99))
bce = nn.BCEWithLogitsLoss()
real = torch.randn(16, DIM).tanh()
for it in range(4):
    z = torch.randn(16, NZ)
    idx = torch.randint(0, NCAT, (16,))
    c_cat = F.one_hot(idx, NCAT).double()
    c_cont = torch.empty(16, NCONT).uniform_(-1, 1)
    fake = G(z, c_cat, c_cont)
    d_real = D(real)[0]
    d_fake = D(fake.detach())[0]
    loss_D = bce(d_real, torch.ones_like(d_real)) + bce(d_fake, torch.zeros_like(d_fake))
    opt_D.zero_grad()
    loss_D.backward()
    opt_D.step()
    d_fake, q_logits, q_mu, q_logvar = D(fake)
    loss_G = bce(d_fake, torch.ones_like(d_fake))
    loss_cat = F.cross_entropy(q_logits, idx)
    loss_cont = gaussian_nll(c_cont, q_mu, q_logvar).sum(1).mean()
    loss_info = loss_cat + 0.1 * loss_cont
    opt_G.zero_grad()
    opt_info.zero_grad()
    (loss_G + loss_info).backward()
    opt_G.step()
    opt_info.step()
    acc = (q_logits.argmax(1) == idx).double().mean()
    print(f"it {it} D {loss_D.item():.6f} G {loss_G.item():.6f} cat {loss_cat.item():.6f} "
          f"cont {loss_cont.item():.6f} Q acc {acc.item():.4f} "
          f"|g_q_mu| {D.q_mu.weight.grad.norm().item():.6f}")
G.eval()
with torch.no_grad():
    grid_codes = F.one_hot(torch.arange(NCAT), NCAT).double()
    samples = G(torch.zeros(NCAT, NZ), grid_codes, torch.zeros(NCAT, NCONT))
print("per-category samples:", tuple(samples.shape), samples[:, :3])
