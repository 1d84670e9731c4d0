#!/usr/bin/python3
"""The GDM training step and inference of bench/gdm_bench.cpp, in Python PyTorch, for the
speed comparison in bench/RESULTS.md. Same model and sizes (batch 512, 100 denoising steps,
hidden 256, state 7, action 4, double-Q critic, AdamW), written the way the public reference
(GDMOPT) writes it: the denoiser sees cat[x_t, time features, state features] at every step.

    /usr/bin/python3 bench/gdm_step.py [--threads 1] [--batch 512] [--steps 100]
Needs Debian's python3-torch (apt-get install python3-torch); prints ms per call.
"""
import argparse
import math
import time

import torch
from torch import nn


class Denoiser(nn.Module):
    def __init__(self, state, action, hidden):
        super().__init__()
        self.state_net = nn.Sequential(nn.Linear(state, hidden), nn.Mish(), nn.Linear(hidden, hidden))
        self.time_net = nn.Sequential(nn.Linear(16, 32), nn.Mish(), nn.Linear(32, 16))
        self.body = nn.Sequential(nn.Linear(action + 16 + hidden, hidden), nn.Mish(),
                                  nn.Linear(hidden, hidden), nn.Mish(), nn.Linear(hidden, action))

    def forward(self, x, t, s):
        k = torch.arange(8, dtype=torch.float32)
        angles = t.float().unsqueeze(-1) * torch.exp(-k * math.log(10000.0) / 7)
        time = self.time_net(torch.cat([angles.sin(), angles.cos()], -1))
        return self.body(torch.cat([x, time, self.state_net(s)], 1))


class Critic(nn.Module):
    def __init__(self, state, action, hidden):
        super().__init__()
        self.state_net = nn.Sequential(nn.Linear(state, hidden), nn.Mish(), nn.Linear(hidden, hidden))
        head = lambda: nn.Sequential(nn.Linear(hidden + action, hidden), nn.Mish(), nn.Linear(hidden, hidden),
                                     nn.Mish(), nn.Linear(hidden, 1))
        self.q1, self.q2 = head(), head()

    def forward(self, s, a):
        x = torch.cat([self.state_net(s), a], 1)
        return self.q1(x).squeeze(1), self.q2(x).squeeze(1)


def vp_betas(steps, b_min=0.1, b_max=10.0):
    t = torch.arange(1, steps + 1, dtype=torch.float64)
    return 1 - torch.exp(-b_min / steps - 0.5 * (b_max - b_min) * (2 * t - 1) / steps ** 2)


class Diffusion:
    def __init__(self, steps):
        self.steps = steps
        betas = vp_betas(steps)
        abar = torch.cumprod(1 - betas, 0)
        abar_prev = torch.cat([torch.ones(1, dtype=torch.float64), abar[:-1]])
        var = betas * (1 - abar_prev) / (1 - abar)
        logvar = torch.log(torch.cat([var[1:2], var[1:]]))
        self.recip = (1 / abar).sqrt().tolist()
        self.recipm1 = (1 / abar - 1).sqrt().tolist()
        self.c0 = (betas * abar_prev.sqrt() / (1 - abar)).tolist()
        self.ct = ((1 - abar_prev) * (1 - betas).sqrt() / (1 - abar)).tolist()
        self.sigma = torch.exp(0.5 * logvar).tolist()

    def sample(self, model, s):
        x = torch.randn(s.shape[0], 4)
        for t in range(self.steps, 0, -1):
            i = t - 1
            eps = model(x, torch.full((s.shape[0],), t), s)
            x0 = (self.recip[i] * x - self.recipm1[i] * eps).clamp(-1, 1)
            x = self.c0[i] * x0 + self.ct[i] * x
            if t > 1:
                x = x + self.sigma[i] * torch.randn_like(x)
        return x.clamp(-1, 1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=512)
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--repeat", type=int, default=5)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    actor, critic = Denoiser(7, 4, 256), Critic(7, 4, 256)
    diffusion = Diffusion(args.steps)
    actor_opt = torch.optim.AdamW(actor.parameters(), lr=1e-4, weight_decay=1e-4)
    critic_opt = torch.optim.AdamW(critic.parameters(), lr=1e-4, weight_decay=1e-4)
    states, actions, rewards = torch.rand(4096, 7), torch.rand(4096, 4) * 2 - 1, torch.randn(4096)

    def step():
        idx = torch.randint(0, 4096, (args.batch,))
        s, a, r = states[idx], actions[idx], rewards[idx]
        q1, q2 = critic(s, a)
        loss = nn.functional.mse_loss(q1, r) + nn.functional.mse_loss(q2, r)
        critic_opt.zero_grad()
        loss.backward()
        critic_opt.step()
        pi = diffusion.sample(actor, s)
        p1, p2 = critic(s, pi)
        actor_loss = -torch.min(p1, p2).mean()
        actor_opt.zero_grad()
        actor_loss.backward()
        actor_opt.step()

    def infer():
        with torch.inference_mode():
            diffusion.sample(actor, states[:1])

    for name, fn, repeat in (("training step", step, args.repeat), ("inference (1 state)", infer, 200)):
        fn()
        start = time.perf_counter()
        for _ in range(repeat):
            fn()
        ms = 1000 * (time.perf_counter() - start) / repeat
        print(f"python {name}: batch {args.batch if fn is step else 1}, {args.steps} steps: {ms:.2f} ms")


if __name__ == "__main__":
    main()
