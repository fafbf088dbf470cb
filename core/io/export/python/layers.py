"""RNN Studio export: the recurrent building blocks every task's module shares (nn.RNN/LSTM/GRU from a spec, packed runs over padded batches, pooling over time, a frozen language model's states as features) and batch padding."""
import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from tokenization import PAD_ID


class _WeightDrop:
    """DropConnect on the hidden-to-hidden weights in training (AWD-LSTM's weight drop, core/nn/rnn.ts): each
    forward call draws one dropout mask per weight_hh_l{k}[_reverse] matrix; evaluation uses the weights as they
    are. The parameters keep nn.RNN/LSTM/GRU's names, so state dicts load unchanged."""

    def forward(self, input, hx=None):
        if not (self.training and self.weight_drop > 0):
            return super().forward(input, hx)
        kept = self._flat_weights
        # NOTE: the RNN modules read their weights from _flat_weights; the dropped copies stay in the autograd graph.
        self._flat_weights = [F.dropout(w, self.weight_drop, True) if name.startswith('weight_hh') else w
                              for name, w in zip(self._flat_weights_names, kept)]
        try:
            return super().forward(input, hx)
        finally:
            self._flat_weights = kept


class WeightDropRNN(_WeightDrop, nn.RNN):
    pass


class WeightDropLSTM(_WeightDrop, nn.LSTM):
    pass


class WeightDropGRU(_WeightDrop, nn.GRU):
    pass


def make_recurrent(spec, input_size, batch_first=True):
    """nn.RNN / nn.LSTM / nn.GRU from a RunSpec recurrent part (dropout only between layers; with weightDrop, the
    same module with DropConnect on its hidden-to-hidden weights in training)."""
    common = dict(input_size=input_size, hidden_size=spec['hiddenSize'], num_layers=spec['numLayers'],
                  bidirectional=spec['bidirectional'], batch_first=batch_first,
                  dropout=spec['dropout'] if spec['numLayers'] > 1 else 0.0)
    weight_drop = spec.get('weightDrop') or 0.0
    if spec['cell'] == 'lstm':
        rnn = WeightDropLSTM(**common) if weight_drop > 0 else nn.LSTM(**common)
    elif spec['cell'] == 'gru':
        rnn = WeightDropGRU(**common) if weight_drop > 0 else nn.GRU(**common)
    else:
        common['nonlinearity'] = spec['nonlinearity']
        rnn = WeightDropRNN(**common) if weight_drop > 0 else nn.RNN(**common)
    if weight_drop > 0:
        rnn.weight_drop = weight_drop
    return rnn


def run_packed(rnn, x, lengths, hx=None):
    """Runs a batch-first rnn over x [N, L, H_in] honouring lengths [N] (padding never reaches h_n).
    Returns output [N, L, D·H] (zeros past each length) and the final state (h_n, or (h_n, c_n))."""
    packed = pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
    out, state = rnn(packed, hx)
    out, _ = pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])
    return out, state


class LmTrunk(nn.Module):
    """A frozen language model's embedding → recurrent stack; its top layer's output at each token."""

    def __init__(self, spec, vocab_size):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, spec['embeddingDim'], padding_idx=PAD_ID)
        # NOTE: frozen: no dropout and no weight drop, as core's FrozenTrunk.
        self.rnn = make_recurrent(dict(spec['recurrent'], dropout=0.0, weightDrop=0.0), spec['embeddingDim'])
        r = spec['recurrent']
        self.width = (2 if r['bidirectional'] else 1) * r['hiddenSize']

    def forward(self, ids, lengths):
        out, _ = run_packed(self.rnn, self.embedding(ids), lengths)
        return out


def reverse_within(x, lengths):
    """x [N, L, ...] with each row's first lengths[n] steps reversed; the steps past them stay."""
    N, L = x.shape[0], x.shape[1]
    t = torch.arange(L, device=x.device).view(1, L)
    n = lengths.to(x.device).view(N, 1)
    idx = torch.where(t < n, n - 1 - t, t)
    if x.dim() == 3:
        idx = idx.unsqueeze(2).expand(N, L, x.shape[2])
    return x.gather(1, idx)


class LmFeatures(LmTrunk):
    """core/tasks/common/lmFeatures.ts in PyTorch: a language model's embedding → recurrent stack
    (model.lmFeatures), never trained; its top layer's output at each token (ELMo's features), and
    with model.lmFeatures.backward a backward language model's (lm.backward.*) over each sequence
    reversed, put back in reading order: forward state ‖ backward state per token."""

    def __init__(self, spec, vocab_size):
        super().__init__(spec, vocab_size)
        if spec.get('backward') is not None:
            self.backward = LmTrunk(spec['backward'], vocab_size)
            self.width += self.backward.width
        self.requires_grad_(False)

    def forward(self, ids, lengths):
        """ids [N, L], lengths [N] → [N, L, width] (zeros past each length), outside autograd."""
        with torch.no_grad():
            out = super().forward(ids, lengths)
            if hasattr(self, 'backward'):
                states = self.backward(reverse_within(ids, lengths), lengths)
                out = torch.cat([out, reverse_within(states, lengths)], dim=2)
        return out


def make_lm_features(model_spec, vocab_size):
    """The frozen language-model trunk model.lmFeatures asks for, or None; its width (0 without)."""
    spec = model_spec.get('lmFeatures')
    if spec is None:
        return None, 0
    lm = LmFeatures(spec, vocab_size)
    return lm, lm.width


def pool_over_time(output, lengths, mode, directions):
    """[N, L, D·H] → [N, D·H] over the valid steps: 'last' (forward at len−1, backward at 0), 'mean' or 'max'."""
    N, L, F = output.shape
    lengths = lengths.to(output.device)
    if mode == 'last':
        H = F // directions
        idx = (lengths - 1).view(N, 1, 1).expand(N, 1, H)
        fwd = output[:, :, :H].gather(1, idx).squeeze(1)
        if directions == 1:
            return fwd
        return torch.cat([fwd, output[:, 0, H:]], dim=1)
    valid = (torch.arange(L, device=output.device).view(1, L) < lengths.view(N, 1)).unsqueeze(2)
    if mode == 'mean':
        return output.masked_fill(~valid, 0.0).sum(1) / lengths.view(N, 1).to(output.dtype)
    return output.masked_fill(~valid, float('-inf')).max(1).values


def lengths_of(ids):
    """Lengths [N] of right-padded ids [N, L] (0 = padding)."""
    return (ids != PAD_ID).sum(1)


def pad_batch(sequences, pad=PAD_ID):
    """Right-pads id lists into a LongTensor [N, L] and their lengths [N]."""
    L = max(len(s) for s in sequences)
    ids = torch.full((len(sequences), L), pad, dtype=torch.long)
    for n, s in enumerate(sequences):
        ids[n, :len(s)] = torch.tensor(s, dtype=torch.long)
    return ids, torch.tensor([len(s) for s in sequences], dtype=torch.long)
