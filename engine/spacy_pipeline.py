"""Build the blank spaCy pipeline that Rasa's SpacyNLP loads: tokeniser, lookup lemmatiser and
an entity ruler that marks country names (label `country`) from the States table."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

PIPELINE_VERSION = "2"
COUNTRY_LABEL = "country"


def pipeline_stamp(country_names: Iterable[str]) -> str:
    """Changes whenever the recipe or the country names change, so the pipeline is rebuilt."""
    digest = hashlib.sha256("\n".join(sorted(set(country_names))).encode()).hexdigest()[:12]
    return f"{PIPELINE_VERSION}-{digest}"


def build_spacy_pipeline(language: str, target: Path, country_names: Iterable[str]) -> Path:
    """Save spacy.blank(language) with a lookup lemmatiser and country patterns to `target`.

    The lemma tables come from the spacy-lookups-data package and are stored inside the
    pipeline, so loading it later needs neither that package nor any download. Country names
    match whatever their case ("FRANCE", "france").
    """
    names = sorted({name.strip() for name in country_names if name.strip()})
    stamp_file = target / "opic-pipeline-version"
    stamp = pipeline_stamp(names)
    if stamp_file.exists() and stamp_file.read_text().strip() == stamp:
        return target
    import spacy

    nlp = spacy.blank(language)
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    nlp.initialize()
    ruler.add_patterns([{"label": COUNTRY_LABEL, "pattern": name.lower()} for name in names])
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    stamp_file.write_text(stamp)
    return target
