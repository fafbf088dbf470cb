"""Test helper: writes torchvision's resnet18 with seeded random weights (and BatchNorm statistics moved by two training batches) as a safetensors state dict the way safetensors.torch.save_file does (F32 tensors, I64 num_batches_tracked), to argv[1]."""
import json
import struct
import sys

import torch
from torchvision.models import resnet18

torch.manual_seed(int(sys.argv[2]) if len(sys.argv) > 2 else 0)
net = resnet18()
net.train()
with torch.no_grad():
    for _ in range(2):
        net(torch.randn(4, 3, 64, 64))
header, chunks, offset = {}, [], 0
for name, t in net.state_dict().items():
    dtype = 'I64' if t.dtype == torch.int64 else 'F32'
    raw = t.contiguous().numpy().astype('<i8' if dtype == 'I64' else '<f4').tobytes()
    header[name] = {'dtype': dtype, 'shape': list(t.shape), 'data_offsets': [offset, offset + len(raw)]}
    chunks.append(raw)
    offset += len(raw)
text = json.dumps(header).encode('utf-8')
text += b' ' * ((8 - len(text) % 8) % 8)
with open(sys.argv[1], 'wb') as f:
    f.write(struct.pack('<Q', len(text)) + text + b''.join(chunks))
