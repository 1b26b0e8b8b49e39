import torch
import warnings


# backends.mha: the switch for TransformerEncoder's inference fast path, which leaves zeros at
# right-padded positions; with it off, every position is computed.
torch.manual_seed(0)
layer = torch.nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True)
encoder = torch.nn.TransformerEncoder(layer, 2)
encoder.eval()
x = torch.randn(2, 5, 8)
mask = torch.tensor([[False] * 5, [False, False, False, True, True]])
print(torch.backends.mha.get_fastpath_enabled())
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # the once-per-process nested-tensor prototype warning
    with torch.no_grad():
        print(encoder(x, src_key_padding_mask=mask)[1, 3:, :3])
torch.backends.mha.set_fastpath_enabled(False)
print(torch.backends.mha.get_fastpath_enabled())
with torch.no_grad():
    print(encoder(x, src_key_padding_mask=mask)[1, 3:, :3])
torch.backends.mha.set_fastpath_enabled(True)
with torch.no_grad():
    print(encoder(x, src_key_padding_mask=mask)[1, 3:, :3])

# Verbose scopes of the CPU libraries: levels are checked, the block's results are unchanged
# (no BLAS call inside: torch's MKL would log it to stdout, which ember does not).
for module, levels in ((torch.backends.mkl, ("VERBOSE_OFF", "VERBOSE_ON")),
                       (torch.backends.mkldnn, ("VERBOSE_OFF", "VERBOSE_ON",
                                                "VERBOSE_ON_CREATION"))):
    print(module.__name__.split(".")[-1], [getattr(module, name) for name in levels])
    for level in (0, 1, 2, 3, -1, True):
        try:
            with module.verbose(level) as scope:
                value = (torch.ones(2, 2) * 2).sum()
            print(level, scope is None, value)
        except AssertionError as error:
            print(level, "AssertionError", error)
print(torch.backends.mkldnn.is_acl_available())
