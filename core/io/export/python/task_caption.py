"""RNN Studio export, caption (core/tasks/caption): a CNN encoder (the small CNN as nn.Sequential, or torchvision's resnet18) whose feature map starts seq2seq's recurrent decoder (Show and Tell) or is attended over (Show, Attend and Tell); images read and transformed as the app does; beam search as the app decodes."""
import math

import torch
import torch.nn.functional as F
from torch import nn

import data as D
from captions import CaptionDataset
from layers import make_recurrent, pad_batch
from task_seq2seq import Attention, RecurrentDecoder, beam_search
from tokenization import BOS_ID, EOS_ID, PAD_ID, Tokenizer, Vocab

# core/tasks/caption/describe.ts DEFAULT_IMAGE_ENCODER and DEFAULT_MAX_LENGTH; captionSplits.ts CAPTION_TOKENIZER.
DEFAULT_IMAGE = {'backbone': 'cnn', 'freeze': False, 'imageSize': 32, 'width': 16, 'blocks': 3}
DEFAULT_MAX_LENGTH = 20
CAPTION_TOKENIZER = {'kind': 'word', 'lowercase': True}
# torchvision's ImageNet normalisation (core/data/captions/imageTransform.ts).
IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]


def image_spec(model_spec):
    return model_spec.get('image') or DEFAULT_IMAGE


def feature_grid(image):
    """(channels C, side h = w) of the encoder's feature map for image × image inputs (encoder.ts featureGrid)."""
    S = image['imageSize']
    if image['backbone'] == 'resnet18':
        side = (S + 2 * 3 - 7) // 2 + 1
        for _ in range(4):
            side = (side + 2 - 3) // 2 + 1
        return 512, side
    blocks = image.get('blocks') or 3
    return (image.get('width') or 16) * 2 ** (blocks - 1), S // 2 ** blocks


def transform_for(image):
    """How an image becomes the encoder's input: resnet18 as ImageNet (Resize(S·256/224), CenterCrop(S)), the small CNN Resize(S), CenterCrop(S)."""
    S = image['imageSize']
    # NOTE: JavaScript's Math.round (half up), as imageTransformFor rounds.
    return {'resize': math.floor(S * 256 / 224 + 0.5), 'crop': S} if image['backbone'] == 'resnet18' else {'resize': S, 'crop': S}


def image_tensor(raw, transform, name='image'):
    """[3, crop, crop] float32 from a JPEG or PNG file's bytes: torchvision 0.14's
    Normalize(ImageNet)(ConvertImageDtype(float32)(CenterCrop(crop)(Resize(resize, antialias=True)(decode_image(bytes, RGB))))),
    the pipeline core/data/captions/imageTransform.ts reproduces (docs/data-import.md states it step by step)."""
    from torchvision import transforms as T
    from torchvision.io import ImageReadMode, decode_image
    try:
        img = decode_image(torch.frombuffer(bytearray(raw), dtype=torch.uint8), ImageReadMode.RGB)
    except (RuntimeError, ValueError) as e:
        raise ValueError(f"Image '{name}' cannot be read ({str(e).strip().rstrip('.')}); give a JPEG or PNG file.")
    pipeline = T.Compose([T.Resize(transform['resize'], antialias=True), T.CenterCrop(transform['crop']),
                          T.ConvertImageDtype(torch.float32), T.Normalize(IMAGENET_MEAN, IMAGENET_STD)])
    return pipeline(img)


def read_image(path, transform):
    """image_tensor of the file at path."""
    try:
        with open(path, 'rb') as f:
            raw = f.read()
    except OSError as e:
        raise ValueError(f"Image '{path}' cannot be opened ({e.strerror}); give a JPEG or PNG file.")
    return image_tensor(raw, transform, path)


def small_cnn(image):
    """Per block Conv2d(3×3, padding 1, no bias) → BatchNorm2d → ReLU → MaxPool2d(2), widths doubling (names 0.weight, 1.running_mean, …)."""
    layers, channels = [], 3
    for b in range(image.get('blocks') or 3):
        out = (image.get('width') or 16) * 2 ** b
        layers += [nn.Conv2d(channels, out, 3, padding=1, bias=False), nn.BatchNorm2d(out), nn.ReLU(), nn.MaxPool2d(2)]
        channels = out
    return nn.Sequential(*layers)


def build_encoder(image):
    if image['backbone'] == 'resnet18':
        from torchvision.models import resnet18
        return resnet18()
    return small_cnn(image)


class Captioner(RecurrentDecoder, nn.Module):
    """core/tasks/caption/model.ts in PyTorch: encoder.* (the CNN), init_h (and init_c for an LSTM) from the mean
    region vector, then seq2seq's decoder (tgt_embedding, decoder, attention + combine, out) over the h·w regions."""

    def __init__(self, model_spec, vocab_size):
        super().__init__()
        self.image = image_spec(model_spec)
        dec = model_spec['recurrent']
        self.dec_spec = dec
        self.kind = model_spec.get('attention') or 'none'
        E = model_spec.get('embeddingDim') or 128
        C, self.side = feature_grid(self.image)
        self.channels = C
        Hd, L = dec['hiddenSize'], dec['numLayers']
        self.encoder = build_encoder(self.image)
        if self.image.get('freeze'):
            for p in self.encoder.parameters():
                p.requires_grad_(False)
        self.init_h = nn.Linear(C, L * Hd)
        self.init_c = nn.Linear(C, L * Hd) if dec['cell'] == 'lstm' else None
        self.tgt_embedding = nn.Embedding(vocab_size, E, padding_idx=PAD_ID)
        self.decoder = make_recurrent(dec, E + C if self.kind == 'bahdanau' else E)
        if self.kind != 'none':
            self.attention = Attention('general' if self.kind == 'luong' else 'bahdanau', Hd, C)
            self.combine = nn.Linear(Hd + C, Hd)
        self.dropout = nn.Dropout(model_spec.get('headDropout') or 0.0)
        self.feature_dropout = nn.Dropout(self.image.get('featureDropout') or 0.0)
        self.out = nn.Linear(Hd, vocab_size)

    def train(self, mode=True):
        """As nn.Module.train, except a frozen encoder, which stays in eval mode (its BatchNorm statistics fixed)."""
        super().train(mode)
        if mode and self.image.get('freeze'):
            self.encoder.eval()
        return self

    def feature_map(self, images):
        """images [N, 3, S, S] → [N, C, h, w]; zeros (the encoder not run) for the zeroImage ablation."""
        if self.image.get('zeroImage'):
            return images.new_zeros(images.shape[0], self.channels, self.side, self.side)
        if self.image['backbone'] != 'resnet18':
            return self.encoder(images)
        e = self.encoder
        x = e.maxpool(e.relu(e.bn1(e.conv1(images))))
        return e.layer4(e.layer3(e.layer2(e.layer1(x))))

    def start(self, features, rows=None):
        """features [B, C, h, w] (rows: the image of each decoded row) → memory (regions [N, h·w, C], no padding)
        and the decoder's initial state h₀ = tanh(init_h(ā)), c₀ = init_c(ā) per layer."""
        B, C, h, w = features.shape
        regions = features.reshape(B, C, h * w).permute(0, 2, 1)
        if rows is not None:
            regions = regions.index_select(0, rows)
        regions = self.feature_dropout(regions)
        mean = regions.mean(1)
        N, L, Hd = regions.shape[0], self.dec_spec['numLayers'], self.dec_spec['hiddenSize']

        def layered(t):
            return t.reshape(N, L, Hd).permute(1, 0, 2).contiguous()

        state = (layered(torch.tanh(self.init_h(mean))), None if self.init_c is None else layered(self.init_c(mean)))
        pad = torch.zeros(N, h * w, dtype=torch.bool, device=features.device)
        return (regions, pad), state

    def encode(self, images, rows=None):
        """images [N, 3, S, S] → (memory, state), what beam_search and decode take."""
        return self.start(self.feature_map(images), rows)

    def forward(self, images, tgt_in, rows=None):
        """images [B, 3, S, S], tgt_in [R, T] (<bos> y…), rows [R] (each caption's image; default one per image) → logits [R, T, V]."""
        memory, state = self.encode(images, rows)
        return self.decode(tgt_in, state, memory)[0]


def build(model_spec, state):
    """A freshly initialised Captioner for the state's vocabulary."""
    return Captioner(model_spec, len(state['vocab']))


def load_backbone(net, weights):
    """Loads a torchvision resnet18 state dict (keys without a prefix) into the encoder; every key must fit."""
    if net.image['backbone'] != 'resnet18':
        raise ValueError(f"caption: backbone weights need model.image.backbone 'resnet18', got '{net.image['backbone']}'.")
    try:
        net.encoder.load_state_dict(weights, strict=True)
    except RuntimeError as e:
        problem = ' '.join(str(e).split())
        raise ValueError(f"caption: the backbone weights must be torchvision's resnet18 state dict; {problem}")


def caption_ids(caption, tokenizer, vocab, max_length):
    """A caption's ids without <bos>/<eos>, cut to max_length tokens (data.ts captionIds)."""
    return vocab.encode(tokenizer(caption)[:max_length])


class CaptionImages:
    """A split's images read on demand (pixels through image_tensor), each with its captions as ids; training
    images mirrored left to right with probability ½ when `flip` (the encoder trains, as the app does)."""

    def __init__(self, folder, items, transform, flip=False):
        self.folder, self.items, self.transform, self.flip = folder, items, transform, flip

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        path, captions = self.items[i]
        pixels = image_tensor(self.folder.read(path), self.transform, path)
        if self.flip and float(torch.rand(())) < 0.5:
            pixels = pixels.flip(-1)
        return pixels, captions


class CaptionTask:
    kind = 'caption'

    def __init__(self, spec, path, state=None, hints=None):
        """The folder (or .zip) read as the app reads it, split by image (its split file, else the app's seeded
        split), the vocabulary fitted on the training images' captions unless `state` is given."""
        dataset = CaptionDataset(path)
        t, d = spec['train'], spec['data']
        split = dataset.split(t['valSplit'], t['testSplit'], t['seed'])
        if not split['train']:
            raise ValueError(f"'{dataset.folder.name}': caption training needs images in the training part, got none; "
                             "lower the validation and test fractions or list training images in the split file.")
        image = image_spec(spec['model'])
        counts = {k: len(v) for k, v in split.items()}
        if state is None:
            tok = Tokenizer(CAPTION_TOKENIZER)
            min_freq = d['minFreq'] if d.get('minFreq') is not None else 2
            lists = [tok(c) for i in split['train'] for c in dataset.captions[i]]
            state = {'kind': 'caption', 'tokenizer': dict(CAPTION_TOKENIZER),
                     'vocab': D.build_vocab(lists, min_freq, d.get('maxVocab')).tokens,
                     'maxLength': d.get('maxLength') or DEFAULT_MAX_LENGTH, 'transform': transform_for(image)}
        self.state = dict(state, images=counts)
        tok, vocab, L = Tokenizer(self.state['tokenizer']), Vocab(self.state['vocab']), self.state['maxLength']
        # NOTE: a frozen or zeroed encoder reads features, never mirrored images (data.ts makeCaptionBatch).
        flip = not image.get('freeze') and not image.get('zeroImage')

        def items(idx):
            return [(dataset.images[i], [ids for ids in (caption_ids(c, tok, vocab, L) for c in dataset.captions[i]) if ids])
                    for i in idx]
        self.parts = {name: CaptionImages(dataset.folder, items(idx), self.state['transform'], flip and name == 'train')
                      for name, idx in split.items()}

    @staticmethod
    def collate(examples):
        """B images with every caption of each: images [B, 3, S, S], rows [R], tgt_in / tgt_out [R, T]."""
        rows, captions = [], []
        for b, (_, caps) in enumerate(examples):
            for ids in caps:
                rows.append(b)
                captions.append(ids)
        tgt_in, _ = pad_batch([[BOS_ID] + c for c in captions])
        tgt_out, _ = pad_batch([c + [EOS_ID] for c in captions])
        return {'images': torch.stack([e[0] for e in examples]), 'rows': torch.tensor(rows, dtype=torch.long),
                'tgt_in': tgt_in, 'tgt_out': tgt_out}

    def loss(self, net, batch, reduction='mean'):
        logits = net(batch['images'], batch['tgt_in'], batch['rows'])
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), batch['tgt_out'].reshape(-1),
                               ignore_index=PAD_ID, reduction=reduction)
        return loss, int((batch['tgt_out'] != PAD_ID).sum())


def predict(net, state, path, options):
    """The beam's captions of the image file at `path` (beam 3, length penalty 1 by default; greedy = beam 1), as the app's predictor."""
    pixels = read_image(path, state['transform']).unsqueeze(0)
    beam_size = 1 if options.get('greedy') else (options.get('beam_size') or 3)
    max_tokens = options.get('max_tokens') or state['maxLength']
    hyps = beam_search(net, pixels, beam_size, options.get('length_penalty', 1.0), max_tokens)
    tok, vocab = Tokenizer(state['tokenizer']), Vocab(state['vocab'])
    candidates = [{'text': tok.detokenize(vocab.decode(h['ids'])), 'score': h['score']} for h in hyps]
    return {'kind': 'caption', 'text': candidates[0]['text'] if candidates else '', 'candidates': candidates}


def describe(p):
    """The best caption, then the beam's others with their scores (as `rnn-studio predict --image`)."""
    return '\n'.join([p['text']] + [f"  also ({c['score']:.3f}): {c['text']}" for c in p['candidates'][1:]])
