"""A stand-in for the onnxruntime Python package in tests (Debian has none): InferenceSession and its get_inputs/get_outputs/run, carried out by ONNX Runtime's Node binding through ortBridge.mjs."""
import json
import os
import subprocess

import numpy as np

_BRIDGE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'ortBridge.mjs')
_process = None


def _call(request):
    global _process
    if _process is None:
        _process = subprocess.Popen(['node', _BRIDGE], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    text=True, encoding='utf-8')
    _process.stdin.write(json.dumps(request) + '\n')
    _process.stdin.flush()
    reply = json.loads(_process.stdout.readline())
    if 'error' in reply:
        raise RuntimeError(reply['error'])
    return reply


class NodeArg:
    def __init__(self, name, shape):
        self.name, self.shape = name, shape


def _tensor(array):
    array = np.asarray(array)
    if array.dtype == np.int64:
        dtype = 'int64'
    elif array.dtype == np.float32:
        dtype = 'float32'
    else:
        raise TypeError(f'onnxruntime stand-in: feeds must be int64 or float32 arrays, got {array.dtype}.')
    return {'dtype': dtype, 'shape': list(array.shape), 'data': array.reshape(-1).tolist()}


class InferenceSession:
    def __init__(self, path, *args, **kwargs):
        reply = _call({'op': 'load', 'path': os.path.abspath(path)})
        self._id = reply['session']
        self._inputs = [NodeArg(v['name'], v['shape']) for v in reply['inputs']]
        self._outputs = [NodeArg(v['name'], v['shape']) for v in reply['outputs']]

    def get_inputs(self):
        return list(self._inputs)

    def get_outputs(self):
        return list(self._outputs)

    def run(self, output_names, input_feed, run_options=None):
        names = output_names or [o.name for o in self._outputs]
        reply = _call({'op': 'run', 'session': self._id, 'outputs': names,
                       'feeds': {k: _tensor(v) for k, v in input_feed.items()}})
        kinds = {'int64': np.int64, 'float32': np.float32}
        return [np.array(r['data'], kinds[r['dtype']]).reshape(r['shape']) for r in reply['results']]
