"""Q1-2: @hw7/nas-search's NAS-Bench-201 network (stem, 3 stages of one cell, stride-2 ReLU-Conv-BN
between stages, ReLU, global average pooling, dense) with batch-statistics batch norm without
scale or shift; 'nb201' one discrete cell, 'darts' the supernet mixing every operation by
softmax(alpha), first-order DARTS (alpha on a validation batch, then the weights)."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from common import SameConv2d, adam, nchw

OPERATIONS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]
EDGES = [(1, 0), (2, 0), (2, 1), (3, 0), (3, 1), (3, 2)]
GENOTYPE = ["nor_conv_3x3", "nor_conv_1x1", "skip_connect", "avg_pool_3x3", "nor_conv_3x3", "nor_conv_1x1"]


def batch_norm(x):
    return F.batch_norm(x, None, None, training=True, eps=1e-5)


class ReluConvBn(nn.Module):
    def __init__(self, i, o, k, stride=1, relu=True):
        super().__init__()
        self.conv = SameConv2d(i, o, k, stride, bias=False)
        nn.init.kaiming_normal_(self.conv.weight)
        self.relu = relu

    def forward(self, x):
        return batch_norm(self.conv(F.relu(x) if self.relu else x))


def operation(name, channels):
    if name == "nor_conv_1x1":
        return ReluConvBn(channels, channels, 1)
    if name == "nor_conv_3x3":
        return ReluConvBn(channels, channels, 3)
    return None


def apply_operation(name, module, x):
    if module is not None:
        return module(x)
    if name == "skip_connect":
        return x
    return F.avg_pool2d(x, 3, 1, 1, count_include_pad=False)


class Cell(nn.Module):
    def __init__(self, edge_operations, channels):
        super().__init__()
        self.edge_operations = edge_operations
        self.edges = nn.ModuleList(
            nn.ModuleDict({name: m for name in ops if (m := operation(name, channels)) is not None})
            for ops in edge_operations)

    def forward(self, x, weights=None):
        nodes = [x]
        for target in range(1, 4):
            terms = []
            for e, (to, source) in enumerate(EDGES):
                if to != target:
                    continue
                for k, name in enumerate(self.edge_operations[e]):
                    if name == "none":
                        continue
                    out = apply_operation(name, self.edges[e][name] if name in self.edges[e] else None, nodes[source])
                    terms.append(out if weights is None else out * weights[e, OPERATIONS.index(name)])
            nodes.append(sum(terms[1:], terms[0]))
        return nodes[3]


class CellNetwork(nn.Module):
    def __init__(self, edge_operations, channels, stages=3, classes=10):
        super().__init__()
        self.stem = ReluConvBn(1, channels, 3, relu=False)
        self.reductions = nn.ModuleList()
        self.cells = nn.ModuleList()
        for stage in range(stages):
            width = channels * 2 ** stage
            if stage > 0:
                self.reductions.append(ReluConvBn(width // 2, width, 3, 2))
            self.cells.append(Cell(edge_operations, width))
        self.classifier = nn.Linear(channels * 2 ** (stages - 1), classes)

    def ordered_parameters(self):
        """In @hw7/nas-search's order: stem, then per stage its reduction and cell, then the classifier."""
        params = [self.stem.conv.weight]
        for stage, cell in enumerate(self.cells):
            if stage > 0:
                params.append(self.reductions[stage - 1].conv.weight)
            for e, ops in enumerate(cell.edge_operations):
                params += [cell.edges[e][name].conv.weight for name in ops if name in cell.edges[e]]
        return params + [self.classifier.weight, self.classifier.bias]

    def forward(self, x, weights=None):
        x = self.stem(x)
        for stage, cell in enumerate(self.cells):
            if stage > 0:
                x = self.reductions[stage - 1](x)
            x = cell(x, weights)
        return self.classifier(F.relu(x).mean((2, 3)))


def images(b, s):
    return ([b, s, s, 1], "uniform", 0)


class Nb201Twin:
    batch, fixture_batch, image_size = 64, 8, 28

    def __init__(self, scale, batch, image_size):
        self.net = CellNetwork([[name] for name in GENOTYPE], 8 if scale == "bench" else 4)
        self.opt = adam(self.net.parameters(), 3e-3)
        self.batch_size, self.image_size = batch, image_size

    def inputs(self):
        return {"images": images(self.batch_size, self.image_size), "labels": ([self.batch_size], "int", 10)}

    def parameters(self):
        return self.net.ordered_parameters()

    def prepare(self, x):
        return {"images": nchw(x["images"]), "labels": x["labels"].long()}

    def step(self, x):
        self.opt.zero_grad()
        loss = F.cross_entropy(self.net(x["images"]), x["labels"])
        loss.backward()
        self.opt.step()
        return [loss.item()]


class DartsTwin:
    batch, fixture_batch, image_size = 64, 8, 28

    def __init__(self, scale, batch, image_size):
        self.net = CellNetwork([OPERATIONS] * len(EDGES), 8 if scale == "bench" else 4)
        self.alpha = nn.Parameter(torch.randn(len(EDGES), len(OPERATIONS)) * 1e-3)
        self.weight_opt = adam(self.net.parameters(), 3e-3)
        self.alpha_opt = adam([self.alpha], 3e-4, (0.5, 0.999))
        self.batch_size, self.image_size = batch, image_size

    def inputs(self):
        b, s = self.batch_size, self.image_size
        return {"trainImages": images(b, s), "trainLabels": ([b], "int", 10),
                "validationImages": images(b, s), "validationLabels": ([b], "int", 10)}

    def parameters(self):
        return [self.alpha, *self.net.ordered_parameters()]

    def tfjs_layout_parameters(self):
        return [self.alpha]

    def prepare(self, x):
        return {key: nchw(v) if "Images" in key else v.long() for key, v in x.items()}

    def loss(self, images_, labels):
        return F.cross_entropy(self.net(images_, F.softmax(self.alpha, 1)), labels)

    def step(self, x):
        validation_loss = self.loss(x["validationImages"], x["validationLabels"])
        (self.alpha.grad,) = torch.autograd.grad(validation_loss, [self.alpha])
        self.alpha_opt.step()
        self.weight_opt.zero_grad()
        train_loss = self.loss(x["trainImages"], x["trainLabels"])
        train_loss.backward()
        self.weight_opt.step()
        return [validation_loss.item(), train_loss.item()]


def twin_for(name):
    return Nb201Twin if name == "nb201" else DartsTwin
