"""RNN Studio export: per-task data preparation (as the app prepares it on the training split), losses and predictions for train.py and predict.py."""
import datetime
import math
import re

import torch
import torch.nn.functional as F

import data as D
from model import (BOS_ID, EOS_ID, JS_WHITESPACE, PAD_ID, UNK_ID, Scaler, Tokenizer, Vocab, encode_chars, normalize_word,
                   pad_batch, pad_chars)


def _pick(xs, idx):
    return [xs[i] for i in idx]


# ---------------------------------------------------------------------------------------------
# classify (core/tasks/classify): text + label columns, stratified split, classes sorted
# ---------------------------------------------------------------------------------------------

def _classes_of(labels):
    distinct = list(dict.fromkeys(l.strip(JS_WHITESPACE) for l in labels))
    if len(distinct) < 2:
        raise ValueError(f'classify: the label column must have at least 2 classes, got {len(distinct)}.')
    try:
        numeric = all(d != '' for d in distinct) and [float(d) for d in distinct]
    except ValueError:
        numeric = False
    return sorted(distinct, key=float) if numeric else sorted(distinct)


class ClassifyTask:
    kind = 'classify'

    def __init__(self, spec, path, state=None, hints=None):
        """Reads and splits `path`; fits tokenizer, vocabulary and classes on the training part unless
        `state` (the exported one, for fine-tuning) is given. Columns: spec, else the exported state's (`hints`)."""
        known = state or hints or {}
        text_col = spec['data'].get('textColumn') or known.get('textColumn')
        label_col = spec['data'].get('labelColumn') or known.get('labelColumn')
        columns, rows = D.read_table(path, (text_col, label_col), spec['data'].get('reading'))
        texts = D.column(columns, rows, text_col, path)
        labels = [l.strip(JS_WHITESPACE) for l in D.column(columns, rows, label_col, path)]
        keep = [i for i in range(len(texts)) if texts[i].strip(JS_WHITESPACE) != '' and labels[i] != '']
        texts, labels = _pick(texts, keep), _pick(labels, keep)
        split = D.split_by_spec(spec, len(texts), labels)
        train_texts = _pick(texts, split['train'])
        max_length = spec['data'].get('maxLength') or 128
        if state is None:
            tokenizer = D.fit_tokenizer(spec, train_texts, 'word', True)
            vocab = D.fit_vocab(spec, [tokenizer(t)[:max_length] for t in train_texts])
            classes = _classes_of(_pick(labels, split['train']))
            counts = [0] * len(classes)
            for i in split['train']:
                counts[classes.index(labels[i])] += 1
            state = {'kind': 'classify', 'textColumn': text_col, 'labelColumn': label_col,
                     'tokenizer': tokenizer.to_json(), 'vocab': vocab.tokens, 'classes': classes,
                     'maxLength': max_length, 'majorityClass': counts.index(max(counts))}
        self.state = state
        self.tokenizer, self.vocab = Tokenizer(state['tokenizer']), Vocab(state['vocab'])
        class_id = {c: i for i, c in enumerate(state['classes'])}
        self.parts = {}
        for name, idx in split.items():
            examples = []
            for i in idx:
                tokens = self.tokenizer(texts[i])[:state['maxLength']]
                if tokens and labels[i] in class_id:
                    examples.append((self.vocab.encode(tokens), class_id[labels[i]]))
            self.parts[name] = examples
        self.weight = None
        if spec['train'].get('classWeights') == 'balanced':
            C = len(state['classes'])
            counts = [0] * C
            for _, y in self.parts['train']:
                counts[y] += 1
            n = len(self.parts['train'])
            self.weight = torch.tensor([1.0 if c == 0 else n / (C * c) for c in counts])

    @staticmethod
    def collate(examples):
        ids, lengths = pad_batch([e[0] for e in examples])
        return {'ids': ids, 'lengths': lengths, 'targets': torch.tensor([e[1] for e in examples])}

    def loss(self, net, batch, reduction='mean'):
        logits = net(batch['ids'], batch['lengths'])
        weight = None if self.weight is None or reduction == 'sum' else self.weight.to(logits.device)
        return F.cross_entropy(logits, batch['targets'], weight=weight, reduction=reduction), len(batch['targets'])


def predict_classify(net, state, text, options):
    tokens = Tokenizer(state['tokenizer'])(text)[:state['maxLength']]
    if text.strip(JS_WHITESPACE) == '' or not tokens:
        raise ValueError(f"classify: predict input.text must contain at least one token, got '{text}'.")
    ids, lengths = pad_batch([Vocab(state['vocab']).encode(tokens)])
    with torch.no_grad():
        probs = torch.softmax(net(ids, lengths), dim=-1)[0].tolist()
    ranked = sorted(({'label': c, 'probability': p} for c, p in zip(state['classes'], probs)), key=lambda x: -x['probability'])
    return {'kind': 'classify', 'label': ranked[0]['label'], 'probabilities': ranked}


def describe_classify(p):
    return p['label'] + '\t' + ' '.join(f"{x['label']}={x['probability']:.3f}" for x in p['probabilities'])


# ---------------------------------------------------------------------------------------------
# seq2seq (core/tasks/seq2seq): source + target columns, random split, a tokenizer per side
# ---------------------------------------------------------------------------------------------

def _mostly_korean(texts):
    hangul = letters = 0
    for text in texts[:2000]:
        for ch in text:
            cp = ord(ch)
            if 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F or 0xAC00 <= cp <= 0xD7A3:
                hangul += 1
            if ch.isalpha():
                letters += 1
    return letters > 0 and hangul / letters > 0.5


def _side_tokenizer(spec, texts):
    if _mostly_korean(texts):
        return Tokenizer({'kind': 'char', 'lowercase': False})
    return D.fit_tokenizer(spec, texts, 'word', (spec['data'].get('tokenizer') or 'word') != 'char')


def _encode_side(text, tokenizer, vocab, max_length):
    ids = vocab.encode(tokenizer(text)[:max_length])
    return ids or [UNK_ID]


class Seq2seqTask:
    kind = 'seq2seq'

    def __init__(self, spec, path, state=None, hints=None):
        """As ClassifyTask: pairs read, split, tokenizers and vocabularies fitted on the training part unless `state` is given."""
        known = state or hints or {}
        src_col = spec['data'].get('sourceColumn') or known.get('sourceColumn')
        tgt_col = spec['data'].get('targetColumn') or known.get('targetColumn')
        columns, rows = D.read_table(path, (src_col, tgt_col), spec['data'].get('reading'))
        pairs = [(s.strip(JS_WHITESPACE), t.strip(JS_WHITESPACE)) for s, t in zip(D.column(columns, rows, src_col, path), D.column(columns, rows, tgt_col, path))
                 if s.strip(JS_WHITESPACE) != '' and t.strip(JS_WHITESPACE) != '']
        split = D.split_by_spec(spec, len(pairs))
        train = _pick(pairs, split['train'])
        max_length = spec['data'].get('maxLength') or 30
        if state is None:
            src_tok = _side_tokenizer(spec, [p[0] for p in train])
            tgt_tok = _side_tokenizer(spec, [p[1] for p in train])
            counts, best, best_count = {}, '', 0
            for _, t in train:
                counts[t] = counts.get(t, 0) + 1
                if counts[t] > best_count:
                    best, best_count = t, counts[t]
            state = {'kind': 'seq2seq', 'sourceColumn': src_col, 'targetColumn': tgt_col,
                     'srcTokenizer': src_tok.to_json(), 'tgtTokenizer': tgt_tok.to_json(),
                     'srcVocab': D.fit_vocab(spec, [src_tok(p[0])[:max_length] for p in train]).tokens,
                     'tgtVocab': D.fit_vocab(spec, [tgt_tok(p[1])[:max_length] for p in train]).tokens,
                     'maxLength': max_length, 'bleuTokenize': 'char' if tgt_tok.kind == 'char' else '13a',
                     'lowercase': tgt_tok.lowercase, 'constantAnswer': best}
        self.state = state
        st, tt = Tokenizer(state['srcTokenizer']), Tokenizer(state['tgtTokenizer'])
        sv, tv = Vocab(state['srcVocab']), Vocab(state['tgtVocab'])
        L = state['maxLength']
        self.parts = {name: [(_encode_side(s, st, sv, L), tv.encode(tt(t)[:L])) for s, t in _pick(pairs, idx)]
                      for name, idx in split.items()}

    @staticmethod
    def collate(examples):
        src, lengths = pad_batch([e[0] for e in examples])
        tgt_in, _ = pad_batch([[BOS_ID] + e[1] for e in examples])
        tgt_out, _ = pad_batch([e[1] + [EOS_ID] for e in examples])
        return {'src': src, 'lengths': lengths, 'tgt_in': tgt_in, 'tgt_out': tgt_out}

    def loss(self, net, batch, reduction='mean'):
        logits = net(batch['src'], batch['tgt_in'], batch['lengths'])
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), batch['tgt_out'].reshape(-1),
                               ignore_index=PAD_ID, reduction=reduction)
        return loss, int((batch['tgt_out'] != PAD_ID).sum())


def beam_search(net, src, beam_size, length_penalty, max_length):
    """Beam search for one source row [1, S] as the app runs it (core/tasks/seq2seq/decode.ts)."""
    K, alpha = beam_size, length_penalty
    norm = lambda lp, n: lp / n ** alpha
    with torch.no_grad():
        (keys, pad), state = net.encode(src)
        beams = [([], 0.0)]
        finished = []
        for _ in range(max_length):
            if not beams or len(finished) >= K:
                break
            prev = torch.tensor([[b[0][-1] if b[0] else BOS_ID] for b in beams])
            B = len(beams)
            logits, new_state = net.decode(prev, state, (keys, pad))
            lp = torch.log_softmax(logits[:, 0].double(), dim=-1)
            candidates = []
            for b in range(B):
                row = lp[b].tolist()
                order = sorted(range(len(row)), key=lambda v: (-row[v], v))[:2 * K]
                candidates.extend((b, v, beams[b][1] + row[v]) for v in order)
            candidates.sort(key=lambda c: (-c[2], c[0], c[1]))
            nxt, src_rows = [], []
            for b, v, logp in candidates:
                if len(nxt) >= K or len(finished) >= K:
                    break
                ids = beams[b][0]
                if v == EOS_ID:
                    finished.append({'ids': list(ids), 'logProb': logp, 'score': norm(logp, len(ids) + 1)})
                else:
                    nxt.append((ids + [v], logp))
                    src_rows.append(b)
            if not nxt:
                break
            index = torch.tensor(src_rows)
            h, c = new_state
            state = (h.index_select(1, index), None if c is None else c.index_select(1, index))
            keys, pad = keys.index_select(0, index), pad.index_select(0, index)
            beams = nxt
        for ids, logp in beams[:max(0, K - len(finished))]:
            finished.append({'ids': ids, 'logProb': logp, 'score': norm(logp, max(1, len(ids)))})
        return sorted(finished, key=lambda h: -h['score'])


def predict_seq2seq(net, state, text, options):
    if text.strip(JS_WHITESPACE) == '':
        raise ValueError('seq2seq: predict input.text must be a non-empty string, got none.')
    st, tt = Tokenizer(state['srcTokenizer']), Tokenizer(state['tgtTokenizer'])
    src = torch.tensor([_encode_side(text.strip(JS_WHITESPACE), st, Vocab(state['srcVocab']), state['maxLength'])])
    hyps = beam_search(net, src, options.get('beam_size') or 4, options.get('length_penalty', 1.0),
                       options.get('max_tokens') or state['maxLength'])
    tv = Vocab(state['tgtVocab'])
    candidates = [{'text': tt.detokenize(tv.decode(h['ids'])), 'score': h['score']} for h in hyps]
    return {'kind': 'seq2seq', 'text': candidates[0]['text'] if candidates else '', 'candidates': candidates}


# ---------------------------------------------------------------------------------------------
# forecast (core/tasks/forecast): the last L rows in original units → the next H target values
# ---------------------------------------------------------------------------------------------

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


def predict_forecast(net, state, text, options):
    rows = parse_rows(text) if text is not None and text.strip(JS_WHITESPACE) != '' else state['lastRows']
    future = parse_rows(options['future']) if options.get('future') else None
    return {'kind': 'forecast', 'values': forecast_values(net, state, rows, future)}


# ---------------------------------------------------------------------------------------------
# tag (core/tasks/tag): whitespace-split tokens → a tag each, entity spans for IOB2 tags
# ---------------------------------------------------------------------------------------------

def _split_tag(chunk):
    if chunk in ('O', ''):
        return 'O', ''
    return chunk[0], (chunk[1:].split('-', 1)[-1] or '_')


def entity_chunks(tags):
    """(type, start, end) spans of IOB tags, as seqeval's get_entities reads them."""
    out = []
    prev_tag, prev_type, begin = 'O', '', 0
    for i, chunk in enumerate(list(tags) + ['O']):
        tag, type_ = _split_tag(chunk)
        end = (prev_tag in ('E', 'S') or (prev_tag == 'B' and tag in ('B', 'S', 'O')) or (prev_tag == 'I' and tag in ('B', 'S', 'O'))
               or (prev_tag not in ('O', '.') and prev_type != type_))
        if end and prev_tag != 'O':
            out.append((prev_type, begin, i))
        start = (tag in ('B', 'S') or (prev_tag in ('E', 'S', 'O') and tag in ('E', 'I'))
                 or (tag not in ('O', '.') and prev_type != type_))
        if start:
            begin = i
        prev_tag, prev_type = tag, type_
    return out


def read_tagged(path, layout, encoding=None):
    """Sentences [(tokens, tags)] of a CoNLL-U file (tagField upos/xpos; ranges and empty nodes skipped) or a
    token-per-line CoNLL file (layout: separator, tokenField, tagField; '#' comments and -DOCSTART- skipped)."""
    sentences, tokens, tags = [], [], []
    for line in D.read_text(path, encoding).splitlines():
        if line.strip(JS_WHITESPACE) == '':
            if tokens:
                sentences.append((tokens, tags))
            tokens, tags = [], []
            continue
        if (not tokens and line.startswith('#')) or line.startswith('-DOCSTART-'):
            continue
        if layout['format'] == 'conllu':
            fields = line.split('\t')
            if '-' in fields[0] or '.' in fields[0]:
                continue
            tokens.append(fields[1])
            tags.append(fields[3 if layout['tagField'] == 'upos' else 4])
        else:
            spec = layout['layout']
            fields = line.split('\t') if spec['separator'] == 'tab' else line.split()
            tokens.append(fields[spec['tokenField']])
            tags.append(fields[spec['tagField']])
    if tokens:
        sentences.append((tokens, tags))
    return sentences


def to_iob2(tags):
    """IOB1 → IOB2 (an I- that starts an entity becomes B-), as the app reads NER files; IOB2 stays as is."""
    out, prev = [], 'O'
    for t in tags:
        if t.startswith('I-') and (prev == 'O' or prev[2:] != t[2:]):
            t = 'B-' + t[2:]
        out.append(t)
        prev = t
    return out


class TagTask:
    kind = 'tag'
    SINGLETON_UNK_PROBABILITY = 0.25

    def __init__(self, spec, path, state=None, hints=None):
        """Sentences read with the exported file layout, split, vocabulary (normalised words), tags and, for a
        character encoder, the character vocabulary (original words) fitted on the training part unless `state` is
        given; training words seen once become <unk> with p = 0.25 (their characters stay)."""
        known = state or hints
        sentences = read_tagged(path, known['file'], (spec['data'].get('reading') or {}).get('encoding'))
        if known['ner'] and all(t == 'O' or t[:2] in ('B-', 'I-') for _, tags in sentences for t in tags):
            sentences = [(tokens, to_iob2(tags)) for tokens, tags in sentences]
        split = D.split_by_spec(spec, len(sentences))
        train = _pick(sentences, split['train'])
        max_length = spec['data'].get('maxLength') or 128
        if state is None:
            vocab = D.fit_vocab(spec, [[normalize_word(w) for w in tokens] for tokens, _ in train])
            state = dict(hints, vocab=vocab.tokens, tags=sorted({t for _, tags in train for t in tags}), maxLength=max_length)
            state.pop('charVocab', None)
            if spec['model'].get('charEncoder') is not None:
                state['charVocab'] = D.fit_char_vocab(w for tokens, _ in train for w in tokens)
        self.state = state
        vocab, tag_id = Vocab(state['vocab']), {t: i for i, t in enumerate(state['tags'])}
        char_ids = {c: i for i, c in enumerate(state['charVocab'])} if 'charVocab' in state else None
        self.parts = {}
        for name, idx in split.items():
            cut = state['maxLength'] if name == 'train' else None
            self.parts[name] = [(vocab.encode([normalize_word(w) for w in tokens])[:cut],
                                 [tag_id.get(t, -100) for t in tags][:cut],
                                 [encode_chars(w, char_ids) for w in tokens][:cut] if char_ids is not None else None)
                                for tokens, tags in _pick(sentences, idx) if tokens]
        counts = {}
        for ids, _, _ in self.parts['train']:
            for i in ids:
                counts[i] = counts.get(i, 0) + 1
        self.singletons = torch.tensor(sorted(i for i, n in counts.items() if n == 1), dtype=torch.long)

    @staticmethod
    def collate(examples):
        ids, lengths = pad_batch([e[0] for e in examples])
        targets, _ = pad_batch([e[1] for e in examples], pad=-100)
        batch = {'ids': ids, 'lengths': lengths, 'targets': targets}
        if examples[0][2] is not None:
            batch['chars'] = pad_chars([e[2] for e in examples])
        return batch

    def loss(self, net, batch, reduction='mean'):
        ids = batch['ids']
        if net.training and self.singletons.numel() > 0:
            drop = torch.isin(ids, self.singletons.to(ids.device)) & (torch.rand(ids.shape, device=ids.device) < self.SINGLETON_UNK_PROBABILITY)
            ids = ids.masked_fill(drop, UNK_ID)
        logits = net(ids, batch['lengths'], batch.get('chars'))
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), batch['targets'].reshape(-1), ignore_index=-100, reduction=reduction)
        return loss, int((batch['targets'] != -100).sum())


def iob2_allows(previous, nxt):
    """IOB2: I-X only continues B-X or I-X (core/tasks/tag/decode.ts)."""
    if not nxt.startswith('I-'):
        return True
    return previous is not None and (previous == nxt or previous == 'B-' + nxt[2:])


def decode_tags(logits, tags, ner):
    """Tags of one sentence from its logits [L, T], as the app decodes them: the best tag per token, or for NER the
    IOB2-valid sequence of highest summed log-softmax (constrained Viterbi; ties keep the lower tag index)."""
    if not ner:
        return [tags[i] for i in logits.argmax(-1).tolist()]
    scores = torch.log_softmax(logits.double(), -1).tolist()
    T = len(tags)
    if not scores:
        return []
    allowed = [[iob2_allows(p, c) for c in tags] for p in tags]
    score = [v if iob2_allows(None, tags[c]) else -math.inf for c, v in enumerate(scores[0])]
    back = []
    for row in scores[1:]:
        nxt, frm = [-math.inf] * T, [0] * T
        for c in range(T):
            for p in range(T):
                if allowed[p][c] and score[p] + row[c] > nxt[c]:
                    nxt[c], frm[c] = score[p] + row[c], p
        back.append(frm)
        score = nxt
    c = max(range(T), key=lambda k: (score[k], -k))
    out = [c]
    for frm in reversed(back):
        c = frm[c]
        out.append(c)
    return [tags[i] for i in reversed(out)]


def predict_tag(net, state, text, options):
    tokens = [t for t in text.split() if t != '']
    if not tokens:
        raise ValueError('tag: predict input must have at least one token in tokens or text, got none.')
    vocab = Vocab(state['vocab'])
    ids, lengths = pad_batch([vocab.encode([normalize_word(w) for w in tokens])])
    chars = None
    if 'charVocab' in state:
        char_ids = {c: i for i, c in enumerate(state['charVocab'])}
        chars = pad_chars([[encode_chars(w, char_ids) for w in tokens]])
    with torch.no_grad():
        logits = net(ids, lengths, chars)[0]
    tags = decode_tags(logits, state['tags'], state['ner'])
    entities = [{'type': ty, 'start': s, 'end': e, 'text': ' '.join(tokens[s:e])} for ty, s, e in entity_chunks(tags)] if state['ner'] else []
    return {'kind': 'tag', 'tokens': tokens, 'tags': tags, 'entities': entities}


# ---------------------------------------------------------------------------------------------
# generate (core/tasks/generate): a text column → <bos> tokens <eos> cut into chunks; seeded sampling
# ---------------------------------------------------------------------------------------------

BANNED = {PAD_ID, BOS_ID, UNK_ID}


def to_sequences(token_lists, vocab, max_length):
    """(input, target) id chunks of `<bos> tokens <eos>`, max_length predictions each."""
    out = []
    for tokens in token_lists:
        if not tokens:
            continue
        ids = vocab.encode(tokens, bos=True, eos=True)
        for start in range(0, len(ids) - 1, max_length):
            chunk = ids[start:start + max_length + 1]
            out.append((chunk[:-1], chunk[1:]))
    return out


class GenerateTask:
    kind = 'generate'

    def __init__(self, spec, path, state=None, hints=None):
        """As ClassifyTask: texts read and split; tokenizer and vocabulary fitted on the training part unless `state` is given."""
        known = state or hints or {}
        wanted = spec['data'].get('textColumn') or known.get('textColumn')
        columns, rows = D.read_table(path, (wanted,), spec['data'].get('reading'))
        col = wanted or columns[0]
        texts = [t for t in D.column(columns, rows, col, path) if t.strip(JS_WHITESPACE) != '']
        split = D.split_by_spec(spec, len(texts))
        train = _pick(texts, split['train'])
        max_length = spec['data'].get('maxLength') or 100
        if state is None:
            tokenizer = D.fit_tokenizer(spec, train, 'char', False)
            vocab = D.fit_vocab(spec, [tokenizer(t) for t in train])
            state = {'kind': 'generate', 'textColumn': col, 'tokenizer': tokenizer.to_json(), 'vocab': vocab.tokens,
                     # NOTE: the app's bigram baseline is not refitted here (train.py reports the loss only).
                     'maxLength': max_length, 'bigram': {'unigram': [], 'pairs': []}}
        self.state = state
        tok, vocab = Tokenizer(state['tokenizer']), Vocab(state['vocab'])
        self.parts = {name: to_sequences([tok(t) for t in _pick(texts, idx)], vocab, state['maxLength']) for name, idx in split.items()}

    @staticmethod
    def collate(examples):
        ids, lengths = pad_batch([e[0] for e in examples])
        targets, _ = pad_batch([e[1] for e in examples], pad=-100)
        return {'ids': ids, 'lengths': lengths, 'targets': targets}

    def loss(self, net, batch, reduction='mean'):
        logits = net(batch['ids'], batch['lengths'])
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), batch['targets'].reshape(-1), ignore_index=-100, reduction=reduction)
        return loss, int((batch['targets'] != -100).sum())


def pick_token(logits, greedy, temperature, top_k, random):
    """The next id from logits [V] as the app picks it (core/tasks/generate/sample.ts): arg-max, or a seeded draw from softmax(logits / T) over the top k."""
    values = logits.tolist()
    candidates = [i for i in range(len(values)) if i not in BANNED]
    if greedy:
        best = candidates[0]
        for i in candidates:
            if values[i] > values[best]:
                best = i
        return best
    pool = candidates
    if 0 < top_k < len(candidates):
        threshold = sorted((values[i] for i in candidates), reverse=True)[top_k - 1]
        pool = [i for i in candidates if values[i] >= threshold]
    top = max(values[i] / temperature for i in pool)
    weights = [math.exp(values[i] / temperature - top) for i in pool]
    u = random.next() * sum(weights)
    for k, i in enumerate(pool):
        u -= weights[k]
        if u < 0:
            return i
    return pool[-1]


def predict_generate(net, state, text, options):
    temperature = options.get('temperature') or 1.0
    top_k = options.get('top_k') or 0
    if not temperature > 0:
        raise ValueError(f'generate: temperature must be a number > 0, got {temperature}.')
    tok, vocab = Tokenizer(state['tokenizer']), Vocab(state['vocab'])
    prompt = text or ''
    random = D.Random(options.get('seed') or 0)
    generated = []
    with torch.no_grad():
        logits, s = net.step(torch.tensor([[BOS_ID] + vocab.encode(tok(prompt))]))
        for _ in range(options.get('max_tokens') or 200):
            i = pick_token(logits, options.get('greedy', False), temperature, top_k, random)
            if i == EOS_ID:
                break
            generated.append(vocab.tokens[i])
            logits, s = net.step(torch.tensor([[i]]), s)
    joiner = '' if tok.kind == 'char' or prompt == '' else ' '
    return {'kind': 'generate', 'text': prompt + joiner + tok.detokenize(generated), 'generated': generated}


TRAIN_TASKS = {'classify': ClassifyTask, 'forecast': ForecastTask, 'tag': TagTask, 'seq2seq': Seq2seqTask, 'generate': GenerateTask}
PREDICTORS = {'classify': (predict_classify, describe_classify),
              'seq2seq': (predict_seq2seq, lambda p: p['text']),
              'forecast': (predict_forecast, lambda p: ', '.join(f'{v:.6g}' for v in p['values'])),
              'generate': (predict_generate, lambda p: p['text']),
              'tag': (predict_tag, lambda p: ' '.join(f'{t}/{g}' for t, g in zip(p['tokens'], p['tags'])))}
