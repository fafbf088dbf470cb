"""RNN Studio export, generate (core/tasks/generate): embedding → input dropout → unidirectional recurrent → dropout → linear over the vocabulary; a text column → <bos> tokens <eos> cut into chunks; seeded sampling as the app samples."""
import math

import torch
import torch.nn.functional as F
from torch import nn

import data as D
from layers import lengths_of, make_recurrent, pad_batch, run_packed
from tokenization import BOS_ID, EOS_ID, JS_WHITESPACE, PAD_ID, UNK_ID, Tokenizer, Vocab


class LanguageModel(nn.Module):
    """core/tasks/generate/model.ts in PyTorch: embedding → input dropout → unidirectional recurrent → dropout → linear over the vocabulary."""

    def __init__(self, model_spec, vocab_size):
        super().__init__()
        r = model_spec['recurrent']
        dim = model_spec.get('embeddingDim') or 64
        self.embedding = nn.Embedding(vocab_size, dim, padding_idx=PAD_ID)
        self.input_dropout = nn.Dropout(model_spec.get('inputDropout') or 0.0)
        self.rnn = make_recurrent(r, dim)
        self.dropout = nn.Dropout(model_spec.get('headDropout') or 0.0)
        self.head = nn.Linear(r['hiddenSize'], vocab_size)
        # model.direction 'backward': every text is read right to left (a backward language model).
        self.reads_backward = model_spec.get('direction') == 'backward'

    def forward(self, ids, lengths=None):
        """ids [N, L] (<bos> t1 …, right-padded with 0), lengths [N] → next-token logits [N, L, V]."""
        lengths = lengths_of(ids) if lengths is None else lengths
        output, _ = run_packed(self.rnn, self.input_dropout(self.embedding(ids)), lengths)
        return self.head(self.dropout(output))

    def step(self, ids, state=None):
        """One sequence ids [1, L] from state (zeros when None) → logits of the last step [V] and the state after it."""
        output, state = self.rnn(self.embedding(ids), state)
        return self.head(self.dropout(output[0, -1])), state


def build(model_spec, state):
    """A freshly initialised LanguageModel over the state's vocabulary."""
    return LanguageModel(model_spec, len(state['vocab']))


BANNED = {PAD_ID, BOS_ID, UNK_ID}  # ids sampling never picks (core/tasks/generate/sample.ts)


def to_sequences(token_lists, vocab, max_length):
    """(input, target) id chunks of `<bos> tokens <eos>`, max_length predictions each."""
    out = []
    for tokens in token_lists:
        if not tokens:
            continue
        ids = vocab.encode(tokens, bos=True, eos=True)
        for start in range(0, len(ids) - 1, max_length):
            chunk = ids[start:start + max_length + 1]
            out.append((chunk[:-1], chunk[1:]))
    return out


class GenerateTask:
    kind = 'generate'

    def __init__(self, spec, path, state=None, hints=None):
        """As task_classify.ClassifyTask: texts read and split; tokenizer and vocabulary fitted on the training part unless `state` is given."""
        known = state or hints or {}
        wanted = spec['data'].get('textColumn') or known.get('textColumn')
        columns, rows = D.read_table(path, (wanted,), spec['data'].get('reading'))
        col = wanted or columns[0]
        texts = [t for t in D.column(columns, rows, col, path) if t.strip(JS_WHITESPACE) != '']
        split = D.split_by_spec(spec, len(texts))
        train = D.pick(texts, split['train'])
        max_length = spec['data'].get('maxLength') or 100
        if state is None:
            tokenizer = D.fit_tokenizer(spec, train, 'char', False)
            vocab = D.fit_vocab(spec, [tokenizer(t) for t in train])
            state = {'kind': 'generate', 'textColumn': col, 'tokenizer': tokenizer.to_json(), 'vocab': vocab.tokens,
                     # NOTE: the app's bigram baseline is not refitted here (train.py reports the loss only).
                     'maxLength': max_length, 'bigram': {'unigram': [], 'pairs': []}}
        self.state = state
        tok, vocab = Tokenizer(state['tokenizer']), Vocab(state['vocab'])
        # A backward model reads each text reversed; the vocabulary above is fitted on it as written.
        order = (lambda ts: ts[::-1]) if spec['model'].get('direction') == 'backward' else (lambda ts: ts)
        self.parts = {name: to_sequences([order(tok(t)) for t in D.pick(texts, idx)], vocab, state['maxLength']) for name, idx in split.items()}

    @staticmethod
    def collate(examples):
        ids, lengths = pad_batch([e[0] for e in examples])
        targets, _ = pad_batch([e[1] for e in examples], pad=-100)
        return {'ids': ids, 'lengths': lengths, 'targets': targets}

    def loss(self, net, batch, reduction='mean'):
        logits = net(batch['ids'], batch['lengths'])
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), batch['targets'].reshape(-1), ignore_index=-100, reduction=reduction)
        return loss, int((batch['targets'] != -100).sum())


def pick_token(logits, greedy, temperature, top_k, random):
    """The next id from logits [V] as the app picks it (core/tasks/generate/sample.ts): arg-max, or a seeded draw from softmax(logits / T) over the top k."""
    values = logits.tolist()
    candidates = [i for i in range(len(values)) if i not in BANNED]
    if greedy:
        best = candidates[0]
        for i in candidates:
            if values[i] > values[best]:
                best = i
        return best
    pool = candidates
    if 0 < top_k < len(candidates):
        threshold = sorted((values[i] for i in candidates), reverse=True)[top_k - 1]
        pool = [i for i in candidates if values[i] >= threshold]
    top = max(values[i] / temperature for i in pool)
    weights = [math.exp(values[i] / temperature - top) for i in pool]
    u = random.next() * sum(weights)
    for k, i in enumerate(pool):
        u -= weights[k]
        if u < 0:
            return i
    return pool[-1]


def predict(net, state, text, options):
    temperature = options.get('temperature') or 1.0
    top_k = options.get('top_k') or 0
    if not temperature > 0:
        raise ValueError(f'generate: temperature must be a number > 0, got {temperature}.')
    tok, vocab = Tokenizer(state['tokenizer']), Vocab(state['vocab'])
    prompt = text or ''
    random = D.Random(options.get('seed') or 0)
    generated = []
    # A backward model reads the prompt from its end and writes the text before it.
    backward = getattr(net, 'reads_backward', False)
    prompt_tokens = tok(prompt)[::-1] if backward else tok(prompt)
    with torch.no_grad():
        logits, s = net.step(torch.tensor([[BOS_ID] + vocab.encode(prompt_tokens)]))
        for _ in range(options.get('max_tokens') or 200):
            i = pick_token(logits, options.get('greedy', False), temperature, top_k, random)
            if i == EOS_ID:
                break
            generated.append(vocab.tokens[i])
            logits, s = net.step(torch.tensor([[i]]), s)
    joiner = '' if tok.kind == 'char' or prompt == '' else ' '
    if backward:
        generated = generated[::-1]
        return {'kind': 'generate', 'text': tok.detokenize(generated) + joiner + prompt, 'generated': generated}
    return {'kind': 'generate', 'text': prompt + joiner + tok.detokenize(generated), 'generated': generated}


def describe(p):
    return p['text']
