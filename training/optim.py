"""What both training loops share: AdamW with linear warm-up and decay, one optimisation step."""

from __future__ import annotations

import torch


def optimizer_and_schedule(model: torch.nn.Module, learning_rate: float, weight_decay: float, total_steps: int,
                           warmup_ratio: float) -> tuple[torch.optim.Optimizer, torch.optim.lr_scheduler.LambdaLR]:
    total = max(1, total_steps)
    warmup = max(1, int(total * warmup_ratio))
    optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate, weight_decay=weight_decay)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, (step + 1) / warmup) * max(0.0, (total - step) / total))
    return optimizer, schedule


def step(model: torch.nn.Module, loss: torch.Tensor, optimizer: torch.optim.Optimizer,
         schedule: torch.optim.lr_scheduler.LambdaLR, max_norm: float = 1.0) -> float:
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
    optimizer.step()
    schedule.step()
    optimizer.zero_grad()
    return loss.item()
