"""``ember.func.rearrange``: einops' ``rearrange`` pattern language (``"b (h w) c -> b h w c"``)
as one reshape, one permute and one reshape."""
from __future__ import annotations

import re

_ELLIPSIS = "\u2026"


class DimensionBindError(Exception):
    """A pattern's dimension sizes cannot be bound to the tensor's (torch's
    ``functorch.dim.DimensionBindError``)."""


def _parse(side):
    """The groups of one side: a list of lists of names (a bare name is a group of one)."""
    text = side.replace("...", f" {_ELLIPSIS} ")
    groups, current = [], None
    for token in re.findall(r"\(|\)|[^\s()]+", text):
        if token == "(":
            if current is not None:
                raise ValueError(f"Unable to parse nested parentheses in pattern: {side}")
            current = []
        elif token == ")":
            if current is None:
                raise ValueError(f"Unbalanced parentheses in pattern: {side}")
            groups.append(current)
            current = None
        elif token == "1":
            (groups if current is None else current).append([] if current is None else None)
        elif current is None:
            groups.append([token])
        else:
            current.append(token)
    if current is not None:
        raise ValueError(f"Unbalanced parentheses in pattern: {side}")
    return [[name for name in group if name is not None] for group in groups]


def _expand(groups, extra):
    """``groups`` with ``...`` replaced by the names of the dimensions it stands for: one
    group each where it stands alone, merged where it sits inside parentheses."""
    out = []
    for group in groups:
        if group == [_ELLIPSIS]:
            out.extend([name] for name in extra)
        elif _ELLIPSIS in group:
            at = group.index(_ELLIPSIS)
            out.append(group[:at] + extra + group[at + 1:])
        else:
            out.append(group)
    return out


def rearrange(tensor, pattern, **axes_lengths):
    """Reorder, split, merge, add or remove dimensions as ``pattern`` says (einops' language):
    ``"b c h w -> b (h w) c"`` moves ``c`` last and merges ``h`` and ``w``; a group on the left,
    ``"(h1 h2) w -> h1 h2 w"``, splits a dimension (all sizes but one given in
    ``axes_lengths``); ``...`` stands for the dimensions not named; ``1`` adds or drops a
    dimension of size one. A list or tuple of tensors is stacked first (a new leading dim).

    Args:
        tensor (Tensor or sequence of Tensor): what to rearrange.
        pattern (str): ``"left -> right"``.
        **axes_lengths (int): sizes of the names the tensor's shape does not fix.

    Returns:
        Tensor: a view where the data allows, else a copy.

    Example:
        >>> from ember.func import rearrange
        >>> x = ember.arange(24).reshape(2, 3, 4)
        >>> rearrange(x, "b c h -> b (h c)").shape
        ember.Size([2, 12])
        >>> rearrange(x, "b (c1 c2) h -> b c1 c2 h", c1=3).shape
        ember.Size([2, 3, 1, 4])
    """
    import ember
    if isinstance(tensor, (list, tuple)):
        tensor = ember.stack(list(tensor))
    left_text, arrow, right_text = pattern.partition("->")
    if not arrow:
        raise ValueError(f"Pattern must contain '->': {pattern}")
    left, right = _parse(left_text), _parse(right_text)
    left_names = [name for group in left for name in group]
    right_names = [name for group in right for name in group]
    for names in (left_names, right_names):
        for name in names:
            if names.count(name) > 1:
                raise ValueError(f"Indexing expression contains duplicate dimension '{name}'")
    for here, there, side, other in ((right_names, left_names, "right", "left"),
                                     (left_names, right_names, "left", "right")):
        if _ELLIPSIS in here and _ELLIPSIS not in there:
            raise ValueError(f"Ellipsis found in {side} side, but not {other} side of a pattern "
                             f"{pattern}")
    if set(left_names) != set(right_names):
        raise ValueError("Identifiers only on one side of rearrange expression (should be on "
                         f"both): {set(left_names) ^ set(right_names)}")
    unknown = set(axes_lengths) - set(left_names)
    if unknown:
        raise ValueError(f"Identifiers not found in rearrange expression: {unknown}")
    shape = list(tensor.shape)
    if _ELLIPSIS in left_names:
        rest = len(shape) - (len(left) - 1)
        if rest < 0:
            raise ValueError(f"Number of dimensions in pattern ({len(left) - 1}) must be at "
                             f"most the number of dimensions in the tensor ({len(shape)})")
        extra = [f"{_ELLIPSIS}{i}" for i in range(rest)]
        left, right = _expand(left, extra), _expand(right, extra)
    if len(left) != len(shape):
        raise ValueError(f"Number of dimensions in pattern ({len(left)}) must be equal to the "
                         f"number of dimensions in the tensor ({len(shape)})")
    sizes = dict(axes_lengths)
    for group, size in zip(left, shape):
        missing = [name for name in group if name not in sizes]
        known = 1
        for name in group:
            if name in sizes:
                known *= sizes[name]
        if len(missing) > 1:
            raise DimensionBindError(f"cannot infer the sizes of two dimensions at once "
                                     f"{missing[0]} and {missing[1]}")
        if missing:
            if known == 0 or size % known:
                fixed = tuple(sizes.get(name, "?") for name in group)
                raise DimensionBindError(f"inferred dimension does not evenly fit into larger "
                                         f"dimension: {size} vs {fixed}")
            sizes[missing[0]] = size // known
        elif known != size:
            raise DimensionBindError(f"Dimension sizes to do not match ({size} != {known}) when "
                                     f"matching dimension pack {tuple(group)}")
    flat = [name for group in left for name in group]
    split = tensor.reshape([sizes[name] for name in flat])
    order = [flat.index(name) for group in right for name in group]
    moved = split.permute(order)
    out_shape = []
    for group in right:
        size = 1
        for name in group:
            size *= sizes[name]
        out_shape.append(size)
    return moved.reshape(out_shape)
