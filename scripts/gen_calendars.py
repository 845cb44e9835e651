#!/usr/bin/env python3
"""Generate dictionaries/holidays.txt and dictionaries/lunar_festivals.txt.

What it writes
--------------
holidays.txt         China's official days off and make-up working days (调休), one day a
                     line, from the State Council General Office's annual notices
                     (国务院办公厅关于…年部分节假日安排的通知) as transcribed by the PyPI package
                     `chinesecalendar` (module chinese_calendar), for every year it covers.
lunar_festivals.txt  Gregorian dates of 除夕, 春节, 元宵节, 端午节, 七夕, 中秋节, 重阳节 (from the
                     lunar calendar of the PyPI package `lunardate`) and of 清明节 (the day the
                     Sun's apparent longitude reaches 15°, China Standard Time, computed with
                     the PyPI package `ephem`), for 1990–2060 by default.

Both files are used by taizhang to count N个工作日内 on the official calendar and to date
春节前 / 中秋节前 and the like. Do not edit them by hand: rerun this script.

What it needs
-------------
Python 3 (made with 3.11.7) and, pinned to the versions the committed files were made with:

    pip install chinesecalendar==1.11.0 lunardate==0.3.0 ephem==4.2.1
    # only for --check (second opinions):
    pip install zhdate==0.1 lunarcalendar==0.0.9

How to run
----------
    python3 gen_calendars.py --out ../dictionaries            # write both files
    python3 gen_calendars.py --out ../dictionaries --check    # also run every cross-check
    python3 gen_calendars.py --lunar-from 1990 --lunar-to 2060 --holidays-from 2004

--out defaults to the directory holding this script. Nothing but the two files is written;
each is written to a temporary file first and then renamed over the old one.

Extending when the next notice appears (every year in about November)
---------------------------------------------------------------------
1. `pip install -U chinesecalendar` once its new release carries the new year (check its
   changelog), or, before that, add the new days to EXTRA_NOTICE_DAYS below from the notice's
   own text (www.gov.cn).
2. Add the notice to HAND_CHECKED_NOTICES (below) from the notice's text, so --check compares
   the package with it.
3. Rerun with --check, read the diff of the two files, commit them with this script.
The years covered by holidays.txt are read from the data, never typed in by hand.

Determinism
-----------
The output depends only on the arguments and the versions of the packages (named in each
file's header). There are no timestamps; lines are sorted by date; text is UTF-8 with LF line
endings and no BOM. Running it twice gives byte-identical files.

Exit status: 0 on success; 1 when a check fails or the data breaks an invariant (nothing is
written in that case); 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import sys
import tempfile
from importlib import metadata

DAY = dt.timedelta(days=1)
CST = dt.timezone(dt.timedelta(hours=8), "UTC+8")

# chinese_calendar's English holiday names -> the names the notices use.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    # 2015-09-03: the 70th anniversary of the victory in the War of Resistance (one-off).
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}

# Days of a notice newer than the installed chinesecalendar, typed from the notice itself:
# {date: ("holiday" | "workday", 节日名)}. Keep empty when the package is up to date.
EXTRA_NOTICE_DAYS: dict[dt.date, tuple[str, str]] = {}

# Lunar festivals: (name, lunar month, lunar day). 除夕 is handled apart (the day before 春节).
LUNAR_FESTIVALS = [
    ("春节", 1, 1),
    ("元宵节", 1, 15),
    ("端午节", 5, 5),
    ("七夕", 7, 7),
    ("中秋节", 8, 15),
    ("重阳节", 9, 9),
]


def d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def span(a: str, b: str) -> list[dt.date]:
    x, y = d(a), d(b)
    return [x + i * DAY for i in range((y - x).days + 1)]


# Notices checked by hand against the notices' text (not against the package): every day
# off and every make-up working day. --check compares each day of these years.
# Each entry: year -> (days off as (first, last, name), make-up days as (date, name)); a
# notice item naming two festivals is written "中秋节、国庆节" in the notice's order.
HAND_CHECKED_NOTICES = {
    2008: (  # the first year with 清明, 端午 and 中秋 as days off and a one-day 劳动节
        [("2008-01-01", "2008-01-01", "元旦"), ("2008-02-06", "2008-02-12", "春节"),
         ("2008-04-04", "2008-04-06", "清明节"), ("2008-05-01", "2008-05-03", "劳动节"),
         ("2008-06-07", "2008-06-09", "端午节"), ("2008-09-13", "2008-09-15", "中秋节"),
         ("2008-09-29", "2008-10-05", "国庆节")],
        [("2008-02-02", "春节"), ("2008-02-03", "春节"), ("2008-05-04", "劳动节"),
         ("2008-09-27", "国庆节"), ("2008-09-28", "国庆节")],
    ),
    2010: (
        [("2010-01-01", "2010-01-03", "元旦"), ("2010-02-13", "2010-02-19", "春节"),
         ("2010-04-03", "2010-04-05", "清明节"), ("2010-05-01", "2010-05-03", "劳动节"),
         ("2010-06-14", "2010-06-16", "端午节"), ("2010-09-22", "2010-09-24", "中秋节"),
         ("2010-10-01", "2010-10-07", "国庆节")],
        [("2010-02-20", "春节"), ("2010-02-21", "春节"), ("2010-06-12", "端午节"),
         ("2010-06-13", "端午节"), ("2010-09-19", "中秋节"), ("2010-09-25", "中秋节"),
         ("2010-09-26", "国庆节"), ("2010-10-09", "国庆节")],
    ),
    2015: (
        [("2015-01-01", "2015-01-03", "元旦"), ("2015-02-18", "2015-02-24", "春节"),
         ("2015-04-05", "2015-04-06", "清明节"), ("2015-05-01", "2015-05-01", "劳动节"),
         ("2015-06-20", "2015-06-22", "端午节"),
         ("2015-09-03", "2015-09-05", "抗战胜利70周年纪念日"),
         ("2015-09-27", "2015-09-27", "中秋节"), ("2015-10-01", "2015-10-07", "国庆节")],
        [("2015-01-04", "元旦"), ("2015-02-15", "春节"), ("2015-02-28", "春节"),
         ("2015-09-06", "抗战胜利70周年纪念日"), ("2015-10-10", "国庆节")],
    ),
    2020: (  # with the extension of the Spring Festival to 2-02 (notice of 2020-01-27)
        [("2020-01-01", "2020-01-01", "元旦"), ("2020-01-24", "2020-02-02", "春节"),
         ("2020-04-04", "2020-04-06", "清明节"), ("2020-05-01", "2020-05-05", "劳动节"),
         ("2020-06-25", "2020-06-27", "端午节"), ("2020-10-01", "2020-10-08", "国庆节、中秋节")],
        [("2020-01-19", "春节"), ("2020-04-26", "劳动节"), ("2020-05-09", "劳动节"),
         ("2020-06-28", "端午节"), ("2020-09-27", "国庆节、中秋节"), ("2020-10-10", "国庆节、中秋节")],
    ),
    2023: (
        [("2022-12-31", "2023-01-02", "元旦"), ("2023-01-21", "2023-01-27", "春节"),
         ("2023-04-05", "2023-04-05", "清明节"), ("2023-04-29", "2023-05-03", "劳动节"),
         ("2023-06-22", "2023-06-24", "端午节"), ("2023-09-29", "2023-10-06", "中秋节、国庆节")],
        [("2023-01-28", "春节"), ("2023-01-29", "春节"), ("2023-04-23", "劳动节"),
         ("2023-05-06", "劳动节"), ("2023-06-25", "端午节"), ("2023-10-07", "中秋节、国庆节"),
         ("2023-10-08", "中秋节、国庆节")],
    ),
    2024: (
        [("2024-01-01", "2024-01-01", "元旦"), ("2024-02-10", "2024-02-17", "春节"),
         ("2024-04-04", "2024-04-06", "清明节"), ("2024-05-01", "2024-05-05", "劳动节"),
         ("2024-06-10", "2024-06-10", "端午节"), ("2024-09-15", "2024-09-17", "中秋节"),
         ("2024-10-01", "2024-10-07", "国庆节")],
        [("2024-02-04", "春节"), ("2024-02-18", "春节"), ("2024-04-07", "清明节"),
         ("2024-04-28", "劳动节"), ("2024-05-11", "劳动节"), ("2024-09-14", "中秋节"),
         ("2024-09-29", "国庆节"), ("2024-10-12", "国庆节")],
    ),
    2025: (
        [("2025-01-01", "2025-01-01", "元旦"), ("2025-01-28", "2025-02-04", "春节"),
         ("2025-04-04", "2025-04-06", "清明节"), ("2025-05-01", "2025-05-05", "劳动节"),
         ("2025-05-31", "2025-06-02", "端午节"), ("2025-10-01", "2025-10-08", "国庆节、中秋节")],
        [("2025-01-26", "春节"), ("2025-02-08", "春节"), ("2025-04-27", "劳动节"),
         ("2025-09-28", "国庆节、中秋节"), ("2025-10-11", "国庆节、中秋节")],
    ),
    2026: (
        [("2026-01-01", "2026-01-03", "元旦"), ("2026-02-15", "2026-02-23", "春节"),
         ("2026-04-04", "2026-04-06", "清明节"), ("2026-05-01", "2026-05-05", "劳动节"),
         ("2026-06-19", "2026-06-21", "端午节"), ("2026-09-25", "2026-09-27", "中秋节"),
         ("2026-10-01", "2026-10-07", "国庆节")],
        [("2026-01-04", "元旦"), ("2026-02-14", "春节"), ("2026-02-28", "春节"),
         ("2026-05-09", "劳动节"), ("2026-09-20", "国庆节"), ("2026-10-10", "国庆节")],
    ),
}

# Dates every Chinese calendar agrees on, checked by --check.
KNOWN_LUNAR = {
    (2023, "中秋节"): "2023-09-29",
    (2024, "春节"): "2024-02-10",
    (2024, "除夕"): "2024-02-09",
    (2024, "端午节"): "2024-06-10",
    (2024, "中秋节"): "2024-09-17",
    (2025, "春节"): "2025-01-29",
    (2025, "除夕"): "2025-01-28",
    (2025, "中秋节"): "2025-10-06",
    (2026, "春节"): "2026-02-17",
    (2026, "清明节"): "2026-04-05",
    (2024, "清明节"): "2024-04-04",
    (2023, "清明节"): "2023-04-05",
}


# Dates the sources may disagree on because the new moon that decides them falls within a
# minute or two of midnight (China Standard Time), closer than the uncertainty of ΔT (the
# difference between Earth-rotation time and the clock) that far ahead. The file keeps
# lunardate's date; --check reports the disagreement as a note, not as a failure.
UNCERTAIN_LUNAR = {
    (2057, "重阳节"): "the new moon of lunar month 9 is at 2057-09-28 23:59:49 UTC+8 by ephem "
                     "(ΔT 124 s assumed): month 9 begins 9-28 (重阳 10-06, lunardate, zhdate) or, "
                     "with a smaller ΔT, 9-29 (重阳 10-07, lunarcalendar)",
}


class DataError(Exception):
    """The source data breaks an invariant the files promise."""


def version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


# ---------------------------------------------------------------- official calendar


def official_days(first_year: int | None) -> tuple[list[tuple[dt.date, str, str]], range]:
    """Days off and make-up working days from chinese_calendar (+ EXTRA_NOTICE_DAYS).

    Returns the sorted (date, "holiday" | "workday", label) lines and the covered years.
    """
    from chinese_calendar import constants

    days: dict[dt.date, tuple[str, str]] = {}
    for kind, table in (("holiday", constants.holidays), ("workday", constants.workdays)):
        for day, english in table.items():
            if english not in HOLIDAY_NAMES:
                raise DataError(f"unknown holiday name in chinesecalendar: {english!r} on {day}; "
                                "add it to HOLIDAY_NAMES")
            if day in days:
                raise DataError(f"{day} is both a holiday and a workday in chinesecalendar")
            days[day] = (kind, HOLIDAY_NAMES[english])
    for day, (kind, name) in EXTRA_NOTICE_DAYS.items():
        if day in days and days[day] != (kind, name):
            raise DataError(f"EXTRA_NOTICE_DAYS {day} contradicts chinesecalendar {days[day]}")
        days[day] = (kind, name)

    years = sorted({day.year for day in days})
    covered = range(years[0], years[-1] + 1)
    missing = [y for y in covered if y not in years]
    if missing:
        raise DataError(f"no official days for the years {missing} inside {covered}")
    if first_year is not None:
        if first_year not in covered:
            raise DataError(f"--holidays-from {first_year} is outside the data ({covered.start}"
                            f"–{covered.stop - 1})")
        covered = range(first_year, covered.stop)

    lines = []
    for day in sorted(days):
        kind, name = days[day]
        if day.year not in covered:
            continue
        if kind == "workday":
            if day.weekday() < 5:
                raise DataError(f"make-up working day {day} is not a Saturday or Sunday")
            name += "调休"
        lines.append((day, kind, name))
    return lines, covered


EXTRA_NOTICES = [  # (year, description) of the notices besides the annual ones
    (2015, "the day off for the 70th anniversary of the victory in the War of Resistance\n"
           "#   (2015-09-03…09-05, 09-06 worked)"),
    (2019, "the new Labour Day holiday of 2019 (05-01…05-04, 04-28 and 05-05 worked)"),
    (2020, "the extension of the 2020 Spring Festival holiday to 02-02"),
]


def render_holidays(lines, covered: range) -> str:
    first, last = covered.start, covered.stop - 1
    extra = [text for year, text in EXTRA_NOTICES if year in covered]
    extra_text = "".join(f"#   {text}\n" for text in extra)
    hand = ", ".join(str(y) for y in sorted(HAND_CHECKED_NOTICES))
    typed_years = sorted({day.year for day in EXTRA_NOTICE_DAYS if day.year in covered})
    typed = (f"\n# plus days typed from the notices' text for {', '.join(map(str, typed_years))}"
             if typed_years else "")
    header = f"""\
# Official days off and make-up working days (调休) of the People's Republic of China, from
# the State Council General Office's annual notices (国务院办公厅关于…年部分节假日安排的通知,
# published in about November for the next year), one notice a year from {first} to {last},
# and the extra notices of those years:
{extra_text}# Years covered: {first}–{last}.
# Format, one day a line, sorted by date:
#   YYYY-MM-DD holiday 节日名        a day off of the festival's holiday (any weekday; a
#                                    Saturday or Sunday inside the range is listed only when
#                                    the source lists it: it is a day off either way)
#   YYYY-MM-DD workday 节日名调休    a Saturday or Sunday that is a working day
# Ordinary weekends are not listed: in a covered year a day is a working day when it is
# listed as workday, or it is Monday–Friday and not listed as holiday. A day at the end of
# December can come from the next year's notice (元旦 2023-12-30…2024-01-01).
# A year not covered falls back to Monday–Friday working days, and the due_note says that
# the official holiday calendar of that year is not in this file.
# Source: the PyPI package chinesecalendar {version("chinesecalendar")}, a transcription of the notices;{typed}
# checked against the notices' own text for {hand}.
# Generated by gen_calendars.py; do not edit by hand: add the next notice as
# gen_calendars.py says and rerun it.
"""
    body = "".join(f"{day.isoformat()} {kind} {name}\n" for day, kind, name in lines)
    return header + "\n" + body


# ---------------------------------------------------------------- lunar festivals


def qingming_utc(year: int) -> dt.datetime:
    """The instant (UTC) the Sun's apparent geocentric ecliptic longitude reaches 15°."""
    import ephem

    target = math.radians(15.0)

    def offset(date) -> float:
        sun = ephem.Sun()
        sun.compute(date)
        apparent = ephem.Equatorial(sun.g_ra, sun.g_dec, epoch=date)
        lon = float(ephem.Ecliptic(apparent, epoch=date).lon)
        return (lon - target + math.pi) % (2 * math.pi) - math.pi

    lo = ephem.Date(dt.datetime(year, 3, 31))
    hi = ephem.Date(dt.datetime(year, 4, 9))
    if not (offset(lo) < 0 < offset(hi)):
        raise DataError(f"清明 {year}: the solar longitude 15° is not bracketed by Mar 31–Apr 9")
    for _ in range(60):  # 9 days / 2**60: far below a second
        mid = ephem.Date((lo + hi) / 2)
        if offset(mid) < 0:
            lo = mid
        else:
            hi = mid
    return ephem.Date(lo).datetime().replace(tzinfo=dt.timezone.utc)


def lunar_festivals(first: int, last: int) -> list[tuple[dt.date, str]]:
    """(date, name) of every festival of LUNAR_FESTIVALS, 除夕 and 清明节 in first..=last."""
    from lunardate import LunarDate

    out = []
    for year in range(first, last + 1):
        spring = LunarDate(year, 1, 1).to_solar_date()
        eve = spring - DAY
        last_month = LunarDate.from_solar_date(eve.year, eve.month, eve.day)
        if (last_month.month, last_month.is_leap_month) != (12, False) or last_month.day not in (29, 30):
            raise DataError(f"除夕 {eve} is lunar {last_month}, not the last day of month 12")
        if eve.year != year:
            raise DataError(f"除夕 of {year} falls in {eve.year}")
        out.append((eve, "除夕"))
        for name, month, day in LUNAR_FESTIVALS:
            date = LunarDate(year, month, day).to_solar_date()
            if date.year != year:
                raise DataError(f"{name} of lunar year {year} falls in {date.year}")
            out.append((date, name))
        qm = qingming_utc(year).astimezone(CST).date()
        if not (dt.date(year, 4, 4) <= qm <= dt.date(year, 4, 6)):
            raise DataError(f"清明 {year} computed as {qm}, outside April 4–6")
        out.append((qm, "清明节"))
    out.sort()
    return out


def render_lunar(lines, first: int, last: int) -> str:
    header = f"""\
# Gregorian dates of the lunar festivals a ledger meets (春节前, 中秋节前, 端午节后…), and of
# 清明节, for every year from {first} to {last}.
# Years covered: {first}–{last}.
# Format, one festival a line, sorted by date: YYYY-MM-DD 节日名
#   除夕    the last day of the 12th lunar month (腊月二十九 or 三十), the eve of 春节
#   春节    正月初一        元宵节  正月十五        端午节  五月初五
#   七夕    七月初七        中秋节  八月十五        重阳节  九月初九
#   清明节  the day, in China Standard Time (UTC+8), the solar term 清明 begins (the Sun's
#           apparent longitude reaches 15°): April 4, 5 or 6
# A festival falls in the Gregorian year of the same number (除夕 included: it is always in
# January or February). Years outside the range have no date here.
# One date hangs on a new moon within a minute of midnight, closer than the uncertainty of
# the Earth's rotation that far ahead: 重阳节 2057 is 10-06 here, 10-07 in some calendars.
# Source: lunar dates from the PyPI package lunardate {version("lunardate")} (a table of the
# Chinese lunar calendar, 1900–2099); 清明 computed with the PyPI package ephem {version("ephem")}.
# Cross-checked by gen_calendars.py --check against zhdate {version("zhdate")} (a second table),
# LunarCalendar {version("LunarCalendar")} (an astronomical computation), the new moons
# computed with ephem, and the solar-term formula of chinesecalendar {version("chinesecalendar")}.
# Generated by gen_calendars.py; do not edit by hand.
"""
    body = "".join(f"{day.isoformat()} {name}\n" for day, name in lines)
    return header + "\n" + body


# ---------------------------------------------------------------- checks


def check_holidays(lines, covered: range) -> list[str]:
    problems = []
    listed = {day: (kind, name) for day, kind, name in lines}

    def working(day: dt.date, table) -> bool:
        if day in table:
            return table[day][0] == "workday"
        return day.weekday() < 5

    for year, (off, worked) in sorted(HAND_CHECKED_NOTICES.items()):
        if year not in covered:
            problems.append(f"holidays: hand-checked year {year} is not covered")
            continue
        # A notice item can name two festivals (中秋节、国庆节): either name is right.
        hand = {}
        for a, b, names in off:
            for day in span(a, b):
                hand[day] = ("holiday", set(names.split("、")))
        for a, names in worked:
            hand[d(a)] = ("workday", {n + "调休" for n in names.split("、")})
        for day in sorted(set(hand) | set(span(f"{year}-01-01", f"{year}-12-31"))):
            if working(day, hand) != working(day, listed):
                state = "a working" if working(day, hand) else "a non-working"
                problems.append(f"holidays: {day} is {state} day in the {year} notice, "
                                f"not in the file ({listed.get(day)})")
            elif day in hand and day in listed and listed[day][1] not in hand[day][1]:
                problems.append(f"holidays: {day} is {'/'.join(sorted(hand[day][1]))} in the "
                                f"{year} notice, {listed[day][1]} in the file")
    return problems


def check_lunar(lines) -> list[str]:
    import ephem
    from lunarcalendar import Converter, Lunar
    from lunarcalendar.solarterm import QingMing
    from chinese_calendar import get_solar_terms
    from zhdate import ZhDate

    problems = []
    by_name = {}
    for day, name in lines:
        by_name[(day.year, name)] = day
    for (year, name), want in KNOWN_LUNAR.items():
        if (year, name) in by_name and by_name[(year, name)] != d(want):
            problems.append(f"lunar: {name} {year} is {by_name[(year, name)]}, known {want}")

    near_midnight = []
    spec = {name: (m, dd) for name, m, dd in LUNAR_FESTIVALS}
    for (year, name), day in sorted(by_name.items()):
        if name == "清明节":
            others = {
                "lunarcalendar": QingMing(year),
                "chinesecalendar formula": next(t for t, n in get_solar_terms(
                    dt.date(year, 4, 1), dt.date(year, 4, 30)) if n == "清明"),
            }
            instant = qingming_utc(year).astimezone(CST)
            minutes = instant.hour * 60 + instant.minute
            if min(minutes, 1440 - minutes) < 30:
                near_midnight.append(f"清明 {year} at {instant:%Y-%m-%d %H:%M} UTC+8")
        else:
            if name == "除夕":
                month, dd = 1, 1
                target = day + DAY  # checked through 春节; 除夕 is its eve by construction
            else:
                (month, dd), target = spec[name], day
            others = {
                "zhdate": ZhDate(year, month, dd).to_datetime().date() - (target - day),
                "lunarcalendar": Converter.Lunar2Solar(Lunar(year, month, dd, isleap=False)).to_date()
                - (target - day),
            }
            # The new moon that begins the lunar month must fall on that month's first day
            # in China Standard Time.
            first = target - (dd - 1) * DAY
            start = dt.datetime.combine(first, dt.time(0), CST).astimezone(dt.timezone.utc)
            moon = ephem.next_new_moon(ephem.Date(start.replace(tzinfo=None)))
            moon_cst = moon.datetime().replace(tzinfo=dt.timezone.utc).astimezone(CST)
            if moon_cst.date() != first:
                problems.append(f"lunar: {name} {year} = {day}: its month begins {first}, but the "
                                f"new moon is at {moon_cst:%Y-%m-%d %H:%M} UTC+8")
            minutes = moon_cst.hour * 60 + moon_cst.minute
            if min(minutes, 1440 - minutes) < 30 and name != "除夕":
                near_midnight.append(f"new moon {moon_cst:%Y-%m-%d %H:%M} UTC+8 ({name} {year})")
        for source, other in others.items():
            if other != day:
                disagreement = f"{name} {year} is {day} here, {other} in {source}"
                if (year, name) in UNCERTAIN_LUNAR:
                    print(f"note: known uncertain date: {disagreement}: {UNCERTAIN_LUNAR[(year, name)]}",
                          file=sys.stderr)
                else:
                    problems.append(f"lunar: {disagreement}")
    for note in sorted(set(near_midnight)):
        print(f"note: within 30 minutes of midnight: {note}", file=sys.stderr)
    return problems


# ---------------------------------------------------------------- main


def write_atomic(path: str, text: str) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".gen_calendars.", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the usual permissions
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def main(argv=None) -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", default=here, help="directory to write the two files to (default: %(default)s)")
    p.add_argument("--holidays-from", type=int, default=None,
                   help="first year of holidays.txt (default: the first year chinesecalendar covers)")
    p.add_argument("--lunar-from", type=int, default=1990, help="first year of lunar_festivals.txt")
    p.add_argument("--lunar-to", type=int, default=2060, help="last year of lunar_festivals.txt")
    p.add_argument("--check", action="store_true",
                   help="cross-check against the hand-checked notices, zhdate, lunarcalendar and ephem")
    args = p.parse_args(argv)
    if not 1901 <= args.lunar_from <= args.lunar_to <= 2098:
        p.error("lunar years must satisfy 1901 <= --lunar-from <= --lunar-to <= 2098 (lunardate's range)")
    if not os.path.isdir(args.out):
        p.error(f"--out {args.out}: not a directory")

    try:
        hol_lines, covered = official_days(args.holidays_from)
        lunar_lines = lunar_festivals(args.lunar_from, args.lunar_to)
        if args.check:
            problems = check_holidays(hol_lines, covered) + check_lunar(lunar_lines)
            for problem in problems:
                print(f"check failed: {problem}", file=sys.stderr)
            if problems:
                print(f"{len(problems)} disagreement(s); nothing written", file=sys.stderr)
                return 1
            print("checks passed", file=sys.stderr)
    except (DataError, ImportError) as e:
        print(f"gen_calendars.py: {e}", file=sys.stderr)
        return 1

    for name, text in (("holidays.txt", render_holidays(hol_lines, covered)),
                       ("lunar_festivals.txt", render_lunar(lunar_lines, args.lunar_from, args.lunar_to))):
        path = os.path.join(args.out, name)
        write_atomic(path, text)
        print(f"wrote {path}: {text.count(chr(10))} lines, {len(text.encode('utf-8'))} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
