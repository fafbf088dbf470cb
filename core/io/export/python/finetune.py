"""RNN Studio export: ULMFiT's fine-tuning schedule as the app runs it (core/train/finetune.ts): layers by depth from the head down, a learning rate per depth (lr / layerLrDecay**depth) and gradual unfreezing by epoch."""
import re

# ULMFiT's factor between one layer's learning rate and the next lower one's (Howard & Ruder 2018).
ULMFIT_LAYER_LR_DECAY = 2.6

_RNN_LAYER = re.compile(r'^rnn\.[a-z_]+_l(\d+)(_reverse)?$')


def fine_tune_schedule(train):
    """(unfreeze, layerLrDecay) of spec.train, defaulting to ULMFiT's with initFrom, else off."""
    transfer = train.get('initFrom') is not None
    unfreeze = train.get('unfreeze') or ('gradual' if transfer else 'none')
    decay = train.get('layerLrDecay')
    if decay is None:
        decay = ULMFIT_LAYER_LR_DECAY if transfer else 1
    return unfreeze, float(decay)


def layer_depths(net, num_layers):
    """Each named parameter's depth below the top: 0 for the head (and anything not below the
    recurrent stack), num_layers - k for rnn.*_l{k}, num_layers + 1 for the embedding and
    charEncoder.* (the input side)."""
    out = {}
    for name, _ in net.named_parameters():
        rnn = _RNN_LAYER.match(name)
        if rnn is not None:
            out[name] = num_layers - int(rnn.group(1))
        elif name.startswith('embedding.') or name.startswith('charEncoder.'):
            out[name] = num_layers + 1
        else:
            out[name] = 0
    return out


class FineTunePlan:
    """The plan of one model: optimizer groups (one per depth) and which parameters train in each epoch."""

    def __init__(self, net, spec):
        self.unfreeze, self.decay = fine_tune_schedule(spec['train'])
        depths = layer_depths(net, spec['model']['recurrent']['numLayers'])
        self.params = [(name, p, depths[name]) for name, p in net.named_parameters()]

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
            p.requires_grad_(d <= limit)
            if d > limit:
                p.grad = None
                frozen.append(name)
        return frozen
