"""A tiny safetensors reader and writer (struct + json) for when the `safetensors` package is absent; float32/float64/float16/bfloat16/int64 in, float32 torch tensors out."""
import json
import struct

import torch

# NOTE: I64 holds BatchNorm's num_batches_tracked in torchvision state dicts (e.g. a resnet18 written with safetensors.torch.save_file).
_DTYPES = {'F32': (torch.float32, 4), 'F64': (torch.float64, 8), 'F16': (torch.float16, 2), 'BF16': (torch.bfloat16, 2),
           'I64': (torch.int64, 8)}


def load_bytes(data):
    """name → tensor from safetensors bytes (the same result as safetensors.torch.load, as float32)."""
    if len(data) < 8:
        raise ValueError(f'safetensors_lite: the file must be at least 8 bytes, got {len(data)}.')
    (n,) = struct.unpack('<Q', data[:8])
    if 8 + n > len(data):
        raise ValueError(f'safetensors_lite: the header length must fit in the file, got {n}.')
    header = json.loads(data[8:8 + n].decode('utf-8'))
    base = 8 + n
    out = {}
    for name, info in header.items():
        if name == '__metadata__':
            continue
        if info['dtype'] not in _DTYPES:
            raise ValueError(f"safetensors_lite: tensor '{name}' dtype must be one of {sorted(_DTYPES)}, got '{info['dtype']}'.")
        dtype, size = _DTYPES[info['dtype']]
        begin, end = info['data_offsets']
        count = 1
        for d in info['shape']:
            count *= d
        if end - begin != count * size:
            raise ValueError(f"safetensors_lite: tensor '{name}' must hold {count * size} bytes, got {end - begin}.")
        raw = bytearray(data[base + begin:base + end])
        t = torch.frombuffer(raw, dtype=dtype) if count > 0 else torch.empty(0, dtype=dtype)
        out[name] = t.reshape(info['shape']).to(torch.float32).clone()
    return out


def load_file(path):
    """name → float32 tensor from a .safetensors file."""
    with open(path, 'rb') as f:
        return load_bytes(f.read())


def save_bytes(tensors, metadata=None):
    """safetensors bytes (float32, little-endian, 8-byte aligned header) for name → tensor."""
    header = {}
    if metadata:
        header['__metadata__'] = {str(k): str(v) for k, v in metadata.items()}
    chunks = []
    offset = 0
    for name, t in tensors.items():
        arr = t.detach().to(torch.float32).contiguous().cpu()
        raw = arr.numpy().astype('<f4').tobytes() if arr.numel() > 0 else b''
        header[name] = {'dtype': 'F32', 'shape': list(arr.shape), 'data_offsets': [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(',', ':')).encode('utf-8')
    text += b' ' * ((8 - len(text) % 8) % 8)
    return struct.pack('<Q', len(text)) + text + b''.join(chunks)


def save_file(tensors, path, metadata=None):
    """Writes name → tensor as a .safetensors file (through a temporary file, then a rename)."""
    import os
    tmp = f'{path}.{os.getpid()}.tmp'
    with open(tmp, 'wb') as f:
        f.write(save_bytes(tensors, metadata))
    os.replace(tmp, path)
