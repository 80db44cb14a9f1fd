"""The generated Dutch summary of the Gemeentefiche: table-driven cases for
each sentence on made-up inputs, and the whole text for a real municipality
(every sentence names its period and quality)."""
from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd
import pytest

from analysis import summary as s
from analysis.fiche import Employment, Groups, Jobseekers, Programme, Vacancies
from analysis.suppression import PRIMARY, SECONDARY, SHOWN
from queries import run_query
from page_models.fiche import LABELS, collect

EMPTY = pd.DataFrame()
BASE = Employment(year=2015, rate=71.4, quality="official", gap_points=-8.6, working_age=20000.0,
                  working_age_quality="modelled", people_needed=1720.0, rank=13, ranked=13, area_rate=74.8,
                  flanders_rate=72.0, first_year=2003, change_since_first=1.6, trend=EMPTY)


def employment(**changes) -> Employment:
    return replace(BASE, **changes)


@pytest.mark.parametrize("changes, expected", [
    ({}, "Menen: werkzaamheidsgraad 71,4 % in 2015 (officieel), 8,6 punten onder de doelstelling van 80 %."),
    ({"rate": 81.26, "gap_points": 1.26},
     "Menen: werkzaamheidsgraad 81,3 % in 2015 (officieel), 1,3 punten boven de doelstelling van 80 %."),
    ({"rate": 79.96, "gap_points": -0.04},
     "Menen: werkzaamheidsgraad 80,0 % in 2015 (officieel), precies op de doelstelling van 80 %."),
    ({"quality": "modelled", "year": 2014},
     "Menen: werkzaamheidsgraad 71,4 % in 2014 (gemodelleerd), 8,6 punten onder de doelstelling van 80 %."),
    ({"rate": None}, "Menen: geen werkzaamheidsgraad beschikbaar."),
])
def test_employment_sentence(changes, expected):
    assert s.employment_text("Menen", employment(**changes)) == expected


def test_employment_sentence_says_its_year_is_the_last_one():
    assert s.employment_text("Menen", BASE, chosen=2024) == (
        "Menen: werkzaamheidsgraad 71,4 % in 2015, het laatste beschikbare jaar (officieel), 8,6 punten onder de "
        "doelstelling van 80 %.")


@pytest.mark.parametrize("changes, expected", [
    ({}, "Ter vergelijking: W13 74,8 % en Vlaanderen 72,0 % in 2015 (gewogen met de bevolking, officieel); "
         "Menen staat op plaats 13 van 13 in W13."),
    ({"flanders_rate": None}, "Ter vergelijking: W13 74,8 % in 2015 (gewogen met de bevolking, officieel); "
                              "Menen staat op plaats 13 van 13 in W13."),
    ({"area_rate": None}, ""),
    ({"rate": None}, ""),
])
def test_comparison_sentence(changes, expected):
    assert s.comparison_text("Menen", "W13", employment(**changes)) == expected


@pytest.mark.parametrize("changes, expected", [
    ({}, "Van 2003 tot 2015 steeg de werkzaamheidsgraad met 1,6 punten (officieel)."),
    ({"change_since_first": -2.04}, "Van 2003 tot 2015 daalde de werkzaamheidsgraad met 2,0 punten (officieel)."),
    ({"change_since_first": 0.03}, "Van 2003 tot 2015 bleef de werkzaamheidsgraad gelijk (officieel)."),
    ({"first_year": 2015}, ""),
])
def test_trend_sentence(changes, expected):
    assert s.trend_text(employment(**changes)) == expected


@pytest.mark.parametrize("changes, expected", [
    ({}, "Om 80 % te halen, zijn er ongeveer 1.720 inwoners meer aan het werk nodig (2015, gemodelleerd: op basis "
         "van de bevolking van 20-64 jaar)."),
    ({"working_age_quality": "official"}, "Om 80 % te halen, zijn er ongeveer 1.720 inwoners meer aan het werk "
                                          "nodig (2015, officieel: op basis van de bevolking van 20-64 jaar)."),
    ({"gap_points": 0.9, "rate": 80.9, "people_needed": 0.0}, "De doelstelling van 80 % is gehaald in 2015."),
    ({"people_needed": None}, ""),
])
def test_people_sentence(changes, expected):
    assert s.people_text(employment(**changes)) == expected


def group_rows(*rows) -> pd.DataFrame:
    columns = ["series", "label", "indicator", "year", "quality", "unit", "value", "hidden", "per_1000",
               "area_per_1000", "flanders_per_1000"]
    return pd.DataFrame(list(rows), columns=columns)


NEWCOMERS = ("inburgeraars", "Nieuwkomers (doelgroep inburgering)", "nieuwkomers", 2024, "official", "personen",
             272.0, False, 7.93, 6.71, 7.7)
YOUNG_RATE = ("werkzoekendengraad_18_24", "Werkzoekendengraad 18-24 jaar", "werkzoekendengraad", 2024, "official",
              "%", 16.5, False, float("nan"), None, None)
POOL = ("totaal", "Alle niet-werkenden (20-64 jaar)", "doelgroep_omvang", 2015, "modelled", "personen", 5553.0, False,
        168.76, 148.89, 165.34)
LOW = ("laaggeschoolden", "Laaggeschoolden", "doelgroep_omvang", 2015, "modelled", "personen", 2418.0, False, 73.48,
       60.38, 70.30)
MIGRATION = ("migratieachtergrond", "Personen met migratieachtergrond", "doelgroep_omvang", 2015, "modelled",
             "personen", 2063.0, False, 62.7, 39.6, 39.4)


@pytest.mark.parametrize("rows, expected", [
    ((NEWCOMERS, YOUNG_RATE, POOL, LOW, MIGRATION),
     "Kansengroepen, officieel: nieuwkomers (doelgroep inburgering) 272 (7,9 per 1.000 inwoners; W13: 6,7) in 2024; "
     "werkzoekendengraad 18-24 jaar 16,5 % in 2024. Alle niet-werkenden (20-64 jaar): 5.553 personen, 168,8 per "
     "1.000 inwoners (W13: 148,9; Vlaanderen: 165,3; 2015, het laatste beschikbare jaar, gemodelleerd). Grootste "
     "gemodelleerde doelgroep: laaggeschoolden, 2.418 personen; verhoudingsgewijs het meest boven W13: personen met "
     "migratieachtergrond, 62,7 tegen 39,6 per 1.000 inwoners (2015, het laatste beschikbare jaar, gemodelleerd)."),
    ((NEWCOMERS[:7] + (True,) + NEWCOMERS[8:],),   # hidden by its producer: never a number
     "Kansengroepen, officieel: nieuwkomers (doelgroep inburgering) x (verborgen) (7,9 per 1.000 inwoners; W13: 6,7) "
     "in 2024."),
    ((), ""),
])
def test_groups_sentences_put_official_series_first_and_never_compare_them_with_the_model(rows, expected):
    assert s.groups_text("W13", Groups(group_rows(*rows), EMPTY), 2024) == expected


def vacancies(**changes) -> Vacancies:
    return replace(Vacancies(2024, 818.0, 160.0, 1278.0, {"ontvangen": False, "open": False, "nwwz": False},
                             1.5623, 0.6582, 0.7669, {}, EMPTY, EMPTY), **changes)


@pytest.mark.parametrize("changes, chosen, expected", [
    ({}, 2024, "In 2024 ontving VDAB 818 vacatures voor Menen (openstaand: 160; officieel); 1,56 niet-werkende "
               "werkzoekenden per ontvangen vacature (W13: 0,66; Vlaanderen: 0,77; berekend uit de aantallen per "
               "gemeente)."),
    ({"open": None, "hidden": {"open": True}, "tension": None}, 2025,
     "In 2024, het laatste beschikbare jaar ontving VDAB 818 vacatures voor Menen (openstaand: x (verborgen); "
     "officieel)."),
    ({"year": None}, 2024, ""),
])
def test_vacancies_sentence(changes, chosen, expected):
    assert s.vacancies_text("Menen", "W13", vacancies(**changes), chosen) == expected


def jobseekers(**changes) -> Jobseekers:
    return replace(Jobseekers(2024, 8.3, False, 1278.0, False, 5.93, 6.58, {}, EMPTY, EMPTY), **changes)


@pytest.mark.parametrize("changes, expected", [
    ({}, "Menen: werkzoekendengraad 8,3 % in 2024 (officieel, VDAB); W13 5,9 %; Vlaanderen 6,6 % (berekend uit de "
         "aantallen per gemeente); gemiddeld 1.278 niet-werkende werkzoekenden."),
    ({"rate": None, "hidden": True, "flanders_rate": None},
     "Menen: werkzoekendengraad x (verborgen) in 2024 (officieel, VDAB); W13 5,9 % (berekend uit de aantallen per "
     "gemeente); gemiddeld 1.278 niet-werkende werkzoekenden."),
    ({"year": None}, ""),
])
def test_jobseekers_sentence_never_shows_a_hidden_value_as_a_number(changes, expected):
    assert s.jobseekers_text("Menen", "W13", jobseekers(**changes), 2024) == expected


T_WERKT = pd.Series({"started": 636, "ongoing": 201, "ended": 435, "job": 255, "training": 47, "stopped": 133})


def programme(counts: dict[str, int], marks: dict[str, str], **changes) -> Programme:
    base = Programme("p", "Programma X", "2016-2022", "Kortrijk sinds 2016, Menen sinds 2020", T_WERKT, None,
                     "2020-2022", pd.Series(counts, dtype=object), pd.Series({k: marks.get(k, SHOWN) for k in counts}))
    return replace(base, **changes)


PUBLISHED_TEXT = ("Programma X (2016-2022; Kortrijk sinds 2016, Menen sinds 2020): 636 trajecten gestart, 435 "
                  "beëindigd, waarvan 255 met werk (gepubliceerd, officieel).")


@pytest.mark.parametrize("counts, marks, expected", [
    ({"started": 98, "ended": 40, "job": 26}, {}, "98 gestart, 40 beëindigd, waarvan 26 met werk"),
    ({"started": 98, "ended": 40, "job": 26, "training": 1}, {"job": SECONDARY, "training": PRIMARY},
     "98 gestart, 40 beëindigd, waarvan een afgeschermd aantal met werk"),
    ({"started": 3, "ended": 2, "job": 2}, {"started": PRIMARY, "ended": PRIMARY, "job": PRIMARY},
     "minder dan 5 gestart, minder dan 5 beëindigd, waarvan minder dan 5 met werk"),
    ({"started": 12, "ongoing": 12}, {}, "12 gestart"),
])
def test_programme_sentence_says_the_published_totals_then_the_modelled_split(counts, marks, expected):
    text = s.programme_text("Menen", programme(counts, marks))
    assert text == (f"{PUBLISHED_TEXT} In Menen (2020-2022): {expected} (gemodelleerde verdeling van die totalen, "
                    "kleine aantallen afgeschermd).")


@pytest.mark.parametrize("changes, expected", [
    # 18.9: a programme that published only money says so, and nothing is made up.
    ({"label": "Partnerschap", "years": "2024-2029", "where": "Westhoek", "published": pd.Series(dtype=float),
      "budget": 608890.35, "local_years": "2024-2029"},
     "Partnerschap (2024-2029; Westhoek): trajecten en uitkomsten niet gepubliceerd; budget € 608.890,35 per jaar "
     "(gepubliceerd, officieel)."),
    ({"published": pd.Series({"started": 13.0})}, "Programma X (2016-2022; Kortrijk sinds 2016, Menen sinds 2020): 13 "
     "trajecten gestart; uitkomsten niet gepubliceerd (gepubliceerd, officieel). In Menen: geen deelnemers in de "
     "gemodelleerde verdeling over de gemeenten (de bron noemt geen gemeenten)."),
    ({"local_years": None}, f"{PUBLISHED_TEXT} Niet actief in Menen."),
])
def test_programme_sentence_without_a_local_split(changes, expected):
    assert s.programme_text("Menen", programme({}, {}, **changes)) == expected


@pytest.mark.parametrize("nis", ["34027", "33011"])
def test_summary_of_a_real_municipality_leads_with_the_latest_figures(store, nis):
    """The fiche of the latest VDAB year: the jobseeker rate of that year
    first, the employment rate with its own last year; every sentence names
    a year and a quality."""
    latest = int(store.execute("select max(period) from indicators where indicator = 'werkzoekendengraad'"
                               ).fetchone()[0])
    fiche = collect(lambda name, **p: run_query(store, name, **p), nis, latest)
    sentences = s.summary(fiche, LABELS)

    def value(indicator: str, period: str) -> float:
        return store.execute("select value from indicators where indicator = ? and nis = ? and target_group = "
                             "'totaal' and period = ?", [indicator, nis, period]).fetchone()[0]

    last = store.execute("select max(period) from indicators where indicator = 'werkzaamheidsgraad' and nis = ?",
                         [nis]).fetchone()[0]
    assert sentences[0].startswith(f"{fiche.name}: werkzoekendengraad "
                                   f"{s.fmt.percent(value('werkzoekendengraad', str(latest)))} in {latest} (officieel")
    assert any(x.startswith(f"{fiche.name}: werkzaamheidsgraad {s.fmt.percent(value('werkzaamheidsgraad', last))} "
                            f"in {last}, het laatste beschikbare jaar (officieel)") for x in sentences)
    assert len(sentences) == 9 + max(len(fiche.programmes), 1)
    for sentence in sentences:
        assert re.search(r"\b(19|20)\d\d\b", sentence), sentence
        assert re.search(r"officieel|gemodelleerd|berekend", sentence), sentence
