"""The command line, run as a user runs it: ``python -m ember ...`` in a subprocess."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import (CPU_RNG, INSTALL, TORCH, as_cpu_text, cpu_only, installed, requires,
                      requires_torch)

import ember
from ember import viz
from ember.cli import _tasks, main
from ember.cli import grad as grad_cli
from ember.cli import tour as tour_cli
from ember.cli import train as train_cli

needs_dot = pytest.mark.skipif(not viz.graphviz_available(),
                               reason=INSTALL["graphviz"])


def ember_cli(*args, cwd=None, env=None):
    return subprocess.run([sys.executable, "-m", "ember", *args], capture_output=True,
                          text=True, encoding="utf-8", cwd=cwd, timeout=300,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})})


def run_main(capsys, *args):
    """The same command in this process (faster): (exit status, stdout, stderr)."""
    try:
        status = main(list(args))
    except SystemExit as exit:
        status = exit.code
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture(scope="module")
def tour(tmp_path_factory):
    out = tmp_path_factory.mktemp("tour")
    result = ember_cli("tour", "--out", str(out / "pictures"))
    assert result.returncode == 0, result.stderr
    return result.stdout, out / "pictures"


# --- top level --------------------------------------------------------------------------------

def test_help_from_a_subprocess():
    result = ember_cli("--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: ember")


@pytest.mark.parametrize("args", [(), ("tour",), ("grad",), ("train",)])
def test_help_everywhere(capsys, args):
    status, out, _ = run_main(capsys, *args, "--help")
    assert status == 0
    assert out.startswith("usage: ember")
    example = "start with: ember tour" if not args else f"example: ember {args[0]} "
    assert example in out


def test_no_command_prints_help_and_exits_2():
    result = ember_cli()
    assert result.returncode == 2
    assert "tour" in result.stdout and "grad" in result.stdout and "train" in result.stdout


def test_unknown_command_is_a_usage_error(capsys):
    status, _, err = run_main(capsys, "fly")
    assert status == 2
    assert "invalid choice: 'fly'" in err


# --- tour -------------------------------------------------------------------------------------

def test_tour_prints_the_seed_numbers_in_place(tour):
    text, _ = tour
    lines = text.splitlines()
    assert "    >>> print(x.grad)" in lines
    assert lines[lines.index("    >>> y.backward()") + 2] == "    tensor(7.)"
    assert "    dz/dx = 98, dz/da = 14, dz/db = 14" in lines
    assert ("    by hand: dz/dy = 2y + 2 = 14, dy/dx = 2ax + b = 7, dz/dx = 14 × 7 = 98"
            in lines)
    assert "        dz/dx = dz/dy × dy/dx = 14 × 7 = 98" in lines
    assert "    tensor(63., grad_fn=<AddBackward0>)" in lines
    assert "    tensor(93.)" in lines
    assert "    by hand: y' = 8·2³ + 3·2² + 6·2 + 5 = 64 + 12 + 12 + 5 = 93" in lines


def test_tour_walks_every_concept_in_order(tour):
    text, _ = tour
    titles = ["requires_grad and backward", "the chain rule", "vectors", "accumulate",
              "retain_grad", "retain_graph", "no_grad and detach", "vector-Jacobian",
              "custom Function", "linear regression"]
    positions = [text.index(title) for title in titles]
    assert positions == sorted(positions)


def test_tour_outputs_of_each_concept(tour):
    text, _ = tour
    assert "    tensor([5., 7., 9.])" in text
    for n, value in ((1, 2.0), (2, 4.0), (3, 6.0)):
        assert f"    iteration {n}: p.grad = {value}" in text
    assert "    tensor([[10., 16., 22.],\n            [22., 16., 10.]])" in text
    assert "    tensor([[3.3333, 5.3333, 7.3333]," in text
    assert "RuntimeError: Trying to backward through the graph a second time" in text
    assert "    True\n    >>> with torch.no_grad():" in text
    assert "RuntimeError: grad can be implicitly created only for scalar outputs" in text
    assert "    tensor([2.0000, 0.4000, 0.0600])" in text
    assert "grad_fn=<CubeBackward>" in text
    # Linear regression reproduces the seed tutorial's numbers with the same seed.
    assert "    epoch 20: loss = 2.3416, w = 0.6630, b = 0.3662" in text
    assert "    epoch 100: loss = 0.0947, w = 1.7320, b = 0.9030" in text


def test_tour_explain_lines(tour):
    text, _ = tour
    assert "    Backward pass of z = 48, starting from dz/dz = 1" in text
    assert "        to y: d(y**2)/dy = 2·y = 2·6 = 12" in text
    assert "        incoming gradient dz/dy = 2 + 12 = 14" in text
    assert "        dy/dx = 3 + 4 = 7" in text


def test_tour_pictures(tour):
    text, folder = tour
    if viz.graphviz_available():
        assert sorted(p.name for p in folder.iterdir()) == ["01-polynomial.svg",
                                                            "02-chain-rule.svg"]
        assert "2 graph pictures written to" in text
        assert "PowBackward0" in (folder / "02-chain-rule.svg").read_text()
    else:
        assert "Graph pictures: skipped, Graphviz not found (to draw them: pip install -e " \
            '".[viz]"' in text
        assert not folder.exists()


def test_tour_without_pictures_writes_nothing(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, out, _ = run_main(capsys, "tour", "--no-pictures")
    assert status == 0
    assert "Graph pictures: off" in out
    assert list(tmp_path.iterdir()) == []


# --- grad -------------------------------------------------------------------------------------

def test_grad_value_and_derivative():
    result = ember_cli("grad", "x**2 + 3*x + 1", "--at", "x=2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == ["value: 11", "df/dx = 7"]


def test_grad_several_variables_and_wrt(capsys):
    _, out, _ = run_main(capsys, "grad", "a*x**2 + b*x + 1", "--at", "x=1", "--at", "a=2",
                         "--at", "b=3")
    assert out.splitlines()[-4:] == ["value: 6", "df/dx = 7", "df/da = 1", "df/db = 1"]
    _, out, _ = run_main(capsys, "grad", "x*y", "--at", "x=3", "--at", "y=4", "--wrt", "y")
    assert out.splitlines()[-1] == "df/dy = 3"
    assert "df/dx" not in out


def test_grad_math_functions_and_constants(capsys):
    _, out, _ = run_main(capsys, "grad", "sin(x) * exp(y) + sqrt(x) - pi", "--at", "x=1",
                         "--at", "y=0")
    lines = dict(line.split(" = ", 1) for line in out.splitlines() if line.startswith("df/"))
    assert float(lines["df/dx"]) == pytest.approx(0.5403023059 + 0.5)
    assert float(lines["df/dy"]) == pytest.approx(0.8414709848)
    status, out, _ = run_main(capsys, "grad", "sigmoid(x) + relu(-x) + tanh(x) + abs(x)",
                              "--at", "x=0.5")
    assert status == 0
    assert float(out.splitlines()[-1].split(" = ")[1]) == pytest.approx(
        0.2350037122 + 0 + 0.7864477329 + 1)


def test_grad_explain_prints_the_derivation(capsys):
    _, out, _ = run_main(capsys, "grad", "x**2 + 3*x + 1", "--at", "x=2", "--explain")
    assert "Backward pass of f = 11, starting from df/df = 1" in out
    assert "to x: d(x**2)/dx = 2·x = 2·2 = 4" in out
    assert "df/dx = 3 + 4 = 7" in out


def test_grad_graph_as_dot_text(capsys, tmp_path):
    path = tmp_path / "f.dot"
    status, _, _ = run_main(capsys, "grad", "x*y + x", "--at", "x=2", "--at", "y=5", "--graph",
                            str(path))
    assert status == 0
    source = path.read_text()
    assert source.startswith("digraph ember {")
    assert "MulBackward0" in source and "AddBackward0" in source
    assert '"x\\nscalar\\nvalue 2"' in source and '"f\\nscalar\\nvalue 12"' in source


@needs_dot
@pytest.mark.parametrize("extension, magic", [("svg", b"<svg"), ("png", b"\x89PNG")])
def test_grad_graph_rendered(capsys, tmp_path, extension, magic):
    path = tmp_path / f"f.{extension}"
    status, out, _ = run_main(capsys, "grad", "exp(x)*x", "--at", "x=1", "--graph", str(path))
    assert status == 0
    assert f"graph written to {path}" in out
    assert magic in path.read_bytes()[:400]


@pytest.mark.parametrize("expression, message", [
    ("__import__('os')", "calling '__import__' is not allowed"),
    ("x.__class__", "attribute access not allowed"),
    ("open('f')", "calling 'open' is not allowed"),
    ("x[0]", "subscripts not allowed"),
    ("(lambda: 1)()", "calling 'lambda: 1' is not allowed"),
    ("lambda: 1", "lambdas not allowed"),
    ("[x for x in y]", "comprehensions not allowed"),
    ("import os", "invalid expression 'import os'"),
    ("x if x else x", "if-expressions not allowed"),
    ("x // 2", "operator FloorDiv is not allowed"),
    ("'text'", "only numbers are allowed"),
    ("exp(x, y)", "exp() takes exactly one argument"),
    ("exp.__globals__", "attribute access not allowed"),
    ("q + 1", "unknown name 'q': give its value with --at q=VALUE"),
    ("10**10**10", "cannot evaluate"),
    ("x**2 +", "invalid expression 'x**2 +'"),
])
def test_grad_rejects_anything_outside_the_whitelist(capsys, expression, message):
    status, out, err = run_main(capsys, "grad", expression, "--at", "x=1", "--at", "y=2")
    assert status == 2
    assert message in err
    assert err.startswith("ember grad: error: ") and err.endswith("(see ember grad --help)\n")
    assert err.count("\n") == 1
    assert out == ""


@pytest.mark.parametrize("expression, message", [
    ("__import__('os')", "calling '__import__' is not allowed"),
    ("x.__class__", "attribute access not allowed"),
    ("open('f')", "calling 'open' is not allowed"),
])
def test_grad_rejections_from_a_subprocess(expression, message):
    result = ember_cli("grad", expression, "--at", "x=1")
    assert result.returncode == 2
    assert f"ember grad: error: {message}" in result.stderr


@pytest.mark.parametrize("args, message", [
    (("x", "--at", "x"), "--at expects NAME=VALUE"),
    (("x", "--at", "x=abc"), "'abc' is not a number"),
    (("x", "--at", "x=1", "--wrt", "z"), "--wrt z: no value given"),
])
def test_grad_bad_arguments_exit_2(capsys, args, message):
    status, _, err = run_main(capsys, "grad", *args)
    assert status == 2
    assert message in err


def test_refused_code_never_runs(tmp_path):
    marker = tmp_path / "ran"
    result = ember_cli("grad", f"x + __import__('os').system('touch {marker}')", "--at", "x=1")
    assert result.returncode == 2
    assert not marker.exists()
    with pytest.raises(grad_cli.ExpressionError, match="not allowed"):
        grad_cli.parse("().__class__.__bases__[0].__subclasses__()")


def test_expression_without_variables(capsys):
    status, out, _ = run_main(capsys, "grad", "2**3 + 1")
    assert status == 0
    assert "value: 9" in out


# --- train ------------------------------------------------------------------------------------

def test_train_linreg_fits_saves_and_plots(tmp_path):
    checkpoint, picture = tmp_path / "linreg.pt", tmp_path / "curves.png"
    result = ember_cli("train", "linreg", "--epochs", "60", "--checkpoint", str(checkpoint),
                       "--plot", str(picture))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("ember train linreg: linear regression")
    assert lines[1] == "2 parameters, 60 epochs on cpu, learning rate 0.1"
    final = next(line for line in lines if line.startswith("final: "))
    w = float(final.split("w ")[1].split(",")[0])
    b = float(final.split("b ")[1])
    assert abs(w - 2) < 0.05 and abs(b - 1) < 0.05
    state = ember.load(str(checkpoint))
    assert sorted(state) == ["bias", "weight"]
    assert state["weight"].item() == pytest.approx(w, abs=1e-4)
    assert f"last checkpoint (epoch 60) saved to {checkpoint}" in lines
    assert ember.load(str(tmp_path / "linreg-best.pt"))["weight"].shape == (1, 1)
    if installed("matplotlib"):
        assert f"curves drawn to {picture}" in lines
        assert picture.read_bytes().startswith(b"\x89PNG")
    else:
        assert not picture.exists()
        table = (tmp_path / "curves.csv").read_text().splitlines()
        assert table[0] == "epoch,loss,w,b" and len(table) == 61


@pytest.mark.parametrize("task, parameters", [("mlp", 17226), ("cnn", 6090)])
def test_train_digits_a_few_batches(capsys, tmp_path, task, parameters):
    checkpoint = tmp_path / f"{task}.pt"
    status, out, _ = run_main(capsys, "train", task, "--epochs", "2", "--max-batches", "8",
                              "--checkpoint", str(checkpoint))
    assert status == 0
    assert f"{parameters} parameters, 2 epochs on cpu" in out
    accuracy = float(out.split("final: ")[1].split("accuracy ")[1].split()[0])
    assert accuracy > 0.2  # chance is 0.1
    state = ember.load(str(checkpoint))
    assert sum(t.numel() for t in state.values()) == parameters


def test_train_charlm_few_batches_samples_text(capsys, tmp_path):
    status, out, _ = run_main(capsys, "train", "charlm", "--epochs", "1", "--max-batches", "2",
                              "--sample", "12", "--checkpoint", str(tmp_path / "lm.pt"))
    assert status == 0
    assert "valid loss" in out
    sample = out.split("sample:\n")[1].split("\nlast checkpoint")[0]
    assert sample.startswith("Shall I ") and len(sample) == len("Shall I ") + 12
    assert (tmp_path / "lm.pt").exists()


@pytest.mark.parametrize("args, message", [
    (("train",), "the following arguments are required: task"),
    (("train", "gan"), "invalid choice: 'gan'"),
    (("train", "mlp", "--epochs", "0"), "must be at least 1"),
    (("train", "mlp", "--epochs", "many"), "invalid positive integer value: 'many'"),
    (("train", "mlp", "--device", "tpu"), "--device tpu"),
])
def test_train_usage_errors(capsys, args, message):
    status, _, err = run_main(capsys, *args)
    assert status == 2
    assert message in err


def test_train_cuda_without_backend_is_a_usage_error(capsys):
    if ember.cuda.is_available():
        pytest.skip("a CUDA backend is installed here")
    status, _, err = run_main(capsys, "train", "mlp", "--device", "cuda")
    assert status == 2
    assert "no CUDA backend here" in err


# A cell that seeds and draws prints torch's CPU random stream.
TOUR_STEPS = [pytest.param(i, id=title, marks=cpu_only(CPU_RNG) if "manual_seed" in code else ())
              for i, (title, _, code) in enumerate(tour_cli.STEPS)]


@requires_torch
@pytest.mark.parametrize("step", TOUR_STEPS)
def test_tour_cells_print_what_pytorch_prints(capsys, step):
    """Each tour cell, run on torch instead of ember, prints the same (explain/draw aside)."""
    title, _, code = tour_cli.STEPS[step]

    def quiet(*args, **kwargs):
        return None

    outputs = []
    for module in (ember, TORCH):
        namespace = {"torch": module, "explain": quiet, "draw": quiet, "__name__": "cell"}
        tour_cli.run_cell(code, namespace)
        outputs.append(capsys.readouterr().out)
    # The cells make their tensors on the default device: on a device run, ember's reprs name it.
    assert as_cpu_text(outputs[0]) == outputs[1]


def test_grad_graph_without_graphviz_writes_the_dot_text(capsys, tmp_path, monkeypatch):
    from ember.viz import _dot
    monkeypatch.setattr(_dot.shutil, "which", lambda name: None)
    status, out, err = run_main(capsys, "grad", "x*2", "--at", "x=1", "--graph",
                                str(tmp_path / "f.svg"))
    assert status == 0
    assert out.splitlines()[-1] == "df/dx = 2"
    assert f"graph written to {tmp_path / 'f.dot'} as DOT text; draw it with: dot -Tsvg " \
        f"{tmp_path / 'f.dot'} -o {tmp_path / 'f.svg'}" in out
    assert err.startswith(f"--graph {tmp_path / 'f.svg'}: Graphviz not found")
    assert 'pip install -e ".[viz]"' in err and "apt-get install graphviz" in err
    assert not (tmp_path / "f.svg").exists()
    assert (tmp_path / "f.dot").read_text().startswith("digraph ember {")


def test_tour_without_graphviz_says_how_to_enable_pictures(capsys, tmp_path, monkeypatch):
    from ember.viz import _dot
    monkeypatch.setattr(_dot.shutil, "which", lambda name: None)
    status, out, _ = run_main(capsys, "tour", "--out", str(tmp_path / "pictures"))
    assert status == 0
    lines = [line for line in out.splitlines() if "Graphviz" in line]
    assert lines == ["Graph pictures: skipped, Graphviz not found (to draw them: pip install -e "
                     '".[viz]" and the dot program (apt-get install graphviz, brew install '
                     "graphviz))."]
    assert not (tmp_path / "pictures").exists()


# --- user errors: one line naming the input, exit status 2, no traceback ----------------------

@pytest.fixture
def a_folder(tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "file").write_text("")
    return tmp_path


@pytest.mark.parametrize("args, message", [
    (("train", "linreg", "--lr", "-1"), "argument --lr: must be a positive number, got -1"),
    (("train", "linreg", "--lr", "0"), "argument --lr: must be a positive number, got 0"),
    (("train", "linreg", "--lr", "nan"), "argument --lr: must be a positive number, got nan"),
    (("train", "linreg", "--lr", "fast"), "argument --lr: must be a number, got 'fast'"),
    (("train", "linreg", "--sample", "-3"), "argument --sample: must be at least 0, got -3"),
    (("train", "linreg", "--checkpoint", "{tmp}/missing/w.pt"),
     "--checkpoint {tmp}/missing/w.pt: the folder {tmp}/missing does not exist"),
    (("train", "linreg", "--checkpoint", "{tmp}/folder"),
     "--checkpoint {tmp}/folder: is a folder, give a file name"),
    (("train", "linreg", "--plot", "{tmp}/missing/c.png"),
     "--plot {tmp}/missing/c.png: the folder {tmp}/missing does not exist"),
    (("train", "linreg", "--plot", "{tmp}/curves.txt"), "--plot {tmp}/curves.txt: unknown format "
     ".txt; use one of .csv, .eps, .jpeg, .jpg, .pdf, .png, .ps, .svg, .tif, .tiff, .webp"),
    (("grad", "x", "--at", "x=1", "--graph", "{tmp}/missing/f.svg"),
     "--graph {tmp}/missing/f.svg: the folder {tmp}/missing does not exist"),
    (("grad", "x", "--at", "x=1", "--graph", "{tmp}/f.txt"),
     "--graph {tmp}/f.txt: unknown picture format .txt"),
    (("grad", "x +* 2", "--at", "x=1"), "invalid expression 'x +* 2': invalid syntax"),
    (("tour", "--out", "{tmp}/file"), "--out {tmp}/file: is a file, give a folder"),
])
def test_user_errors_are_one_line_and_exit_2(a_folder, args, message):
    args = [arg.format(tmp=a_folder) for arg in args]
    result = ember_cli(*args, cwd=a_folder)
    assert result.returncode == 2
    command = args[0]
    assert result.stderr == (f"ember {command}: error: {message.format(tmp=a_folder)}"
                             + result.stderr.split(message.format(tmp=a_folder))[1])
    assert result.stderr.endswith(f" (see ember {command} --help)\n")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stdout == ""
    assert sorted(path.name for path in a_folder.iterdir()) == ["file", "folder"]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="running as root, for whom every folder is writable")
def test_unwritable_checkpoint_folder_is_a_usage_error(capsys, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        status, out, err = run_main(capsys, "train", "linreg", "--checkpoint",
                                    str(locked / "w.pt"))
    finally:
        locked.chmod(0o700)
    assert status == 2
    assert f"--checkpoint {locked / 'w.pt'}: not writable" in err
    assert out == ""


def test_train_uses_the_learning_rate_given(capsys, tmp_path):
    status, out, _ = run_main(capsys, "train", "linreg", "--epochs", "2", "--lr", "0.25",
                              "--checkpoint", str(tmp_path / "w.pt"))
    assert status == 0
    assert "2 parameters, 2 epochs on cpu, learning rate 0.25" in out


def test_train_keeps_the_last_and_the_best_checkpoint(capsys, tmp_path, monkeypatch):
    accuracies = iter([0.5, 0.9, 0.7])
    monkeypatch.setattr(_tasks._Digits, "evaluate", lambda self: {"accuracy": next(accuracies)})
    saved = []
    real_save = ember.save
    monkeypatch.setattr(train_cli.ember, "save", lambda obj, path: saved.append(
        (os.path.basename(path), obj["0.bias"].clone())) or real_save(obj, path))
    status, out, _ = run_main(capsys, "train", "mlp", "--epochs", "3", "--max-batches", "2",
                              "--checkpoint", str(tmp_path / "mlp.pt"))
    assert status == 0
    assert [name for name, _ in saved] == ["mlp.pt", "mlp-best.pt", "mlp.pt", "mlp-best.pt",
                                           "mlp.pt"]
    assert f"last checkpoint (epoch 3) saved to {tmp_path / 'mlp.pt'}" in out
    assert (f"best checkpoint (epoch 2, accuracy 0.9000) saved to {tmp_path / 'mlp-best.pt'}"
            in out)
    assert ember.equal(ember.load(str(tmp_path / "mlp-best.pt"))["0.bias"], saved[3][1])
    assert ember.equal(ember.load(str(tmp_path / "mlp.pt"))["0.bias"], saved[4][1])


def _loss_turns(value, after):
    """A linreg loss that becomes ``value`` after ``after`` calls."""
    real = _tasks._LinearRegression.loss
    calls = []

    def loss(self, batch):
        calls.append(1)
        result = real(self, batch)
        return result * value if len(calls) > after else result
    return loss


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_train_divergence_in_the_first_epoch_leaves_the_old_checkpoint(capsys, tmp_path,
                                                                       monkeypatch, value):
    checkpoint = tmp_path / "w.pt"
    ember.save({"weight": ember.ones(1, 1)}, str(checkpoint))
    before = checkpoint.read_bytes()
    monkeypatch.setattr(_tasks._LinearRegression, "loss", _loss_turns(value, after=0))
    status, out, _ = run_main(capsys, "train", "linreg", "--epochs", "5", "--checkpoint",
                              str(checkpoint))
    assert status == 1
    assert f"training diverged (epoch 1, batch 1: the loss is {value}): stopped. Try a " \
        "smaller --lr." in out
    assert f"nothing saved: {checkpoint} was left as it was" in out
    assert checkpoint.read_bytes() == before
    assert not (tmp_path / "w-best.pt").exists()


def test_train_divergence_later_keeps_what_came_before(capsys, tmp_path, monkeypatch):
    checkpoint = tmp_path / "w.pt"
    monkeypatch.setattr(_tasks._LinearRegression, "loss", _loss_turns(float("nan"), after=3))
    status, out, _ = run_main(capsys, "train", "linreg", "--epochs", "9", "--checkpoint",
                              str(checkpoint))
    assert status == 1
    assert "training diverged (epoch 4, batch 1: the loss is nan)" in out
    assert f"last checkpoint (epoch 3) saved to {checkpoint}" in out
    state = ember.load(str(checkpoint))
    assert all(bool(ember.isfinite(t).all()) for t in state.values())
    assert "final:" not in out


def test_train_a_real_divergence_stops(capsys, tmp_path):
    status, out, _ = run_main(capsys, "train", "linreg", "--lr", "1000", "--epochs", "100",
                              "--checkpoint", str(tmp_path / "w.pt"))
    assert status == 1
    assert "training diverged (epoch " in out and "Try a smaller --lr." in out


def test_train_progress_lines_without_tqdm(capsys, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setattr(train_cli, "PROGRESS_EVERY", 0.0)
    status, out, _ = run_main(capsys, "train", "mlp", "--epochs", "1", "--max-batches", "4",
                              "--checkpoint", str(tmp_path / "w.pt"))
    assert status == 0
    progress = [line for line in out.splitlines() if line.startswith("  epoch 1/1: batch ")]
    assert [line.split(",")[0] for line in progress] == [
        "  epoch 1/1: batch 1/4", "  epoch 1/1: batch 2/4", "  epoch 1/1: batch 3/4"]


@requires("tqdm")
def test_train_progress_bar_with_tqdm(capsys, tmp_path):
    status, _, err = run_main(capsys, "train", "mlp", "--epochs", "1", "--max-batches", "4",
                              "--checkpoint", str(tmp_path / "w.pt"))
    assert status == 0
    assert "4/4" in err and "epoch 1, loss" in err


def test_train_plot_without_matplotlib_is_noted_first_and_writes_a_table(capsys, tmp_path,
                                                                         monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    noted_before_training = []
    real_train = train_cli.train

    def train(*args, **kwargs):
        noted_before_training.append(capsys.readouterr().err)
        return real_train(*args, **kwargs)
    monkeypatch.setattr(train_cli, "train", train)
    picture = tmp_path / "curves.png"
    status, out, _ = run_main(capsys, "train", "linreg", "--epochs", "3", "--plot", str(picture),
                              "--checkpoint", str(tmp_path / "w.pt"))
    assert status == 0
    assert noted_before_training == [
        f"--plot {picture}: matplotlib not found, the curves will be written as a table to "
        f"{tmp_path / 'curves.csv'} instead (to draw them: pip install -e \".[plot]\")\n"]
    assert f"curves written as a table to {tmp_path / 'curves.csv'}" in out
    rows = (tmp_path / "curves.csv").read_text().splitlines()
    assert rows[0] == "epoch,loss,w,b" and [row.split(",")[0] for row in rows[1:]] == ["1", "2",
                                                                                      "3"]
    assert not picture.exists()


@requires("matplotlib")
def test_train_plot_draws_a_png(capsys, tmp_path):
    picture = tmp_path / "curves.png"
    status, out, _ = run_main(capsys, "train", "mlp", "--epochs", "2", "--max-batches", "2",
                              "--plot", str(picture), "--checkpoint", str(tmp_path / "w.pt"))
    assert status == 0
    assert f"curves drawn to {picture}" in out
    assert picture.read_bytes().startswith(b"\x89PNG")


def test_train_plot_as_csv(capsys, tmp_path):
    table = tmp_path / "curves.csv"
    status, out, err = run_main(capsys, "train", "mlp", "--epochs", "2", "--max-batches", "2",
                                "--plot", str(table), "--checkpoint", str(tmp_path / "w.pt"))
    assert status == 0 and "matplotlib" not in err
    assert f"curves written as a table to {table}" in out
    rows = [row.split(",") for row in table.read_text().splitlines()]
    assert rows[0] == ["epoch", "loss", "accuracy"] and [row[0] for row in rows[1:]] == ["1", "2"]
    assert 0 <= float(rows[2][2]) <= 1
