import torch

# A scikit-learn-style toolkit written on tensors, as people write it when they cannot install
# scikit-learn: fit/transform scalers (standard with correction=0, min-max from aminmax, robust
# from quantiles), polynomial features from combinations(with_replacement=True), a pipeline
# object, K-fold cross-validation by tensor_split, a grid search over ridge penalties and
# polynomial degrees, an SGD classifier on the hinge loss with early stopping on a validation
# split, learning curves, and NaN-aware column statistics on the way in.
import itertools

torch.manual_seed(0)
torch.set_printoptions(precision=4, sci_mode=False)
dt = torch.float64


class StandardScaler:
    def fit(self, X):
        self.mean_ = X.mean(0)
        sd = X.std(0, correction=0)
        self.scale_ = torch.where(sd > 0, sd, torch.ones_like(sd))
        return self

    def transform(self, X):
        return (X - self.mean_) / self.scale_

    def __repr__(self):
        return "StandardScaler()"


class MinMaxScaler:
    def __init__(self, feature_range=(0.0, 1.0)):
        self.feature_range = feature_range

    def fit(self, X):
        self.min_, self.max_ = torch.aminmax(X, dim=0)
        return self

    def transform(self, X):
        lo, hi = self.feature_range
        span = (self.max_ - self.min_).clamp_min(1e-12)
        return ((X - self.min_) / span).clamp(0, 1) * (hi - lo) + lo

    def __repr__(self):
        return f"MinMaxScaler(feature_range={self.feature_range})"


class RobustScaler:
    def fit(self, X):
        q = torch.quantile(X, torch.tensor([0.25, 0.5, 0.75], dtype=X.dtype), dim=0)
        self.center_, self.scale_ = q[1], q[2] - q[0]
        return self

    def transform(self, X):
        return (X - self.center_) / self.scale_

    def __repr__(self):
        return "RobustScaler()"


class PolynomialFeatures:
    def __init__(self, degree):
        self.degree = degree

    def fit(self, X):
        cols = torch.arange(X.shape[1])
        self.terms_ = [torch.combinations(cols, r, with_replacement=True)
                       for r in range(1, self.degree + 1)]
        return self

    def transform(self, X):
        feats = [torch.ones(len(X), 1, dtype=X.dtype)]
        for combos in self.terms_:
            feats.append(X[:, combos].prod(-1))
        return torch.cat(feats, 1)

    def __repr__(self):
        return f"PolynomialFeatures(degree={self.degree})"


class Ridge:
    def __init__(self, alpha):
        self.alpha = alpha

    def fit(self, X, y):
        eye = torch.eye(X.shape[1], dtype=X.dtype)
        eye[0, 0] = 0  # the intercept column is not penalised
        self.coef_ = torch.linalg.solve(X.T @ X + self.alpha * eye, X.T @ y)
        return self

    def predict(self, X):
        return X @ self.coef_

    def __repr__(self):
        return f"Ridge(alpha={self.alpha})"


class Pipeline:
    def __init__(self, steps):
        self.steps = steps

    def fit(self, X, y):
        for _, step in self.steps[:-1]:
            X = step.fit(X).transform(X)
        self.steps[-1][1].fit(X, y)
        return self

    def predict(self, X):
        for _, step in self.steps[:-1]:
            X = step.transform(X)
        return self.steps[-1][1].predict(X)

    def __repr__(self):
        return "Pipeline(" + ", ".join(f"{n}={s!r}" for n, s in self.steps) + ")"


gen = torch.Generator().manual_seed(5)
n = 90
X = torch.rand(n, 3, generator=gen, dtype=dt) * torch.tensor([1.0, 10.0, 100.0], dtype=dt)
noise = 0.1 * torch.randn(n, generator=gen, dtype=dt)
y = torch.sin(3 * X[:, 0]) + 0.05 * X[:, 1] ** 2 - 0.01 * X[:, 2] + noise
X[torch.tensor([4, 40]), 1] = float("nan")
print("nan per column", X.isnan().sum(0), "nanmean", X.nanmean(0))
col_median = X.nanmedian(0).values
X = torch.where(X.isnan(), col_median, X)
print("imputed rows", X[[4, 40]])

for scaler in (StandardScaler(), MinMaxScaler((-1.0, 1.0)), RobustScaler()):
    Z = scaler.fit(X).transform(X)
    print(f"{scaler!r:40s} mean {Z.mean(0)} min {Z.amin(0)}")
pf = PolynomialFeatures(3).fit(X)
print(pf, "terms", [t.shape[0] for t in pf.terms_], "output width", pf.transform(X).shape[1])
print("degree-2 terms", pf.terms_[1].tolist())

perm = torch.randperm(n, generator=gen)
folds = torch.tensor_split(perm, 5)
print("fold sizes", [len(f) for f in folds])


def cross_val_mse(make):
    errs = []
    for k in range(5):
        test_idx = folds[k]
        train_idx = torch.cat([f for j, f in enumerate(folds) if j != k])
        model = make().fit(X[train_idx], y[train_idx])
        errs.append((model.predict(X[test_idx]) - y[test_idx]).pow(2).mean())
    errs = torch.stack(errs)
    return errs.mean(), errs.std()


results = {}
for degree, alpha in itertools.product((1, 2, 3), (1e-3, 1e-1, 10.0)):
    mean, sd = cross_val_mse(lambda: Pipeline([("scale", StandardScaler()),
                                               ("poly", PolynomialFeatures(degree)),
                                               ("ridge", Ridge(alpha))]))
    results[(degree, alpha)] = mean.item()
    print(f"degree {degree} alpha {alpha:g} cv mse {mean.item():.5f} +- {sd.item():.5f}")
best = min(results, key=results.get)
print("best", best)
final = Pipeline([("scale", StandardScaler()), ("poly", PolynomialFeatures(best[0])),
                  ("ridge", Ridge(best[1]))]).fit(X, y)
print(final)
r2 = 1 - (final.predict(X) - y).pow(2).sum() / (y - y.mean()).pow(2).sum()
print("train r2", f"{r2.item():.6f}")

# SGD classifier with the hinge loss and early stopping
labels = (y > y.median()).to(dt) * 2 - 1
Xs = StandardScaler().fit(X).transform(X)
val = perm[:20]
train = perm[20:]
w = torch.zeros(3, dtype=dt, requires_grad=True)
b = torch.zeros((), dtype=dt, requires_grad=True)
opt = torch.optim.SGD([w, b], lr=0.1, weight_decay=1e-3)
best_val, patience, history = float("inf"), 0, []
for epoch in range(100):
    for batch in train[torch.randperm(len(train), generator=gen)].split(10):
        loss = torch.clamp_min(1 - labels[batch] * (Xs[batch] @ w + b), 0).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    with torch.no_grad():
        val_loss = torch.clamp_min(1 - labels[val] * (Xs[val] @ w + b), 0).mean().item()
    history.append(round(val_loss, 5))
    if val_loss < best_val - 1e-4:
        best_val, patience, best_w = val_loss, 0, (w.detach().clone(), b.detach().clone())
    else:
        patience += 1
        if patience >= 5:
            break
print("stopped after", epoch + 1, "epochs; val losses", history[:4], "...", history[-3:])
w_best, b_best = best_w
acc = ((Xs @ w_best + b_best).sign() == labels).to(dt).mean()
print("best val hinge", round(best_val, 5), "accuracy", f"{acc.item():.4f}", "weights", w_best)

# learning curve
for size in (15, 30, 60):
    idx = perm[:size]
    model = Pipeline([("scale", StandardScaler()), ("poly", PolynomialFeatures(2)),
                      ("ridge", Ridge(0.1))]).fit(X[idx], y[idx])
    rest = perm[size:]
    mse = (model.predict(X[rest]) - y[rest]).pow(2).mean()
    print(f"train size {size:2d} test mse {mse.item():.5f}")
