"""RNN Studio export: the task registry train.py, predict.py and model.py read — per task kind, how to build its module, prepare its data, predict and print a prediction (each kind lives in task_<kind>.py)."""
from collections import namedtuple

import task_caption
import task_classify
import task_forecast
import task_generate
import task_seq2seq
import task_tag

# build(model_spec, state) → nn.Module; prepare(spec, path, state, hints) → an object with .state, .parts
# {'train'|'val'|'test': examples}, .collate(examples) and .loss(net, batch, reduction); predict(net, state,
# text, options) → the app's prediction object (caption: an image file's path in place of the text); describe(prediction) → one line of text.
Task = namedtuple('Task', ['build', 'prepare', 'predict', 'describe'])

TASKS = {
    'classify': Task(task_classify.build, task_classify.ClassifyTask, task_classify.predict, task_classify.describe),
    'forecast': Task(task_forecast.build, task_forecast.ForecastTask, task_forecast.predict, task_forecast.describe),
    'tag': Task(task_tag.build, task_tag.TagTask, task_tag.predict, task_tag.describe),
    'seq2seq': Task(task_seq2seq.build, task_seq2seq.Seq2seqTask, task_seq2seq.predict, task_seq2seq.describe),
    'generate': Task(task_generate.build, task_generate.GenerateTask, task_generate.predict, task_generate.describe),
    'caption': Task(task_caption.build, task_caption.CaptionTask, task_caption.predict, task_caption.describe),
}
