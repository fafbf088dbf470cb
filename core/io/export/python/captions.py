"""RNN Studio export: a captioning folder (or .zip) as core/data/captions reads it — its files listed, the captions file found and parsed (CSV/TSV `image,caption`, Flickr8k `image#n<TAB>caption`, COCO captions JSON), each caption matched to its image, the split file or the seeded split by image; no torch needed."""
import csv
import io
import json
import os
import re
import zipfile

from data import random_split
from tokenization import JS_WHITESPACE

IMAGE_EXTENSIONS = re.compile(r'\.(jpe?g|png)$', re.I)
_TEXT_FILE = re.compile(r'\.(txt|csv|tsv|json|token)$', re.I)
_NOT_CAPTIONS = re.compile(r'(^|/)(readme|provenance|licen[cs]e|notes?)[^/]*$|\.sha\d+$', re.I)
_SPLIT_FILE = re.compile(r'split[^/]*\.(tsv|csv|txt)$', re.I)
_CAPTIONS_NAME = re.compile(r'caption|token|annotation', re.I)
_FLICKR_LINE = re.compile(r'^[^\t#]+#\d+\t')
_IMAGE_HEADERS = {'image', 'image_name', 'image_id', 'file', 'file_name', 'filename', 'path'}
_CAPTION_HEADERS = {'caption', 'captions', 'text', 'comment', 'sentence', 'description'}
_PARTS = {'train': 'train', 'none': 'train', 'dev': 'val', 'val': 'val', 'valid': 'val', 'validation': 'val', 'test': 'test'}


class ImageFolder:
    """A folder's files as '/'-separated relative paths (hidden files and symbolic links skipped, each
    directory's names sorted, as node/images/directoryImageFolder.ts lists them) or a zip's entries in
    its order (directories, __MACOSX/ and ._ files left out, as core's zipImageFolder); read(path) → bytes."""

    def __init__(self, path):
        self.name = os.path.basename(os.path.normpath(path))
        self.root = path
        self.zip = None
        if os.path.isfile(path) and zipfile.is_zipfile(path):
            self.zip = zipfile.ZipFile(path)
            self.paths = [n for n in self.zip.namelist()
                          if not n.endswith('/') and not n.startswith('__MACOSX/') and not n.rsplit('/', 1)[-1].startswith('._')]
        elif os.path.isdir(path):
            self.paths = []
            self._list('')
        else:
            raise ValueError(f"captions.py: '{path}' must be a folder or .zip of images with a captions file.")

    def _list(self, relative):
        with os.scandir(os.path.join(self.root, relative)) as it:
            entries = sorted(it, key=lambda e: e.name)
        for e in entries:
            if e.name.startswith('.'):
                continue
            path = e.name if relative == '' else f'{relative}/{e.name}'
            if e.is_dir(follow_symlinks=False):
                self._list(path)
            elif e.is_file(follow_symlinks=False):
                self.paths.append(path)

    def read(self, path):
        if self.zip is not None:
            return self.zip.read(path)
        with open(os.path.join(self.root, *path.split('/')), 'rb') as f:
            return f.read()


def decode_text(raw):
    """A text file's bytes as the app decodes them: UTF-8 (with or without BOM), UTF-16 with a BOM, else CP949."""
    if raw.startswith(b'\xff\xfe') or raw.startswith(b'\xfe\xff'):
        return raw.decode('utf-16')
    try:
        return raw.decode('utf-8-sig')
    except UnicodeDecodeError:
        return raw.decode('cp949')


def _base(path):
    return path.rsplit('/', 1)[-1]


def find_captions_file(folder):
    """The folder's only text file (READMEs, licences, checksums and split files aside), or the only one named like captions."""
    texts = [p for p in folder.paths if _TEXT_FILE.search(p) and not _NOT_CAPTIONS.search(p) and not _SPLIT_FILE.search(p)]
    named = [p for p in texts if _CAPTIONS_NAME.search(_base(p))]
    chosen = texts if len(texts) == 1 else named
    if len(chosen) == 1:
        return chosen[0]
    if not texts:
        raise ValueError(f"'{folder.name}': no captions file found; add a CSV/TSV (image,caption), a Flickr8k captions file or COCO captions JSON.")
    names = ', '.join(f"'{p}'" for p in (chosen or texts))
    raise ValueError(f"'{folder.name}': several files could hold the captions ({names}); keep one, or name it 'captions.txt'.")


def detect_format(text):
    """'coco', 'flickr8k', 'tsv' or 'csv' from the first non-blank character and line (detectCaptionsFormat)."""
    body = text.lstrip(JS_WHITESPACE)
    if body.startswith('{'):
        return 'coco'
    first = re.split(r'\r?\n', body, maxsplit=1)[0]
    if _FLICKR_LINE.match(first):
        return 'flickr8k'
    return 'tsv' if '\t' in first else 'csv'


def _row(file_name, image, caption, where):
    name, text = image.strip(JS_WHITESPACE), caption.strip(JS_WHITESPACE)
    if name == '':
        raise ValueError(f"Captions file '{file_name}', {where}: the image name is empty; name an image file.")
    if text == '':
        raise ValueError(f"Captions file '{file_name}', {where}: the caption of '{name}' is empty; write one or remove the row.")
    return name, text, where


def _flickr_rows(text, file_name):
    rows = []
    for i, line in enumerate(re.split(r'\r?\n', text)):
        if line.strip(JS_WHITESPACE) == '':
            continue
        tab = line.find('\t')
        if tab < 0:
            raise ValueError(f"Captions file '{file_name}', line {i + 1}: the line must be <image>#<n><TAB><caption>, got no tab.")
        key = line[:tab]
        hash_at = key.rfind('#')
        rows.append(_row(file_name, key if hash_at < 0 else key[:hash_at], line[tab + 1:], f'line {i + 1}'))
    return rows


def _delimited_rows(text, file_name, delimiter):
    records = []
    reader = csv.reader(io.StringIO(text, newline=''), delimiter=delimiter, quotechar='"')
    for fields in reader:
        if any(f.strip(JS_WHITESPACE) != '' for f in fields):
            records.append((fields, reader.line_num))
    if not records:
        return []
    image_col, caption_col, start = 0, 1, 0
    first, line = records[0]
    if not IMAGE_EXTENSIONS.search((first[0] if first else '').strip(JS_WHITESPACE)):
        names = [f.strip(JS_WHITESPACE).lower() for f in first]
        image_col = next((i for i, n in enumerate(names) if n in _IMAGE_HEADERS), -1)
        caption_col = next((i for i, n in enumerate(names) if n in _CAPTION_HEADERS), -1)
        if image_col < 0 or caption_col < 0:
            shown = ('\\t' if delimiter == '\t' else ',').join(first)
            raise ValueError(f"Captions file '{file_name}', line {line}: the header must name an image column and a caption column (e.g. 'image,caption'), got '{shown}'.")
        start = 1
    rows = []
    for fields, line in records[start:]:
        if len(fields) <= max(image_col, caption_col):
            raise ValueError(f"Captions file '{file_name}', line {line}: the row must have an image and a caption, got {len(fields)} field{'' if len(fields) == 1 else 's'}.")
        rows.append(_row(file_name, fields[image_col], fields[caption_col], f'line {line}'))
    return rows


def _coco_rows(text, file_name):
    try:
        data = json.loads(text)
    except ValueError as e:
        raise ValueError(f"Captions file '{file_name}': the file must be COCO captions JSON, got an error: {e}.")
    images, annotations = (data or {}).get('images'), (data or {}).get('annotations')
    if not isinstance(images, list) or not isinstance(annotations, list):
        raise ValueError(f"Captions file '{file_name}': COCO captions JSON must have the arrays 'images' and 'annotations'.")
    names = {}
    for i, image in enumerate(images):
        if not isinstance(image, dict) or not isinstance(image.get('id'), (int, float, str)) or not isinstance(image.get('file_name'), str):
            raise ValueError(f"Captions file '{file_name}', images[{i}]: each image must have an 'id' and a 'file_name'.")
        names[image['id']] = image['file_name']
    rows = []
    for i, a in enumerate(annotations):
        where = f'annotations[{i}]'
        a = a if isinstance(a, dict) else {}
        image_id = a.get('image_id')
        if not isinstance(image_id, (int, float, str)) or image_id not in names:
            raise ValueError(f"Captions file '{file_name}', {where}: the image_id '{a.get('image_id')}' must be the id of an entry in 'images'.")
        if not isinstance(a.get('caption'), str):
            raise ValueError(f"Captions file '{file_name}', {where}: the annotation must have a 'caption' string.")
        rows.append(_row(file_name, names[a['image_id']], a['caption'], where))
    return rows


def parse_captions_file(text, file_name):
    """(format, [(image, caption, where)…]) of a captions file, as core's parseCaptionsFile."""
    body = text[1:] if text.startswith('\ufeff') else text
    if body.strip(JS_WHITESPACE) == '':
        raise ValueError(f"Captions file '{file_name}': the file is empty; it must list images with their captions.")
    fmt = detect_format(body)
    if fmt == 'coco':
        rows = _coco_rows(body, file_name)
    elif fmt == 'flickr8k':
        rows = _flickr_rows(body, file_name)
    else:
        rows = _delimited_rows(body, file_name, '\t' if fmt == 'tsv' else ',')
    if not rows:
        raise ValueError(f"Captions file '{file_name}': the file has no captions; it must list images with their captions.")
    return fmt, rows


def _resolver(folder, captions_file):
    """Finds a caption's image: beside the captions file, as written, under images/ beside it, or by a file name only one image has."""
    images = [p for p in folder.paths if IMAGE_EXTENSIONS.search(p)]
    known = set(images)
    by_base = {}
    for p in images:
        by_base[_base(p)] = None if _base(p) in by_base else p
    slash = captions_file.rfind('/')
    folder_of = '' if slash < 0 else captions_file[:slash + 1]

    def resolve(name):
        clean = name.replace('\\', '/')
        clean = clean[2:] if clean.startswith('./') else clean
        for candidate in (f'{folder_of}{clean}', clean, f'{folder_of}images/{clean}'):
            if candidate in known:
                return candidate
        return by_base.get(_base(clean))
    return resolve


def _split_parts(text, file_name, images, resolve):
    position = {p: i for i, p in enumerate(images)}
    parts = ['train'] * len(images)
    for i, line in enumerate(re.split(r'\r?\n', text)):
        fields = [f.strip(JS_WHITESPACE) for f in re.split(r'[\t,]', line)]
        name = fields[0] if fields else ''
        part = fields[1] if len(fields) > 1 else ''
        if name == '' or (i == 0 and part.lower() == 'split'):
            continue
        if part.lower() not in _PARTS:
            raise ValueError(f"Split file '{file_name}', line {i + 1}: the split must be train, dev, val, test or none, got '{part}'.")
        at = position.get(resolve(name))
        if at is not None:
            parts[at] = _PARTS[part.lower()]
    return parts


class CaptionDataset:
    """Images in the order the captions file first names them, each with its captions, and the split file's parts (or None)."""

    def __init__(self, path):
        self.folder = ImageFolder(path)
        self.captions_file = find_captions_file(self.folder)
        self.format, rows = parse_captions_file(decode_text(self.folder.read(self.captions_file)), self.captions_file)
        resolve = _resolver(self.folder, self.captions_file)
        index, self.images, self.captions = {}, [], []
        for image, caption, where in rows:
            found = resolve(image)
            if found is None:
                raise ValueError(f"Captions file '{self.captions_file}', {where}: the image '{image}' is not in '{self.folder.name}'; add the image or remove its captions.")
            if found not in index:
                index[found] = len(self.images)
                self.images.append(found)
                self.captions.append([])
            self.captions[index[found]].append(caption)
        split_file = next((p for p in self.folder.paths if _SPLIT_FILE.search(p)), None)
        self.official_split = None if split_file is None else _split_parts(
            decode_text(self.folder.read(split_file)), split_file, self.images, resolve)

    def split(self, val_fraction, test_fraction, seed):
        """Image indices per part: the split file's when the folder has one, else the app's seeded shuffle (splitByImage)."""
        if self.official_split is None:
            return random_split(len(self.images), val_fraction, test_fraction, seed)
        out = {'train': [], 'val': [], 'test': []}
        for i, part in enumerate(self.official_split):
            out[part].append(i)
        return out
