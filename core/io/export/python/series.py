"""RNN Studio export: reading a forecast's time series from a table as core/data does (spreadsheet numbers and missing markers, dates, derived columns, sorting and gap filling) and fitting the scaler on the training steps."""
import datetime
import math
import re

import torch

import data as D
from tokenization import JS_WHITESPACE


_MISSING = {'', 'null', 'na', 'n/a', 'nan', 'none', '#n/a', '?', '-', 'nil', 'missing'}
_NUMBER_RE = re.compile(r'^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$')
_GROUPED_RE = re.compile(r'^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$')
_ISO_RE = re.compile(r'^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$')
_KOREAN_RE = re.compile(r'^(\d{4})년\s*(\d{1,2})월\s*(\d{1,2})일$')
_MONTH_RE = re.compile(r'^([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})$')
_MONTHS = {m: i + 1 for i, m in enumerate(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'])}


def parse_number(raw, where):
    """A spreadsheet number ('1.5', '-2e3', '1,234.5'); NaN for a missing marker (core/data/columnTypes.ts)."""
    v = raw.strip(JS_WHITESPACE)
    if v.lower() in _MISSING:
        return math.nan
    if _NUMBER_RE.match(v):
        return float(v)
    if _GROUPED_RE.match(v):
        return float(v.replace(',', ''))
    raise ValueError(f"{where}: '{raw}' is not a number, but the column must be numeric.")


def parse_date(raw):
    """Milliseconds since 1970 (UTC) of an ISO, Korean ('2020년 1월 2일') or 'Jan 2, 2020' date; NaN otherwise."""
    v = raw.strip(JS_WHITESPACE)
    m = _ISO_RE.match(v)
    parts = None
    if m:
        parts = [int(m.group(i) or 0) for i in range(1, 7)]
    elif _KOREAN_RE.match(v):
        parts = [int(x) for x in _KOREAN_RE.match(v).groups()] + [0, 0, 0]
    elif _MONTH_RE.match(v):
        mon, day, year = _MONTH_RE.match(v).groups()
        if mon.lower() not in _MONTHS:
            return math.nan
        parts = [int(year), _MONTHS[mon.lower()], int(day), 0, 0, 0]
    if parts is None:
        return math.nan
    try:
        return datetime.datetime(*parts, tzinfo=datetime.timezone.utc).timestamp() * 1000
    except ValueError:
        return math.nan


_DERIVED_OPS = {
    'subtract': lambda a, b: a - b,
    'add': lambda a, b: a + b,
    'multiply': lambda a, b: a * b,
    'divide': lambda a, b: a / b if b != 0 else math.nan,
}


def derived_value(op, a, b):
    """One row of a derived column (core/data/derived.ts): NaN (missing) when a source is missing or the result is not finite."""
    if math.isnan(a) or math.isnan(b):
        return math.nan
    v = _DERIVED_OPS[op](a, b)
    return v if math.isfinite(v) else math.nan


def read_series(path, state, reading=None):
    """values [steps, F] (float32, columns in state order, target first): derived columns computed row by row, rows
    with a bad date dropped, sorted by date when out of order, missing values dropped or forward-filled (leading gaps
    take the first known value)."""
    derived = state.get('derived') or []
    made = {d['name'] for d in derived}
    sources = [c for c in (*state['columns'], *(s for d in derived for s in (d['left'], d['right']))) if c not in made]
    wanted = (*sources, state.get('dateColumn'), *(state.get('dateParts') or {}).values())
    columns, rows = D.read_table(path, wanted, reading)
    numeric = {}

    def values_of(c):
        if c not in numeric:
            numeric[c] = [parse_number(v, f"'{path}', column '{c}'") for v in D.column(columns, rows, c, path)]
        return numeric[c]

    for d in derived:
        numeric[d['name']] = [derived_value(d['op'], a, b) for a, b in zip(values_of(d['left']), values_of(d['right']))]
    data = [values_of(c) for c in state['columns']]
    order = list(range(len(rows)))
    dates = None
    if state.get('dateColumn'):
        dates = [parse_date(v) for v in D.column(columns, rows, state['dateColumn'], path)]
    elif state.get('dateParts'):
        p = state['dateParts']
        ys, ms, ds = ([parse_number(v, path) for v in D.column(columns, rows, p[k], path)] for k in ('year', 'month', 'day'))
        dates = []
        for y, mo, d in zip(ys, ms, ds):
            try:
                dates.append(datetime.datetime(int(y), int(mo), int(d), tzinfo=datetime.timezone.utc).timestamp() * 1000)
            except (ValueError, OverflowError):
                dates.append(math.nan)
    if dates is not None:
        order = [i for i in order if not math.isnan(dates[i])]
        if any(dates[order[k]] < dates[order[k - 1]] for k in range(1, len(order))):
            order.sort(key=lambda i: (dates[i], i))
    if state['missing'] == 'drop':
        order = [r for r in order if all(not math.isnan(col[r]) for col in data)]
    values = torch.empty(len(order), len(data), dtype=torch.float32)
    for f, col in enumerate(data):
        known = [col[r] for r in order if not math.isnan(col[r])]
        last = known[0] if known else math.nan
        for k, r in enumerate(order):
            if not math.isnan(col[r]):
                last = col[r]
            values[k, f] = last
    return values


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
