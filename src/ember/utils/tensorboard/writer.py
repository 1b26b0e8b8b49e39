"""SummaryWriter: training curves, histograms, images, text and hyperparameters for TensorBoard.

Each ``add_*`` call turns its values into one ``Summary`` protocol buffer (built in summary.py)
and hands it, wrapped in an ``Event`` with the step and wall time, to TensorBoard's own
event-file writer, which appends it to ``events.out.tfevents.*`` in the log folder.
"""
import os
import socket
import time
from datetime import datetime

import numpy as np

from tensorboard.compat.proto.event_pb2 import Event, SessionLog
from tensorboard.summary.writer.event_file_writer import EventFileWriter

from . import summary

__all__ = ["FileWriter", "SummaryWriter"]


class FileWriter:
    """Writes ``Event`` protocol buffers to one event file in ``log_dir`` (TensorBoard's own
    ``EventFileWriter`` underneath: a queue flushed every ``flush_secs`` or when full).

    Args:
        log_dir (str): the folder of the event file (made if missing).
        max_queue (int): events held before a write. Default: 10.
        flush_secs (int): seconds between flushes. Default: 120.
        filename_suffix (str): appended to the event file's name. Default: ``""``.
    """

    def __init__(self, log_dir, max_queue=10, flush_secs=120, filename_suffix=""):
        log_dir = str(log_dir)
        self.event_writer = EventFileWriter(log_dir, max_queue, flush_secs, filename_suffix)

    def get_logdir(self):
        """The folder this writer writes to."""
        return self.event_writer.get_logdir()

    def add_event(self, event, step=None, walltime=None):
        """Write ``event`` with its step (left unset when None) and wall time (now when None)."""
        event.wall_time = time.time() if walltime is None else walltime
        if step is not None:
            event.step = int(step)
        self.event_writer.add_event(event)

    def add_summary(self, summary, global_step=None, walltime=None):
        """Write one ``Summary`` protocol buffer as an event."""
        self.add_event(Event(summary=summary), global_step, walltime)

    def flush(self):
        """Write the queued events to disk now."""
        self.event_writer.flush()

    def close(self):
        """Flush and close the event file."""
        self.event_writer.close()

    def reopen(self):
        """Open a new event file in the same folder after ``close()``."""
        self.event_writer.reopen()


class SummaryWriter:
    """Logs values for TensorBoard into event files under ``log_dir``.

    Args:
        log_dir (str, optional): the folder. Default: ``runs/CURRENT_DATETIME_HOSTNAME`` followed
            by ``comment``.
        comment (str): appended to the default folder's name; ignored when ``log_dir`` is given.
        purge_step (int, optional): after a crash, events from this step on are hidden by
            TensorBoard (a restart marker is written at that step).
        max_queue (int): events held before a write. Default: 10.
        flush_secs (int): seconds between flushes. Default: 120.
        filename_suffix (str): appended to the event files' names.

    Example:
        >>> from ember.utils.tensorboard import SummaryWriter  # doctest: +SKIP
        >>> writer = SummaryWriter("runs/exp1")  # doctest: +SKIP
        >>> for step in range(3):  # doctest: +SKIP
        ...     writer.add_scalar("loss", 1.0 / (step + 1), step)
        >>> writer.close()  # doctest: +SKIP
    """

    def __init__(self, log_dir=None, comment="", purge_step=None, max_queue=10, flush_secs=120,
                 filename_suffix=""):
        if not log_dir:
            stamp = datetime.now().strftime("%b%d_%H-%M-%S")
            log_dir = os.path.join("runs", stamp + "_" + socket.gethostname() + comment)
        self.log_dir = log_dir
        self.purge_step = purge_step
        self.max_queue = max_queue
        self.flush_secs = flush_secs
        self.filename_suffix = filename_suffix
        self.file_writer = self.all_writers = None
        self._projector_config = None
        self._get_file_writer()

    def _get_file_writer(self):
        """The main event file's writer, opened again after ``close()``."""
        if self.all_writers is None or self.file_writer is None:
            self.file_writer = FileWriter(self.log_dir, self.max_queue, self.flush_secs,
                                          self.filename_suffix)
            self.all_writers = {self.file_writer.get_logdir(): self.file_writer}
            if self.purge_step is not None:
                step, self.purge_step = self.purge_step, None
                self.file_writer.add_event(Event(step=step, file_version="brain.Event:2"))
                self.file_writer.add_event(
                    Event(step=step, session_log=SessionLog(status=SessionLog.START)))
        return self.file_writer

    def get_logdir(self):
        """The folder the event files go to."""
        return self.log_dir

    def add_scalar(self, tag, scalar_value, global_step=None, walltime=None, new_style=False,
                   double_precision=False):
        """Log one number (a Python number, a NumPy scalar or a one-element tensor).

        Args:
            tag (str): the curve's name (``"loss/train"`` groups it under ``loss``).
            scalar_value: the value.
            global_step (int, optional): the x coordinate.
            walltime (float, optional): seconds since the epoch; now by default.
            new_style (bool): write a tensor summary (loads faster in TensorBoard) instead of
                the classic ``simple_value``.
            double_precision (bool): with ``new_style``, keep the value as float64.
        """
        self._get_file_writer().add_summary(
            summary.scalar(tag, scalar_value, new_style=new_style,
                           double_precision=double_precision), global_step, walltime)

    def add_scalars(self, main_tag, tag_scalar_dict, global_step=None, walltime=None):
        """Log several curves on one chart: each ``tag`` of ``tag_scalar_dict`` goes to its own
        subfolder ``log_dir/main_tag_tag`` under the common tag ``main_tag``.

        Args:
            main_tag (str): the chart's name.
            tag_scalar_dict (dict): curve name -> value.
            global_step (int, optional): the x coordinate.
            walltime (float, optional): seconds since the epoch; now by default.
        """
        walltime = time.time() if walltime is None else walltime
        log_dir = self._get_file_writer().get_logdir()
        for tag, value in tag_scalar_dict.items():
            folder = log_dir + "/" + main_tag.replace("/", "_") + "_" + tag
            writer = self.all_writers.get(folder)
            if writer is None:
                writer = FileWriter(folder, self.max_queue, self.flush_secs, self.filename_suffix)
                self.all_writers[folder] = writer
            writer.add_summary(summary.scalar(main_tag, value), global_step, walltime)

    def add_histogram(self, tag, values, global_step=None, bins="tensorflow", walltime=None,
                      max_bins=None):
        """Log the distribution of ``values`` (weights, gradients, activations).

        Args:
            tag (str): the histogram's name.
            values: a tensor or array of any shape.
            global_step (int, optional): the step.
            bins: ``"tensorflow"`` (TensorFlow's exponential buckets, the default), a number of
                equal bins, or one of NumPy's bin rules (``"auto"``, ``"fd"``...).
            walltime (float, optional): seconds since the epoch; now by default.
            max_bins (int, optional): merge neighbouring buckets down to this many.
        """
        if isinstance(bins, str) and bins == "tensorflow":
            bins = summary.default_bins()
        self._get_file_writer().add_summary(
            summary.histogram(tag, values, bins, max_bins=max_bins), global_step, walltime)

    def add_histogram_raw(self, tag, min, max, num, sum, sum_squares, bucket_limits,
                          bucket_counts, global_step=None, walltime=None):
        """Log a histogram already computed: its statistics, bucket right edges and counts."""
        if len(bucket_limits) != len(bucket_counts):
            raise ValueError("len(bucket_limits) != len(bucket_counts), see the document.")
        self._get_file_writer().add_summary(
            summary.histogram_raw(tag, min, max, num, sum, sum_squares, bucket_limits,
                                  bucket_counts), global_step, walltime)

    def add_image(self, tag, img_tensor, global_step=None, walltime=None, dataformats="CHW"):
        """Log one image: float values in [0, 1] or uint8 in [0, 255], laid out as
        ``dataformats`` says (``"CHW"``, ``"HWC"`` or ``"HW"``); written as PNG (needs Pillow).
        """
        self._get_file_writer().add_summary(
            summary.image(tag, img_tensor, dataformats=dataformats), global_step, walltime)

    def add_images(self, tag, img_tensor, global_step=None, walltime=None, dataformats="NCHW"):
        """Log a batch of images tiled into one grid (8 per row), as ``add_image`` does one."""
        self._get_file_writer().add_summary(
            summary.image(tag, img_tensor, dataformats=dataformats), global_step, walltime)

    def add_image_with_boxes(self, tag, img_tensor, box_tensor, global_step=None, walltime=None,
                             rescale=1, dataformats="CHW", labels=None):
        """Log an image with boxes drawn on it (object detection results).

        Args:
            tag (str): the image's name.
            img_tensor: the image, laid out as ``dataformats`` says.
            box_tensor: (N, 4) boxes as (xmin, ymin, xmax, ymax) in pixels.
            global_step (int, optional): the step.
            walltime (float, optional): seconds since the epoch; now by default.
            rescale (float): scale the picture by this factor.
            dataformats (str): ``"CHW"``, ``"HWC"`` or ``"HW"``.
            labels (list of str, optional): one caption per box.

        Example:
            >>> from ember.utils.tensorboard import SummaryWriter  # doctest: +SKIP
            >>> writer = SummaryWriter("runs/boxes")  # doctest: +SKIP
            >>> writer.add_image_with_boxes("det", ember.rand(3, 32, 32),  # doctest: +SKIP
            ...                             ember.tensor([[2, 3, 20, 25]]), labels=["cat"])
        """
        if labels is not None:
            if isinstance(labels, str):
                labels = [labels]
            if len(labels) != box_tensor.shape[0]:
                labels = None
        self._get_file_writer().add_summary(
            summary.image_boxes(tag, img_tensor, box_tensor, rescale=rescale,
                                dataformats=dataformats, labels=labels), global_step, walltime)

    def add_figure(self, tag, figure, global_step=None, close=True, walltime=None):
        """Log a matplotlib figure (or a list of them, as a grid) rendered to an image."""
        if isinstance(figure, list):
            self.add_image(tag, summary.figure_to_image(figure, close), global_step, walltime,
                           dataformats="NCHW")
        else:
            self.add_image(tag, summary.figure_to_image(figure, close), global_step, walltime,
                           dataformats="CHW")

    def add_text(self, tag, text_string, global_step=None, walltime=None):
        """Log a string (Markdown is rendered by TensorBoard)."""
        self._get_file_writer().add_summary(summary.text(tag, text_string), global_step,
                                            walltime)

    def add_hparams(self, hparam_dict, metric_dict, hparam_domain_discrete=None, run_name=None,
                    global_step=None):
        """Log one run's hyperparameters and final metrics for TensorBoard's HParams tab.

        The run goes to a subfolder (``run_name``, or the current time) of ``log_dir``.

        Args:
            hparam_dict (dict): name -> bool, str, int, float or one-element tensor.
            metric_dict (dict): metric name -> value; also logged as scalars in the run.
            hparam_domain_discrete (dict, optional): name -> list of all the values it takes.
            run_name (str, optional): the subfolder's name.
            global_step (int, optional): the step of the metrics.
        """
        if not isinstance(hparam_dict, dict) or not isinstance(metric_dict, dict):
            raise TypeError("hparam_dict and metric_dict should be dictionary.")
        experiment, start, end = summary.hparams(hparam_dict, metric_dict,
                                                 hparam_domain_discrete)
        if not run_name:
            run_name = str(time.time())
        folder = os.path.join(self._get_file_writer().get_logdir(), run_name)
        with SummaryWriter(log_dir=folder) as writer:
            writer.file_writer.add_summary(experiment, global_step)
            writer.file_writer.add_summary(start, global_step)
            writer.file_writer.add_summary(end, global_step)
            for name, value in metric_dict.items():
                writer.add_scalar(name, value, global_step)

    def add_tensor(self, tag, tensor, global_step=None, walltime=None):
        """Log a whole tensor, its dtype and shape kept (TensorBoard's tensor plugin)."""
        self._get_file_writer().add_summary(summary.tensor_proto(tag, tensor), global_step,
                                            walltime)

    def add_audio(self, tag, snd_tensor, global_step=None, sample_rate=44100, walltime=None):
        """Log a mono sound: samples in [-1, 1], written as 16-bit WAV."""
        self._get_file_writer().add_summary(summary.audio(tag, snd_tensor, sample_rate),
                                            global_step, walltime)

    def add_pr_curve(self, tag, labels, predictions, global_step=None, num_thresholds=127,
                     weights=None, walltime=None):
        """Log a precision-recall curve of ``predictions`` (probabilities in [0, 1]) against
        binary ``labels``.

        Args:
            tag (str): the curve's name.
            labels: 0/1 (or bool) ground truth, a tensor or array.
            predictions: the predicted probability of each example being positive.
            global_step (int, optional): the step.
            num_thresholds (int): thresholds evenly spaced over [0, 1] (at most 127).
            weights (optional): a weight for each example.
            walltime (float, optional): seconds since the epoch; now by default.

        Example:
            >>> from ember.utils.tensorboard import SummaryWriter  # doctest: +SKIP
            >>> with SummaryWriter("runs/pr") as writer:  # doctest: +SKIP
            ...     writer.add_pr_curve("val", ember.tensor([0, 1]), ember.tensor([0.2, 0.9]))
        """
        self._get_file_writer().add_summary(
            summary.pr_curve(tag, summary.make_np(labels), summary.make_np(predictions),
                             num_thresholds, weights), global_step, walltime)

    def add_pr_curve_raw(self, tag, true_positive_counts, false_positive_counts,
                         true_negative_counts, false_negative_counts, precision, recall,
                         global_step=None, num_thresholds=127, weights=None, walltime=None):
        """Log a precision-recall curve from per-threshold counts and ratios already
        computed (each a sequence of ``num_thresholds`` numbers)."""
        rows = [summary.make_np(np.asarray(r) if isinstance(r, (list, tuple)) else r)
                for r in (true_positive_counts, false_positive_counts, true_negative_counts,
                          false_negative_counts, precision, recall)]
        self._get_file_writer().add_summary(
            summary.pr_curve_raw(tag, *rows, num_thresholds, weights), global_step, walltime)

    def add_embedding(self, mat, metadata=None, label_img=None, global_step=None, tag="default",
                      metadata_header=None):
        """Save points for TensorBoard's Projector: ``mat`` (N × D) goes to
        ``log_dir/STEP/TAG/tensors.tsv`` (STEP zero-padded to five digits), with one label (or
        a row under ``metadata_header``) per point in ``metadata.tsv`` and the thumbnails
        ``label_img`` (N × C × H × W) tiled into ``sprite.png``; ``projector_config.pbtxt``
        lists every embedding logged.

        Example:
            >>> from ember.utils.tensorboard import SummaryWriter  # doctest: +SKIP
            >>> writer = SummaryWriter("runs/emb")  # doctest: +SKIP
            >>> writer.add_embedding(ember.randn(3, 4), metadata=["a", "b", "c"])  # doctest: +SKIP
        """
        from google.protobuf import text_format
        from tensorboard.plugins.projector.projector_config_pb2 import (EmbeddingInfo,
                                                                        ProjectorConfig)
        array = summary.make_np(mat)
        step = 0 if global_step is None else global_step
        subdir = f"{str(step).zfill(5)}/{summary.escape_tag(tag)}"
        log_dir = self._get_file_writer().get_logdir()
        folder = os.path.join(log_dir, subdir)
        if os.path.exists(folder):
            print("warning: Embedding dir exists, did you set global_step for add_embedding()?")
        else:
            os.makedirs(folder)
        info = EmbeddingInfo(tensor_name=f"{tag}:{str(step).zfill(5)}",
                             tensor_path=f"{subdir}/tensors.tsv")
        if metadata is not None:
            if len(metadata) != array.shape[0]:
                raise AssertionError("#labels should equal with #data points")
            summary.write_metadata(folder, metadata, metadata_header)
            info.metadata_path = f"{subdir}/metadata.tsv"
        if label_img is not None:
            if array.shape[0] != label_img.shape[0]:
                raise AssertionError("#images should equal with #data points")
            summary.write_sprite(folder, summary.make_np(label_img))
            info.sprite.image_path = f"{subdir}/sprite.png"
            info.sprite.single_image_dim.extend([label_img.shape[3], label_img.shape[2]])
        if array.ndim != 2:
            raise AssertionError("mat should be 2D, where mat.size(0) is the number of data "
                                 "points")
        with open(os.path.join(folder, "tensors.tsv"), "w", encoding="utf-8") as file:
            for row in array.tolist():
                file.write("\t".join(str(value) for value in row) + "\n")
        if self._projector_config is None:
            self._projector_config = ProjectorConfig()
        self._projector_config.embeddings.append(info)
        with open(os.path.join(log_dir, "projector_config.pbtxt"), "w",
                  encoding="utf-8") as file:
            file.write(text_format.MessageToString(self._projector_config))

    def add_mesh(self, tag, vertices, colors=None, faces=None, config_dict=None,
                 global_step=None, walltime=None):
        """Log a 3-D mesh or point cloud for TensorBoard's Mesh tab.

        Args:
            tag (str): the mesh's name.
            vertices: (B, N, 3) coordinates.
            colors (optional): (B, N, 3) RGB values in 0..255.
            faces (optional): (B, F, 3) vertex indices of each triangle.
            config_dict (dict, optional): three.js settings (camera, lights, material).
            global_step (int, optional): the step.
            walltime (float, optional): seconds since the epoch; now by default.

        Example:
            >>> from ember.utils.tensorboard import SummaryWriter  # doctest: +SKIP
            >>> writer = SummaryWriter("runs/mesh")  # doctest: +SKIP
            >>> writer.add_mesh("cloud", vertices=ember.rand(1, 100, 3))  # doctest: +SKIP
        """
        self._get_file_writer().add_summary(
            summary.mesh(tag, vertices, colors, faces, config_dict), global_step, walltime)

    def add_custom_scalars(self, layout):
        """Lay out TensorBoard's Custom Scalars tab: ``layout`` maps a category to its charts,
        each chart title to ``["Multiline", [tags]]`` or ``["Margin", [value, lower, upper]]``.

        Example:
            >>> from ember.utils.tensorboard import SummaryWriter  # doctest: +SKIP
            >>> writer = SummaryWriter("runs/layout")  # doctest: +SKIP
            >>> writer.add_custom_scalars(  # doctest: +SKIP
            ...     {"loss": {"both": ["Multiline", ["loss/train", "loss/val"]]}})
        """
        self._get_file_writer().add_summary(summary.custom_scalars(layout))

    def add_custom_scalars_multilinechart(self, tags, category="default", title="untitled"):
        """Lay out one chart drawing the curves ``tags`` together."""
        self.add_custom_scalars({category: {title: ["Multiline", tags]}})

    def add_custom_scalars_marginchart(self, tags, category="default", title="untitled"):
        """Lay out one chart of a curve with its lower and upper bounds (``tags`` = value,
        lower, upper)."""
        if len(tags) != 3:
            raise AssertionError(f"Expected 3 tags, got {len(tags)}.")
        self.add_custom_scalars({category: {title: ["Margin", tags]}})

    def flush(self):
        """Write every queued event to disk now."""
        if self.all_writers is None:
            return
        for writer in self.all_writers.values():
            writer.flush()

    def close(self):
        """Flush and close every event file; a later ``add_*`` opens new ones."""
        if self.all_writers is None:
            return
        for writer in self.all_writers.values():
            writer.flush()
            writer.close()
        self.file_writer = self.all_writers = None

    def add_graph(self, model, input_to_model=None, verbose=False, use_strict_trace=True):
        """Not available: torch draws the graph of a TorchScript trace, which ember does not
        have. ``ember.viz.graph(output)`` draws a result's autograd graph instead."""
        raise NotImplementedError(
            "SummaryWriter.add_graph needs a TorchScript trace of the model, which ember does "
            "not make; draw the autograd graph with ember.viz.graph(model(input)) instead")

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.close()
