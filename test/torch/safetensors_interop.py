"""PyTorch side of test/torch/safetensorsInterop.test.ts: moves RNN/LSTM/GRU state dicts through safetensors.

Debian has no Python safetensors package, so this reads and writes the format with struct and json.
Usage: /usr/bin/python3 test/torch/safetensors_interop.py <work_dir>
  <work_dir>/configs.json lists {name, module, options} (options in the core's camelCase).
  For each config:
    (a) reads core_<name>.safetensors (the core's state dict plus 'input.x', 'input.h0', 'input.c0'),
        loads it into torch.nn.<module> with load_state_dict(strict=True), runs the input, and writes
        torch_out_<name>.safetensors with 'output', 'h_n' (and 'c_n');
    (b) writes torch_<name>.safetensors: a seeded torch module's state dict, an input, and torch's
        outputs under 'expected.output', 'expected.h_n', 'expected.c_n'.
  It also writes dtypes.safetensors: the same values stored as F16, BF16, F64 and, as torch converts
  them to float32, F32.
"""
import json
import os
import struct
import sys

import torch

DTYPES = {'F32': torch.float32, 'F16': torch.float16, 'BF16': torch.bfloat16, 'F64': torch.float64}
NAMES = {v: k for k, v in DTYPES.items()}


def read_safetensors(path):
    with open(path, 'rb') as f:
        data = f.read()
    (n,) = struct.unpack('<Q', data[:8])
    header = json.loads(data[8:8 + n].decode('utf-8'))
    metadata = header.pop('__metadata__', {})
    base = 8 + n
    tensors = {}
    for name, info in header.items():
        begin, end = info['data_offsets']
        raw = bytearray(data[base + begin:base + end])
        t = torch.frombuffer(raw, dtype=DTYPES[info['dtype']]) if raw else torch.empty(0, dtype=DTYPES[info['dtype']])
        tensors[name] = t.reshape(info['shape']).clone()
    return tensors, metadata


def write_safetensors(path, tensors, metadata=None):
    """Lays the file out as the safetensors library does: header padded with spaces to 8 bytes."""
    header = {}
    if metadata:
        header['__metadata__'] = metadata
    chunks = []
    offset = 0
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous()
        raw = t.reshape(-1).view(torch.uint8).numpy().tobytes() if t.numel() else b''
        header[name] = {'dtype': NAMES[t.dtype], 'shape': list(t.shape), 'data_offsets': [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(',', ':')).encode('utf-8')
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for raw in chunks:
            f.write(raw)


def make_module(module, o):
    kwargs = dict(input_size=o['inputSize'], hidden_size=o['hiddenSize'], num_layers=o.get('numLayers', 1),
                  bias=o.get('bias', True), batch_first=o.get('batchFirst', False),
                  bidirectional=o.get('bidirectional', False))
    if module == 'RNN':
        kwargs['nonlinearity'] = o.get('nonlinearity', 'tanh')
    return getattr(torch.nn, module)(**kwargs).eval()


def run(model, module, tensors):
    x = tensors['input.x']
    if module == 'LSTM':
        hx = (tensors['input.h0'], tensors['input.c0']) if 'input.h0' in tensors else None
        output, (h_n, c_n) = model(x, hx)
        return {'output': output, 'h_n': h_n, 'c_n': c_n}
    output, h_n = model(x, tensors.get('input.h0'))
    return {'output': output, 'h_n': h_n}


def main(work):
    with open(os.path.join(work, 'configs.json')) as f:
        configs = json.load(f)
    torch.manual_seed(0)
    with torch.no_grad():
        for c in configs:
            name, module, o = c['name'], c['module'], c['options']
            # (a) the core's file into torch
            tensors, metadata = read_safetensors(os.path.join(work, 'core_%s.safetensors' % name))
            assert metadata.get('module') == module, metadata
            model = make_module(module, o)
            model.load_state_dict({k: v for k, v in tensors.items() if not k.startswith('input.')}, strict=True)
            write_safetensors(os.path.join(work, 'torch_out_%s.safetensors' % name), run(model, module, tensors))
            # (b) torch's file into the core
            model = make_module(module, o)
            d = 2 if o.get('bidirectional') else 1
            layers, hidden, length, batch = o.get('numLayers', 1), o['hiddenSize'], 5, 3
            x_shape = [batch, length, o['inputSize']] if o.get('batchFirst') else [length, batch, o['inputSize']]
            inputs = {'input.x': torch.randn(x_shape)}
            if c.get('withH0'):
                inputs['input.h0'] = torch.randn(d * layers, batch, hidden)
                if module == 'LSTM':
                    inputs['input.c0'] = torch.randn(d * layers, batch, hidden)
            out = run(model, module, inputs)
            payload = dict(model.state_dict())
            payload.update(inputs)
            payload.update({'expected.' + k: v for k, v in out.items()})
            write_safetensors(os.path.join(work, 'torch_%s.safetensors' % name), payload,
                              {'module': module, 'torch': torch.__version__})
        values = torch.randn(64) * 10
        values[:4] = torch.tensor([65504.0, 1e-7, -0.0, 3e38])
        dtype_tensors = {}
        for dtype_name in ('F16', 'BF16', 'F64'):
            stored = values.to(DTYPES[dtype_name])
            dtype_tensors['as_' + dtype_name] = stored
            dtype_tensors['expected_' + dtype_name] = stored.to(torch.float32)
        write_safetensors(os.path.join(work, 'dtypes.safetensors'), dtype_tensors)
    print('ok', len(configs))


if __name__ == '__main__':
    main(sys.argv[1])
