import torch
import io
import warnings

import torch.nn as nn

# The quantization recipes: quantized tensors by hand (quantize_per_tensor and
# quantize_per_channel, int_repr, dequantize), observers computing qparams, and dynamic
# quantization of a model's Linear layers with quantize_dynamic, comparing outputs and
# serialized model sizes, and reloading the quantized state_dict.
warnings.simplefilter("ignore", DeprecationWarning)  # torch.ao.quantization is deprecated
torch.manual_seed(0)

x = torch.tensor([-1.0, 0.0, 0.5, 1.0, 2.0])
xq = torch.quantize_per_tensor(x, scale=0.1, zero_point=10, dtype=torch.quint8)
print(xq)
print(xq.int_repr(), xq.dequantize())
print(xq.q_scale(), xq.q_zero_point(), xq.qscheme(), xq.dtype, xq.is_quantized)
xq8 = torch.quantize_per_tensor(torch.randn(2, 3), 0.05, 0, torch.qint8)
print(xq8.int_repr())
print(xq8.dequantize())
print(torch.quantize_per_tensor(torch.tensor([300.0, -300.0]), 1.0, 0, torch.qint8).int_repr())
w = torch.randn(3, 4)
scale = w.abs().max().item() / 127
wq = torch.quantize_per_tensor(w, scale, 0, torch.qint8)
print(wq.int_repr())
print((w - wq.dequantize()).abs().max() <= scale / 2 + 1e-6)
scales = w.abs().amax(dim=1) / 127
wq = torch.quantize_per_channel(w, scales, torch.zeros(3, dtype=torch.long), 0, torch.qint8)
print(wq)
print(wq.int_repr())
print(wq.q_per_channel_scales(), wq.q_per_channel_zero_points(), wq.q_per_channel_axis(),
      wq.qscheme())
print((w - wq.dequantize()).abs().amax(dim=1) <= scales / 2 + 1e-6)

# observers: record statistics, compute scale and zero point
obs = torch.ao.quantization.MinMaxObserver()
for _ in range(3):
    obs(torch.randn(16) * 2)
print(obs.min_val, obs.max_val)
print(obs.calculate_qparams())
sym = torch.ao.quantization.MinMaxObserver(dtype=torch.qint8, qscheme=torch.per_tensor_symmetric)
sym(torch.tensor([-3.0, 1.0, 2.5]))
print(sym.calculate_qparams())
ma = torch.ao.quantization.MovingAverageMinMaxObserver(averaging_constant=0.5)
ma(torch.tensor([0.0, 4.0]))
ma(torch.tensor([-2.0, 2.0]))
print(ma.min_val, ma.max_val, ma.calculate_qparams())
pc = torch.ao.quantization.PerChannelMinMaxObserver(ch_axis=0, dtype=torch.qint8,
                                                    qscheme=torch.per_channel_symmetric)
pc(w)
print(pc.calculate_qparams())
print(obs)

# dynamic quantization of an LSTM-free language-model head: Linear layers only


class TextClassifier(nn.Module):
    def __init__(self, vocab=50, dim=32, classes=4):
        super().__init__()
        self.embedding = nn.EmbeddingBag(vocab, dim, mode="mean")
        self.fc1 = nn.Linear(dim, 64)
        self.relu = nn.ReLU()
        self.fc2 = nn.Linear(64, classes)

    def forward(self, text, offsets):
        return self.fc2(self.relu(self.fc1(self.embedding(text, offsets))))


model = TextClassifier().eval()
quantized_model = torch.ao.quantization.quantize_dynamic(model, {nn.Linear}, dtype=torch.qint8)
print(model)
print(quantized_model)
print(quantized_model.fc1.weight().int_repr()[:2, :6])
print(quantized_model.fc1.weight().q_scale() == quantized_model.fc1.weight().q_scale())
print(quantized_model.fc1.bias()[:4])


def print_size_of_model(model, label=""):
    buffer = io.BytesIO()
    torch.save(model.state_dict(), buffer)
    size = buffer.getbuffer().nbytes
    return size


text = torch.randint(0, 50, (20,))
offsets = torch.tensor([0, 5, 12])
with torch.no_grad():
    ref = model(text, offsets)
    out = quantized_model(text, offsets)
print(ref)
print(out)
print(f"max abs difference {(ref - out).abs().max().item():.6f}")
print(ref.argmax(1), out.argmax(1))
print(list(quantized_model.state_dict().keys()))
packed = quantized_model.state_dict()["fc2._packed_params._packed_params"]
print(packed)
buffer = io.BytesIO()
torch.save(quantized_model.state_dict(), buffer)
buffer.seek(0)
restored = torch.ao.quantization.quantize_dynamic(TextClassifier().eval(), {nn.Linear})
with torch.no_grad():
    print(torch.equal(restored(text, offsets), out))
    print(restored.load_state_dict(torch.load(buffer)))
    print(torch.equal(restored(text, offsets), out))
f32_size = print_size_of_model(model)
q_size = print_size_of_model(quantized_model)
print(f32_size > q_size)

only_fc2 = torch.ao.quantization.quantize_dynamic(model, {"fc2"}, dtype=torch.qint8)
print(type(only_fc2.fc1).__name__, type(only_fc2.fc2).__name__)
print(only_fc2.fc2)
inplace = torch.ao.quantization.quantize_dynamic(TextClassifier().eval(), inplace=True)
print(inplace.fc1)
