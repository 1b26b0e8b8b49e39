"""DeviceMesh: the ranks laid out as an n-d array, with a process group along each dimension."""
from __future__ import annotations

import itertools
import math

from . import distributed_c10d as _c10d

__all__ = ["DeviceMesh", "init_device_mesh"]


class DeviceMesh:
    """The ranks of the job arranged as an n-d ``mesh`` (a tensor of global ranks).

    Along each dimension, the ranks that differ only in that coordinate form a process group
    (``get_group(dim)``): with a (dp, tp) mesh, ``get_group("tp")`` is this rank's tensor-parallel
    group. Making a mesh initialises the default process group when it is not yet, and every
    rank must make the same meshes in the same order (their groups are collective calls).

    Args:
        device_type (str): "cpu" or "cuda".
        mesh (Tensor or nested list of int): the global ranks, shaped as the mesh.
        mesh_dim_names (tuple of str, optional): a name for each dimension.
        backend_override (dict, optional): accepted for torch's signature (every group here
            runs on MPI).
    """

    def __init__(self, device_type, mesh, *, mesh_dim_names=None, backend_override=None,
                 _init_backend=True, _groups=None):
        import ember
        self.device_type = device_type
        self.mesh = (mesh.detach().to(ember.int32) if isinstance(mesh, ember.Tensor)
                     else ember.tensor(mesh, dtype=ember.int32))
        if mesh_dim_names is not None and len(mesh_dim_names) != self.mesh.ndim:
            raise RuntimeError(f"mesh_dim_names {tuple(mesh_dim_names)} must have one name per "
                               f"mesh dimension ({self.mesh.ndim})")
        self.mesh_dim_names = tuple(mesh_dim_names) if mesh_dim_names is not None else None
        if _groups is not None:
            self._groups = _groups
            return
        if not _c10d.is_initialized():
            from ._more import get_default_backend_for_device
            _c10d.init_process_group(get_default_backend_for_device(device_type))
        world = _c10d.get_world_size()
        if self.mesh.numel() > world:
            raise RuntimeError(f"Mesh should not be bigger than default world size {world}, but "
                               f"found {self.mesh.numel()} ranks!")
        self._groups = [self._make_group(dim) for dim in range(self.mesh.ndim)]

    def _make_group(self, dim):
        """This rank's group along ``dim`` (every rank creates every group of the dim)."""
        ranks = self.mesh.tolist()
        me = _c10d.get_rank()
        shape = list(self.mesh.shape)
        others = [range(n) for i, n in enumerate(shape) if i != dim]
        mine = None
        for fixed in itertools.product(*others):
            members = []
            for position in range(shape[dim]):
                index = list(fixed)
                index.insert(dim, position)
                value = ranks
                for i in index:
                    value = value[i]
                members.append(value)
            if members == list(range(_c10d.get_world_size())):
                group = _c10d.GroupMember.WORLD
            else:
                group = _c10d.new_group(members)
            if me in members:
                mine = group
        return mine

    def _dim(self, mesh_dim):
        if mesh_dim is None:
            if self.mesh.ndim != 1:
                raise RuntimeError(f"Found the DeviceMesh have {self.mesh.ndim} dimensions",
                                   "Optional kwarg `mesh_dim` needs to be specified when "
                                   "device_mesh.ndim > 1.")
            return 0
        if isinstance(mesh_dim, str):
            if self.mesh_dim_names is None or mesh_dim not in self.mesh_dim_names:
                raise KeyError(f"Mesh dimension '{mesh_dim}' does not exist. Available mesh "
                               f"dimensions are: mesh_dim_names={self.mesh_dim_names}")
            return self.mesh_dim_names.index(mesh_dim)
        return mesh_dim

    @property
    def ndim(self):
        return self.mesh.ndim

    @property
    def shape(self):
        return tuple(self.mesh.shape)

    def size(self, mesh_dim=None):
        """The number of ranks in the mesh, or along ``mesh_dim``."""
        return self.mesh.numel() if mesh_dim is None else self.mesh.shape[self._dim(mesh_dim)]

    def get_rank(self):
        """This process's global rank."""
        return _c10d.get_rank()

    def get_coordinate(self):
        """This rank's index in the mesh (None when it is not in the mesh)."""
        found = (self.mesh == self.get_rank()).nonzero()
        return tuple(found[0].tolist()) if found.shape[0] else None

    def get_local_rank(self, mesh_dim=None):
        """This rank's coordinate along ``mesh_dim``."""
        return self.get_coordinate()[self._dim(mesh_dim)]

    def get_group(self, mesh_dim=None):
        """This rank's process group along ``mesh_dim``."""
        return self._groups[self._dim(mesh_dim)]

    def get_all_groups(self):
        """This rank's group along each dimension."""
        return list(self._groups)

    def __getitem__(self, mesh_dim_names):
        names = (mesh_dim_names,) if isinstance(mesh_dim_names, str) else tuple(mesh_dim_names)
        if self.mesh_dim_names is None or any(n not in self.mesh_dim_names for n in names):
            raise KeyError(f"Invalid mesh_dim_names {names} specified. Valid mesh_dim_names are "
                           f"{list(self.mesh_dim_names or ())}.")
        dims = [self.mesh_dim_names.index(n) for n in names]
        coordinate = self.get_coordinate()
        index = tuple(slice(None) if d in dims else coordinate[d] for d in range(self.ndim))
        order = sorted(range(len(dims)), key=lambda i: dims[i])
        sub = self.mesh[index].permute(*order) if len(dims) > 1 else self.mesh[index]
        return DeviceMesh(self.device_type, sub, mesh_dim_names=names,
                          _groups=[self._groups[d] for d in dims])

    def __repr__(self):
        dims = (", ".join(f"{n}={s}" for n, s in zip(self.mesh_dim_names, self.shape))
                if self.mesh_dim_names else ", ".join(map(str, self.shape))
                + ("," if self.ndim == 1 else ""))
        strides = []
        for dim, size in enumerate(self.shape):
            step = math.prod(self.shape[dim + 1:])
            strides.append("()" if size == 1 else f"({step},)")
        stride = "(" + ", ".join(strides) + ("," if self.ndim == 1 else "") + ")"
        return f"DeviceMesh(({dims}), '{self.device_type}', stride={stride})"

    def __eq__(self, other):
        return (isinstance(other, DeviceMesh) and self.device_type == other.device_type
                and self.shape == other.shape and self.mesh.tolist() == other.mesh.tolist()
                and self.mesh_dim_names == other.mesh_dim_names)

    def __hash__(self):
        return hash((self.device_type, self.shape, str(self.mesh.tolist()),
                     self.mesh_dim_names))


def init_device_mesh(device_type, mesh_shape, *, mesh_dim_names=None, backend_override=None):
    """A DeviceMesh of ``mesh_shape`` over ranks 0, 1, ... in row-major order.

    Args:
        device_type (str): "cpu" or "cuda".
        mesh_shape (tuple of int): the mesh's shape; its product must not exceed the world size.
        mesh_dim_names (tuple of str, optional): a name for each dimension.
        backend_override (dict, optional): accepted for torch's signature.

    Returns:
        DeviceMesh
    """
    import ember
    if mesh_dim_names is not None:
        if len(set(mesh_dim_names)) != len(mesh_dim_names):
            raise RuntimeError("Each mesh_dim_name must be unique.", f"Found repeated "
                               f"mesh_dim_name in mesh_dim_names {mesh_dim_names}")
        if len(mesh_shape) != len(mesh_dim_names):
            raise RuntimeError("mesh_shape and mesh_dim_names should have same length!",
                               f"Found len(mesh_dim_names): {len(mesh_dim_names)} and "
                               f"len(mesh_shape):{len(mesh_shape)}.")
    mesh = ember.arange(math.prod(mesh_shape), dtype=ember.int32).reshape(tuple(mesh_shape))
    return DeviceMesh(device_type, mesh, mesh_dim_names=mesh_dim_names,
                      backend_override=backend_override)
