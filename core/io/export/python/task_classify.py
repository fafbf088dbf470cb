"""RNN Studio export, classify (core/tasks/classify): embedding → recurrent → pooling → dropout → linear; text + label columns split stratified, classes sorted; the predicted label and probabilities."""
import torch
import torch.nn.functional as F
from torch import nn

import data as D
from layers import lengths_of, make_lm_features, make_recurrent, pad_batch, pool_over_time, run_packed
from tokenization import JS_WHITESPACE, PAD_ID, Tokenizer, Vocab


class Classifier(nn.Module):
    """core/tasks/classify/model.ts in PyTorch: embedding (‖ a frozen language model's states) → recurrent → pooling over time → dropout → linear."""

    def __init__(self, model_spec, vocab_size, num_classes):
        super().__init__()
        r = model_spec['recurrent']
        dim = model_spec.get('embeddingDim') or 64
        self.directions = 2 if r['bidirectional'] else 1
        self.embedding = nn.Embedding(vocab_size, dim, padding_idx=PAD_ID)
        lm, lm_width = make_lm_features(model_spec, vocab_size)
        if lm is not None:
            self.lm = lm
        self.rnn = make_recurrent(r, dim + lm_width)
        self.pooling = model_spec.get('pooling') or 'last'
        self.dropout = nn.Dropout(model_spec.get('headDropout') or 0.0)
        self.head = nn.Linear(self.directions * r['hiddenSize'], num_classes)

    def forward(self, ids, lengths=None):
        """ids [N, L] (right-padded with 0), lengths [N] → logits [N, C]."""
        lengths = lengths_of(ids) if lengths is None else lengths
        x = self.embedding(ids)
        if hasattr(self, 'lm'):
            x = torch.cat([x, self.lm(ids, lengths)], dim=2)
        output, _ = run_packed(self.rnn, x, lengths)
        pooled = pool_over_time(output, lengths, self.pooling, self.directions)
        return self.head(self.dropout(pooled))


def build(model_spec, state):
    """A freshly initialised Classifier sized by the state's vocabulary and classes."""
    return Classifier(model_spec, len(state['vocab']), len(state['classes']))


def _classes_of(labels):
    distinct = list(dict.fromkeys(l.strip(JS_WHITESPACE) for l in labels))
    if len(distinct) < 2:
        raise ValueError(f'classify: the label column must have at least 2 classes, got {len(distinct)}.')
    try:
        numeric = all(d != '' for d in distinct) and [float(d) for d in distinct]
    except ValueError:
        numeric = False
    return sorted(distinct, key=float) if numeric else sorted(distinct)


class ClassifyTask:
    kind = 'classify'

    def __init__(self, spec, path, state=None, hints=None):
        """Reads and splits `path`; fits tokenizer, vocabulary and classes on the training part unless
        `state` (the exported one, for fine-tuning) is given. Columns: spec, else the exported state's (`hints`)."""
        known = state or hints or {}
        text_col = spec['data'].get('textColumn') or known.get('textColumn')
        label_col = spec['data'].get('labelColumn') or known.get('labelColumn')
        columns, rows = D.read_table(path, (text_col, label_col), spec['data'].get('reading'))
        texts = D.column(columns, rows, text_col, path)
        names = spec['data'].get('labelNames') or {}
        labels = [l.strip(JS_WHITESPACE) for l in D.column(columns, rows, label_col, path)]
        labels = [names.get(l, l) for l in labels]
        keep = [i for i in range(len(texts)) if texts[i].strip(JS_WHITESPACE) != '' and labels[i] != '']
        texts, labels = D.pick(texts, keep), D.pick(labels, keep)
        split = D.split_by_spec(spec, len(texts), labels)
        train_texts = D.pick(texts, split['train'])
        max_length = spec['data'].get('maxLength') or 128
        if state is None:
            tokenizer = D.fit_tokenizer(spec, train_texts, 'word', True)
            vocab = D.fit_vocab(spec, [tokenizer(t)[:max_length] for t in train_texts])
            classes = _classes_of(D.pick(labels, split['train']))
            counts = [0] * len(classes)
            for i in split['train']:
                counts[classes.index(labels[i])] += 1
            state = {'kind': 'classify', 'textColumn': text_col, 'labelColumn': label_col,
                     'tokenizer': tokenizer.to_json(), 'vocab': vocab.tokens, 'classes': classes,
                     'maxLength': max_length, 'majorityClass': counts.index(max(counts))}
        self.state = state
        self.tokenizer, self.vocab = Tokenizer(state['tokenizer']), Vocab(state['vocab'])
        class_id = {c: i for i, c in enumerate(state['classes'])}
        self.parts = {}
        for name, idx in split.items():
            examples = []
            for i in idx:
                tokens = self.tokenizer(texts[i])[:state['maxLength']]
                if tokens and labels[i] in class_id:
                    examples.append((self.vocab.encode(tokens), class_id[labels[i]]))
            self.parts[name] = examples
        self.weight = None
        if spec['train'].get('classWeights') == 'balanced':
            C = len(state['classes'])
            counts = [0] * C
            for _, y in self.parts['train']:
                counts[y] += 1
            n = len(self.parts['train'])
            self.weight = torch.tensor([1.0 if c == 0 else n / (C * c) for c in counts])

    @staticmethod
    def collate(examples):
        ids, lengths = pad_batch([e[0] for e in examples])
        return {'ids': ids, 'lengths': lengths, 'targets': torch.tensor([e[1] for e in examples])}

    def loss(self, net, batch, reduction='mean'):
        logits = net(batch['ids'], batch['lengths'])
        weight = None if self.weight is None or reduction == 'sum' else self.weight.to(logits.device)
        return F.cross_entropy(logits, batch['targets'], weight=weight, reduction=reduction), len(batch['targets'])


def predict(net, state, text, options):
    tokens = Tokenizer(state['tokenizer'])(text)[:state['maxLength']]
    if text.strip(JS_WHITESPACE) == '' or not tokens:
        raise ValueError(f"classify: predict input.text must contain at least one token, got '{text}'.")
    ids, lengths = pad_batch([Vocab(state['vocab']).encode(tokens)])
    with torch.no_grad():
        probs = torch.softmax(net(ids, lengths), dim=-1)[0].tolist()
    ranked = sorted(({'label': c, 'probability': p} for c, p in zip(state['classes'], probs)), key=lambda x: -x['probability'])
    return {'kind': 'classify', 'label': ranked[0]['label'], 'probabilities': ranked}


def describe(p):
    return p['label'] + '\t' + ' '.join(f"{x['label']}={x['probability']:.3f}" for x in p['probabilities'])
