"""Q5: @hw7/cyclegan-loss' demo networks: ResNet generator (conv 7 -> stride-2 conv 3 -> 2 residual
blocks -> transposed conv 3 stride 2 -> conv 7 + tanh, instance norm after every conv but the last)
and PatchGAN discriminator (stride-2 conv 4 + LeakyReLU 0.2, instance norm after the second, conv 4
to one score per patch), with TensorFlow's 'same' padding; no bias before instance norm. A generator update (least squares
adversarial + 10 x cycle + 5 x identity L1), then a discriminator update on those fakes."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from common import SameConv2d, adam, nchw


def norm(x):
    return F.instance_norm(x, eps=1e-5)


def init(m):
    nn.init.normal_(m.weight, 0, 0.02)
    if m.bias is not None:
        nn.init.normal_(m.bias, 0, 0.02)
    return m


class Generator(nn.Module):
    def __init__(self, f, blocks=2):
        super().__init__()
        # No bias where instance norm follows (it would cancel it), as @hw7/cyclegan-loss.
        self.first = init(SameConv2d(1, f, 7, bias=False))
        self.down = init(SameConv2d(f, 2 * f, 3, 2, bias=False))
        self.res = nn.ModuleList(init(SameConv2d(2 * f, 2 * f, 3, bias=False)) for _ in range(2 * blocks))
        self.up = init(nn.ConvTranspose2d(2 * f, f, 3, 2, bias=False))
        self.last = init(SameConv2d(f, 1, 7))

    def forward(self, x):
        size = x.shape[2]
        x = F.relu(norm(self.first(x)))
        x = F.relu(norm(self.down(x)))
        for i in range(0, len(self.res), 2):
            x = x + norm(self.res[i + 1](F.relu(norm(self.res[i](x)))))
        # TensorFlow's 'same' transposed conv: the full output cropped after its top-left padding (0 here).
        x = F.relu(norm(self.up(x)[:, :, :size, :size]))
        return torch.tanh(self.last(x))


class Discriminator(nn.Module):
    def __init__(self, f):
        super().__init__()
        self.convs = nn.ModuleList([init(SameConv2d(1, f, 4, 2)), init(SameConv2d(f, 2 * f, 4, 2, bias=False))])
        self.out = init(SameConv2d(2 * f, 1, 4))

    def forward(self, x):
        x = F.leaky_relu(self.convs[0](x), 0.2)
        x = F.leaky_relu(norm(self.convs[1](x)), 0.2)
        return self.out(x)


def lsgan(prediction, target):
    return (prediction - target).square().mean()


class Twin:
    batch, fixture_batch, image_size = 8, 2, 28

    def __init__(self, scale, batch, image_size):
        f = 8 if scale == "bench" else 4
        self.g, self.f, self.d_a, self.d_b = Generator(f), Generator(f), Discriminator(f), Discriminator(f)
        self.gen_params = [*self.g.parameters(), *self.f.parameters()]
        self.disc_params = [*self.d_a.parameters(), *self.d_b.parameters()]
        self.gen_opt = adam(self.gen_params, 2e-4, (0.5, 0.999))
        self.disc_opt = adam(self.disc_params, 2e-4, (0.5, 0.999))
        self.batch_size, self.image_size = batch, image_size

    def inputs(self):
        shape = [self.batch_size, self.image_size, self.image_size, 1]
        return {"realA": (shape, "uniform", 0), "realB": (shape, "uniform", 0)}

    def parameters(self):
        return self.gen_params + self.disc_params

    def prepare(self, x):
        return {k: nchw(v) for k, v in x.items()}

    def step(self, x):
        real_a, real_b = x["realA"], x["realB"]
        self.gen_opt.zero_grad()
        fake_b, fake_a = self.g(real_a), self.f(real_b)
        l1 = lambda a, b: (a - b).abs().mean()
        cycle = l1(real_a, self.f(fake_b)) + l1(real_b, self.g(fake_a))
        identity = l1(real_a, self.f(real_a)) + l1(real_b, self.g(real_b))
        g_loss = lsgan(self.d_b(fake_b), 1) + lsgan(self.d_a(fake_a), 1) + 10 * cycle + 5 * identity
        g_loss.backward()
        self.gen_opt.step()
        self.disc_opt.zero_grad()
        fake_a, fake_b = fake_a.detach(), fake_b.detach()
        d_loss = ((lsgan(self.d_a(real_a), 1) + lsgan(self.d_a(fake_a), 0)) * 0.5
                  + (lsgan(self.d_b(real_b), 1) + lsgan(self.d_b(fake_b), 0)) * 0.5)
        d_loss.backward()
        self.disc_opt.step()
        return [g_loss.item(), d_loss.item()]
