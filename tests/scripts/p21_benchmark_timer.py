import torch
import torch.utils.benchmark as benchmark

# The "PyTorch Benchmark" and "Timer quick start" recipes: Timer with stmt/setup/globals,
# timeit, blocked_autorange, adaptive_autorange, Measurement fields, labels and Compare.
# Times differ from run to run, so only the API and what is deterministic is printed (of the
# Compare table: its labels, rows and columns, not its numbers or widths).
torch.manual_seed(0)


def batched_dot_mul_sum(a, b):
    """Computes batched dot by multiplying and summing"""
    return a.mul(b).sum(-1)


def batched_dot_bmm(a, b):
    """Computes batched dot by reducing to ``bmm``"""
    a = a.reshape(-1, 1, a.shape[-1])
    b = b.reshape(-1, b.shape[-1], 1)
    return torch.bmm(a, b).flatten(-3)


x = torch.randn(100, 64)
assert batched_dot_mul_sum(x, x).allclose(batched_dot_bmm(x, x))
print(torch.allclose(batched_dot_mul_sum(x, x), batched_dot_bmm(x, x), atol=1e-5))

t0 = benchmark.Timer(stmt="batched_dot_mul_sum(x, x)",
                     setup="from __main__ import batched_dot_mul_sum",
                     globals={"x": x})
t1 = benchmark.Timer(stmt="batched_dot_bmm(x, x)", globals={"x": x, "batched_dot_bmm":
                                                               batched_dot_bmm})
m0 = t0.timeit(20)
m1 = t1.timeit(20)
print(type(m0).__name__, m0.number_per_run, len(m0.times), m0.stmt, m0.task_spec.setup)
print(m0.mean > 0, m0.median > 0, m1.num_threads, m0.label, m0.sub_label, m0.description)
print(m1.stmt, m1.title, m1.env)
print(type(m0.raw_times).__name__, len(m0.raw_times), m0.has_warnings in (True, False))

num_threads = torch.get_num_threads()
t2 = benchmark.Timer(stmt="batched_dot_bmm(x, x)", globals={"x": x, "batched_dot_bmm":
                                                               batched_dot_bmm},
                     num_threads=1, label="Batched dot", sub_label="[100, 64]",
                     description="bmm")
m2 = t2.blocked_autorange(min_run_time=0.01)
print(m2.num_threads, m2.label, m2.sub_label, m2.description, m2.title)
print(m2.number_per_run >= 1, len(m2.times) >= 1, m2.iqr >= 0)
print(f"{m2.task_spec.num_threads} thread(s)")
m3 = t2.adaptive_autorange(threshold=0.5, min_run_time=0.01, max_run_time=0.05)
print(type(m3).__name__, m3.number_per_run >= 1, m3.label)

results = []
for b, n in [(1, 1), (64, 32)]:
    label = "Batched dot"
    sub_label = f"[{b}, {n}]"
    xs = torch.ones((b, n))
    for num_threads in [1]:
        results.append(benchmark.Timer(
            stmt="batched_dot_mul_sum(x, x)",
            setup="from __main__ import batched_dot_mul_sum",
            globals={"x": xs},
            num_threads=num_threads,
            label=label,
            sub_label=sub_label,
            description="mul/sum",
        ).timeit(5))
        results.append(benchmark.Timer(
            stmt="batched_dot_bmm(x, x)",
            setup="from __main__ import batched_dot_bmm",
            globals={"x": xs},
            num_threads=num_threads,
            label=label,
            sub_label=sub_label,
            description="bmm",
        ).timeit(5))
for m in results:
    print(m.label, m.sub_label, m.description, m.num_threads, m.number_per_run, m.stmt,
          m.as_row_name)
compare = benchmark.Compare(results)
compare.trim_significant_figures()
compare.colorize()
table = str(compare).splitlines()
print(table[0].strip("[]-").strip(), [cell.strip() for cell in table[1].split("|")])
print([line.split("|")[0].strip(" -") for line in table[2:-2]])
print(table[-1].startswith("Times are in"), len(table))
merged = benchmark.Measurement.merge(results[:1] + results[:1])
print(len(merged), len(merged[0].times), merged[0].number_per_run)
print(benchmark.select_unit(3.2e-6), benchmark.select_unit(0.25),
      benchmark.unit_to_english("us"), benchmark.trim_sigfig(123.456, 2))

fuzzy = benchmark.Timer("torch.mm(a, b)", globals={"a": torch.ones(8, 8), "b": torch.ones(8, 8)})
print(fuzzy.timeit(3).stmt)
try:
    benchmark.Timer(stmt="x +", globals={"x": x}).timeit(1)
except SyntaxError as err:
    print("SyntaxError", type(err).__name__)
