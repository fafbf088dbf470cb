"""RNN Studio export, forecast (core/tasks/forecast): windows [N, L, F] → recurrent → top layer's h_n → dropout (‖ known-future values) → linear H; chronological split, target modes and the next H values in original units."""
import torch
import torch.nn.functional as F
from torch import nn

import data as D
from layers import make_recurrent
from series import fit_scaler, read_series
from tokenization import JS_WHITESPACE


class Forecaster(nn.Module):
    """core/tasks/forecast/model.ts in PyTorch: recurrent over the window → the top layer's h_n → dropout (‖ known-future values) → linear H."""

    def __init__(self, model_spec, features, horizon, known=0):
        super().__init__()
        r = model_spec['recurrent']
        self.layers, self.directions, self.hidden = r['numLayers'], 2 if r['bidirectional'] else 1, r['hiddenSize']
        self.known = known
        self.rnn = make_recurrent(r, features)
        self.dropout = nn.Dropout(model_spec.get('headDropout') or 0.0)
        self.head = nn.Linear(self.directions * self.hidden + horizon * known, horizon)

    def forward(self, x, future=None):
        """Model inputs x [N, L, F] (and, with known-future columns, their scaled values at the H steps [N, H·K]) →
        predictions [N, H] in the target mode's units (levels, changes from the last value, or window-normalised)."""
        _, state = self.rnn(x)
        h = state[0] if isinstance(state, tuple) else state
        N = x.shape[0]
        last = self.dropout(h[(self.layers - 1) * self.directions:].permute(1, 0, 2).reshape(N, self.directions * self.hidden))
        if self.known:
            last = torch.cat([last, future.reshape(N, -1)], 1)
        return self.head(last)


class Scaler:
    """The forecast scaler of a task state: x' = (x − offset) / scale per column."""

    def __init__(self, state):
        self.offset = torch.tensor(state['offset'], dtype=torch.float64)
        self.scale = torch.tensor(state['scale'], dtype=torch.float64)

    def apply(self, rows):
        """[L, F] rows in original units → float32 scaled."""
        return ((torch.as_tensor(rows, dtype=torch.float64) - self.offset) / self.scale).to(torch.float32)

    def invert_target(self, values):
        """Scaled target values → original units (the target is column 0)."""
        return values.to(torch.float64) * self.scale[0] + self.offset[0]


def build(model_spec, state):
    """A freshly initialised Forecaster for the state's columns, horizon and known-future columns."""
    return Forecaster(model_spec, len(state['columns']), state['horizon'], len(state.get('knownFuture') or []))


def parse_rows(text):
    """'1,2;3,4' or one row per line → [[1.0, 2.0], [3.0, 4.0]] (as `rnn-studio predict` reads forecast input)."""
    rows = []
    for i, r in enumerate(x.strip(JS_WHITESPACE) for x in text.replace('\n', ';').split(';')):
        if r == '':
            continue
        try:
            rows.append([float(c) for c in r.split(',')])
        except ValueError:
            raise ValueError(f"Forecast input row {i + 1} must hold numbers, got '{r}'.")
    return rows


WINDOW_NORM_EPS = 0.01  # core/tasks/forecast/targetMode.ts: added to a window's variance before the square root


def target_mode(state):
    """'level', 'change' or 'window-norm' (bundles before target modes carry predictChanges)."""
    return state.get('targetMode') or ('change' if state.get('predictChanges') else 'level')


def window_frame(mode, x):
    """(base, spread) of one scaled window [L, F] (float64): scaled target = model output · spread + base."""
    if mode == 'change':
        return x[-1, 0].double(), 1.0
    if mode == 'window-norm':
        t = x[:, 0].double()
        mean = t.mean()
        return mean, torch.sqrt(((t - mean) ** 2).mean() + WINDOW_NORM_EPS)
    return 0.0, 1.0


def model_inputs(mode, x):
    """The model's inputs for scaled windows [..., L, F]: window-norm normalises each feature by the window's own mean
    and spread (as the target); the other modes keep them."""
    if mode != 'window-norm':
        return x
    xd = x.double()
    mean = xd.mean(-2, keepdim=True)
    spread = torch.sqrt(((xd - mean) ** 2).mean(-2, keepdim=True) + WINDOW_NORM_EPS)
    return ((xd - mean) / spread).to(torch.float32)


def known_indices(state):
    """Column indices of the known-future columns (features whose future values the model reads)."""
    return [state['columns'].index(c) for c in state.get('knownFuture') or []]


def scale_future(state, future):
    """The known-future columns' next H rows [H][K] (original units) → scaled [1, H·K]; None without such columns."""
    idx = known_indices(state)
    if not idx:
        return None
    H = state['horizon']
    if future is None or len(future) != H or any(len(r) != len(idx) for r in future):
        names = ', '.join(f"'{c}'" for c in state['knownFuture'])
        raise ValueError(f"forecast: input.future must hold the next {H} rows of {names} (known in advance), got {'none' if future is None else f'{len(future)} rows'}.")
    scaler = Scaler(state['scaler'])
    v = torch.as_tensor(future, dtype=torch.float64)
    return ((v - scaler.offset[idx]) / scaler.scale[idx]).to(torch.float32).reshape(1, -1)


def forecast_values(net, state, rows, future=None):
    """The next H target values in original units for the last L rows (trained column order) and, for a model with
    known-future columns, their next H rows."""
    if len(rows) != state['window']:
        raise ValueError(f"forecast: the input must have the last {state['window']} rows, got {len(rows)}.")
    for t, row in enumerate(rows):
        if len(row) != len(state['columns']):
            raise ValueError(f"forecast: row {t + 1} must have {len(state['columns'])} values ({', '.join(state['columns'])}), got {len(row)}.")
    scaler = Scaler(state['scaler'])
    mode = target_mode(state)
    x = scaler.apply(rows)
    base, spread = window_frame(mode, x)
    fut = scale_future(state, future)
    with torch.no_grad():
        out = net(model_inputs(mode, x).unsqueeze(0), fut)[0]
    return scaler.invert_target(out.double() * spread + base).tolist()


class ForecastTask:
    kind = 'forecast'

    def __init__(self, spec, path, state=None, hints=None):
        """The series read with the exported columns, split chronologically (train | val | test), the scaler fitted on
        the training steps unless `state` is given, and windows of L steps → H targets cut from each part (a val/test
        window may read its inputs from the part before it)."""
        known = state or hints
        values = read_series(path, known, spec['data'].get('reading'))
        steps = values.shape[0]
        t = spec['train']
        split = D.chronological_split(steps, t['valSplit'], t['testSplit'])
        train_end = len(split['train'])
        val_end = train_end + len(split['val'])
        L, H = known['window'], known['horizon']
        if train_end < L + H:
            raise ValueError(f'forecast: the training part must hold at least window + horizon = {L + H} steps, got {train_end}.')
        if state is None:
            state = dict(hints, scaler=fit_scaler(values[:train_end], spec['data'].get('scaling') or 'zscore'),
                         lastRows=values[max(0, steps - L):].double().tolist())
        self.state = state
        scaled = Scaler(state['scaler']).apply(values)
        mode = target_mode(state)
        known = known_indices(state)

        def windows(start, end):
            out = []
            for s in range(max(0, start), end - L - H + 1):
                x = scaled[s:s + L]
                base, spread = window_frame(mode, x)
                y = ((scaled[s + L:s + L + H, 0].double() - base) / spread).to(torch.float32)
                out.append((model_inputs(mode, x), y, scaled[s + L:s + L + H][:, known].reshape(-1)))
            return out

        self.parts = {'train': windows(0, train_end), 'val': windows(train_end - L, val_end), 'test': windows(val_end - L, steps)}

    @staticmethod
    def collate(examples):
        return {'x': torch.stack([e[0] for e in examples]), 'y': torch.stack([e[1] for e in examples]),
                'future': torch.stack([e[2] for e in examples])}

    def loss(self, net, batch, reduction='mean'):
        loss = F.mse_loss(net(batch['x'], batch['future']), batch['y'], reduction=reduction)
        return loss, batch['y'].numel()


def predict(net, state, text, options):
    rows = parse_rows(text) if text is not None and text.strip(JS_WHITESPACE) != '' else state['lastRows']
    future = parse_rows(options['future']) if options.get('future') else None
    return {'kind': 'forecast', 'values': forecast_values(net, state, rows, future)}


def describe(p):
    return ', '.join(f'{v:.6g}' for v in p['values'])
