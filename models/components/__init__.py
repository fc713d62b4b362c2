"""Built-in pipeline components; importing this package registers their factories."""

from models.components import (  # noqa: F401
    neural_ner,
    neural_relations,
    normaliser,
    rule_ner,
    rule_relations,
    sectioner,
    tokenizer,
    zone_resolver,
)
