"""RNN Studio export: the app's tokenizers (grapheme clusters, Unicode words, BPE) and vocabularies in plain Python, as core/data/tokenizers.ts and vocab.ts do them (no torch needed)."""
import math
import unicodedata

PAD_ID, UNK_ID, BOS_ID, EOS_ID = 0, 1, 2, 3
SPECIAL_TOKENS = ['<pad>', '<unk>', '<bos>', '<eos>']
END_OF_WORD = '</w>'

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


def split_symbols(word):
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
            out.extend(_apply_merges(split_symbols(w), self.ranks))
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
