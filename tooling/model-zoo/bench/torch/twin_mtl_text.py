"""Q3: @hw7/mtl-text's multi-task model: embedding, a shared encoder, one dense head per task
(sentiment 2 classes, topic 7), loss = the sum of the tasks' cross-entropies, Adam(2e-3).
Encoders as tf.layers computes them:
  cnn          conv1d 'same' (TensorFlow pads the odd pixel after) + ReLU, global max pool, kernels 3/4/5
  bigru        Keras' GRU (reset gate applied before the recurrent matmul, hard-sigmoid gates, h = z h +
               (1 - z) hh), both directions, padding tokens (id 0) masked: the state is carried over
  transformer  learned positions, multi-head self-attention (padded keys masked), post-norm blocks
               (LayerNorm eps 1e-3), ReLU feed-forward, mean over the real tokens."""
import math
import torch
import torch.nn as nn
import torch.nn.functional as F
from common import adam

CLASSES = (2, 7)


def sizes(scale):
    if scale == "bench":
        return dict(vocab=6000, length=48, dim=100, heads=4, dropout=0.3), {"cnn": 64, "bigru": 64, "transformer": 128}
    return dict(vocab=50, length=12, dim=8, heads=2, dropout=0.0), {"cnn": 8, "bigru": 8, "transformer": 8}


def glorot(*shape):
    fan_in, fan_out = shape[0], shape[-1]
    limit = math.sqrt(6 / (fan_in + fan_out))
    return nn.Parameter(torch.empty(*shape).uniform_(-limit, limit))


class CnnEncoder(nn.Module):
    def __init__(self, dim, width):
        super().__init__()
        self.convs = nn.ModuleList(nn.Conv1d(dim, width, k) for k in (3, 4, 5))
        self.features = 3 * width

    def forward(self, x, tokens):
        x = x.transpose(1, 2)
        pooled = []
        for conv in self.convs:
            k = conv.kernel_size[0]
            pooled.append(F.relu(conv(F.pad(x, ((k - 1) // 2, k // 2)))).amax(2))
        return torch.cat(pooled, 1)

    def ordered(self):
        return [p for c in self.convs for p in (c.weight, c.bias)]


def hard_sigmoid(x):
    return (0.2 * x + 0.5).clamp(0, 1)


class KerasGru(nn.Module):
    def __init__(self, dim, units):
        super().__init__()
        self.kernel = glorot(dim, 3 * units)  # tfjs layout: [in, 3 units], gates z, r, h
        self.recurrent = nn.Parameter(torch.linalg.qr(torch.randn(3 * units, units))[0].t().contiguous())
        self.bias = nn.Parameter(torch.zeros(3 * units))
        self.units = units

    def forward(self, x, mask, backwards):
        u = self.units
        h = x.new_zeros(x.shape[0], u)
        steps = range(x.shape[1] - 1, -1, -1) if backwards else range(x.shape[1])
        projected = x @ self.kernel + self.bias  # [B, T, 3u]: the input part of every step at once
        r_z, r_h = self.recurrent[:, :2 * u], self.recurrent[:, 2 * u:]
        for t in steps:
            x_z, x_r, x_h = projected[:, t].split(u, 1)
            inner = h @ r_z
            z = hard_sigmoid(x_z + inner[:, :u])
            r = hard_sigmoid(x_r + inner[:, u:])
            hh = torch.tanh(x_h + (r * h) @ r_h)
            h = torch.where(mask[:, t, None], z * h + (1 - z) * hh, h)
        return h


class BiGruEncoder(nn.Module):
    def __init__(self, dim, width):
        super().__init__()
        self.forward_gru, self.backward_gru = KerasGru(dim, width), KerasGru(dim, width)
        self.features = 2 * width

    def forward(self, x, tokens):
        mask = tokens != 0
        return torch.cat([self.forward_gru(x, mask, False), self.backward_gru(x, mask, True)], 1)

    def ordered(self):
        return [p for g in (self.forward_gru, self.backward_gru) for p in (g.kernel, g.recurrent, g.bias)]

    def as_is(self):
        return self.ordered()


class TransformerEncoder(nn.Module):
    def __init__(self, dim, width, length, heads, dropout):
        super().__init__()
        self.positions = nn.Parameter(torch.empty(length, dim).uniform_(-0.05, 0.05))
        self.projections = nn.ParameterList([glorot(dim, dim) for _ in range(4)])  # x @ W, tfjs layout
        self.output_bias = nn.Parameter(torch.zeros(dim))
        self.norm1, self.norm2 = nn.LayerNorm(dim, eps=1e-3), nn.LayerNorm(dim, eps=1e-3)
        self.hidden, self.project = nn.Linear(dim, width), nn.Linear(width, dim)
        self.heads, self.dropout, self.features = heads, dropout, dim

    def forward(self, x, tokens):
        b, length, dim = x.shape
        hd = dim // self.heads
        real = (tokens != 0).float()
        x = x + self.positions
        q, k, v, o = self.projections
        split = lambda w: (x @ w).view(b, length, self.heads, hd).transpose(1, 2)
        scores = split(q) @ split(k).transpose(2, 3) / math.sqrt(hd) + ((1 - real) * -1e9)[:, None, None, :]
        attended = (F.softmax(scores, -1) @ split(v)).transpose(1, 2).reshape(b, length, dim) @ o + self.output_bias
        x = self.norm1(x + F.dropout(attended, self.dropout, self.training))
        projected = self.project(F.relu(self.hidden(x)))
        x = self.norm2(x + F.dropout(projected, self.dropout, self.training))
        return (x * real[:, :, None]).sum(1) / real.sum(1, keepdim=True).clamp(min=1)

    def ordered(self):
        return [self.positions, *self.projections, self.output_bias, self.norm1.weight, self.norm1.bias,
                self.hidden.weight, self.hidden.bias, self.project.weight, self.project.bias,
                self.norm2.weight, self.norm2.bias]

    def as_is(self):
        return [self.positions, *self.projections]


def twin_for(name):
    encoder = name.split("-", 1)[1]

    class Twin:
        batch, fixture_batch = 32, 4

        def __init__(self, scale, batch, image_size):
            s, widths = sizes(scale)
            self.s, self.batch_size = s, batch
            self.embedding = nn.Parameter(torch.empty(s["vocab"], s["dim"]).uniform_(-0.05, 0.05))
            width = widths[encoder]
            if encoder == "cnn":
                self.encoder = CnnEncoder(s["dim"], width)
            elif encoder == "bigru":
                self.encoder = BiGruEncoder(s["dim"], width)
            else:
                self.encoder = TransformerEncoder(s["dim"], width, s["length"], s["heads"], s["dropout"])
            self.heads = nn.ModuleList(nn.Linear(self.encoder.features, c) for c in CLASSES)
            self.opt = adam(self.parameters(), 2e-3)

        def inputs(self):
            b, s = self.batch_size, self.s
            return {"tokens": ([b, s["length"]], "int", s["vocab"]), "sentiment": ([b], "int", CLASSES[0]),
                    "topic": ([b], "int", CLASSES[1])}

        def parameters(self):
            return [self.embedding, *self.encoder.ordered(), *[p for h in self.heads for p in (h.weight, h.bias)]]

        def tfjs_layout_parameters(self):
            return [self.embedding, *getattr(self.encoder, "as_is", lambda: [])()]

        def prepare(self, x):
            return {"tokens": x["tokens"].long(), "sentiment": x["sentiment"].long(), "topic": x["topic"].long()}

        def step(self, x):
            self.opt.zero_grad()
            p = self.s["dropout"]
            embedded = F.dropout(self.embedding[x["tokens"]], p, True)
            features = F.dropout(self.encoder(embedded, x["tokens"]), p, True)
            loss = sum(F.cross_entropy(head(features), x[task]) for head, task in zip(self.heads, ("sentiment", "topic")))
            loss.backward()
            self.opt.step()
            return [loss.item()]

    return Twin
