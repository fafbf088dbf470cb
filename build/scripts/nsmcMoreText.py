"""More unlabeled NSMC text for the transfer experiment (docs/results.md): reviews from e9t/nsmc's raw/ folder
(Naver Sentiment Movie Corpus v1.0, Lucy Park, CC0 1.0), none of them in ../shared/data/nsmc-sample.

Run: python3 build/scripts/nsmcMoreText.py <a git clone of github.com/e9t/nsmc> <count> > more.txt
Reads raw/*.json at the clone's HEAD (commit cc0670e872d4ac27bfe36c87456783004b39ef6c was used), keeps the
reviews nsmc-sample's own rule allows (non-blank, no tab or line break, at most 140 characters) whose review id is
not one of nsmc-sample's, sorts them by review id, shuffles with random.Random(20261206) and prints the first
<count> texts, one a line. Ratings are not read: the text is unlabeled.
"""
import json
import random
import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2].parent / 'shared' / 'data' / 'nsmc-sample' / 'nsmc_sample_10k.txt'


def main(clone, count):
    git = ['git', '-C', clone]
    listing = subprocess.run(git + ['ls-tree', '-r', 'HEAD', 'raw'], capture_output=True, text=True, check=True).stdout
    blobs = [line.split()[2] for line in listing.splitlines() if line.strip()]
    sample_ids = {line.split('\t')[0] for line in SAMPLE.read_text(encoding='utf8').split('\n')[1:] if line}
    batch = subprocess.run(git + ['cat-file', '--batch'], input=('\n'.join(blobs) + '\n').encode(),
                           capture_output=True, check=True).stdout
    reviews, at = [], 0
    while at < len(batch):
        end = batch.index(b'\n', at)
        size = int(batch[at:end].split()[2])
        for r in json.loads(batch[end + 1:end + 1 + size]):
            text = r['review']
            if r['review_id'] in sample_ids or not text.strip() or len(text) > 140:
                continue
            if any(c in text for c in '\t\r\n'):
                continue
            reviews.append((r['review_id'], text))
        at = end + 1 + size + 1
    reviews.sort()
    random.Random(20261206).shuffle(reviews)
    sys.stdout.write(''.join(text + '\n' for _, text in reviews[:count]))


if __name__ == '__main__':
    main(sys.argv[1], int(sys.argv[2]))
