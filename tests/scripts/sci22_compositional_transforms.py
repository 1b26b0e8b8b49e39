import torch
import torch.distributions as D
import torch.distributions.transforms as T

# Compositional data (proportions that sum to one) in Aitchison geometry, a LogisticNormal
# fitted by maximum likelihood, and the transforms the scientific-Python guides combine:
# Softmax, Stack, Cat, Independent, Reshape, Abs, LowerCholesky and PositiveDefinite.
torch.manual_seed(0)
torch.set_printoptions(precision=5)
dtype = torch.float64

# --- 1. Aitchison geometry: clr / ilr with a Helmert basis ---------------------------------
def clr(x):
    logx = x.log()
    return logx - logx.mean(-1, keepdim=True)

def helmert(d):
    # orthonormal basis of the zero-sum hyperplane (rows orthogonal to ones)
    h = torch.zeros(d - 1, d, dtype=dtype)
    for i in range(1, d):
        h[i - 1, :i] = 1.0 / i
        h[i - 1, i] = -1.0
        h[i - 1] *= (i / (i + 1)) ** 0.5
    return h

comp = torch.tensor([[0.1, 0.3, 0.6], [0.25, 0.25, 0.5], [0.7, 0.2, 0.1]], dtype=dtype)
H = helmert(3)
print("Helmert H H^T = I:", torch.allclose(H @ H.T, torch.eye(2, dtype=dtype)))
print("Helmert rows sum to 0:", H.sum(1).abs().max().item() < 1e-15)
ilr = clr(comp) @ H.T
print("ilr coordinates:\n", ilr)
back = torch.softmax(ilr @ H, dim=-1)
print("ilr -> composition round trip:", torch.allclose(back, comp))
# Aitchison distance equals Euclidean distance of ilr coordinates
ad = torch.cdist(clr(comp), clr(comp))
print("Aitchison distances:\n", ad)
print("ilr distances agree:", torch.allclose(ad, torch.cdist(ilr, ilr)))
# perturbation and powering: the vector-space operations of the simplex
def closure(x):
    return x / x.sum(-1, keepdim=True)
perturbed = closure(comp[0] * comp[1])
print("perturbation:", perturbed)
print("clr is linear in perturbation:", torch.allclose(clr(perturbed), clr(comp[0]) + clr(comp[1])))
print("powering by 2.5:", closure(comp[2] ** 2.5))

# --- 2. SoftmaxTransform and StickBreaking are different maps --------------------------------
sm = T.SoftmaxTransform()
y = torch.tensor([0.3, -1.2, 2.0], dtype=dtype)
p = sm(y)
print("softmax transform:", p, "sum", p.sum().item())
print("softmax inverse (log, not clr):", sm.inv(p))
print("softmax is not bijective:", sm.bijective, "| domain", sm.domain, "| codomain", sm.codomain)
print("event dims:", sm.domain.event_dim, sm.codomain.event_dim)
sb = T.StickBreakingTransform()
print("stick-breaking of 2 coordinates:", sb(y[:2]))
print("stick-breaking round trip:", torch.allclose(sb.inv(sb(y[:2])), y[:2]))

# --- 3. LogisticNormal: density, sampling, maximum likelihood ---------------------------------
loc_true = torch.tensor([0.5, -0.3], dtype=dtype)
scale_true = torch.tensor([0.4, 0.8], dtype=dtype)
ln = D.LogisticNormal(loc_true, scale_true)
print(ln)
print("batch/event shape:", ln.batch_shape, ln.event_shape)
print("support:", ln.support)
x = ln.sample((400,))
print("sample shape:", x.shape, "rows sum to 1:",
      torch.allclose(x.sum(-1), torch.ones(400, dtype=dtype)))
print("mean composition:", x.mean(0))
print("log_prob of first three:", ln.log_prob(x[:3]))
# the same density by hand: normal density of the additive log-ratio, times the Jacobian
alr = (x[:3, :-1] / x[:3, -1:]).log()
manual = D.Normal(loc_true, scale_true).log_prob(alr).sum(-1) - x[:3].log().sum(-1)
print("density by hand agrees:", torch.allclose(ln.log_prob(x[:3]), manual))

loc = torch.zeros(2, dtype=dtype, requires_grad=True)
log_scale = torch.zeros(2, dtype=dtype, requires_grad=True)
opt = torch.optim.LBFGS([loc, log_scale], lr=1, max_iter=50, line_search_fn="strong_wolfe")

def closure_nll():
    opt.zero_grad()
    nll = -D.LogisticNormal(loc, log_scale.exp()).log_prob(x).mean()
    nll.backward()
    return nll

nll = opt.step(closure_nll)
print("LBFGS start NLL: %.6f" % nll.item())
print("MLE loc:", loc.detach(), "scale:", log_scale.exp().detach())
alr_all = (x[:, :-1] / x[:, -1:]).log()
print("closed form (mean, std of alr):", alr_all.mean(0), alr_all.std(0, unbiased=False))

# --- 4. Stack, Cat, Independent, Reshape, Abs ---------------------------------------------
stack = T.StackTransform([T.ExpTransform(), T.SigmoidTransform(), T.AffineTransform(1.0, 3.0)],
                         dim=1)
z = torch.tensor([[0.0, 0.0, 0.0], [1.0, -2.0, 0.5]], dtype=dtype)
u = stack(z)
print("stack transform:\n", u)
print("stack inverse round trip:", torch.allclose(stack.inv(u), z))
print("stack log|det J|:\n", stack.log_abs_det_jacobian(z, u))
cat = T.CatTransform([T.ExpTransform(), T.SoftplusTransform()], dim=0, lengths=[2, 3])
w = torch.tensor([-1.0, 0.0, 1.0, 2.0, -3.0], dtype=dtype)
print("cat transform:", cat(w))
print("cat log|det J|:", cat.log_abs_det_jacobian(w, cat(w)))
print("cat inverse round trip:", torch.allclose(cat.inv(cat(w)), w))
# a Cat transform makes a positive/unbounded parameter vector for an optimiser
raw = torch.tensor([0.2, -0.4, 0.1, 0.0, 1.5], dtype=dtype, requires_grad=True)
params = cat(raw)
params.pow(2).sum().backward()
print("gradient through CatTransform:", raw.grad)

ind = T.IndependentTransform(T.ExpTransform(), 1)
v = torch.tensor([[0.1, 0.2], [0.3, -0.4]], dtype=dtype)
print("independent log|det J| sums the event:", ind.log_abs_det_jacobian(v, ind(v)))
print("independent domain event_dim:", ind.domain.event_dim, ind.codomain.event_dim)
resh = T.ReshapeTransform((2, 3), (3, 2))
m = torch.arange(6.0, dtype=dtype).reshape(2, 3)
print("reshape:", resh(m).shape, "inverse:", resh.inv(resh(m)).shape)
print("reshape forward_shape:", resh.forward_shape((5, 2, 3)),
      "inverse_shape:", resh.inverse_shape((5, 3, 2)))
print("reshape log|det J|:", resh.log_abs_det_jacobian(m, resh(m)))
ab = T.AbsTransform()
print("abs transform:", ab(torch.tensor([-2.0, 3.0])), "equal to another:", ab == T.AbsTransform())
half = D.TransformedDistribution(D.Normal(0.0, 2.0), [T.AbsTransform()])
print("folded normal sample >= 0:", bool((half.sample((50,)) >= 0).all()))
try:
    half.log_prob(torch.tensor(1.0))
except NotImplementedError as e:
    print("NotImplementedError:", type(e).__name__)

# Independent + Reshape around a Normal: a matrix-valued variable
base = D.Independent(D.Normal(torch.zeros(6, dtype=dtype), torch.ones(6, dtype=dtype)), 1)
matdist = D.TransformedDistribution(base, [T.ReshapeTransform((6,), (2, 3))])
print("matrix-valued event shape:", matdist.event_shape, matdist.batch_shape)
s = matdist.sample((4,))
print("sample shape:", s.shape)
print("log_prob equals base:", torch.allclose(matdist.log_prob(s), base.log_prob(s.reshape(4, 6))))

# --- 5. LowerCholesky and PositiveDefinite: covariance parametrisations -------------------
lc = T.LowerCholeskyTransform()
A = torch.tensor([[0.3, 5.0, -1.0], [0.4, -0.2, 7.0], [1.0, 2.0, 0.0]], dtype=dtype)
L = lc(A)
print("lower cholesky transform:\n", L)
print("inverse recovers the lower part:\n", lc.inv(L))
print("codomain check:", lc.codomain.check(L))
pd = T.PositiveDefiniteTransform()
S = pd(A)
print("positive definite transform:\n", S)
print("eigenvalues positive:", bool((torch.linalg.eigvalsh(S) > 0).all()))
print("pd inverse round trip to tril:", torch.allclose(pd(pd.inv(S)), S))
print("constraint check:", D.constraints.positive_definite.check(S))

# fit a covariance matrix by maximum likelihood through the PD transform
cov_true = torch.tensor([[2.0, 0.6, 0.0], [0.6, 1.0, -0.3], [0.0, -0.3, 0.5]], dtype=dtype)
data = D.MultivariateNormal(torch.zeros(3, dtype=dtype), cov_true).sample((300,))
raw_cov = torch.zeros(3, 3, dtype=dtype, requires_grad=True)
opt = torch.optim.Adam([raw_cov], lr=0.05)
for step in range(150):
    opt.zero_grad()
    cov = pd(raw_cov)
    mvn = D.MultivariateNormal(torch.zeros(3, dtype=dtype), covariance_matrix=cov)
    loss = -mvn.log_prob(data).mean()
    loss.backward()
    opt.step()
    if step % 50 == 0:
        print("step %3d NLL %.6f" % (step, loss.item()))
emp = data.T @ data / data.shape[0]
print("fitted covariance:\n", pd(raw_cov).detach())
print("max |fit - empirical|: %.4f" % (pd(raw_cov).detach() - emp).abs().max().item())

# --- 6. Errors ------------------------------------------------------------------------------
for bad in (lambda: D.LogisticNormal(torch.zeros(2), -torch.ones(2)),
            lambda: ln.log_prob(torch.tensor([0.5, 0.6, 0.1], dtype=dtype)),
            lambda: T.CatTransform([T.ExpTransform()], dim=0, lengths=[2])(torch.zeros(3)),
            lambda: T.ReshapeTransform((2, 3), (4, 2))):
    try:
        bad()
        print("no error")
    except (ValueError, RuntimeError, AssertionError) as e:
        print(type(e).__name__ + ":", str(e).splitlines()[0][:110])
