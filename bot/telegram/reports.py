"""/export and /stats: the service builds the file and the figures; these word and send them."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.i18n import STATE_KEYS, Html, Texts, to_plain
from bot.service import drawing
from bot.service.charts import DAYS_DEFAULT, DAYS_MAX, DAYS_MIN, Charts
from bot.service.reports import ExportWords, PeriodStats, Reports
from bot.telegram import chart_view
from bot.telegram.parsing import ParseError, command_body, parse_chart_days, parse_days
from bot.telegram.updates import message_of

Context = ContextTypes.DEFAULT_TYPE


def export_words(texts: Texts) -> ExportWords:
    """The export's column titles and delivery meanings in the admin's language."""
    header = texts.plain("export.csv_columns", zone=texts.zone.key).split("|")
    return ExportWords(header, lambda code: to_plain(texts.delivery_state(code)))


class ReportCommands:
    def __init__(self, texts: Texts, reports: Reports, charts: Charts) -> None:
        self._t = texts
        self._reports = reports
        self._charts = charts

    async def export(self, update: Update, context: Context) -> None:
        message = message_of(update)
        try:
            days = parse_days(command_body(message.text or ""))
        except ParseError as error:
            problem = self._t(error.key, **error.values)
            await message.reply_text(problem + "\n" + self._t("usage.export"))
            return
        export = await self._reports.export(days)
        try:
            if export.count == 0:
                await message.reply_text(self._t("export.empty", days=days))
                return
            files = len(export.files)
            for number, part in enumerate(export.files, 1):
                caption = (
                    self._t("export.caption", days=days, count=export.count) if files == 1
                    else self._t("export.part", days=days, count=export.count, part=number,
                                 files=files)
                )
                # Bytes, not the file object: PTB reads it whole anyway, and would trip on its name.
                await message.reply_document(
                    document=part.file.read(), filename=part.name, caption=caption
                )
        finally:
            export.close()

    async def stats(self, update: Update, context: Context) -> None:
        """A chart of the last days, its figures, today's and this month's as the caption."""
        message = message_of(update)
        try:
            days = parse_chart_days(
                command_body(message.text or ""), lowest=DAYS_MIN, highest=DAYS_MAX,
                default=DAYS_DEFAULT,
            )
        except ParseError as error:
            problem = self._t(error.key, **error.values)
            await message.reply_text(problem + "\n" + self._t("usage.stats"))
            return
        series = await self._charts.daily(days)
        stats = await self._reports.stats()
        chart = await self._charts.draw(drawing.daily_png, chart_view.daily_bars(self._t, series))
        periods = self._t("stats", today=self._period(stats.today), month=self._period(stats.month))
        await message.reply_photo(
            photo=chart, caption=chart_view.window_caption(self._t, series) + "\n\n" + periods
        )

    def _period(self, period: PeriodStats) -> Html:
        if not period.counts and not period.parts_used:
            return self._t("stats.none")
        lines = [
            self._t("stats.line", state=self._t(STATE_KEYS[state]), count=count)
            for state, count in period.counts.items()
        ]
        lines.append(self._t("stats.credit", parts=period.parts_used))
        return Html("\n".join(lines))
