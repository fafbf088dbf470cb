"""RNN Studio export, tag (core/tasks/tag): embedding (‖ a character BiLSTM per word) → (bi)recurrent → dropout → per-token linear; CoNLL files, IOB2 entities and the app's constrained decoding."""
import math
import unicodedata

import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

import data as D
from layers import lengths_of, make_lm_features, make_recurrent, pad_batch, run_packed
from tokenization import JS_WHITESPACE, PAD_ID, UNK_ID, Vocab


def normalize_word(word):
    """Lower case, every decimal digit → '0' (as the app normalises words before the vocabulary)."""
    return ''.join('0' if unicodedata.category(c) == 'Nd' else c for c in word.lower())


# The character encoder reads a word's first MAX_WORD_CHARS code points (core/tasks/tag/model.ts).
MAX_WORD_CHARS = 20
CHAR_PAD_ID, CHAR_UNK_ID = 0, 1


def encode_chars(word, char_ids):
    """Ids of a word's first MAX_WORD_CHARS code points (original case) in a {char: id} map; [<unk>] for an empty word."""
    ids = [char_ids.get(c, CHAR_UNK_ID) for c in word[:MAX_WORD_CHARS]]
    return ids or [CHAR_UNK_ID]


def pad_chars(sentences):
    """Per sentence, per word, character ids → LongTensor [N, L, C] (0 past each word's end and at padding words)."""
    L = max(len(s) for s in sentences)
    C = max(len(w) for s in sentences for w in s)
    chars = torch.zeros((len(sentences), L, C), dtype=torch.long)
    for n, s in enumerate(sentences):
        for t, w in enumerate(s):
            chars[n, t, :len(w)] = torch.tensor(w, dtype=torch.long)
    return chars


class Tagger(nn.Module):
    """core/tasks/tag/model.ts in PyTorch: embedding (‖ character features ‖ a frozen language model's states) → input dropout → (bi)recurrent → dropout → per-token linear."""

    def __init__(self, model_spec, vocab_size, num_tags, char_vocab_size=0):
        super().__init__()
        r = model_spec['recurrent']
        dim = model_spec.get('embeddingDim') or 100
        enc = model_spec.get('charEncoder')
        self.embedding = nn.Embedding(vocab_size, dim, padding_idx=PAD_ID)
        self.char_hidden = 0
        if enc is not None:
            # A per-word character BiLSTM; its final forward and backward states join the word embedding.
            self.char_hidden = enc['hiddenSize']
            self.char_embedding = nn.Embedding(char_vocab_size, enc['embeddingDim'], padding_idx=CHAR_PAD_ID)
            self.char_rnn = nn.LSTM(enc['embeddingDim'], enc['hiddenSize'], bidirectional=True, batch_first=True)
        lm, lm_width = make_lm_features(model_spec, vocab_size)
        if lm is not None:
            self.lm = lm
        self.input_dropout = nn.Dropout(model_spec.get('inputDropout') or 0.0)
        self.rnn = make_recurrent(r, dim + 2 * self.char_hidden + lm_width)
        self.dropout = nn.Dropout(model_spec.get('headDropout') or 0.0)
        self.head = nn.Linear((2 if r['bidirectional'] else 1) * r['hiddenSize'], num_tags)

    def char_features(self, chars):
        """chars [N, L, C] (0 = padding) → [N, L, 2·H_c]: h_n forward ‖ h_n backward of each word (zeros at padding words)."""
        N, L, C = chars.shape
        flat = chars.reshape(N * L, C)
        word_lengths = (flat != CHAR_PAD_ID).sum(1)
        valid = word_lengths > 0
        out = torch.zeros(N * L, 2 * self.char_hidden, device=chars.device)
        if bool(valid.any()):
            packed = pack_padded_sequence(self.char_embedding(flat[valid]), word_lengths[valid].cpu(),
                                          batch_first=True, enforce_sorted=False)
            _, (h, _) = self.char_rnn(packed)
            out = out.index_put((valid.nonzero().squeeze(1),), torch.cat([h[0], h[1]], dim=1))
        return out.view(N, L, 2 * self.char_hidden)

    def forward(self, ids, lengths=None, chars=None):
        """ids [N, L] (right-padded with 0), lengths [N], chars [N, L, C] (with a character encoder: pad_chars of
        encode_chars per word) → per-token logits [N, L, T] (rows past a sentence's end are the head's bias)."""
        lengths = lengths_of(ids) if lengths is None else lengths
        x = self.embedding(ids)
        if self.char_hidden:
            if chars is None:
                raise ValueError('Tagger: chars must be given for a model with a character encoder, got None.')
            x = torch.cat([x, self.char_features(chars)], dim=2)
        if hasattr(self, 'lm'):
            x = torch.cat([x, self.lm(ids, lengths)], dim=2)
        output, _ = run_packed(self.rnn, self.input_dropout(x), lengths)
        return self.head(self.dropout(output))


def build(model_spec, state):
    """A freshly initialised Tagger for the state's vocabulary, tags and (with a character encoder) characters."""
    return Tagger(model_spec, len(state['vocab']), len(state['tags']), len(state.get('charVocab') or []))


def _split_tag(chunk):
    if chunk in ('O', ''):
        return 'O', ''
    return chunk[0], (chunk[1:].split('-', 1)[-1] or '_')


def entity_chunks(tags):
    """(type, start, end) spans of IOB tags, as seqeval's get_entities reads them."""
    out = []
    prev_tag, prev_type, begin = 'O', '', 0
    for i, chunk in enumerate(list(tags) + ['O']):
        tag, type_ = _split_tag(chunk)
        end = (prev_tag in ('E', 'S') or (prev_tag == 'B' and tag in ('B', 'S', 'O')) or (prev_tag == 'I' and tag in ('B', 'S', 'O'))
               or (prev_tag not in ('O', '.') and prev_type != type_))
        if end and prev_tag != 'O':
            out.append((prev_type, begin, i))
        start = (tag in ('B', 'S') or (prev_tag in ('E', 'S', 'O') and tag in ('E', 'I'))
                 or (tag not in ('O', '.') and prev_type != type_))
        if start:
            begin = i
        prev_tag, prev_type = tag, type_
    return out


def read_tagged(path, layout, encoding=None):
    """Sentences [(tokens, tags)] of a CoNLL-U file (tagField upos/xpos; ranges and empty nodes skipped) or a
    token-per-line CoNLL file (layout: separator, tokenField, tagField; comments before a sentence, starting with
    the layout's commentPrefix or '#', and -DOCSTART- skipped)."""
    sentences, tokens, tags = [], [], []
    prefix = (layout.get('layout') or {}).get('commentPrefix', '#')
    for line in D.read_text(path, encoding).splitlines():
        if line.strip(JS_WHITESPACE) == '':
            if tokens:
                sentences.append((tokens, tags))
            tokens, tags = [], []
            continue
        if (not tokens and prefix != '' and line.startswith(prefix)) or line.startswith('-DOCSTART-'):
            continue
        if layout['format'] == 'conllu':
            fields = line.split('\t')
            if '-' in fields[0] or '.' in fields[0]:
                continue
            tokens.append(fields[1])
            tags.append(fields[3 if layout['tagField'] == 'upos' else 4])
        else:
            spec = layout['layout']
            fields = line.split('\t') if spec['separator'] == 'tab' else line.split()
            tokens.append(fields[spec['tokenField']])
            tags.append(fields[spec['tagField']])
    if tokens:
        sentences.append((tokens, tags))
    return sentences


def to_iob2(tags):
    """IOB1 → IOB2 (an I- that starts an entity becomes B-), as the app reads NER files; IOB2 stays as is."""
    out, prev = [], 'O'
    for t in tags:
        if t.startswith('I-') and (prev == 'O' or prev[2:] != t[2:]):
            t = 'B-' + t[2:]
        out.append(t)
        prev = t
    return out


class TagTask:
    kind = 'tag'
    SINGLETON_UNK_PROBABILITY = 0.25

    def __init__(self, spec, path, state=None, hints=None):
        """Sentences read with the exported file layout, split, vocabulary (normalised words), tags and, for a
        character encoder, the character vocabulary (original words) fitted on the training part unless `state` is
        given; training words seen once become <unk> with p = 0.25 (their characters stay)."""
        known = state or hints
        sentences = read_tagged(path, known['file'], (spec['data'].get('reading') or {}).get('encoding'))
        if known['ner'] and all(t == 'O' or t[:2] in ('B-', 'I-') for _, tags in sentences for t in tags):
            sentences = [(tokens, to_iob2(tags)) for tokens, tags in sentences]
        split = D.split_by_spec(spec, len(sentences))
        train = D.pick(sentences, split['train'])
        max_length = spec['data'].get('maxLength') or 128
        if state is None:
            vocab = D.fit_vocab(spec, [[normalize_word(w) for w in tokens] for tokens, _ in train])
            state = dict(hints, vocab=vocab.tokens, tags=sorted({t for _, tags in train for t in tags}), maxLength=max_length)
            state.pop('charVocab', None)
            if spec['model'].get('charEncoder') is not None:
                state['charVocab'] = D.fit_char_vocab(w for tokens, _ in train for w in tokens)
        self.state = state
        vocab, tag_id = Vocab(state['vocab']), {t: i for i, t in enumerate(state['tags'])}
        char_ids = {c: i for i, c in enumerate(state['charVocab'])} if 'charVocab' in state else None
        self.parts = {}
        for name, idx in split.items():
            cut = state['maxLength'] if name == 'train' else None
            self.parts[name] = [(vocab.encode([normalize_word(w) for w in tokens])[:cut],
                                 [tag_id.get(t, -100) for t in tags][:cut],
                                 [encode_chars(w, char_ids) for w in tokens][:cut] if char_ids is not None else None)
                                for tokens, tags in D.pick(sentences, idx) if tokens]
        counts = {}
        for ids, _, _ in self.parts['train']:
            for i in ids:
                counts[i] = counts.get(i, 0) + 1
        self.singletons = torch.tensor(sorted(i for i, n in counts.items() if n == 1), dtype=torch.long)

    @staticmethod
    def collate(examples):
        ids, lengths = pad_batch([e[0] for e in examples])
        targets, _ = pad_batch([e[1] for e in examples], pad=-100)
        batch = {'ids': ids, 'lengths': lengths, 'targets': targets}
        if examples[0][2] is not None:
            batch['chars'] = pad_chars([e[2] for e in examples])
        return batch

    def loss(self, net, batch, reduction='mean'):
        ids = batch['ids']
        if net.training and self.singletons.numel() > 0:
            drop = torch.isin(ids, self.singletons.to(ids.device)) & (torch.rand(ids.shape, device=ids.device) < self.SINGLETON_UNK_PROBABILITY)
            ids = ids.masked_fill(drop, UNK_ID)
        logits = net(ids, batch['lengths'], batch.get('chars'))
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), batch['targets'].reshape(-1), ignore_index=-100, reduction=reduction)
        return loss, int((batch['targets'] != -100).sum())


def iob2_allows(previous, nxt):
    """IOB2: I-X only continues B-X or I-X (core/tasks/tag/decode.ts)."""
    if not nxt.startswith('I-'):
        return True
    return previous is not None and (previous == nxt or previous == 'B-' + nxt[2:])


def decode_tags(logits, tags, ner):
    """Tags of one sentence from its logits [L, T], as the app decodes them: the best tag per token, or for NER the
    IOB2-valid sequence of highest summed log-softmax (constrained Viterbi; ties keep the lower tag index)."""
    if not ner:
        return [tags[i] for i in logits.argmax(-1).tolist()]
    scores = torch.log_softmax(logits.double(), -1).tolist()
    T = len(tags)
    if not scores:
        return []
    allowed = [[iob2_allows(p, c) for c in tags] for p in tags]
    score = [v if iob2_allows(None, tags[c]) else -math.inf for c, v in enumerate(scores[0])]
    back = []
    for row in scores[1:]:
        nxt, frm = [-math.inf] * T, [0] * T
        for c in range(T):
            for p in range(T):
                if allowed[p][c] and score[p] + row[c] > nxt[c]:
                    nxt[c], frm[c] = score[p] + row[c], p
        back.append(frm)
        score = nxt
    c = max(range(T), key=lambda k: (score[k], -k))
    out = [c]
    for frm in reversed(back):
        c = frm[c]
        out.append(c)
    return [tags[i] for i in reversed(out)]


def predict(net, state, text, options):
    tokens = [t for t in text.split() if t != '']
    if not tokens:
        raise ValueError('tag: predict input must have at least one token in tokens or text, got none.')
    vocab = Vocab(state['vocab'])
    ids, lengths = pad_batch([vocab.encode([normalize_word(w) for w in tokens])])
    chars = None
    if 'charVocab' in state:
        char_ids = {c: i for i, c in enumerate(state['charVocab'])}
        chars = pad_chars([[encode_chars(w, char_ids) for w in tokens]])
    with torch.no_grad():
        logits = net(ids, lengths, chars)[0]
    tags = decode_tags(logits, state['tags'], state['ner'])
    entities = [{'type': ty, 'start': s, 'end': e, 'text': ' '.join(tokens[s:e])} for ty, s, e in entity_chunks(tags)] if state['ner'] else []
    return {'kind': 'tag', 'tokens': tokens, 'tags': tags, 'entities': entities}


def describe(p):
    return ' '.join(f'{t}/{g}' for t, g in zip(p['tokens'], p['tags']))
