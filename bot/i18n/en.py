"""English catalogue. Values are HTML (Telegram parse mode); placeholders are filled escaped."""

TEXTS: dict[str, str] = {
    # access
    "refusal": "⛔ This bot is private. Your user id is <code>{user_id}</code>.",
    "refusal.button": "This bot is private.",
    "error.internal": (
        "💥 Something went wrong on my side; it is logged. Nothing was sent "
        "twice: check /history."
    ),
    # help
    "help": (
        "<b>smsbridge</b> sends SMS through your 0098SMS panel and reports delivery here.\n\n"
        "/send <code>09121234567 Hello</code> – send now (the text may span lines)\n"
        "/flash <code>09121234567 Hello</code> – send as a flash SMS\n"
        "/schedule <code>+30m 09121234567 Hello</code> – send later; also <code>+2h</code>, "
        "<code>+1d</code>, <code>2026-12-01 09:30</code> or Jalali <code>1405-09-10 09:30</code>; "
        "repeating: <code>every day 09:30</code>, <code>every week monday 09:30</code>, "
        "<code>every month 15 09:30</code>\n"
        "/scheduled – what waits for its time; /cancel <code>12</code> – cancel one\n"
        "/bulk – many recipients: numbers one per line (or a .txt/.csv/.xlsx file, or "
        "<code>@group</code>), "
        "a blank line, then the text\n"
        "/balance – the credit left\n"
        "/status <code>123456789</code> – ask the gateway about a message now\n"
        "/history <code>[n] [number] [state] [day]</code> – recent messages, e.g. "
        "<code>/history 20 delivered</code>\n"
        "/export <code>[days]</code> – messages as a CSV file\n"
        "/stats <code>[days]</code> – a chart of the last 30 days (7–365), today and this month\n"
        "/contacts – contact groups; <code>/contacts import group</code> as a file's caption\n"
        "/template <code>save name text</code> – saved texts, used as <code>#name</code>\n"
        "/block <code>09121234567 [reason]</code>, /unblock, /blocked – the opt-out list\n"
        "/help – this text"
    ),
    # command menu
    "cmd.send": "Send an SMS now",
    "cmd.flash": "Send a flash SMS",
    "cmd.schedule": "Send an SMS later",
    "cmd.bulk": "Send to many recipients",
    "cmd.balance": "Show the credit",
    "cmd.status": "Ask the delivery state of a message",
    "cmd.history": "Recent messages",
    "cmd.export": "Messages as a CSV file",
    "cmd.stats": "Chart, counts and credit used",
    "cmd.help": "How to use this bot",
    # usage lines
    "usage.send": "Usage: <code>/send 09121234567 Your text</code>",
    "usage.flash": "Usage: <code>/flash 09121234567 Your text</code>",
    "usage.schedule": (
        "Usage: <code>/schedule +30m 09121234567 Your text</code> or "
        "<code>/schedule 2026-12-01 09:30 09121234567 Your text</code>; repeating: "
        "<code>/schedule every day 09:30 09121234567 Your text</code>"
    ),
    "usage.status": "Usage: <code>/status 123456789</code> (the smsid from a send confirmation)",
    "usage.history": "Usage: <code>/history [n] [number] [state] [day]</code>, e.g. "
    "<code>/history 20 09121234567 failed 2026-12-01</code>",
    "usage.export": "Usage: <code>/export [days]</code>, e.g. <code>/export 30</code>",
    "usage.bulk": (
        "Usage: <code>/bulk</code> followed by one number per line, a blank line, then the text; "
        "or send a .txt/.csv/.xlsx file with the caption <code>/bulk your text</code>; "
        "or <code>/bulk @group your text</code>."
    ),
    # input problems
    "input.edited": (
        "✏️ Edited commands are not run again (that could repeat a send). Send "
        "the command as a new message."
    ),
    "input.already_handled": (
        "↩️ This command was already handled: the SMS to <code>{number}</code> is {state}. "
        "It is not sent again."
    ),
    "input.no_number": "Give the recipient's number first.",
    "input.no_text": "Give the text after the number.",
    "input.phone.empty": "The number is empty.",
    "input.phone.not_a_number": "<code>{raw}</code> is not a phone number.",
    "input.phone.wrong_length": "<code>{raw}</code> has the wrong number of digits for a mobile.",
    "input.phone.not_iranian": "<code>{raw}</code> is not an Iranian number.",
    "input.phone.not_mobile": "<code>{raw}</code> is not a mobile number (09…).",
    "input.when.format": "I could not read the time. Use <code>+30m</code>, <code>+2h</code>, "
    "<code>+1d</code> or <code>YYYY-MM-DD HH:MM</code>.",
    "input.when.date": "That date does not exist in the calendar.",
    "input.when.past": "That time has already passed; pick a time at least a minute ahead.",
    "input.when.too_far": "The gateway accepts times up to one year ahead only.",
    "input.smsid": "<code>{raw}</code> is not a smsid (a number of at least 9 digits).",
    "input.count": "<code>{raw}</code> is not a count between 1 and {limit}.",
    "input.history_word": "I don't understand <code>{raw}</code> here.",
    "input.days": "<code>{raw}</code> is not a number of days between 1 and {limit}.",
    # gateway answers
    "gateway.refused": "❌ The gateway refused: {reason} (code <code>{code}</code>).",
    "gateway.refused_uncoded": "❌ Not sent: {reason}.",
    "gateway.transport": "❌ The gateway could not be used: {reason}. Nothing was sent; "
    "try again later.",
    "gateway.transport_read": "❌ The gateway could not be used: {reason}. Try again later.",
    "gateway.unknown_outcome": (
        "⚠️ The request left but no usable answer came back ({reason}), so I cannot tell whether "
        "the SMS was sent. It is stored as <b>outcome unknown</b> and will not be resent by itself: "
        "check the panel before sending again."
    ),
    "gateway.unsupported": "ℹ️ {reason}",
    "gateway.for_number": "{text}\n📱 <code>{number}</code>",
    # gateway: the meaning of each code (bot/gateway/codes.py), fault and missing ability
    "gateway.code.credentials_mismatch": "username and password do not match, contact support",
    "gateway.code.wrong_credentials": "wrong username or password, contact support",
    "gateway.code.illegal_character": "illegal character in the text",
    "gateway.code.empty_text": "the text is empty",
    "gateway.code.charging_error": "charging error, contact support",
    "gateway.code.insufficient_credit": "not enough credit on the panel, top it up",
    "gateway.code.invalid_mobile": "the mobile number is not valid",
    "gateway.code.account_blocked": "the account is blocked, contact support",
    "gateway.code.registration_incomplete": "the second step of registration is not done",
    "gateway.code.number_not_allowed_for_link": "this number may not send through the link",
    "gateway.code.panel_number_error": "panel number error, contact support",
    "gateway.code.panel_number_expired": "the panel number has expired, renew it",
    "gateway.code.otp_not_configured": "OTP code settings not done",
    "gateway.code.otp_bad_format": "OTP code format is wrong",
    "gateway.code.otp_not_approved": "OTP code settings not approved by the admin",
    "gateway.code.wrong_timestamp": "the timestamp sent is not valid",
    "gateway.code.wrong_time": "the time is outside the allowed range (today up to one year ahead)",
    "gateway.code.smsid_not_found": "smsid not found",
    "gateway.code.smsid_mismatch": "this smsid belongs to another account",
    "gateway.code.wrong_recipient": "recipient number is wrong",
    "gateway.code.no_recipient": "recipient not given",
    "gateway.code.no_sender": "sender not given",
    "gateway.code.no_text": "text not given",
    "gateway.code.no_username": "username not given",
    "gateway.code.no_password": "password not given",
    "gateway.code.no_domain": "domain not given",
    "gateway.code.licence_revoked": "your licence has been revoked",
    "gateway.code.no_link_for_number": "no link is defined for this number",
    "gateway.code.link_not_permitted": "not permitted to connect the link",
    "gateway.code.daily_cap": "daily sending cap reached",
    "gateway.code.owner_not_registered": "the number owner's details are not registered and approved",
    "gateway.code.panel_not_permitted_yet": "sending from this panel number is not permitted yet",
    "gateway.code.ip_not_allowed": "request came from an IP that is not allowed",
    "gateway.code.blocked_promotional": "the recipient has blocked promotional messages",
    "gateway.code.delivered": "delivered to the handset",
    "gateway.code.not_delivered": "not delivered to the handset",
    "gateway.code.expired": "the delivery status has expired",
    "gateway.code.unknown_yet": "the status is not known yet",
    "gateway.code.control_characters": "the text holds control characters that cannot be sent",
    "gateway.code.undocumented": "an undocumented answer",
    "gateway.fault.bad_address": "the configured gateway address is not a usable URL",
    "gateway.fault.connect_timeout": "timed out connecting to the gateway",
    "gateway.fault.connect_failed": "could not connect to the gateway",
    "gateway.fault.timeout": "the gateway did not answer in time",
    "gateway.fault.connection_closed": "the connection to the gateway broke",
    "gateway.fault.http_error": "the request to the gateway failed",
    "gateway.fault.http_status": "the gateway answered with HTTP error {code}",
    "gateway.fault.empty_answer": "the gateway sent an empty answer",
    "gateway.fault.malformed_answer": "the gateway's answer could not be read",
    "gateway.fault.html_page": "the gateway sent a web page instead of an answer",
    "gateway.fault.request_invalid": "the request could not be built",
    "gateway.fault.soap_fault": "the gateway reported an error: {detail}",
    "gateway.fault.closed": "the bot is stopping",
    "gateway.fault.proxy_failed": "could not reach the gateway through the proxy (SMS_PROXY)",
    "gateway.fault.wsdl": "the web service description (SMS_WSDL) cannot be used: {detail}",
    "gateway.unsupported.flash": (
        "the link API cannot send flash messages; the web "
        "service (SMS_TRANSPORT=soap) can"
    ),
    "gateway.unsupported.schedule": (
        "the link API cannot schedule messages; the web "
        "service (SMS_TRANSPORT=soap) can"
    ),
    "gateway.unsupported.delivery": (
        "the link API does not report delivery; the web "
        "service (SMS_TRANSPORT=soap) does"
    ),
    "gateway.unsupported.balance": (
        "the link API does not report the credit; the web "
        "service (SMS_TRANSPORT=soap) does"
    ),
    # sends
    "sent.tracked": (
        "✅ {kind} to <code>{number}</code> · {parts} · smsid <code>{smsid}</code>\n"
        "I'll report delivery here."
    ),
    "sent.untracked": (
        "✅ {kind} to <code>{number}</code> · {parts}\n"
        "The {transport} returns no message id, so delivery cannot be tracked."
    ),
    "sent.scheduled": (
        "🕒 Scheduled for {moment} to <code>{number}</code> · {parts}\n"
        "The gateway returns no id for scheduled messages, so delivery cannot be tracked."
    ),
    "kind.sms": "Sent",
    "kind.flash": "Flash SMS sent",
    "transport.soap": "web service",
    "transport.link": "link API",
    "parts": "{count} part(s), {characters} characters ({encoding})",
    # balance, status, history
    "balance": "💳 Credit: <b>{credit}</b>",
    "status.line": "smsid <code>{smsid}</code> · <code>{number}</code>\n{state} (code <code>{code}</code>)",
    "status.not_ours": "smsid <code>{smsid}</code> (not sent from this bot)\n{state} "
    "(code <code>{code}</code>)",
    "history.empty": "No messages match.",
    "history.header": "<b>Last {count} message(s)</b>",
    "history.line": "{moment} · <code>{number}</code> · {state}{smsid} · <i>{snippet}</i>",
    "history.smsid": " · <code>{smsid}</code>",
    # states of a stored message
    "state.queued": "queued",
    "state.sending": "sending",
    "state.sent": "sent",
    "state.failed": "failed",
    "state.unknown": "outcome unknown",
    "state.cancelled": "cancelled",
    "state.delivered": "delivered",
    "state.not_delivered": "not delivered",
    "state.expired": "expired",
    "state.pending": "waiting for report",
    # other words /history takes for a state, comma-separated (the shown word is taken too)
    "state.also.delivered": "received",
    "state.also.undelivered": "not received",
    "state.also.expired": "",
    "state.also.pending": "waiting, no report",
    "state.also.sent": "",
    "state.also.failed": "",
    "state.also.unknown": "unknown outcome",
    "state.also.scheduled": "",
    "state.also.queued": "not yet sent",
    "state.also.sending": "",
    "state.also.cancelled": "canceled",
    # delivery reports
    "report.delivery": "📬 <code>{number}</code> · smsid <code>{smsid}</code>\n{state} "
    "(code <code>{code}</code>)",
    "report.gave_up": "📭 <code>{number}</code> · smsid <code>{smsid}</code>\nNo final report "
    "within the tracking window; last answer: {state} (code <code>{code}</code>).",
    # notices to admins
    "notice.startup": "🟢 smsbridge {version} started · sending through the {transport} · "
    "credit {credit}",
    "notice.startup_sandbox": "🧪 Sandbox mode: messages go to the built-in simulator, not to phones.",
    "notice.credit_unknown": "unknown",
    "notice.low_credit": "🔻 Low credit: {credit} left (alert threshold {threshold}).",
    "notice.account": "🚨 Account problem: {reason} (code <code>{code}</code>).",
    "notice.interrupted": "⚠️ {count} message(s) were being sent when the bot stopped. Their outcome "
    "is unknown and they were not resent: check the panel.",
    # bulk
    "bulk.ask_text": "Now send the text of the message ({count} recipient(s)).",
    "bulk.no_recipients": (
        "No valid numbers found. Give one number a line, or a CSV/Excel column named "
        "<code>phone</code>, <code>mobile</code>, <code>number</code>, <code>شماره</code>, "
        "<code>موبایل</code> or <code>تلفن</code>."
    ),
    "bulk.bad_file": "I can read .txt, .csv and .xlsx files only.",
    "bulk.file_too_big": "The file is too big (at most {limit} KB).",
    "bulk.download_failed": "I could not download the file; please send it again.",
    "bulk.bad_caption": "Put <code>/bulk</code> and the text in the file's caption.",
    "bulk.confirm": (
        "📣 <b>Campaign #{id}</b>\n"
        "Recipients: {total}\nInvalid lines skipped: {invalid}\nDuplicates removed: {duplicates}\n"
        "Per message: {parts}\nCredit needed: {needed}\nCurrent credit: {credit}"
    ),
    "bulk.text_preview": "\n\n<b>Text</b>\n<blockquote>{text}</blockquote>",
    "bulk.invalid_list": "\n\n<b>Invalid lines</b>\n{lines}",
    "bulk.invalid_line": "line {line}: <code>{content}</code>",
    "bulk.invalid_more": "… and {count} more",
    "bulk.short_credit": "\n\n⚠️ The credit is not enough for every recipient.",
    "bulk.button_send": "✅ Send",
    "bulk.button_cancel": "✖️ Cancel",
    "bulk.button_resume": "▶️ Resume",
    "bulk.progress": (
        "📤 <b>Campaign #{id}</b>\n{bar} {percent}%\n"
        "Sent {sent} · failed {failed} · unknown {unknown} · remaining {remaining}\n"
        "{rate}/s · about {eta} left"
    ),
    "bulk.progress_ended": (
        "📤 <b>Campaign #{id}</b>\n{bar} {percent}%\n"
        "Sent {sent} · failed {failed} · unknown {unknown} · remaining {remaining}\n{state}"
    ),
    "bulk.started": "Sending started.",
    "bulk.cancelled": "✖️ Campaign #{id} cancelled.",
    "bulk.already": "Campaign #{id} is already {state}.",
    "bulk.title.finished": "🏁 <b>Campaign #{id}</b> finished",
    "bulk.title.cancelled": "✖️ <b>Campaign #{id}</b> cancelled",
    "bulk.summary": (
        "{title}\n"
        "Sent {sent} · failed {failed} · outcome unknown {unknown} · not sent {cancelled}"
    ),
    "bulk.failure_reason": "{reason}: {count}",
    "bulk.failures_file": "Failures of campaign #{id}",
    "bulk.failures_name": "campaign-{id}-failures.csv",
    "bulk.csv_columns": "number|status|code|reason",
    "bulk.reason.transport": "the gateway could not be reached",
    "bulk.reason.undocumented": "undocumented answer {code}",
    "bulk.paused": (
        "⏸ <b>Campaign #{id}</b> paused: {why}\n"
        "Sent {sent} · failed {failed} · outcome unknown {unknown} · not yet sent {remaining}\n"
        "Press Resume to go on: only those not yet sent get the message."
    ),
    "bulk.why_gateway": "{reason} (code <code>{code}</code>)",
    "bulk.why_internal": "an internal error (it is logged)",
    "bulk.interrupted": (
        "⏸ Campaign #{id} was interrupted: {sent} sent, {unknown} outcome unknown, "
        "{remaining} not yet sent. Resume sends only to those not yet sent."
    ),
    "bulk.delivery": (
        "📬 <b>Campaign #{id}</b> delivery: delivered {delivered} · not delivered {failed} · "
        "expired {expired} · no report {pending}"
    ),
    "bulk.expired_button": "This button has expired.",
    "campaign.draft": "waiting for Send",
    "campaign.running": "running",
    "campaign.paused": "paused",
    "campaign.cancelled": "cancelled",
    "campaign.finished": "finished",
    # export, stats
    "export.caption": "Messages of the last {days} day(s): {count}",
    "export.part": "Messages of the last {days} day(s): {count} (file {part} of {files})",
    "export.empty": "No messages in the last {days} day(s).",
    "stats": (
        "📊 <b>Today</b>\n{today}\n\n📊 <b>This month</b>\n{month}"
    ),
    "stats.line": "{state}: {count}",
    "stats.credit": "credit used: {parts}",
    "stats.none": "nothing yet",
    "duration.seconds": "{n}s",
    "duration.minutes": "{n}m",
    "duration.hours": "{n}h",
    # campaigns and conversations (task B: outages, resend of unknown outcomes, drafts, hints)
    "bulk.how": (
        "📣 <b>/bulk</b> sends one text to many numbers. Without a text I ask for it, and a "
        "confirmation with a Send button comes before anything is sent."
    ),
    "bulk.wait_expired": "⌛ The list waiting for its text has expired. Send /bulk with the list again.",
    "bulk.draft_lifetime": "\n\nThe buttons stay valid for {hours} hours.",
    "bulk.draft_expired": "Campaign #{id} expired: it was not sent within 24 hours.",
    "bulk.button_unknown": "🔁 Resend the {count} whose outcome is unknown — they may get it twice",
    "bulk.resend_warning": (
        "⚠️ A new campaign for the {count} recipient(s) of campaign #{id} whose outcome is "
        "unknown: the gateway may already have sent them the message, so they may get it twice."
    ),
    "bulk.why_uncoded": "{reason}",
    "bulk.why_outage": "{count} sends in a row failed ({why})",
    "bulk.pause_kind.credentials": "the gateway refused the username or password",
    "bulk.pause_kind.account": "the gateway refused the account",
    "bulk.pause_kind.credit": "not enough credit, or the daily cap was reached",
    "bulk.pause_kind.transport": "the gateway could not be reached",
    "bulk.pause_kind.outcome_unknown": "the gateway stopped answering",
    "bulk.stalled_paused": (
        "⏸ Campaign #{id} is paused: {why}. {sent} sent, {unknown} outcome unknown, "
        "{remaining} not yet sent. Press Resume once that is fixed."
    ),
    "hint.unknown_command": "I don't know that command. /help lists what I can do.",
    "hint.stray_text": "To send a message, start with a command such as /send; /help lists them all.",
    "send.confirm_long": (
        "✉️ This text is {parts}; sending it to <code>{number}</code> costs {needed} credit "
        "(current credit: {credit}). Nothing is sent until you press Send."
    ),
    "send.button_confirm": "✅ Send ({count} parts)",
    "send.confirm_expired": "This confirmation has expired; send the command again.",
    # trust at the edges (issue 10): numbers, uploaded files, CSV headers, private data
    "input.phone.digit_count": (
        "<code>{raw}</code> has {count} digits; a mobile number written like this has {expected}."
    ),
    "input.phone.grouping": (
        "<code>{raw}</code> is not one number. Write it in one piece (<code>09121234567</code>) "
        "or as <code>0912 123 4567</code>."
    ),
    "upload.bad_encoding": (
        "I could not read this file as text. Save it as plain text or CSV in UTF-8 "
        "(or UTF-16, or Windows-1256) and send it again."
    ),
    "private_only": "🔒 This command returns customer data, so it works only in my private chat with you.",
    "export.csv_columns": (
        "id|created ({zone})|created jalali ({zone})|recipient|status|delivery code|delivery state|"
        "gateway code|smsid|parts|flash|campaign|scheduled ({zone})|text"
    ),
    # charts and reports people look at, and the weekly report (issue 16)
    "chart.sent": "sent, no report",
    "chart.delivered": "delivered",
    "chart.failed": "failed",
    "chart.rate": "delivery rate",
    "chart.percent": "{n}%",
    "chart.rate_none": "–",
    "stats.window": (
        "📊 <b>Last {days} days</b> ({first} – {last})\n"
        "delivered {delivered} · sent, no report {sent} · failed {failed} · "
        "delivery rate {rate}\ncredit used in these days: {parts}"
    ),
    "usage.stats": "Usage: <code>/stats [days]</code>, e.g. <code>/stats 90</code>",
    "input.chart_days": (
        "<code>{raw}</code> is not a number of days between {lowest} and {highest}."
    ),
    "weekly.report": (
        "🗓 <b>Weekly report</b>\n{window}\ncredit left: {credit}\n\n<b>Campaigns</b>\n{campaigns}"
    ),
    "weekly.campaign": "Campaign #{id}: {total} recipient(s), {status}",
    "weekly.no_campaigns": "none",
    "weekly.more": "… and {count} more",
    # schedules held by the bot (SCHEDULE_MODE=bot)
    "cmd.scheduled": "What is scheduled",
    "cmd.cancel": "Cancel a schedule",
    "usage.cancel": (
        "Usage: <code>/cancel 12</code> (a number from /scheduled; <code>C7</code> for a campaign)"
    ),
    "input.schedule_id": "<code>{raw}</code> is not a schedule number.",
    "input.repeat": (
        "I could not read the repeat. Use <code>every day 09:30</code>, "
        "<code>every week monday 09:30</code> or <code>every month 15 09:30</code>, "
        "then the number and the text."
    ),
    "state.scheduled": "scheduled",
    "sched.confirm": (
        "🕒 Scheduled #{id} for {moment} to <code>{number}</code> · {parts}\n"
        "I'll send it then and report delivery here."
    ),
    "sched.confirm_repeat": (
        "🔁 Scheduled #{id}: every {rule} to <code>{number}</code> · {parts}\n"
        "First run {moment}. Each run is sent and tracked on its own."
    ),
    "sched.button_cancel": "✖️ Cancel",
    "sched.button_send": "▶️ Send now",
    "sched.button_cancel_one": "✖️ Cancel {id}",
    "sched.cancelled": "✖️ Schedule #{id} cancelled.",
    "sched.sending": "Schedule #{id} is already being sent: it can no longer be cancelled.",
    "sched.done": "Schedule #{id} is no longer waiting (already sent or cancelled).",
    "sched.missing": "There is no schedule #{id}.",
    "sched.started": "Sending now.",
    "sched.campaign_not_scheduled": "Campaign #{id} is not waiting for its time any more.",
    "sched.empty": "Nothing is scheduled.",
    "sched.list_header": "<b>Scheduled ({count})</b>, the next first",
    "sched.list_line": "<b>{label}</b> · {moment} · {target}{extra}\n<i>{snippet}</i>",
    "sched.list_number": "<code>{number}</code>",
    "sched.list_campaign": "campaign of {count} recipient(s)",
    "sched.list_repeat": " · 🔁 every {rule}",
    "sched.list_held": " · ⏸ its time was missed: waiting for you",
    "sched.sent_tracked": "🕒 Scheduled SMS sent to <code>{number}</code> · smsid <code>{smsid}</code>",
    "sched.sent_untracked": (
        "🕒 Scheduled SMS sent to <code>{number}</code>; this transport returns no id, so "
        "delivery cannot be tracked."
    ),
    "sched.failed": "🕒 Scheduled SMS to <code>{number}</code>:\n{reason}",
    "sched.late": (
        "⏰ Schedule #{id} to <code>{number}</code> was due at {moment}, while the bot was not "
        "running. It was not sent: send it now, or cancel it?"
    ),
    "sched.late_campaign": (
        "⏰ Campaign #{id} was due to start at {moment}, while the bot was not running. "
        "It has not started: start it now, or cancel it?"
    ),
    "sched.gateway_repeat": (
        "Repeating schedules need SCHEDULE_MODE=bot: the gateway cannot repeat a message."
    ),
    "rule.day": "day at {at}",
    "rule.week": "{weekday} at {at}",
    "rule.month": "month on day {day} at {at}",
    "weekday.0": "Monday",
    "weekday.1": "Tuesday",
    "weekday.2": "Wednesday",
    "weekday.3": "Thursday",
    "weekday.4": "Friday",
    "weekday.5": "Saturday",
    "weekday.6": "Sunday",
    "bulk.button_schedule": "🕒 Schedule",
    "bulk.ask_time": (
        "When should campaign #{id} start? Send the time as for /schedule: "
        "<code>+30m</code>, <code>+2h</code>, <code>2026-12-01 09:30</code> or Jalali "
        "<code>1405-09-10 09:30</code>."
    ),
    "bulk.time_expired": "⌛ No start time came: the campaign was not scheduled. Press Schedule again.",
    "bulk.scheduled": "🕒 Campaign #{id} will start at {moment}.",
    # network: proxies and outages
    "notice.gateway_unreachable": (
        "⚠️ The SMS gateway cannot be reached right now: {reason}. Sends fail until it answers; "
        "delivery checks keep trying."
    ),
    # contacts, groups, personal texts, templates, opt-out list (issue 14)
    "bulk.bad_workbook": "I could not read this .xlsx file; save it again in Excel and resend it.",
    "bulk.scientific": (
        "\n\n⚠️ Some numbers look like <code>9.12123E+09</code>: Excel wrote them in scientific "
        "notation and their last digits are lost. Format the number column as <b>Text</b>, type "
        "the numbers again (or save as .xlsx) and resend the file."
    ),
    "audience.confirm": (
        "📣 <b>Campaign #{id}</b> (personal texts)\n"
        "Recipients: {total}\nInvalid lines skipped: {invalid}\nDuplicates removed: {duplicates}\n"
        "Parts per message: {fewest} to {most}\nCredit needed: {needed}\nCurrent credit: {credit}"
    ),
    "audience.blocked": "\nBlocked numbers skipped: {count}",
    "audience.missing_list": "\n\n<b>Skipped, a field is missing ({count})</b>\n{lines}",
    "audience.missing_line": "<code>{number}</code>: {fields}",
    "audience.preview": "\n\n<b>The first messages as they will be sent</b>\n{items}",
    "audience.preview_item": "<code>{number}</code>\n<blockquote>{text}</blockquote>",
    "audience.nobody": (
        "Nobody is left to send to: {blocked} blocked, {missing} lacking a field of the text."
    ),
    "audience.no_group": "There is no contact group <code>{name}</code>; /contacts lists them.",
    "audience.empty_group": "The group <code>{name}</code> has no contacts.",
    "audience.group_usage": "Usage: <code>/bulk @group Dear {lb}name{rb}, …</code>",
    "template.unknown": "There is no template <code>#{name}</code>; <code>/template list</code> shows them.",
    "template.needs_fields": (
        "The text needs fields a single message has none of: {fields}. Give each a default, "
        "e.g. <code>{lb}name|customer{rb}</code>, or send it with /bulk to a group."
    ),
    "cmd.contacts": "Contact groups",
    "cmd.template": "Saved texts",
    "cmd.blocked": "The opt-out list",
    "usage.contacts": (
        "Usage: <code>/contacts</code> (the groups), <code>/contacts group</code> (as a CSV), "
        "a .csv/.txt/.xlsx file with the caption <code>/contacts import group</code>, "
        "<code>/contacts remove 09121234567</code>, <code>/contacts drop group</code>"
    ),
    "contacts.bad_name": (
        "<code>{name}</code> cannot be a name: one word of letters, digits, <code>_</code> or "
        "<code>-</code>, at most 32."
    ),
    "contacts.ask_file": (
        "Send the file (.csv, .txt or .xlsx) with the caption <code>/contacts import {group}</code>."
    ),
    "contacts.imported": "📇 Group <b>{group}</b>: {added} added, {updated} updated.",
    "contacts.none": "No contact groups yet.",
    "contacts.list": "<b>Contact groups</b>\n{lines}",
    "contacts.list_line": "<code>{name}</code>: {count}",
    "contacts.private_only": "Contact lists are sent in the private chat with the bot only.",
    "contacts.no_group": "There is no contact group <code>{name}</code>; /contacts lists them.",
    "contacts.file_caption": "Group {group}: {count} contact(s)",
    "contacts.csv_number": "number",
    "contacts.removed": "<code>{number}</code> was taken out of {count} group(s).",
    "contacts.drop_confirm": "Delete the group <b>{group}</b> and its {count} contact(s)?",
    "contacts.button_drop": "🗑 Delete",
    "contacts.button_keep": "Keep",
    "contacts.dropped": "🗑 Group <b>{group}</b> deleted ({count} contact(s)).",
    "contacts.kept": "The group is kept.",
    "usage.template": (
        "Usage: <code>/template save name Dear {lb}name{rb}, …</code>, <code>/template list</code>, "
        "<code>/template delete name</code>; then <code>#name</code> as the whole text of "
        "/send, /schedule or /bulk"
    ),
    "template.saved": "💾 Template <code>#{name}</code> saved.",
    "template.deleted": "Template <code>#{name}</code> deleted.",
    "template.not_found": "There is no template <code>#{name}</code>.",
    "template.none": "No templates yet.",
    "template.list": "<b>Templates</b>\n{lines}",
    "template.list_line": "<code>#{name}</code>\n<blockquote>{text}</blockquote>",
    "usage.block": "Usage: <code>/block 09121234567 [reason]</code>",
    "usage.unblock": "Usage: <code>/unblock 09121234567</code>",
    "block.added": "⛔ <code>{number}</code> is blocked: nothing will be sent to it.",
    "block.already": "<code>{number}</code> was already blocked ({reason}).",
    "block.removed": "✅ <code>{number}</code> is no longer blocked.",
    "block.not_blocked": "<code>{number}</code> is not blocked.",
    "block.none": "No blocked numbers.",
    "block.count": "⛔ {count} blocked number(s).",
    "block.file_caption": "Blocked numbers: {count}",
    "block.csv_columns": "number|reason|smsid|since",
    "block.reason_delivery": "blocks promotional messages (delivery state 4)",
    "block.no_reason": "no reason given",
    "block.refused": (
        "⛔ <code>{number}</code> is on the opt-out list ({reason}); nothing was sent.\n"
        "To send to it again: <code>/unblock {number}</code>"
    ),
    "results.file_caption": "Campaign #{id}: every recipient and what they got",
    "results.csv_columns": "number|text sent|smsid|send state|delivery state",
    "results.button": "📄 Results file",
    "results.button_resend": "🔁 Resend to the {count} failed",
    "results.nothing": "There is nothing to resend.",
    "results.expired": "This campaign no longer exists.",
    "audience.choose_group": (
        "Which contact group? (Or give the numbers one per line after <code>/bulk</code>.)"
    ),
    "audience.group_button": "{name} ({count})",
    "audience.group_chosen": (
        "Group <b>{group}</b>: {count} contact(s). Now send the text; placeholders such as "
        "<code>{lb}name{rb}</code> take the contacts' fields."
    ),
    # wording, second read (issue 10 §7): words the handlers used to hold, a missing campaign
    "encoding.gsm7": "Latin letters",
    "encoding.ucs2": "Unicode",
    "bulk.missing": "There is no campaign #{id}.",
    "bulk.paused_nothing_left": (
        "⏸ <b>Campaign #{id}</b> paused: {why}\n"
        "Sent {sent} · failed {failed} · outcome unknown {unknown} · nothing is left to send\n"
        "Press Resume to close it and get its summary."
    ),
    # network2 (#11): TLS through CONNECT
    "gateway.fault.tls_failed": (
        "the gateway's TLS certificate was not accepted (behind a TLS-intercepting proxy, "
        "name its CA in SSL_CERT_FILE)"
    ),
    # --- opt-out at send time (task M) ---
    "sched.blocked": (
        "⛔ Scheduled SMS to <code>{number}</code> not sent: the number was blocked since it "
        "was scheduled ({reason}).\nTo send to it again: <code>/unblock {number}</code>"
    ),
    "sched.blocked_series": "\nThe series goes on; each run checks the list again.",
    "bulk.summary_blocked": "⛔ Skipped, blocked after the campaign was made: {count}",
    "history.scheduled_for": "scheduled for {moment}",
    "state.cancelled_blocked": "cancelled (blocked)",
    # team: roles, quotas, approvals, audit (task I)
    "help.team": (
        "\n\n<b>The team</b> (owners and admins)\n"
        "/users – who has which role and quota; <code>/users add 123456789 operator</code>, "
        "<code>role</code>, <code>quota</code>, <code>remove</code>\n"
        "/audit <code>[n] [user id]</code> – who did what"
    ),
    "cmd.users": "Who may use the bot, and their roles",
    "cmd.audit": "Who did what",
    "team.too_low": "⛔ Your role ({role}) does not allow this; it needs {needed}.",
    "team.not_yours": "This belongs to another member of the team.",
    "team.role.owner": "owner",
    "team.role.admin": "admin",
    "team.role.operator": "operator",
    "team.role.viewer": "viewer",
    "usage.users": (
        "Usage: <code>/users</code>, <code>/users add 123456789 operator</code>, "
        "<code>/users role 123456789 viewer</code>, <code>/users quota 123456789 500</code> "
        "(SMS parts a day, 0 = none), <code>/users remove 123456789</code>. Roles: admin, "
        "operator, viewer."
    ),
    "usage.audit": "Usage: <code>/audit [n] [user id]</code>, e.g. <code>/audit 50 123456789</code>",
    "team.bad_command": "I don't understand that.",
    "team.bad_audit": "Too many words.",
    "team.bad_user_id": "<code>{raw}</code> is not a Telegram user id.",
    "team.bad_role": "<code>{raw}</code> is not a role.",
    "team.refused.owner": (
        "<code>{user_id}</code> is an owner (ADMIN_IDS): owners keep every right and are not "
        "changed here."
    ),
    "team.refused.member": "<code>{user_id}</code> already has a role; change it with /users role.",
    "team.refused.not_member": "<code>{user_id}</code> has no role.",
    "team.refused.role": "That role cannot be given.",
    "team.done.add": "✅ <code>{user_id}</code> is now {role}.",
    "team.done.role": "✅ <code>{user_id}</code> is now {role}.",
    "team.done.quota": "✅ The daily quota of <code>{user_id}</code> is now {parts} part(s) (0 = none).",
    "team.done.remove": "✅ <code>{user_id}</code> no longer has a role.",
    "team.header": "👥 <b>Team</b> ({count})",
    "team.line": "<code>{user_id}</code> · {name} · {role} · {quota} · {last}",
    "team.quota": "{parts} part(s) a day",
    "team.no_quota": "no quota",
    "team.last": "last: {action}, {moment}",
    "team.never": "no action yet",
    "quota.exceeded": (
        "🚫 Over the daily quota: this needs {needed} part(s), {left} of {limit} are left today. "
        "Nothing was sent."
    ),
    "approval.request": "🙋 <b>{who}</b> asks to send campaign #{id}:",
    "approval.button_yes": "✅ Approve",
    "approval.button_no": "✖️ Reject",
    "approval.asked": "Sent for approval.",
    "approval.waiting": "Campaign #{id} already waits for approval.",
    "approval.sent_to": (
        "⏳ Campaign #{id} needs an approval: asked {count} owner(s) and admin(s). Nothing is "
        "sent before one of them approves."
    ),
    "approval.nobody": (
        "⏳ Campaign #{id} needs an approval, but no owner or admin could be reached: they must "
        "open a private chat with me first."
    ),
    "approval.approved": "✅ Campaign #{id} ({total} recipients) approved by {who}.",
    "approval.rejected": "✖️ Campaign #{id} ({total} recipients) rejected by {who}.",
    "approval.gate.waiting": "Campaign #{id} waits for approval.",
    "approval.no_schedule": (
        "Campaign #{id} needs an approval: press Send to ask for it (an approved campaign starts "
        "at once)."
    ),
    "audit.action.schedule.cancel": "schedule cancelled",
    "audit.action.campaign.schedule": "campaign scheduled",
    "approval.gate.rejected": "Campaign #{id} was rejected.",
    "audit.empty": "Nothing in the audit trail yet.",
    "audit.header": "🧾 <b>Audit</b>: last {count}",
    "audit.line": "{moment} · {who} · {action} {detail} · {recipients} recipient(s), {parts} part(s)",
    "audit.file_in_private": "The CSV file is sent in a private chat only.",
    "audit.caption": "Audit trail: {count} entries",
    "audit.action.send": "send",
    "audit.action.flash": "flash",
    "audit.action.schedule": "schedule",
    "audit.action.campaign.send": "campaign started",
    "audit.action.campaign.resume": "campaign resumed",
    "audit.action.campaign.cancel": "campaign cancelled",
    "audit.action.approval.asked": "approval asked",
    "audit.action.approval.approved": "approved",
    "audit.action.approval.rejected": "rejected",
    "audit.action.user.add": "user added",
    "audit.action.user.role": "role changed",
    "audit.action.user.quota": "quota changed",
    "audit.action.user.remove": "user removed",
    # roles on the address book, results and schedules (task L, issue 15)
    "sched.not_yours": (
        "⛔ Schedule #{id} belongs to another member of the team: an operator cancels or sends "
        "only their own schedules."
    ),
    "sched.campaign_not_yours": (
        "⛔ Campaign #{id} belongs to another member of the team: an operator cancels or starts "
        "only their own campaigns."
    ),
    "results.file_in_private": "The results file is sent in your private chat with me.",
    "audit.action.block": "number blocked",
    "audit.action.block.delivery": "blocked by a delivery report (state 4)",
    "audit.action.unblock": "number unblocked",
    "audit.action.template.save": "template saved",
    "audit.action.template.delete": "template deleted",
    "audit.action.contacts.import": "contacts imported",
    "audit.action.contacts.remove": "number taken out of the contacts",
    "audit.action.contacts.drop": "contact group deleted",
}
