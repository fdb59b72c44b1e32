"""Arrangements come from agreed proposals: the proposal fixtures and helpers are shared with matching."""

from tests.matching.conftest import *  # noqa: F403  (households, people, proposals, one_place)
from tests.matching.conftest import answer, to_agreed, to_introductions  # noqa: F401
