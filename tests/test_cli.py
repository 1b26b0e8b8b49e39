"""The command line, run as a user runs it: ``python -m ember ...`` in a subprocess."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import INSTALL, TORCH, requires_torch

import ember
from ember import viz
from ember.cli import grad as grad_cli
from ember.cli import tour as tour_cli
from ember.cli import main

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
        assert "Graph pictures: skipped, Graphviz not found (pip install 'ember[viz]'" in text
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
    ("import os", "invalid expression"),
    ("x if x else x", "if-expressions not allowed"),
    ("x // 2", "operator FloorDiv is not allowed"),
    ("'text'", "only numbers are allowed"),
    ("exp(x, y)", "exp() takes exactly one argument"),
    ("exp.__globals__", "attribute access not allowed"),
    ("q + 1", "unknown name 'q': give its value with --at q=VALUE"),
    ("10**10**10", "cannot evaluate"),
    ("x**2 +", "invalid expression"),
])
def test_grad_rejects_anything_outside_the_whitelist(capsys, expression, message):
    status, out, err = run_main(capsys, "grad", expression, "--at", "x=1", "--at", "y=2")
    assert status == 2
    assert message in err
    assert err.startswith("usage: ember grad")
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
    assert "2 parameters, 60 epochs on cpu" in lines
    final = next(line for line in lines if line.startswith("final: "))
    w = float(final.split("w ")[1].split(",")[0])
    b = float(final.split("b ")[1])
    assert abs(w - 2) < 0.05 and abs(b - 1) < 0.05
    state = ember.load(str(checkpoint))
    assert sorted(state) == ["bias", "weight"]
    assert state["weight"].item() == pytest.approx(w, abs=1e-4)
    assert f"checkpoint saved to {checkpoint}" in result.stdout
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert "--plot needs matplotlib" in result.stdout and result.returncode == 1
    else:
        assert picture.read_bytes().startswith(b"\x89PNG")


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
    sample = out.split("sample:\n")[1].split("\ncheckpoint saved to")[0]
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


@requires_torch
@pytest.mark.parametrize("step", range(len(tour_cli.STEPS)), ids=lambda i: tour_cli.STEPS[i][0])
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
    assert outputs[0] == outputs[1]


def test_grad_graph_without_graphviz_says_how_to_install(capsys, tmp_path, monkeypatch):
    from ember.viz import _dot
    monkeypatch.setattr(_dot.shutil, "which", lambda name: None)
    status, out, err = run_main(capsys, "grad", "x*2", "--at", "x=1", "--graph",
                                str(tmp_path / "f.svg"))
    assert status == 1
    assert "pip install 'ember[viz]'" in err and "apt-get install graphviz" in err
    assert not (tmp_path / "f.svg").exists()


def test_tour_without_graphviz_says_how_to_enable_pictures(capsys, tmp_path, monkeypatch):
    from ember.viz import _dot
    monkeypatch.setattr(_dot.shutil, "which", lambda name: None)
    status, out, _ = run_main(capsys, "tour", "--out", str(tmp_path / "pictures"))
    assert status == 0
    lines = [line for line in out.splitlines() if "Graphviz" in line]
    assert lines == ["Graph pictures: skipped, Graphviz not found (pip install 'ember[viz]' and "
                     "apt-get install graphviz / brew install graphviz to enable them)."]
    assert not (tmp_path / "pictures").exists()
