import torch

# The docs' notes a user reads before their first bug report: "Broadcasting semantics" (which
# shapes broadcast, in-place broadcasting that may not grow self), "Type promotion"
# (result_type, promote_types, can_cast, categories, zero-dim tensors and Python scalars,
# in-place ops that may not demote), "Tensor Views" (which ops view, contiguity, the errors
# of view vs reshape) and "Tensor Attributes" (finfo, iinfo, layouts, memory formats).

torch.manual_seed(0)

# --- broadcasting ---------------------------------------------------------------------
x, y = torch.empty(5, 1, 4, 1), torch.empty(3, 1, 1)
print((x + y).size())
print(torch.broadcast_shapes((5, 1, 4, 1), (3, 1, 1), (1,)))
for a, b in [((5, 2, 4, 1), (3, 1, 1)), ((0,), (2, 1))]:
    try:
        print(torch.broadcast_shapes(a, b))
    except RuntimeError as error:
        print("broadcast_shapes:", error)
try:
    torch.empty(5, 2, 4, 1) + torch.empty(3, 1, 1)
except RuntimeError as error:
    print("add:", error)
x = torch.zeros(5, 3, 4, 1)
x.add_(torch.ones(3, 1, 1))
print(x.shape, x.sum().item())
try:
    torch.zeros(1, 3, 1).add_(torch.ones(3, 1, 7))
except RuntimeError as error:
    print("add_:", error)
print(torch.broadcast_tensors(torch.arange(3), torch.arange(2).view(2, 1)))
print(torch.ones(2, 1).expand(2, 3).stride(), torch.ones(3).broadcast_to(2, 2, 3).stride())

# --- type promotion -------------------------------------------------------------------
float_tensor = torch.ones(1, dtype=torch.float)
double_tensor = torch.ones(1, dtype=torch.double)
complex_float_tensor = torch.ones(1, dtype=torch.complex64)
complex_double_tensor = torch.ones(1, dtype=torch.complex128)
int_tensor = torch.ones(1, dtype=torch.int)
long_tensor = torch.ones(1, dtype=torch.long)
uint_tensor = torch.ones(1, dtype=torch.uint8)
bool_tensor = torch.ones(1, dtype=torch.bool)
long_zerodim = torch.tensor(1, dtype=torch.long)
int_zerodim = torch.tensor(1, dtype=torch.int)
print(torch.add(5, 5).dtype, (int_tensor + 5).dtype, (int_tensor + long_zerodim).dtype)
print((long_tensor + float_tensor).dtype, (bool_tensor + long_tensor).dtype)
print((bool_tensor + uint_tensor).dtype, (float_tensor + double_tensor).dtype)
print((complex_float_tensor + complex_double_tensor).dtype)
print((bool_tensor + int_tensor).dtype, torch.add(long_tensor, float_tensor).dtype)
print((uint_tensor + int_zerodim).dtype, (uint_tensor + 2.5).dtype, (uint_tensor * 1j).dtype)
print((torch.tensor(1.5, dtype=torch.float64) + float_tensor).dtype)
print((float_tensor + torch.tensor(2j)).dtype, (int_tensor / 2).dtype, (int_tensor // 2).dtype)
int_tensor += 5
print(int_tensor)
long_tensor *= float_tensor.long()
for label, fn in [("int_tensor.add_(float)", lambda: int_tensor.add_(float_tensor)),
                  ("bool_tensor.mul_(3)", lambda: bool_tensor.mul_(3)),
                  ("float_tensor.add_(complex)", lambda: float_tensor.add_(1j)),
                  ("out= int", lambda: torch.add(float_tensor, 1, out=int_tensor)),
                  ("int_tensor.div_(2)", lambda: int_tensor.div_(2)),
                  ("uint8 - bool", lambda: uint_tensor - bool_tensor),
                  ("bool - bool", lambda: bool_tensor - bool_tensor),
                  ("~float", lambda: ~float_tensor)]:
    try:
        print(label, fn())
    except (RuntimeError, TypeError) as error:
        print(label, "->", type(error).__name__, error)
print(torch.result_type(int_tensor, 5.0), torch.result_type(2, 3.0),
      torch.result_type(uint_tensor, -1), torch.result_type(long_zerodim, float_tensor))
print(torch.promote_types(torch.uint8, torch.int8), torch.promote_types(torch.bfloat16,
      torch.float16), torch.promote_types(torch.bool, torch.complex64),
      torch.promote_types(torch.int32, torch.float16))
print([torch.can_cast(torch.double, d) for d in (torch.float, torch.int, torch.cfloat)],
      torch.can_cast(torch.int, torch.uint8), torch.can_cast(torch.bool, torch.bool))
print(torch.get_default_dtype(), torch.tensor([1, 2.0]).dtype, torch.tensor([True, 1]).dtype,
      torch.tensor([1, 2j]).dtype)
torch.set_default_dtype(torch.float64)
print(torch.tensor([1.0]).dtype, torch.tensor([1j]).dtype, (int_tensor * 0.5).dtype,
      torch.arange(3.0).dtype, torch.randn(1).dtype)
torch.set_default_dtype(torch.float32)
print(torch.is_floating_point(int_tensor), torch.is_complex(complex_float_tensor),
      complex_double_tensor.real.dtype, torch.float16.is_floating_point,
      torch.int8.is_signed, torch.uint8.is_signed, torch.complex64.to_real(),
      torch.float32.to_complex(), torch.float16.itemsize)

# --- tensor views -----------------------------------------------------------------------
t = torch.rand(4, 4)
b = t.view(2, 8)
print(t.untyped_storage().data_ptr() == b.untyped_storage().data_ptr(), b._base is t)
b[0][0] = 3.14
print(t[0][0].item() == 3.14)
base = torch.tensor([[0, 1], [2, 3]])
tt = base.transpose(0, 1)
print(tt.is_contiguous(), tt.stride(), tt.storage_offset(), base[1].storage_offset())
c = tt.contiguous()
print(c.is_contiguous(), c._base is None, c.stride())
try:
    tt.view(4)
except RuntimeError as error:
    print("view:", error)
print(tt.reshape(4), tt.reshape(4)._base is base, base.reshape(4)._base is base)
print(base.unflatten(1, (1, 2)).shape, base.flatten()._base is base, base.T.flatten()._base)
for name, view in [("diagonal", base.diagonal()), ("narrow", base.narrow(1, 1, 1)),
                   ("unbind", base.unbind(1)[0]), ("split", base.split(1)[1]),
                   ("unfold", torch.arange(6).unfold(0, 2, 2)), ("select", base[:, 0]),
                   ("expand", base[0].expand(3, 2)), ("movedim", base.movedim(0, 1)),
                   ("view_as_real", torch.tensor([1 + 2j]).view_as_real() if hasattr(
                       torch.Tensor, "view_as_real") else torch.view_as_real(
                       torch.tensor([1 + 2j]))),
                   ("indexing", base[[0, 1]]), ("masked", base[base > 1])]:
    print(name, view._is_view(), list(view.shape), view.stride())
try:
    torch.arange(6).view(2, 4)
except RuntimeError as error:
    print("view size:", error)
try:
    torch.arange(6).view(-1, -1)
except RuntimeError as error:
    print("view -1:", error)
try:
    torch.arange(6).reshape(4, -1)
except RuntimeError as error:
    print("reshape:", error)
print(torch.arange(6, dtype=torch.int32).view(torch.int16), torch.arange(4.0).view(torch.int32))
try:
    torch.arange(3, dtype=torch.int16).view(torch.int32)
except RuntimeError as error:
    print("dtype view:", error)
e = base[:, :1].expand(2, 5)
try:
    e.add_(1)
except RuntimeError as error:
    print("expanded:", error)

# --- tensor attributes --------------------------------------------------------------------
print(torch.finfo(torch.float32))
print(torch.finfo(torch.bfloat16).eps, torch.finfo(torch.float16).max, torch.finfo().tiny,
      torch.finfo(torch.float64).resolution, torch.finfo(torch.float16).smallest_normal)
print(torch.iinfo(torch.int16), torch.iinfo(torch.uint8).max, torch.iinfo(torch.int64).min)
try:
    torch.finfo(torch.int32)
except TypeError as error:
    print("finfo:", error)
try:
    torch.iinfo(torch.float32)
except TypeError as error:
    print("iinfo:", error)
image = torch.randn(2, 3, 4, 5)
last = image.to(memory_format=torch.channels_last)
print(last.stride(), last.is_contiguous(), last.is_contiguous(memory_format=torch.channels_last))
print(torch.strided, image.layout, torch.device("cpu"), torch.device("cpu", 0),
      torch.device("cuda:1").index, repr(torch.device("meta")))
print(image.new_ones(2).dtype, image.new_tensor([1, 2]).dtype, image.new_full((1,), 7).dtype,
      torch.empty_like(last).stride(), torch.zeros_like(last, memory_format=torch.contiguous_format).stride())
