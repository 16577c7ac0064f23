"""Reference layers of the zoo (src/models/reference-layers.ts): one 3x3 convolution 64 -> 64 on 32x32
('conv-layer', oneDNN in PyTorch) and one 1024 x 1024 dense layer ('dense-layer', BLAS), loss mean of
the squared outputs, Adam."""
import torch.nn as nn
from common import SameConv2d, adam, nchw


class ConvLayer:
    batch, fixture_batch, image_size = 64, 4, 32

    def __init__(self, scale, batch, image_size):
        self.channels = 64 if scale == "bench" else 8
        self.conv = SameConv2d(self.channels, self.channels, 3)
        self.opt = adam(self.parameters(), 1e-3)
        self.batch_size, self.image_size = batch, image_size

    def inputs(self):
        s = self.image_size
        return {"images": ([self.batch_size, s, s, self.channels], "normal", 0)}

    def parameters(self):
        return list(self.conv.parameters())

    def prepare(self, x):
        return {"images": nchw(x["images"])}

    def step(self, x):
        self.opt.zero_grad()
        loss = self.conv(x["images"]).square().mean()
        loss.backward()
        self.opt.step()
        return [loss.item()]


class DenseLayer:
    batch, fixture_batch = 1024, 16

    def __init__(self, scale, batch, image_size):
        self.units = 1024 if scale == "bench" else 32
        self.dense = nn.Linear(self.units, self.units)
        self.opt = adam(self.parameters(), 1e-3)
        self.batch_size = batch

    def inputs(self):
        return {"x": ([self.batch_size, self.units], "normal", 0)}

    def parameters(self):
        return list(self.dense.parameters())

    def prepare(self, x):
        return x

    def step(self, x):
        self.opt.zero_grad()
        loss = self.dense(x["x"]).square().mean()
        loss.backward()
        self.opt.step()
        return [loss.item()]


def twin_for(name):
    return {"conv-layer": ConvLayer, "dense-layer": DenseLayer}[name]
