import torch  # noqa: I001 (the harness requires torch first)

# Rigid-body kinematics as a roboticist writes it in float64: so(3) hat maps and the
# exponential map by linalg.matrix_exp against Rodrigues' formula, the logarithm map back
# (acos of the trace, the skew part), quaternions from rotation matrices and their product,
# SE(3) twists exponentiated as 4x4 matrices, forward kinematics of a planar 3-link arm and a
# 6-DoF chain by products of exponentials (linalg.multi_dot), its geometric Jacobian by
# torch.func.jacrev, damped least-squares inverse kinematics, gradients through matrix_exp
# checked by gradcheck, and matrix_power of a rotation.
import math

from torch.func import jacrev

torch.set_default_dtype(torch.float64)
torch.set_printoptions(precision=6, sci_mode=False)


def hat(w):
    zero = torch.zeros_like(w[..., 0])
    return torch.stack(
        [
            torch.stack([zero, -w[..., 2], w[..., 1]], -1),
            torch.stack([w[..., 2], zero, -w[..., 0]], -1),
            torch.stack([-w[..., 1], w[..., 0], zero], -1),
        ],
        -2,
    )


def vee(W):
    return torch.stack([W[..., 2, 1], W[..., 0, 2], W[..., 1, 0]], -1)


def rodrigues(w):
    theta = torch.linalg.vector_norm(w, dim=-1, keepdim=True)[..., None]
    K = hat(w) / theta
    eye = torch.eye(3).expand_as(K)
    return eye + torch.sin(theta) * K + (1 - torch.cos(theta)) * K @ K


def so3_log(R):
    cos = ((R.diagonal(dim1=-2, dim2=-1).sum(-1) - 1) / 2).clamp(-1, 1)
    theta = torch.acos(cos)
    return vee(R - R.mT) * (theta / (2 * torch.sin(theta)))[..., None]


w = torch.tensor([[0.3, -0.2, 0.9], [1.2, 0.4, -0.5], [0.0, 0.0, 2.5]])
R_exp = torch.linalg.matrix_exp(hat(w))
R_rod = rodrigues(w)
print("exp vs Rodrigues", (R_exp - R_rod).abs().max().item() < 1e-14)
print("R[0]\n", R_exp[0])
print(
    "orthogonal",
    torch.allclose(R_exp @ R_exp.mT, torch.eye(3).expand(3, 3, 3)),
    "det",
    torch.linalg.det(R_exp),
)
print("log map", so3_log(R_exp))
print("angles", torch.linalg.vector_norm(so3_log(R_exp), dim=-1))


def quat_from_matrix(R):
    # Shepperd's method on the largest diagonal term is overkill here: trace > 0 for these
    qw = torch.sqrt(1 + R.diagonal(dim1=-2, dim2=-1).sum(-1)) / 2
    qv = vee(R - R.mT) / (4 * qw[..., None])
    return torch.cat([qw[..., None], qv], -1)


def quat_mul(a, b):
    aw, av = a[..., :1], a[..., 1:]
    bw, bv = b[..., :1], b[..., 1:]
    return torch.cat(
        [aw * bw - (av * bv).sum(-1, keepdim=True), aw * bv + bw * av + torch.linalg.cross(av, bv)],
        -1,
    )


q = quat_from_matrix(R_exp[:2])
print("quaternions", q, "norms", q.norm(dim=-1))
q01 = quat_mul(q[0], q[1])
print("compose as quaternion", quat_from_matrix(R_exp[0] @ R_exp[1]), q01)

# SE(3) twist exponential
xi = torch.tensor([0.1, -0.4, 0.25, 0.3, 0.5, -0.2])
twist = torch.zeros(4, 4)
twist[:3, :3] = hat(xi[3:])
twist[:3, 3] = xi[:3]
G = torch.linalg.matrix_exp(twist)
print("SE(3)\n", G)
print(
    "bottom row",
    G[3],
    "inverse via transpose",
    torch.allclose(torch.linalg.inv(G)[:3, :3], G[:3, :3].T),
)
print(
    "matrix_power(G, 3) == exp(3 twist)",
    torch.allclose(torch.linalg.matrix_power(G, 3), torch.linalg.matrix_exp(3 * twist)),
)
print("matrix_power(G, -2)\n", torch.linalg.matrix_power(G, -2))

# planar 3-link arm
links = torch.tensor([1.0, 0.8, 0.5])


def planar_fk(q):
    angles = torch.cumsum(q, 0)
    return torch.stack([(links * torch.cos(angles)).sum(), (links * torch.sin(angles)).sum()])


q = torch.tensor([0.3, 0.6, -0.4])
print("planar end effector", planar_fk(q))
J = jacrev(planar_fk)(q)
print("planar jacobian\n", J)
target = torch.tensor([1.2, 1.3])
lam = 0.05
for it in range(25):
    err = target - planar_fk(q)
    J = jacrev(planar_fk)(q)
    dq = J.T @ torch.linalg.solve(J @ J.T + lam**2 * torch.eye(2), err)
    q = q + dq
    if it % 6 == 0:
        print(f"ik {it:2d} error {err.norm().item():.3e}")
print("ik solution", q, "residual", f"{(target - planar_fk(q)).norm().item():.2e}")

# 6-DoF product of exponentials (screw axes in the base frame)
axes = torch.tensor([[0, 0, 1], [0, 1, 0], [0, 1, 0], [1, 0, 0], [0, 1, 0], [1, 0, 0.0]])
points = torch.tensor(
    [[0, 0, 0.3], [0, 0, 0.3], [0.4, 0, 0.3], [0.7, 0, 0.3], [0.7, 0, 0.3], [0.8, 0, 0.3]]
)
M = torch.eye(4)
M[:3, 3] = torch.tensor([0.9, 0.0, 0.3])


def screw(w, p):
    S = torch.zeros(4, 4)
    S[:3, :3] = hat(w)
    S[:3, 3] = -torch.linalg.cross(w, p)
    return S


screws = torch.stack([screw(a, p) for a, p in zip(axes, points)])


def fk(theta):
    mats = torch.linalg.matrix_exp(screws * theta[:, None, None])
    return torch.linalg.multi_dot([*mats.unbind(0), M])


theta = torch.tensor([0.2, -0.3, 0.5, 0.1, 0.4, -0.6])
T_end = fk(theta)
print("6-dof pose\n", T_end)
Jpos = jacrev(lambda t: fk(t)[:3, 3])(theta)
print("position jacobian\n", Jpos)
print("manipulability", torch.sqrt(torch.linalg.det(Jpos @ Jpos.T)))
print("singular values", torch.linalg.svdvals(Jpos))
print("cond", torch.linalg.cond(Jpos @ Jpos.T))

# gradients through matrix_exp
wg = torch.tensor([0.4, -0.7, 0.2], requires_grad=True)
loss = (torch.linalg.matrix_exp(hat(wg)) @ torch.tensor([1.0, 0.0, 0.0])).pow(2)[1:].sum()
loss.backward()
print("d loss / d w", wg.grad)
print(
    "gradcheck matrix_exp",
    torch.autograd.gradcheck(
        torch.linalg.matrix_exp,
        (torch.randn(2, 4, 4, generator=torch.Generator().manual_seed(1)).requires_grad_(),),
    ),
)
print(
    "gradcheck so3_log",
    torch.autograd.gradcheck(
        lambda v: so3_log(torch.linalg.matrix_exp(hat(v))),
        (torch.tensor([0.3, 0.2, -0.4], requires_grad=True),),
    ),
)
# rotation by a quarter turn: powers cycle
Rz = torch.linalg.matrix_exp(hat(torch.tensor([0.0, 0.0, math.pi / 2])))
print("Rz^4 == I", torch.allclose(torch.linalg.matrix_power(Rz, 4), torch.eye(3), atol=1e-12))
print("Rz^0", torch.linalg.matrix_power(Rz, 0))
print("complex eigenvalues of Rz", torch.linalg.eigvals(Rz))
try:
    torch.linalg.matrix_exp(torch.randn(3, 4))
except RuntimeError as err:
    print("RuntimeError", err)
try:
    torch.linalg.multi_dot([torch.randn(3)])
except RuntimeError as err:
    print("RuntimeError", err)
