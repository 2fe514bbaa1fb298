"""The roster's columns, their header spellings and the values each accepts."""

from __future__ import annotations

import datetime
import re

from ..models import BirthdayCalendar, EmploymentType, Gender, PoliticalStatus

STAFF_NO, NAME, TEAM, EMPLOYMENT, POLITICAL, GENDER, BIRTH, CALENDAR, HIRED, MOBILE = (
    "工号",
    "姓名",
    "班组",
    "用工性质",
    "政治面貌",
    "性别",
    "出生日期",
    "生日历法",
    "入职日期",
    "手机",
)
ID_NUMBER, LEFT = "身份证号", "离职日期"
COLUMNS = [STAFF_NO, NAME, TEAM, EMPLOYMENT, POLITICAL, GENDER, BIRTH, CALENDAR, HIRED, MOBILE]
REQUIRED_COLUMNS = [STAFF_NO, NAME, TEAM, EMPLOYMENT]
# Read on import, never exported: the ID number is not kept, and people who left are not exported.
IMPORT_ONLY_COLUMNS = [ID_NUMBER, LEFT]

# Header spellings seen in real rosters, mapped to the canonical column.
HEADER_ALIASES = {
    "员工编号": STAFF_NO,
    "职工编号": STAFF_NO,
    "员工号": STAFF_NO,
    "所在班组": TEAM,
    "班组名称": TEAM,
    "班": TEAM,
    "用工形式": EMPLOYMENT,
    "用工类型": EMPLOYMENT,
    "用工类别": EMPLOYMENT,
    "出生年月日": BIRTH,
    "生日": BIRTH,
    "参加工作时间": HIRED,
    "入职时间": HIRED,
    "手机号": MOBILE,
    "手机号码": MOBILE,
    "联系电话": MOBILE,
    "电话": MOBILE,
    "历法": CALENDAR,
    "身份证号码": ID_NUMBER,
    "公民身份号码": ID_NUMBER,
    "公民身份证号码": ID_NUMBER,
    "身份证": ID_NUMBER,
    "离职时间": LEFT,
}

# Model field behind each column, in the order changes are reported.
FIELD_OF_COLUMN = {
    NAME: "name",
    TEAM: "team",
    EMPLOYMENT: "employment_type",
    POLITICAL: "political_status",
    GENDER: "gender",
    BIRTH: "birth_date",
    CALENDAR: "birthday_calendar",
    HIRED: "hired_on",
    MOBILE: "mobile",
}

EMPLOYMENT_SYNONYMS = {
    "正式工": EmploymentType.FORMAL,
    "正式员工": EmploymentType.FORMAL,
    "正式": EmploymentType.FORMAL,
    "合同化员工": EmploymentType.FORMAL,
    "农民合同工": EmploymentType.CONTRACT,
    "合同工": EmploymentType.CONTRACT,
    "劳务工": EmploymentType.CONTRACT,
    "农民工": EmploymentType.CONTRACT,
    "劳务派遣工": EmploymentType.CONTRACT,
    "临时工": EmploymentType.CONTRACT,
    "短期实习生": EmploymentType.INTERN,
    "实习生": EmploymentType.INTERN,
    "实习": EmploymentType.INTERN,
    "见习生": EmploymentType.INTERN,
}
POLITICAL_SYNONYMS = {
    "中共党员": PoliticalStatus.MEMBER,
    "党员": PoliticalStatus.MEMBER,
    "共产党员": PoliticalStatus.MEMBER,
    "中共预备党员": PoliticalStatus.PROBATIONARY,
    "预备党员": PoliticalStatus.PROBATIONARY,
    "共青团员": PoliticalStatus.LEAGUE,
    "团员": PoliticalStatus.LEAGUE,
    "群众": PoliticalStatus.MASSES,
}
GENDER_SYNONYMS = {
    "男": Gender.MALE,
    "男性": Gender.MALE,
    "女": Gender.FEMALE,
    "女性": Gender.FEMALE,
}
CALENDAR_SYNONYMS = {
    "公历": BirthdayCalendar.SOLAR,
    "阳历": BirthdayCalendar.SOLAR,
    "新历": BirthdayCalendar.SOLAR,
    "农历": BirthdayCalendar.LUNAR,
    "阴历": BirthdayCalendar.LUNAR,
    "旧历": BirthdayCalendar.LUNAR,
}

EARLIEST_DATE = datetime.date(1900, 1, 1)
STAFF_NO_RE = re.compile(r"^[0-9A-Za-z_-]+$")
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^(?:0\d{2,3})?[2-9]\d{6,7}$")
DATE_RE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
