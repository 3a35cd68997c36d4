"""Build the blank spaCy pipeline (tokeniser + lookup lemmatiser) that Rasa's SpacyNLP loads."""

from __future__ import annotations

from pathlib import Path

PIPELINE_VERSION = "1"


def build_spacy_pipeline(language: str, target: Path) -> Path:
    """Save spacy.blank(language) with a lookup lemmatiser to `target` unless it is already there.

    The lemma tables come from the spacy-lookups-data package and are stored inside the
    pipeline, so loading it later needs neither that package nor any download.
    """
    stamp = target / "opic-pipeline-version"
    if stamp.exists() and stamp.read_text().strip() == PIPELINE_VERSION:
        return target
    import spacy

    nlp = spacy.blank(language)
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    stamp.write_text(PIPELINE_VERSION)
    return target
