"""Reference layers of the zoo (src/models/reference-layers.ts): one 3x3 convolution 64 -> 64 on 32x32
('conv-layer', oneDNN in PyTorch) and one 1024 x 1024 dense layer ('dense-layer', BLAS), loss mean of
the squared outputs, Adam."""
import torch.nn as nn
from common import SameConv2d, adam, nchw


class SingleLayer:
    """One layer trained with Adam to shrink the mean square of its outputs on input `input_name`."""

    def __init__(self, layer, input_name):
        self.layer, self.input_name = layer, input_name
        self.opt = adam(self.parameters(), 1e-3)

    def parameters(self):
        return list(self.layer.parameters())

    def step(self, x):
        self.opt.zero_grad()
        loss = self.layer(x[self.input_name]).square().mean()
        loss.backward()
        self.opt.step()
        return [loss.item()]


class ConvLayer(SingleLayer):
    batch, fixture_batch, image_size = 64, 4, 32

    def __init__(self, scale, batch, image_size):
        self.channels = 64 if scale == "bench" else 8
        self.batch_size, self.image_size = batch, image_size
        super().__init__(SameConv2d(self.channels, self.channels, 3), "images")

    def inputs(self):
        s = self.image_size
        return {"images": ([self.batch_size, s, s, self.channels], "normal", 0)}

    def prepare(self, x):
        return {"images": nchw(x["images"])}


class DenseLayer(SingleLayer):
    batch, fixture_batch = 1024, 16

    def __init__(self, scale, batch, image_size):
        self.units = 1024 if scale == "bench" else 32
        self.batch_size = batch
        super().__init__(nn.Linear(self.units, self.units), "x")

    def inputs(self):
        return {"x": ([self.batch_size, self.units], "normal", 0)}

    def prepare(self, x):
        return x


def twin_for(name):
    return {"conv-layer": ConvLayer, "dense-layer": DenseLayer}[name]
