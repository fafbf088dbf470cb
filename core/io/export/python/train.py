"""RNN Studio export: trains the exported architecture on a data file in PyTorch, single-process or scaled out with torchrun (DistributedDataParallel).

    python train.py --data reviews.csv --epochs 5
    torchrun --nproc_per_node 4 train.py --data reviews.csv --out trained

The spec (model, optimizer, learning rate, clipping, schedule, seed, split fractions) comes from
config.json. Data is read from the same file formats and columns as the app, tokenised with the
same rules, and the vocabulary is built on the training part only. The split uses the app's
seeded generator (xoshiro128**, seed = spec.train.seed), so the same file gives the same rows in
each part as in the app, as long as Python reads the same rows (CSV quoting corner cases and
ICU-dictionary word breaks for Chinese/Japanese can differ). Batches are shuffled by a
DistributedSampler seeded with the same seed (not bucketed by length as in the app). A spec
with train.initFrom (or train.unfreeze / train.layerLrDecay) fine-tunes as the app does
(finetune.py): one optimizer group per depth at lr / layerLrDecay**depth, and with gradual
unfreezing epoch 1 trains the head only, each later epoch one layer more. A spec with
model.lmFeatures keeps the exported vocabulary and the language model's frozen weights (lm.*). A spec with
model.wordVectors starts the embedding from the exported rows of the words both vocabularies hold
(with --finetune, from the exported model itself) and, with freeze, never trains it. Every
process logs nothing but rank 0, which prints one JSON object per line ({"type": "step"|"epoch"|
"result", …}) and writes <out>/checkpoint.pt each epoch and <out>/model.safetensors +
config.json at the end (a folder predict.py --model-dir reads).

A captioner trains on an image folder (or .zip) with its captions file, as the app reads it
(captions.py: CSV/TSV image,caption, Flickr8k image#n<TAB>caption or COCO captions JSON; the
folder's split file, else the seeded split by image); a batch is --batch-size images with all their
captions. A resnet18 encoder the app started from a torchvision state dict starts from
--backbone <resnet18.safetensors> here (or from the exported model with --finetune).

    python train.py --data photos/ --epochs 5
    torchrun --nproc_per_node 2 train.py --data photos.zip --backbone resnet18.safetensors
"""
import argparse
import json
import math
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402
import torch.distributed as dist  # noqa: E402
from torch.nn.parallel import DistributedDataParallel  # noqa: E402
from torch.utils.data import DataLoader, DistributedSampler  # noqa: E402

import model as m  # noqa: E402
from finetune import FineTunePlan, copy_vector_rows, word_vector_embedding  # noqa: E402
from task_caption import load_backbone  # noqa: E402
from tasks import TASKS  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def parse_args(argv):
    p = argparse.ArgumentParser(description='Train the exported RNN Studio model (single process or torchrun).')
    p.add_argument('--data', required=True,
                   help='training file in the format the app trained on (caption: the image folder or .zip with its captions file)')
    p.add_argument('--backbone', default=None,
                   help="caption: torchvision's resnet18 state dict (.safetensors) to start the encoder from")
    p.add_argument('--out', default='trained', help='output folder (checkpoint.pt, model.safetensors, config.json)')
    p.add_argument('--epochs', type=int, default=None, help='default: spec.train.epochs')
    p.add_argument('--max-steps', type=int, default=None, help='stop after this many optimizer steps in total')
    p.add_argument('--lr', type=float, default=None, help='default: spec.train.lr')
    p.add_argument('--batch-size', type=int, default=None, help='per process; default: spec.train.batchSize')
    p.add_argument('--seed', type=int, default=None, help='default: spec.train.seed (split, init and shuffling)')
    p.add_argument('--finetune', action='store_true',
                   help="start from the exported weights and keep the exported vocabularies instead of building new ones")
    p.add_argument('--unfreeze', choices=['gradual', 'none'], default=None,
                   help='default: spec.train.unfreeze (gradual with initFrom, else none)')
    p.add_argument('--layer-lr-decay', type=float, default=None,
                   help='learning rate divisor per layer down; default: spec.train.layerLrDecay (2.6 with initFrom, else 1)')
    p.add_argument('--log-every', type=int, default=1, help='steps between step log lines')
    return p.parse_args(argv)


def setup_distributed():
    """(rank, world size, device): torchrun sets WORLD_SIZE/RANK/LOCAL_RANK; gloo on CPU, nccl on CUDA."""
    world = int(os.environ.get('WORLD_SIZE', '1'))
    if world <= 1:
        return 0, 1, torch.device('cuda' if torch.cuda.is_available() else 'cpu')
    cuda = torch.cuda.is_available()
    dist.init_process_group('nccl' if cuda else 'gloo')
    local = int(os.environ.get('LOCAL_RANK', '0'))
    if cuda:
        torch.cuda.set_device(local)
    return dist.get_rank(), world, torch.device(f'cuda:{local}' if cuda else 'cpu')


def make_optimizer(params, t, lr):
    if t['optimizer'] == 'sgd':
        return torch.optim.SGD(params, lr=lr, momentum=0.9, weight_decay=t['weightDecay'])
    if t['optimizer'] == 'adamw':
        return torch.optim.AdamW(params, lr=lr, weight_decay=t['weightDecay'])
    return torch.optim.Adam(params, lr=lr, weight_decay=t['weightDecay'])


def make_schedule(optimizer, t, epochs):
    """Stepped once per epoch, as the app does (core/train/setup.ts)."""
    if t['schedule'] == 'step':
        return torch.optim.lr_scheduler.StepLR(optimizer, step_size=max(1, math.ceil(epochs / 3)), gamma=0.1)
    if t['schedule'] == 'cosine':
        return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)
    if t['schedule'] == 'plateau':
        return torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, factor=0.5, patience=1)
    return None


def to_device(batch, device):
    return {k: v.to(device) for k, v in batch.items()}


def evaluate(task, net, examples, device, batch_size):
    """Mean loss per target (example or token) over a whole split (each process evaluates all of it)."""
    net.eval()
    total = torch.zeros(2, dtype=torch.float64, device=device)
    with torch.no_grad():
        for i in range(0, len(examples), batch_size):
            loss, count = task.loss(net, to_device(task.collate(examples[i:i + batch_size]), device), reduction='sum')
            total += torch.tensor([float(loss), float(count)], dtype=torch.float64, device=device)
    net.train()
    return float(total[0] / total[1]) if total[1] > 0 else float('nan')


def save_export(out, config, state, net):
    """config.json (spec + task state with vocabularies inline) and model.safetensors: what predict.py --model-dir reads."""
    os.makedirs(out, exist_ok=True)
    for name in sorted(os.listdir(HERE)):
        if name.endswith('.py') and name != 'train.py' and os.path.abspath(os.path.join(out, name)) != os.path.join(HERE, name):
            shutil.copyfile(os.path.join(HERE, name), os.path.join(out, name))
    cfg = dict(config, taskState=state)
    tmp = os.path.join(out, 'config.json.tmp')
    with open(tmp, 'w', encoding='utf-8') as f:
        json.dump(cfg, f, ensure_ascii=False, indent=1)
    os.replace(tmp, os.path.join(out, 'config.json'))
    from safetensors_lite import save_file
    save_file({k: v for k, v in net.state_dict().items()}, os.path.join(out, 'model.safetensors'), {'format': 'pt'})


def backbone_problem(spec, args):
    """Why --backbone cannot be used as given (None when it can): only a resnet18 captioner takes one,
    and one whose spec names a state dict needs it (or --finetune) to start where the app started."""
    image = (spec['model'].get('image') or {}) if spec['task'] == 'caption' else {}
    if args.backbone is not None and image.get('backbone') != 'resnet18':
        return "--backbone needs a caption model with a resnet18 encoder (model.image.backbone 'resnet18')."
    if args.backbone is None and image.get('weights') and not args.finetune:
        return (f"the encoder started from '{image['weights']}' in the app: pass --backbone <that .safetensors file> "
                "(or --finetune to start from the exported weights).")
    return None


def main(argv=None):
    args = parse_args(argv)
    rank, world, device = setup_distributed()
    config = m.read_config(HERE)
    spec = json.loads(json.dumps(config['spec']))
    t = spec['train']
    if args.seed is not None:
        t['seed'] = args.seed
    if args.unfreeze is not None:
        t['unfreeze'] = args.unfreeze
    if args.layer_lr_decay is not None:
        if not 1 <= args.layer_lr_decay <= 100:
            print(f'train.py: --layer-lr-decay must be between 1 and 100, got {args.layer_lr_decay}.', file=sys.stderr)
            return 2
        t['layerLrDecay'] = args.layer_lr_decay
    epochs = args.epochs or t['epochs']
    lr = args.lr or t['lr']
    batch_size = args.batch_size or t['batchSize']
    torch.manual_seed(t['seed'])
    if spec['task'] not in TASKS:
        print(f"train.py: training the '{spec['task']}' task in PyTorch is not available yet; the model itself loads with model.py.", file=sys.stderr)
        return 2
    problem = backbone_problem(spec, args)
    if problem is not None:
        print(f'train.py: {problem}', file=sys.stderr)
        return 2
    # A model reading a frozen language model's states (model.lmFeatures) keeps its vocabulary and
    # those weights (lm.*) even when the rest trains from scratch.
    features = spec['model'].get('lmFeatures') is not None
    keep_state = args.finetune or features
    task = TASKS[spec['task']].prepare(spec, args.data, config['taskState'] if keep_state else None, config['taskState'])
    net = m.build_model(spec, task.state)
    if args.backbone is not None:
        load_backbone(net, m.load_weights(args.backbone))
    net = net.to(device)
    if args.finetune:
        net.load_state_dict(m.load_weights(os.path.join(HERE, 'model.safetensors')))
    elif features:
        exported = m.load_weights(os.path.join(HERE, 'model.safetensors'))
        net.load_state_dict({k: v for k, v in exported.items() if k.startswith('lm.')}, strict=False)
    elif word_vector_embedding(spec) is not None:
        name = word_vector_embedding(spec)[0]
        exported = m.load_weights(os.path.join(HERE, 'model.safetensors'))[name]
        copy_vector_rows(net, spec, config['taskState'], task.state, exported)
    plan = FineTunePlan(net, spec)
    # NOTE: DDP syncs the gradients of the parameters that require them when it is built, so it is
    # built again whenever gradual unfreezing changes that set.
    model = DistributedDataParallel(net) if world > 1 else net
    train = task.parts['train']
    sampler = DistributedSampler(train, num_replicas=world, rank=rank, shuffle=True, seed=t['seed'], drop_last=False)
    loader = DataLoader(train, batch_size=batch_size, sampler=sampler, collate_fn=task.collate)
    optimizer = make_optimizer(plan.groups(lr), t, lr)
    schedule = make_schedule(optimizer, t, epochs)
    log = (lambda obj: print(json.dumps(obj), flush=True)) if rank == 0 else (lambda obj: None)
    log({'type': 'start', 'task': spec['task'], 'world': world, 'device': str(device),
         'examples': {k: len(v) for k, v in task.parts.items()}, 'parameters': sum(p.numel() for p in net.parameters())})
    step, started, stop = 0, time.time(), False
    model.train()
    for epoch in range(1, epochs + 1):
        sampler.set_epoch(epoch)
        if plan.unfreeze == 'gradual' and epoch - 1 <= plan.deepest:
            frozen = plan.apply(epoch - 1)
            model = DistributedDataParallel(net) if world > 1 else net
            log({'type': 'unfreeze', 'epoch': epoch, 'trainableDepth': plan.trainable_depth(epoch - 1), 'frozen': frozen})
        for batch in loader:
            loss, _ = task.loss(model, to_device(batch, device))
            optimizer.zero_grad()
            loss.backward()
            if t['clipNorm'] > 0:
                torch.nn.utils.clip_grad_norm_(model.parameters(), t['clipNorm'])
            optimizer.step()
            step += 1
            value = float(loss)
            if not math.isfinite(value):
                log({'type': 'error', 'message': f'the loss became {value} at step {step}: lower --lr or keep clipping on.'})
                return 1
            if step % args.log_every == 0:
                log({'type': 'step', 'step': step, 'epoch': epoch, 'loss': value, 'lr': optimizer.param_groups[0]['lr'],
                     'seconds': round(time.time() - started, 3)})
            if args.max_steps is not None and step >= args.max_steps:
                stop = True
                break
        val = evaluate(task, net, task.parts['val'], device, batch_size)
        if schedule is not None:
            schedule.step(val) if isinstance(schedule, torch.optim.lr_scheduler.ReduceLROnPlateau) else schedule.step()
        log({'type': 'epoch', 'epoch': epoch, 'step': step, 'valLoss': val, 'seconds': round(time.time() - started, 3)})
        if rank == 0:
            os.makedirs(args.out, exist_ok=True)
            torch.save({'epoch': epoch, 'step': step, 'model': net.state_dict(), 'optimizer': optimizer.state_dict()},
                       os.path.join(args.out, 'checkpoint.pt'))
        if stop:
            break
    plan.apply(plan.deepest)
    if rank == 0:
        save_export(args.out, dict(config, spec=spec), task.state, net)
    test = evaluate(task, net, task.parts['test'], device, batch_size)
    log({'type': 'result', 'metrics': {'loss': test}, 'steps': step, 'model': os.path.abspath(args.out)})
    if world > 1:
        dist.barrier()
        dist.destroy_process_group()
    return 0


if __name__ == '__main__':
    sys.exit(main())
