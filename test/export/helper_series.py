"""Test helper: reads forecast series with the export's data.py (no torch) for the files, states and reading options given (JSON on stdin), printing each series' columns, timestamps, values and missing counts, or the error."""
import json
import sys

sys.path.insert(0, sys.argv[1])
sys.modules['torch'] = None  # an `import torch` on the way to data.py fails: reading a series must not need it

import data as D  # noqa: E402

out = []
for s in json.load(sys.stdin)['series']:
    try:
        out.append(D.read_series_rows(s['path'], s['state'], s.get('reading')))
    except ValueError as e:
        out.append({'error': str(e)})
json.dump({'series': out}, sys.stdout, ensure_ascii=False)
