"""``ember.utils.dlpack``: the DLPack exchange functions under the path interop code imports them
from (``from torch.utils.dlpack import from_dlpack, to_dlpack``), and DLPack's device codes."""
import enum

from .. import from_dlpack, to_dlpack

__all__ = ["DLDeviceType", "from_dlpack", "to_dlpack"]


class DLDeviceType(enum.IntEnum):
    """DLPack's device type codes (the ``device_type`` of ``__dlpack_device__()``): 1 is the host
    CPU, 2 a CUDA device, 3 pinned host memory, and so on as the DLPack standard numbers them.

    Example:
        >>> from ember.utils.dlpack import DLDeviceType
        >>> int(DLDeviceType.kDLCUDA), DLDeviceType(1).name
        (2, 'kDLCPU')
    """

    kDLCPU = 1
    kDLCUDA = 2
    kDLCUDAHost = 3
    kDLOpenCL = 4
    kDLVulkan = 7
    kDLMetal = 8
    kDLVPI = 9
    kDLROCM = 10
    kDLROCMHost = 11
    kDLExtDev = 12
    kDLCUDAManaged = 13
    kDLOneAPI = 14
    kDLWebGPU = 15
    kDLHexagon = 16
    kDLMAIA = 17
