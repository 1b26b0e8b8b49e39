import torch

# An experiment script that tracks a small hyperparameter sweep in TensorBoard: one run
# folder per setting with add_hparams, nested tqdm bars (trange inside tqdm), the learned
# class embeddings saved for the Projector with add_embedding (labels, a metadata table,
# thumbnails in a sprite), a point cloud through add_mesh, a synthesized tone through
# add_audio, then every file the writers left read back and printed.
import hashlib
import io
import os
import shutil
import tempfile

import numpy as np
import torch.nn as nn
import torch.nn.functional as F
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.util import tensor_util
from torch.utils.tensorboard import SummaryWriter
from tqdm import tqdm, trange

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)

# four classes of 8x8 "images": a bright row, column, diagonal or anti-diagonal
classes = ["row", "column", "diagonal", "anti"]
templates = torch.zeros(4, 8, 8)
templates[0, 3] = 1
templates[1, :, 4] = 1
templates[2] = torch.eye(8)
templates[3] = torch.eye(8).flip(1)
labels = torch.arange(4).repeat(24)
images = (templates[labels] + 0.3 * torch.randn(96, 8, 8)).clamp(0, 1)

root = tempfile.mkdtemp()
sink = io.StringIO()
results = {}
for lr in tqdm([0.05, 0.2], desc="sweep", file=sink):
    for dim in (2, 3):
        torch.manual_seed(1)
        model = nn.Sequential(nn.Flatten(), nn.Linear(64, 16), nn.ReLU(), nn.Linear(16, dim))
        head = nn.Linear(dim, 4)
        opt = torch.optim.SGD([*model.parameters(), *head.parameters()], lr=lr, momentum=0.9)
        run = os.path.join(root, f"lr{lr}_dim{dim}")
        writer = SummaryWriter(run)
        for step in trange(15, desc="steps", leave=False, file=sink):
            loss = F.cross_entropy(head(model(images)), labels)
            opt.zero_grad()
            loss.backward()
            opt.step()
            writer.add_scalar("loss", loss, step)
        with torch.no_grad():
            features = model(images)
            accuracy = (head(features).argmax(1) == labels).double().mean().item()
        results[(lr, dim)] = (loss.item(), accuracy)
        writer.add_hparams({"lr": lr, "dim": dim}, {"hparam/loss": loss.item(),
                                                    "hparam/accuracy": accuracy},
                           run_name="hparams")
        if dim == 3:
            writer.add_embedding(features[:12], metadata=[classes[i] for i in labels[:12]],
                                 label_img=images[:12, None], global_step=15, tag="features")
            writer.add_embedding(head.weight, metadata=[[i, name] for i, name in
                                                         enumerate(classes)],
                                 metadata_header=["index", "class"], tag="class/weights")
            colours = (torch.eye(3)[labels[:12] % 3] * 255).to(torch.uint8)
            writer.add_mesh("cloud", vertices=features[None, :12], colors=colours[None],
                            global_step=15)
        writer.close()
print("sweep bars closed", sink.getvalue().count("\r") > 0)
for (lr, dim), (loss, accuracy) in results.items():
    print(f"lr {lr} dim {dim} loss {loss:.6f} accuracy {accuracy:.4f}")

t = torch.arange(800) / 8000
with SummaryWriter(os.path.join(root, "sound")) as writer:
    writer.add_audio("tone", 0.5 * torch.sin(2 * torch.pi * 440 * t), 0, sample_rate=8000)
    writer.add_audio("clipped", 2 * torch.sin(2 * torch.pi * 440 * t[:80]), 1, sample_rate=8000)

for folder in sorted(os.listdir(root)):
    for dirpath, _, names in sorted(os.walk(os.path.join(root, folder))):
        for name in sorted(names):
            path = os.path.join(dirpath, name)
            relative = os.path.relpath(path, root)
            if name.startswith("events.out.tfevents."):
                continue
            data = open(path, "rb").read()
            if name.endswith(".png"):
                print(relative, len(data), hashlib.sha256(data).hexdigest()[:16])
            elif name == "tensors.tsv":  # full float64 reprs: rounded to what training fixes
                print(relative)
                for line in data.decode().splitlines():
                    print(" ".join(f"{float(v):.8f}" for v in line.split("\t")))
            else:
                print(relative)
                print(data.decode().rstrip("\n"))

acc = EventAccumulator(os.path.join(root, "lr0.2_dim3"), size_guidance={"scalars": 0,
                                                                         "tensors": 0})
acc.Reload()
print("tags", sorted(acc.Tags()["tensors"]), len(acc.Scalars("loss")))
for part in ("cloud_VERTEX", "cloud_COLOR"):
    array = tensor_util.make_ndarray(acc.Tensors(part)[0].tensor_proto)
    print(part, array.shape, array.dtype, np.round(array[0, :2], 4).tolist())
hp = EventAccumulator(os.path.join(root, "lr0.2_dim3", "hparams"))
hp.Reload()
print("hparams run", sorted(hp.Tags()["scalars"]),
      f"{hp.Scalars('hparam/accuracy')[0].value:.4f}")
sound = EventAccumulator(os.path.join(root, "sound"), size_guidance={"audio": 0})
sound.Reload()
for tag in ("tone", "clipped"):
    event = sound.Audio(tag)[0]
    pcm = np.frombuffer(event.encoded_audio_string[44:], dtype="<i2")
    print(tag, event.step, event.sample_rate, event.length_frames, event.content_type,
          pcm[:6].tolist(), int(pcm.max()), int(pcm.min()))
shutil.rmtree(root)
