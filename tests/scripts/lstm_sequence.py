import torch
import torch.nn as nn

torch.manual_seed(3)

lstm = nn.LSTM(input_size=4, hidden_size=6, num_layers=2, batch_first=True)
print(lstm)
for name, param in lstm.named_parameters():
    print(name, tuple(param.shape))
x = torch.randn(3, 5, 4)
output, (h, c) = lstm(x)
print(output.shape, h.shape, c.shape)
print(output[0, -1])
print(h[-1, 0])

gru = nn.GRU(4, 3)
out, hidden = gru(x.transpose(0, 1))
print(out.shape, hidden.shape)
cell = nn.LSTMCell(4, 6)
hx, cx = cell(x[:, 0])
print(hx.shape, cx.shape)
rnn = nn.RNN(4, 2, nonlinearity="tanh", batch_first=True)
print(rnn(x)[0][0])


# sequence classification: is the sum of the sequence positive?
class SequenceClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(10, 8)
        self.lstm = nn.LSTM(8, 16, batch_first=True)
        self.head = nn.Linear(16, 2)

    def forward(self, tokens):
        _, (h, _) = self.lstm(self.embed(tokens))
        return self.head(h[-1])


tokens = torch.randint(0, 10, (64, 7))
labels = (tokens.sum(dim=1) > 31).long()
model = SequenceClassifier()
print(model)
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
loss_fn = nn.CrossEntropyLoss()
for step in range(30):
    optimizer.zero_grad()
    loss = loss_fn(model(tokens), labels)
    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
    optimizer.step()
    if step % 5 == 0:
        print(f"step {step} loss {loss.item():.6f}")
with torch.no_grad():
    accuracy = (model(tokens).argmax(1) == labels).float().mean()
print(f"train accuracy {accuracy.item():.4f}")
