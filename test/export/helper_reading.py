"""Test helper: reads tables with the export's data.py and the reading options given (JSON on stdin), printing the columns and rows or the error, for comparison with core/data. data.py and tokenization.py need no torch, so this runs where torch is absent."""
import json
import sys

sys.path.insert(0, sys.argv[1])
sys.modules['torch'] = None  # an `import torch` on the way to data.py fails: the table reader must not need it

import data as D  # noqa: E402

out = []
for t in json.load(sys.stdin)['tables']:
    try:
        columns, rows = D.read_table(t['path'], t.get('wanted', ()), t.get('reading'))
        out.append({'columns': columns, 'rows': rows})
    except ValueError as e:
        out.append({'error': str(e)})
json.dump({'tables': out}, sys.stdout, ensure_ascii=False)
