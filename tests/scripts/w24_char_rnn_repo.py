import torch

# A minimal char-RNN repository's train.py + sample.py in one file: argparse with defaults
# parsed from an explicit list, logging to stdout, a CharDataset over a corpus string
# (stoi/itos built from sorted(set(text))), batches cut as contiguous strides, an nn.LSTM (or
# GRU by flag) language model with dropout and tied embeddings, hidden state carried between
# batches and detached (repackage_hidden), gradient clipping, StepLR, a checkpoint dict
# (model, optimizer, args as vars(args), vocab) written with torch.save to a temporary
# directory and read back with torch.load(map_location=...), and sampling with temperature,
# top-k filtering and torch.multinomial driven by a seeded Generator.
import argparse
import logging
import math
import os
import sys
import tempfile

import torch.nn as nn
import torch.nn.functional as F

TEXT = ("the quick brown fox jumps over the lazy dog. " * 6
        + "pack my box with five dozen liquor jugs! how vexingly quick daft zebras jump. " * 3)


def get_args(argv):
    parser = argparse.ArgumentParser(description="char-rnn")
    parser.add_argument("--model", type=str, default="lstm", choices=["lstm", "gru"])
    parser.add_argument("--emb", type=int, default=24)
    parser.add_argument("--hidden", type=int, default=24)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--dropout", type=float, default=0.1)
    parser.add_argument("--seq_len", type=int, default=16)
    parser.add_argument("--batch_size", type=int, default=8)
    parser.add_argument("--lr", type=float, default=2e-2)
    parser.add_argument("--clip", type=float, default=1.0)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1111)
    parser.add_argument("--temperature", type=float, default=0.8)
    parser.add_argument("--top_k", type=int, default=5)
    parser.add_argument("--no-cuda", action="store_true", default=False)
    return parser.parse_args(argv)


class CharDataset:
    def __init__(self, text):
        chars = sorted(set(text))
        self.stoi = {ch: i for i, ch in enumerate(chars)}
        self.itos = {i: ch for ch, i in self.stoi.items()}
        self.vocab_size = len(chars)
        self.data = torch.tensor([self.stoi[c] for c in text], dtype=torch.long)

    def encode(self, s):
        return [self.stoi[c] for c in s]

    def decode(self, ids):
        return "".join(self.itos[int(i)] for i in ids)

    def batchify(self, batch_size):
        n = self.data.size(0) // batch_size
        return self.data.narrow(0, 0, n * batch_size).view(batch_size, -1).t().contiguous()


def get_batch(source, i, seq_len):
    seq_len = min(seq_len, len(source) - 1 - i)
    return source[i:i + seq_len].t(), source[i + 1:i + 1 + seq_len].t()


class CharRNN(nn.Module):
    def __init__(self, kind, vocab, emb, hidden, layers, dropout):
        super().__init__()
        self.kind, self.hidden, self.layers = kind, hidden, layers
        self.drop = nn.Dropout(dropout)
        self.encoder = nn.Embedding(vocab, emb)
        rnn_cls = {"lstm": nn.LSTM, "gru": nn.GRU}[kind]
        self.rnn = rnn_cls(emb, hidden, num_layers=layers, dropout=dropout, batch_first=True)
        self.decoder = nn.Linear(hidden, vocab)
        if emb == hidden:
            self.decoder.weight = self.encoder.weight
        self.init_weights()

    def init_weights(self):
        initrange = 0.1
        nn.init.uniform_(self.encoder.weight, -initrange, initrange)
        nn.init.zeros_(self.decoder.bias)

    def forward(self, x, hidden):
        out, hidden = self.rnn(self.drop(self.encoder(x)), hidden)
        return self.decoder(self.drop(out)), hidden

    def init_hidden(self, bsz):
        weight = next(self.parameters())
        if self.kind == "lstm":
            return (weight.new_zeros(self.layers, bsz, self.hidden),
                    weight.new_zeros(self.layers, bsz, self.hidden))
        return weight.new_zeros(self.layers, bsz, self.hidden)


def repackage_hidden(h):
    if isinstance(h, torch.Tensor):
        return h.detach()
    return tuple(repackage_hidden(v) for v in h)


@torch.no_grad()
def sample(model, dataset, prompt, length, temperature, top_k, generator, device):
    model.eval()
    ids = torch.tensor(dataset.encode(prompt), device=device).unsqueeze(0)
    hidden = model.init_hidden(1)
    logits, hidden = model(ids, hidden)
    out = ids[0].tolist()
    for _ in range(length):
        step_logits = logits[:, -1, :] / temperature
        if top_k is not None:
            v, _ = torch.topk(step_logits, min(top_k, step_logits.size(-1)))
            step_logits[step_logits < v[:, [-1]]] = -float("Inf")
        probs = F.softmax(step_logits, dim=-1)
        next_id = torch.multinomial(probs, num_samples=1, generator=generator)
        out.append(next_id.item())
        logits, hidden = model(next_id, hidden)
    return dataset.decode(out)


def evaluate(model, source, args, criterion):
    model.eval()
    total, count = 0.0, 0
    hidden = model.init_hidden(source.size(1))
    with torch.no_grad():
        for i in range(0, source.size(0) - 1, args.seq_len):
            x, y = get_batch(source, i, args.seq_len)
            logits, hidden = model(x, hidden)
            total += x.size(1) * criterion(logits.reshape(-1, logits.size(-1)),
                                           y.reshape(-1)).item()
            count += x.size(1)
    return total / count


def main(argv):
    args = get_args(argv)
    logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(levelname)s %(message)s",
                        force=True)
    log = logging.getLogger("char-rnn")
    torch.manual_seed(args.seed)
    use_cuda = torch.cuda.is_available() and not args.no_cuda
    device = torch.device("cuda" if use_cuda else "cpu")
    log.info("args %s", {k: v for k, v in sorted(vars(args).items()) if k != "no_cuda"})

    dataset = CharDataset(TEXT)
    log.info("vocab %d chars, corpus %d", dataset.vocab_size, len(dataset.data))
    split = int(0.85 * len(TEXT))
    train_data = CharDataset(TEXT)
    train_data.data = dataset.data[:split]
    val_data = CharDataset(TEXT)
    val_data.data = dataset.data[split:]
    train_src = train_data.batchify(args.batch_size).to(device)
    val_src = val_data.batchify(4).to(device)
    print("batches", tuple(train_src.shape), tuple(val_src.shape), train_src.is_contiguous())

    model = CharRNN(args.model, dataset.vocab_size, args.emb, args.hidden, args.layers,
                    args.dropout).to(device)
    n_params = sum(p.numel() for p in model.parameters())
    print("params", n_params, "tied", model.decoder.weight is model.encoder.weight)
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.5)

    for epoch in range(1, args.epochs + 1):
        model.train()
        hidden = model.init_hidden(args.batch_size)
        total = 0.0
        for batch, i in enumerate(range(0, train_src.size(0) - 1, args.seq_len)):
            x, y = get_batch(train_src, i, args.seq_len)
            hidden = repackage_hidden(hidden)
            optimizer.zero_grad()
            logits, hidden = model(x, hidden)
            loss = criterion(logits.view(-1, dataset.vocab_size), y.reshape(-1))
            loss.backward()
            grad_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
            optimizer.step()
            total += loss.item()
            if batch % 2 == 0:
                log.info("epoch %d batch %d loss %.4f grad_norm %.4f", epoch, batch,
                         loss.item(), grad_norm)
        val_loss = evaluate(model, val_src, args, criterion)
        log.info("end of epoch %d | train %.4f | valid loss %.4f | valid ppl %.3f | lr %.5f",
                 epoch, total / (batch + 1), val_loss, math.exp(val_loss),
                 scheduler.get_last_lr()[0])
        scheduler.step()

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "model.pt")
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "args": vars(args), "stoi": dataset.stoi, "epoch": args.epochs}, path)
        ckpt = torch.load(path, map_location="cpu")
    print("checkpoint keys", sorted(ckpt))
    print("saved args", ckpt["args"]["model"], ckpt["args"]["hidden"], ckpt["epoch"])
    print("optimizer state", len(ckpt["optimizer"]["state"]),
          ckpt["optimizer"]["param_groups"][0]["lr"])
    print("state keys", [k for k in ckpt["model"] if "rnn" in k][:4])

    restored = CharRNN(ckpt["args"]["model"], len(ckpt["stoi"]), ckpt["args"]["emb"],
                       ckpt["args"]["hidden"], ckpt["args"]["layers"],
                       ckpt["args"]["dropout"]).to(device)
    missing = restored.load_state_dict(ckpt["model"], strict=True)
    print(missing)
    print("same val loss", round(evaluate(restored, val_src, args, criterion), 6)
          == round(evaluate(model, val_src, args, criterion), 6))

    gen = torch.Generator(device=device).manual_seed(args.seed)
    print(repr(sample(model, dataset, "the ", 40, args.temperature, args.top_k, gen, device)))
    gen.manual_seed(7)
    print(repr(sample(restored, dataset, "pack", 30, 1.0, None, gen, device)))


if __name__ == "__main__":
    main(["--epochs", "2", "--hidden", "24", "--top_k", "4"])
    main(["--model", "gru", "--emb", "16", "--epochs", "1", "--layers", "1", "--dropout", "0"])
