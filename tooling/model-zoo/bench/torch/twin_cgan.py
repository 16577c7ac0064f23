"""Q8 conditional DCGAN: as ../shared/anchors/torch_steps.py (the homework's PyTorch code)."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from common import adam, nchw

Z_DIM, CLASSES = 64, 10


def gen_block(i, o, k=3, s=2, final=False):
    if final:
        return [nn.ConvTranspose2d(i, o, k, s), nn.Tanh()]
    return [nn.ConvTranspose2d(i, o, k, s), nn.BatchNorm2d(o), nn.ReLU()]


def disc_block(i, o, k=4, s=2, final=False):
    if final:
        return [nn.Conv2d(i, o, k, s)]
    return [nn.Conv2d(i, o, k, s), nn.BatchNorm2d(o), nn.LeakyReLU(0.2)]


class Twin:
    batch, fixture_batch = 128, 8

    def __init__(self, scale, batch, image_size):
        h = 64 if scale == "bench" else 8
        d = Z_DIM + CLASSES
        self.gen = nn.Sequential(*gen_block(d, h * 4), *gen_block(h * 4, h * 2, 4, 1), *gen_block(h * 2, h),
                                 *gen_block(h, 1, 4, final=True))
        self.disc = nn.Sequential(*disc_block(1 + CLASSES, h), *disc_block(h, h * 2), *disc_block(h * 2, 1, final=True))
        for m in [*self.gen, *self.disc]:
            if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
                nn.init.normal_(m.weight, 0, 0.02)
                nn.init.zeros_(m.bias)
        self.gen_opt = adam(self.gen.parameters(), 2e-4, (0.5, 0.999))
        self.disc_opt = adam(self.disc.parameters(), 2e-4, (0.5, 0.999))
        self.batch_size = batch

    def inputs(self):
        b = self.batch_size
        return {"real": ([b, 28, 28, 1], "uniform", 0), "labels": ([b], "int", CLASSES),
                "discNoise": ([b, Z_DIM], "normal", 0), "genNoise": ([b, Z_DIM], "normal", 0)}

    def parameters(self):
        return [*self.gen.parameters(), *self.disc.parameters()]

    def prepare(self, x):
        oh = F.one_hot(x["labels"].long(), CLASSES).to(x["real"].dtype)
        return {"real": nchw(x["real"]), "oh": oh, "img_oh": oh[:, :, None, None].repeat(1, 1, 28, 28),
                "discNoise": x["discNoise"], "genNoise": x["genNoise"]}

    def generate(self, noise, oh):
        z = torch.cat([noise, oh], 1)
        return self.gen(z.view(len(z), -1, 1, 1))

    def step(self, x):
        crit = F.binary_cross_entropy_with_logits
        self.disc_opt.zero_grad()
        fake = self.generate(x["discNoise"], x["oh"])
        fp = self.disc(torch.cat([fake.detach(), x["img_oh"]], 1)).view(len(fake), -1)
        rp = self.disc(torch.cat([x["real"], x["img_oh"]], 1)).view(len(fake), -1)
        d_loss = (crit(fp, torch.zeros_like(fp)) + crit(rp, torch.ones_like(rp))) / 2
        d_loss.backward()
        self.disc_opt.step()
        self.gen_opt.zero_grad()
        fake = self.generate(x["genNoise"], x["oh"])
        fp = self.disc(torch.cat([fake, x["img_oh"]], 1)).view(len(fake), -1)
        g_loss = crit(fp, torch.ones_like(fp))
        g_loss.backward()
        self.gen_opt.step()
        return [d_loss.item(), g_loss.item()]
