"""RNN Studio export: reading the app's data files (CSV/TSV/JSONL/CoNLL-U/CoNLL/text), the seeded splits, vocabulary building and BPE learning, as core/data does them."""
import csv
import io
import json
import math
import os
import re

from model import SPECIAL_TOKENS, Tokenizer, Vocab, word_tokens, _split_symbols


# ---------------------------------------------------------------------------------------------
# The app's random generator (core/random.ts: xoshiro128** seeded by splitmix32), so splits match
# ---------------------------------------------------------------------------------------------

M32 = 0xFFFFFFFF


def _rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & M32


class Random:
    """xoshiro128** with the app's seeding: the same seed gives the same shuffles as the app."""

    def __init__(self, seed=0):
        x = (int(seed) ^ int(seed / 0x100000000)) & M32
        s = []
        for _ in range(4):
            x = (x + 0x9E3779B9) & M32
            z = x
            z = ((z ^ (z >> 16)) * 0x85EBCA6B) & M32
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M32
            s.append((z ^ (z >> 16)) & M32)
        self.s = s

    def next_uint32(self):
        s0, s1, s2, s3 = self.s
        result = (_rotl((s1 * 5) & M32, 7) * 9) & M32
        t = (s1 << 9) & M32
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = _rotl(s3, 11)
        self.s = [s0, s1, s2, s3]
        return result

    def next(self):
        """A float in [0, 1)."""
        return self.next_uint32() / 0x100000000

    def int(self, n):
        return math.floor(self.next_uint32() / 0x100000000 * n)

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.int(i + 1)
            items[i], items[j] = items[j], items[i]
        return items


def _round(x):
    # NOTE: JavaScript's Math.round (half up), not Python's round (half to even).
    return math.floor(x + 0.5)


def _cut(order, val_fraction, test_fraction):
    n = len(order)
    n_test = _round(n * test_fraction)
    n_val = _round(n * val_fraction)
    n_train = n - n_val - n_test
    return {'train': order[:n_train], 'val': order[n_train:n_train + n_val], 'test': order[n_train + n_val:]}


def random_split(n, val_fraction, test_fraction, seed):
    """Row indices of train/val/test: a seeded shuffle cut in that order (core/data/splits.ts randomSplit)."""
    return _cut(Random(seed).shuffle(list(range(n))), val_fraction, test_fraction)


def stratified_split(labels, val_fraction, test_fraction, seed):
    """Like random_split within each label (labels sorted), then each part shuffled (stratifiedSplit)."""
    random = Random(seed)
    by_class = {}
    for i, label in enumerate(labels):
        by_class.setdefault(label, []).append(i)
    out = {'train': [], 'val': [], 'test': []}
    for label in sorted(by_class, key=str):
        part = _cut(random.shuffle(list(by_class[label])), val_fraction, test_fraction)
        for k in out:
            out[k].extend(part[k])
    for k in ('train', 'val', 'test'):
        random.shuffle(out[k])
    return out


def chronological_split(n, val_fraction, test_fraction):
    """Time order kept: first rows train, then validation, then test."""
    return _cut(list(range(n)), val_fraction, test_fraction)


def split_by_spec(spec, n, labels=None):
    t = spec['train']
    if labels is None:
        return random_split(n, t['valSplit'], t['testSplit'], t['seed'])
    return stratified_split(labels, t['valSplit'], t['testSplit'], t['seed'])


# ---------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------

def read_text(path):
    """A file's text: UTF-8 (with or without BOM), else CP949 (EUC-KR), which Korean files often use."""
    with open(path, 'rb') as f:
        raw = f.read()
    try:
        return raw.decode('utf-8-sig')
    except UnicodeDecodeError:
        return raw.decode('cp949')


def detect_format(path, text):
    """'csv', 'tsv', 'jsonl', 'conllu', 'conll' or 'text' from the extension, else from the first lines."""
    ext = os.path.splitext(path)[1].lower()
    known = {'.csv': 'csv', '.tsv': 'tsv', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.conllu': 'conllu', '.conll': 'conll'}
    if ext in known:
        return known[ext]
    head = [line for line in split_lines(text)[:20] if line.strip() != '']
    if head and all(line.lstrip().startswith('{') for line in head):
        return 'jsonl'
    if head and sum('\t' in line for line in head) >= max(1, len(head) // 2):
        return 'tsv'
    if head and sum(',' in line for line in head) == len(head) and len(head) > 1:
        return 'csv'
    return 'text'


def split_lines(text):
    """Lines of text at LF, CRLF or CR only, as the app reads files (str.splitlines would also split at
    U+0085, U+2028, form feeds and more, which the app keeps inside a line)."""
    return re.split(r'\r\n|\n|\r', text)


_COLUMN_N = re.compile(r'^column [1-9][0-9]*$')


def headerless(first_record, wanted):
    """True when the app read the file without a header line: it names a header-less file's columns
    `column 1`, `column 2`, …, so the wanted names are all of that form and none is in the first line.
    NOTE: a header whose wanted cells are all blank (also named `column N`) reads as header-less here."""
    names = [w for w in wanted if w]
    cells = {c.strip() for c in first_record}
    return bool(names) and all(_COLUMN_N.match(w) and w not in cells for w in names)


def read_table(path, wanted=()):
    """(columns, rows) of a CSV/TSV/JSONL/plain-text file; the first CSV/TSV line is the header unless the
    `wanted` column names say the app read the file without one (see headerless).
    NOTE: TSV is read without quote handling (as the app does for tab files whose fields carry
    stray quotes); CSV uses standard double quoting."""
    text = read_text(path)
    fmt = detect_format(path, text)
    if fmt in ('csv', 'tsv'):
        if fmt == 'tsv':
            records = [line.split('\t') for line in split_lines(text) if line.strip() != '']
        else:
            # NOTE: newline='' makes the csv module see LF, CRLF and CR only, and keeps quoted newlines.
            records = [r for r in csv.reader(io.StringIO(text, newline='')) if any(c.strip() for c in r)]
        if headerless(records[0], wanted):
            width = max(len(r) for r in records)
            return [f'column {i + 1}' for i in range(width)], [r + [''] * (width - len(r)) for r in records]
        columns = [c.strip() or f'column {i + 1}' for i, c in enumerate(records[0])]
        rows = [r + [''] * (len(columns) - len(r)) for r in records[1:]]
        return columns, rows
    if fmt == 'jsonl':
        objects = [json.loads(line) for line in split_lines(text) if line.strip() != '']
        columns = []
        for o in objects:
            for k in o:
                if k not in columns:
                    columns.append(k)
        cell = lambda v: '' if v is None else (v if isinstance(v, str) else json.dumps(v))
        return columns, [[cell(o.get(c)) for c in columns] for o in objects]
    if fmt == 'text':
        return ['text'], [[line] for line in split_lines(text) if line.strip() != '']
    raise ValueError(f"data.py: '{path}' is a {fmt} file, not a table.")


def column(columns, rows, name, path):
    if name not in columns:
        raise ValueError(f"data.py: '{path}' must have a column '{name}', got {columns}.")
    i = columns.index(name)
    return [r[i] if i < len(r) else '' for r in rows]


# ---------------------------------------------------------------------------------------------
# Vocabularies and BPE (core/data/vocab.ts, core/data/tokenizers.ts)
# ---------------------------------------------------------------------------------------------

def build_vocab(token_lists, min_freq=1, max_size=None):
    """Tokens seen ≥ min_freq times, the max_size − 4 most frequent kept (ties: code-point order)."""
    counts = {}
    for tokens in token_lists:
        for t in tokens:
            counts[t] = counts.get(t, 0) + 1
    kept = sorted((t for t, n in counts.items() if n >= min_freq and t not in SPECIAL_TOKENS), key=lambda t: (-counts[t], t))
    if max_size is not None:
        kept = kept[:max_size - len(SPECIAL_TOKENS)]
    return Vocab(SPECIAL_TOKENS + kept)


def learn_bpe(texts, merges, lowercase):
    """BPE merges learned from training texts: the most frequent adjacent pair each time (ties: the pair that sorts first)."""
    counts = {}
    for text in texts:
        for w in word_tokens(text.lower() if lowercase else text):
            counts[w] = counts.get(w, 0) + 1
    vocab = [[_split_symbols(w), n] for w, n in counts.items()]
    learned = []
    while len(learned) < merges:
        pairs = {}
        for symbols, n in vocab:
            for i in range(len(symbols) - 1):
                key = (symbols[i], symbols[i + 1])
                pairs[key] = pairs.get(key, 0) + n
        best, best_count = None, 0
        for key, n in pairs.items():
            if n > best_count or (n == best_count and best is not None and '\0'.join(key) < '\0'.join(best)):
                best, best_count = key, n
        if best is None or best_count < 2:
            break
        learned.append(list(best))
        a, b = best
        for entry in vocab:
            s = entry[0]
            out = []
            i = 0
            while i < len(s):
                if i + 1 < len(s) and s[i] == a and s[i + 1] == b:
                    out.append(a + b)
                    i += 2
                else:
                    out.append(s[i])
                    i += 1
            entry[0] = out
    return Tokenizer({'kind': 'bpe', 'lowercase': lowercase, 'merges': learned})


# Characters seen fewer times in the training words map to <unk> (core/tasks/tag/chars.ts CHAR_MIN_COUNT).
CHAR_MIN_COUNT = 2


def fit_char_vocab(words):
    """The tagger's character vocabulary: '<pad>', '<unk>', then code points seen ≥ CHAR_MIN_COUNT times in the
    training words (original case), the most frequent first (ties: lower code point first)."""
    counts = {}
    for w in words:
        for c in w:
            counts[c] = counts.get(c, 0) + 1
    kept = sorted((c for c, n in counts.items() if n >= CHAR_MIN_COUNT), key=lambda c: (-counts[c], c))
    return ['<pad>', '<unk>'] + kept


def fit_tokenizer(spec, train_texts, fallback, lowercase):
    kind = spec['data'].get('tokenizer') or fallback
    if kind == 'bpe':
        return learn_bpe(train_texts, spec['data'].get('bpeMerges') or 2000, lowercase)
    return Tokenizer({'kind': kind, 'lowercase': lowercase})


def fit_vocab(spec, token_lists):
    d = spec['data']
    return build_vocab(token_lists, d.get('minFreq') or 1, d.get('maxVocab'))
