"""SummaryWriter writes the event files torch's writes: the same events, field for field.

Each test logs through ember's writer (and, when torch is installed, through torch's with the same
calls into another folder), reads the files back with TensorBoard's own loaders and compares.
"""
import importlib
import os

import numpy as np
import pytest
from conftest import CPU_RNG, INSTALL, TORCH, cpu_only, installed, requires, requires_torch

import ember

with_tensorboard = requires("tensorboard")


def writer_class(lib):
    return importlib.import_module(f"{lib.__name__}.utils.tensorboard").SummaryWriter


def events(folder):
    """{relative subfolder: [Event with wall_time blanked, ...]} for every event file below."""
    from tensorboard.backend.event_processing.event_file_loader import RawEventFileLoader
    from tensorboard.compat.proto.event_pb2 import Event
    found = {}
    for root, _, files in os.walk(folder):
        names = [name for name in files if name.startswith("events.out.tfevents.")]
        # In the order written: the files' names end in the writing process's file counter.
        for name in sorted(names, key=lambda name: int(name.rsplit(".", 1)[-1])):
            loaded = found.setdefault(os.path.relpath(root, folder), [])
            for raw in RawEventFileLoader(os.path.join(root, name)).Load():
                event = Event.FromString(raw)
                event.wall_time = 0
                loaded.append(event)
    return found


def decoded(event):
    """An event's summary values as comparable tuples; HParams plugin data parsed (its maps
    serialize in a per-process order)."""
    from tensorboard.plugins.hparams.plugin_data_pb2 import HParamsPluginData
    values = []
    for value in event.summary.value:
        content = value.metadata.plugin_data.content
        if value.metadata.plugin_data.plugin_name == "hparams":
            content = HParamsPluginData.FromString(content)
            value.metadata.plugin_data.content = b""
        values.append((value.SerializeToString(), content))
    event.ClearField("summary")
    return event.SerializeToString(), values


def log_everything(lib, folder):
    """The calls a training script makes, through ``lib``'s SummaryWriter."""
    lib.manual_seed(0)
    writer = writer_class(lib)(folder)
    for step in range(3):
        writer.add_scalar("loss/train", lib.tensor(0.5 / (step + 1)), step)
        writer.add_scalar("lr", 0.1 * step, step, walltime=123.0)
    writer.add_scalar("new", 0.25, 2, new_style=True)
    writer.add_scalar("double", np.float64(0.1), 2, new_style=True, double_precision=True)
    writer.add_scalars("run/x", {"a": 1.0, "b": lib.tensor(2.0)}, 3)
    writer.add_histogram("weights", lib.randn(1000), 4)
    writer.add_histogram("shifted", lib.randn(100) * 1e-3 + 5, 4, bins="auto")
    writer.add_histogram("ramp", np.arange(100), 4, bins=10, max_bins=3)
    writer.add_histogram("merged", lib.randn(1000), 4, max_bins=50)
    writer.add_histogram("zeros", lib.zeros(10), 5)
    writer.add_histogram_raw("raw", 0, 2, 3, 3, 5, [1, 2, 3], [1, 1, 1], 6)
    writer.add_text("notes", "hello **world**", 5)
    writer.add_image("chw", lib.rand(3, 4, 5), 6)
    writer.add_image("hw", lib.rand(4, 5), 6, dataformats="HW")
    writer.add_image("hwc", (lib.rand(4, 5, 1) * 255).to(lib.uint8), 6, dataformats="HWC")
    writer.add_images("batch", lib.rand(10, 1, 3, 2), 7)
    writer.add_hparams({"lr": 0.1, "bs": 32, "opt": "sgd", "unset": None},
                       {"hparam/acc": 0.9}, {"opt": ["sgd", "adam"]}, run_name="hp")
    writer.flush()
    writer.close()
    writer.add_scalar("after_close", 1.0, 9)  # opens a new event file, as torch's does
    writer.close()


@with_tensorboard
def test_the_events_read_back_as_logged(tmp_path):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    log_everything(ember, str(tmp_path))
    accumulator = EventAccumulator(str(tmp_path), size_guidance={"images": 0})
    accumulator.Reload()
    assert [(e.step, e.value) for e in accumulator.Scalars("loss/train")] == \
        [(0, 0.5), (1, pytest.approx(0.25)), (2, pytest.approx(0.5 / 3))]
    assert [e.wall_time for e in accumulator.Scalars("lr")] == [123.0] * 3
    histogram = accumulator.Histograms("weights")[0].histogram_value
    assert histogram.num == 1000 and sum(histogram.bucket) == 1000
    assert histogram.bucket_limit == sorted(histogram.bucket_limit)
    assert accumulator.Images("chw")[0].width == 5 and accumulator.Images("chw")[0].height == 4
    runs = events(str(tmp_path))
    assert set(runs) == {".", "run_x_a", "run_x_b", "hp"}


@with_tensorboard
def test_an_image_keeps_its_pixels(tmp_path):
    from PIL import Image
    pixels = ember.randint(0, 256, (4, 6, 3), dtype=ember.uint8)
    with writer_class(ember)(str(tmp_path)) as writer:
        writer.add_image("img", pixels, 0, dataformats="HWC")
    (event,) = [e for e in events(str(tmp_path))["."] if e.summary.value]
    import io
    png = event.summary.value[0].image.encoded_image_string
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(png))), pixels.cpu().numpy())


@with_tensorboard
@requires_torch
@cpu_only(CPU_RNG)  # the logged values are draws of torch's CPU generator after manual_seed
def test_the_event_files_match_torchs(tmp_path):
    log_everything(ember, str(tmp_path / "ember"))
    log_everything(TORCH, str(tmp_path / "torch"))
    ours, theirs = events(str(tmp_path / "ember")), events(str(tmp_path / "torch"))
    assert set(ours) == set(theirs)
    for folder in theirs:
        assert [decoded(e) for e in ours[folder]] == [decoded(e) for e in theirs[folder]]


@with_tensorboard
@requires_torch
@pytest.mark.skipif(not installed("matplotlib"), reason=INSTALL["matplotlib"])
def test_a_figure_is_the_same_picture_as_torchs(tmp_path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    for lib in (ember, TORCH):
        figure = plt.figure(figsize=(2, 1), dpi=20)
        plt.plot([1, 2, 3])
        with writer_class(lib)(str(tmp_path / lib.__name__)) as writer:
            writer.add_figure("figure", figure, 8)
        assert not plt.fignum_exists(figure.number)  # closed after use, as close=True says
    ours, theirs = events(str(tmp_path / "ember")), events(str(tmp_path / "torch"))
    assert [decoded(e) for e in ours["."]] == [decoded(e) for e in theirs["."]]


def log_curves_layouts_tensors_audio(lib, folder):
    """The writer's other summaries: PR curves, Custom Scalars layouts, tensors, sound."""
    with writer_class(lib)(folder) as writer:
        labels = lib.tensor([0, 1, 1, 0, 1])
        scores = lib.tensor([0.1, 0.8, 0.6, 0.3, 1.0])
        writer.add_pr_curve("pr", labels, scores, 0, num_thresholds=5)
        writer.add_pr_curve("pr_bool", labels.bool(), scores.cpu().numpy(), 1, num_thresholds=300,
                            weights=np.array([1.0, 2.0, 0.5, 1.0, 3.0]))
        writer.add_pr_curve_raw("pr_raw", [3, 2], lib.tensor([1, 0]), [0, 1], [0, 1],
                                [0.75, 1.0], np.array([1.0, 0.5]), 2, num_thresholds=2)
        writer.add_custom_scalars({"losses": {"both": ["Multiline", ["train", "val"]],
                                              "band": ["Margin", ["m", "lo", "hi"]]}})
        writer.add_custom_scalars_multilinechart(["a", "b"], category="cat", title="t")
        writer.add_custom_scalars_marginchart(["x", "lo", "hi"])
        for dtype in (lib.float16, lib.bfloat16, lib.float32, lib.float64, lib.int8, lib.int32,
                      lib.int64, lib.uint8, lib.bool, lib.complex64):
            writer.add_tensor("t_" + str(dtype).rpartition(".")[2],
                              lib.tensor([[1.5, 0.0, 2.0]]).to(dtype), 3)
        writer.add_tensor("scalar", lib.tensor(3.25))
        writer.add_audio("sound", lib.sin(lib.arange(64.0) / 5), 4, sample_rate=8000)
        writer.add_audio("row", lib.linspace(-1, 1, 7, dtype=lib.float64).view(1, 7), 5)
        vertices = lib.tensor([[[0.0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1.5]]])
        writer.add_mesh("mesh", vertices=vertices, faces=lib.tensor([[[0, 1, 2], [0, 2, 3]]]),
                        colors=lib.tensor([[[255, 0, 0], [0, 255, 0], [0, 0, 255], [9, 9, 9]]]),
                        global_step=6)
        picture = lib.arange(3 * 40 * 60.0).view(3, 40, 60) / (3 * 40 * 60)
        writer.add_image_with_boxes("boxes", picture, lib.tensor([[5, 5, 40, 30]]), 8,
                                    labels=["cat"])
        writer.add_image_with_boxes("boxes_hwc", (picture * 255).to(lib.uint8).permute(1, 2, 0),
                                    lib.tensor([[2.5, 3, 50, 35], [10, 10, 20, 20]]), 9,
                                    dataformats="HWC", labels=["dog 0.97", "a long label"])
        writer.add_image_with_boxes("boxes_hw", picture[0], lib.tensor([[1, 1, 9, 9]]), 9,
                                    dataformats="HW", rescale=2)
        writer.add_mesh("cloud", vertices=vertices.double(), global_step=7,
                        config_dict={"z": 1, "camera": {"fov": 75, "cls": "PerspectiveCamera"}})


@with_tensorboard
def test_pr_curves_count_what_each_threshold_lets_through(tmp_path):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    from tensorboard.util import tensor_util
    log_curves_layouts_tensors_audio(ember, str(tmp_path))
    accumulator = EventAccumulator(str(tmp_path), size_guidance={"tensors": 0})
    accumulator.Reload()
    curve = tensor_util.make_ndarray(accumulator.Tensors("pr")[0].tensor_proto)
    labels, scores = np.array([0, 1, 1, 0, 1]), np.array([0.1, 0.8, 0.6, 0.3, 1.0])
    for i, threshold in enumerate(np.arange(5) / 4):
        kept = scores >= threshold
        tp, fp = (kept & (labels == 1)).sum(), (kept & (labels == 0)).sum()
        assert curve[:4, i].tolist() == [tp, fp, 2 - fp, 3 - tp]
        assert curve[4, i] == pytest.approx(tp / max(tp + fp, 1e-7))
        assert curve[5, i] == pytest.approx(tp / 3)
    assert tensor_util.make_ndarray(accumulator.Tensors("pr_bool")[0].tensor_proto).shape == \
        (6, 127)  # at most 127 thresholds
    tensor = tensor_util.make_ndarray(accumulator.Tensors("t_int64")[0].tensor_proto)
    assert tensor.dtype == np.int64 and tensor.tolist() == [[1, 0, 2]]


@with_tensorboard
def test_a_mesh_logs_its_vertices_faces_and_colours(tmp_path):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    from tensorboard.plugins.mesh.plugin_data_pb2 import MeshPluginData
    from tensorboard.util import tensor_util
    log_curves_layouts_tensors_audio(ember, str(tmp_path))
    accumulator = EventAccumulator(str(tmp_path), size_guidance={"tensors": 0})
    accumulator.Reload()
    faces = accumulator.Tensors("mesh_FACE")[0]
    assert faces.step == 6
    assert tensor_util.make_ndarray(faces.tensor_proto).tolist() == [[[0, 1, 2], [0, 2, 3]]]
    data = MeshPluginData.FromString(
        accumulator.SummaryMetadata("mesh_FACE").plugin_data.content)
    assert (data.name, list(data.shape), data.components) == ("mesh", [1, 2, 3], 14)
    assert "cloud_FACE" not in accumulator.Tags()["tensors"]


@with_tensorboard
def test_boxes_are_drawn_in_red_on_the_picture(tmp_path):
    import io

    from PIL import Image
    with writer_class(ember)(str(tmp_path)) as writer:
        writer.add_image_with_boxes("det", ember.zeros(3, 10, 12), ember.tensor([[1, 2, 8, 7]]))
    (event,) = [e for e in events(str(tmp_path))["."] if e.summary.value]
    pixels = np.asarray(Image.open(io.BytesIO(event.summary.value[0].image.encoded_image_string)))
    red = pixels[..., 0] == 255
    assert not pixels[..., 1:].any() and red[1:9, 1:3].all() and red[1:3, 1:9].all()
    assert red.sum() == 8 * 8 - 4 * 4 and not red[3:7, 3:7].any()  # an outline, 2 px wide


@with_tensorboard
def test_audio_is_a_wav_of_the_samples(tmp_path):
    import io
    import wave
    samples = ember.sin(ember.arange(64.0) / 5)
    with writer_class(ember)(str(tmp_path)) as writer:
        writer.add_audio("sound", samples, 0, sample_rate=8000)
    (event,) = [e for e in events(str(tmp_path))["."] if e.summary.value]
    audio = event.summary.value[0].audio
    assert (audio.sample_rate, audio.num_channels, audio.length_frames) == (8000, 1, 64)
    with wave.open(io.BytesIO(audio.encoded_audio_string)) as file:
        assert (file.getframerate(), file.getnchannels(), file.getsampwidth()) == (8000, 1, 2)
        pcm = np.frombuffer(file.readframes(64), dtype="<i2")
    assert np.array_equal(pcm, (samples.cpu().numpy() * 32767).astype(np.int16))


@with_tensorboard
@requires_torch
def test_curves_layouts_tensors_and_audio_match_torchs(tmp_path, capsys):
    log_curves_layouts_tensors_audio(ember, str(tmp_path / "ember"))
    log_curves_layouts_tensors_audio(TORCH, str(tmp_path / "torch"))
    ours, theirs = events(str(tmp_path / "ember")), events(str(tmp_path / "torch"))
    assert [decoded(e) for e in ours["."]] == [decoded(e) for e in theirs["."]]
    with writer_class(ember)(str(tmp_path / "loud")) as writer:
        writer.add_audio("loud", ember.tensor([0.5, 1.5, -2.0]), 0)
    assert capsys.readouterr().out == "warning: audio amplitude out of range, auto clipped.\n"


def log_embeddings(lib, folder):
    """Projector embeddings: labels, a metadata table, thumbnails, a tag needing escapes."""
    lib.manual_seed(0)
    with writer_class(lib)(folder) as writer:
        writer.add_embedding(lib.randn(4, 3), metadata=["a", "b", "c", "d"], tag="words")
        writer.add_embedding(lib.randn(3, 2, dtype=lib.float64),
                             metadata=[[1, "x"], [2, "y"], [3, "z"]],
                             metadata_header=["id", "name"], global_step=12)
        writer.add_embedding(np.arange(10.0).reshape(5, 2), metadata=lib.tensor([1, 2, 3, 4, 5]),
                             label_img=lib.arange(90.0).view(5, 3, 2, 3) / 90, tag="a/b%c",
                             global_step=3)
        writer.add_embedding(lib.ones(2, 2, dtype=lib.float16), label_img=lib.rand(2, 1, 2, 2),
                             tag="grey")
        writer.add_embedding(lib.randn(2, 2), tag="words")  # the same folder: a warning


def files_below(folder):
    """{relative path: bytes} of every file below ``folder`` but the event files."""
    return {os.path.relpath(os.path.join(root, name), folder):
            open(os.path.join(root, name), "rb").read()
            for root, _, names in os.walk(folder) for name in names
            if not name.startswith("events.out.tfevents.")}


@with_tensorboard
def test_an_embedding_is_saved_for_the_projector(tmp_path, capsys):
    log_embeddings(ember, str(tmp_path))
    files = files_below(str(tmp_path))
    assert set(files) == {"00000/words/metadata.tsv", "00000/words/tensors.tsv",
                          "00012/default/metadata.tsv", "00012/default/tensors.tsv",
                          "00003/a%2fb%25c/metadata.tsv", "00003/a%2fb%25c/tensors.tsv",
                          "00003/a%2fb%25c/sprite.png", "00000/grey/tensors.tsv",
                          "00000/grey/sprite.png", "projector_config.pbtxt"}
    assert files["00000/words/metadata.tsv"] == b"a\nb\nc\nd\n"
    assert files["00012/default/metadata.tsv"] == b"id\tname\n1\tx\n2\ty\n3\tz\n"
    assert files["00003/a%2fb%25c/tensors.tsv"].decode().splitlines()[2] == "4.0\t5.0"
    assert capsys.readouterr().out.count("Embedding dir exists") == 1
    config = files["projector_config.pbtxt"].decode()
    assert config.count("embeddings {") == 5 and 'tensor_name: "a/b%c:00003"' in config


@with_tensorboard
@requires_torch
@cpu_only(CPU_RNG)  # the points are draws of torch's CPU generator after manual_seed
def test_embedding_files_match_torchs(tmp_path, capsys):
    log_embeddings(ember, str(tmp_path / "ember"))
    ours_printed = capsys.readouterr().out
    log_embeddings(TORCH, str(tmp_path / "torch"))
    assert ours_printed == capsys.readouterr().out
    assert files_below(str(tmp_path / "ember")) == files_below(str(tmp_path / "torch"))


BAD_CALLS = [
    lambda w, lib: w.add_scalar("x", lib.ones(2)),
    lambda w, lib: w.add_scalar("x", None),
    lambda w, lib: w.add_scalar("x", "abc"),
    lambda w, lib: w.add_hparams([1], {}),
    lambda w, lib: w.add_hparams({"a": 1}, {}, {"a": [1, "x"]}),
    lambda w, lib: w.add_hparams({"a": 1}, {}, {"b": [1]}),
    lambda w, lib: w.add_hparams({"a": [1]}, {}),
    lambda w, lib: w.add_image("x", lib.rand(3, 4)),
    lambda w, lib: w.add_image("x", lib.rand(3, 4, 4), dataformats="CCH"),
    lambda w, lib: w.add_histogram_raw("x", 0, 1, 1, 1, 1, [1, 2], [1]),
    lambda w, lib: w.add_audio("x", lib.rand(2, 3)),
    lambda w, lib: w.add_custom_scalars_marginchart(["a", "b"]),
    lambda w, lib: w.add_custom_scalars({"c": {"t": ["Margin", ["a"]]}}),
    lambda w, lib: w.add_tensor("x", [1.0]),
    lambda w, lib: w.add_pr_curve_raw("x", [1], [1], [1], [1], [1], [1, 2]),
    lambda w, lib: w.add_embedding(lib.ones(2, 2), metadata=["a"]),
    lambda w, lib: w.add_embedding(lib.ones(2, 2), label_img=lib.rand(3, 3, 2, 2)),
    lambda w, lib: w.add_embedding(lib.ones(2, 2, 2)),
]


@with_tensorboard
@requires_torch
@pytest.mark.parametrize("call", range(len(BAD_CALLS)))
def test_bad_input_raises_torchs_error(tmp_path, call):
    raised = []
    for lib in (ember, TORCH):
        writer = writer_class(lib)(str(tmp_path / lib.__name__))
        with pytest.raises(Exception) as error:
            BAD_CALLS[call](writer, lib)
        writer.close()
        raised.append((type(error.value), str(error.value).replace(str(tmp_path / lib.__name__),
                                                                   "")))
    assert raised[0] == raised[1]


@with_tensorboard
def test_purge_step_writes_the_restart_marker(tmp_path):
    from tensorboard.compat.proto.event_pb2 import SessionLog
    with writer_class(ember)(str(tmp_path), purge_step=5) as writer:
        writer.add_scalar("x", 1.0, 5)
    logged = events(str(tmp_path))["."]
    assert [e.step for e in logged[1:]] == [5, 5, 5]
    assert logged[2].session_log.status == SessionLog.START


@with_tensorboard
def test_the_default_folder_is_runs_date_host_comment(tmp_path, monkeypatch):
    import socket
    monkeypatch.chdir(tmp_path)
    writer = writer_class(ember)(comment="_lr0.1")
    writer.close()
    folder = writer.get_logdir()
    assert folder.startswith("runs" + os.sep) and folder.endswith(socket.gethostname() + "_lr0.1")
    assert os.path.isdir(tmp_path / folder)


@with_tensorboard
def test_add_graph_says_what_to_use_instead(tmp_path):
    with writer_class(ember)(str(tmp_path)) as writer, \
            pytest.raises(NotImplementedError, match="ember.viz.graph"):
        writer.add_graph(ember.nn.Linear(2, 2), ember.ones(1, 2))


@pytest.mark.skipif(installed("tensorboard"), reason="tensorboard is installed here: this checks "
                                                     "the import error without it")
def test_without_tensorboard_the_import_fails_as_torchs_does():
    with pytest.raises(ModuleNotFoundError, match="No module named 'tensorboard'"):
        importlib.import_module("ember.utils.tensorboard")
