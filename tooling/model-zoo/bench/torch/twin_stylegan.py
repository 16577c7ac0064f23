"""Q4: @hw7/stylegan-blocks' demo generator and discriminator, written as that package computes them
(NVlabs' networks_stylegan.py conventions): PixelNorm, equalised dense (lrMul 0.01) + LeakyReLU,
learned 4x4 constant, [upsample ->] equalised 3x3 conv -> noise -> LeakyReLU -> AdaIN, 1x1 toRGB;
D: three stride-2 3x3 convs ('same' as TensorFlow pads) with LeakyReLU, dense 1. One D update
(logistic loss + R1, gamma 5, on a separate forward pass of the reals as r1Penalty does), then
one G update; style mixing at crossover 4; Adam(1e-3, betas (0, 0.99))."""
import math
import torch
import torch.nn as nn
import torch.nn.functional as F
from common import SameConv2d, adam, nchw

R1_GAMMA, CROSSOVER = 5.0, 4


def sizes(scale):
    return (64, [64, 64, 32, 16], 32) if scale == "bench" else (16, [8, 8, 8, 8], 4)


class EqualizedDense(nn.Module):
    def __init__(self, i, o, gain=math.sqrt(2), lr_mul=1.0, bias_init=0.0):
        super().__init__()
        self.kernel = nn.Parameter(torch.randn(i, o) / lr_mul)  # tfjs layout [in, out]
        self.bias = nn.Parameter(torch.full((o,), bias_init) if isinstance(bias_init, float) else bias_init)
        self.coef, self.lr_mul = gain / math.sqrt(i) * lr_mul, lr_mul

    def forward(self, x):
        return x @ (self.kernel * self.coef) + self.bias * self.lr_mul


class EqualizedConv(nn.Module):
    def __init__(self, i, o, k, gain=math.sqrt(2)):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(o, i, k, k))
        self.bias = nn.Parameter(torch.randn(o) * 0.1)
        self.coef, self.pad = gain / math.sqrt(k * k * i), k // 2

    def forward(self, x):
        return F.conv2d(x, self.weight * self.coef, self.bias, padding=self.pad)


class Block(nn.Module):
    def __init__(self, in_channels, channels, w_dim, initial):
        super().__init__()
        self.initial = initial
        if initial:
            self.const = nn.Parameter(torch.ones(1, 4, 4, channels))  # tfjs layout NHWC
        else:
            self.conv0 = EqualizedConv(in_channels, channels, 3)
        self.conv1 = EqualizedConv(channels, channels, 3)
        self.noise = nn.ParameterList([nn.Parameter(torch.randn(channels) * 0.1) for _ in range(2)])
        bias = torch.cat([torch.ones(channels), torch.zeros(channels)])
        self.affine = nn.ModuleList([EqualizedDense(w_dim, 2 * channels, gain=1.0, bias_init=nn.Parameter(bias.clone()))
                                     for _ in range(2)])
        self.channels = channels

    def ordered(self):
        first = [self.const] if self.initial else [self.conv0.weight, self.conv0.bias]
        return [*first, self.conv1.weight, self.conv1.bias, *self.noise,
                *[p for a in self.affine for p in (a.kernel, a.bias)]]

    def epilogue(self, x, w, index, noise):
        x = F.leaky_relu(x + noise * self.noise[index][None, :, None, None], 0.2)
        style = self.affine[index](w)
        y_s, y_b = style[:, :self.channels], style[:, self.channels:]
        mean = x.mean((2, 3), keepdim=True)
        centred = x - mean
        normalised = centred * torch.rsqrt(centred.square().mean((2, 3), keepdim=True) + 1e-8)
        return normalised * y_s[:, :, None, None] + y_b[:, :, None, None]

    def forward(self, x, w0, w1, noise):
        if self.initial:
            h = self.const.permute(0, 3, 1, 2).expand(len(w0), -1, -1, -1)
        else:
            h = self.conv0(F.interpolate(x, scale_factor=2, mode="nearest"))
        h = self.epilogue(h, w0, 0, noise[0])
        return self.epilogue(self.conv1(h), w1, 1, noise[1])


class Twin:
    batch, fixture_batch = 32, 4

    def __init__(self, scale, batch, image_size):
        z, channels, base = sizes(scale)
        self.z, self.channels, self.batch_size = z, channels, batch
        self.mapping = nn.ModuleList([EqualizedDense(z, z, lr_mul=0.01) for _ in range(4)])
        self.blocks = nn.ModuleList(Block(channels[max(i - 1, 0)], c, z, i == 0) for i, c in enumerate(channels))
        self.to_rgb = EqualizedConv(channels[-1], 1, 1, gain=1.0)
        self.disc = nn.ModuleList([SameConv2d(1, base, 3, 2), SameConv2d(base, 2 * base, 3, 2),
                                   SameConv2d(2 * base, 4 * base, 3, 2)])
        self.disc_dense = nn.Linear(4 * 4 * 4 * base, 1)
        self.gen_params = [*[p for m in self.mapping for p in (m.kernel, m.bias)],
                           *[p for b in self.blocks for p in b.ordered()], self.to_rgb.weight, self.to_rgb.bias]
        self.disc_params = [*[p for c in self.disc for p in (c.weight, c.bias)], *self.disc_dense.parameters()]
        self.gen_opt = adam(self.gen_params, 1e-3, (0.0, 0.99))
        self.disc_opt = adam(self.disc_params, 1e-3, (0.0, 0.99))

    def inputs(self):
        b = self.batch_size
        latent = ([b, self.z], "normal", 0)
        noise = {f"noise{i}{l}": ([b, 4 * 2 ** i, 4 * 2 ** i, 1], "normal", 0)
                 for i in range(len(self.channels)) for l in range(2)}
        return {"real": ([b, 32, 32, 1], "uniform", 0), "discZ1": latent, "discZ2": latent, "genZ1": latent,
                "genZ2": latent, **noise}

    def parameters(self):
        return self.gen_params + self.disc_params

    def tfjs_layout_parameters(self):
        return [*[p for m in self.mapping for p in (m.kernel, m.bias)],
                *[p for b in self.blocks for p in ([b.const] if b.initial else []) + [a.kernel for a in b.affine]]]

    def prepare(self, x):
        return {k: nchw(v) if v.dim() == 4 else v for k, v in x.items()}

    def map(self, z):
        x = z * torch.rsqrt(z.square().mean(-1, keepdim=True) + 1e-8)
        for layer in self.mapping:
            x = F.leaky_relu(layer(x), 0.2)
        return x

    def generate(self, z1, z2, x):
        w1, w2 = self.map(z1), self.map(z2)
        ws = [w1 if layer < CROSSOVER else w2 for layer in range(2 * len(self.blocks))]
        h = None
        for i, block in enumerate(self.blocks):
            h = block(h, ws[2 * i], ws[2 * i + 1], (x[f"noise{i}0"], x[f"noise{i}1"]))
        return self.to_rgb(h)

    def score(self, images):
        h = images
        for conv in self.disc:
            h = F.leaky_relu(conv(h), 0.2)
        return self.disc_dense(h.permute(0, 2, 3, 1).flatten(1))

    def step(self, x):
        with torch.no_grad():
            fake = self.generate(x["discZ1"], x["discZ2"], x)
        self.disc_opt.zero_grad()
        real = x["real"].requires_grad_(True)
        logistic = F.softplus(self.score(fake)).mean() + F.softplus(-self.score(real)).mean()
        (gradient,) = torch.autograd.grad(self.score(real).sum(), real, create_graph=True)
        d_loss = logistic + gradient.square().sum((1, 2, 3)).mean() * (R1_GAMMA / 2)
        d_loss.backward()
        self.disc_opt.step()
        self.gen_opt.zero_grad()
        g_loss = F.softplus(-self.score(self.generate(x["genZ1"], x["genZ2"], x))).mean()
        g_loss.backward()
        self.gen_opt.step()
        return [d_loss.item(), g_loss.item()]
