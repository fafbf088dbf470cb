/** Latin-script words a Korean user may see, each with why it stays as it is: one list for the Korean-mode tests (koreanMode, koreanText, backwardLm), and how those tests find the words the list does not explain. */
import type { Locator } from 'playwright-core';

export const KOREAN_ALLOWED: Record<string, string> = {
  RNN: 'the product name (RNN Studio) and the model family',
  Studio: 'the product name (RNN Studio)',
  CSV: 'a file format, written the same in Korean',
  TSV: 'a file format',
  JSONL: 'a file format',
  JSON: 'a file format',
  JPEG: 'an image format',
  PNG: 'an image format',
  zip: 'an archive format (a zip file)',
  COCO: 'a captions file format, named after its dataset (COCO captions JSON)',
  Flickr8k: 'a captions file format, named after its dataset',
  CoNLL: 'a file format',
  YAML: 'a file format',
  Excel: 'a program name',
  xlsx: 'a file extension',
  Parquet: 'a file format',
  UTF: 'an encoding name (UTF-8)',
  CP949: 'an encoding name',
  KB: 'a size unit',
  MB: 'a size unit',
  GB: 'a size unit',
  CC: 'a licence name (CC BY)',
  CC0: 'a licence name',
  BY: 'a licence name (CC BY 4.0)',
  FR: 'a licence name (CC BY 2.0 FR)',
  SA: 'a licence name (CC BY-SA)',
  MIT: 'a licence name',
  BSD: 'a licence name (BSD-3-Clause)',
  Clause: 'a licence name (BSD-3-Clause)',
  PDDL: 'a licence name',
  LSTM: 'a layer type, as PyTorch names it (nn.LSTM)',
  GRU: 'a layer type (nn.GRU)',
  nn: 'PyTorch code identifiers (nn.LSTM)',
  PyTorch: 'a library name',
  Adam: 'an optimizer name, as PyTorch names it',
  AdamW: 'an optimizer name',
  SGD: 'an optimizer name',
  BLEU: 'a metric name',
  MAE: 'a metric abbreviation',
  RMSE: 'a metric abbreviation',
  MAPE: 'a metric abbreviation',
  sMAPE: 'a metric abbreviation',
  MASE: 'a metric abbreviation',
  F1: 'a metric name (the F1 score)',
  WebAssembly: 'a technology name in the trainer status',
  SIMD: 'a technology name in the trainer status',
  Wasm: 'a technology name in the trainer status',
  ms: 'a time unit',
  rnnmodel: 'a file extension (.rnnmodel)',
  unk: "the unknown-word token '<unk>' as a model's vocabulary writes it (the language-model panel)",
  fastText: 'a word-vector format and library name (fastText .vec)',
  GloVe: "a word-vector set's name (Stanford's GloVe)",
  vec: 'a file extension (.vec, word vectors)',
  txt: 'a file extension (.txt, GloVe word vectors)',
  ChatterBot: 'the name of the dialog corpus whose YAML layout the importer reads',
  conversations: "the YAML key a dialog file must have ('conversations:')",
  ID: 'the CoNLL-U field name',
  U: 'CoNLL-U, a file format',
  EUC: 'an encoding name (EUC-KR)',
  KR: 'an encoding name (EUC-KR)',
  IOB: 'a tagging scheme name',
  IOB2: 'a tagging scheme name',
  CPU: 'the processor a time was measured on',
  English:
    'the language switch names each language in that language (a user who reads only English finds it)',
  // Proper names of datasets, corpora and their sources, written as their publishers write them.
  Yelp: 'a data source (proper name)',
  IMDb: 'a data source (proper name)',
  Amazon: 'a data source (proper name)',
  NSMC: 'a corpus name (Naver Sentiment Movie Corpus)',
  KLUE: 'a benchmark name',
  NER: 'part of the corpus names KLUE-NER and Universal NER',
  Universal: 'part of the corpus names Universal Dependencies and Universal NER',
  Dependencies: 'part of the corpus name Universal Dependencies',
  EWT: 'a treebank name (English Web Treebank)',
  KAIST: 'a treebank name',
  Tatoeba: 'a corpus name',
  Chatbot_data: 'a corpus name, as its repository names it',
  S: 'the index name S&P 500',
  P: 'the index name S&P 500',
  Q: 'question/answer (Q/A), as Korean writes it',
  A: 'question/answer (Q/A), as Korean writes it',
  v1: 'a version (KLUE-NER v1.1)',
  csv: 'a bundled file name (seattle-weather.csv)',
  tsv: 'a bundled file name (nsmc-reviews-1k.tsv)',
  seattle: 'a bundled file name (seattle-weather.csv)',
  weather: 'a bundled file name (seattle-weather.csv)',
  nsmc: 'a bundled file name (nsmc-reviews-1k.tsv)',
  reviews: 'a bundled file name (nsmc-reviews-1k.tsv)',
  k: 'a bundled file name (nsmc-reviews-1k.tsv)',
  UD: 'Universal Dependencies, the corpus, as it abbreviates itself',
  UPOS: 'the Universal Dependencies tag set name',
  BPE: 'a tokenizer name (byte-pair encoding)',
  Luong: 'an attention type, named after its author',
  NA: 'a missing-value code, as files write it',
  batch_first: "PyTorch's argument name, explained beside it in Korean",
  L: 'sequence length in the shape notation PyTorch documents (L, N, H)',
  N: 'batch size in the shape notation PyTorch documents',
  T: 'time steps in the shape notation',
  D: 'directions in the shape notation PyTorch documents',
  H: 'hidden size in the shape notation PyTorch documents',
  t: 'the time step in forecast notation (t+1)',
  BiGRU: 'a layer type in the run and model names (bidirectional nn.GRU)',
  BiLSTM: 'a layer type in the run and model names (bidirectional nn.LSTM)',
  RNN_TANH: 'a layer type',
  ONNX: 'a model file format',
  Enter: 'a key name, as printed on Korean keyboards',
  ULMFiT: 'a fine-tuning method, cited by its name in the language-model hint',
  Howard: 'an author of the ULMFiT paper, cited as (Howard & Ruder 2018)',
  Ruder: 'an author of the ULMFiT paper, cited as (Howard & Ruder 2018)',
  ELMo: 'a transfer method, cited by its name in the language-model hint and choice',
  Peters: 'the first author of the ELMo paper, cited as (Peters 외 2018)',
  p: 'percentage points, which Korean writes %p',
  Shift: 'a key name, as printed on Korean keyboards',
  // Words as koreanMode reads them (hyphenated names kept whole).
  'BY-SA': 'a licence name (CC BY-SA 4.0)',
  'BSD-3-Clause': 'a licence name',
  Chatbot: 'a corpus name, as its repository writes it (Chatbot_data)',
  data: 'a corpus name, as its repository writes it (Chatbot_data)',
  'seattle-weather': 'a bundled file name (seattle-weather.csv)',
  'nsmc-reviews-1k': 'a bundled file name (nsmc-reviews-1k.tsv)',
  'CoNLL-U': 'a file format name',
  'UTF-8': 'an encoding name',
  'UTF-16': 'an encoding name',
  'EUC-KR': 'an encoding name',
  'Shift-JIS': 'an encoding name',
  GB18030: 'an encoding name',
  'windows-1252': 'an encoding name',
  'Windows-1252': 'an encoding name (the encoding chooser)',
  LE: 'byte order in an encoding name (UTF-16 LE)',
  BE: 'byte order in an encoding name (UTF-16 BE)',
  'KLUE-NER': 'a benchmark name',
  tanh: 'a function name',
  relu: 'a function name',
  W2: 'a benchmark workload name',
  batch: "part of PyTorch's option name batch_first",
  first: "part of PyTorch's option name batch_first",
  Lines: "a format name ('JSON Lines')",
  Bahdanau: 'an attention variant named after its author',
  additive: "the attention variant's name as its paper gives it ('Bahdanau (additive)')",
  general: "the attention variant's name as its paper gives it ('Luong general')",
  W3: 'a benchmark workload name',
  XPOS: 'a CoNLL-U field name',
};

/**
 * The text a user sees in `where` with the elements matching `skip` left out: a clone laid out off
 * screen, since innerText needs layout (and skips hidden text).
 */
export async function visibleText(where: Locator, skip: string): Promise<string> {
  return where.evaluate((root, skip) => {
    const clone = root.cloneNode(true) as HTMLElement;
    for (const el of clone.querySelectorAll(skip)) el.remove();
    clone.style.position = 'absolute';
    clone.style.left = '-100000px';
    clone.style.top = '0';
    document.body.append(clone);
    // biome-ignore lint/performance/useDomNodeTextContent: only the text a user sees counts.
    const out = clone.innerText;
    clone.remove();
    return out;
  }, skip);
}

/**
 * Latin-letter words of `text` that {@link KOREAN_ALLOWED} does not explain, leaving out `names`
 * (the file's name and columns: the file's own words) and anything in '…'.
 */
export function unexplainedEnglish(text: string, names: readonly string[] = []): string[] {
  const own = names.reduce((rest, name) => rest.split(name).join(' '), text);
  const words = own.replace(/'[^']*'/g, '').match(/[A-Za-z][A-Za-z0-9-]*/g) ?? [];
  return [...new Set(words.filter((w) => KOREAN_ALLOWED[w] === undefined))];
}
