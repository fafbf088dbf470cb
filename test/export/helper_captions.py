"""Test helper: reads captioning folders (or zips) with the export's captions.py (JSON request on stdin: folders with the split's fractions and seed), printing the images, captions, parts, split and training vocabulary or the error, for comparison with core/data/captions. captions.py needs no torch, so this runs where torch is absent."""
import json
import sys

sys.path.insert(0, sys.argv[1])
sys.modules['torch'] = None  # an `import torch` on the way to captions.py fails: reading a folder must not need it

import data as D  # noqa: E402
from captions import CaptionDataset  # noqa: E402
from tokenization import Tokenizer  # noqa: E402

out = []
for f in json.load(sys.stdin)['folders']:
    try:
        ds = CaptionDataset(f['path'])
        split = ds.split(f['valFraction'], f['testFraction'], f['seed'])
        tok = Tokenizer({'kind': 'word', 'lowercase': True})
        vocab = D.build_vocab([tok(c) for i in split['train'] for c in ds.captions[i]], 2, None)
        out.append({'captionsFile': ds.captions_file, 'format': ds.format, 'images': ds.images, 'captions': ds.captions,
                    'split': split, 'vocab': vocab.tokens})
    except ValueError as e:
        out.append({'error': str(e)})
json.dump({'folders': out}, sys.stdout, ensure_ascii=False)
