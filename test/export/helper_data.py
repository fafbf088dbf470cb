"""Test helper: runs the export's Python data pieces (tokenizers, BPE learning, vocabulary, seeded splits; or, given `tables`, the table reader; or, given `tagged`, the CoNLL reader) on a JSON request from stdin and prints JSON, for comparison with core/data."""
import json
import sys

sys.path.insert(0, sys.argv[1])

import data as D  # noqa: E402
import tokenization as tk  # noqa: E402
from task_tag import entity_chunks, read_tagged  # noqa: E402

r = json.load(sys.stdin)
if 'tables' in r:
    tables = []
    for t in r['tables']:
        columns, rows = D.read_table(t['path'], t['wanted'])
        tables.append({'columns': columns, 'rows': rows})
    json.dump({'tables': tables}, sys.stdout)
    sys.exit(0)
if 'tagged' in r:
    t = r['tagged']
    json.dump({'sentences': read_tagged(t['path'], t['layout'])}, sys.stdout)
    sys.exit(0)
rng = D.Random(12345)
texts = r['texts']
out = {
    'char': [tk.char_tokens(t) for t in texts],
    'word': [tk.word_tokens(t) for t in texts],
    'bpe': [tk.Tokenizer(r['bpe'])(t) for t in texts],
    'learned': D.learn_bpe(texts[:r['learnOn']], r['merges'], True).merges,
    'learnedTies': D.learn_bpe(r['tieTexts'], 1, False).merges,
    'vocab': D.build_vocab([tk.word_tokens(t) for t in texts], 2, 300).tokens,
    'random': D.random_split(r['n'], 0.1, 0.2, 7),
    'stratified': D.stratified_split(r['labels'], 0.1, 0.2, 7),
    'uints': [rng.next_uint32() for _ in range(5)],
    'chunks': [[{'type': t, 'start': a, 'end': b} for t, a, b in entity_chunks(tags)] for tags in r['tagSequences']],
}
json.dump(out, sys.stdout)
