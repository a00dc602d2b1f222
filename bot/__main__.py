"""`python -m bot` runs the Telegram bot, like `smsbridge run`."""

from bot.cli import main

raise SystemExit(main(["run", *__import__("sys").argv[1:]]))
