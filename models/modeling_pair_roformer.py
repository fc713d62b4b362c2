"""An entity-aware character RoFormer that classifies entity pairs into relations, trained from scratch.

A window of text is encoded once, with every entity's label given as an input feature; each candidate pair is then
classified from the mean states of its two spans, the states between them and a few pair features (distance,
order, whether the subject is the section's zone rather than a mention). Encoding once per window instead of
once per pair is what keeps training and inference linear in the length of the text.
"""

from __future__ import annotations

import torch
from torch import nn
from transformers.modeling_outputs import SequenceClassifierOutput

from models.modeling_char_roformer import CharRoFormerConfig, CharRoFormerEncoder, CharRoFormerPreTrainedModel


class PairRoFormerConfig(CharRoFormerConfig):
    """Configuration of `PairRoFormerForRelationClassification`.

    Args:
        pair_feature_sizes (`dict[str, int]`): number of values of each categorical pair feature.
        context_width (`int`): characters on each side of a span whose states join its representation (cue words
            such as 总投资 before a figure or 开工 after a date sit there).
        id2label / label2id: the relation classes, `none` first.
        All other arguments are those of `CharRoFormerConfig` (feature_vocab_sizes includes the entity-label
        feature).
    """

    model_type = "bulletin-pair-roformer"

    def __init__(self, pair_feature_sizes: dict[str, int] | None = None, context_width: int = 6, **kwargs):
        super().__init__(**kwargs)
        self.pair_feature_sizes = dict(pair_feature_sizes or {})
        self.context_width = context_width


def span_means(prefix: torch.Tensor, rows: torch.Tensor, starts: torch.Tensor, ends: torch.Tensor) -> torch.Tensor:
    """Mean hidden state over [start, end) for every (row, start, end), from prefix sums (batch, length + 1,
    hidden); empty ranges give zeros. Prefix sums keep the cost at O(pairs x hidden), not O(pairs x length)."""
    length = prefix.shape[1] - 1
    starts, ends = starts.clamp(0, length), ends.clamp(0, length)
    ends = torch.maximum(ends, starts)
    total = prefix[rows, ends] - prefix[rows, starts]
    return total / (ends - starts).clamp(min=1).unsqueeze(1).to(total.dtype)


def prefix_sums(hidden: torch.Tensor) -> torch.Tensor:
    zeros = torch.zeros(hidden.shape[0], 1, hidden.shape[2], dtype=torch.float32, device=hidden.device)
    return torch.cat([zeros, hidden.float().cumsum(dim=1)], dim=1)


class PairRoFormerForRelationClassification(CharRoFormerPreTrainedModel):
    config_class = PairRoFormerConfig

    def __init__(self, config: PairRoFormerConfig):
        super().__init__(config)
        self.num_labels = config.num_labels
        self.encoder = CharRoFormerEncoder(config)
        self.section_zone = nn.Parameter(torch.zeros(config.hidden_size))
        self.pair_features = nn.ModuleList(
            nn.Embedding(size, config.hidden_size) for size in config.pair_feature_sizes.values()
        )
        self.head = nn.Sequential(
            nn.Linear(8 * config.hidden_size, config.hidden_size),
            nn.GELU(),
            nn.Dropout(config.hidden_dropout_prob),
            nn.Linear(config.hidden_size, config.num_labels),
        )
        self.post_init()

    def forward(
        self,
        input_ids: torch.Tensor,
        feature_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        pair_rows: torch.Tensor,
        subject_rows: torch.Tensor,
        subject_spans: torch.Tensor,
        object_spans: torch.Tensor,
        pair_feature_ids: torch.Tensor,
        allowed: torch.Tensor,
        labels: torch.Tensor | None = None,
    ) -> SequenceClassifierOutput:
        """pair_rows (P,): the window of each pair's object; subject_rows (P,): the window of its subject (another
        window for far pairs, such as an event date and the projects signed at it); subject_spans / object_spans
        (P, 2) offsets in those windows, a subject span of (0, 0) meaning the section's zone; pair_feature_ids
        (P, F); allowed (P, labels) bool."""
        hidden = self.encoder(input_ids, feature_ids, attention_mask)
        prefix = prefix_sums(hidden)
        virtual = subject_spans[:, 1] == 0
        subject = span_means(prefix, subject_rows, subject_spans[:, 0], subject_spans[:, 1])
        subject = torch.where(virtual.unsqueeze(1), self.section_zone.float().expand_as(subject), subject)
        obj = span_means(prefix, pair_rows, object_spans[:, 0], object_spans[:, 1])
        # The characters between the two spans (none for the section's zone or a subject in another window).
        apart = virtual | (subject_rows != pair_rows)
        low = torch.where(apart, object_spans[:, 0], torch.minimum(subject_spans[:, 1], object_spans[:, 1]))
        high = torch.where(apart, object_spans[:, 0], torch.maximum(subject_spans[:, 0], object_spans[:, 0]))
        between = span_means(prefix, pair_rows, low, high)
        pair = sum(table(pair_feature_ids[:, i]) for i, table in enumerate(self.pair_features)).float()
        width = self.config.context_width
        contexts = []
        for rows, spans, hide in ((pair_rows, object_spans, None), (subject_rows, subject_spans, virtual)):
            left = span_means(prefix, rows, spans[:, 0] - width, spans[:, 0])
            right = span_means(prefix, rows, spans[:, 1], spans[:, 1] + width)
            if hide is not None:  # the section's zone has no text around it
                left, right = left.masked_fill(hide.unsqueeze(1), 0.0), right.masked_fill(hide.unsqueeze(1), 0.0)
            contexts += [left, right]
        features = torch.cat([subject, obj, between, pair, *contexts], dim=-1)
        logits = self.head(features.to(self.head[0].weight.dtype)).float()
        logits = logits.masked_fill(~allowed, float("-inf"))
        loss = nn.functional.cross_entropy(logits, labels) if labels is not None else None
        return SequenceClassifierOutput(loss=loss, logits=logits)
