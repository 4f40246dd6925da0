"""Names typed wrong, made by rule from a catalog: the queries of the typo class's tests.

Two ways a visitor mistypes a person's three-character name, each made from every person
whose name no one else bears, and kept only where the answer is not in doubt:

- **homophones** (:func:`homophone_typos`): a character of the given name replaced by one
  that reads the same (胡学刚 typed 胡雪刚); no other name reads as the typed one does;
- **another person's given name** (:func:`given_name_typos`): the given name typed as
  another person's, which differs from it by one character (吕平丽 typed 吕平海, where
  袁平海 is someone else): the query holds a word of the data (平海) and the right
  surname; the only name of that surname one character away is the intended one, and no
  name reads as the typed one does.

- **the middle character** (:func:`middle_character_typos`): replaced by a character of
  another given name (吕平丽 typed 吕海丽), so that the query shares no bigram with the
  name meant; every name one character away with the surname kept is listed first
  (:func:`one_away`), no name reads as the typed one does.

Every query is none of the data's names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pypinyin import lazy_pinyin

from showcase.records.schema import Person
from showcase.site.search_analysis import name_pinyin


@dataclass(frozen=True)
class Typo:
    typed: str
    person: Person  # the one meant


def _reads(name: str) -> str:
    return "".join(lazy_pinyin(name))


def _unique_three_character(people: Sequence[Person]) -> list[Person]:
    names = [person.name for person in people]
    return [p for p in people if len(p.name) == 3 and names.count(p.name) == 1]


def _sounds_alike(typed: str, names: Iterable[str]) -> list[str]:
    """The names that share a pinyin key of the index with the typed name's usual reading."""
    usual = _reads(typed)
    return [name for name in names if usual in name_pinyin(name)]


def homophone_typos(people: Sequence[Person], replacements: Iterable[str]) -> list[Typo]:
    """Each person's name with one character of the given name replaced by one of
    ``replacements`` that reads as it does (lazy_pinyin), where that is no name and no
    other name reads as it does."""
    names = {person.name for person in people}
    by_sound: dict[str, list[str]] = {}
    for char in sorted(set(replacements)):
        by_sound.setdefault(_reads(char), []).append(char)
    typos = []
    for person in _unique_three_character(people):
        for place in (1, 2):
            for char in by_sound.get(_reads(person.name[place]), []):
                typed = person.name[:place] + char + person.name[place + 1 :]
                if typed in names or char == person.name[place]:
                    continue
                if _sounds_alike(typed, names) == [person.name]:
                    typos.append(Typo(typed, person))
    return typos


def given_name_typos(people: Sequence[Person]) -> list[Typo]:
    """Each person's surname with the given name of another, one character from their own."""
    names = {person.name for person in people}
    typos = []
    for person in _unique_three_character(people):
        for other in people:
            given = other.name[1:]
            if len(other.name) != 3 or other.name[0] == person.name[0]:
                continue
            if given[0] != person.name[1] or given == person.name[1:]:
                continue
            typed = person.name[0] + given
            same_surname_one_away = [
                name
                for name in names
                if len(name) == 3
                and name[0] == typed[0]
                and sum(a != b for a, b in zip(name, typed, strict=True)) == 1
            ]
            if typed in names or same_surname_one_away != [person.name]:
                continue
            if not _sounds_alike(typed, names):
                typos.append(Typo(typed, person))
    return typos


def one_away(typed: str, names: Iterable[str]) -> set[str]:
    """The three-character names one character from ``typed`` that keep its surname."""
    return {
        name
        for name in names
        if len(name) == 3
        and name[0] == typed[0]
        and sum(a != b for a, b in zip(name, typed, strict=True)) == 1
    }


def middle_character_typos(people: Sequence[Person], replacements: Iterable[str]) -> list[Typo]:
    """Each person's name with its middle character replaced by one of ``replacements``,
    where that is no name and no name reads as it does."""
    names = {person.name for person in people}
    typos = []
    for person in _unique_three_character(people):
        for char in sorted(set(replacements) - set(person.name)):
            typed = person.name[0] + char + person.name[2]
            if typed not in names and not _sounds_alike(typed, names):
                typos.append(Typo(typed, person))
    return typos
