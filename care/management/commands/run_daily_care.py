"""Run the morning care job for a day (default: today in Asia/Shanghai)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from care.services import run_daily_care


def parse_day(text: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise CommandError(
            f"日期无效：{text!r}，请使用 YYYY-MM-DD 格式的真实日期（如 2026-11-26）"
        ) from None


class Command(BaseCommand):
    help = "生成当天的生日祝福并发送提醒（可重复运行，不会重复发送）"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="日期 YYYY-MM-DD，默认今天")

    def handle(self, *args, **options):
        day = parse_day(options["date"]) if options["date"] else timezone.localdate()
        report = run_daily_care(day)
        self.stdout.write(
            f"{day}：生日 {report.birthdays} 人，新建祝福 {report.greetings_created} 条，"
            f"发送消息 {report.notifications_sent} 条，回访提醒 {report.follow_ups} 条，"
            f"超期提问提醒 {report.overdue_questions} 条"
        )
        for name in report.names:
            self.stdout.write(f"  🎂 {name}")
