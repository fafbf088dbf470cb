"""RNN Studio export, seq2seq (core/tasks/seq2seq): encoder → bridge → (attentional) decoder; source + target columns with a tokenizer per side; beam search as the app decodes."""
import torch
import torch.nn.functional as F
from torch import nn

import data as D
from layers import lengths_of, make_recurrent, pad_batch, run_packed
from tokenization import BOS_ID, EOS_ID, JS_WHITESPACE, PAD_ID, UNK_ID, Tokenizer, Vocab


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


class RecurrentDecoder:
    """The decoder half seq2seq and caption share (core/tasks/seq2seq/model.ts decodeWithParts): the owner sets
    kind ('none' | 'luong' | 'bahdanau'), dec_spec, tgt_embedding, decoder, attention and combine (with
    attention), dropout and out."""

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


class Seq2seq(RecurrentDecoder, nn.Module):
    """core/tasks/seq2seq/model.ts in PyTorch: encoder → bridge → decoder with Luong, Bahdanau or no attention → linear over the target vocabulary."""

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

    def forward(self, src, tgt_in, src_lengths=None):
        """src [N, S], tgt_in [N, T] (<bos> y…) → logits [N, T, V_tgt] under teacher forcing."""
        memory, state = self.encode(src, src_lengths)
        return self.decode(tgt_in, state, memory)[0]


def build(model_spec, state):
    """A freshly initialised Seq2seq for the state's source and target vocabularies."""
    return Seq2seq(model_spec, len(state['srcVocab']), len(state['tgtVocab']))


def _mostly_korean(texts):
    hangul = letters = 0
    for text in texts[:2000]:
        for ch in text:
            cp = ord(ch)
            if 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F or 0xAC00 <= cp <= 0xD7A3:
                hangul += 1
            if ch.isalpha():
                letters += 1
    return letters > 0 and hangul / letters > 0.5


def _side_tokenizer(spec, texts):
    if _mostly_korean(texts):
        return Tokenizer({'kind': 'char', 'lowercase': False})
    return D.fit_tokenizer(spec, texts, 'word', (spec['data'].get('tokenizer') or 'word') != 'char')


def _encode_side(text, tokenizer, vocab, max_length):
    ids = vocab.encode(tokenizer(text)[:max_length])
    return ids or [UNK_ID]


class Seq2seqTask:
    kind = 'seq2seq'

    def __init__(self, spec, path, state=None, hints=None):
        """As task_classify.ClassifyTask: pairs read, split, tokenizers and vocabularies fitted on the training part unless `state` is given."""
        known = state or hints or {}
        src_col = spec['data'].get('sourceColumn') or known.get('sourceColumn')
        tgt_col = spec['data'].get('targetColumn') or known.get('targetColumn')
        columns, rows = D.read_table(path, (src_col, tgt_col), spec['data'].get('reading'))
        pairs = [(s.strip(JS_WHITESPACE), t.strip(JS_WHITESPACE)) for s, t in zip(D.column(columns, rows, src_col, path), D.column(columns, rows, tgt_col, path))
                 if s.strip(JS_WHITESPACE) != '' and t.strip(JS_WHITESPACE) != '']
        split = D.split_by_spec(spec, len(pairs))
        train = D.pick(pairs, split['train'])
        max_length = spec['data'].get('maxLength') or 30
        if state is None:
            src_tok = _side_tokenizer(spec, [p[0] for p in train])
            tgt_tok = _side_tokenizer(spec, [p[1] for p in train])
            counts, best, best_count = {}, '', 0
            for _, t in train:
                counts[t] = counts.get(t, 0) + 1
                if counts[t] > best_count:
                    best, best_count = t, counts[t]
            state = {'kind': 'seq2seq', 'sourceColumn': src_col, 'targetColumn': tgt_col,
                     'srcTokenizer': src_tok.to_json(), 'tgtTokenizer': tgt_tok.to_json(),
                     'srcVocab': D.fit_vocab(spec, [src_tok(p[0])[:max_length] for p in train]).tokens,
                     'tgtVocab': D.fit_vocab(spec, [tgt_tok(p[1])[:max_length] for p in train]).tokens,
                     'maxLength': max_length, 'bleuTokenize': 'char' if tgt_tok.kind == 'char' else '13a',
                     'lowercase': tgt_tok.lowercase, 'constantAnswer': best}
        self.state = state
        st, tt = Tokenizer(state['srcTokenizer']), Tokenizer(state['tgtTokenizer'])
        sv, tv = Vocab(state['srcVocab']), Vocab(state['tgtVocab'])
        L = state['maxLength']
        self.parts = {name: [(_encode_side(s, st, sv, L), tv.encode(tt(t)[:L])) for s, t in D.pick(pairs, idx)]
                      for name, idx in split.items()}

    @staticmethod
    def collate(examples):
        src, lengths = pad_batch([e[0] for e in examples])
        tgt_in, _ = pad_batch([[BOS_ID] + e[1] for e in examples])
        tgt_out, _ = pad_batch([e[1] + [EOS_ID] for e in examples])
        return {'src': src, 'lengths': lengths, 'tgt_in': tgt_in, 'tgt_out': tgt_out}

    def loss(self, net, batch, reduction='mean'):
        logits = net(batch['src'], batch['tgt_in'], batch['lengths'])
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), batch['tgt_out'].reshape(-1),
                               ignore_index=PAD_ID, reduction=reduction)
        return loss, int((batch['tgt_out'] != PAD_ID).sum())


def beam_search(net, src, beam_size, length_penalty, max_length):
    """Beam search for one source row as the app runs it (core/tasks/seq2seq/decode.ts): src is what net.encode
    takes (a sentence [1, S]; the captioner's image [1, 3, S, S])."""
    K, alpha = beam_size, length_penalty
    norm = lambda lp, n: lp / n ** alpha
    with torch.no_grad():
        (keys, pad), state = net.encode(src)
        beams = [([], 0.0)]
        finished = []
        for _ in range(max_length):
            if not beams or len(finished) >= K:
                break
            prev = torch.tensor([[b[0][-1] if b[0] else BOS_ID] for b in beams])
            B = len(beams)
            logits, new_state = net.decode(prev, state, (keys, pad))
            lp = torch.log_softmax(logits[:, 0].double(), dim=-1)
            candidates = []
            for b in range(B):
                row = lp[b].tolist()
                order = sorted(range(len(row)), key=lambda v: (-row[v], v))[:2 * K]
                candidates.extend((b, v, beams[b][1] + row[v]) for v in order)
            candidates.sort(key=lambda c: (-c[2], c[0], c[1]))
            nxt, src_rows = [], []
            for b, v, logp in candidates:
                if len(nxt) >= K or len(finished) >= K:
                    break
                ids = beams[b][0]
                if v == EOS_ID:
                    finished.append({'ids': list(ids), 'logProb': logp, 'score': norm(logp, len(ids) + 1)})
                else:
                    nxt.append((ids + [v], logp))
                    src_rows.append(b)
            if not nxt:
                break
            index = torch.tensor(src_rows)
            h, c = new_state
            state = (h.index_select(1, index), None if c is None else c.index_select(1, index))
            keys, pad = keys.index_select(0, index), pad.index_select(0, index)
            beams = nxt
        for ids, logp in beams[:max(0, K - len(finished))]:
            finished.append({'ids': ids, 'logProb': logp, 'score': norm(logp, max(1, len(ids)))})
        return sorted(finished, key=lambda h: -h['score'])


def predict(net, state, text, options):
    if text.strip(JS_WHITESPACE) == '':
        raise ValueError('seq2seq: predict input.text must be a non-empty string, got none.')
    st, tt = Tokenizer(state['srcTokenizer']), Tokenizer(state['tgtTokenizer'])
    src = torch.tensor([_encode_side(text.strip(JS_WHITESPACE), st, Vocab(state['srcVocab']), state['maxLength'])])
    hyps = beam_search(net, src, options.get('beam_size') or 4, options.get('length_penalty', 1.0),
                       options.get('max_tokens') or state['maxLength'])
    tv = Vocab(state['tgtVocab'])
    candidates = [{'text': tt.detokenize(tv.decode(h['ids'])), 'score': h['score']} for h in hyps]
    return {'kind': 'seq2seq', 'text': candidates[0]['text'] if candidates else '', 'candidates': candidates}


def describe(p):
    return p['text']
