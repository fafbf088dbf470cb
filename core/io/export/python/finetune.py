"""RNN Studio export: ULMFiT's fine-tuning schedule as the app runs it (core/train/finetune.ts): layers by depth from the head down, a learning rate per depth (lr / layerLrDecay**depth) and gradual unfreezing by epoch."""
import re

import torch

# ULMFiT's factor between one layer's learning rate and the next lower one's (Howard & Ruder 2018).
ULMFIT_LAYER_LR_DECAY = 2.6

_RNN_LAYER = re.compile(r'^[a-z_]+\.[a-z_]+_l(\d+)(_reverse)?$')

# Where a model keeps the trunk a language model starts, per task: (embedding prefix, recurrent
# prefix), as core/tasks/common/transfer.ts trunkNames says; seq2seq's encoder side.
_TRUNK_NAMES = {'seq2seq': ('src_embedding.', 'encoder.')}


def trunk_names(task):
    """(embedding prefix, recurrent prefix) of the trunk in a model of `task`."""
    return _TRUNK_NAMES.get(task, ('embedding.', 'rnn.'))


def fine_tune_schedule(train):
    """(unfreeze, layerLrDecay) of spec.train, defaulting to ULMFiT's when initFrom is fine-tuned
    (train.transfer 'fine-tune'; the app writes it with initFrom), else off."""
    transfer = train.get('initFrom') is not None and train.get('transfer', 'fine-tune') == 'fine-tune'
    unfreeze = train.get('unfreeze') or ('gradual' if transfer else 'none')
    decay = train.get('layerLrDecay')
    if decay is None:
        decay = ULMFIT_LAYER_LR_DECAY if transfer else 1
    return unfreeze, float(decay)


def layer_depths(net, num_layers, task='classify'):
    """Each named parameter's depth below the top: 0 for the head (and anything not below the
    recurrent stack: seq2seq's whole decoder side), num_layers - k for rnn.*_l{k} (seq2seq:
    encoder.*_l{k}), num_layers + 1 for the embedding (seq2seq: src_embedding) and charEncoder.*
    (the input side)."""
    embedding, rnn_prefix = trunk_names(task)
    out = {}
    for name, _ in net.named_parameters():
        rnn = _RNN_LAYER.match(name) if name.startswith(rnn_prefix) else None
        if rnn is not None:
            out[name] = num_layers - int(rnn.group(1))
        elif name.startswith(embedding) or name.startswith('charEncoder.'):
            out[name] = num_layers + 1
        else:
            out[name] = 0
    return out


# The embedding spec.model.wordVectors starts, per task: (weight name, vocabulary key of the task state).
_WORD_VECTOR_EMBEDDINGS = {
    'classify': ('embedding.weight', 'vocab'),
    'tag': ('embedding.weight', 'vocab'),
    'seq2seq': ('src_embedding.weight', 'srcVocab'),
}


def word_vector_embedding(spec):
    """(weight name, vocabulary key) of the embedding spec.model.wordVectors started, or None."""
    if spec['model'].get('wordVectors') is None:
        return None
    return _WORD_VECTOR_EMBEDDINGS.get(spec['task'])


def always_frozen(spec, names=()):
    """Names (of `names`, the model's parameters) that never train: the word-vector embedding when
    spec.model.wordVectors.freeze, the language model's trunk (lm.*) of model.lmFeatures (as the app);
    a captioner's encoder when frozen (or zeroed: it never runs), and its resnet18's fc, which a
    captioner never uses (so DistributedDataParallel waits for no gradient of it)."""
    found = word_vector_embedding(spec)
    freeze = (spec['model'].get('wordVectors') or {}).get('freeze') is True
    frozen = {found[0]} if found is not None and freeze else set()
    if spec['task'] == 'caption':
        image = spec['model'].get('image') or {}
        prefix = 'encoder.' if image.get('freeze') or image.get('zeroImage') else 'encoder.fc.'
        frozen |= {n for n in names if n.startswith(prefix)}
    return frozen | {n for n in names if n.startswith('lm.')}


def copy_vector_rows(net, spec, exported_state, state, exported_weight):
    """Without --finetune the vocabulary is fitted anew: each of its words the exported vocabulary
    holds takes the exported embedding's row (the word vectors the app started from, frozen or
    fine-tuned as the spec says); the other words keep torch's N(0, 1) rows, as in the app.
    Returns how many rows were copied."""
    found = word_vector_embedding(spec)
    if found is None:
        return 0
    name, key = found
    weight = dict(net.named_parameters())[name]
    old = {w: i for i, w in enumerate(exported_state[key])}
    copied = 0
    with torch.no_grad():
        for i, w in enumerate(state[key]):
            j = old.get(w)
            if j is not None and i >= 4 and j >= 4:
                weight[i].copy_(exported_weight[j])
                copied += 1
    return copied


class FineTunePlan:
    """The plan of one model: optimizer groups (one per depth) and which parameters train in each epoch."""

    def __init__(self, net, spec):
        self.unfreeze, self.decay = fine_tune_schedule(spec['train'])
        depths = layer_depths(net, spec['model']['recurrent']['numLayers'], spec['task'])
        self.params = [(name, p, depths[name]) for name, p in net.named_parameters()]
        self.frozen = always_frozen(spec, [name for name, _, _ in self.params])
        for name, p, _ in self.params:
            if name in self.frozen:
                p.requires_grad_(False)

    @property
    def active(self):
        """True when the plan differs from training every parameter at one rate."""
        return self.unfreeze == 'gradual' or self.decay != 1

    @property
    def deepest(self):
        return max((d for _, _, d in self.params), default=0)

    def groups(self, lr):
        """torch.optim parameter groups from the head down, each at lr / decay**depth (one group when inactive)."""
        if not self.active:
            return [{'params': [p for _, p, _ in self.params], 'lr': lr, 'depth': 0}]
        by_depth = {}
        for _, p, d in self.params:
            by_depth.setdefault(d, []).append(p)
        return [{'params': ps, 'lr': lr * self.decay ** -d, 'depth': d} for d, ps in sorted(by_depth.items())]

    def trainable_depth(self, epoch):
        """The deepest depth that trains in 0-based epoch (everything when unfreezing is off)."""
        return epoch if self.unfreeze == 'gradual' else self.deepest

    def apply(self, epoch):
        """Sets requires_grad for 0-based epoch (deeper parameters frozen, their grad cleared so the
        optimizer leaves them bit-identical); returns the names still frozen."""
        limit = self.trainable_depth(epoch)
        frozen = []
        for name, p, d in self.params:
            trains = d <= limit and name not in self.frozen
            p.requires_grad_(trains)
            if not trains:
                p.grad = None
                frozen.append(name)
        return frozen
