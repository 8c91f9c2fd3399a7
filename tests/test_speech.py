"""Quotes, reported speech, speakers, claim attribution, allegations and denials.

The sentences are written for these tests; the real model runs through the session ``nlp``.
"""

from __future__ import annotations

import pytest

from claimledger.extract.attribution import attribute_claims
from claimledger.extract.quotes import find_quote_spans
from claimledger.records import Claim

# ---- quote spans (no model) -------------------------------------------------------------


def _quoted(text: str) -> list[str]:
    return [text[q.start:q.end] for q in find_quote_spans(text)]


def test_straight_and_curly_quotes_mixed():
    text = 'She said: \u201cThe bridge is gone," and left. He added, "We wait."'
    assert _quoted(text) == ["The bridge is gone", "We wait."]


def test_unbalanced_quote_ends_at_paragraph_end():
    text = "\u201cNobody expected it. The sirens never sounded.\nThe convoy left at noon."
    spans = find_quote_spans(text)
    assert [text[q.start:q.end] for q in spans] == ["Nobody expected it. The sirens never sounded."]
    assert spans[0].close_at is None


def test_new_quote_opened_before_last_closed():
    text = "\u201cFirst part. \u201cSecond part,\u201d he said."
    assert _quoted(text) == ["First part.", "Second part"]


def test_quote_runs_over_paragraphs():
    text = 'He said: "We counted the dead.\n\n"Then we counted again."\nAfter that, silence.'
    spans = find_quote_spans(text)
    assert len(spans) == 1 and spans[0].paragraphs == 2
    assert "We counted the dead." in text[spans[0].start:spans[0].end]
    assert "Then we counted again." in text[spans[0].start:spans[0].end]


def test_html_attribute_is_not_a_quote():
    text = 'See <a href="https://example.org/x" target="_blank">the map</a> for details.'
    assert _quoted(text) == []


# ---- statements (real model) -----------------------------------------------------------------


def _statement_with(doc, words: str):
    found = [s for s in doc._.cl_statements if words in s.text]
    assert found, f"no statement holds {words!r}: {[s.text for s in doc._.cl_statements]}"
    return found[0]


def test_direct_quote_said_after(nlp):
    doc = nlp('"We will rebuild every school in the valley," said Maria Lopez, the governor of the province.')
    s = _statement_with(doc, "We will rebuild every school")
    assert s.direct and s.speaker_text == "Maria Lopez" and s.speaker_type == "person"
    assert s.cue == "said"
    assert doc.text[s.start:s.end] == s.text


def test_direct_quote_said_before_with_colon(nlp):
    doc = nlp('Governor Maria Lopez told reporters on Monday: "The mountain roads stay closed until Friday."')
    s = _statement_with(doc, "The mountain roads stay closed")
    assert s.direct and s.speaker_text == "Maria Lopez"


def test_multi_paragraph_quote_keeps_one_speaker(nlp):
    text = ('Tomas Berg, a surgeon at the district hospital, said: "We treated forty patients overnight.\n\n'
            '"Many of them were children, and the generators failed twice."\n\n'
            'The hospital reopened its second wing on Wednesday.')
    doc = nlp(text)
    s = _statement_with(doc, "We treated forty patients")
    assert "the generators failed twice" in s.text
    assert s.speaker_text == "Tomas Berg"


def test_curly_unbalanced_quote_continues_previous_speaker(nlp):
    text = ("\u201cThe shelling started at dawn,\u201d said Ana Petrova, a teacher from the village. "
            "\u201cNobody expected it to last the whole day and we had nowhere to hide.\n"
            "Rescue teams arrived in the evening.")
    doc = nlp(text)
    first = _statement_with(doc, "The shelling started at dawn")
    second = _statement_with(doc, "Nobody expected it to last")
    assert first.speaker_text == second.speaker_text == "Ana Petrova"
    assert "Rescue teams" not in second.text


def test_pronoun_speaker_resolves_to_named_person(nlp):
    text = ('Police chief Daniel Okafor arrived at the scene on Monday morning. '
            '"The suspect fled on foot towards the river," he said.')
    s = _statement_with(nlp(text), "The suspect fled on foot")
    assert s.speaker_text == "Daniel Okafor"
    assert text[s.speaker_start:s.speaker_end] == "he"


def test_surname_with_honorific_resolves_to_full_name(nlp):
    text = ('Deputy minister Lena Hartmann visited the camp on Sunday.\n\n'
            '"Winter is coming and the tents are not enough," Ms Hartmann said.')
    s = _statement_with(nlp(text), "Winter is coming")
    assert s.speaker_text == "Lena Hartmann"


def test_title_speaker_resolves_to_person_with_that_title(nlp):
    text = ('Mayor Helen Castillo visited the shelter on Tuesday. '
            'Later the mayor said that 300 families had been housed in the sports hall.')
    s = _statement_with(nlp(text), "300 families had been housed")
    assert not s.direct
    assert s.speaker_text == "Helen Castillo"


def test_organisation_speaker_and_the_council(nlp):
    text = ('The Northern Valley Council met on Sunday to discuss the floods.\n\n'
            '"We need more trucks and more boats," the council wrote on its website.')
    s = _statement_with(nlp(text), "We need more trucks")
    assert s.speaker_text == "Northern Valley Council"
    assert s.speaker_type == "organisation"


def test_capital_speaks_for_its_government(nlp):
    doc = nlp("Paris says the embassy staff were evacuated safely from the capital overnight.")
    s = _statement_with(doc, "embassy staff were evacuated")
    assert s.speaker_text == "France" and s.speaker_type == "organisation"


def test_according_to_names_the_source_and_claims_take_it(nlp):
    text = "At least 40 people were killed in the market attack, according to the regional health ministry."
    doc = nlp(text)
    s = _statement_with(doc, "40 people were killed")
    assert s.cue == "according to"
    assert "health ministry" in (s.speaker_text or "")
    start = text.index("40 people")
    claim = Claim(id="c0", document="", kind="quantity", sentence=text, text="40 people were killed",
                  start=start, end=start + len("40 people were killed"))
    [out] = attribute_claims(doc, [claim], doc._.cl_statements, doc._.cl_mentions)
    assert out.attributed_text == s.speaker_text and out.statement == s.id


def test_outlets_own_figure_stays_unattributed(nlp):
    text = "At least 12 houses burned down in the village on Saturday night."
    doc = nlp(text)
    claim = Claim(id="c0", document="", kind="quantity", sentence=text, text="12 houses burned",
                  start=text.index("12"), end=text.index("12") + len("12 houses burned"))
    [out] = attribute_claims(doc, [claim], doc._.cl_statements, doc._.cl_mentions)
    assert out.attributed_text is None and out.statement is None


def test_impersonal_estimate_takes_the_source_named_next(nlp):
    text = ("It is estimated that 2,000 homes were destroyed in the province. "
            '"More than 2,000 homes are simply gone," said Carla Mendes, the regional governor.')
    doc = nlp(text)
    start = text.index("2,000 homes")
    claim = Claim(id="c0", document="", kind="quantity", sentence="", text="2,000 homes were destroyed",
                  start=start, end=start + len("2,000 homes were destroyed"))
    [out] = attribute_claims(doc, [claim], doc._.cl_statements, doc._.cl_mentions)
    assert out.attributed_text == "Carla Mendes"


def test_breakdown_sentence_keeps_the_speaker(nlp):
    text = "Governor Carla Mendes said that 90 people had died in the floods. Of those, 15 were children."
    doc = nlp(text)
    start = text.index("15 were")
    claim = Claim(id="c0", document="", kind="quantity", sentence="", text="15 were children",
                  start=start, end=start + len("15 were children"))
    [out] = attribute_claims(doc, [claim], doc._.cl_statements, doc._.cl_mentions)
    assert out.attributed_text == "Carla Mendes"


# ---- allegations and denials ------------------------------------------------------------------


def test_accusation_is_an_allegation_with_its_accuser(nlp):
    doc = nlp("The Green Coast Party accused the army of burning villages near the border last week.")
    [a] = [c for c in doc._.cl_allegations if c.kind == "allegation"]
    assert "burning villages" in a.text and "accused" not in a.text
    assert a.attributed_text == "Green Coast Party"
    assert a.id.startswith("a") and "accused" in a.sentence


def test_alleges_cue_is_an_allegation(nlp):
    doc = nlp("Aid worker Jonas Meyer alleges that the guards stole the food deliveries.")
    found = [c for c in doc._.cl_allegations if c.kind == "allegation"]
    assert found and "stole the food deliveries" in found[0].text
    assert found[0].attributed_text == "Jonas Meyer"


@pytest.mark.parametrize("sentence,content", [
    ("The defence ministry denied that its aircraft struck the market.", "its aircraft struck the market"),
    ("The government dismissed the reports of mass arrests as propaganda.", "mass arrests"),
])
def test_denials(nlp, sentence, content):
    doc = nlp(sentence)
    found = [c for c in doc._.cl_allegations if c.kind == "denial"]
    assert found, [c.text for c in doc._.cl_allegations]
    assert content in found[0].text
    assert found[0].attributed_text and found[0].attributed_text.lower().endswith(("ministry", "government"))


def test_plain_rejection_is_not_a_denial(nlp):
    doc = nlp("The committee rejected the budget proposal on Tuesday.")
    assert not [c for c in doc._.cl_allegations if c.kind == "denial"]


# ---- the seeds (shared gold, read at run time) -------------------------------------------------


def test_seeds_quotes_speakers_allegations(seeds_export_path):
    from conftest import score_seeds

    res = score_seeds(seeds_export_path)
    found, total = res["quotes_found"]
    assert found / total >= 0.9
    right, hit = res["quote_speaker"]
    assert right / hit >= 0.85
    a_found, a_total = res["allegations_found"]
    assert a_found / a_total >= 0.8
    attributed, n = res["quantity_attribution"]
    assert n == 0 or attributed / n >= 0.75


def test_dash_byline_credits_the_quote(nlp):
    text = ("\u201cThe water has been off for nine days.\u201d \u2015 Rosa Ibarra\n"
            "\u201cWe sleep in the car now.\u201d \u2015 Mateo Vidal\n")
    doc = nlp(text)
    assert _statement_with(doc, "The water has been off").speaker_text == "Rosa Ibarra"
    assert _statement_with(doc, "We sleep in the car").speaker_text == "Mateo Vidal"


def test_a_crediting_headline_names_its_source_and_item_labels_do_not(nlp):
    doc = nlp("Marchenko: 40 dead after strike on depot\n\n"
              "The toll of the strike on the depot has risen to 40, regional governor Ivan Marchenko said.\n\n"
              "UPDATE: Rescue teams are still searching the site\n\nVideo: Smoke rises over the depot yard\n")
    head = _statement_with(doc, "40 dead after strike")
    assert head.speaker_text in ("Marchenko", "Ivan Marchenko") and head.cue == ":"
    killed = [c for c in doc._.cl_claims if c.value == 40]
    assert len(killed) == 2 and all(c.attributed_text in ("Marchenko", "Ivan Marchenko") for c in killed)
    assert not [s for s in doc._.cl_statements if s.text.startswith(("Rescue teams", "Smoke rises"))]


def test_transcript_label_is_the_speaker(nlp):
    text = ("Senator Paul Whitfield was interviewed on Sunday.\n\n"
            "HOST: Do you expect the ceasefire to hold this week?\n\n"
            "WHITFIELD: I expect it to hold, but only if the convoys keep moving.\n")
    s = _statement_with(nlp(text), "I expect it to hold")
    assert s.direct and s.speaker_text == "Paul Whitfield"
    assert not s.text.startswith("WHITFIELD")


def test_quote_after_paragraph_ending_in_colon(nlp):
    text = ("Inspector Karin Solberg wrote in her final report:\n\n"
            "\u201cThe shelters were never inspected before the storm season began.\u201d\n")
    s = _statement_with(nlp(text), "The shelters were never inspected")
    assert s.speaker_text == "Karin Solberg"


# ---- credits without a clause (invented sentences) ------------------------------------------------


@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("Four dead and two wounded after shelling in Varno district - ODA", "Four dead and two wounded", "ODA"),
    ("Death toll in Pellmark rises to 6, injured to 9 - mayor", "Death toll in Pellmark", "mayor"),
    ("Nine soldiers killed near Ostrava Nova in a day \u2013 Halvor Brenn", "Nine soldiers killed", "Halvor Brenn"),
    ("The number of dead has grown to 14, - regional emergency service", "number of dead",
     "regional emergency service"),
])
def test_dash_credit_at_the_end_of_a_line(nlp, text, content, speaker):
    s = _statement_with(nlp(text), content)
    assert s.speaker_text == speaker and s.cue == "-"


@pytest.mark.parametrize("text", [
    "Three people were hurt in the blast - a driver and two passengers",
    "The road was closed for hours - including the bridge to Varno",
    "Shelling went on through the night - 12 houses burned",
])
def test_dash_tail_that_explains_is_no_credit(nlp, text):
    assert not [s for s in nlp(text)._.cl_statements if s.cue == "-"]


def test_source_line_credits_the_paragraph_before(nlp):
    text = ("Eleven people were killed in the strike on the depot in Korvin.\n\n"
            "Source: Korvin Regional Police\n\nThe depot was empty at the time.")
    s = _statement_with(nlp(text), "Eleven people were killed")
    assert s.speaker_text == "Korvin Regional Police" and s.cue == "source:"


@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("The toll from the strike on the Dalmar depot has risen to 31.\n\n"
     "The head of the Dalmar regional administration Irma Solvik stated this on Telegram.",
     "toll from the strike", "Irma Solvik"),
    ("Seven rescuers were injured in the second strike. This was reported by the Dalmar City Council.",
     "Seven rescuers were injured", "Dalmar City Council"),
])
def test_a_cue_that_points_back_takes_the_words_before(nlp, text, content, speaker):
    s = _statement_with(nlp(text), content)
    assert s.speaker_text == speaker


def test_as_x_reported_credits_the_clause(nlp):
    text = "As the Dalmar City Council reported earlier, at least 20 people were killed in the market."
    s = _statement_with(nlp(text), "20 people were killed")
    assert s.speaker_text == "Dalmar City Council"


def test_the_message_speaks_for_who_issued_it(nlp):
    text = ('The governor of Dalmar, Irma Solvik, posted on Telegram about the attack. '
            '"So far, we know of 12 dead and 30 wounded," the message says.')
    s = _statement_with(nlp(text), "we know of 12 dead")
    assert s.speaker_text == "Irma Solvik"


@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("The Varno City Council called the new curfew a dangerous mistake.", "the new curfew a dangerous mistake",
     "Varno City Council"),
    ("Senator Ilse Marrow refused to give the committee her tax returns.", "to give the committee", "Ilse Marrow"),
    ("A new poll by the Dalmar Institute showed Marrow leading the field with 31 percent.",
     "Marrow leading the field", "Dalmar Institute"),
])
def test_a_stance_verb_takes_its_object_as_content(nlp, text, content, speaker):
    s = _statement_with(nlp(text), content)
    assert speaker in (s.speaker_text or "")


@pytest.mark.parametrize("text", [
    "The bridge was called a relic by nobody in particular for years.",
    "It showed nothing.",
])
def test_no_stance_without_a_speaking_subject(nlp, text):
    assert not [s for s in nlp(text)._.cl_statements if s.speaker_text]


def test_an_unnamed_speaker_keeps_where_it_is_mentioned(nlp):
    text = "If you want a safer town, vote for the levy."
    s = _statement_with(nlp(text), "a safer town")
    assert s.speaker_text is None and text[s.speaker_start:s.speaker_end] == "you"


@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("Dozens killed in strike on aid convoy near Varno: regional governor", "Dozens killed", "regional governor"),
    ("\u201cWe count 14 dead,\u201d Ilse Marrow, the Varno regional governor, wrote on Telegram.", "We count 14 dead",
     "Ilse Marrow"),
])
def test_credit_after_a_colon_and_a_name_with_its_title(nlp, text, content, speaker):
    s = _statement_with(nlp(text), content)
    assert s.speaker_text == speaker


def test_a_title_resolves_to_the_name_a_later_frame_gives(nlp):
    text = ("At least 14 people were killed in the strike, the regional governor said.\n"
            "\u201cWe count 14 dead,\u201d Ilse Marrow, the Varno regional governor, wrote on Telegram.")
    s = _statement_with(nlp(text), "14 people were killed")
    assert s.speaker_text == "Ilse Marrow"


def _claim_at(text: str, words: str) -> Claim:
    start = text.index(words)
    return Claim(id="c0", document="", kind="quantity", sentence="", text=words, start=start, end=start + len(words))


@pytest.mark.parametrize(("text", "words", "speaker"), [
    # the speaker's word carries into the next sentence and the next paragraph
    ("Report from Varno\nGovernor Ilse Marrow said the strike hit the depot at dawn. "
     "Nine workers were killed.", "Nine workers were killed", "Ilse Marrow"),
    ("Report from Varno\nGovernor Ilse Marrow said the strike hit the depot at dawn.\n"
     "Nine workers were killed and four were hurt.", "four were hurt", "Ilse Marrow"),
    # the outlet takes the word back
    ("Report from Varno\nGovernor Ilse Marrow said the strike hit the depot at dawn.\n"
     "Earlier, 12 people were killed in a strike on the port.", "12 people were killed", None),
    # too far: two paragraphs on
    ("Report from Varno\nGovernor Ilse Marrow said the strike hit the depot at dawn.\n"
     "The depot was built in 1960.\nNine workers were killed.", "Nine workers were killed", None),
    # a headline is the outlet's own
    ("Nine workers killed in Varno\nGovernor Ilse Marrow said the strike hit the depot.", "Nine workers killed",
     None),
])
def test_speaker_carries_over_until_the_outlet_speaks(nlp, text, words, speaker):
    doc = nlp(text)
    [out] = attribute_claims(doc, [_claim_at(text, words)], doc._.cl_statements, doc._.cl_mentions)
    assert out.attributed_text == speaker


def test_evidence_is_no_voice_that_carries(nlp):
    text = ("Report from Varno\nPreliminary data indicated that the depot was hit by a missile. "
            "Nine workers were killed.")
    doc = nlp(text)
    [out] = attribute_claims(doc, [_claim_at(text, "Nine workers were killed")], doc._.cl_statements,
                             doc._.cl_mentions)
    assert out.attributed_text is None


@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("Strike killed three people, says deputy mayor\nIlse Marrow, deputy mayor of Varno, said 17 were hurt.",
     "Strike killed three people", "Ilse Marrow"),
    ("Ilse Marrow, deputy mayor of Varno, said 17 were hurt. The mayor said the city would rebuild.",
     "the city would rebuild", "mayor"),
])
def test_a_deputy_is_not_the_office_holder(nlp, text, content, speaker):
    s = _statement_with(nlp(text), content)
    assert s.speaker_text == speaker


def test_a_parenthetical_cue_credits_both_sides(nlp):
    text = "This winter, the governor says, will be the hardest one for the valley."
    s = _statement_with(nlp(text), "hardest one")
    assert "This winter" in s.text and s.speaker_text == "governor"


@pytest.mark.parametrize(("text", "content", "speaker"), [
    # a lede's bare title is named by the next sentence's speaker
    ("Nine people were killed in the strike on the depot, the town's deputy mayor has said.\n"
     "Ilse Marrow said four others were hurt.", "Nine people were killed", "Ilse Marrow"),
    ("The toll rose to 40, a top official announced.\n"
     "Tomas Brek, the head of the Varno regional administration, confirmed the figure.", "The toll rose", "Tomas Brek"),
    # the next speaker holds another title: not the one meant
    ("Nine people were killed in the strike, the mayor said.\n"
     "Ilse Marrow, the deputy mayor of Varno, said four others were hurt.", "Nine people were killed", "mayor"),
    # a name inside a quote is talked about
    ("Nine people were killed in the strike, the mayor said.\n"
     "\u201cTomas Brek said nothing,\u201d a resident added.", "Nine people were killed", "mayor"),
])
def test_a_bare_title_is_named_by_the_next_speaker(nlp, text, content, speaker):
    s = _statement_with(nlp(text), content)
    assert s.speaker_text == speaker


def test_it_is_not_a_subject_inside_the_quote(nlp):
    text = ("\u201cA rocket attack was carried out on the depot,\u201d the ministry said.\n"
            "As a result of the strike, it added, \u201c40 workers were killed\u201d.")
    s = _statement_with(nlp(text), "40 workers were killed")
    assert s.speaker_text == "ministry"


def test_a_source_line_credits_the_frameless_quotes_below_it(nlp):
    text = ("The depot in Varno was hit by a missile at dawn.\nSource: Mayor of Varno Ilse Marrow\n"
            "\u201cNine workers died. About 40 people were injured.\u201d\n\nThe depot was built in 1960.\n")
    doc = nlp(text)
    quoted = [s for s in doc._.cl_statements if "About 40 people" in s.text and s.speaker_text]
    assert [s.speaker_text for s in quoted] == ["Ilse Marrow"]
    assert not [s for s in doc._.cl_statements if "built in 1960" in s.text]


@pytest.mark.parametrize(("text", "quoted"), [
    ("Source: X\n\u201cNine died.\u201d\n\u201cFour were hurt.\u201d\nThe depot burned.", (10, 40)),
    ("Source: X\nThe depot burned.\n\u201cNine died.\u201d", None),
])
def test_quoted_paragraphs_after_a_line(text, quoted):
    from claimledger.extract.credits import quoted_paragraphs_after

    assert quoted_paragraphs_after(text, text.index("\n")) == quoted


@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("According to preliminary data, nine workers were killed in Varno.", "nine workers", None),
    ("Nine workers were killed, according to Varno Emergency Service data.", "Nine workers", "Varno Emergency Service"),
])
def test_bare_evidence_is_no_source(nlp, text, content, speaker):
    found = [s for s in nlp(text)._.cl_statements if content in s.text and s.speaker_text]
    assert [s.speaker_text for s in found] == ([speaker] if speaker else [])


def _figure(text: str, words: str, value: float, attributed: str | None = None) -> Claim:
    start = text.index(words)
    return Claim(id="c", document="", kind="quantity", sentence="", text=words, start=start, end=start + len(words),
                 measure="killed", value=value, low=value, high=value, attributed_text=attributed)


@pytest.mark.parametrize(("later_value", "gap", "speaker"), [
    (9.0, "", "Ilse Marrow"),  # the attributed detail repeats the figure: its source
    (7.0, "", None),  # another figure: the first stays the outlet's own
    (9.0, "The depot was built long ago. " * 20, None),  # too far on
])
def test_a_figure_takes_the_source_of_the_detail_that_repeats_it(nlp, later_value, gap, speaker):
    text = ("Nine workers were killed in Varno. " + gap
            + "In the port, nine workers were killed, mayor Ilse Marrow said.")
    first = _figure(text, "Nine workers were killed", 9.0)
    later = _figure(text, "nine workers were killed", later_value, "Ilse Marrow")
    out = attribute_claims(nlp(text), [first, later], [], [])
    assert out[0].attributed_text == speaker


@pytest.mark.parametrize(("text", "speaker"), [
    ("Nine workers were killed in the strike on the depot.\n"
     "This is stated in the message of the Varno Fire Service.", "Varno Fire Service"),
    ("Nine workers were killed in the strike on the depot.\nThis was reported by the Varno Fire Service.",
     "Varno Fire Service"),
])
def test_this_is_stated_in_the_message_of_x(nlp, text, speaker):
    s = _statement_with(nlp(text), "Nine workers were killed")
    assert s.speaker_text == speaker


@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("The police reported earlier that 55 people had been killed in Varno.", "55 people", "police"),
    ("The police hoped to finish by noon.", None, None),
])
def test_a_that_clause_parsed_as_xcomp_is_the_content(nlp, text, content, speaker):
    found = [s for s in nlp(text)._.cl_statements if s.speaker_text]
    if content is None:
        assert not found
    else:
        assert any(content in s.text and s.speaker_text == speaker for s in found)
