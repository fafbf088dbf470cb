"""RNN Studio export: a forecast's time series as a float32 tensor (read by data.py as core/data does: numbers, missing markers, dates, derived columns, sorting and gap filling) and fitting the scaler on the training steps."""
import torch

import data as D


# NOTE: parsing lives in data.py (no torch), so tests and tools can read a series without PyTorch.
parse_number = D.parse_number
parse_date_as = D.parse_date_as
derived_value = D.derived_value


def read_series(path, state, reading=None):
    """values [steps, F] (float32, columns in state order, target first) of data.read_series_rows: dates read in the
    column's order (or as Excel serial days) with the joined time column, rows with a bad date dropped, sorted by date
    when out of order, missing values dropped or forward-filled."""
    rows = D.read_series_rows(path, state, reading)['values']
    return torch.tensor(rows, dtype=torch.float32).reshape(len(rows), len(state['columns']))


def fit_scaler(values, kind):
    """offset/scale per column fitted on values [steps, F] (population std for 'zscore'; min and range for 'minmax')."""
    v = values.double()
    if kind == 'none':
        return {'kind': 'zscore', 'offset': [0.0] * v.shape[1], 'scale': [1.0] * v.shape[1]}
    if kind == 'zscore':
        mean = v.mean(0)
        std = (v.pow(2).mean(0) - mean.pow(2)).clamp(min=0).sqrt()
        return {'kind': 'zscore', 'offset': mean.tolist(), 'scale': [s if s > 1e-12 else 1.0 for s in std.tolist()]}
    lo, hi = v.min(0).values, v.max(0).values
    return {'kind': 'minmax', 'offset': lo.tolist(), 'scale': [r if r > 1e-12 else 1.0 for r in (hi - lo).tolist()]}
