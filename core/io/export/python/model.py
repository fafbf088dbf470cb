"""RNN Studio export: the torch.nn.Module of each task, with state_dict() keys matching model.safetensors, and the preprocessing that turns raw input into the same ids and values as the app."""
# Load it in two lines (see README.md):
#     import model as m
#     net, config = m.load('.')          # torch.nn.Module in eval mode, weights loaded
import json
import math
import os
import unicodedata

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

PAD_ID, UNK_ID, BOS_ID, EOS_ID = 0, 1, 2, 3
SPECIAL_TOKENS = ['<pad>', '<unk>', '<bos>', '<eos>']
END_OF_WORD = '</w>'


# ---------------------------------------------------------------------------------------------
# Tokenizers (mirror core/data/tokenizers.ts)
# ---------------------------------------------------------------------------------------------
# NOTE: the app splits text with Intl.Segmenter (ICU): grapheme clusters for 'char' and UAX #29
# word boundaries for 'word'. Python has neither in its standard library, so the rules below
# implement the parts that matter for Korean, English and other alphabetic text: Hangul syllable
# and jamo sequences, combining marks, emoji ZWJ sequences, flags; letters/digits joined across
# apostrophes, periods and commas as UAX #29 says. Chinese/Japanese ideographs, which ICU splits
# with a dictionary, become one token per character here.

def _is_extend(ch):
    cp = ord(ch)
    cat = unicodedata.category(ch)
    return (cat in ('Mn', 'Me', 'Mc') or cp == 0x200D or 0xFE00 <= cp <= 0xFE0F
            or 0x1F3FB <= cp <= 0x1F3FF or 0xE0020 <= cp <= 0xE007F)


def _is_pictographic(ch):
    cp = ord(ch)
    return (0x1F000 <= cp <= 0x1FAFF or 0x2600 <= cp <= 0x27BF or 0x2300 <= cp <= 0x23FF
            or cp in (0x00A9, 0x00AE, 0x203C, 0x2049, 0x2122, 0x2139, 0x3030, 0x303D, 0x3297, 0x3299)
            or 0x2190 <= cp <= 0x21FF or 0x2B00 <= cp <= 0x2BFF)


def _hangul_type(ch):
    cp = ord(ch)
    if 0x1100 <= cp <= 0x115F or 0xA960 <= cp <= 0xA97C:
        return 'L'
    if 0x1160 <= cp <= 0x11A7 or 0xD7B0 <= cp <= 0xD7C6:
        return 'V'
    if 0x11A8 <= cp <= 0x11FF or 0xD7CB <= cp <= 0xD7FB:
        return 'T'
    if 0xAC00 <= cp <= 0xD7A3:
        return 'LV' if (cp - 0xAC00) % 28 == 0 else 'LVT'
    return None


def _joins(prev, ch, ri_count):
    """True when no grapheme-cluster boundary falls between prev and ch (UAX #29 GB3–GB12)."""
    if prev == '\r' and ch == '\n':
        return True
    if prev in '\r\n' or ch in '\r\n':
        return False
    a, b = _hangul_type(prev), _hangul_type(ch)
    if a == 'L' and b in ('L', 'V', 'LV', 'LVT'):
        return True
    if a in ('LV', 'V') and b in ('V', 'T'):
        return True
    if a in ('LVT', 'T') and b == 'T':
        return True
    if _is_extend(ch) or unicodedata.category(ch) == 'Mc':
        return True
    if ord(prev) == 0x200D and _is_pictographic(ch):
        return True
    if 0x1F1E6 <= ord(prev) <= 0x1F1FF and 0x1F1E6 <= ord(ch) <= 0x1F1FF:
        return ri_count % 2 == 1
    return False


def char_tokens(text):
    """Grapheme clusters of text (a Hangul syllable, an emoji with modifiers, … each one token)."""
    out = []
    ri = 0
    for ch in text:
        if out and _joins(out[-1][-1], ch, ri):
            out[-1] += ch
        else:
            out.append(ch)
            ri = 0
        if 0x1F1E6 <= ord(ch) <= 0x1F1FF:
            ri += 1
    return out


# NOTE: ICU's root rules keep ':' in MidLetter ('when:Scamp' is one word).
_MID_LETTER = set(':\u00B7\u0387\u05F4\u2027\uFE13\uFE55\uFF1A')
_MID_NUM_LET = set(".'\u2018\u2019\u2024\uFE52\uFF07\uFF0E")
_MID_NUM = set(',;\u037E\u0589\u060C\u060D\u066C\u07F8\u2044\uFE10\uFE14\uFE50\uFE54\uFF0C\uFF1B')


def _word_class(ch):
    cp = ord(ch)
    cat = unicodedata.category(ch)
    if 0x30A0 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF or 0xFF66 <= cp <= 0xFF9D:
        return 'Katakana'
    if (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2FFFF
            or 0x3040 <= cp <= 0x309F or 0x0E00 <= cp <= 0x0EFF or 0xF900 <= cp <= 0xFAFF):
        return 'Ideo'
    if _hangul_type(ch) is not None:
        return 'Hangul'
    if cat == 'Nd':
        return 'Numeric'
    if cat.startswith('L') or cat == 'Nl':
        return 'ALetter'
    if cat == 'Pc':
        return 'ExtendNumLet'
    if ch in _MID_LETTER:
        return 'MidLetter'
    if ch in _MID_NUM_LET:
        return 'MidNumLet'
    if ch in _MID_NUM:
        return 'MidNum'
    return 'Other'


_WORDISH = ('ALetter', 'Numeric', 'Katakana', 'ExtendNumLet', 'Hangul')


def _continues(prev, cur):
    # NOTE: ICU keeps Hangul syllables (and conjoining jamo) apart from letters and digits:
    # 'Mr.Bean은' → 'Mr.Bean', '은'; '9점' → '9', '점'; compatibility jamo (ㅋ) are letters.
    if prev == 'Hangul' or cur == 'Hangul':
        return prev == cur
    if cur == 'ExtendNumLet':
        return prev in _WORDISH
    if prev == 'ExtendNumLet':
        return cur in ('ALetter', 'Numeric', 'Katakana')
    if prev in ('ALetter', 'Numeric') and cur in ('ALetter', 'Numeric'):
        return True
    return prev == 'Katakana' and cur == 'Katakana'


# What JavaScript's String.prototype.trim removes (Python's str.strip also removes U+0085 and others).
JS_WHITESPACE = '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'


def word_tokens(text):
    """Words and punctuation of text by UAX #29 word boundaries as ICU tailors them (simplified); whitespace dropped."""
    cps = list(text)
    n = len(cps)
    classes = [_word_class(c) for c in cps]
    out = []
    i = 0
    while i < n:
        cls = classes[i]
        if cls in _WORDISH:
            j = i + 1
            last = cls
            while j < n:
                c = classes[j]
                if _is_extend(cps[j]) or unicodedata.category(cps[j]) == 'Cf':
                    j += 1
                    continue
                if _continues(last, c):
                    last = c
                    j += 1
                    continue
                # WB6/7 and WB11/12: a letter/number, a middle character, then the same kind again
                if j + 1 < n:
                    nxt = classes[j + 1]
                    if last == 'ALetter' and c in ('MidLetter', 'MidNumLet') and nxt == 'ALetter':
                        j += 2
                        continue
                    if last == 'Numeric' and c in ('MidNum', 'MidNumLet') and nxt == 'Numeric':
                        j += 2
                        continue
                break
            out.append(''.join(cps[i:j]))
            i = j
        elif cls == 'Ideo':
            j = i + 1
            while j < n and _is_extend(cps[j]):
                j += 1
            out.append(''.join(cps[i:j]))
            i = j
        else:
            j = i + 1
            while j < n and classes[j] not in _WORDISH and classes[j] != 'Ideo':
                j += 1
            out.extend(t for t in char_tokens(''.join(cps[i:j]).strip(JS_WHITESPACE)) if t.strip(JS_WHITESPACE) != '')
            i = j
    return out


def _apply_merges(symbols, ranks):
    parts = symbols
    while True:
        best, best_rank = -1, math.inf
        for i in range(len(parts) - 1):
            rank = ranks.get((parts[i], parts[i + 1]))
            if rank is not None and rank < best_rank:
                best, best_rank = i, rank
        if best == -1:
            return parts
        parts = parts[:best] + [parts[best] + parts[best + 1]] + parts[best + 2:]


def _split_symbols(word):
    symbols = char_tokens(word)
    symbols[-1] += END_OF_WORD
    return symbols


class Tokenizer:
    """The tokenizer of a task state: {'kind': 'char'|'word'|'bpe', 'lowercase': bool, 'merges'?: [[a, b], …]}."""

    def __init__(self, config):
        self.kind = config['kind']
        self.lowercase = config['lowercase']
        self.merges = [tuple(m) for m in config.get('merges', [])]
        self.ranks = {m: i for i, m in enumerate(self.merges)}

    def __call__(self, text):
        t = text.lower() if self.lowercase else text
        if self.kind == 'char':
            return char_tokens(t)
        if self.kind == 'word':
            return word_tokens(t)
        out = []
        for w in word_tokens(t):
            out.extend(_apply_merges(_split_symbols(w), self.ranks))
        return out

    def detokenize(self, tokens):
        if self.kind == 'char':
            return ''.join(tokens)
        if self.kind == 'word':
            return ' '.join(tokens)
        return ' '.join(''.join(tokens).split(END_OF_WORD)).strip()

    def to_json(self):
        out = {'kind': self.kind, 'lowercase': self.lowercase}
        if self.kind == 'bpe':
            out['merges'] = [list(m) for m in self.merges]
        return out


class Vocab:
    """Token ↔ id with <pad> <unk> <bos> <eos> first (ids 0–3)."""

    def __init__(self, tokens):
        if list(tokens[:4]) != SPECIAL_TOKENS:
            raise ValueError(f'Vocab: the first tokens must be {SPECIAL_TOKENS}, got {list(tokens[:4])}.')
        self.tokens = list(tokens)
        self.ids = {t: i for i, t in enumerate(self.tokens)}

    def __len__(self):
        return len(self.tokens)

    def encode(self, tokens, bos=False, eos=False):
        ids = [self.ids.get(t, UNK_ID) for t in tokens]
        return ([BOS_ID] if bos else []) + ids + ([EOS_ID] if eos else [])

    def decode(self, ids):
        out = []
        for i in ids:
            if i == EOS_ID:
                break
            if i in (PAD_ID, BOS_ID):
                continue
            out.append(self.tokens[i] if 0 <= i < len(self.tokens) else '<unk>')
        return out


# ---------------------------------------------------------------------------------------------
# Recurrent building blocks
# ---------------------------------------------------------------------------------------------

def make_recurrent(spec, input_size, batch_first=True):
    """nn.RNN / nn.LSTM / nn.GRU from a RunSpec recurrent part (dropout only between layers)."""
    common = dict(input_size=input_size, hidden_size=spec['hiddenSize'], num_layers=spec['numLayers'],
                  bidirectional=spec['bidirectional'], batch_first=batch_first,
                  dropout=spec['dropout'] if spec['numLayers'] > 1 else 0.0)
    if spec['cell'] == 'lstm':
        return nn.LSTM(**common)
    if spec['cell'] == 'gru':
        return nn.GRU(**common)
    return nn.RNN(nonlinearity=spec['nonlinearity'], **common)


def run_packed(rnn, x, lengths, hx=None):
    """Runs a batch-first rnn over x [N, L, H_in] honouring lengths [N] (padding never reaches h_n).
    Returns output [N, L, D·H] (zeros past each length) and the final state (h_n, or (h_n, c_n))."""
    packed = pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
    out, state = rnn(packed, hx)
    out, _ = pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])
    return out, state


def pool_over_time(output, lengths, mode, directions):
    """[N, L, D·H] → [N, D·H] over the valid steps: 'last' (forward at len−1, backward at 0), 'mean' or 'max'."""
    N, L, F = output.shape
    lengths = lengths.to(output.device)
    if mode == 'last':
        H = F // directions
        idx = (lengths - 1).view(N, 1, 1).expand(N, 1, H)
        fwd = output[:, :, :H].gather(1, idx).squeeze(1)
        if directions == 1:
            return fwd
        return torch.cat([fwd, output[:, 0, H:]], dim=1)
    valid = (torch.arange(L, device=output.device).view(1, L) < lengths.view(N, 1)).unsqueeze(2)
    if mode == 'mean':
        return output.masked_fill(~valid, 0.0).sum(1) / lengths.view(N, 1).to(output.dtype)
    return output.masked_fill(~valid, float('-inf')).max(1).values


def lengths_of(ids):
    """Lengths [N] of right-padded ids [N, L] (0 = padding)."""
    return (ids != PAD_ID).sum(1)


# ---------------------------------------------------------------------------------------------
# classify: embedding → recurrent → pooling → dropout → linear (core/tasks/classify/model.ts)
# ---------------------------------------------------------------------------------------------

class Classifier(nn.Module):
    def __init__(self, model_spec, vocab_size, num_classes):
        super().__init__()
        r = model_spec['recurrent']
        dim = model_spec.get('embeddingDim') or 64
        self.directions = 2 if r['bidirectional'] else 1
        self.embedding = nn.Embedding(vocab_size, dim, padding_idx=PAD_ID)
        self.rnn = make_recurrent(r, dim)
        self.pooling = model_spec.get('pooling') or 'last'
        self.dropout = nn.Dropout(model_spec.get('headDropout') or 0.0)
        self.head = nn.Linear(self.directions * r['hiddenSize'], num_classes)

    def forward(self, ids, lengths=None):
        """ids [N, L] (right-padded with 0), lengths [N] → logits [N, C]."""
        lengths = lengths_of(ids) if lengths is None else lengths
        output, _ = run_packed(self.rnn, self.embedding(ids), lengths)
        pooled = pool_over_time(output, lengths, self.pooling, self.directions)
        return self.head(self.dropout(pooled))


# ---------------------------------------------------------------------------------------------
# forecast: windows [N, L, F] → recurrent → top layer's h_n → dropout (‖ known-future values) → linear H (core/tasks/forecast/model.ts)
# ---------------------------------------------------------------------------------------------

class Forecaster(nn.Module):
    def __init__(self, model_spec, features, horizon, known=0):
        super().__init__()
        r = model_spec['recurrent']
        self.layers, self.directions, self.hidden = r['numLayers'], 2 if r['bidirectional'] else 1, r['hiddenSize']
        self.known = known
        self.rnn = make_recurrent(r, features)
        self.dropout = nn.Dropout(model_spec.get('headDropout') or 0.0)
        self.head = nn.Linear(self.directions * self.hidden + horizon * known, horizon)

    def forward(self, x, future=None):
        """Model inputs x [N, L, F] (and, with known-future columns, their scaled values at the H steps [N, H·K]) →
        predictions [N, H] in the target mode's units (levels, changes from the last value, or window-normalised)."""
        _, state = self.rnn(x)
        h = state[0] if isinstance(state, tuple) else state
        N = x.shape[0]
        last = self.dropout(h[(self.layers - 1) * self.directions:].permute(1, 0, 2).reshape(N, self.directions * self.hidden))
        if self.known:
            last = torch.cat([last, future.reshape(N, -1)], 1)
        return self.head(last)


class Scaler:
    """The forecast scaler of a task state: x' = (x − offset) / scale per column."""

    def __init__(self, state):
        self.offset = torch.tensor(state['offset'], dtype=torch.float64)
        self.scale = torch.tensor(state['scale'], dtype=torch.float64)

    def apply(self, rows):
        """[L, F] rows in original units → float32 scaled."""
        return ((torch.as_tensor(rows, dtype=torch.float64) - self.offset) / self.scale).to(torch.float32)

    def invert_target(self, values):
        """Scaled target values → original units (the target is column 0)."""
        return values.to(torch.float64) * self.scale[0] + self.offset[0]


# ---------------------------------------------------------------------------------------------
# tag: embedding → (bi)recurrent → dropout → per-token linear (core/tasks/tag/model.ts)
# ---------------------------------------------------------------------------------------------

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
        self.input_dropout = nn.Dropout(model_spec.get('inputDropout') or 0.0)
        self.rnn = make_recurrent(r, dim + 2 * self.char_hidden)
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
        output, _ = run_packed(self.rnn, self.input_dropout(x), lengths)
        return self.head(self.dropout(output))


# ---------------------------------------------------------------------------------------------
# generate: embedding → unidirectional recurrent → dropout → linear over the vocabulary (core/tasks/generate/model.ts)
# ---------------------------------------------------------------------------------------------

class LanguageModel(nn.Module):
    def __init__(self, model_spec, vocab_size):
        super().__init__()
        r = model_spec['recurrent']
        dim = model_spec.get('embeddingDim') or 64
        self.embedding = nn.Embedding(vocab_size, dim, padding_idx=PAD_ID)
        self.rnn = make_recurrent(r, dim)
        self.dropout = nn.Dropout(model_spec.get('headDropout') or 0.0)
        self.head = nn.Linear(r['hiddenSize'], vocab_size)

    def forward(self, ids, lengths=None):
        """ids [N, L] (<bos> t1 …, right-padded with 0), lengths [N] → next-token logits [N, L, V]."""
        lengths = lengths_of(ids) if lengths is None else lengths
        output, _ = run_packed(self.rnn, self.embedding(ids), lengths)
        return self.head(self.dropout(output))

    def step(self, ids, state=None):
        """One sequence ids [1, L] from state (zeros when None) → logits of the last step [V] and the state after it."""
        output, state = self.rnn(self.embedding(ids), state)
        return self.head(self.dropout(output[0, -1])), state


# ---------------------------------------------------------------------------------------------
# seq2seq: encoder → bridge → (attentional) decoder (core/tasks/seq2seq/model.ts)
# ---------------------------------------------------------------------------------------------

class Attention(nn.Module):
    """Luong 'general' (score = qᵀ·W·k) or Bahdanau additive (score = vᵀ tanh(W_q q + W_k k + b)) with a padding mask."""

    def __init__(self, kind, query_dim, key_dim):
        super().__init__()
        self.kind = kind
        if kind == 'general':
            self.linear = nn.Linear(query_dim, key_dim, bias=False)
        else:
            self.query_proj = nn.Linear(query_dim, query_dim, bias=False)
            self.key_proj = nn.Linear(key_dim, query_dim)
            self.v = nn.Linear(query_dim, 1, bias=False)

    def forward(self, query, keys, pad):
        """query [N, T, D_q], keys [N, S, D_k], pad [N, S] (True at padding) → context [N, T, D_k], weights [N, T, S]."""
        if self.kind == 'general':
            scores = torch.bmm(self.linear(query), keys.transpose(1, 2))
        else:
            hidden = torch.tanh(self.query_proj(query).unsqueeze(2) + self.key_proj(keys).unsqueeze(1))
            scores = self.v(hidden).squeeze(3)
        scores = scores.masked_fill(pad.unsqueeze(1), float('-inf'))
        weights = torch.softmax(scores, dim=2)
        return torch.bmm(weights, keys), weights


class Seq2seq(nn.Module):
    def __init__(self, model_spec, src_vocab, tgt_vocab):
        super().__init__()
        enc = model_spec['recurrent']
        dec = model_spec.get('decoder') or dict(enc, bidirectional=False)
        self.enc_spec, self.dec_spec = enc, dec
        self.kind = model_spec.get('attention') or 'luong'
        E = model_spec.get('embeddingDim') or 128
        D = 2 if enc['bidirectional'] else 1
        enc_width = D * enc['hiddenSize']
        Hd = dec['hiddenSize']
        self.src_embedding = nn.Embedding(src_vocab, E, padding_idx=PAD_ID)
        self.encoder = make_recurrent(enc, E)
        self.bridge_h = None
        self.bridge_c = None
        if D != 1 or enc_width != Hd:
            self.bridge_h = nn.Linear(enc_width, Hd)
            if enc['cell'] == 'lstm' and dec['cell'] == 'lstm':
                self.bridge_c = nn.Linear(enc_width, Hd)
        self.tgt_embedding = nn.Embedding(tgt_vocab, E, padding_idx=PAD_ID)
        self.decoder = make_recurrent(dec, E + enc_width if self.kind == 'bahdanau' else E)
        if self.kind != 'none':
            self.attention = Attention('general' if self.kind == 'luong' else 'bahdanau', Hd, enc_width)
            self.combine = nn.Linear(Hd + enc_width, Hd)
        self.dropout = nn.Dropout(model_spec.get('headDropout') or 0.0)
        self.out = nn.Linear(Hd, tgt_vocab)

    def encode(self, src, lengths=None):
        """src [N, S] → memory (outputs [N, S, D·H_enc], pad mask [N, S]) and the decoder's initial state (h, c|None)."""
        lengths = lengths_of(src) if lengths is None else lengths
        outputs, state = run_packed(self.encoder, self.src_embedding(src), lengths)
        h, c = state if isinstance(state, tuple) else (state, None)
        pad = torch.arange(src.shape[1], device=src.device).view(1, -1) >= lengths.to(src.device).view(-1, 1)
        return (outputs, pad), self._bridge(h, c)

    def _bridge(self, h, c):
        decoder_lstm = self.dec_spec['cell'] == 'lstm'
        if self.bridge_h is None:
            return h, (c if decoder_lstm else None)
        L = self.enc_spec['numLayers']
        D = 2 if self.enc_spec['bidirectional'] else 1
        N, He = h.shape[1], h.shape[2]

        def joined(t):
            return t.reshape(L, D, N, He).permute(0, 2, 1, 3).reshape(L, N, D * He)

        h0 = torch.tanh(self.bridge_h(joined(h)))
        c0 = self.bridge_c(joined(c)) if self.bridge_c is not None and c is not None else None
        return h0, (c0 if decoder_lstm else None)

    def _run_decoder(self, x, state):
        h, c = state
        if self.dec_spec['cell'] == 'lstm':
            # NOTE: an LSTM decoder after a GRU/RNN encoder starts from c₀ = 0 (the class comment of core/tasks/seq2seq/model.ts).
            out, (h, c) = self.decoder(x, (h, c if c is not None else torch.zeros_like(h)))
            return out, (h, c)
        out, h = self.decoder(x, h)
        return out, (h, None)

    def decode(self, tgt_in, state, memory):
        """Teacher forcing (or one step when T = 1): tgt_in [N, T] → logits [N, T, V_tgt] and the state after the last step."""
        emb = self.tgt_embedding(tgt_in)
        if self.kind != 'bahdanau':
            out, state = self._run_decoder(emb, state)
            if self.kind == 'none':
                return self.out(self.dropout(out)), state
            context, _ = self.attention(out, memory[0], memory[1])
            return self._combine(out, context), state
        steps = []
        for t in range(tgt_in.shape[1]):
            query = state[0][-1].unsqueeze(1)
            context, _ = self.attention(query, memory[0], memory[1])
            out, state = self._run_decoder(torch.cat([emb[:, t:t + 1], context], dim=2), state)
            steps.append(self._combine(out, context))
        return torch.cat(steps, dim=1), state

    def _combine(self, out, context):
        return self.out(self.dropout(torch.tanh(self.combine(torch.cat([out, context], dim=2)))))

    def forward(self, src, tgt_in, src_lengths=None):
        """src [N, S], tgt_in [N, T] (<bos> y…) → logits [N, T, V_tgt] under teacher forcing."""
        memory, state = self.encode(src, src_lengths)
        return self.decode(tgt_in, state, memory)[0]


TASK_MODULES = {'classify': Classifier, 'forecast': Forecaster, 'tag': Tagger, 'seq2seq': Seq2seq, 'generate': LanguageModel}


# ---------------------------------------------------------------------------------------------
# Building and loading
# ---------------------------------------------------------------------------------------------

def read_config(folder):
    """config.json with every {"$file": "vocab….json"} reference replaced by that file's content."""
    with open(os.path.join(folder, 'config.json'), encoding='utf-8') as f:
        config = json.load(f)
    state = {}
    for key, value in config['taskState'].items():
        if isinstance(value, dict) and isinstance(value.get('$file'), str):
            with open(os.path.join(folder, value['$file']), encoding='utf-8') as f:
                value = json.load(f)
        state[key] = value
    config['taskState'] = state
    return config


def build_model(spec, state):
    """A freshly initialised module for a RunSpec and task state (sizes come from the state's vocabularies/classes)."""
    task = spec['task']
    m = spec['model']
    if task == 'classify':
        return Classifier(m, len(state['vocab']), len(state['classes']))
    if task == 'seq2seq':
        return Seq2seq(m, len(state['srcVocab']), len(state['tgtVocab']))
    if task == 'forecast':
        return Forecaster(m, len(state['columns']), state['horizon'], len(state.get('knownFuture') or []))
    if task == 'tag':
        return Tagger(m, len(state['vocab']), len(state['tags']), len(state.get('charVocab') or []))
    if task == 'generate':
        return LanguageModel(m, len(state['vocab']))
    raise ValueError(f"model.py: the task must be one of {sorted(TASK_MODULES)}, got '{task}'.")


def load_weights(path):
    """name → float32 tensor from a safetensors file (the safetensors package if installed, else safetensors_lite)."""
    try:
        from safetensors.torch import load_file
    except ImportError:
        from safetensors_lite import load_file
    return load_file(path)


def load(folder='.'):
    """(module in eval mode with the exported weights, config) from an export folder."""
    config = read_config(folder)
    net = build_model(config['spec'], config['taskState'])
    net.load_state_dict(load_weights(os.path.join(folder, 'model.safetensors')), strict=True)
    net.eval()
    return net, config


def pad_batch(sequences, pad=PAD_ID):
    """Right-pads id lists into a LongTensor [N, L] and their lengths [N]."""
    L = max(len(s) for s in sequences)
    ids = torch.full((len(sequences), L), pad, dtype=torch.long)
    for n, s in enumerate(sequences):
        ids[n, :len(s)] = torch.tensor(s, dtype=torch.long)
    return ids, torch.tensor([len(s) for s in sequences], dtype=torch.long)
