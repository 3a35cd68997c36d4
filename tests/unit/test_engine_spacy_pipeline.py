"""engine/spacy_pipeline.py: country names are marked; the pipeline follows the names."""

from __future__ import annotations

import spacy

from engine.spacy_pipeline import build_spacy_pipeline, pipeline_stamp
from engine.training import country_names


def test_country_names_are_found_in_any_case_and_language(tmp_path):
    target = build_spacy_pipeline("en", tmp_path / "en", country_names())
    nlp = spacy.load(target)
    for text, name in [
        ("can kids in FRANCE complain?", "FRANCE"),
        ("je vis en Côte d'Ivoire", "Côte d'Ivoire"),
        ("vivo en españa", "españa"),
        ("has brasil joined", "brasil"),
        ("the UK", "UK"),
    ]:
        assert [(e.text, e.label_) for e in nlp(text).ents] == [(name, "country")], text
    assert list(nlp("how long does it take?").ents) == []


def test_the_pipeline_is_rebuilt_only_when_names_change(tmp_path):
    target = tmp_path / "en"
    build_spacy_pipeline("en", target, ["Spain"])
    stamp = (target / "opic-pipeline-version").read_text()
    assert stamp == pipeline_stamp(["Spain"]) != pipeline_stamp(["Spain", "France"])
    build_spacy_pipeline("en", target, ["Spain", "France"])
    assert spacy.load(target)("France").ents
