import torch
import os
import tempfile


# Keywords torch 2.13 added to the profiler and export: accepted, results unchanged.
x = torch.ones(4, 4)
with tempfile.TemporaryDirectory() as folder:
    handler = torch.profiler.tensorboard_trace_handler(folder, worker_name="w",
                                                       use_python_export=True)
    with torch.profiler.profile(on_trace_ready=handler, post_processing_timeout_s=5.0) as prof:
        (x @ x).sum()
    print(sorted(name.split(".")[0] for name in os.listdir(folder)))
print(any(event.key == "aten::mm" for event in prof.key_averages()))

program = torch.export.export(torch.nn.Linear(4, 2), (x,),
                              prefer_deferred_runtime_asserts_over_guards=True)
print(type(program).__name__, program.module()(x).shape)
