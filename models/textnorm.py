"""Character-level normalisation that keeps length: one output character per input character.

Because every mapping is 1:1, offsets survive it unchanged; the cleaning that deletes characters lives in
`models.preprocess`, which keeps an offset map.
"""

from __future__ import annotations

# Full-width ASCII variants (U+FF01..U+FF5E) and the ideographic space to their half-width forms.
_HALFWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HALFWIDTH[0x3000] = 0x20
_HALFWIDTH[0x00A0] = 0x20


def to_halfwidth(text: str) -> str:
    """`２０２４年，（一）` -> `2024年,(一)`; the result has the same length as the input."""
    return text.translate(_HALFWIDTH)
