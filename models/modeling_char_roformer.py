"""A character-level RoFormer token classifier with word-boundary and lexicon features, trained from scratch.

Characters are the tokens (Chinese needs no subword model), so a span's offsets are character offsets. Beside the
character, every position carries categorical features (character class, jieba word position and part of speech,
rule matches for amounts and dates, name-suffix matches) whose embeddings are added to the character embedding:
they carry what a from-scratch model cannot learn from a small corpus, such as which characters end a company name.
A local-context layer over the embeddings (a bidirectional LSTM by default, or a convolution) gives every character
its neighbourhood before the rotary-position attention layers; on a few hundred documents this learns far faster
than attention alone (see the model card).
No weights come from a hub; the model is built from its config alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn
from transformers import RoFormerConfig, RoFormerModel
from transformers.modeling_outputs import TokenClassifierOutput
from transformers.models.roformer.modeling_roformer import RoFormerPreTrainedModel, RoFormerSelfAttention


LOCAL_CONTEXTS = ("lstm", "conv", "none")


class CharRoFormerConfig(RoFormerConfig):
    """Configuration of `CharRoFormerForTokenClassification`.

    Args:
        feature_vocab_sizes (`dict[str, int]`): number of values of each per-character feature, in the order the
            features are stacked in `feature_ids` (e.g. {"char_class": 8, "word_pos": 5, "pos_tag": 64}).
        local_context (`str`): the layer that mixes each character with its neighbours before attention: `lstm` (a
            one-layer bidirectional LSTM), `conv` (a convolution over `local_kernel` characters) or `none`.
        local_kernel (`int`): width of the `conv` local context.
        local_lstm (`bool`): the pre-1.8 form of `local_context` (True: `lstm`, False: `none`), read from older
            saved configs when they have no `local_context`.
        All other arguments are those of `RoFormerConfig` (vocab_size, hidden_size, num_hidden_layers,
        num_attention_heads, intermediate_size, max_position_embeddings, id2label, label2id, …); embedding_size
        is the hidden size.
    """

    model_type = "bulletin-char-roformer"

    def __init__(self, feature_vocab_sizes: dict[str, int] | None = None, local_context: str | None = None,
                 local_kernel: int = 5, local_lstm: bool = True, **kwargs):
        kwargs.setdefault("embedding_size", kwargs.get("hidden_size", 768))
        super().__init__(**kwargs)
        self.feature_vocab_sizes = dict(feature_vocab_sizes or {})
        self.local_context = local_context or ("lstm" if local_lstm else "none")
        self.local_kernel = local_kernel
        self.local_lstm = self.local_context == "lstm"
        if self.local_context not in LOCAL_CONTEXTS:
            raise ValueError(f"local_context must be one of {', '.join(LOCAL_CONTEXTS)}, not {self.local_context!r}")
        if self.local_kernel % 2 == 0:
            raise ValueError(f"local_kernel ({self.local_kernel}) must be odd, so a character sits in the middle")
        if self.hidden_size % self.num_attention_heads:
            raise ValueError(
                f"The hidden size ({self.hidden_size}) is not a multiple of the number of attention heads "
                f"({self.num_attention_heads})"
            )
        if self.embedding_size != self.hidden_size:
            raise ValueError(f"embedding_size ({self.embedding_size}) must equal hidden_size ({self.hidden_size})")


class CharRoFormerPreTrainedModel(RoFormerPreTrainedModel):
    config_class = CharRoFormerConfig
    base_model_prefix = "roformer"

    def to_inference_dtype(self, dtype: torch.dtype) -> CharRoFormerPreTrainedModel:
        """Cast every weight for inference, the LSTM included (its oneDNN bfloat16 kernel is ~1.7x faster than
        float32 on AMX CPUs; benchmarks/inference_paths.py checks F1)."""
        return self.to(dtype)


class FeatureEmbeddings(nn.Module):
    """Sum of one embedding table per categorical feature."""

    def __init__(self, config: CharRoFormerConfig):
        super().__init__()
        self.tables = nn.ModuleList(
            nn.Embedding(size, config.hidden_size) for size in config.feature_vocab_sizes.values()
        )

    def forward(self, feature_ids: torch.Tensor) -> torch.Tensor:
        # feature_ids: (batch, length, number of features)
        total = self.tables[0](feature_ids[..., 0])
        for index in range(1, len(self.tables)):
            total = total + self.tables[index](feature_ids[..., index])
        return total


class LocalContext(nn.Module):
    """A residual one-layer BiLSTM: each character sees its neighbours before attention."""

    def __init__(self, config: CharRoFormerConfig):
        super().__init__()
        self.lstm = nn.LSTM(config.hidden_size, config.hidden_size // 2, batch_first=True, bidirectional=True)

    def forward(self, embeddings: torch.Tensor, attention_mask: torch.Tensor | None = None) -> torch.Tensor:
        # The LSTM runs in its weights' dtype: float32 in training (autocast leaves it out), bfloat16 at inference.
        weight = next(self.lstm.parameters(), None)  # none when dynamically quantised (int8): float input
        context, _ = self.lstm(embeddings.to(weight.dtype if weight is not None else torch.float32))
        return embeddings + context.to(embeddings.dtype)


class ConvLocalContext(nn.Module):
    """A residual convolution over `local_kernel` characters: the LSTM's job (each character sees its neighbours
    before attention) without its sequential steps. An isolated training step takes ~20% less time (254 -> 202 ms
    at 8 x 256, bf16 autocast), a whole epoch only a few percent less; the tagger cut more names in the middle (see
    `training.train.TrainArguments.local_context`), so it is an option, not the default. Padding is zeroed first,
    so a window's result does not depend on its batch."""

    def __init__(self, config: CharRoFormerConfig):
        super().__init__()
        self.conv = nn.Conv1d(config.hidden_size, config.hidden_size, config.local_kernel,
                              padding=config.local_kernel // 2)

    def forward(self, embeddings: torch.Tensor, attention_mask: torch.Tensor | None = None) -> torch.Tensor:
        inputs = embeddings if attention_mask is None else embeddings * attention_mask.unsqueeze(-1).to(embeddings.dtype)
        context = self.conv(inputs.transpose(1, 2).to(self.conv.weight.dtype)).transpose(1, 2)
        return embeddings + context.to(embeddings.dtype)


_LOCAL_LAYERS = {"lstm": LocalContext, "conv": ConvLocalContext}


class FusedRoFormerSelfAttention(RoFormerSelfAttention):
    """RoFormer self-attention through `scaled_dot_product_attention`, with the rotary rotation folded into the
    projection: the same weights and results as the eager version, in fewer passes over the activations.

    Rotary position embedding turns each query/key pair (x0, x1) into (x0 cos - x1 sin, x1 cos + x0 sin). The
    rotated half (-x1, x0) of a linear projection is itself a linear projection, with the rows of the weight
    swapped in pairs and one of them negated, so one matrix multiplication gives q, k, their rotated halves and v,
    and the rotation is one multiply-add instead of the eager version's slices, negations and stacks (the tagger's
    forward: 82.3 -> 77.9 ms at batch 32 x 256 in bf16). int8 (packed weights) and ONNX export take the eager path."""

    def forward(self, hidden_states, attention_mask=None, sinusoidal_pos=None, encoder_hidden_states=None,
                cache=None, output_attentions=False, **kwargs):
        if (encoder_hidden_states is not None or cache is not None or output_attentions or sinusoidal_pos is None
                or self.rotary_value or not isinstance(self.query.weight, torch.Tensor)  # int8: packed weights
                or torch.onnx.is_in_onnx_export()):  # the exporter mis-traces the folded projection
            return super().forward(hidden_states, attention_mask, sinusoidal_pos, encoder_hidden_states, cache,
                                   output_attentions, **kwargs)
        width = self.all_head_size
        weight, bias = self._rotary_projection()
        projected = nn.functional.linear(hidden_states, weight, bias)
        query_key, rotated, value = projected.split((2 * width, 2 * width, width), dim=-1)
        cos, sin = _interleaved_cos_sin(sinusoidal_pos, 2 * self.num_attention_heads, projected.dtype)
        query_key = torch.addcmul(query_key * cos, rotated, sin)
        shape = (*hidden_states.shape[:-1], -1, self.attention_head_size)
        query, key = (part.reshape(shape).transpose(1, 2) for part in query_key.split(width, dim=-1))
        value = value.reshape(shape).transpose(1, 2)
        context = nn.functional.scaled_dot_product_attention(
            query, key, value, attn_mask=attention_mask, dropout_p=self.dropout.p if self.training else 0.0)
        return context.transpose(1, 2).reshape(*hidden_states.shape[:-1], width), None

    def _rotary_projection(self) -> tuple[torch.Tensor, torch.Tensor]:
        """The weight and bias of [q, k, rotated q, rotated k, v]; cached at inference, rebuilt (cheaply, so that
        gradients reach the three projections) in training."""
        parameters = (self.query.weight, self.key.weight, self.value.weight,
                      self.query.bias, self.key.bias, self.value.bias)
        key = tuple((p.data_ptr(), p.dtype, p._version) for p in parameters)
        cached = getattr(self, "_projection_cache", None)
        if cached is not None and cached[0] == key and not torch.is_grad_enabled():
            return cached[1]
        query_key_weight = torch.cat([self.query.weight, self.key.weight])
        query_key_bias = torch.cat([self.query.bias, self.key.bias])
        weight = torch.cat([query_key_weight, _rotate_pairs(query_key_weight), self.value.weight])
        bias = torch.cat([query_key_bias, _rotate_pairs(query_key_bias), self.value.bias])
        if not torch.is_grad_enabled():
            self._projection_cache = (key, (weight, bias))
        return weight, bias


def _rotate_pairs(rows: torch.Tensor) -> torch.Tensor:
    """Rows (x0, x1, x2, x3, …) -> (-x1, x0, -x3, x2, …): the projection whose output is the rotated half."""
    pairs = rows.reshape(rows.shape[0] // 2, 2, *rows.shape[1:])
    return torch.stack([-pairs[:, 1], pairs[:, 0]], dim=1).reshape_as(rows)


def _interleaved_cos_sin(sinusoidal_pos: torch.Tensor, repeats: int, dtype: torch.dtype
                         ) -> tuple[torch.Tensor, torch.Tensor]:
    """(length, repeats * head size) cos and sin, each angle written twice (θ0, θ0, θ1, θ1, …) as RoFormer pairs
    the dimensions, from RoFormer's (1, 1, length, head size) [sin | cos] table."""
    sin, cos = sinusoidal_pos[0, 0].to(dtype).chunk(2, dim=-1)
    return (cos.repeat_interleave(2, dim=-1).repeat(1, repeats),
            sin.repeat_interleave(2, dim=-1).repeat(1, repeats))


class CharRoFormerEncoder(nn.Module):
    """Character + feature embeddings, local context, rotary-position attention layers."""

    def __init__(self, config: CharRoFormerConfig):
        super().__init__()
        self.roformer = RoFormerModel(config)
        for index, layer in enumerate(self.roformer.encoder.layer):
            layer.attention.self = FusedRoFormerSelfAttention(config, layer_idx=index)
        self.features = FeatureEmbeddings(config)
        layer = _LOCAL_LAYERS.get(config.local_context)
        self.local = layer(config) if layer else None

    def forward(self, input_ids: torch.Tensor, feature_ids: torch.Tensor,
                attention_mask: torch.Tensor | None = None) -> torch.Tensor:
        embeddings = self.roformer.embeddings.word_embeddings(input_ids) + self.features(feature_ids)
        if self.local is not None:
            embeddings = self.local(embeddings, attention_mask)
        return self.roformer(inputs_embeds=embeddings, attention_mask=attention_mask).last_hidden_state


class CharRoFormerForTokenClassification(CharRoFormerPreTrainedModel):
    def __init__(self, config: CharRoFormerConfig):
        super().__init__(config)
        self.num_labels = config.num_labels
        self.encoder = CharRoFormerEncoder(config)
        self.dropout = nn.Dropout(config.hidden_dropout_prob)
        self.classifier = nn.Linear(config.hidden_size, config.num_labels)
        self.post_init()

    def forward(
        self,
        input_ids: torch.Tensor,
        feature_ids: torch.Tensor,
        attention_mask: torch.Tensor | None = None,
        labels: torch.Tensor | None = None,
    ) -> TokenClassifierOutput:
        hidden = self.encoder(input_ids, feature_ids, attention_mask)
        logits = self.classifier(self.dropout(hidden))
        loss = None
        if labels is not None:
            loss = nn.functional.cross_entropy(logits.float().view(-1, self.num_labels), labels.view(-1),
                                               ignore_index=-100)
        return TokenClassifierOutput(loss=loss, logits=logits)


@dataclass(frozen=True)
class BioTransitions:
    """Which BIO tag may follow which: `I-X` only after `B-X` or `I-X`."""

    allowed: torch.Tensor  # (tags, tags) bool, allowed[previous, next]
    allowed_start: torch.Tensor  # (tags,) bool

    @classmethod
    def from_labels(cls, id2label: dict[int, str]) -> BioTransitions:
        size = len(id2label)
        allowed = torch.ones(size, size, dtype=torch.bool)
        start = torch.ones(size, dtype=torch.bool)
        for j in range(size):
            tag = id2label[j]
            if tag.startswith("I-"):
                start[j] = False
                for i in range(size):
                    allowed[i, j] = id2label[i] in (f"B-{tag[2:]}", tag)
        return cls(allowed=allowed, allowed_start=start)


def constrained_viterbi(log_probs: torch.Tensor, mask: torch.Tensor, transitions: BioTransitions) -> torch.Tensor:
    """Best tag sequence under the BIO constraints, batched. log_probs: (batch, length, tags); mask: (batch, length).

    Padding positions (mask 0) keep the score and get tag 0 (`O`). The constraints only forbid, so where the
    per-character best tags already form a valid sequence they are the answer: only the other rows are decoded."""
    best = torch.where(mask.bool(), log_probs.argmax(-1), torch.zeros_like(mask, dtype=torch.long))
    invalid = ~valid_paths(best, mask, transitions)
    if invalid.any():
        best[invalid] = _viterbi(log_probs[invalid], mask[invalid], transitions)
    return best


def valid_paths(paths: torch.Tensor, mask: torch.Tensor, transitions: BioTransitions) -> torch.Tensor:
    """(batch,) whether each tag sequence keeps the constraints."""
    starts_ok = transitions.allowed_start[paths[:, 0]] | ~mask[:, 0].bool()
    steps_ok = transitions.allowed[paths[:, :-1], paths[:, 1:]] | ~mask[:, 1:].bool()
    return starts_ok & steps_ok.all(dim=1)


def _viterbi(log_probs: torch.Tensor, mask: torch.Tensor, transitions: BioTransitions) -> torch.Tensor:
    """The BIO-constrained decode in NumPy: the same float32 sums and first-index ties as the torch version, but a
    step costs a few microseconds instead of a dozen small tensor ops (dev+test: 0.42 -> 0.20 s)."""
    scores = log_probs.float().numpy()
    active = mask.bool().numpy()
    batch, length, tags = scores.shape
    forbidden = np.where(transitions.allowed.numpy(), np.float32(0.0), np.float32(-np.inf))
    score = scores[:, 0] + np.where(transitions.allowed_start.numpy(), np.float32(0.0), np.float32(-np.inf))
    backpointers = np.empty((max(length - 1, 0), batch, tags), dtype=np.int64)
    identity = np.arange(tags)
    for position in range(1, length):
        candidates = score[:, :, None] + forbidden[None]  # (batch, previous, next)
        pointer = candidates.argmax(axis=1)
        best = np.take_along_axis(candidates, pointer[:, None], axis=1)[:, 0]
        step_active = active[:, position, None]
        score = np.where(step_active, best + scores[:, position], score)
        backpointers[position - 1] = np.where(step_active, pointer, identity)
    path = np.empty((batch, length), dtype=np.int64)
    path[:, -1] = score.argmax(axis=1)
    rows = np.arange(batch)
    for position in range(length - 2, -1, -1):
        path[:, position] = backpointers[position][rows, path[:, position + 1]]
    return torch.from_numpy(np.where(active, path, 0))
