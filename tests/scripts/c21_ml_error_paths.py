import torch

# The mistakes people make in classical-ML code and what each call says back: shape and dtype
# slips in cdist / cholesky_solve / lstsq / solve, bad bins for bucketize / searchsorted /
# histc, bincount on negative or float data, one_hot with too few classes, multinomial with
# invalid probabilities, topk / kthvalue / quantile out of range, unfold windows larger than the
# series, an Embedding index past the table, optimizers given the wrong kind of parameters, and
# the ranking losses given mismatched shapes. Each error's type and first line are printed.
import warnings

import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


def attempt(label, fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            out = fn()
            print(f"{label}: ok", out)
        except Exception as e:  # noqa: BLE001 - the message is what is compared
            print(f"{label}: {type(e).__name__}: {str(e).splitlines()[0]}")
    for w in caught:
        # (torch's C++ warnings end in "(Triggered internally at <its source file>)")
        text = str(w.message).splitlines()[0].split(" (Triggered internally")[0]
        print(f"   {w.category.__name__}: {text}")


A = torch.randn(5, 3, dtype=torch.float64)
B = torch.randn(4, 2, dtype=torch.float64)
attempt("cdist feature mismatch", lambda: torch.cdist(A, B))
attempt("cdist 1-d", lambda: torch.cdist(A[0], A[1]))
attempt("cdist negative p", lambda: torch.cdist(A, A, p=-1))
attempt("cdist dtype mix", lambda: torch.cdist(A, A.float()).dtype)
attempt("cdist int", lambda: torch.cdist(torch.ones(2, 2, dtype=torch.long),
                                         torch.ones(2, 2, dtype=torch.long)))
spd = A.T @ A + torch.eye(3, dtype=torch.float64)
L = torch.linalg.cholesky(spd)
ones64 = torch.ones(4, 1, dtype=torch.float64)
attempt("cholesky_solve 1-d rhs", lambda: torch.cholesky_solve(ones64[:3, 0], L))
attempt("cholesky_solve shape", lambda: torch.cholesky_solve(ones64, L))
attempt("cholesky_solve dtype", lambda: torch.cholesky_solve(torch.ones(3, 1), L))
attempt("cholesky non-square", lambda: torch.linalg.cholesky(A))
attempt("cholesky not symmetric-pd", lambda: torch.linalg.cholesky(-spd))
attempt("solve singular", lambda: torch.linalg.solve(torch.zeros(3, 3), torch.ones(3)))
attempt("solve shape", lambda: torch.linalg.solve(spd, torch.ones(4, dtype=torch.float64)))
attempt("lstsq bad driver", lambda: torch.linalg.lstsq(A, torch.ones(5, 1, dtype=torch.float64),
                                                        driver="gelsx"))
attempt("lstsq rows", lambda: torch.linalg.lstsq(A, torch.ones(4, 1, dtype=torch.float64)))
attempt("inv singular", lambda: torch.linalg.inv(torch.ones(2, 2)))
attempt("inv_ex info", lambda: torch.linalg.inv_ex(torch.ones(2, 2)).info)
attempt("eigh non-square", lambda: torch.linalg.eigh(A))
attempt("pinv rank-deficient", lambda: torch.linalg.pinv(torch.ones(2, 2)))
attempt("matrix_rank", lambda: torch.linalg.matrix_rank(torch.ones(3, 3)))

edges = torch.tensor([0.0, 1.0, 2.0])
attempt("bucketize int input", lambda: torch.bucketize(torch.tensor([1, 3]), edges))
attempt("bucketize 2-d boundaries", lambda: torch.bucketize(torch.tensor([1.0]), edges.view(3, 1)))
attempt("bucketize unsorted (no check)", lambda: torch.bucketize(torch.tensor([1.5]),
                                                                   torch.tensor([2.0, 0.0, 1.0])))
attempt("searchsorted side mismatch", lambda: torch.searchsorted(edges, torch.tensor([1.0]),
                                                                  right=False, side="right"))
attempt("searchsorted bad side", lambda: torch.searchsorted(edges, torch.tensor([1.0]), side="up"))
attempt("searchsorted sorter dtype", lambda: torch.searchsorted(edges, torch.tensor([1.0]),
                                                                 sorter=torch.tensor([0, 1, 2],
                                                                                     dtype=torch.int32)))
attempt("searchsorted sorter range", lambda: torch.searchsorted(edges, torch.tensor([1.0]),
                                                                 sorter=torch.tensor([0, 1, 5])))
attempt("searchsorted batch mismatch", lambda: torch.searchsorted(torch.zeros(2, 3),
                                                                   torch.zeros(3, 1)))
attempt("histc min > max", lambda: torch.histc(torch.rand(5), bins=3, min=2, max=1))
attempt("histc int", lambda: torch.histc(torch.tensor([1, 2, 3]), bins=3))
attempt("histogram bins tensor", lambda: torch.histogram(torch.tensor([0.5, 1.5]),
                                                          bins=torch.tensor([0.0, 1.0, 2.0])))
attempt("histogram int input", lambda: torch.histogram(torch.tensor([1, 2]), bins=2))

attempt("bincount negative", lambda: torch.bincount(torch.tensor([0, -1, 2])))
attempt("bincount float", lambda: torch.bincount(torch.tensor([0.0, 1.0])))
attempt("bincount 2-d", lambda: torch.bincount(torch.tensor([[0, 1]])))
attempt("bincount weights length", lambda: torch.bincount(torch.tensor([0, 1]),
                                                          weights=torch.ones(3)))
attempt("bincount int weights", lambda: torch.bincount(torch.tensor([0, 1, 1]),
                                                       weights=torch.tensor([1, 2, 3])))
attempt("bincount negative minlength", lambda: torch.bincount(torch.tensor([0]), minlength=-1))
attempt("one_hot too few classes", lambda: F.one_hot(torch.tensor([0, 3]), num_classes=3))
attempt("one_hot negative", lambda: F.one_hot(torch.tensor([-1, 1])))
attempt("one_hot float", lambda: F.one_hot(torch.tensor([0.0, 1.0])))
attempt("one_hot empty infer", lambda: F.one_hot(torch.tensor([], dtype=torch.long)))
attempt("unique dim out of range", lambda: torch.unique(torch.ones(2, 2), dim=2))
attempt("isin mixed dtypes", lambda: torch.isin(torch.tensor([1, 2]), torch.tensor([1.0, 2.5])))

probs = torch.tensor([0.2, -0.1, 0.9])
attempt("multinomial negative", lambda: torch.multinomial(probs, 1))
attempt("multinomial zero sum", lambda: torch.multinomial(torch.zeros(3), 1))
attempt("multinomial inf", lambda: torch.multinomial(torch.tensor([1.0, float("inf")]), 1))
attempt("multinomial too many", lambda: torch.multinomial(torch.tensor([0.5, 0.5, 0.0]), 3))
attempt("multinomial int", lambda: torch.multinomial(torch.tensor([1, 2]), 1))
attempt("randperm negative", lambda: torch.randperm(-2))
attempt("randint low >= high", lambda: torch.randint(5, 5, (2,)))
attempt("bernoulli p > 1", lambda: torch.bernoulli(torch.tensor([0.5, 1.5])))
attempt("normal negative std", lambda: torch.normal(0.0, -1.0, size=(2,)))

x = torch.arange(6.0)
attempt("topk too large", lambda: x.topk(7))
attempt("kthvalue out of range", lambda: x.kthvalue(0))
attempt("quantile out of range", lambda: torch.quantile(x, 1.5))
attempt("quantile int", lambda: torch.quantile(torch.arange(4), 0.5))
attempt("quantile bad interpolation", lambda: torch.quantile(x, 0.5, interpolation="cubic"))
attempt("quantile q dtype", lambda: torch.quantile(x, torch.tensor([0.5], dtype=torch.float64)))
attempt("median empty", lambda: torch.tensor([]).median())
attempt("nanmedian all nan", lambda: torch.tensor([float("nan")] * 2).nanmedian())
attempt("mode empty dim", lambda: torch.empty(0, 2).mode(0))
attempt("unfold too large", lambda: x.unfold(0, 7, 1))
attempt("unfold step 0", lambda: x.unfold(0, 2, 0))
attempt("diff negative n", lambda: torch.diff(x, n=-1))
attempt("diff prepend dims", lambda: torch.diff(x, prepend=torch.zeros(1, 1)))
attempt("trapezoid x length", lambda: torch.trapezoid(x, torch.arange(5.0)))
attempt("cumulative_trapezoid int", lambda: torch.cumulative_trapezoid(torch.arange(4)))
attempt("cov bad fweights", lambda: torch.cov(torch.rand(2, 4),
                                              fweights=torch.tensor([1, -1, 1, 1])))
attempt("cov float fweights", lambda: torch.cov(torch.rand(2, 4), fweights=torch.ones(4)))
attempt("cov 3-d", lambda: torch.cov(torch.rand(2, 2, 2)))
attempt("corrcoef constant", lambda: torch.corrcoef(torch.tensor([[1.0, 1.0, 1.0],
                                                                 [1.0, 2.0, 3.0]])))
attempt("std correction too big", lambda: torch.tensor([1.0, 2.0]).std(correction=2))
attempt("var unbiased and correction", lambda: torch.var(torch.tensor([1.0, 2.0]),
                                                         unbiased=True, correction=1))
attempt("var_mean unbiased and correction", lambda: torch.var_mean(torch.ones(2), unbiased=False,
                                                                   correction=0))

emb = nn.Embedding(5, 2, sparse=True)
attempt("embedding index past table", lambda: emb(torch.tensor([5])))
attempt("embedding float index", lambda: emb(torch.tensor([1.0])))
attempt("embedding negative index", lambda: emb(torch.tensor([-1])))
attempt("sparse adam dense params", lambda: torch.optim.SparseAdam([nn.Parameter(torch.ones(2))]))
dense = nn.Linear(2, 1)
opt = torch.optim.SparseAdam(dense.parameters())
dense(torch.ones(1, 2)).sum().backward()
attempt("sparse adam dense grad", lambda: opt.step())
adam = torch.optim.Adam(emb.parameters())
emb(torch.tensor([1])).sum().backward()
attempt("adam sparse grad", lambda: adam.step())
attempt("lbfgs two groups", lambda: torch.optim.LBFGS([{"params": [nn.Parameter(torch.ones(1))]},
                                                       {"params": [nn.Parameter(torch.ones(1))]}]))
attempt("lbfgs bad line search", lambda: torch.optim.LBFGS([nn.Parameter(torch.ones(1))],
                                                           line_search_fn="armijo"))
attempt("sgd negative lr", lambda: torch.optim.SGD([nn.Parameter(torch.ones(1))], lr=-0.1))
attempt("sgd nesterov no momentum", lambda: torch.optim.SGD([nn.Parameter(torch.ones(1))],
                                                            lr=0.1, nesterov=True))
attempt("adam bad beta", lambda: torch.optim.Adam([nn.Parameter(torch.ones(1))], betas=(1.0, 0.9)))
attempt("duplicate params", lambda: torch.optim.SGD([dense.weight, dense.weight], lr=0.1))

s1, s2 = torch.randn(4), torch.randn(3)
attempt("margin ranking shapes", lambda: F.margin_ranking_loss(s1, s2, torch.ones(4)))
attempt("cosine embedding target shape", lambda: F.cosine_embedding_loss(
    torch.randn(3, 2), torch.randn(3, 2), torch.ones(2)))
attempt("cosine embedding 3-d", lambda: F.cosine_embedding_loss(
    torch.randn(3, 2, 2), torch.randn(3, 2, 2), torch.ones(3)))
attempt("triplet dims", lambda: F.triplet_margin_loss(torch.randn(3, 2), torch.randn(3, 2),
                                                      torch.randn(3)))
attempt("triplet with distance shapes", lambda: F.triplet_margin_with_distance_loss(
    torch.randn(3, 2), torch.randn(4, 2), torch.randn(3, 2)))
attempt("bce target range", lambda: F.binary_cross_entropy(torch.tensor([0.5]),
                                                           torch.tensor([2.0])))
attempt("bce input range", lambda: F.binary_cross_entropy(torch.tensor([1.5]), torch.tensor([1.0])))
attempt("bce size mismatch", lambda: F.binary_cross_entropy(torch.rand(3), torch.rand(3, 1)))
attempt("bce_with_logits size", lambda: F.binary_cross_entropy_with_logits(torch.rand(3),
                                                                           torch.rand(2)))
attempt("cross_entropy class out of range", lambda: F.cross_entropy(torch.randn(2, 3),
                                                                    torch.tensor([0, 3])))
attempt("cross_entropy float target shape", lambda: F.cross_entropy(torch.randn(2, 3),
                                                                    torch.rand(2, 4)))
attempt("poisson nll shapes", lambda: F.poisson_nll_loss(torch.rand(3), torch.rand(3, 1)))
attempt("gaussian nll var shape", lambda: F.gaussian_nll_loss(torch.rand(3, 2), torch.rand(3, 2),
                                                              torch.rand(2, 2)))
attempt("gaussian nll negative var", lambda: F.gaussian_nll_loss(torch.rand(3), torch.rand(3),
                                                                 -torch.ones(3)))
attempt("huber negative delta", lambda: F.huber_loss(torch.rand(3), torch.rand(3), delta=-1.0))
attempt("mse size mismatch", lambda: F.mse_loss(torch.rand(3), torch.rand(3, 1)).shape)
attempt("l1 size mismatch", lambda: F.l1_loss(torch.rand(3), torch.rand(1, 3)).shape)
