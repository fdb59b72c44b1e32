"""What every stage of the scale dataset shares: the figures, the random source, the reference date,
id allocation, the rows waiting to be written, and small helpers for dates and times."""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models.fields import NOT_PROVIDED

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Figures:
    """How big the dataset is. The defaults are the national figures for the UK."""

    schemes: int = 150
    households: int = 10_400
    people: int = 9_900
    years: int = 5

    def tenth(self) -> "Figures":
        return Figures(
            schemes=max(1, round(self.schemes / 10)),
            households=max(1, round(self.households / 10)),
            people=max(1, round(self.people / 10)),
            years=self.years,
        )


class Table:
    """One model's columns in order, with the model's plain defaults, so that a row can be given as
    keyword arguments and every column still gets a value. A column without a default that the
    caller forgot is a KeyError here rather than a NULL in the database."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.fields = [f.attname for f in model._meta.concrete_fields]
        self.defaults = {}
        for f in model._meta.concrete_fields:
            if f.default is NOT_PROVIDED:
                if f.null:
                    self.defaults[f.attname] = None
                continue
            if f.default in (list, dict):
                self.defaults[f.attname] = f.default()
            elif not callable(f.default):
                self.defaults[f.attname] = f.default
        self.field_set = set(self.fields)
        self.rows: list[tuple] = []

    def add(self, **values) -> None:
        if not values.keys() <= self.field_set:
            raise KeyError(f"{self.model.__name__}: unknown fields {sorted(values.keys() - self.field_set)}")
        defaults = self.defaults
        try:
            self.rows.append(tuple(values[a] if a in values else defaults[a] for a in self.fields))
        except KeyError as e:
            raise KeyError(f"{self.model.__name__}: no value for {e.args[0]}") from None


@dataclass
class World:
    figures: Figures
    seed: int
    today: date
    sink: object
    rng: random.Random = field(init=False)
    start: date = field(init=False)
    _next_id: dict = field(default_factory=dict)
    _first_id: dict = field(default_factory=dict)
    tables: dict = field(default_factory=dict)
    # Filled in by the stages, read by later ones.
    schemes: list = field(default_factory=list)
    households: dict = field(default_factory=lambda: defaultdict(list))  # scheme id -> [HouseholdInfo]
    people: list = field(default_factory=list)
    users: dict = field(default_factory=dict)  # user id -> (email, kind, scheme id, day joined)
    postcodes: list = field(default_factory=list)  # (postcode, district, easting, northing)
    password_hash: str = ""
    tick: object = lambda: None  # progress: called once per scheme planned
    current_terms: list = field(default_factory=list)  # (household id, latest approval terms id)
    bookings: list = field(default_factory=list)  # written last, each household's latest first
    interests: list = field(default_factory=list)  # reference.Interest ids
    languages: list = field(default_factory=list)  # reference.Language ids, English first

    def __post_init__(self):
        self.rng = random.Random(self.seed)
        self.start = self.today - timedelta(days=365 * self.figures.years)

    # --- ids and rows ----------------------------------------------------------------------------
    def new_id(self, model: type[models.Model]) -> int:
        if model not in self._next_id:
            self._next_id[model] = self._first_id[model] = self.sink.id_base(model) + 1
        value = self._next_id[model]
        self._next_id[model] = value + 1
        return value

    def id_range(self, model: type[models.Model]) -> tuple[int, int]:
        """The first and last id given to `model` rows in this run."""
        if model not in self._first_id:
            return 0, -1
        return self._first_id[model], self._next_id[model] - 1

    def table(self, model: type[models.Model]) -> Table:
        if model not in self.tables:
            self.tables[model] = Table(model)
        return self.tables[model]

    def add(self, model: type[models.Model], **values) -> int | None:
        """Queue one row; gives it the next id when the model has an id column and none was given."""
        table = self.table(model)
        if "id" in table.fields and "id" not in values:
            values["id"] = self.new_id(model)
        table.add(**values)
        return values.get("id")

    # --- randomness --------------------------------------------------------------------------------
    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, weighted: dict):
        """One key of `weighted`, with probability proportional to its value."""
        keys = list(weighted)
        return self.rng.choices(keys, weights=[weighted[k] for k in keys])[0]

    def day_between(self, first: date, last: date) -> date:
        if last <= first:
            return first
        return first + timedelta(days=self.rng.randint(0, (last - first).days))

    def at(self, day: date, first_hour: int = 8, last_hour: int = 17) -> datetime:
        """A time of day on `day`, in office hours, in the app's time zone. On the reference day
        itself, early in the morning, so that nothing is dated later than a run in working hours."""
        if day >= self.today:
            first_hour, last_hour = 0, 6
        return datetime(
            day.year,
            day.month,
            day.day,
            self.rng.randint(first_hour, last_hour),
            self.rng.randint(0, 59),
            self.rng.randint(0, 59),
            tzinfo=LONDON,
        )

    def past(self, day: date) -> date:
        """`day`, or the reference day if `day` is later: records of what happened are never in the future."""
        return min(day, self.today)


class Clock:
    """Times for one record's events: in office hours, and never earlier than the one before."""

    def __init__(self, world: World):
        self.world = world
        self.last = None

    def at(self, day: date):
        moment = self.world.at(day)
        if self.last is not None and moment <= self.last:
            moment = self.last + timedelta(minutes=self.world.rng.randint(1, 40))
        self.last = moment
        return moment
