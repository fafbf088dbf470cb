/** The exported train.py applies the spec's weight drop as the app does (AWD-LSTM's DropConnect on the hidden-to-hidden weights in training only), keeping nn.RNN/LSTM/GRU's parameter names so the weights still load both ways. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PYTHON_SOURCES } from '../../core/io/export/pythonSources.generated.ts';
import { PYTHON, removeTempDirs, tempDir, torchAvailable } from './helpers.ts';

const hasTorch = torchAvailable('weight drop in the exported layers');

/** Per cell: the module's class, its parameter names against the plain module's, and what training does to them. */
const SCRIPT = String.raw`
import json, sys
import torch
from torch import nn
import layers

out = {}
for cell in ('rnn', 'lstm', 'gru'):
    torch.manual_seed(0)
    spec = dict(cell=cell, hiddenSize=6, numLayers=2, bidirectional=True, dropout=0.0, nonlinearity='tanh')
    plain = layers.make_recurrent(spec, 4)
    dropped = layers.make_recurrent(dict(spec, weightDrop=0.5), 4)
    dropped.load_state_dict(plain.state_dict())
    x = torch.randn(3, 7, 4)
    lengths = torch.tensor([7, 5, 2])
    plain.eval(); dropped.eval()
    with torch.no_grad():
        eval_gap = float((layers.run_packed(plain, x, lengths)[0] - layers.run_packed(dropped, x, lengths)[0]).abs().max())
    dropped.train()
    y, _ = layers.run_packed(dropped, x, lengths)
    with torch.no_grad():
        train_gap = float((y - layers.run_packed(plain, x, lengths)[0]).abs().max())
    y.square().sum().backward()
    zeros = {n: float((p.grad == 0).float().mean()) for n, p in dropped.named_parameters() if n.startswith('weight')}
    out[cell] = dict(cls=type(dropped).__name__, plainCls=type(plain).__name__,
                     names=[n for n, _ in dropped.named_parameters()], plainNames=[n for n, _ in plain.named_parameters()],
                     evalGap=eval_gap, trainGap=train_gap, zeros=zeros)
json.dump(out, sys.stdout)
`;

interface CellReport {
  cls: string;
  plainCls: string;
  names: string[];
  plainNames: string[];
  evalGap: number;
  trainGap: number;
  zeros: Record<string, number>;
}

afterAll(removeTempDirs);

describe.skipIf(!hasTorch)('weight drop in the exported layers.py', () => {
  it('drops hidden-to-hidden weights in training only, under nn.RNN/LSTM/GRU names', () => {
    const dir = tempDir();
    for (const name of ['layers.py', 'tokenization.py']) {
      writeFileSync(join(dir, name), PYTHON_SOURCES[name] as string);
    }
    writeFileSync(join(dir, 'check.py'), SCRIPT);
    const run = spawnSync(PYTHON, ['check.py'], { cwd: dir, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as Record<string, CellReport>;
    for (const [cell, r] of Object.entries(report)) {
      expect(r.plainCls, cell).toBe(cell.toUpperCase());
      expect(r.cls, cell).toBe(`WeightDrop${cell.toUpperCase()}`);
      expect(r.names, cell).toEqual(r.plainNames);
      expect(r.evalGap, cell).toBe(0);
      expect(r.trainGap, cell).toBeGreaterThan(1e-3);
      for (const [name, share] of Object.entries(r.zeros)) {
        // A dropped weight gets no gradient that step; the input weights are never dropped.
        if (name.startsWith('weight_hh')) expect(share, `${cell} ${name}`).toBeGreaterThan(0.3);
        if (name.startsWith('weight_hh')) expect(share, `${cell} ${name}`).toBeLessThan(0.7);
        if (name.startsWith('weight_ih')) expect(share, `${cell} ${name}`).toBeLessThan(0.05);
      }
    }
  });
});
