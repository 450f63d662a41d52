#!/usr/bin/env python3
"""Compiles the fused Adam step that the training loop runs (AdamW.step) into a TorchScript archive.

DJL's Java API has no in-place sqrt, no add with a multiplier, no addcmul, and its own fused adamUpdate clones every
gradient and allocates four temporaries per parameter. This module runs the very same aten ops as that native update
(so the weights come out bit-identical), on every trainable parameter in one call, reading each gradient where
autograd left it, with two temporaries per parameter, and zeroes the gradient afterwards. libtorch compiles the
archive's code on load; the archive is committed, so CI and workers need no Python.

Writes activities/src/main/resources/ai/pretrain/training/adam-step.pt (committed).

Usage: scripts/make-adam-step.py   (with the python of scripts/install-torch-oracle.sh: torch 2.5.1, DJL's libtorch)
"""
import pathlib
from typing import List

import torch


class AdamStep(torch.nn.Module):

    @torch.jit.export
    def step(self, weights: List[torch.Tensor], means: List[torch.Tensor], variances: List[torch.Tensor],
             has_gradient: List[bool], rates: List[float], corrected_rates: List[float], constants: List[float]):
        """Updates every weight in place and zeroes its gradient. A weight without a gradient (no backward has
        reached it; TorchScript cannot tell an undefined gradient from None itself) steps on zeros, as DJL's
        getGradient() gives them. constants: l2, l1, decoupled decay, beta1, 1 - beta1, beta2, 1 - beta2, epsilon
        (the differences as the caller rounds them, in float32)."""
        l2, l1, decay = constants[0], constants[1], constants[2]
        beta1, one_minus_beta1, beta2, one_minus_beta2 = constants[3], constants[4], constants[5], constants[6]
        epsilon = constants[7]
        with torch.no_grad():
            for i in range(len(weights)):
                weight = weights[i]
                grad = weight.grad if has_gradient[i] else torch.zeros_like(weight)
                if l2 > 0:
                    grad.add_(weight.mul(l2))
                if l1 > 0:
                    grad.add_(weight.sign().mul(l1))
                # from here what DJL's native adamUpdate computes (ai_djl_pytorch_jni_PyTorchLibrary_optim.cc), op
                # for op, on the gradient itself instead of a clone: it is zeroed afterwards
                if decay > 0:
                    weight.sub_(weight.mul(rates[i]).mul(decay))
                else:
                    grad.add_(weight, alpha=decay)
                mean = means[i]
                variance = variances[i]
                mean.mul_(beta1).add_(grad, alpha=one_minus_beta1)
                variance.mul_(beta2).addcmul_(grad, grad, value=one_minus_beta2)
                step = mean.mul(corrected_rates[i])
                denominator = variance.sqrt()
                denominator.add_(epsilon)
                step.div_(denominator)
                weight.sub_(step)
                grad.zero_()


if __name__ == "__main__":
    out = pathlib.Path(__file__).resolve().parent.parent / "activities/src/main/resources/ai/pretrain/training/adam-step.pt"
    torch.jit.save(torch.jit.script(AdamStep()), str(out))
    print(out)
