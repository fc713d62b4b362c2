"""Built-in pipeline components; importing this package registers their factories."""

from models.components import (  # noqa: F401
    neural_ner,
    neural_relations,
    normaliser,
    rule_ner,
    rule_relations,
    sectioner,
    spacy_ner,
    tokenizer,
    zone_resolver,
)
