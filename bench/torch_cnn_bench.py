#!/usr/bin/env python3
"""PyTorch reference timing of the CNN benchmark: torchvision resnet18 forward + backward.

Training mode (batch statistics), random weights and images, float32, 2 threads; one step is
the forward of [batch, 3, size, size] images, the sum of the logits, and its backward (no
optimizer). Prints one JSON object on stdout:
  {"torch": "1.13.0a0", "threads": 2, "batch": 8, "size": 64,
   "ms": {"median": ms, "min": ms, "max": ms}, "steps": n}

Usage: /usr/bin/python3 bench/torch_cnn_bench.py [--batch N] [--size N] [--steps N] [--warmup N]
"""
import argparse
import json
import statistics
import time

import torch
import torchvision


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--batch', type=int, default=8)
    parser.add_argument('--size', type=int, default=64)
    parser.add_argument('--steps', type=int, default=5)
    parser.add_argument('--warmup', type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(0)
    model = torchvision.models.resnet18().train()
    x = torch.randn(args.batch, 3, args.size, args.size)
    times = []
    for step in range(args.warmup + args.steps):
        model.zero_grad(set_to_none=True)
        start = time.perf_counter()
        model(x).sum().backward()
        elapsed = (time.perf_counter() - start) * 1000
        if step >= args.warmup:
            times.append(elapsed)
    print(json.dumps({
        'torch': torch.__version__, 'threads': torch.get_num_threads(), 'batch': args.batch,
        'size': args.size, 'steps': args.steps,
        'ms': {'median': statistics.median(times), 'min': min(times), 'max': max(times)},
    }))


if __name__ == '__main__':
    main()
