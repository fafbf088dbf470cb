"""Test helper: loads an export folder with model.py (preprocessing from tokenization.py, layers.py and the task_<kind>.py modules) and prints the outputs the parity tests compare with the core's (reads a JSON request on stdin, writes JSON to stdout)."""
import json
import os
import sys

folder = sys.argv[1]
sys.path.insert(0, folder)

import torch  # noqa: E402

import model as m  # noqa: E402
from layers import pad_batch  # noqa: E402
from tokenization import BOS_ID, UNK_ID, Tokenizer, Vocab  # noqa: E402

torch.set_num_threads(1)
request = json.load(sys.stdin)
net, config = m.load(folder)
state = config['taskState']
task = config['spec']['task']
out = {'stateKeys': sorted(net.state_dict().keys()),
       'shapes': {k: list(v.shape) for k, v in net.state_dict().items()}}

with torch.no_grad():
    if task == 'classify':
        tok = Tokenizer(state['tokenizer'])
        vocab = Vocab(state['vocab'])
        ids = [vocab.encode(tok(t)[:state['maxLength']]) for t in request['texts']]
        batch, lengths = pad_batch(ids)
        out['ids'] = ids
        out['logits'] = net(batch, lengths).tolist()
    elif task == 'seq2seq':
        st, tt = Tokenizer(state['srcTokenizer']), Tokenizer(state['tgtTokenizer'])
        sv, tv = Vocab(state['srcVocab']), Vocab(state['tgtVocab'])
        L = state['maxLength']
        src = [sv.encode(st(s)[:L]) or [UNK_ID] for s in request['sources']]
        tgt = [tv.encode(tt(t)[:L]) for t in request['targets']]
        out['src'], out['tgt'] = src, tgt
        s, lengths = pad_batch(src)
        t_in, _ = pad_batch([[BOS_ID] + y for y in tgt])
        out['logits'] = net(s, t_in, lengths).tolist()
        from task_seq2seq import predict
        out['beams'] = [predict(net, state, text, {'beam_size': 3, 'length_penalty': 1.0}) for text in request['sources'][:3]]
    elif task == 'forecast':
        from task_forecast import Scaler, forecast_values, scale_future
        x = torch.stack([Scaler(state['scaler']).apply(rows) for rows in request['windows']])
        futures = request.get('futures') or [None] * len(request['windows'])
        fut = torch.cat([scale_future(state, f) for f in futures]) if request.get('futures') else None
        out['scaled'] = net(x, fut).tolist()
        out['values'] = [forecast_values(net, state, rows, f) for rows, f in zip(request['windows'], futures)]
    elif task == 'tag':
        from task_tag import encode_chars, normalize_word, pad_chars, predict
        vocab = Vocab(state['vocab'])
        ids = [vocab.encode([normalize_word(w) for w in s]) for s in request['sentences']]
        batch, lengths = pad_batch(ids)
        out['ids'] = ids
        chars = None
        if 'charVocab' in state:
            char_ids = {c: i for i, c in enumerate(state['charVocab'])}
            out['chars'] = [[encode_chars(w, char_ids) for w in s] for s in request['sentences']]
            chars = pad_chars(out['chars'])
        out['logits'] = net(batch, lengths, chars).tolist()
        out['predictions'] = [predict(net, state, ' '.join(s), {}) for s in request['sentences']]
    elif task == 'generate':
        tok, vocab = Tokenizer(state['tokenizer']), Vocab(state['vocab'])
        ids = [vocab.encode(tok(t), bos=True) for t in request['texts']]
        batch, lengths = pad_batch(ids)
        out['ids'] = ids
        out['logits'] = net(batch, lengths).tolist()
        from task_generate import predict
        out['generated'] = [predict(net, state, p, dict(o, max_tokens=30)) for p, o in request['prompts']]
    elif task == 'caption':
        from task_caption import caption_ids, read_image
        from task_seq2seq import beam_search
        tok, vocab = Tokenizer(state['tokenizer']), Vocab(state['vocab'])
        images = torch.stack([read_image(p, state['transform']) for p in request['images']])
        ids = [caption_ids(c, tok, vocab, state['maxLength']) for c in request['captions']]
        t_in, _ = pad_batch([[BOS_ID] + y for y in ids])
        out['pixels'] = images.flatten().tolist()
        out['ids'] = ids
        out['logits'] = net(images, t_in, torch.tensor(request['rows'])).tolist()
        L = state['maxLength']
        out['greedy'] = [beam_search(net, images[i:i + 1], 1, 1.0, L)[0]['ids'] for i in range(len(images))]
        out['beams'] = [[{'ids': h['ids'], 'score': h['score']} for h in beam_search(net, images[i:i + 1], 3, 1.0, L)]
                        for i in range(len(images))]
    if 'tokenize' in request:
        tok = Tokenizer(request['tokenize']['config'])
        out['tokens'] = [tok(t) for t in request['tokenize']['texts']]

json.dump(out, sys.stdout)
