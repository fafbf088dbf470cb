"""RNN Studio export: loads an export folder into the task's torch.nn.Module (state_dict() keys matching model.safetensors) and gathers the preprocessing a caller needs to feed it the app's ids and values."""
# Load it in two lines (see README.md):
#     import model as m
#     net, config = m.load('.')          # torch.nn.Module in eval mode, weights loaded
import json
import os

from layers import pad_batch
from task_forecast import Scaler
from tasks import TASKS
from tokenization import BOS_ID, EOS_ID, PAD_ID, UNK_ID, Tokenizer, Vocab

# NOTE: the names README.md's examples use (m.pad_batch, m.Scaler, …); the modules beside this one define them.
__all__ = ['read_config', 'build_model', 'load_weights', 'load', 'pad_batch', 'Scaler', 'Tokenizer', 'Vocab',
           'PAD_ID', 'UNK_ID', 'BOS_ID', 'EOS_ID']


def read_config(folder):
    """config.json with every {"$file": "vocab….json"} reference replaced by that file's content."""
    with open(os.path.join(folder, 'config.json'), encoding='utf-8') as f:
        config = json.load(f)
    state = {}
    for key, value in config['taskState'].items():
        if isinstance(value, dict) and isinstance(value.get('$file'), str):
            with open(os.path.join(folder, value['$file']), encoding='utf-8') as f:
                value = json.load(f)
        state[key] = value
    config['taskState'] = state
    return config


def build_model(spec, state):
    """A freshly initialised module for a RunSpec and task state (sizes come from the state's vocabularies/classes)."""
    task = spec['task']
    if task not in TASKS:
        raise ValueError(f"model.py: the task must be one of {sorted(TASKS)}, got '{task}'.")
    return TASKS[task].build(spec['model'], state)


def load_weights(path):
    """name → float32 tensor from a safetensors file (the safetensors package if installed, else safetensors_lite)."""
    try:
        from safetensors.torch import load_file
    except ImportError:
        from safetensors_lite import load_file
    return load_file(path)


def load(folder='.'):
    """(module in eval mode with the exported weights, config) from an export folder."""
    config = read_config(folder)
    net = build_model(config['spec'], config['taskState'])
    net.load_state_dict(load_weights(os.path.join(folder, 'model.safetensors')), strict=True)
    net.eval()
    return net, config
