"""Shared pieces of the PyTorch twins: layout conversion to TensorFlow.js's (NHWC images, [kh, kw, in,
out] kernels, [in, out] dense kernels), 'same' padding as TensorFlow computes it, Adam as tfjs's."""
import torch
import torch.nn as nn
import torch.nn.functional as F


def nchw(x):
    return x.permute(0, 3, 1, 2).contiguous()


def tfjs_layout(p, as_is=False):
    """A parameter in tfjs's layout: conv [O, I, kh, kw] (and transposed conv [I, O, kh, kw]) ->
    [kh, kw, I, O] ([kh, kw, O, I]); conv1d [O, I, k] -> [k, I, O]; linear [out, in] -> [in, out].
    `as_is`: a parameter the twin already keeps in tfjs's layout (embeddings, x @ W matrices)."""
    p = p.detach()
    if as_is:
        return p.clone()
    if p.dim() == 2:
        return p.t().contiguous()
    if p.dim() == 4:
        return p.permute(2, 3, 1, 0).contiguous()
    if p.dim() == 3:
        return p.permute(2, 1, 0).contiguous()
    return p.clone()


def from_tfjs_layout(p, value):
    """Writes `value` (tfjs layout) into parameter `p` (PyTorch layout)."""
    with torch.no_grad():
        if p.dim() == 4:
            p.copy_(value.permute(3, 2, 0, 1))
        elif p.dim() == 3:
            p.copy_(value.permute(2, 1, 0))
        else:
            p.copy_(value.reshape(p.shape))


def same_padding(size, kernel, stride):
    """TensorFlow's 'same' padding (before, after) of one axis: the odd pixel goes after."""
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


class SameConv2d(nn.Conv2d):
    """Conv2d with TensorFlow's 'same' padding (asymmetric when the total is odd)."""

    def forward(self, x):
        kh, kw = self.kernel_size
        top, bottom = same_padding(x.shape[2], kh, self.stride[0])
        left, right = same_padding(x.shape[3], kw, self.stride[1])
        if top == bottom and left == right:
            return F.conv2d(x, self.weight, self.bias, self.stride, (top, left))
        return F.conv2d(F.pad(x, (left, right, top, bottom)), self.weight, self.bias, self.stride)


def adam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
    if weight_decay:
        return torch.optim.AdamW(params, lr, betas=betas, eps=eps, weight_decay=weight_decay)
    return torch.optim.Adam(params, lr, betas=betas, eps=eps)
