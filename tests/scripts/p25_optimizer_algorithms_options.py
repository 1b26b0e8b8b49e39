import torch

# The torch.optim "Algorithms" table, the rarer rows, each with the options its docs page lists:
# Rprop's etas and step_sizes, ASGD's averaging (its "ax" state), Adamax, Adadelta's rho,
# Adagrad's lr_decay and initial_accumulator_value, NAdam's momentum_decay and decoupled weight
# decay, RAdam's rectification switch, Adam's amsgrad and maximize. Each minimises the Rosenbrock
# function in float64 from the same start; the user prints the trajectory, the state a
# checkpoint would hold, and the param_group with every default filled in.
import copy

torch.set_printoptions(precision=6)


def rosenbrock(xy):
    x, y = xy[0], xy[1]
    return (1 - x) ** 2 + 100 * (y - x ** 2) ** 2


def run(name, make, steps=12, sign=1.0):
    xy = torch.tensor([-1.2, 1.0], dtype=torch.float64, requires_grad=True)
    opt = make([xy])
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = sign * rosenbrock(xy)
        loss.backward()
        opt.step()
        losses.append(round(loss.item(), 6))
    print(name)
    print("  losses", losses[:4], "...", losses[-2:])
    print("  xy", xy.detach())
    state = opt.state_dict()
    st = state["state"][0]
    print("  state", sorted(st), {k: v for k, v in st.items() if k == "step"})
    for k in sorted(st):
        if k != "step" and torch.is_tensor(st[k]):
            print(f"    {k}", st[k].dtype, st[k].shape, st[k])
    group = {k: v for k, v in state["param_groups"][0].items() if k != "params"}
    print("  group", sorted(group.items()))
    return opt


run("Rprop", lambda p: torch.optim.Rprop(p, lr=0.01))
run("Rprop(etas, step_sizes)",
    lambda p: torch.optim.Rprop(p, lr=0.05, etas=(0.3, 1.5), step_sizes=(1e-4, 0.2)))
run("ASGD", lambda p: torch.optim.ASGD(p, lr=1e-3, t0=5, lambd=1e-3))
run("Adamax", lambda p: torch.optim.Adamax(p, lr=0.05, weight_decay=0.01))
run("Adadelta", lambda p: torch.optim.Adadelta(p, lr=1.0, rho=0.8, eps=1e-5))
run("Adagrad", lambda p: torch.optim.Adagrad(p, lr=0.1, lr_decay=0.05,
                                              initial_accumulator_value=0.5))
run("NAdam", lambda p: torch.optim.NAdam(p, lr=0.02, momentum_decay=0.008))
run("NAdam(decoupled)", lambda p: torch.optim.NAdam(p, lr=0.02, weight_decay=0.1,
                                                     decoupled_weight_decay=True))
run("RAdam", lambda p: torch.optim.RAdam(p, lr=0.05), steps=8)
run("RAdam(decoupled)", lambda p: torch.optim.RAdam(p, lr=0.05, weight_decay=0.1,
                                                     decoupled_weight_decay=True), steps=8)
run("Adam(amsgrad)", lambda p: torch.optim.Adam(p, lr=0.05, amsgrad=True))
run("Adam(maximize)", lambda p: torch.optim.Adam(p, lr=0.05, maximize=True), sign=-1.0)
run("SGD(nesterov)", lambda p: torch.optim.SGD(p, lr=1e-4, momentum=0.9, nesterov=True))
run("SGD(dampening)", lambda p: torch.optim.SGD(p, lr=1e-4, momentum=0.9, dampening=0.5))

# a checkpoint round trip: a fresh optimizer loaded from the state continues identically
xy_a = torch.tensor([-1.2, 1.0], dtype=torch.float64, requires_grad=True)
opt_a = torch.optim.Adamax([xy_a], lr=0.05)
for _ in range(3):
    opt_a.zero_grad()
    rosenbrock(xy_a).backward()
    opt_a.step()
xy_b = xy_a.detach().clone().requires_grad_()
opt_b = torch.optim.Adamax([xy_b], lr=0.5)
opt_b.load_state_dict(opt_a.state_dict())
print("loaded lr", opt_b.param_groups[0]["lr"])
for opt, xy in [(opt_a, xy_a), (opt_b, xy_b)]:
    opt.zero_grad()
    rosenbrock(xy).backward()
    opt.step()
# load_state_dict keeps the very state tensors (a same-dtype .to() returns its input): the two
# optimizers now share their moments and step counter, and each step advances both
print("shared moments", opt_b.state[xy_b]["exp_avg"] is opt_a.state[xy_a]["exp_avg"])
print("same after resume", torch.equal(xy_a, xy_b), xy_b.detach())
xy_c = xy_a.detach().clone().requires_grad_()
opt_c = torch.optim.Adamax([xy_c], lr=0.05)
opt_c.load_state_dict(copy.deepcopy(opt_a.state_dict()))
for opt, xy in [(opt_a, xy_a), (opt_c, xy_c)]:
    opt.zero_grad()
    rosenbrock(xy).backward()
    opt.step()
print("same from a deep copy", torch.equal(xy_a, xy_c), xy_c.detach())

# the errors a wrong hyper-parameter gives
for bad in [lambda: torch.optim.Rprop([xy_a], etas=(1.5, 0.5)),
            lambda: torch.optim.Adadelta([xy_a], rho=1.5),
            lambda: torch.optim.Adagrad([xy_a], lr_decay=-0.1),
            lambda: torch.optim.NAdam([xy_a], momentum_decay=-1.0),
            lambda: torch.optim.Adamax([xy_a], betas=(0.9, 1.0)),
            lambda: torch.optim.SGD([xy_a], lr=0.1, nesterov=True),
            lambda: torch.optim.ASGD([xy_a], weight_decay=-1)]:
    try:
        bad()
        print("accepted")
    except ValueError as err:
        print("ValueError:", err)
