"""Normalised values for AMOUNT and DATE mentions (SCHEMA.md, "Normalised values").

`parse_amount("110.3 亿元")` -> {"value": 11030000000, "unit": "元", "kind": "money"}
`parse_date("1-3 月份", year=2024)` -> {"start": "2024-01", "end": "2024-03", "precision": "month"}

Both take the mention text exactly as written (spaces, line breaks, full-width characters) and return None when
the text is not a value they understand, never a guess.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from models import lexicon
from models.textnorm import to_halfwidth

_SPACE = re.compile(r"\s+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?:\D|$))")
_RANGE_SEPARATORS = "-—–~～至到"
_ARABIC = r"\d+(?:\.\d+)?"
# A Chinese numeral starts with a digit or 十 (`一百四十`, `十余`), or with 百/千 before 万/亿 (`百亿`, `千万`);
# 点 writes a decimal point (`一点八`).
_CHINESE = (f"(?:[{''.join(lexicon.CHINESE_DIGITS)}十][{lexicon.CHINESE_NUMERAL_CHARS}点]*"
            f"|[百千][万亿][{lexicon.CHINESE_NUMERAL_CHARS}]*)")
_MULTIPLIER = "|".join(sorted(lexicon.MULTIPLIERS, key=len, reverse=True))
_AMOUNT = re.compile(
    rf"^(?P<percent_prefix>百分之)?(?P<num>{_ARABIC}|{_CHINESE})(?P<approx1>[余多])?(?P<mult>{_MULTIPLIER})?"
    rf"(?:[{_RANGE_SEPARATORS}](?P<num2>{_ARABIC}|{_CHINESE})(?P<mult2>{_MULTIPLIER})?)?"
    rf"(?P<approx2>[余多])?(?P<unit>.*)$"
)


def compact(text: str) -> str:
    """The mention without white space, in half-width form, without thousands separators."""
    return _THOUSANDS.sub("", to_halfwidth(_SPACE.sub("", text)))


# --- numbers ----------------------------------------------------------------------------------------------
def parse_chinese_number(text: str) -> int | float | None:
    """`一百四十` -> 140, `三千万` -> 30000000, `二〇二四` -> 2024, `一点八` -> 1.8; None if not a numeral."""
    if "点" in text:
        whole, _, fraction = text.partition("点")
        factor = 1
        while fraction and fraction[-1] in lexicon.CHINESE_LARGE_UNITS:  # `一点八亿` = 1.8 亿
            factor *= lexicon.CHINESE_LARGE_UNITS[fraction[-1]]
            fraction = fraction[:-1]
        integer = parse_chinese_number(whole)
        if integer is None or not fraction or any(ch not in lexicon.CHINESE_DIGITS for ch in fraction):
            return None
        number = Decimal(f"{integer}." + "".join(str(lexicon.CHINESE_DIGITS[ch]) for ch in fraction)) * factor
        return _plain(number)
    if not text or any(ch not in lexicon.CHINESE_NUMERAL_CHARS for ch in text):
        return None
    if all(ch in lexicon.CHINESE_DIGITS for ch in text):
        return int("".join(str(lexicon.CHINESE_DIGITS[ch]) for ch in text))
    total = section = number = 0
    for ch in text:
        if ch in lexicon.CHINESE_DIGITS:
            number = lexicon.CHINESE_DIGITS[ch]
        elif ch in lexicon.CHINESE_SMALL_UNITS:
            section += (number or 1) * lexicon.CHINESE_SMALL_UNITS[ch]
            number = 0
        elif ch == "万":
            total += (section + number or (1 if not total else 0)) * 10_000
            section = number = 0
        else:  # 亿
            total = (total + section + number or 1) * 100_000_000
            section = number = 0
    return total + section + number


def _to_decimal(token: str) -> Decimal | None:
    if token[0].isdigit():
        try:
            return Decimal(token)
        except InvalidOperation:
            return None
    number = parse_chinese_number(token)
    return None if number is None else Decimal(str(number))


def _plain(number: Decimal) -> int | float:
    return int(number) if number == number.to_integral_value() else float(number)


# --- amounts ----------------------------------------------------------------------------------------------
def amount_kind(unit: str) -> str:
    """The SCHEMA kind of a unit as written (after its multiplier was removed)."""
    numerator = unit.split("/", 1)[0]
    if unit in lexicon.PERCENT_UNITS:
        return "percent"
    if unit in lexicon.PERCENTAGE_POINT_UNITS:
        return "percentage_point"
    if any(numerator.endswith(money) for money in lexicon.MONEY_UNITS):
        return "money"
    if "/" in unit:
        return "quantity"
    if unit in lexicon.DURATION_UNITS:
        return "duration"
    if unit in lexicon.COUNT_UNITS:
        return "count"
    return "quantity"


def _is_unit(unit: str) -> bool:
    """Any short unit as written (万锭, 吨标准煤, 人份 …) except words that follow a numeral without being a unit
    (`一是`, `三大`, `两期`)."""
    numerator = unit.split("/", 1)[0]
    return (bool(numerator) and len(numerator) <= 6 and not any(ch.isdigit() for ch in numerator)
            and numerator[0] not in lexicon.NOT_UNIT_STARTS)


def parse_amount(text: str) -> dict[str, Any] | None:
    """The normalised value of an AMOUNT mention, or None if the text is no amount."""
    compacted = compact(text)
    approx = False
    for suffix in lexicon.APPROX_SUFFIXES:
        if compacted.endswith(suffix):
            compacted, approx = compacted[: -len(suffix)], True
            break
    match = _AMOUNT.match(compacted)
    if not match:
        return None
    unit = match["unit"]
    mult, mult2 = match["mult"], match["mult2"]
    # `1.5 万千瓦`: 千瓦 is the unit; `5 千瓦`: no multiplier at all.
    for unit_word in lexicon.UNIT_WORDS_WITH_MULTIPLIER_CHAR:
        tail = (mult2 or mult or "") + unit
        if tail.endswith(unit_word) and not unit.endswith(unit_word):
            unit = unit_word
            stripped = tail[: -len(unit_word)]
            if match["num2"]:
                mult2 = stripped or None
            else:
                mult = stripped or None
    if match["percent_prefix"]:
        unit = "%"
    if not _is_unit(unit):
        return None
    first = _to_decimal(match["num"])
    if first is None:
        return None
    factor2 = Decimal(lexicon.MULTIPLIERS[mult2]) if mult2 else Decimal(1)
    factor1 = Decimal(lexicon.MULTIPLIERS[mult]) if mult else factor2
    value: dict[str, Any] = {}
    if match["num2"]:
        second = _to_decimal(match["num2"])
        if second is None:
            return None
        # `三至五亿元`: the first numeral shares the second's 万/亿.
        shared = match["num2"][-1] if match["num2"][-1] in lexicon.CHINESE_LARGE_UNITS else None
        if shared and not match["num"][0].isdigit() and match["num"][-1] not in lexicon.CHINESE_LARGE_UNITS:
            factor1 = factor1 * lexicon.CHINESE_LARGE_UNITS[shared]
        value["start"], value["end"] = _plain(first * factor1), _plain(second * factor2)
    else:
        value["value"] = _plain(first * factor1)
    unit = lexicon.UNIT_ALIASES.get(unit, unit)
    value["unit"] = unit
    value["kind"] = amount_kind(unit)
    if approx or match["approx1"] or match["approx2"]:
        value["approx"] = True
    return value


# --- dates ------------------------------------------------------------------------------------------------
_CHINESE_DATE_NUMBER = re.compile(r"([〇零一二三四五六七八九十]+)(?=[年月日号])")
_MODIFIERS = sorted(lexicon.DATE_MODIFIER_WORDS, key=len, reverse=True)
_RELATIVE = "|".join(sorted(lexicon.RELATIVE_YEARS, key=len, reverse=True))
_POINT = re.compile(
    rf"^(?:(?P<rel>{_RELATIVE})|(?P<year>\d{{4}})年?|(?P<bare_year>年))?(?:度)?"
    r"(?:(?P<month>\d{1,2})月份?)?(?:(?P<day>\d{1,2})[日号])?$"
)
_ISO = re.compile(r"^(?P<year>\d{4})[-/.](?P<month>\d{1,2})(?:[-/.](?P<day>\d{1,2}))?$")
_PLAN = re.compile(r"^[“\"‘']?(?P<plan>十[二三四五]五)[”\"’']?(?:规划)?(?:时期|期间|期)?$")
_QUARTER = re.compile(
    rf"^(?:(?P<rel>{_RELATIVE})|(?P<year>\d{{4}})年?)?(?:(?P<first>前)(?P<n>[一二三1-3])|第?(?P<q>[一二三四1-4首]))季度?$"
)
_HALF = re.compile(rf"^(?:(?P<rel>{_RELATIVE})|(?P<year>\d{{4}})年?)?(?P<half>[上下])半年$")


def _chinese_to_arabic(match: re.Match[str]) -> str:
    number = parse_chinese_number(match[1])
    return match[1] if number is None else str(number)


def parse_date(text: str, year: int | None = None) -> dict[str, Any] | None:
    """The normalised value of a DATE mention; `year` is the context year (None when the document fixes none)."""
    compacted = _CHINESE_DATE_NUMBER.sub(_chinese_to_arabic, compact(text))
    core, modifier = _split_modifier(compacted)
    value = (_named_period(core, modifier, year) or _leading_months(core, year) or _range(core, year)
             or _point(core, year, modifier))
    if value is None:
        return None
    if modifier and "modifier" not in value:
        value["modifier"] = modifier
    return value


def _split_modifier(text: str) -> tuple[str, str | None]:
    for word in _MODIFIERS:
        if text.endswith(word) and len(text) > len(word):
            core = text[: -len(word)]
            # `月中`/`年中`/`“十四五”末` carry modifiers; `中` after a bare digit does not.
            if core[-1] in "年月日号季度”\"'’" or _PLAN.match(core):
                return core, lexicon.DATE_MODIFIER_WORDS[word]
    return text, None


def _resolve_year(rel: str | None, explicit: str | None, context: int | None) -> int | None:
    if explicit:
        return int(explicit)
    if rel:
        return None if context is None else context + lexicon.RELATIVE_YEARS[rel]
    return context


def _format(year: int | None, month: int | None = None, day: int | None = None) -> str | None:
    if year is None and month is None:
        return None
    head = f"{year:04d}" if year is not None else "-"
    parts = [head] + [f"{p:02d}" for p in (month, day) if p is not None]
    return "-".join(parts)


def _point(core: str, context: int | None, modifier: str | None = None) -> dict[str, Any] | None:
    iso = _ISO.match(core)
    if iso:
        core = f"{iso['year']}年{iso['month']}月" + (f"{iso['day']}日" if iso["day"] else "")
    match = _POINT.match(core)
    if not match or not any(match[g] for g in ("rel", "year", "bare_year", "month", "day")):
        return None
    if match["rel"] in lexicon.GENERIC_YEAR_WORDS and not (match["month"] or modifier):
        return None  # SCHEMA rule 4: 今年 / 当年 alone are no DATE
    month = int(match["month"]) if match["month"] else None
    day = int(match["day"]) if match["day"] else None
    if (month is not None and not 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
        return None
    if day is not None and month is None:
        return None
    year = _resolve_year(match["rel"], match["year"], context)
    precision = "day" if day else "month" if month else "year"
    value: dict[str, Any] = {"precision": precision}
    formatted = _format(year, month, day)
    if formatted is not None:
        value["value"] = formatted
    if year is None:
        value["year_known"] = False
    return value


def _range(core: str, context: int | None) -> dict[str, Any] | None:
    if _ISO.match(core):
        return None
    for index, ch in enumerate(core):
        if ch not in _RANGE_SEPARATORS or index == 0:
            continue
        left, right = core[:index], core[index + 1 :]
        right_value = _point(right, context) or _named_period(right, None, context)
        if right_value is None or "value" not in right_value:
            continue
        # `1-3 月份`: the left side borrows the right's unit; `2023 年 1-6 月`: the right borrows the left's year.
        right_year = right_value["value"][:4] if not right_value["value"].startswith("-") else None
        if re.search(r"年\d{1,2}$", left):
            left += "月"
        elif left.isdigit():
            left = left + ("年" if len(left) == 4 else "月")
            if right_year and left.endswith("月"):
                left = f"{right_year}年{left}"
        left_value = _point(left, context)
        if left_value is None or "value" not in left_value:
            continue
        if not re.match(r"^\d{4}|^今年|^去年|^明年", right) and left_value["value"][:1].isdigit():
            right_value = _point(f"{left_value['value'][:4]}年{right}", context) or right_value
        return {
            "start": left_value["value"],
            "end": right_value["value"],
            "precision": right_value["precision"],
            **({"year_known": False} if right_value.get("year_known") is False else {}),
        }
    return None


def _named_period(core: str, modifier: str | None, context: int | None) -> dict[str, Any] | None:
    plan = _PLAN.match(core)
    if plan:
        first = lexicon.FIVE_YEAR_PLANS[plan["plan"]]
        if modifier == "end":
            return {"value": str(first + 4), "precision": "year", "modifier": "end"}
        if modifier == "start":
            return {"value": str(first), "precision": "year", "modifier": "start"}
        return {"start": str(first), "end": str(first + 4), "precision": "year"}
    quarter = _QUARTER.match(core)
    if quarter:
        year = _resolve_year(quarter["rel"], quarter["year"], context)
        number = lexicon.QUARTER_WORDS[quarter["n"] or quarter["q"]]
        first_quarter = 1 if quarter["first"] else number
        return _month_range(year, 3 * first_quarter - 2, 3 * number, "quarter")
    half = _HALF.match(core)
    if half:
        year = _resolve_year(half["rel"], half["year"], context)
        return _month_range(year, 1, 6, "half") if half["half"] == "上" else _month_range(year, 7, 12, "half")
    return None


_LEADING_MONTHS = re.compile(rf"^(?:(?P<rel>{_RELATIVE})|(?P<year>\d{{4}})年?)?前(?P<n>\d{{1,2}})个?月份?$")


def _leading_months(core: str, context: int | None) -> dict[str, Any] | None:
    """`前 5 个月` -> January to May of the context year."""
    match = _LEADING_MONTHS.match(core)
    if not match or not 1 <= int(match["n"]) <= 12:
        return None
    return _month_range(_resolve_year(match["rel"], match["year"], context), 1, int(match["n"]), "month")


def _month_range(year: int | None, first: int, last: int, precision: str) -> dict[str, Any]:
    value: dict[str, Any] = {"start": _format(year, first), "end": _format(year, last), "precision": precision}
    if year is None:
        value["year_known"] = False
    return value
