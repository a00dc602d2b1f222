"""`smsbridge`: the bot, one-shot gateway commands for scripts and cron, the simulator, a health check.

Exit codes: 0 success, 1 the gateway refused or could not be reached, 2 bad configuration or usage.
The one-shots need only the SMS_* settings; with SMS_SANDBOX=true they need no credentials at all.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
import time
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot import __version__
from bot.config import ConfigError, GatewaySettings, S, Settings, load_settings
from bot.gateway import Gateway, GatewayError, UndocumentedAnswer
from bot.gateway.codes import DELIVERY_STATES
from bot.gateway.errors import OutcomeUnknown
from bot.i18n import Texts, to_plain
from bot.phone import PhoneError, read_mobile
from bot.proxy import masked
from bot.redact import configure_logging

if TYPE_CHECKING:
    from bot.service.health import Health

OK, FAILED, USAGE = 0, 1, 2
HEALTHY_SWEEP_AGE = 600.0
UNTRACKED = "sent (code {code}); the {transport} transport gives no smsid, so it cannot be tracked"
OUTCOME_UNKNOWN = (
    "the message may or may not have gone out; it is recorded as outcome unknown and is not "
    "retried: check /history before sending it again"
)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except ConfigError as error:
        for problem in error.problems:
            print(f"configuration: {problem}", file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:
        return OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="smsbridge", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"smsbridge {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="run the Telegram bot").set_defaults(handler=_run)
    commands.add_parser("check", help="validate the configuration and ask the credit").set_defaults(
        handler=_check
    )
    send = commands.add_parser("send", help="send one SMS; prints the smsid")
    send.add_argument("number")
    send.add_argument("text")
    send.add_argument("--flash", action="store_true")
    send.set_defaults(handler=_send)
    commands.add_parser("balance", help="print the credit").set_defaults(handler=_balance)
    status = commands.add_parser("status", help="print the delivery state code of a smsid")
    status.add_argument("smsid")
    status.set_defaults(handler=_status)
    simulator = commands.add_parser("simulator", help="run the gateway simulator on 127.0.0.1")
    simulator.add_argument("--port", type=int, default=8098)
    simulator.set_defaults(handler=_simulator)
    commands.add_parser("health", help="exit 0 when the bot is healthy").set_defaults(
        handler=_health
    )
    return parser


def _run(args: argparse.Namespace) -> int:
    settings = load_settings(Settings)
    configure_logging(
        settings.log_level, settings.secrets(), customer_data=settings.log_customer_data
    )
    from bot.app import serve
    from bot.telegram.connect import TokenRejected

    try:
        asyncio.run(_until_signal(lambda stop: serve(settings, stop)))
    except TokenRejected as error:
        print(f"error: {error}", file=sys.stderr)
        return USAGE
    return OK


async def _until_signal(run: Callable[[asyncio.Event], Awaitable[None]]) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    await run(stop)


def _logged(settings: S) -> S:
    configure_logging(
        settings.log_level, settings.secrets(), customer_data=settings.log_customer_data
    )
    return settings


def _one_shot(action: Callable[[Gateway], Awaitable[str]]) -> int:
    """Run one gateway call; print its result on stdout, or the reason on stderr."""
    from bot.sandbox import open_gateway

    settings = _logged(load_settings(GatewaySettings))

    async def go() -> str:
        async with open_gateway(settings) as gateway:
            return await action(gateway)

    return _print_result(go)


def _in_english(error: GatewayError) -> str:
    """What went wrong, in the words the terminal reads whatever the bot's language."""
    return to_plain(Texts("en", ZoneInfo("UTC")).gateway_reason(error))


def _print_result(run: Callable[[], Coroutine[Any, Any, str]]) -> int:
    try:
        print(asyncio.run(run()))
    except GatewayError as error:
        code = f" (code {error.code})" if error.code else ""
        print(f"error: {_in_english(error)}{code}", file=sys.stderr)
        if isinstance(error, OutcomeUnknown):
            print(OUTCOME_UNKNOWN, file=sys.stderr)
        return FAILED
    return OK


def _send(args: argparse.Namespace) -> int:
    """Through the service layer, like /send: the row is written before the gateway is called, so
    the message shows in /history and /export and the bot tracks its delivery."""
    try:
        number = read_mobile(args.number)
    except PhoneError as error:
        print(f"error: {error}", file=sys.stderr)
        return USAGE
    if not args.text.strip():
        print("error: the text is empty", file=sys.stderr)
        return USAGE
    from bot.sandbox import open_recorded_sender
    from bot.service.sending import COMMAND_LINE, Blocked, SendRequest

    settings = _logged(load_settings(GatewaySettings))
    request = SendRequest(
        recipient=number, text=args.text, user_id=COMMAND_LINE, chat_id=COMMAND_LINE,
        flash=args.flash,
    )

    async def send() -> str:
        async with open_recorded_sender(settings) as sender:
            receipt = await sender.send(request)
        if receipt.smsid is None:
            return UNTRACKED.format(transport=sender.transport, code=receipt.code)
        return receipt.smsid

    try:
        return _print_result(send)
    except Blocked as blocked:  # refused before anything was stored or sent
        print(f"error: {blocked.entry.number} is on the opt-out list (/unblock it in the bot)",
              file=sys.stderr)
        return FAILED


def _balance(args: argparse.Namespace) -> int:
    async def balance(gateway: Gateway) -> str:
        return str((await gateway.balance()).credit)

    return _one_shot(balance)


def _status(args: argparse.Namespace) -> int:
    from bot.telegram.parsing import SMSID, normalize_digits

    smsid = normalize_digits(args.smsid.strip())
    if not SMSID.match(smsid):
        print(f"error: {args.smsid!r} is not a smsid (a number of at least 9 digits)",
              file=sys.stderr)
        return USAGE

    async def status(gateway: Gateway) -> str:
        state = await gateway.delivery_state(smsid)
        if state.code not in DELIVERY_STATES:
            # e.g. -31 (smsid not found): kept verbatim, but not a delivery state
            raise UndocumentedState(state.code, name=state.info.name)
        return state.code

    return _one_shot(status)


class UndocumentedState(UndocumentedAnswer):
    """A delivery answer that is no delivery state: the one-shot fails on it."""


def _check(args: argparse.Namespace) -> int:
    """The configuration, then each side on its own line: the gateway, then Telegram, each with
    the way it is reached (a proxy shown with its password masked), so the broken side shows."""
    settings = load_settings(GatewaySettings)
    configure_logging(settings.log_level, settings.secrets())
    mode = "sandbox" if settings.sms_sandbox else settings.sms_transport
    print(f"configuration ok ({mode})")
    try:
        bot_settings: Settings | None = load_settings(Settings)
    except ConfigError as error:
        print(f"telegram: not checked ({'; '.join(error.problems)})")
        bot_settings = None
    gateway_ok = asyncio.run(_check_gateway(settings))
    telegram_ok = bot_settings is None or asyncio.run(_check_telegram(bot_settings))
    return OK if gateway_ok and telegram_ok else FAILED


async def _check_gateway(settings: GatewaySettings) -> bool:
    from bot.sandbox import open_gateway

    route = f"through SMS_PROXY {masked(settings.sms_proxy)}" if settings.sms_proxy else "directly"
    try:
        async with open_gateway(settings) as gateway:
            credit = (await gateway.balance()).credit
    except GatewayError as error:
        code = f" (code {error.code})" if error.code else ""
        print(f"gateway: NOT reachable {route}: {_in_english(error)}{code}")
        return False
    print(f"gateway: reachable {route}; credit: {credit}")
    return True


async def _check_telegram(settings: Settings) -> bool:
    from telegram import Bot
    from telegram.error import InvalidToken, TelegramError

    from bot.telegram.connect import telegram_request, telegram_route

    route = telegram_route(settings)
    bot = Bot(
        settings.telegram_bot_token.get_secret_value(), base_url=settings.telegram_api_url,
        request=telegram_request(settings, pool=1),
    )
    try:
        async with bot:
            name = bot.username
    except InvalidToken:
        print(f"telegram: reachable {route}, but TELEGRAM_BOT_TOKEN was rejected (401)")
        return False
    except TelegramError as error:
        print(f"telegram: NOT reachable {route}: {' '.join(str(error).split())}")
        return False
    print(f"telegram: reachable {route}; bot @{name}")
    return True


def _simulator(args: argparse.Namespace) -> int:
    from bot.simulator import serve

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(port=args.port))
    return OK


def _health(args: argparse.Namespace) -> int:
    """For HEALTHCHECK: the database answers and the delivery job ran recently. It reads the
    snapshot the metrics endpoint shows (`bot.service.health`), and prints its figures."""
    from bot.service.health import read_health
    from storage import Database

    settings = load_settings(GatewaySettings)
    if not settings.database_path.is_file():
        print(f"unhealthy: no database at {settings.database_path}", file=sys.stderr)
        return FAILED

    async def probe() -> Health:
        db = await Database.open(settings.database_path)
        try:
            return await read_health(db, now=time.time())
        finally:
            await db.close()

    health = asyncio.run(probe())
    problem = _health_problem(health)
    if problem:
        print(f"unhealthy: {problem}", file=sys.stderr)
        return FAILED
    print("healthy")
    print(
        f"outbox backlog: {health.outbox_backlog}, delivery checks due: {health.due_checks}, "
        f"campaigns running: {health.campaigns_running}, credit: {health.credit}"
    )
    return OK


def _health_problem(health: Health) -> str | None:
    if not health.database_ok:
        return "database does not answer"
    last = health.last_sweep
    if last is None or time.time() - last > HEALTHY_SWEEP_AGE:
        seen = datetime.fromtimestamp(last).isoformat() if last else "never"
        return f"delivery job has not run recently (last: {seen})"
    return None


if __name__ == "__main__":
    raise SystemExit(main())
