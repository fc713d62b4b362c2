"""Saving and loading a neural component's weights (safetensors, float32) and character vocabulary."""

from __future__ import annotations

from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

from models.errors import BulletinError, ErrorCode
from models.features import Vocab


def save_weights(model: torch.nn.Module, vocab: Vocab, folder: Path, weights_file: str, vocab_file: str) -> None:
    state = {k: v.detach().float().contiguous() for k, v in model.state_dict().items()}
    save_file(state, str(folder / weights_file))
    (folder / weights_file).chmod(0o644)  # safetensors writes 0600; the service may run as another user
    vocab.save(folder / vocab_file)


def load_weights(model: torch.nn.Module, folder: Path, weights_file: str, vocab_file: str) -> Vocab:
    """Load the weights into `model` (strict: every tensor must match) and return the vocabulary."""
    for file in (weights_file, vocab_file):
        if not (folder / file).is_file():
            raise BulletinError(ErrorCode.E204, path=folder / file, reason="not found")
    model.load_state_dict(load_file(str(folder / weights_file)))
    model.eval()
    return Vocab.load(folder / vocab_file)
