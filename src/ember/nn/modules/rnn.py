"""Recurrent layers: RNN, LSTM, GRU and their single-step cells.

Per step (PyTorch's gate order and equations):
  RNN:  h' = tanh(W_ih x + b_ih + W_hh h + b_hh)
  LSTM: i, f, g, o = split(W_ih x + b_ih + W_hh h + b_hh);  c' = σ(f) c + σ(i) tanh(g);
        h' = σ(o) tanh(c')   (optionally projected: h' = W_hr h')
  GRU:  r, z = σ(W_ir x + b_ir + W_hr h + b_hr), σ(...);
        n = tanh(W_in x + b_in + r (W_hn h + b_hn));
        h' = (1 - z) n + z h
The input projections of all time steps are one matrix product; only the recurrence loops.
Gradients flow through ordinary ember ops, so backward needs nothing RNN-specific.
"""
from __future__ import annotations

import math
import warnings

from ... import cat, empty, float32, stack, zeros
from ..._deprecated import _user_stacklevel, warn_once
from ...amp import autocast_mode as _autocast
from ...backends import mkldnn as _mkldnn
from ...ops._one_node import as_one_node, one_node
from .. import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module

__all__ = ["GRU", "GRUCell", "LSTM", "LSTMCell", "RNN", "RNNBase", "RNNCell", "RNNCellBase"]

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}
MkldnnRnnLayerBackward0 = one_node("MkldnnRnnLayerBackward0")


class RNNBase(Module):
    """Shared parameters and the multi-layer, bidirectional loop of RNN, LSTM and GRU."""

    def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True,
                 batch_first=False, dropout=0.0, bidirectional=False, proj_size=0,
                 device=None, dtype=None):
        super().__init__()
        if not isinstance(dropout, (int, float)) or not 0 <= dropout <= 1 or \
                isinstance(dropout, bool):
            raise ValueError("dropout should be a number in range [0, 1] representing the "
                             "probability of an element being zeroed")
        if dropout > 0 and num_layers == 1:
            warnings.warn("dropout option adds dropout after all but last recurrent layer, so "
                          "non-zero dropout expects num_layers greater than 1, but got "
                          f"dropout={dropout} and num_layers={num_layers}", UserWarning,
                          stacklevel=_user_stacklevel())
        if not isinstance(batch_first, bool):
            raise TypeError(f"batch_first should be of type bool, got: "
                            f"{type(batch_first).__name__}")
        if not isinstance(input_size, int):
            raise TypeError(f"input_size should be of type int, got: "
                            f"{type(input_size).__name__}")
        if input_size <= 0:
            raise ValueError("input_size must be greater than zero")
        if not isinstance(hidden_size, int):
            raise TypeError(f"hidden_size should be of type int, got: "
                            f"{type(hidden_size).__name__}")
        if hidden_size <= 0:
            raise ValueError("hidden_size must be greater than zero")
        if num_layers <= 0:
            raise ValueError("num_layers must be greater than zero")
        if proj_size < 0:
            raise ValueError("proj_size should be a positive integer or zero to disable "
                             "projections")
        if proj_size >= hidden_size:
            raise ValueError("proj_size has to be smaller than hidden_size")
        self.mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = float(dropout)
        self.bidirectional = bidirectional
        self.proj_size = proj_size
        directions = 2 if bidirectional else 1
        gate_size = _GATES[mode] * hidden_size
        real_hidden = proj_size if proj_size > 0 else hidden_size
        self._flat_weights_names = []
        for layer in range(num_layers):
            for direction in range(directions):
                layer_input = input_size if layer == 0 else real_hidden * directions
                suffix = f"_l{layer}" + ("_reverse" if direction == 1 else "")
                params = [("weight_ih", (gate_size, layer_input)),
                          ("weight_hh", (gate_size, real_hidden))]
                if bias:
                    params += [("bias_ih", (gate_size,)), ("bias_hh", (gate_size,))]
                if proj_size > 0:
                    params.append(("weight_hr", (proj_size, hidden_size)))
                for name, shape in params:
                    setattr(self, name + suffix,
                            Parameter(empty(shape, device=device, dtype=dtype)))
                    self._flat_weights_names.append(name + suffix)
        self.reset_parameters()

    def reset_parameters(self):
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    @property
    def all_weights(self):
        return [[getattr(self, n) for n in self._flat_weights_names if n.endswith(suffix)]
                for suffix in self._suffixes()]

    def _suffixes(self):
        out = []
        for layer in range(self.num_layers):
            out.append(f"_l{layer}")
            if self.bidirectional:
                out.append(f"_l{layer}_reverse")
        return out

    def _weights(self, suffix):
        get = lambda n: getattr(self, n + suffix, None)  # noqa: E731
        return get("weight_ih"), get("weight_hh"), get("bias_ih"), get("bias_hh"), \
            get("weight_hr")

    def flatten_parameters(self):
        """Compact the weights into one buffer for cuDNN; ember's weights need no such layout,
        so this does nothing, as on CPU PyTorch."""

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size != 0:
            s += f", proj_size={self.proj_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if self.batch_first is not False:
            s += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            s += f", dropout={self.dropout}"
        if self.bidirectional is not False:
            s += f", bidirectional={self.bidirectional}"
        return s

    # -- the recurrence ----------------------------------------------------------------------
    def _cell(self, x_proj, state, w_hh, b_hh, w_hr):
        """One step given the precomputed input projection ``x_proj``; returns the new state.
        The ops and their operand order are torch's (its per-step CPU graph: the hidden
        projection first, gates cut by ``unsafe_chunk``), so the printed ``grad_fn`` chain and
        the rounding match."""
        if self.mode == "LSTM":
            h, c = state
            gates = F.linear(h, w_hh, b_hh) + x_proj
            i, f, g, o = gates.unsafe_chunk(4, 1)
            c = f.sigmoid() * c + i.sigmoid() * g.tanh()
            h = o.sigmoid() * c.tanh()
            if w_hr is not None:
                h = F.linear(h, w_hr)
            return h, c
        if self.mode == "GRU":
            (h,) = state
            xr, xz, xn = x_proj.unsafe_chunk(3, 1)
            hr, hz, hn = F.linear(h, w_hh, b_hh).unsafe_chunk(3, 1)
            r = (hr + xr).sigmoid()
            z = (hz + xz).sigmoid()
            n = (xn + hn * r).tanh()
            return ((h - n) * z + n,)
        (h,) = state
        pre = F.linear(h, w_hh, b_hh) + x_proj
        return ((pre.tanh() if self.mode == "RNN_TANH" else pre.relu()),)

    def _run_direction(self, x, batch_sizes, state, suffix, reverse, one_node=False):
        """Run one layer in one direction over (T, N, H) input; returns (output, state): the
        steps' outputs stacked (padded input) or their active rows concatenated (packed).
        ``one_node``: recorded as torch's CPU float32 LSTM records it, one
        ``MkldnnRnnLayerBackward0`` node per layer and direction."""
        w_ih, w_hh, b_ih, b_hh, w_hr = self._weights(suffix)
        if one_node:
            def compose(x, w_ih, w_hh, b_ih, b_hh, h, c):
                outputs, state = self._steps(x, None, (h, c), (w_ih, w_hh, b_ih, b_hh, None),
                                             reverse)
                return (stack(outputs),) + state
            output, h, c = as_one_node(MkldnnRnnLayerBackward0, compose,
                                       (x, w_ih, w_hh, b_ih, b_hh) + state)
            return output, (h, c)
        outputs, state = self._steps(x, batch_sizes, state, (w_ih, w_hh, b_ih, b_hh, w_hr),
                                     reverse)
        return (stack(outputs) if batch_sizes is None else cat(outputs)), state

    def _steps(self, x, batch_sizes, state, weights, reverse):
        """The recurrence over the time steps of (T, N, H) input: (each step's output, the
        final state)."""
        w_ih, w_hh, b_ih, b_hh, w_hr = weights
        projected = F.linear(x, w_ih, b_ih)
        steps = range(x.shape[0] - 1, -1, -1) if reverse else range(x.shape[0])
        outputs = [None] * x.shape[0]
        if batch_sizes is None:
            projected = projected.unbind(0)  # each step's slice, as torch takes them
        for t in steps:
            if batch_sizes is None:
                state = self._cell(projected[t], state, w_hh, b_hh, w_hr)
                outputs[t] = state[0]
                continue
            # Packed input: only the first b sequences are still running at step t.
            b = batch_sizes[t]
            active = tuple(s[:b] for s in state)
            new = self._cell(projected[t, :b], active, w_hh, b_hh, w_hr)
            state = tuple(cat([n, s[b:]]) if b < s.shape[0] else n
                          for n, s in zip(new, state))
            outputs[t] = new[0]
        return outputs, state

    def _forward_impl(self, x, hx, batch_sizes):
        directions = 2 if self.bidirectional else 1
        n_batch = x.shape[1]
        real_hidden = self.proj_size if self.proj_size > 0 else self.hidden_size
        if hx is None:
            h0 = zeros(self.num_layers * directions, n_batch, real_hidden, dtype=x.dtype,
                       device=x.device)
            hx = (h0, zeros(self.num_layers * directions, n_batch, self.hidden_size,
                            dtype=x.dtype, device=x.device)) if self.mode == "LSTM" else (h0,)
        elif self.mode != "LSTM":
            hx = (hx,)
        finals = [[] for _ in hx]
        layer_input = x
        one_node = self._oneDNN_layers(x, batch_sizes)
        for layer in range(self.num_layers):
            if one_node:
                # oneDNN reads a contiguous input: a batch-first one is copied (CloneBackward0),
                # once for both directions
                layer_input = layer_input.contiguous()
            outs = []
            for direction in range(directions):
                index = layer * directions + direction
                state = tuple(h[index] for h in hx)
                suffix = f"_l{layer}" + ("_reverse" if direction else "")
                output, state = self._run_direction(layer_input, batch_sizes, state, suffix,
                                                    direction == 1, one_node)
                outs.append(output)
                for k, s in enumerate(state):
                    finals[k].append(s)
            layer_output = outs[0] if directions == 1 else cat(outs, -1)
            if self.dropout and self.training and layer < self.num_layers - 1:
                layer_output = F.dropout(layer_output, self.dropout, True)
            layer_input = layer_output if batch_sizes is None else _repad(layer_output,
                                                                         batch_sizes)
        return layer_output, tuple(stack(f) for f in finals)

    def forward(self, input, hx=None):
        packed = hasattr(input, "batch_sizes") and hasattr(input, "data")
        if packed:
            return self._forward_packed(input, hx)
        if input.dim() not in (2, 3):
            # (torch's RNN says "tensor", its LSTM and GRU do not)
            raise ValueError(f"{type(self).__name__}: Expected input to be 2D or 3D, got "
                             f"{input.dim()}D {'tensor ' if type(self).__name__ == 'RNN' else ''}"
                             "instead")
        weight = self.weight_ih_l0
        if input.dtype != weight.dtype:
            raise ValueError(f"RNN input dtype ({input.dtype}) does not match weight dtype "
                             f"({weight.dtype}). Convert input: input.to({weight.dtype}), or "
                             f"convert model: model.to({input.dtype})")
        batched = input.dim() == 3
        x = input if batched else input.unsqueeze(1)
        if batched and self.batch_first:
            x = x.transpose(0, 1)
        if x.shape[-1] != self.input_size:
            raise RuntimeError(f"input.size(-1) must be equal to input_size. Expected "
                               f"{self.input_size}, got {x.shape[-1]}")
        if hx is not None:
            self._check_hidden_rank(hx, batched)
        if hx is not None and not batched:
            hx = tuple(h.unsqueeze(1) for h in hx) if self.mode == "LSTM" else hx.unsqueeze(1)
        self._check_hidden(hx, x.shape[1])
        if self._oneDNN_lstm_under_cpu_autocast(x):
            # torch runs this LSTM as one oneDNN layer, on autocast's lower-precision list: the
            # input and the states are cast at entry and every step runs in that dtype
            x = _autocast.cast_lower(x)
            if hx is not None:
                hx = tuple(_autocast.cast_lower(h) for h in hx)
        output, finals = self._forward_impl(x, hx, None)
        if batched and self.batch_first:
            # torch's GRU and RNN turn their result in place (TransposeBackward1), its LSTM
            # returns a transposed view (TransposeBackward0)
            output = output.transpose(0, 1) if self.mode == "LSTM" else output.transpose_(0, 1)
        if not batched:
            output = output.squeeze(1)
            finals = tuple(f.squeeze(1) for f in finals)
        return output, (finals if self.mode == "LSTM" else finals[0])

    def _oneDNN_layers(self, x, batch_sizes):
        """Whether torch runs each layer and direction of this call as one oneDNN kernel (and
        one ``MkldnnRnnLayerBackward0`` node): a padded float32 LSTM on the CPU with oneDNN
        enabled, non-empty input and no projections (torch warns once when projections alone
        stand in the way)."""
        if not (self.mode == "LSTM" and x.dtype == float32 and x.device.type == "cpu"
                and _mkldnn.enabled):
            return False
        if self.proj_size:
            warn_once("LSTM projections oneDNN", "LSTM with projections is not supported with "
                      "oneDNN. Using default implementation.")
            return False
        return batch_sizes is None and x.numel() != 0

    def _oneDNN_lstm_under_cpu_autocast(self, x):
        """Whether torch would run this call whole in autocast's lower precision: under CPU
        autocast, a padded LSTM without projections (oneDNN's layer, on the lower-precision
        list). Every other recurrent call is ops one by one, each autocast on its own (the
        matrix products in the lower precision, the state updates in their inputs' dtype), as
        _forward_impl composes it."""
        return (self.mode == "LSTM" and not self.proj_size and x.device.type == "cpu"
                and _autocast.lower_dtype("cpu") is not None)

    def _check_hidden_rank(self, hx, batched):
        """The initial states' rank must match the input's: 3-D with a batch, 2-D without."""
        rank = 3 if batched else 2
        kind = "batched 3-D" if batched else "unbatched 2-D"
        if self.mode == "LSTM":
            if hx[0].dim() != rank or hx[1].dim() != rank:
                raise RuntimeError(f"For {kind} input, hx and cx should also be {rank}-D but got "
                                   f"({hx[0].dim()}-D, {hx[1].dim()}-D) tensors")
        elif hx.dim() != rank:
            raise RuntimeError(f"For {kind} input, hx should also be {rank}-D but got "
                               f"{hx.dim()}-D tensor")

    def _check_hidden(self, hx, n_batch):
        if hx is None:
            return
        directions = 2 if self.bidirectional else 1
        real_hidden = self.proj_size if self.proj_size > 0 else self.hidden_size
        expected = [(self.num_layers * directions, n_batch, real_hidden)]
        if self.mode == "LSTM":
            expected.append((self.num_layers * directions, n_batch, self.hidden_size))
            names = ["hidden[0]", "hidden[1]"]
            states = hx
        else:
            names, states = ["hidden"], (hx,)
        for name, h, shape in zip(names, states, expected):
            if tuple(h.shape) != shape:
                raise RuntimeError(f"Expected {name} size {shape}, got {list(h.shape)}")

    def _forward_packed(self, packed, hx):
        batch_sizes = [int(b) for b in packed.batch_sizes.tolist()]
        data = packed.data
        sorted_idx = getattr(packed, "sorted_indices", None)
        unsorted_idx = getattr(packed, "unsorted_indices", None)
        if hx is not None and sorted_idx is not None:
            hx = tuple(h.index_select(1, sorted_idx) for h in hx) if self.mode == "LSTM" \
                else hx.index_select(1, sorted_idx)
        padded = _repad(data, batch_sizes)
        output, finals = self._forward_impl(padded, hx, batch_sizes)
        if unsorted_idx is not None:
            finals = tuple(f.index_select(1, unsorted_idx) for f in finals)
        out = type(packed)(output, packed.batch_sizes, sorted_idx, unsorted_idx)
        return out, (finals if self.mode == "LSTM" else finals[0])


def _repad(data, batch_sizes):
    """Packed rows (sum(batch_sizes), H) as a zero-padded (T, N, H) tensor."""
    steps, offset, n = [], 0, batch_sizes[0]
    for b in batch_sizes:
        piece = data[offset:offset + b]
        if b < n:
            piece = cat([piece, piece.new_zeros((n - b,) + tuple(piece.shape[1:]))])
        steps.append(piece)
        offset += b
    return stack(steps)


class RNN(RNNBase):
    """Elman RNN: h' = tanh(W_ih x + b_ih + W_hh h + b_hh) (or relu)."""

    def __init__(self, *args, **kwargs):
        nonlinearity = kwargs.pop("nonlinearity", "tanh")
        if len(args) > 3:
            nonlinearity = args[3]
            args = args[:3] + args[4:]
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or "
                             "'relu'.")
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        self.nonlinearity = nonlinearity
        super().__init__("RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", *args, **kwargs)


class LSTM(RNNBase):
    """Long short-term memory; returns (output, (h_n, c_n))."""

    def __init__(self, *args, **kwargs):
        super().__init__("LSTM", *args, **kwargs)


class GRU(RNNBase):
    """Gated recurrent unit."""

    def __init__(self, *args, **kwargs):
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        super().__init__("GRU", *args, **kwargs)


class RNNCellBase(Module):
    """Parameters of one recurrent step: weight_ih, weight_hh, bias_ih, bias_hh."""

    def __init__(self, input_size, hidden_size, bias, num_chunks, device=None, dtype=None):
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bias = bias
        self.weight_ih = Parameter(empty((num_chunks * hidden_size, input_size), device=device,
                                         dtype=dtype))
        self.weight_hh = Parameter(empty((num_chunks * hidden_size, hidden_size), device=device,
                                         dtype=dtype))
        if bias:
            self.bias_ih = Parameter(empty(num_chunks * hidden_size, device=device, dtype=dtype))
            self.bias_hh = Parameter(empty(num_chunks * hidden_size, device=device, dtype=dtype))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def reset_parameters(self):
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if getattr(self, "nonlinearity", "tanh") != "tanh":
            s += f", nonlinearity={self.nonlinearity}"
        return s

    def _step(self, input, hx, mode):
        name = type(self).__name__
        if input.dim() not in (1, 2):
            raise ValueError(f"{name}: Expected input to be 1D or 2D, got {input.dim()}D instead")
        if hx is not None and mode == "LSTM":
            for i, h in enumerate(hx):
                if h.dim() not in (1, 2):
                    raise ValueError(f"{name}: Expected hx[{i}] to be 1D or 2D, got {h.dim()}D "
                                     "instead")
        elif hx is not None and hx.dim() not in (1, 2):
            raise ValueError(f"{name}: Expected hidden to be 1D or 2D, got {hx.dim()}D instead")
        batched = input.dim() == 2
        x = input if batched else input.unsqueeze(0)
        if hx is not None and mode == "LSTM" and batched and not isinstance(hx, (tuple, list)):
            raise TypeError("lstm_cell(): argument 'hx' (position 2) must be tuple of Tensors, "
                            f"not {type(hx).__name__}")
        if x.shape[1] != self.input_size:
            raise RuntimeError(f"input has inconsistent input_size: got {x.shape[1]} expected "
                               f"{self.input_size}")
        n = x.shape[0]
        if hx is None:
            h = zeros(n, self.hidden_size, dtype=x.dtype, device=x.device)
            state = (h, h) if mode == "LSTM" else (h,)
        else:
            state = (hx[0], hx[1]) if mode == "LSTM" and not batched else \
                tuple(hx) if mode == "LSTM" else (hx,)
            if not batched:
                state = tuple(s.unsqueeze(0) for s in state)
            if mode == "LSTM" and len(state) != 2:
                raise RuntimeError("lstm_cell expects two hidden states")
            # each hidden state against the input's batch and the cell's hidden size, as the
            # cell kernels check them (the batch first, one state after the other)
            for i, s in enumerate(state):
                if s.shape[0] != n:
                    raise RuntimeError(f"Input batch size {n} doesn't match hidden{i} batch size "
                                       f"{s.shape[0]}")
                if s.shape[1] != self.hidden_size:
                    raise RuntimeError(f"hidden{i} has inconsistent hidden_size: got "
                                       f"{s.shape[1]}, expected {self.hidden_size}")
        proxy = _CellProxy(mode)
        new = RNNBase._cell(proxy, F.linear(x, self.weight_ih, self.bias_ih), state,
                            self.weight_hh, self.bias_hh, None)
        if not batched:
            new = tuple(s.squeeze(0) for s in new)
        return new if mode == "LSTM" else new[0]


class _CellProxy:
    def __init__(self, mode):
        self.mode = mode


class RNNCell(RNNCellBase):
    """One step of an Elman RNN."""

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None,
                 dtype=None):
        super().__init__(input_size, hidden_size, bias, 1, device, dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input, hx=None):
        if self.nonlinearity not in ("tanh", "relu"):
            raise RuntimeError(f"Unknown nonlinearity: {self.nonlinearity}")
        return self._step(input, hx, "RNN_TANH" if self.nonlinearity == "tanh" else "RNN_RELU")


class LSTMCell(RNNCellBase):
    """One LSTM step; returns (h', c')."""

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 4, device, dtype)

    def forward(self, input, hx=None):
        return self._step(input, hx, "LSTM")


class GRUCell(RNNCellBase):
    """One GRU step."""

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 3, device, dtype)

    def forward(self, input, hx=None):
        return self._step(input, hx, "GRU")
