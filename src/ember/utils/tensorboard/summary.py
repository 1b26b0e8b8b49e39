"""The ``Summary`` protocol buffers behind SummaryWriter's ``add_*`` methods.

Each function turns tensors, arrays or Python values into one TensorBoard ``Summary`` (TensorBoard's
own protobuf classes), laid out as torch's SummaryWriter lays it out, so that the event files of
the two agree field for field.
"""
import io

import numpy as np
from tensorboard.compat.proto.summary_pb2 import HistogramProto, Summary, SummaryMetadata
from tensorboard.compat.proto.tensor_pb2 import TensorProto
from tensorboard.compat.proto.tensor_shape_pb2 import TensorShapeProto

__all__ = ["scalar", "histogram", "histogram_raw", "image", "text", "hparams", "default_bins",
           "figure_to_image", "make_np", "pr_curve", "pr_curve_raw", "compute_curve",
           "custom_scalars", "tensor_proto", "audio", "escape_tag", "write_metadata",
           "write_sprite", "mesh", "image_boxes"]


def make_np(x):
    """``x`` as a NumPy array: arrays as they are, Python/NumPy scalars as one-element arrays,
    tensors detached and copied to the host."""
    from ... import Tensor
    if isinstance(x, np.ndarray):
        return x
    if np.isscalar(x):
        return np.array([x])
    if isinstance(x, Tensor):
        return x.detach().cpu().numpy()
    raise NotImplementedError(f"Got {type(x)}, but numpy array or torch tensor are expected.")


def scalar(name, tensor, collections=None, new_style=False, double_precision=False):
    """A one-number summary: the classic ``simple_value``, or with ``new_style`` a scalar tensor
    (float32, or float64 with ``double_precision``) tagged for the scalars plugin."""
    array = make_np(tensor).squeeze()
    if array.ndim != 0:
        raise AssertionError(f"Tensor should contain one element (0 dimensions). "
                             f"            Was given size: {array.size} and {array.ndim} "
                             f"dimensions.")
    value = float(array)
    if not new_style:
        return Summary(value=[Summary.Value(tag=name, simple_value=value)])
    if double_precision:
        proto = TensorProto(double_val=[value], dtype="DT_DOUBLE")
    else:
        proto = TensorProto(float_val=[value], dtype="DT_FLOAT")
    metadata = SummaryMetadata(plugin_data=SummaryMetadata.PluginData(plugin_name="scalars"))
    return Summary(value=[Summary.Value(tag=name, tensor=proto, metadata=metadata)])


def default_bins():
    """TensorFlow's histogram bucket edges: ±1e-12·1.1^k up to 1e20 in magnitude, and 0.

    Buckets grow by 10% so that the same edges serve weights of any scale.
    """
    positive = []
    edge = 1e-12
    while edge < 1e20:
        positive.append(edge)
        edge *= 1.1
    return [-e for e in reversed(positive)] + [0] + positive


def histogram_raw(name, min, max, num, sum, sum_squares, bucket_limits, bucket_counts):
    """A histogram summary from precomputed statistics, bucket right edges and counts."""
    proto = HistogramProto(min=min, max=max, num=num, sum=sum, sum_squares=sum_squares,
                           bucket_limit=bucket_limits, bucket=bucket_counts)
    return Summary(value=[Summary.Value(tag=name, histo=proto)])


def histogram(name, values, bins, max_bins=None):
    """A histogram summary of ``values`` (flattened, as float64).

    NumPy's histogram counts the values between ``bins``' edges; with ``max_bins``, neighbouring
    buckets are summed in groups until at most that many remain. The proto keeps the buckets from
    one empty bucket before the first non-empty one to the last non-empty one, each bucket
    described by its right edge.
    """
    values = make_np(values).astype(float).reshape(-1)
    counts, edges = np.histogram(values, bins=bins)
    if max_bins is not None and len(counts) > max_bins:
        group = len(counts) // max_bins
        short = len(counts) % group
        if short:
            counts = np.pad(counts, (0, group - short), constant_values=0)
        counts = counts.reshape(-1, group).sum(axis=-1)
        grouped = np.empty(len(counts) + 1, dtype=edges.dtype)
        grouped[:-1] = edges[:-1:group][:len(counts)]
        grouped[-1] = edges[-1]
        edges = grouped
    filled = np.nonzero(counts)[0]
    if filled.size == 0:
        first, last = 0, len(counts) - 1
    else:
        first, last = int(filled[0]), int(filled[-1])
    if first > 0:
        kept_counts = counts[first - 1:last + 1]
    else:
        kept_counts = np.concatenate([[0], counts[:last + 1]])
    kept_edges = edges[first:last + 2]
    if kept_counts.size == 0 or kept_edges.size == 0:
        raise ValueError("The histogram is empty, please file a bug report.")
    return histogram_raw(name, min=values.min(), max=values.max(), num=len(values),
                         sum=values.sum(), sum_squares=values.dot(values),
                         bucket_limits=kept_edges.tolist(), bucket_counts=kept_counts.tolist())


def _to_hwc(array, dataformats):
    """An image array laid out as ``dataformats`` says, as height × width × 3 (or 4) channels;
    a batch ("N...") is tiled into a grid first, grey images get three equal channels."""
    if len(set(dataformats)) != len(dataformats):
        raise AssertionError(f"You can not use the same dimension shorthand twice.             "
                             f"input_format: {dataformats}")
    if array.ndim != len(dataformats):
        raise AssertionError(f"size of input tensor and input format are different.         "
                             f"tensor shape: {array.shape}, input_format: {dataformats}")
    dataformats = dataformats.upper()
    if len(dataformats) == 4:
        return _grid(array.transpose([dataformats.find(c) for c in "NCHW"])).transpose(1, 2, 0)
    if len(dataformats) == 3:
        hwc = array.transpose([dataformats.find(c) for c in "HWC"])
        return np.concatenate([hwc] * 3, 2) if hwc.shape[2] == 1 else hwc
    hw = array.transpose([dataformats.find(c) for c in "HW"])
    return np.stack([hw] * 3, 2)


def _grid(batch, ncols=8):
    """A batch of images (N, C, H, W) tiled row by row, ``ncols`` to a row, on a zero canvas."""
    if batch.shape[1] == 1:
        batch = np.concatenate([batch] * 3, 1)
    if batch.ndim != 4 or batch.shape[1] not in (3, 4):
        raise AssertionError("the images of a batch need 1, 3 or 4 channels")
    count, channels, height, width = batch.shape
    ncols = min(count, ncols)
    nrows = -(-count // ncols)
    canvas = np.zeros((channels, height * nrows, width * ncols), dtype=batch.dtype)
    for i in range(count):
        row, col = divmod(i, ncols)
        canvas[:, row * height:(row + 1) * height, col * width:(col + 1) * width] = batch[i]
    return canvas


def _pixels(array):
    """HWC values as 8-bit pixels: floats in [0, 1] scaled by 255, uint8 as they are."""
    scale = 1 if array.dtype == np.uint8 else 255
    return (array.astype(np.float32) * scale).clip(0, 255).astype(np.uint8)


def image(tag, tensor, rescale=1, dataformats="NCHW"):
    """An image summary: the pixels (floats in [0, 1], or uint8 as they are) as 8-bit PNG."""
    return _png_summary(tag, _pixels(_to_hwc(make_np(tensor), dataformats)), rescale)


def image_boxes(tag, tensor_image, tensor_boxes, rescale=1, dataformats="CHW", labels=None):
    """An image summary of one picture with boxes drawn on it: each (xmin, ymin, xmax, ymax)
    row of ``tensor_boxes`` as a red outline two pixels wide, its label (if any) in black on
    a red band along the box's bottom edge, in Pillow's default font."""
    from PIL import Image, ImageDraw, ImageFont
    pixels = _pixels(_to_hwc(make_np(tensor_image), dataformats))
    boxes = make_np(tensor_boxes)
    picture = Image.fromarray(pixels)
    draw = ImageDraw.Draw(picture)
    font = ImageFont.load_default()
    for i, (left, top, right, bottom) in enumerate(boxes.tolist()):
        draw.line([(left, top), (left, bottom), (right, bottom), (right, top), (left, top)],
                  width=2, fill="red")
        if labels is not None:
            x0, y0, x1, y1 = font.getbbox(labels[i])
            text_width, text_height = x1 - x0, y1 - y0
            margin = np.ceil(0.05 * text_height)
            draw.rectangle([(left, bottom - text_height - 2 * margin),
                            (left + text_width, bottom)], fill="red")
            draw.text((left + margin, bottom - text_height - margin), labels[i], fill="black",
                      font=font)
    return _png_summary(tag, np.asarray(picture), rescale)


def _png_summary(tag, pixels, rescale=1):
    """An image summary of HWC uint8 ``pixels``, encoded as PNG by Pillow."""
    height, width, channels = pixels.shape
    try:
        from PIL import Image
    except ImportError as error:
        raise ImportError("add_image writes PNG through Pillow: pip install pillow") from error
    picture = Image.fromarray(pixels)
    if rescale != 1:
        picture = picture.resize((int(width * rescale), int(height * rescale)), Image.LANCZOS)
    encoded = io.BytesIO()
    picture.save(encoded, format="PNG")
    proto = Summary.Image(height=height, width=width, colorspace=channels,
                          encoded_image_string=encoded.getvalue())
    return Summary(value=[Summary.Value(tag=tag, image=proto)])


def figure_to_image(figures, close=True):
    """A matplotlib figure rendered to a uint8 (3, H, W) array, or a list of them to (N, 3, H, W);
    the figures are closed afterwards unless ``close=False``."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    def render(figure):
        canvas = FigureCanvasAgg(figure)
        canvas.draw()
        width, height = figure.canvas.get_width_height()
        rgba = np.frombuffer(canvas.buffer_rgba(), dtype=np.uint8).reshape(height, width, 4)
        if close:
            import matplotlib.pyplot as plt
            plt.close(figure)
        return np.moveaxis(rgba[:, :, :3], 2, 0)

    if isinstance(figures, list):
        return np.stack([render(figure) for figure in figures])
    return render(figures)


def text(tag, text):
    """A text summary (tag ``TAG/text_summary``) for TensorBoard's text plugin."""
    from tensorboard.plugins.text.plugin_data_pb2 import TextPluginData
    metadata = SummaryMetadata(plugin_data=SummaryMetadata.PluginData(
        plugin_name="text", content=TextPluginData(version=0).SerializeToString()))
    proto = TensorProto(dtype="DT_STRING", string_val=[text.encode("utf_8")],
                        tensor_shape=TensorShapeProto(dim=[TensorShapeProto.Dim(size=1)]))
    return Summary(value=[Summary.Value(tag=tag + "/text_summary", metadata=metadata,
                                        tensor=proto)])


def _hparams_summary(tag, data):
    """One summary value carrying HParams plugin data (its content is the serialized ``data``)."""
    metadata = SummaryMetadata(plugin_data=SummaryMetadata.PluginData(
        plugin_name="hparams", content=data.SerializeToString()))
    return Summary(value=[Summary.Value(tag=tag, metadata=metadata)])


def hparams(hparam_dict=None, metric_dict=None, hparam_domain_discrete=None):
    """The three summaries of TensorBoard's HParams tab: the experiment (each hyperparameter's
    name, type and optional list of values; the metrics' names), the session start (this run's
    values) and the session end."""
    from google.protobuf.struct_pb2 import ListValue, Value
    from tensorboard.plugins.hparams.api_pb2 import (DataType, Experiment, HParamInfo,
                                                     MetricInfo, MetricName, Status)
    from tensorboard.plugins.hparams.plugin_data_pb2 import (HParamsPluginData, SessionEndInfo,
                                                             SessionStartInfo)

    from ... import Tensor
    if not isinstance(hparam_dict, dict):
        raise TypeError("parameter: hparam_dict should be a dictionary, nothing logged.")
    domains = hparam_domain_discrete or {}
    if not isinstance(domains, dict):
        raise TypeError("parameter: hparam_domain_discrete should be a dictionary, "
                        "nothing logged.")
    for name, values in domains.items():
        if (name not in hparam_dict or not isinstance(values, list)
                or not all(isinstance(v, type(hparam_dict[name])) for v in values)):
            raise TypeError(f"parameter: hparam_domain_discrete[{name}] should be a list of same "
                            f"type as hparam_dict[{name}].")

    def domain(name, field):
        if name not in domains:
            return None
        return ListValue(values=[Value(**{field: v}) for v in domains[name]])

    infos = []
    start = SessionStartInfo()
    for name, value in hparam_dict.items():
        if value is None:
            continue
        if isinstance(value, Tensor):
            value = make_np(value).reshape(-1)[0]
        if isinstance(value, (int, float, np.number)) and not isinstance(value, np.bool_):
            start.hparams[name].number_value = value
            field, kind = "number_value", "DATA_TYPE_FLOAT64"
        elif isinstance(value, str):
            start.hparams[name].string_value = value
            field, kind = "string_value", "DATA_TYPE_STRING"
        elif isinstance(value, (bool, np.bool_)):
            start.hparams[name].bool_value = bool(value)
            field, kind = "bool_value", "DATA_TYPE_BOOL"
        else:
            raise ValueError("value should be one of int, float, str, bool, or torch.Tensor")
        infos.append(HParamInfo(name=name, type=DataType.Value(kind),
                                domain_discrete=domain(name, field)))
    metrics = [MetricInfo(name=MetricName(tag=name)) for name in (metric_dict or {})]
    experiment = Experiment(hparam_infos=infos, metric_infos=metrics)
    end = SessionEndInfo(status=Status.Value("STATUS_SUCCESS"))
    return (_hparams_summary("_hparams_/experiment",
                             HParamsPluginData(experiment=experiment, version=0)),
            _hparams_summary("_hparams_/session_start_info",
                             HParamsPluginData(session_start_info=start, version=0)),
            _hparams_summary("_hparams_/session_end_info",
                             HParamsPluginData(session_end_info=end, version=0)))


def compute_curve(labels, predictions, num_thresholds=127, weights=None):
    """The six rows of a precision-recall curve at ``num_thresholds`` evenly spaced thresholds
    over [0, 1]: true positives, false positives, true negatives, false negatives, precision
    and recall, each counted (with ``weights``) over the predictions at or above a threshold.
    """
    labels = np.asarray(labels, dtype=np.float64).reshape(-1)
    predictions = np.asarray(predictions, dtype=np.float64).reshape(-1)
    weights = 1.0 if weights is None else np.asarray(weights, dtype=np.float64).reshape(-1)
    buckets = np.floor(predictions * (num_thresholds - 1)).astype(np.int64)
    positives = np.bincount(buckets, weights=labels * weights, minlength=num_thresholds)
    negatives = np.bincount(buckets, weights=(1 - labels) * weights, minlength=num_thresholds)
    tp = np.cumsum(positives[::-1])[::-1]
    fp = np.cumsum(negatives[::-1])[::-1]
    tn = fp[0] - fp
    fn = tp[0] - tp
    tiny = 1e-7
    precision = tp / np.maximum(tiny, tp + fp)
    recall = tp / np.maximum(tiny, tp + fn)
    return np.stack([tp, fp, tn, fn, precision, recall])


def _pr_summary(tag, data, num_thresholds):
    from tensorboard.plugins.pr_curve.plugin_data_pb2 import PrCurvePluginData
    metadata = SummaryMetadata(plugin_data=SummaryMetadata.PluginData(
        plugin_name="pr_curves",
        content=PrCurvePluginData(version=0, num_thresholds=num_thresholds).SerializeToString()))
    data = np.asarray(data, dtype=np.float32)
    proto = TensorProto(dtype="DT_FLOAT", float_val=data.reshape(-1).tolist(),
                        tensor_shape=TensorShapeProto(
                            dim=[TensorShapeProto.Dim(size=n) for n in data.shape]))
    return Summary(value=[Summary.Value(tag=tag, metadata=metadata, tensor=proto)])


def pr_curve(tag, labels, predictions, num_thresholds=127, weights=None):
    """A precision-recall curve summary for TensorBoard's PR-curves plugin (at most 127
    thresholds)."""
    num_thresholds = min(num_thresholds, 127)
    return _pr_summary(tag, compute_curve(labels, predictions, num_thresholds, weights),
                       num_thresholds)


def pr_curve_raw(tag, tp, fp, tn, fn, precision, recall, num_thresholds=127, weights=None):
    """A precision-recall curve summary from counts and ratios already computed per
    threshold."""
    num_thresholds = min(num_thresholds, 127)
    return _pr_summary(tag, np.stack([tp, fp, tn, fn, precision, recall]), num_thresholds)


def custom_scalars(layout):
    """The layout summary of TensorBoard's Custom Scalars tab: ``layout`` maps a category to
    its charts, each chart title to ``["Multiline", [tags]]`` or ``["Margin", [value, lower,
    upper]]``."""
    from tensorboard.plugins.custom_scalar.layout_pb2 import (Category, Chart, Layout,
                                                            MarginChartContent,
                                                            MultilineChartContent)
    categories = []
    for category, charts in layout.items():
        protos = []
        for title, (kind, tags) in charts.items():
            if kind == "Margin":
                if len(tags) != 3:
                    raise AssertionError("len(tags) != 3")
                series = MarginChartContent.Series(value=tags[0], lower=tags[1],
                                                         upper=tags[2])
                protos.append(Chart(title=title, margin=MarginChartContent(
                    series=[series])))
            else:
                protos.append(Chart(title=title, multiline=MultilineChartContent(
                    tag=tags)))
        categories.append(Category(title=category, chart=protos))
    metadata = SummaryMetadata(plugin_data=SummaryMetadata.PluginData(
        plugin_name="custom_scalars"))
    proto = TensorProto(dtype="DT_STRING",
                        string_val=[Layout(category=categories).SerializeToString()],
                        tensor_shape=TensorShapeProto())
    return Summary(value=[Summary.Value(tag="custom_scalars__config__", tensor=proto,
                                        metadata=metadata)])


# dtype name -> (TensorProto dtype, the repeated field its values go to)
_TENSOR_FIELDS = {
    "float16": ("DT_HALF", "half_val"), "bfloat16": ("DT_BFLOAT16", "half_val"),
    "float32": ("DT_FLOAT", "float_val"), "float64": ("DT_DOUBLE", "double_val"),
    "int8": ("DT_INT8", "int_val"), "int16": ("DT_INT16", "int_val"),
    "int32": ("DT_INT32", "int_val"), "int64": ("DT_INT64", "int64_val"),
    "uint8": ("DT_UINT8", "uint32_val"), "bool": ("DT_BOOL", "bool_val"),
    "complex64": ("DT_COMPLEX64", "scomplex_val"),
    "complex128": ("DT_COMPLEX128", "dcomplex_val"),
}


def tensor_proto(tag, tensor):
    """A summary holding a whole tensor (its dtype and shape kept) for the tensor plugin."""
    from ... import Tensor
    if not isinstance(tensor, Tensor):
        raise AttributeError(f"'{type(tensor).__name__}' object has no attribute 'numel'")
    name = str(tensor.dtype).rpartition(".")[2]
    if name not in _TENSOR_FIELDS:
        raise TypeError(f"add_tensor cannot write a tensor of dtype {tensor.dtype}")
    dtype, field = _TENSOR_FIELDS[name]
    if name in ("float16", "bfloat16"):
        # the values as float32, stored by their bit patterns (as torch's writer stores them)
        values = make_np(tensor.float()).astype(np.float32).view(np.int32).reshape(-1).tolist()
    elif name.startswith("complex"):
        array = make_np(tensor).reshape(-1)
        values = np.stack([array.real, array.imag], axis=-1).reshape(-1).tolist()
    else:
        values = make_np(tensor).reshape(-1).tolist()
    proto = TensorProto(dtype=dtype, tensor_shape=TensorShapeProto(
        dim=[TensorShapeProto.Dim(size=n) for n in tensor.shape]), **{field: values})
    metadata = SummaryMetadata(plugin_data=SummaryMetadata.PluginData(plugin_name="tensor"))
    return Summary(value=[Summary.Value(tag=tag, tensor=proto, metadata=metadata)])


def audio(tag, tensor, sample_rate=44100):
    """An audio summary: one channel of samples in [-1, 1] (clipped) as 16-bit PCM WAV."""
    import wave
    array = make_np(tensor).squeeze()
    if array.ndim != 1:
        raise AssertionError("input tensor should be 1 dimensional.")
    if np.abs(array).max(initial=0) > 1:
        print("warning: audio amplitude out of range, auto clipped.")  # torch's words, on stdout
    pcm = (np.clip(array, -1, 1) * np.iinfo(np.int16).max).astype("<i2")
    encoded = io.BytesIO()
    with wave.open(encoded, "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(sample_rate)
        file.writeframes(pcm.tobytes())
    proto = Summary.Audio(sample_rate=sample_rate, num_channels=1, length_frames=len(pcm),
                          encoded_audio_string=encoded.getvalue(), content_type="audio/wav")
    return Summary(value=[Summary.Value(tag=tag, audio=proto)])


def escape_tag(tag):
    """``tag`` made safe as one folder name: ``%``, ``/`` and ``\\`` become ``%25``, ``%2f``,
    ``%5c``."""
    for char in "%/\\":
        tag = tag.replace(char, f"%{ord(char):02x}")
    return tag


def write_metadata(folder, metadata, header=None):
    """``metadata.tsv``: one label per line, or tab-separated rows under a ``header`` row."""
    with open(f"{folder}/metadata.tsv", "w", encoding="utf-8") as file:
        if header is None:
            lines = [str(label) for label in metadata]
        else:
            lines = ["\t".join(str(h) for h in header)]
            lines += ["\t".join(str(value) for value in row) for row in metadata]
        file.write("".join(line + "\n" for line in lines))


def write_sprite(folder, images):
    """``sprite.png``: the N × C × H × W thumbnails tiled ceil(sqrt(N)) to a row, top left on a
    black square canvas (grey thumbnails get three equal channels)."""
    from PIL import Image
    if images.shape[1] == 1:
        images = np.concatenate([images] * 3, axis=1)
    count, channels, height, width = images.shape
    per_row = int(np.ceil(np.sqrt(count)))
    rows = -(-count // per_row)
    side = max(rows * height, per_row * width)
    canvas = np.zeros((channels, side, side), dtype=images.dtype)
    for i in range(count):
        row, col = divmod(i, per_row)
        canvas[:, row * height:(row + 1) * height, col * width:(col + 1) * width] = images[i]
    scale = 1 if canvas.dtype == np.uint8 else 255
    pixels = (canvas.astype(np.float32) * scale).clip(0, 255).astype(np.uint8)
    Image.fromarray(pixels.transpose(1, 2, 0)).save(f"{folder}/sprite.png")


def mesh(tag, vertices, colors, faces, config_dict, display_name=None, description=None):
    """The mesh plugin's summary: one value each for the vertices, the faces and the colours
    given (tags ``TAG_VERTEX``, ``TAG_FACE``, ``TAG_COLOR``), every one as float32, with
    plugin data naming its part, its shape, the parts present and the scene's JSON config."""
    import json

    from tensorboard.plugins.mesh.plugin_data_pb2 import MeshPluginData
    parts = [(name, array) for name, array in (("VERTEX", vertices), ("FACE", faces),
                                               ("COLOR", colors)) if array is not None]
    components = sum(1 << MeshPluginData.ContentType.Value(name) for name, _ in parts)
    values = []
    for name, array in parts:
        array = make_np(array).astype(np.float32)
        data = MeshPluginData(name=tag, content_type=MeshPluginData.ContentType.Value(name),
                              json_config=json.dumps(config_dict or {}, sort_keys=True),
                              shape=array.shape, components=components)
        metadata = SummaryMetadata(display_name=display_name, summary_description=description,
                                   plugin_data=SummaryMetadata.PluginData(
                                       plugin_name="mesh", content=data.SerializeToString()))
        proto = TensorProto(dtype="DT_FLOAT", float_val=array.reshape(-1).tolist(),
                            tensor_shape=TensorShapeProto(
                                dim=[TensorShapeProto.Dim(size=n) for n in array.shape]))
        values.append(Summary.Value(tag=f"{tag}_{name}", tensor=proto, metadata=metadata))
    return Summary(value=values)
