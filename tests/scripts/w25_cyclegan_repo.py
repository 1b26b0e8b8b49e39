import torch

# A CycleGAN/pix2pix repository's models/ and util/ folded into one file: an options namespace
# from argparse (parse_args on an explicit list), init_net/init_weights applied by model.apply
# with an init_type string (normal, xavier, kaiming, orthogonal) and a gain of 0.02,
# get_norm_layer returning functools.partial(nn.InstanceNorm2d, affine=False,
# track_running_stats=False), a ResnetGenerator with ReflectionPad2d and ConvTranspose2d
# (output_padding=1), an NLayer PatchGAN discriminator with LeakyReLU(0.2, True), GANLoss
# registering real/fake label buffers and expanding them with expand_as (lsgan MSE and vanilla
# BCEWithLogits), the ImagePool history buffer drawing with random.uniform, set_requires_grad
# over a list of nets, Adam with betas=(0.5, 0.999), a "linear" LambdaLR that decays after
# n_epochs, the identity and cycle L1 terms, tensor2im to uint8 NumPy, and the
# get_current_losses OrderedDict printed through float().
import argparse
import functools
import random
from collections import OrderedDict

import numpy as np
import torch.nn as nn
from torch.nn import init

parser = argparse.ArgumentParser()
parser.add_argument("--ngf", type=int, default=4)
parser.add_argument("--ndf", type=int, default=4)
parser.add_argument("--n_blocks", type=int, default=2)
parser.add_argument("--norm", type=str, default="instance")
parser.add_argument("--init_type", type=str, default="normal")
parser.add_argument("--init_gain", type=float, default=0.02)
parser.add_argument("--gan_mode", type=str, default="lsgan")
parser.add_argument("--pool_size", type=int, default=4)
parser.add_argument("--lr", type=float, default=2e-4)
parser.add_argument("--beta1", type=float, default=0.5)
parser.add_argument("--n_epochs", type=int, default=1)
parser.add_argument("--n_epochs_decay", type=int, default=1)
parser.add_argument("--lambda_A", type=float, default=10.0)
parser.add_argument("--lambda_identity", type=float, default=0.5)
opt = parser.parse_args(["--n_blocks", "2", "--pool_size=4"])
print(sorted(vars(opt).items())[:4])

random.seed(0)
np.random.seed(0)
torch.manual_seed(0)


def get_norm_layer(norm_type="instance"):
    if norm_type == "batch":
        return functools.partial(nn.BatchNorm2d, affine=True, track_running_stats=True)
    if norm_type == "instance":
        return functools.partial(nn.InstanceNorm2d, affine=False, track_running_stats=False)
    if norm_type == "none":
        return lambda x: nn.Identity()
    raise NotImplementedError("normalization layer [%s] is not found" % norm_type)


def init_weights(net, init_type="normal", init_gain=0.02):
    def init_func(m):
        classname = m.__class__.__name__
        if hasattr(m, "weight") and (classname.find("Conv") != -1 or classname.find("Linear") != -1):
            if init_type == "normal":
                init.normal_(m.weight.data, 0.0, init_gain)
            elif init_type == "xavier":
                init.xavier_normal_(m.weight.data, gain=init_gain)
            elif init_type == "kaiming":
                init.kaiming_normal_(m.weight.data, a=0, mode="fan_in")
            elif init_type == "orthogonal":
                init.orthogonal_(m.weight.data, gain=init_gain)
            if hasattr(m, "bias") and m.bias is not None:
                init.constant_(m.bias.data, 0.0)
        elif classname.find("BatchNorm2d") != -1:
            init.normal_(m.weight.data, 1.0, init_gain)
            init.constant_(m.bias.data, 0.0)
    net.apply(init_func)
    return net


class ResnetBlock(nn.Module):
    def __init__(self, dim, norm_layer, use_bias):
        super().__init__()
        self.conv_block = nn.Sequential(
            nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, kernel_size=3, padding=0, bias=use_bias),
            norm_layer(dim), nn.ReLU(True),
            nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, kernel_size=3, padding=0, bias=use_bias),
            norm_layer(dim))

    def forward(self, x):
        return x + self.conv_block(x)


class ResnetGenerator(nn.Module):
    def __init__(self, input_nc, output_nc, ngf, norm_layer, n_blocks):
        super().__init__()
        if type(norm_layer) == functools.partial:
            use_bias = norm_layer.func == nn.InstanceNorm2d
        else:
            use_bias = norm_layer == nn.InstanceNorm2d
        model = [nn.ReflectionPad2d(3), nn.Conv2d(input_nc, ngf, kernel_size=7, padding=0,
                                                  bias=use_bias), norm_layer(ngf), nn.ReLU(True)]
        mult = 1
        for i in range(2):
            mult = 2 ** i
            model += [nn.Conv2d(ngf * mult, ngf * mult * 2, kernel_size=3, stride=2, padding=1,
                                bias=use_bias), norm_layer(ngf * mult * 2), nn.ReLU(True)]
        mult = 4
        for i in range(n_blocks):
            model += [ResnetBlock(ngf * mult, norm_layer, use_bias)]
        for i in range(2):
            mult = 2 ** (2 - i)
            model += [nn.ConvTranspose2d(ngf * mult, int(ngf * mult / 2), kernel_size=3, stride=2,
                                         padding=1, output_padding=1, bias=use_bias),
                      norm_layer(int(ngf * mult / 2)), nn.ReLU(True)]
        model += [nn.ReflectionPad2d(3), nn.Conv2d(ngf, output_nc, kernel_size=7, padding=0),
                  nn.Tanh()]
        self.model = nn.Sequential(*model)

    def forward(self, input):
        return self.model(input)


class NLayerDiscriminator(nn.Module):
    def __init__(self, input_nc, ndf=8, n_layers=2, norm_layer=nn.BatchNorm2d):
        super().__init__()
        use_bias = norm_layer.func == nn.InstanceNorm2d
        kw, padw = 4, 1
        sequence = [nn.Conv2d(input_nc, ndf, kernel_size=kw, stride=2, padding=padw),
                    nn.LeakyReLU(0.2, True)]
        nf_mult = 1
        for n in range(1, n_layers):
            nf_mult_prev, nf_mult = nf_mult, min(2 ** n, 8)
            sequence += [nn.Conv2d(ndf * nf_mult_prev, ndf * nf_mult, kernel_size=kw, stride=2,
                                   padding=padw, bias=use_bias),
                         norm_layer(ndf * nf_mult), nn.LeakyReLU(0.2, True)]
        sequence += [nn.Conv2d(ndf * nf_mult, 1, kernel_size=kw, stride=1, padding=padw)]
        self.model = nn.Sequential(*sequence)

    def forward(self, input):
        return self.model(input)


class GANLoss(nn.Module):
    def __init__(self, gan_mode, target_real_label=1.0, target_fake_label=0.0):
        super().__init__()
        self.register_buffer("real_label", torch.tensor(target_real_label))
        self.register_buffer("fake_label", torch.tensor(target_fake_label))
        self.gan_mode = gan_mode
        if gan_mode == "lsgan":
            self.loss = nn.MSELoss()
        elif gan_mode == "vanilla":
            self.loss = nn.BCEWithLogitsLoss()
        else:
            raise NotImplementedError("gan mode %s not implemented" % gan_mode)

    def get_target_tensor(self, prediction, target_is_real):
        target_tensor = self.real_label if target_is_real else self.fake_label
        return target_tensor.expand_as(prediction)

    def __call__(self, prediction, target_is_real):
        return self.loss(prediction, self.get_target_tensor(prediction, target_is_real))


class ImagePool:
    def __init__(self, pool_size):
        self.pool_size = pool_size
        self.num_imgs = 0
        self.images = []

    def query(self, images):
        if self.pool_size == 0:
            return images
        return_images = []
        for image in images:
            image = torch.unsqueeze(image.data, 0)
            if self.num_imgs < self.pool_size:
                self.num_imgs = self.num_imgs + 1
                self.images.append(image)
                return_images.append(image)
            else:
                p = random.uniform(0, 1)
                if p > 0.5:
                    random_id = random.randint(0, self.pool_size - 1)
                    tmp = self.images[random_id].clone()
                    self.images[random_id] = image
                    return_images.append(tmp)
                else:
                    return_images.append(image)
        return torch.cat(return_images, 0)


def set_requires_grad(nets, requires_grad=False):
    if not isinstance(nets, list):
        nets = [nets]
    for net in nets:
        if net is not None:
            for param in net.parameters():
                param.requires_grad = requires_grad


def tensor2im(input_image, imtype=np.uint8):
    image_tensor = input_image.data
    image_numpy = image_tensor[0].cpu().float().numpy()
    if image_numpy.shape[0] == 1:
        image_numpy = np.tile(image_numpy, (3, 1, 1))
    image_numpy = (np.transpose(image_numpy, (1, 2, 0)) + 1) / 2.0 * 255.0
    return image_numpy.astype(imtype)


# --- the init types on a small net: each prints its statistics ---------------------------------
for init_type in ("normal", "xavier", "kaiming", "orthogonal"):
    torch.manual_seed(1)
    probe = init_weights(nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.Linear(4, 4)),
                         init_type, 0.02)
    w = probe[0].weight
    print(init_type, tuple(w.shape), f"{w.std().item():.5f}", f"{probe[1].weight.mean():.5f}",
          probe[2].bias.abs().sum().item())
try:
    get_norm_layer("group")
except NotImplementedError as e:
    print("NotImplementedError:", e)

norm_layer = get_norm_layer(opt.norm)
print(norm_layer.func.__name__, norm_layer.keywords)
netG_A = init_weights(ResnetGenerator(3, 3, opt.ngf, norm_layer, opt.n_blocks), opt.init_type,
                      opt.init_gain)
netG_B = init_weights(ResnetGenerator(3, 3, opt.ngf, norm_layer, opt.n_blocks), opt.init_type,
                      opt.init_gain)
netD_A = init_weights(NLayerDiscriminator(3, opt.ndf, 2, norm_layer), opt.init_type, opt.init_gain)
netD_B = init_weights(NLayerDiscriminator(3, opt.ndf, 2, norm_layer), opt.init_type, opt.init_gain)
for name, net in (("G_A", netG_A), ("D_A", netD_A)):
    num_params = sum(p.numel() for p in net.parameters())
    print("[Network %s] Total number of parameters : %.3f K" % (name, num_params / 1e3))
print(netD_A.model[2])
print(netG_A.model[1], netG_A.model[9])

criterionGAN = GANLoss(opt.gan_mode)
criterionCycle = torch.nn.L1Loss()
criterionIdt = torch.nn.L1Loss()
print(dict(criterionGAN.named_buffers()))
optimizer_G = torch.optim.Adam(list(netG_A.parameters()) + list(netG_B.parameters()),
                               lr=opt.lr, betas=(opt.beta1, 0.999))
import itertools  # the repo imports it where it is used
optimizer_D = torch.optim.Adam(itertools.chain(netD_A.parameters(), netD_B.parameters()),
                               lr=opt.lr, betas=(opt.beta1, 0.999))


def lambda_rule(epoch):
    return 1.0 - max(0, epoch + 1 - opt.n_epochs) / float(opt.n_epochs_decay + 1)


schedulers = [torch.optim.lr_scheduler.LambdaLR(o, lr_lambda=lambda_rule)
              for o in (optimizer_G, optimizer_D)]
fake_A_pool, fake_B_pool = ImagePool(opt.pool_size), ImagePool(opt.pool_size)

# unpaired "domains": horizontal stripes vs vertical stripes, 12 x 12, in [-1, 1]
grid = torch.arange(12, dtype=torch.float32)
stripes_h = torch.sin(grid * 0.8).view(1, 1, 12, 1).expand(4, 3, 12, 12)
stripes_v = torch.sin(grid * 0.8).view(1, 1, 1, 12).expand(4, 3, 12, 12)
data_A = (stripes_h + 0.1 * torch.randn(4, 3, 12, 12)).clamp(-1, 1)
data_B = (stripes_v + 0.1 * torch.randn(4, 3, 12, 12)).clamp(-1, 1)

for epoch in range(opt.n_epochs + opt.n_epochs_decay):
    for i in range(2):
        real_A, real_B = data_A[2 * i:2 * i + 2], data_B[2 * i:2 * i + 2]
        fake_B = netG_A(real_A)
        rec_A = netG_B(fake_B)
        fake_A = netG_B(real_B)
        rec_B = netG_A(fake_A)
        # G step, the discriminators frozen
        set_requires_grad([netD_A, netD_B], False)
        optimizer_G.zero_grad()
        idt_A = netG_A(real_B)
        loss_idt_A = criterionIdt(idt_A, real_B) * opt.lambda_A * opt.lambda_identity
        idt_B = netG_B(real_A)
        loss_idt_B = criterionIdt(idt_B, real_A) * opt.lambda_A * opt.lambda_identity
        loss_G_A = criterionGAN(netD_A(fake_B), True)
        loss_G_B = criterionGAN(netD_B(fake_A), True)
        loss_cycle_A = criterionCycle(rec_A, real_A) * opt.lambda_A
        loss_cycle_B = criterionCycle(rec_B, real_B) * opt.lambda_A
        loss_G = loss_G_A + loss_G_B + loss_cycle_A + loss_cycle_B + loss_idt_A + loss_idt_B
        loss_G.backward()
        print("D grads while frozen:", netD_A.model[0].weight.grad is None)
        optimizer_G.step()
        # D step
        set_requires_grad([netD_A, netD_B], True)
        optimizer_D.zero_grad()
        losses_D = []
        for netD, real, fake_pool, fake in ((netD_A, real_B, fake_B_pool, fake_B),
                                            (netD_B, real_A, fake_A_pool, fake_A)):
            fake_q = fake_pool.query(fake)
            loss_D_real = criterionGAN(netD(real), True)
            loss_D_fake = criterionGAN(netD(fake_q.detach()), False)
            loss_D = (loss_D_real + loss_D_fake) * 0.5
            loss_D.backward()
            losses_D.append(loss_D)
        optimizer_D.step()
        errors = OrderedDict((name, float(v)) for name, v in (
            ("D_A", losses_D[0]), ("G_A", loss_G_A), ("cycle_A", loss_cycle_A),
            ("idt_A", loss_idt_A), ("D_B", losses_D[1]), ("G_B", loss_G_B),
            ("cycle_B", loss_cycle_B), ("idt_B", loss_idt_B)))
        message = "(epoch: %d, iters: %d) " % (epoch + 1, (i + 1) * 2)
        message += " ".join("%s: %.4f" % (k, v) for k, v in errors.items())
        print(message)
    old_lr = optimizer_G.param_groups[0]["lr"]
    for scheduler in schedulers:
        scheduler.step()
    lr = optimizer_G.param_groups[0]["lr"]
    print("learning rate %.7f -> %.7f" % (old_lr, lr))

print("pool sizes", fake_A_pool.num_imgs, len(fake_B_pool.images), fake_B_pool.images[0].shape)
with torch.no_grad():
    netG_A.eval()
    visual = netG_A(data_A[:1])
im = tensor2im(visual)
print(im.dtype, im.shape, int(im.min()), int(im.max()))
print(tensor2im(torch.zeros(1, 1, 2, 2)).tolist())
print(netG_A.training, next(netD_A.parameters()).requires_grad)
