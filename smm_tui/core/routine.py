"""The built-in "hectic schedule" routine, and expanding a routine into a day.

The default is kept as commented TOML text, not Python data: it is written
verbatim to `routine.toml` on first start, so a new user opens a file that
explains itself, and it goes through the same parser and validation as the
user's own edits (one code path, tested once).
"""

from __future__ import annotations

from datetime import date

from smm_tui.core.models import WEEKDAYS, Day, Routine, Task

DEFAULT_ROUTINE_TOML = """\
# smm-tui routine: the recurring template of your day.
#
# A day without its own file in days/ is this routine expanded for that date;
# the day file is created the first time you change that day, so editing this
# file changes every future (untouched) day, never days you already worked on.
#
# One [[slots]] table per slot. Keys:
#   id        short name, unique here (lowercase, digits, dashes)
#   title     what to do
#   start     local wall-clock time, HH:MM:SS (TOML local time)
#   minutes   duration (default 30)
#   kind      checkin monitor reply publish meeting research analytics schedule break
#   platforms e.g. ["email", "x", "facebook", "instagram", "linkedin", "youtube", "blog", "foursquare", "news"]
#   weekdays  days it happens on (default: every day), e.g. ["mon", "tue", "wed", "thu", "fri"]
#   every     repeat every N minutes from start ...
#   until     ... up to and including this time; each repeat is its own tickable task
#   lead      reminder lead in minutes for this slot (default: config.toml)
#   note      free text
version = 1

# --- Morning -----------------------------------------------------------------

[[slots]]
id = "wake"
title = "Wake up: email and overnight mentions on the phone"
start = 05:30:00
minutes = 30
kind = "checkin"
platforms = ["email", "x"]

[[slots]]
id = "news"
title = "Scan news feeds for articles and videos worth sharing"
start = 06:00:00
minutes = 60
kind = "research"
platforms = ["news", "youtube"]

[[slots]]
id = "criticism"
title = "Answer overnight criticism - politely, never delete it"
start = 07:00:00
minutes = 30
kind = "reply"
platforms = ["facebook", "x"]

[[slots]]
id = "advocates"
title = "Tweet and retweet; thank brand advocates"
start = 07:30:00
minutes = 60
kind = "publish"
platforms = ["x"]

[[slots]]
id = "blog"
title = "Publish the blog post on today's news"
start = 08:30:00
minutes = 60
kind = "publish"
platforms = ["blog"]

[[slots]]
id = "leads"
title = "Follow up with sales and marketing on social leads"
start = 09:30:00
minutes = 30
kind = "meeting"
platforms = ["linkedin"]
weekdays = ["mon", "tue", "wed", "thu", "fri"]

[[slots]]
id = "monitor"
title = "Monitoring round: brand mentions and online reputation"
start = 10:00:00
minutes = 30
kind = "monitor"
platforms = ["x", "facebook", "instagram"]
every = 120
until = 18:00:00

# --- Lunch -------------------------------------------------------------------

[[slots]]
id = "lunch"
title = "Lunch - check in on Foursquare"
start = 12:00:00
minutes = 60
kind = "checkin"
platforms = ["foursquare"]

# --- Afternoon ---------------------------------------------------------------

[[slots]]
id = "video"
title = "Record and upload a short video"
start = 13:00:00
minutes = 60
kind = "publish"
platforms = ["youtube"]

[[slots]]
id = "microblog"
title = "Call on corporate microblogging"
start = 14:00:00
minutes = 60
kind = "meeting"
weekdays = ["mon", "tue", "wed", "thu", "fri"]

[[slots]]
id = "revisit"
title = "Revisit channels: on message? Answer negative feedback"
start = 15:00:00
minutes = 60
kind = "reply"
platforms = ["facebook", "x", "instagram"]

[[slots]]
id = "results"
title = "Present results to management"
start = 16:00:00
minutes = 60
kind = "meeting"
weekdays = ["mon", "tue", "wed", "thu", "fri"]

# --- Evening (7 pm to next day) ----------------------------------------------

[[slots]]
id = "analytics"
title = "Review the day's analytics"
start = 19:00:00
minutes = 60
kind = "analytics"

[[slots]]
id = "webinar"
title = "Sign up for a webinar; read up on new trends"
start = 20:00:00
minutes = 60
kind = "research"

[[slots]]
id = "night-owls"
title = "Schedule posts for the night owls"
start = 21:00:00
minutes = 60
kind = "schedule"
platforms = ["x", "facebook", "instagram"]

[[slots]]
id = "last-look"
title = "Last look at feeds and email"
start = 23:00:00
minutes = 15
kind = "checkin"
platforms = ["email", "x"]
"""


def occurrence_id(slot_id: str, hour: int, minute: int) -> str:
    """Stable id of one occurrence: the same date and routine always give the same ids."""
    return f"{slot_id}-{hour:02d}{minute:02d}"


def expand(routine: Routine, day: date, zone: str) -> Day:
    """The day a date gets from the routine: matching weekdays, repeats as separate tasks."""
    weekday = WEEKDAYS[day.weekday()]
    tasks = []
    for slot in routine.slots:
        if weekday not in slot.weekdays:
            continue
        for start in slot.times():
            tasks.append(
                Task(
                    id=occurrence_id(slot.id, start.hour, start.minute),
                    title=slot.title,
                    start=start,
                    minutes=slot.minutes,
                    kind=slot.kind,
                    platforms=slot.platforms,
                    note=slot.note,
                    lead=slot.lead,
                    slot=slot.id,
                )
            )
    tasks.sort(key=lambda t: (t.start, t.id))
    return Day(date=day, zone=zone, tasks=tuple(tasks))
