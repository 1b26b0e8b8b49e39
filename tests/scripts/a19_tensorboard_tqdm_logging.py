import torch

# The logging side of a training script: torch.utils.tensorboard.SummaryWriter writing
# scalars, grouped scalars, histograms of weights and gradients, images, text and hparams,
# precision-recall curves, a Custom Scalars layout and a whole tensor, then the event files
# read back with TensorBoard's own loader (what the dashboard shows); a tqdm progress bar
# whose postfix carries the loss; the backend flags scripts set first.
import io
import os
import shutil
import tempfile

import numpy as np
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.util import tensor_util
from torch.utils.tensorboard import SummaryWriter
from tqdm import tqdm

torch.backends.cudnn.benchmark = True
torch.backends.cuda.matmul.allow_tf32 = False
torch.set_float32_matmul_precision("high")
print("matmul precision", torch.get_float32_matmul_precision())
print("cudnn.benchmark", torch.backends.cudnn.benchmark,
      "deterministic", torch.backends.cudnn.deterministic)
print("mkldnn flag", type(torch.backends.mkldnn.is_available()).__name__)
torch.set_float32_matmul_precision("highest")
torch.backends.cudnn.benchmark = False

torch.manual_seed(0)
x = torch.randn(128, 6, dtype=torch.float64)
w_true = torch.randn(6, 3, dtype=torch.float64)
y = (x @ w_true).argmax(1)

model = nn.Sequential(nn.Linear(6, 16), nn.Tanh(), nn.Linear(16, 3)).double()
optimizer = torch.optim.SGD(model.parameters(), lr=0.5, momentum=0.9)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=8, gamma=0.5)

log_root = tempfile.mkdtemp()
writer = SummaryWriter(log_dir=os.path.join(log_root, "run1"), flush_secs=1)
print("log dir ends with", os.path.basename(writer.get_logdir()))

sink = io.StringIO()
bar = tqdm(range(20), desc="train", file=sink, mininterval=0)
for step in bar:
    logits = model(x)
    loss = F.cross_entropy(logits, y)
    optimizer.zero_grad()
    loss.backward()
    writer.add_histogram("grad/fc0", model[0].weight.grad, step)
    optimizer.step()
    scheduler.step()
    accuracy = (logits.argmax(1) == y).double().mean()
    writer.add_scalar("loss/train", loss.item(), step)
    writer.add_scalar("loss/tensor", loss, step)  # a 0-d tensor is accepted as it is
    writer.add_scalars("metrics", {"acc": accuracy.item(), "lr": scheduler.get_last_lr()[0]}, step)
    bar.set_postfix(loss=f"{loss.item():.4f}", acc=accuracy.item())
    if step % 5 == 0:
        writer.add_histogram("weights/fc0", model[0].weight, step)
bar.close()
print("tqdm postfix", bar.postfix)
print("tqdm n", bar.n, "total", bar.total)

image = torch.linspace(0, 1, 3 * 4 * 5).reshape(3, 4, 5)
writer.add_image("ramp", image, 0)
writer.add_images("batch", image[:2].unsqueeze(1), 0)
writer.add_text("notes", "lr=0.5, momentum=0.9", 0)
with torch.no_grad():
    probs = model(x).softmax(1)
for c in range(3):
    writer.add_pr_curve(f"pr/class{c}", y == c, probs[:, c], 20, num_thresholds=11)
writer.add_custom_scalars({"training": {"loss": ["Multiline", ["loss/train", "loss/tensor"]]}})
writer.add_tensor("confusion", torch.bincount(y * 3 + probs.argmax(1), minlength=9).view(3, 3))
writer.add_hparams({"lr": 0.5, "momentum": 0.9, "opt": "sgd"},
                   {"hparam/final_loss": loss.item()}, run_name="hp")
writer.flush()
writer.close()

run_dir = os.path.join(log_root, "run1")
folders = [d for d in os.listdir(run_dir) if os.path.isdir(os.path.join(run_dir, d))]
print("run folder", sorted(folders))
acc = EventAccumulator(run_dir, size_guidance={"scalars": 0, "histograms": 0, "images": 0,
                                               "tensors": 0})
acc.Reload()
tags = acc.Tags()
print("scalar tags", sorted(tags["scalars"]))
print("histogram tags", sorted(tags["histograms"]))
print("image tags", sorted(tags["images"]))
print("tensor tags", sorted(tags["tensors"]))
for tag in ("loss/train", "loss/tensor"):
    events = acc.Scalars(tag)
    print(tag, len(events), [e.step for e in events[:3]],
          " ".join(f"{e.value:.6f}" for e in events[::5]))
for event in acc.Histograms("weights/fc0"):
    h = event.histogram_value
    print("hist step", event.step, f"min {h.min:.5f} max {h.max:.5f} num {h.num:.0f}",
          f"sum {h.sum:.5f} sum_squares {h.sum_squares:.5f} buckets {len(h.bucket)}")
    nonzero = [(round(limit, 5), count) for limit, count in zip(h.bucket_limit, h.bucket) if count]
    print("  first buckets", nonzero[:3], "total", sum(h.bucket))
image_event = acc.Images("ramp")[0]
print("image", image_event.width, image_event.height, len(image_event.encoded_image_string) > 0)
pixels = np.asarray(Image.open(io.BytesIO(image_event.encoded_image_string)))
print("pixels", pixels.shape, pixels.dtype, pixels[0, :, 0].tolist(), pixels[3, 4].tolist())
print("batch images", len(acc.Images("batch")), acc.Images("batch")[0].width)
for c in range(3):
    curve = tensor_util.make_ndarray(acc.Tensors(f"pr/class{c}")[0].tensor_proto)
    print(f"pr class{c}", curve.shape, "tp", curve[0, ::2].tolist(),
          "precision", " ".join(f"{v:.4f}" for v in curve[4, ::2]))
print("confusion", tensor_util.make_ndarray(acc.Tensors("confusion")[0].tensor_proto).tolist())
layout = tensor_util.make_ndarray(acc.Tensors("custom_scalars__config__")[0].tensor_proto)
print("layout bytes", len(layout.item()))
text = acc.Tensors("notes/text_summary")[0]
print("text", tensor_util.make_ndarray(text.tensor_proto).astype(str).tolist())

grouped = sorted(d for d in os.listdir(run_dir) if d.startswith("metrics_"))
for folder in grouped:
    sub = EventAccumulator(os.path.join(run_dir, folder), size_guidance={"scalars": 0})
    sub.Reload()
    values = sub.Scalars("metrics")
    print(folder, len(values), " ".join(f"{v.value:.4f}" for v in values[::4]))

hp = EventAccumulator(os.path.join(run_dir, "hp"), size_guidance={"scalars": 0})
hp.Reload()
print("hparam run scalars", hp.Tags()["scalars"],
      f"{hp.Scalars('hparam/final_loss')[0].value:.6f}")
shutil.rmtree(log_root)
