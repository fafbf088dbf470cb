#!/usr/bin/env python3
"""PyTorch reference timings of the benchmark workloads W1-W4 of docs/ARCHITECTURE.md.

Training step = forward + loss + backward + Adam update, float32, random data, fixed seed,
2 threads. Prints one JSON object on stdout:
  {"torch": "1.13.0a0", "threads": 2, "blas": {...}, "workloads": [
     {"workload": "W1", "train": {"median": ms, "min": ms, "max": ms, "steps": n},
      "inference": {...} | null}, ...]}
Warnings (reference BLAS, no BLAS found) go to stderr and into "blas"."warning".

Usage: /usr/bin/python3 bench/torch_bench.py [--workload W1|W2|W3|W4] [--steps N] [--warmup N]
"""
import argparse
import json
import os
import re
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

THREADS = 2


def blas_report():
    """Which BLAS the process actually loaded (after a matmul has run), from /proc/self/maps."""
    a = torch.randn(64, 64)
    (a @ a).sum().item()
    libs = set()
    try:
        with open('/proc/self/maps', encoding='utf-8') as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 6 and ('blas' in parts[5] or 'mkl' in parts[5]):
                    libs.add(os.path.realpath(parts[5]))
    except OSError as e:
        libs.add(f'unreadable /proc/self/maps: {e}')
    libs = sorted(libs)
    config = torch.__config__.show()
    found = re.search(r'BLAS_INFO=([\w-]+)', config)
    blas_info = found.group(1) if found else 'unknown'
    if any('openblas' in l for l in libs):
        kind = 'openblas'
    elif any('mkl' in l for l in libs):
        kind = 'mkl'
    elif any('blas' in l for l in libs):
        kind = 'reference'
    else:
        kind = 'none-loaded'
    report = {'kind': kind, 'libraries': libs, 'blasInfo': blas_info}
    if kind == 'reference':
        report['warning'] = ('torch is using the REFERENCE BLAS (about 10x slower than OpenBLAS): '
                             'install libopenblas0-openmp; these figures are not a fair comparison.')
    elif kind == 'none-loaded':
        report['warning'] = 'no BLAS library is mapped; torch may be using its own kernels only.'
    return report


def timed(step, steps, warmup):
    for _ in range(warmup):
        step()
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1000.0)
    return {'median': statistics.median(times), 'min': min(times), 'max': max(times),
            'steps': steps}


def train_step_fn(model, params, forward_loss):
    opt = torch.optim.Adam(params, lr=1e-3)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = forward_loss()
        loss.backward()
        opt.step()
    model.train()
    return step


class W1(nn.Module):
    """x (seq 100, batch 30, features 4) -> RNN(4->256, tanh) -> last step -> Linear(256,1) -> MSE."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(4, 256)
        self.head = nn.Linear(256, 1)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out[-1])


class W2(nn.Module):
    """ids (32, 64) -> Embedding(5000, 64) -> 2-layer bi-RNN(128, dropout 0.2, batch_first)
    -> final states of the last layer (both directions) -> Linear(256, 2) -> cross-entropy."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(5000, 64)
        self.rnn = nn.RNN(64, 128, num_layers=2, bidirectional=True, dropout=0.2,
                          batch_first=True)
        self.head = nn.Linear(256, 2)

    def forward(self, ids):
        _, h = self.rnn(self.emb(ids))
        return self.head(torch.cat([h[-2], h[-1]], dim=1))


class W3(nn.Module):
    """ids (32, 40) -> Embedding(5000, 100) -> bi-LSTM(100->128) -> Linear(256, 17) per token."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(5000, 100)
        self.rnn = nn.LSTM(100, 128, bidirectional=True, batch_first=True)
        self.head = nn.Linear(256, 17)

    def forward(self, ids):
        out, _ = self.rnn(self.emb(ids))
        return self.head(out)


class W4(nn.Module):
    """GRU encoder (emb 128, hidden 256) over source (64, 20), vocab 3000; GRU decoder with
    teacher forcing (20 steps, vocab 3000) -> Linear(256, 3000) -> cross-entropy."""

    def __init__(self):
        super().__init__()
        self.src_emb = nn.Embedding(3000, 128)
        self.encoder = nn.GRU(128, 256, batch_first=True)
        self.tgt_emb = nn.Embedding(3000, 128)
        self.decoder = nn.GRU(128, 256, batch_first=True)
        self.head = nn.Linear(256, 3000)

    def forward(self, src, tgt_in):
        _, h = self.encoder(self.src_emb(src))
        out, _ = self.decoder(self.tgt_emb(tgt_in), h)
        return self.head(out)

    def greedy(self, src, steps, bos=1):
        _, h = self.encoder(self.src_emb(src))
        tok = torch.full((src.shape[0], 1), bos, dtype=torch.long)
        outs = []
        for _ in range(steps):
            out, h = self.decoder(self.tgt_emb(tok), h)
            tok = self.head(out[:, -1]).argmax(dim=-1, keepdim=True)
            outs.append(tok)
        return torch.cat(outs, dim=1)

    def beam(self, src, steps, k=4, bos=1):
        """Beam search of size k for every row at once, as core/tasks/seq2seq/decode.ts
        beamSearchBatch batches it: one decoder step for all beams of all rows (1 beam per row at
        the first step, k after), log-softmax scores, the k best of each row's k·V continuations."""
        n = src.shape[0]
        _, h = self.encoder(self.src_emb(src))
        tok = torch.full((n, 1), bos, dtype=torch.long)
        scores = torch.zeros(n, 1)
        for _ in range(steps):
            out, h = self.decoder(self.tgt_emb(tok), h)
            lp = torch.log_softmax(self.head(out[:, -1]), dim=-1)
            beams, vocab = scores.shape[1], lp.shape[1]
            total = (scores.unsqueeze(2) + lp.view(n, beams, vocab)).view(n, beams * vocab)
            scores, idx = total.topk(k, dim=1)
            rows = (torch.arange(n).unsqueeze(1) * beams + idx // vocab).view(-1)
            h = h.index_select(1, rows)
            tok = (idx % vocab).view(-1, 1)
        return scores


def workload(name, steps, warmup):
    g = torch.Generator().manual_seed(0)
    torch.manual_seed(0)
    if name == 'W1':
        m = W1()
        x = torch.randn(100, 30, 4, generator=g)
        y = torch.randn(30, 1, generator=g)
        step = train_step_fn(m, m.parameters(), lambda: F.mse_loss(m(x), y))
        train = timed(step, steps, warmup)
        m.eval()
        with torch.no_grad():
            infer = timed(lambda: m(x), steps, warmup)
        return {'train': train, 'inference': {'what': 'forward', **infer}}
    if name == 'W2':
        m = W2()
        ids = torch.randint(0, 5000, (32, 64), generator=g)
        y = torch.randint(0, 2, (32,), generator=g)
        step = train_step_fn(m, m.parameters(), lambda: F.cross_entropy(m(ids), y))
        return {'train': timed(step, steps, warmup), 'inference': None}
    if name == 'W3':
        m = W3()
        ids = torch.randint(0, 5000, (32, 40), generator=g)
        y = torch.randint(0, 17, (32, 40), generator=g)
        step = train_step_fn(
            m, m.parameters(), lambda: F.cross_entropy(m(ids).reshape(-1, 17), y.reshape(-1)))
        return {'train': timed(step, steps, warmup), 'inference': None}
    if name == 'W4':
        m = W4()
        src = torch.randint(0, 3000, (64, 20), generator=g)
        tgt = torch.randint(0, 3000, (64, 21), generator=g)
        step = train_step_fn(m, m.parameters(), lambda: F.cross_entropy(
            m(src, tgt[:, :-1]).reshape(-1, 3000), tgt[:, 1:].reshape(-1)))
        train = timed(step, steps, warmup)
        m.eval()
        with torch.no_grad():
            infer = timed(lambda: m.greedy(src, 20), steps, warmup)
            beam = timed(lambda: m.beam(src, 20), steps, warmup)
        return {'train': train, 'inference': {'what': 'greedy decoding, 20 steps', **infer},
                'beam': {'what': 'beam search (size 4), 20 steps', **beam}}
    raise ValueError(f'unknown workload {name!r}')


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--workload', choices=['W1', 'W2', 'W3', 'W4'], action='append')
    p.add_argument('--steps', type=int, default=30)
    p.add_argument('--warmup', type=int, default=5)
    args = p.parse_args()
    torch.set_num_threads(THREADS)
    blas = blas_report()
    if 'warning' in blas:
        bar = '!' * 78
        print(f'{bar}\nWARNING: {blas["warning"]}\n{bar}', file=sys.stderr)
    results = []
    for name in args.workload or ['W1', 'W2', 'W3', 'W4']:
        results.append({'workload': name, **workload(name, args.steps, args.warmup)})
    print(json.dumps({'torch': torch.__version__, 'threads': torch.get_num_threads(),
                      'blas': blas, 'workloads': results}))


if __name__ == '__main__':
    main()
