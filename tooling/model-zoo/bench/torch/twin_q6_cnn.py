"""Q6: the CNN of @hw7/hpo's search space at its largest (4 x conv 3x3 64 'same' + ReLU + max pool 2,
2 x dense 64 + ReLU, dense 100 + softmax), categorical cross-entropy, Adam."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from common import adam, nchw

CLASSES = 100


class Twin:
    batch, fixture_batch, image_size = 64, 8, 32

    def __init__(self, scale, batch, image_size):
        filters, hidden = ([64, 64, 64, 64], [64, 64]) if scale == "bench" else ([8, 8], [16])
        layers, channels, side = [], 3, image_size
        for f in filters:
            layers += [nn.Conv2d(channels, f, 3, padding=1), nn.ReLU()]
            if side >= 2:
                layers.append(nn.MaxPool2d(2))
                side //= 2
            channels = f
        self.features = nn.Sequential(*layers)
        dense, units = [], side * side * channels
        for h in hidden:
            dense += [nn.Linear(units, h), nn.ReLU()]
            units = h
        dense.append(nn.Linear(units, CLASSES))
        self.classifier = nn.Sequential(*dense)
        self.opt = adam(self.parameters(), 1e-3)
        self.batch_size, self.image_size = batch, image_size

    def inputs(self):
        b, s = self.batch_size, self.image_size
        return {"images": ([b, s, s, 3], "uniform", 0), "labels": ([b], "int", CLASSES)}

    def parameters(self):
        return [*self.features.parameters(), *self.classifier.parameters()]

    def prepare(self, x):
        return {"images": nchw(x["images"]), "labels": x["labels"].long()}

    def step(self, x):
        self.opt.zero_grad()
        # Flatten in NHWC order, as tfjs's flatten layer does.
        features = self.features(x["images"]).permute(0, 2, 3, 1).flatten(1)
        # Softmax then categorical cross-entropy, as the tfjs model (softmax output layer) computes it.
        probabilities = F.softmax(self.classifier(features), 1)
        loss = -torch.log(probabilities.clamp(1e-7, 1 - 1e-7)).gather(1, x["labels"][:, None]).mean()
        loss.backward()
        self.opt.step()
        return [loss.item()]
