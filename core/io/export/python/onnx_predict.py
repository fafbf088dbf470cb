"""RNN Studio ONNX export: greedy decoding of a seq2seq or generate export in ONNX Runtime, ids as the app makes them (python predict.py --text "…" [--max-tokens N] [--json]; needs onnxruntime and numpy, no torch)."""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import onnxruntime as ort  # noqa: E402
from tokenization import BOS_ID, EOS_ID, JS_WHITESPACE, PAD_ID, UNK_ID, Tokenizer, Vocab  # noqa: E402

# NOTE: ids the app's generate never picks, even greedily (core/tasks/generate/sample.ts).
GENERATE_BANNED = {PAD_ID, BOS_ID, UNK_ID}


def read_config(folder):
    """config.json with each {"$file": "vocab….json"} reference replaced by that file (a plain name in this folder)."""
    with open(os.path.join(folder, 'config.json'), encoding='utf-8') as f:
        config = json.load(f)
    state = {}
    for key, value in config['taskState'].items():
        if isinstance(value, dict) and isinstance(value.get('$file'), str):
            name = value['$file']
            if os.path.basename(name) != name:
                raise ValueError(f"predict.py: a vocabulary reference must be a file name in the folder, got '{name}'.")
            with open(os.path.join(folder, name), encoding='utf-8') as f:
                value = json.load(f)
        state[key] = value
    config['taskState'] = state
    return config


def _zeros_like_input(session, name, batch):
    """Zeros of an input's declared shape with its dynamic batch axis set to `batch`."""
    for arg in session.get_inputs():
        if arg.name == name:
            return np.zeros([d if isinstance(d, int) else batch for d in arg.shape], np.float32)
    return None


def _argmax(row, banned=()):
    best = -1
    for i, v in enumerate(row.tolist()):
        if i in banned:
            continue
        if best < 0 or v > row[best]:
            best = i
    return best


def generate_greedy(folder, config, prompt, max_tokens):
    """The prompt's continuation as the app's greedy generation gives it: <bos> + prompt, then one token at a time until <eos>."""
    state = config['taskState']
    tok, vocab = Tokenizer(state['tokenizer']), Vocab(state['vocab'])
    session = ort.InferenceSession(os.path.join(folder, 'model.onnx'))
    names = {a.name for a in session.get_inputs()}
    # model.direction 'backward': the model reads the prompt from its end and writes the text before it.
    backward = config['spec']['model'].get('direction') == 'backward'
    ids = [BOS_ID] + vocab.encode(tok(prompt)[::-1] if backward else tok(prompt))
    feeds = {'input_ids': np.array([ids], np.int64), 'state_h': _zeros_like_input(session, 'state_h', 1)}
    if 'state_c' in names:
        feeds['state_c'] = _zeros_like_input(session, 'state_c', 1)
    generated = []
    for _ in range(max_tokens):
        logits, *state_out = session.run(['logits', 'next_h'] + (['next_c'] if 'state_c' in names else []), feeds)
        next_id = _argmax(logits[0, -1], GENERATE_BANNED)
        if next_id == EOS_ID:
            break
        generated.append(next_id)
        feeds = {'input_ids': np.array([[next_id]], np.int64), 'state_h': state_out[0]}
        if 'state_c' in names:
            feeds['state_c'] = state_out[1]
    joiner = '' if tok.kind == 'char' or prompt == '' else ' '
    if backward:
        generated = generated[::-1]
        return {'text': tok.detokenize(vocab.decode(generated)) + joiner + prompt, 'ids': generated}
    tokens = vocab.decode(generated)
    return {'text': prompt + joiner + tok.detokenize(tokens), 'ids': generated}


def seq2seq_greedy(folder, config, text, max_tokens):
    """The source's output as the app's greedy decoding gives it (core/tasks/seq2seq/decode.ts greedyDecode)."""
    state = config['taskState']
    st, tt = Tokenizer(state['srcTokenizer']), Tokenizer(state['tgtTokenizer'])
    sv, tv = Vocab(state['srcVocab']), Vocab(state['tgtVocab'])
    ids = sv.encode(st(text)[:state['maxLength']]) or [UNK_ID]
    encoder = ort.InferenceSession(os.path.join(folder, 'encoder.onnx'))
    decoder = ort.InferenceSession(os.path.join(folder, 'decoder.onnx'))
    lengths = np.array([len(ids)], np.int64)
    enc_names = [a.name for a in encoder.get_outputs()]
    enc = dict(zip(enc_names, encoder.run(enc_names, {'source_ids': np.array([ids], np.int64), 'source_lengths': lengths})))
    dec_inputs = {a.name for a in decoder.get_inputs()}
    feeds = {'token_ids': np.array([[BOS_ID]], np.int64), 'state_h': enc['decoder_h']}
    if 'state_c' in dec_inputs:
        feeds['state_c'] = enc.get('decoder_c')
        if feeds['state_c'] is None:
            feeds['state_c'] = _zeros_like_input(decoder, 'state_c', 1)
    for name, value in (('source_lengths', lengths), ('encoder_outputs', enc['encoder_outputs'])):
        if name in dec_inputs:
            feeds[name] = value
    out_names = ['logits', 'next_h'] + (['next_c'] if 'state_c' in dec_inputs else [])
    generated = []
    for _ in range(max_tokens):
        logits, *state_out = decoder.run(out_names, feeds)
        next_id = _argmax(logits[0])
        if next_id == EOS_ID:
            break
        generated.append(next_id)
        feeds['token_ids'] = np.array([[next_id]], np.int64)
        feeds['state_h'] = state_out[0]
        if 'state_c' in dec_inputs:
            feeds['state_c'] = state_out[1]
    return {'text': tt.detokenize(tv.decode(generated)), 'ids': generated}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('--model-dir', default=os.path.dirname(os.path.abspath(__file__)),
                   help='the ONNX export folder (default: this folder)')
    p.add_argument('--text', required=True, help='seq2seq: the source text; generate: the prompt (may be empty)')
    p.add_argument('--max-tokens', type=int, default=None, help='most tokens to produce (default: the model\'s maxLength, 200 for generate)')
    p.add_argument('--json', action='store_true', help='print one line {"text": …, "ids": […]}')
    args = p.parse_args(argv)
    config = read_config(args.model_dir)
    task = config['spec']['task']
    if task == 'seq2seq':
        text = args.text.strip(JS_WHITESPACE)
        if text == '':
            print('predict.py: --text must be a non-empty source text, got none.', file=sys.stderr)
            return 1
        result = seq2seq_greedy(args.model_dir, config, text, args.max_tokens or config['taskState']['maxLength'])
    elif task == 'generate':
        result = generate_greedy(args.model_dir, config, args.text, args.max_tokens or 200)
    else:
        print(f"predict.py: decodes seq2seq and generate exports; this one is '{task}' (README.md shows how to run it).", file=sys.stderr)
        return 1
    print(json.dumps(result, ensure_ascii=False) if args.json else result['text'])
    return 0


if __name__ == '__main__':
    sys.exit(main())
