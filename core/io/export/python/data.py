"""RNN Studio export: reading the app's data files (CSV/TSV/JSONL/CoNLL-U/CoNLL/text) with its reading options, numbers, dates (day-first/month-first, Excel serial days, date + time columns) and a forecast's series, the seeded splits, vocabulary building and BPE learning, as core/data does them; no torch needed."""
import csv
import datetime
import heapq
import io
import json
import math
import os
import re

from tokenization import JS_WHITESPACE, SPECIAL_TOKENS, Tokenizer, Vocab, split_symbols, word_tokens


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


def pick(xs, idx):
    """The items of xs at the indices idx (one part of a split)."""
    return [xs[i] for i in idx]


def split_by_spec(spec, n, labels=None):
    t = spec['train']
    if labels is None:
        return random_split(n, t['valSplit'], t['testSplit'], t['seed'])
    return stratified_split(labels, t['valSplit'], t['testSplit'], t['seed'])


# ---------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------

# WHATWG encoding labels (as the app and config.json name them) whose Python codec has another name.
_PYTHON_CODECS = {'utf-8': 'utf-8-sig', 'utf8': 'utf-8-sig', 'euc-kr': 'cp949', 'windows-949': 'cp949',
                  'utf-16le': 'utf-16-le', 'utf-16be': 'utf-16-be'}


def read_text(path, encoding=None):
    """A file's text in `encoding` (a label such as 'cp949', 'windows-1252', 'utf-16le'; a leading BOM is
    dropped); without one, UTF-8 (with or without BOM), else CP949 (EUC-KR), which Korean files often use."""
    with open(path, 'rb') as f:
        raw = f.read()
    if encoding:
        label = encoding.strip().lower().replace('_', '-')
        text = raw.decode(_PYTHON_CODECS.get(label, label))
        return text[1:] if text.startswith('\ufeff') else text
    try:
        return raw.decode('utf-8-sig')
    except UnicodeDecodeError:
        return raw.decode('cp949')


def detect_format(path, text):
    """'csv', 'tsv', 'jsonl', 'conllu', 'conll' or 'text' from the extension, else from the first lines."""
    ext = os.path.splitext(path)[1].lower()
    known = {'.csv': 'csv', '.tsv': 'tsv', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.json': 'json', '.conllu': 'conllu', '.conll': 'conll'}
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


# Formats Python's standard library cannot read: `rnn-studio convert <file> --to csv` writes them as plain CSV.
BINARY_FORMATS = {'xlsx': b'PK\x03\x04', 'parquet': b'PAR1'}

# How `rnn-studio convert --to csv` writes a table: UTF-8, commas, a header row, cells already normalised.
CONVERTED_CSV = {'format': 'csv', 'encoding': 'utf-8', 'delimiter': ',', 'quoting': 'double', 'header': 'yes'}


def reading_for(path, reading):
    """The reading options to apply to `path`: the spec's (config.json spec.data.reading), or those of the
    converted CSV when the spec read a spreadsheet or Parquet file and `path` is its conversion."""
    reading = dict(reading or {})
    fmt = reading.get('format')
    if fmt not in BINARY_FORMATS:
        return reading
    with open(path, 'rb') as f:
        magic = f.read(4)
    if magic == BINARY_FORMATS[fmt]:
        raise ValueError(f"data.py: '{path}' is a {fmt} file, which Python's standard library cannot read. "
                         f"Convert it first: rnn-studio convert '{path}' --to csv --out data.csv, then pass data.csv.")
    # NOTE: the converted CSV holds dates as ISO-8601, but numbers the training read as plain numbers stay numbers.
    return dict(CONVERTED_CSV, **({'serialDates': 'none'} if reading.get('serialDates') == 'none' else {}))


def _number_rewriter(decimal, thousands):
    """core/data/cellReading.ts numberRewriter: numbers written with `decimal` and `thousands` to the plain 1234.5
    form; None when the notation is the one the readers already parse ('.' decimal, ',' or no grouping)."""
    if decimal == '.' and thousands in (None, ',', ''):
        return None
    group = thousands if thousands is not None else ('.' if decimal == ',' else ',')
    d = re.escape(decimal)
    plain = re.compile(rf'^[+-]?(\d+({d}\d*)?|{d}\d+)$')
    grouped = None if group == '' else re.compile(rf'^[+-]?\d{{1,3}}({re.escape(group)}\d{{3}})+({d}\d+)?$')

    def rewrite(v):
        if plain.match(v):
            return v if decimal == '.' else v.replace(',', '.', 1)
        if grouped is not None and grouped.match(v):
            digits = v.replace(group, '')
            return digits if decimal == '.' else digits.replace(',', '.', 1)
        return None
    return rewrite


def normalise_cells(rows, reading):
    """Missing codes become '' and numbers in the file's notation their plain form (core/data/cellReading.ts)."""
    codes = {c.strip() for c in reading.get('missingCodes') or []}
    number = _number_rewriter(reading.get('decimal') or '.', reading.get('thousands'))
    if not codes and number is None:
        return rows
    out = []
    for r in rows:
        cells = []
        for raw in r:
            v = raw.strip(JS_WHITESPACE)
            if v in codes:
                cells.append('')
            elif number is not None:
                n = number(v)
                cells.append(raw if n is None else n)
            else:
                cells.append(raw)
        out.append(cells)
    return out


def _records(text, fmt, reading):
    """Non-blank records of a CSV/TSV text, split with the spec's delimiter and quoting when it gives them.
    NOTE: without them, TSV is read without quote handling (as the app does for tab files whose fields carry
    stray quotes) and CSV with standard double quoting."""
    delimiter = reading.get('delimiter') or ('\t' if fmt == 'tsv' else ',')
    quoting = reading.get('quoting') or ('none' if fmt == 'tsv' else 'double')
    if quoting == 'none':
        return [line.split(delimiter) for line in split_lines(text) if line.strip() != '']
    # NOTE: newline='' makes the csv module see LF, CRLF and CR only, and keeps quoted newlines.
    reader = csv.reader(io.StringIO(text, newline=''), delimiter=delimiter)
    return [r for r in reader if any(c.strip() for c in r)]


def read_table(path, wanted=(), reading=None):
    """(columns, rows) of a CSV/TSV/JSONL/JSON/plain-text file, read with the app's reading options (config.json
    spec.data.reading: encoding, format, delimiter, quoting, header, decimal and thousands separators, missing
    codes, JSON path). Without a header option, the first CSV/TSV line is the header unless the `wanted` column names say the
    app read the file without one (see headerless)."""
    reading = reading_for(path, reading)
    text = read_text(path, reading.get('encoding'))
    fmt = reading.get('format') or detect_format(path, text)
    if fmt in ('csv', 'tsv'):
        records = _records(text, fmt, reading)
        header = reading.get('header')
        if header == 'no' or (header is None and headerless(records[0], wanted)):
            width = max(len(r) for r in records)
            rows = [r + [''] * (width - len(r)) for r in records]
            return [f'column {i + 1}' for i in range(width)], normalise_cells(rows, reading)
        columns = header_names(records[0])
        rows = [r + [''] * (len(columns) - len(r)) for r in records[1:]]
        return columns, normalise_cells(rows, reading)
    if fmt == 'jsonl':
        return _object_table([json.loads(line) for line in split_lines(text) if line.strip() != ''])
    if fmt == 'json':
        return _object_table(json_records(json.loads(text), reading.get('jsonPath'), path))
    if fmt == 'text':
        return ['text'], [[line] for line in split_lines(text) if line.strip() != '']
    raise ValueError(f"data.py: '{path}' is a {fmt} file, not a table.")


def _object_table(objects):
    """(columns, rows) of JSON records: every key in first-seen order, missing keys '', non-text values as JSON."""
    columns = []
    for o in objects:
        for k in o:
            if k not in columns:
                columns.append(k)
    cell = lambda v: '' if v is None else (v if isinstance(v, str) else json.dumps(v))
    return columns, [[cell(o.get(c)) for c in columns] for o in objects]


def _is_records(v):
    return isinstance(v, list) and len(v) > 0 and all(isinstance(x, dict) for x in v)


def _follow(root, json_path):
    """The value at a dotted path; a key applied to a list of records is read in each record and the lists
    found are joined, so 'stores.reviews' gives every review of every store (core/data/jsonArray.ts)."""
    at = root
    for key in ([] if json_path == '' else json_path.split('.')):
        if isinstance(at, list):
            out = []
            for item in at:
                if isinstance(item, dict) and key in item:
                    v = item[key]
                    out.extend(v if isinstance(v, list) else [v])
            at = out
        else:
            at = at.get(key) if isinstance(at, dict) else None
    return at


def _longest_records(root, json_path='', level=0):
    """(path, records) of the longest array of objects within three levels of `root`, or None."""
    if _is_records(root):
        return json_path, root
    if level >= 3 or not isinstance(root, dict):
        return None
    best = None
    for key, value in root.items():
        found = _longest_records(value, key if json_path == '' else f'{json_path}.{key}', level + 1)
        if found is not None and (best is None or len(found[1]) > len(best[1])):
            best = found
    return best


def json_records(root, json_path, file_path):
    """The records of a JSON document: the array at `json_path` (the spec's data.reading.jsonPath), else the
    longest array of objects within three levels, as the app reads it."""
    records = _follow(root, json_path) if json_path is not None else (_longest_records(root) or (None, None))[1]
    if not _is_records(records):
        raise ValueError(f"data.py: '{file_path}' must hold an array of objects at '{json_path or ''}'.")
    return records


def header_names(record):
    """Column names from a header record as the app makes them: blanks become `column N`, repeats get ` (2)`…"""
    seen = {}
    out = []
    for i, raw in enumerate(record):
        base = raw.strip() or f'column {i + 1}'
        times = seen.get(base, 0)
        seen[base] = times + 1
        out.append(base if times == 0 else f'{base} ({times + 1})')
    return out


def column(columns, rows, name, path):
    if name not in columns:
        raise ValueError(f"data.py: '{path}' must have a column '{name}', got {columns}.")
    i = columns.index(name)
    return [r[i] if i < len(r) else '' for r in rows]


# ---------------------------------------------------------------------------------------------
# Numbers and dates as the app reads them (core/data/numbers.ts, core/data/dates.ts)
# ---------------------------------------------------------------------------------------------

# Spellings of "missing" in a numeric or date column (core/data/columnTypes.ts MISSING_CODES).
MISSING = {'', 'null', 'na', 'n/a', 'nan', 'none', '#n/a', '?', '-', 'nil', 'missing', '.', '..'}
_CURRENCY = re.compile(r'^([$€£¥₩₹]|USD|EUR|GBP|JPY|KRW)\s?|\s?([$€£¥₩₹]|USD|EUR|GBP|JPY|KRW)$')
_EXPONENT = re.compile(r'[eE][+-]?\d+$', re.ASCII)
_DIGITS = re.compile(r'^\d*$', re.ASCII)


def number_value(value):
    """The number a cell says as spreadsheets write it, after read_table's rewriting (core/data/numbers.ts with a decimal
    point): '1.5', '-2e3', '1,234.5', '1 234', a currency sign or code ('$12', '12 EUR') and a trailing '%' ('12%' is 12);
    None for anything else."""
    v = value.strip(JS_WHITESPACE).replace('\u00a0', ' ').replace('\u202f', ' ')
    if v == '' or len(v) > 40:
        return None
    sign = ''
    if v[0] in '+-':
        sign = '-' if v[0] == '-' else ''
        v = v[1:].lstrip(JS_WHITESPACE)
    v = _CURRENCY.sub('', v, count=1)
    if v.endswith('%'):
        v = v[:-1].rstrip(JS_WHITESPACE)
    if sign == '' and v[:1] in ('-', '+'):
        sign = '-' if v[0] == '-' else ''
        v = v[1:]
    exp = _EXPONENT.search(v)
    mantissa = v if exp is None else v[:exp.start()]
    whole, dot, fraction = mantissa.partition('.')
    if not _DIGITS.match(fraction) or (whole == '' and fraction == ''):
        return None
    digits = whole
    if not _DIGITS.match(whole):
        sep = next((s for s in (',', ' ', "'") if s in whole), None)
        if sep is None or exp is not None:
            return None
        groups = whole.split(sep)
        if not re.match(r'^\d{1,3}$', groups[0], re.ASCII) or not all(re.match(r'^\d{3}$', g, re.ASCII) for g in groups[1:]):
            return None
        digits = ''.join(groups)
    n = float(f"{sign}{digits or '0'}{'.' + fraction if fraction else ''}{exp.group(0) if exp else ''}")
    return n if math.isfinite(n) else None


def parse_number(raw, where):
    """A numeric cell as the app reads it (number_value); NaN for a missing marker (core/data/columnTypes.ts)."""
    if raw.strip(JS_WHITESPACE).lower() in MISSING:
        return math.nan
    n = number_value(raw)
    if n is None:
        raise ValueError(f"{where}: '{raw}' is not a number, but the column must be numeric.")
    return n


_TIME = r'(?:[T ](\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?'
_ISO_RE = re.compile(r'^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})' + _TIME + '$', re.ASCII)
_NUMERIC_RE = re.compile(r'^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})' + _TIME + '$', re.ASCII)
_NAMED_DMY_RE = re.compile(r'^(\d{1,2})[- ]([A-Za-z]{3})[a-z]*\.?[- ,]+(\d{4})' + _TIME + '$', re.ASCII)
_NAMED_MDY_RE = re.compile(r'^([A-Za-z]{3})[a-z]*\.?[- ](\d{1,2}),?[- ](\d{4})' + _TIME + '$', re.ASCII)
_YEAR_MONTH_RE = re.compile(r'^(\d{4})-(\d{2})$', re.ASCII)
_KOREAN_RE = re.compile(r'^(\d{4})년\s*(\d{1,2})월\s*(\d{1,2})일$', re.ASCII)
_TIME_OF_DAY_RE = re.compile(r'^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?$', re.ASCII)
_MONTHS = {m: i + 1 for i, m in enumerate(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'])}
_DAY_MS = 86_400_000
_EPOCH_ORDINAL = 719_163  # datetime.date(1970, 1, 1).toordinal()
# Excel's 1900 date system: serial of 1970-01-01, and the serials taken as dates (1927-05-18 to 2099-12-31).
_UNIX_EPOCH_SERIAL = 25_569
EXCEL_SERIALS = (10_000, 73_050)
# Names of columns that hold dates (core/data/excelSerial.ts DATE_NAME): only these are read as Excel serials unless
# reading.serialDates is 'excel'.
DATE_NAME = re.compile(r'date|day|datum|fecha|jour|日付|날짜|일자|日期|(^|[^a-z])dt($|[^a-z])', re.IGNORECASE)


def _utc(y, mo, d, time):
    """ms since 1970 for a calendar date and [hour, minute, second, fraction] (None for absent), NaN when it does not exist."""
    h, mi, s = (0 if t is None else int(t) for t in time[:3])
    if not (1 <= mo <= 12 and 1 <= d <= 31) or h > 24 or mi > 59 or s > 60:
        return math.nan
    if 0 <= y <= 99:
        y += 1900  # NOTE: as JavaScript's Date.UTC does
    try:
        day = datetime.date(y, mo, d).toordinal() - _EPOCH_ORDINAL
    except ValueError:
        return math.nan
    ms = 0 if time[3] is None else math.floor(float('0.' + time[3]) * 1000 + 0.5)
    return day * _DAY_MS + ((h * 60 + mi) * 60 + s) * 1000 + ms


def _offset_ms(zone):
    if zone is None or zone == 'Z':
        return 0
    m = re.match(r'^([+-])(\d{2}):?(\d{2})?$', zone)
    minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
    return (-1 if m.group(1) == '-' else 1) * minutes * 60_000


def _named(y, month, d, rest):
    mo = _MONTHS.get(month.lower())
    if mo is None:
        return None
    t = _utc(y, mo, d, rest[:4])
    return None if math.isnan(t) else {'time': t - _offset_ms(rest[4])}


def parse_date_cell(value):
    """core/data/dates.ts parseDateCell: {'time': ms} for an ISO (offsets kept as instants), dotted, named-month or Korean
    date; numeric a/b/yyyy dates also say which orders fit ('dayFirst', 'monthFirst', 'dayFirstTime'). None otherwise."""
    v = value.strip(JS_WHITESPACE)
    if len(v) < 6 or len(v) > 40:
        return None
    m = _ISO_RE.match(v)
    if m:
        t = _utc(int(m.group(1)), int(m.group(3)), int(m.group(4)), m.groups()[4:8])
        return None if math.isnan(t) else {'time': t - _offset_ms(m.group(9))}
    m = _NUMERIC_RE.match(v)
    if m:
        a, b, y = int(m.group(1)), int(m.group(3)), m.group(4)
        year = int(y) if len(y) == 4 else (2000 + int(y) if int(y) < 70 else 1900 + int(y))
        time = m.groups()[4:8]
        day_first, month_first = _utc(year, b, a, time), _utc(year, a, b, time)
        if math.isnan(day_first) and math.isnan(month_first):
            return None
        shift = _offset_ms(m.group(9))
        return {'time': (day_first if math.isnan(month_first) else month_first) - shift,
                'dayFirst': not math.isnan(day_first), 'monthFirst': not math.isnan(month_first),
                'dayFirstTime': day_first - shift}
    m = _NAMED_DMY_RE.match(v)
    if m:
        return _named(int(m.group(3)), m.group(2), int(m.group(1)), m.groups()[3:8])
    m = _NAMED_MDY_RE.match(v)
    if m:
        return _named(int(m.group(3)), m.group(1), int(m.group(2)), m.groups()[3:8])
    m = _YEAR_MONTH_RE.match(v) or _KOREAN_RE.match(v)
    if m:
        t = _utc(int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.re is _KOREAN_RE else 1, (None,) * 4)
        return None if math.isnan(t) else {'time': t}
    return None


def excel_serial_ms(value):
    """The instant (ms since 1970 UTC) of an Excel serial day ('43831' = 2020-01-01; a fraction is the time of day), or NaN."""
    v = value.strip(JS_WHITESPACE)
    if not re.match(r'^\d+([.,]\d+)?$', v, re.ASCII):
        return math.nan
    serial = float(v.replace(',', '.', 1))
    if serial < EXCEL_SERIALS[0] or serial > EXCEL_SERIALS[1] + 1:
        return math.nan
    return math.floor((serial - _UNIX_EPOCH_SERIAL) * _DAY_MS + 0.5)


def parse_date_as(value, order):
    """ms since 1970 UTC of a date cell read in `order` ('dmy', 'mdy', 'ymd', 'excel-serial' or None: month-first
    unless only day-first fits), NaN when it is no date in that order (core/data/dates.ts parseDateAs)."""
    if order == 'excel-serial':
        return excel_serial_ms(value)
    p = parse_date_cell(value)
    if p is None:
        return math.nan
    if 'dayFirst' not in p:
        return p['time']
    if order == 'dmy':
        return p['dayFirstTime'] if p['dayFirst'] else math.nan
    if order == 'mdy':
        return p['time'] if p['monthFirst'] else math.nan
    return p['time']


def parse_time_of_day(value):
    """ms since midnight of a time of day ('09:30', '18.00.00'), or NaN."""
    m = _TIME_OF_DAY_RE.match(value.strip(JS_WHITESPACE))
    if not m:
        return math.nan
    h, mi, s = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    if h > 24 or mi > 59 or s > 59:
        return math.nan
    return ((h * 60 + mi) * 60 + s) * 1000


def _serial_column(name, cells, reading):
    """True when the app reads a column as Excel serial days (core/data/excelSerial.ts): every value a number between
    the serials of 1927 and 2099, not all equal, and the column named like a date unless reading.serialDates is 'excel'."""
    setting = reading.get('serialDates')
    if setting == 'none' or (setting != 'excel' and not DATE_NAME.search(name)):
        return False
    values = []
    for v in cells:
        try:
            n = parse_number(v, name)
        except ValueError:
            return False
        if not math.isnan(n):
            values.append(n)
    return bool(values) and EXCEL_SERIALS[0] <= min(values) < max(values) <= EXCEL_SERIALS[1] + 1


# Cells of a column that may be no date before the app types it as text (core/data/columnTypes.ts INVALID_SHARE).
DATE_INVALID_SHARE = 0.05


def date_reading(name, cells, reading):
    """How the app reads a date column's cells (core/data/table.ts dateOrdersOf): 'excel-serial', else the order the
    column's numeric dates decide (cells that fit only day-first against those that fit only month-first), else the
    reading's dateOrder; None (month-first unless only day-first fits) when over 5% of its values are no date."""
    if _serial_column(name, cells, reading):
        return 'excel-serial'
    given = reading.get('dateOrder')
    day_only = month_only = either = valued = dated = 0
    for v in cells:
        if v.strip(JS_WHITESPACE).lower() in MISSING:
            continue
        valued += 1
        p = parse_date_cell(v)
        dated += p is not None
        if p is None or 'dayFirst' not in p:
            continue
        if p['dayFirst'] and p['monthFirst']:
            either += 1
        elif p['dayFirst']:
            day_only += 1
        else:
            month_only += 1
    if dated < valued * (1 - DATE_INVALID_SHARE):
        return None  # NOTE: not a date column to the app (too many cells are no date), so no order applies
    if day_only > month_only:
        return 'dmy'
    if month_only > day_only:
        return 'mdy'
    return given


def column_dates(columns, rows, path, date_column, time_column=None, reading=None):
    """ms since 1970 UTC per row of `date_column` read as the app reads it (date_reading), plus the time of day of
    `time_column` when the app joined one (`Date` 10/03/2004 + `Time` 18.00.00); NaN where a cell is no date."""
    reading = reading or {}
    cells = column(columns, rows, date_column, path)
    order = date_reading(date_column, cells, reading)
    dates = [math.nan if v.strip(JS_WHITESPACE).lower() in MISSING else parse_date_as(v, order) for v in cells]
    if time_column:
        times = [parse_time_of_day(v) for v in column(columns, rows, time_column, path)]
        dates = [d + t for d, t in zip(dates, times)]
    return dates


# ---------------------------------------------------------------------------------------------
# A forecast's series (core/data/timeSeries.ts buildSeries)
# ---------------------------------------------------------------------------------------------

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


def _series_dates(columns, rows, path, state, reading):
    if state.get('dateColumn'):
        return column_dates(columns, rows, path, state['dateColumn'], state.get('timeColumn'), reading)
    if not state.get('dateParts'):
        return None
    p = state['dateParts']
    ys, ms, ds = ([parse_number(v, path) for v in column(columns, rows, p[k], path)] for k in ('year', 'month', 'day'))
    dates = []
    for y, mo, d in zip(ys, ms, ds):
        try:
            dates.append((datetime.date(int(y), int(mo), int(d)).toordinal() - _EPOCH_ORDINAL) * _DAY_MS)
        except (ValueError, OverflowError):
            dates.append(math.nan)
    return dates


def read_series_rows(path, state, reading=None):
    """A forecast's series without torch: {'columns', 'times' (ms per step, or None), 'values' (one list per step, columns in
    state order, target first), 'missing' (missing values per column before filling)}. Derived columns are computed row
    by row, rows with a bad date dropped, rows sorted by date when out of order, missing values dropped or forward-filled
    (leading gaps take the first known value)."""
    derived = state.get('derived') or []
    made = {d['name'] for d in derived}
    sources = [c for c in (*state['columns'], *(s for d in derived for s in (d['left'], d['right']))) if c not in made]
    wanted = (*sources, state.get('dateColumn'), state.get('timeColumn'), *(state.get('dateParts') or {}).values())
    columns, rows = read_table(path, wanted, reading)
    numeric = {}

    def values_of(c):
        if c not in numeric:
            numeric[c] = [parse_number(v, f"'{path}', column '{c}'") for v in column(columns, rows, c, path)]
        return numeric[c]

    for d in derived:
        numeric[d['name']] = [derived_value(d['op'], a, b) for a, b in zip(values_of(d['left']), values_of(d['right']))]
    data = [values_of(c) for c in state['columns']]
    order = list(range(len(rows)))
    dates = _series_dates(columns, rows, path, state, reading)
    if dates is not None:
        order = [i for i in order if not math.isnan(dates[i])]
        if any(dates[order[k]] < dates[order[k - 1]] for k in range(1, len(order))):
            order.sort(key=lambda i: (dates[i], i))
    missing = {c: sum(math.isnan(col[r]) for r in order) for c, col in zip(state['columns'], data)}
    if state['missing'] == 'drop':
        order = [r for r in order if all(not math.isnan(col[r]) for col in data)]
    values = [[math.nan] * len(data) for _ in order]
    for f, col in enumerate(data):
        known = [col[r] for r in order if not math.isnan(col[r])]
        last = known[0] if known else math.nan
        for k, r in enumerate(order):
            if not math.isnan(col[r]):
                last = col[r]
            values[k][f] = last
    return {'columns': list(state['columns']), 'times': None if dates is None else [dates[r] for r in order],
            'values': values, 'missing': missing}


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
    """BPE merges learned from training texts: the most frequent adjacent pair each time (ties: the pair that sorts first in UTF-16 code units).

    Pair counts are updated only in the words a merge touches, and the next pair comes from a heap
    (core/data/bpeMerges.ts does the same), so a merge costs what it changes.
    """
    counts = {}
    for text in texts:
        for w in word_tokens(text.lower() if lowercase else text):
            counts[w] = counts.get(w, 0) + 1
    words = [split_symbols(w) for w in counts]
    weights = list(counts.values())
    pair_counts, where, changed, heap = {}, {}, set(), []

    def add(i, sign):
        s, n = words[i], weights[i] * sign
        for k in range(len(s) - 1):
            key = (s[k], s[k + 1])
            pair_counts[key] = pair_counts.get(key, 0) + n
            changed.add(key)
            if sign > 0:
                where.setdefault(key, set()).add(i)

    def push_changed():
        for key in changed:
            c = pair_counts[key]
            if c > 0:
                # NOTE: ties go to the key first in UTF-16 code units, as the app's JS strings compare
                # (Python's str compares code points: an astral character would sort after U+FFFF).
                heapq.heappush(heap, (-c, '\0'.join(key).encode('utf-16-be'), key))
            else:
                del pair_counts[key]
        changed.clear()

    for i in range(len(words)):
        add(i, 1)
    push_changed()
    learned = []
    while len(learned) < merges:
        best = None
        while heap:
            neg, _, key = heapq.heappop(heap)
            if pair_counts.get(key) == -neg:
                best, best_count = key, -neg
                break
        if best is None or best_count < 2:
            break
        learned.append(list(best))
        a, b = best
        for i in where.pop(best, ()):
            s = words[i]
            if not any(s[k] == a and s[k + 1] == b for k in range(len(s) - 1)):
                continue
            add(i, -1)
            out, k = [], 0
            while k < len(s):
                if k + 1 < len(s) and s[k] == a and s[k + 1] == b:
                    out.append(a + b)
                    k += 2
                else:
                    out.append(s[k])
                    k += 1
            words[i] = out
            add(i, 1)
        push_changed()
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
