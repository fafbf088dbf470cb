"""Test helper: reads tables with the export's data.py and the reading options given (JSON on stdin), printing the columns and rows or the error, for comparison with core/data. data.py's table reading needs no torch, so model.py is replaced by a stand-in holding the names data.py imports."""
import json
import sys
import types

sys.path.insert(0, sys.argv[1])
stub = types.ModuleType('model')
stub.JS_WHITESPACE = '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'
stub.SPECIAL_TOKENS = ['<pad>', '<unk>', '<bos>', '<eos>']
stub.Tokenizer = stub.Vocab = stub.word_tokens = stub._split_symbols = None
sys.modules['model'] = stub

import data as D  # noqa: E402

out = []
for t in json.load(sys.stdin)['tables']:
    try:
        columns, rows = D.read_table(t['path'], t.get('wanted', ()), t.get('reading'))
        out.append({'columns': columns, 'rows': rows})
    except ValueError as e:
        out.append({'error': str(e)})
json.dump({'tables': out}, sys.stdout, ensure_ascii=False)
