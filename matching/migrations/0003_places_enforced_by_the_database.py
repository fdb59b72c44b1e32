"""The database itself refuses more people than a household's places, and overlapping live-in arrangements.

`matching_occupancy(household, from, to)` counts, for each night/day, the live long-term, emergency
and intermediate-care arrangements (start_date <= day < end_date, so the leaving day is free) plus
the short-break stays (starts_on <= day < ends_on) and day-support sessions (on starts_on) booked.
The services call it for a readable refusal; the triggers below call it as the last line of defence,
after locking the household row so that concurrent writers are counted one after the other.
"""

from django.db import migrations

LIVE = "('planned', 'active', 'paused', 'ending')"
CONTINUOUS = "('long_term', 'emergency', 'intermediate_care')"

FORWARD = f"""
CREATE OR REPLACE FUNCTION matching_occupancy(hh bigint, from_day date, to_day date)
RETURNS TABLE(day date, people integer) LANGUAGE sql STABLE AS $$
  SELECT d::date,
    (SELECT count(*) FROM matching_arrangement a
      WHERE a.household_id = hh AND a.status IN {LIVE} AND a.support_type IN {CONTINUOUS}
        AND a.start_date <= d::date AND (a.end_date IS NULL OR a.end_date > d::date))::integer
    + (SELECT count(DISTINCT b.arrangement_id) FROM matching_booking b
        JOIN matching_arrangement a ON a.id = b.arrangement_id
      WHERE b.household_id = hh AND b.cancelled_at IS NULL AND a.status IN {LIVE}
        AND ((b.session = '' AND b.starts_on <= d::date AND b.ends_on > d::date)
          OR (b.session <> '' AND b.starts_on = d::date)))::integer
  FROM generate_series(from_day, to_day, interval '1 day') AS d
$$;

CREATE OR REPLACE FUNCTION matching_check_places() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  places integer;
  first_day date;
  last_day date;
  peak record;
BEGIN
  IF TG_TABLE_NAME = 'matching_booking' THEN
    IF NEW.cancelled_at IS NOT NULL THEN RETURN NULL; END IF;
    first_day := NEW.starts_on;
    last_day := CASE WHEN NEW.session = '' THEN NEW.ends_on - 1 ELSE NEW.starts_on END;
  ELSE
    IF NEW.status NOT IN {LIVE} OR NEW.support_type NOT IN {CONTINUOUS} THEN RETURN NULL; END IF;
    first_day := NEW.start_date;
    IF NEW.end_date IS NOT NULL THEN
      last_day := NEW.end_date - 1;
    ELSE
      SELECT GREATEST(NEW.start_date,
                      (SELECT max(b.ends_on) FROM matching_booking b WHERE b.household_id = NEW.household_id),
                      (SELECT max(a.start_date) FROM matching_arrangement a WHERE a.household_id = NEW.household_id))
        INTO last_day;
    END IF;
  END IF;
  IF last_day < first_day THEN RETURN NULL; END IF;
  PERFORM 1 FROM carers_household WHERE id = NEW.household_id FOR UPDATE;
  SELECT COALESCE(t.max_people, 0) INTO places
    FROM carers_household h LEFT JOIN carers_approvalterms t ON t.id = h.current_terms_id
    WHERE h.id = NEW.household_id;
  SELECT o.day, o.people INTO peak FROM matching_occupancy(NEW.household_id, first_day, last_day) o
    ORDER BY o.people DESC, o.day LIMIT 1;
  IF peak.people > places THEN
    RAISE EXCEPTION 'Household % would have % people on % but is approved for %',
      NEW.household_id, peak.people, peak.day, places USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION matching_check_one_home() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.support_type <> 'long_term' OR NEW.status NOT IN {LIVE} THEN RETURN NULL; END IF;
  PERFORM 1 FROM people_person WHERE id = NEW.person_id FOR UPDATE;
  IF EXISTS (
    SELECT 1 FROM matching_arrangement a
    WHERE a.person_id = NEW.person_id AND a.id <> NEW.id AND a.support_type = 'long_term'
      AND a.status IN {LIVE}
      AND daterange(a.start_date, a.end_date) && daterange(NEW.start_date, NEW.end_date)
  ) THEN
    RAISE EXCEPTION 'Person % would have two overlapping long-term arrangements', NEW.person_id
      USING ERRCODE = 'exclusion_violation';
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER matching_booking_places AFTER INSERT OR UPDATE ON matching_booking
  FOR EACH ROW EXECUTE FUNCTION matching_check_places();
CREATE TRIGGER matching_arrangement_places AFTER INSERT OR UPDATE ON matching_arrangement
  FOR EACH ROW EXECUTE FUNCTION matching_check_places();
CREATE TRIGGER matching_arrangement_one_home AFTER INSERT OR UPDATE ON matching_arrangement
  FOR EACH ROW EXECUTE FUNCTION matching_check_one_home();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS matching_arrangement_one_home ON matching_arrangement;
DROP TRIGGER IF EXISTS matching_arrangement_places ON matching_arrangement;
DROP TRIGGER IF EXISTS matching_booking_places ON matching_booking;
DROP FUNCTION IF EXISTS matching_check_one_home();
DROP FUNCTION IF EXISTS matching_check_places();
DROP FUNCTION IF EXISTS matching_occupancy(bigint, date, date);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0002_arrangements"),
        ("carers", "0002_registry"),
        ("people", "0001_initial"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
