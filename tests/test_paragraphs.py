"""Sentences never run across a paragraph break; hard-wrapped text keeps its sentences whole."""

from __future__ import annotations

from claimledger.extract.paragraphs import hard_wrapped, paragraph_starts


def test_lines_as_paragraphs_split_at_every_newline() -> None:
    text = "Toll climbs to 50, governor says\nAt least 50 people were killed.\nMore were hurt."
    assert not hard_wrapped(text)
    assert paragraph_starts(text) == [text.index("At least"), text.index("More")]


def test_hard_wrapped_text_splits_only_at_blank_lines_and_sentence_ends() -> None:
    text = ("At least 30 people were killed on Friday when rockets hit the\n"
            "station in the town, where thousands had gathered to board\n"
            "trains heading west, officials said. Dozens more were\n"
            "wounded and taken to hospitals in the region.\n"
            "\n"
            "The attack came in the morning, when the platforms were\n"
            "full of families waiting to leave the area.\n")
    assert hard_wrapped(text)
    starts = paragraph_starts(text)
    assert text.index("station") not in starts and text.index("trains") not in starts
    assert text.index("The attack") in starts
    assert text.index("wounded") not in starts


def test_headline_is_not_glued_to_the_lede(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Toll climbs to 50, governor says\nAt least 50 people were killed, the governor said.")
    sents = [s.text.strip() for s in doc.sents]
    assert sents[0] == "Toll climbs to 50, governor says"
