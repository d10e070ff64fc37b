"""The synthetic data's Vietnamese names (teams/names.py): no database needed."""

import random

from teams import names
from tests.test_spelling import old_style_words


def test_names_are_vietnamese_distinct_and_spelled_as_the_plan_spells_them():
    rng = random.Random(7)
    communes = list(names.commune_names(rng, taken=["Minh Đức"]))
    assert len(set(communes)) == len(communes) == names.COMMUNE_NAME_COUNT - 1
    assert "Minh Đức" not in communes
    assert list(names.commune_names(random.Random(7), taken=["Minh Đức"])) == communes
    people = [names.person(rng) for _ in range(500)]
    assert all(3 <= len(p.split()) <= 4 for p in people)
    villages = names.village_names(rng, len(names.PLACES) + 5)
    assert len(set(villages)) == len(villages)
    every_word = " ".join([*communes, *people, *villages, *names.PLACES])
    assert old_style_words(every_word) == []
