"""RNN Studio export: predicts with the exported model from the command line, like `rnn-studio predict` (python predict.py --text "…" [--json]; a captioner: python predict.py --image photo.jpg)."""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import data as D  # noqa: E402
import model as m  # noqa: E402
from tasks import TASKS  # noqa: E402


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('--model-dir', default=os.path.dirname(os.path.abspath(__file__)),
                   help='folder with config.json and model.safetensors (default: this folder; train.py writes the same layout)')
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument('--text', help='one input: a text (classify, seq2seq), a sentence (tag), a prompt (generate), rows "a,b;c,d" (forecast)')
    g.add_argument('--input', help='a file with one input per line')
    g.add_argument('--image', nargs='+', help='caption: one or more JPEG or PNG files')
    p.add_argument('--future', default=None, help='forecast with known-future columns: their next H rows "a,b;c,d"')
    p.add_argument('--json', action='store_true', help='print one line {"type":"result","predictions":[…]}')
    p.add_argument('--beam-size', type=int, default=None)
    p.add_argument('--length-penalty', type=float, default=1.0)
    p.add_argument('--max-tokens', type=int, default=None)
    p.add_argument('--temperature', type=float, default=None, help='generate: softmax temperature > 0 (default 1)')
    p.add_argument('--top-k', type=int, default=None, help='generate: sample from the k most likely tokens (0 = all)')
    p.add_argument('--seed', type=int, default=None, help='generate: sampling seed (the same seed and model give the app\'s text)')
    p.add_argument('--greedy', action='store_true', help='generate, caption: the most likely token each step')
    args = p.parse_args(argv)
    net, config = m.load(args.model_dir)
    task = config['spec']['task']
    predict, describe = TASKS[task].predict, TASKS[task].describe
    if (task == 'caption') != (args.image is not None):
        wanted = '--image <JPEG or PNG file>' if task == 'caption' else '--text or --input'
        print(f"predict.py: a {task} model takes {wanted}.", file=sys.stderr)
        return 2
    if args.image is not None:
        lines = args.image
    elif args.text is not None:
        lines = [args.text]
    else:
        # NOTE: in the training file's encoding (config.json spec.data.reading), as `rnn-studio predict` reads it.
        encoding = (config['spec']['data'].get('reading') or {}).get('encoding')
        lines = [line for line in D.split_lines(D.read_text(args.input, encoding)) if line.strip() != '']
    options = {'beam_size': args.beam_size, 'length_penalty': args.length_penalty, 'max_tokens': args.max_tokens,
               'temperature': args.temperature, 'top_k': args.top_k, 'seed': args.seed, 'greedy': args.greedy, 'future': args.future}
    try:
        predictions = [predict(net, config['taskState'], line, options) for line in lines]
    except ValueError as e:
        print(f'predict.py: {e}', file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({'type': 'result', 'predictions': predictions}, ensure_ascii=False))
    elif args.image is not None and len(lines) > 1:
        print('\n'.join(f'{path}: {describe(x)}' for path, x in zip(lines, predictions)))
    else:
        print('\n'.join(describe(x) for x in predictions))
    return 0


if __name__ == '__main__':
    sys.exit(main())
