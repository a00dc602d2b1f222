"""Persian catalogue. Values are HTML (Telegram parse mode); placeholders are filled escaped."""

TEXTS: dict[str, str] = {
    # access
    "refusal": "⛔ این ربات خصوصی است. شناسه کاربری شما: <code>{user_id}</code>",
    "refusal.button": "این ربات خصوصی است.",
    "error.internal": "💥 خطایی در ربات رخ داد و ثبت شد. چیزی دوبار ارسال نشد: /history را ببینید.",
    # help
    "help": (
        "ربات <b>smsbridge</b> از طریق پنل 0098SMS شما پیامک می‌فرستد و گزارش تحویل را همین‌جا می‌دهد.\n\n"
        "/send <code>09121234567 سلام</code> – ارسال فوری (متن می‌تواند چندخطی باشد)\n"
        "/flash <code>09121234567 سلام</code> – ارسال پیامک فلش\n"
        "/schedule <code>+30m 09121234567 سلام</code> – ارسال در زمان دیگر؛ همچنین "
        "<code>+2h</code>، <code>+1d</code>، <code>1405-09-10 09:30</code> (شمسی) یا "
        "<code>2026-12-01 09:30</code> (میلادی)؛ تکرار: <code>هر روز 09:30</code>، "
        "<code>هر هفته دوشنبه 09:30</code>، <code>هر ماه 15 09:30</code>\n"
        "/scheduled – آنچه منتظر زمانش است؛ /cancel <code>12</code> – لغو یکی\n"
        "/bulk – ارسال گروهی: هر شماره در یک خط (یا فایل .txt/.csv/.xlsx، یا <code>@گروه</code>)، "
        "یک خط خالی، سپس متن\n"
        "/balance – اعتبار باقی‌مانده\n"
        "/status <code>123456789</code> – پرسیدن وضعیت یک پیامک از درگاه\n"
        "/history <code>[n] [شماره] [وضعیت] [روز]</code> – پیامک‌های اخیر، مثلاً "
        "<code>/history 20 delivered</code>\n"
        "/export <code>[روز]</code> – فایل CSV پیامک‌ها\n"
        "/stats <code>[روز]</code> – نمودار ۳۰ روز اخیر (۷ تا ۳۶۵)، آمار امروز و این ماه\n"
        "/contacts – گروه‌های مخاطبان؛ <code>/contacts import گروه</code> در عنوان یک فایل\n"
        "/template <code>save نام متن</code> – متن‌های ذخیره‌شده، با <code>#نام</code>\n"
        "/block <code>09121234567 [دلیل]</code>، /unblock، /blocked – فهرست لغو دریافت\n"
        "/help – همین راهنما"
    ),
    # command menu
    "cmd.send": "ارسال فوری پیامک",
    "cmd.flash": "ارسال پیامک فلش",
    "cmd.schedule": "ارسال پیامک در زمان دیگر",
    "cmd.bulk": "ارسال گروهی",
    "cmd.balance": "نمایش اعتبار",
    "cmd.status": "وضعیت تحویل یک پیامک",
    "cmd.history": "پیامک‌های اخیر",
    "cmd.export": "فایل CSV پیامک‌ها",
    "cmd.stats": "نمودار، آمار و اعتبار مصرف‌شده",
    "cmd.help": "راهنمای ربات",
    # usage lines
    "usage.send": "نحوه استفاده: <code>/send 09121234567 متن پیامک</code>",
    "usage.flash": "نحوه استفاده: <code>/flash 09121234567 متن پیامک</code>",
    "usage.schedule": (
        "نحوه استفاده: <code>/schedule +30m 09121234567 متن پیامک</code> یا "
        "<code>/schedule 1405-09-10 09:30 09121234567 متن پیامک</code>؛ تکرار: "
        "<code>/schedule هر روز 09:30 09121234567 متن پیامک</code>"
    ),
    "usage.status": "نحوه استفاده: <code>/status 123456789</code> (شناسه پیامک از پیام تایید ارسال)",
    "usage.history": "نحوه استفاده: <code>/history [n] [شماره] [وضعیت] [روز]</code>، مثلاً "
    "<code>/history 20 09121234567 failed 1405-09-10</code>؛ وضعیت را به فارسی هم "
    "می‌توانید بنویسید، همان‌طور که ربات نشان می‌دهد (مثلاً «ناموفق»).",
    "usage.export": "نحوه استفاده: <code>/export [روز]</code>، مثلاً <code>/export 30</code>",
    "usage.bulk": (
        "نحوه استفاده: <code>/bulk</code> و در خط‌های بعد هر شماره در یک خط، یک خط خالی و سپس متن؛ "
        "یا یک فایل .txt/.csv/.xlsx با عنوان <code>/bulk متن پیامک</code> بفرستید؛ "
        "یا <code>/bulk @گروه متن پیامک</code>."
    ),
    # input problems
    "input.edited": (
        "✏️ دستور ویرایش‌شده دوباره اجرا نمی‌شود (ممکن است ارسال تکرار شود). "
        "دستور را در پیام تازه بفرستید."
    ),
    "input.already_handled": (
        "↩️ این دستور قبلاً اجرا شده است: پیامک به <code>{number}</code> {state} است. "
        "دوباره ارسال نمی‌شود."
    ),
    "input.no_number": "اول شماره گیرنده را بنویسید.",
    "input.no_text": "بعد از شماره، متن پیامک را بنویسید.",
    "input.phone.empty": "شماره خالی است.",
    "input.phone.not_a_number": "عبارت <code>{raw}</code> شماره تلفن نیست.",
    "input.phone.not_iranian": "شماره <code>{raw}</code> ایرانی نیست.",
    "input.phone.wrong_length": "تعداد رقم‌های <code>{raw}</code> برای شماره موبایل درست نیست.",
    "input.phone.not_mobile": "شماره <code>{raw}</code> موبایل نیست (شماره موبایل با ۰۹ شروع می‌شود).",
    "input.when.format": "زمان را نتوانستم بخوانم. از <code>+30m</code>، <code>+2h</code>، "
    "<code>+1d</code> یا <code>YYYY-MM-DD HH:MM</code> استفاده کنید.",
    "input.when.date": "چنین تاریخی در تقویم وجود ندارد.",
    "input.when.past": "این زمان گذشته است؛ زمانی دست‌کم یک دقیقه بعد را انتخاب کنید.",
    "input.when.too_far": "درگاه فقط زمان‌های تا یک سال آینده را می‌پذیرد.",
    "input.smsid": "عبارت <code>{raw}</code> شناسه پیامک نیست (شناسه عددی دست‌کم ۹ رقمی است).",
    "input.count": "عبارت <code>{raw}</code> عددی بین ۱ و {limit} نیست.",
    "input.history_word": "عبارت <code>{raw}</code> را این‌جا نمی‌فهمم.",
    "input.days": "عبارت <code>{raw}</code> تعداد روزی بین ۱ و {limit} نیست.",
    # gateway answers
    "gateway.refused": "❌ درگاه نپذیرفت: {reason} (کد <code>{code}</code>)",
    "gateway.refused_uncoded": "❌ ارسال نشد: {reason}",
    "gateway.transport": "❌ کار با درگاه ممکن نشد: {reason}. چیزی ارسال نشد؛ "
    "بعداً دوباره امتحان کنید.",
    "gateway.transport_read": "❌ کار با درگاه ممکن نشد: {reason}. بعداً دوباره امتحان کنید.",
    "gateway.unknown_outcome": (
        "⚠️ درخواست به درگاه رفت اما پاسخ روشنی برنگشت ({reason})، پس معلوم نیست پیامک ارسال شده یا نه. "
        "با وضعیت <b>نتیجه نامعلوم</b> ذخیره شد و خودکار دوباره ارسال نمی‌شود: "
        "پیش از ارسال دوباره، پنل را بررسی کنید."
    ),
    "gateway.unsupported": "ℹ️ {reason}",
    "gateway.for_number": "{text}\n📱 <code>{number}</code>",
    # gateway: the meaning of each code (bot/gateway/codes.py), fault and missing ability
    "gateway.code.credentials_mismatch": "عدم تطابق نام کاربری و کلمه عبور. لطفاً با پشتیبانی تماس بگیرید",
    "gateway.code.wrong_credentials": "نام کاربری یا کلمه عبور اشتباه است. لطفاً با پشتیبانی تماس بگیرید",
    "gateway.code.illegal_character": "کاراکتر غیرمجاز در متن وجود دارد",
    "gateway.code.empty_text": "متن پیامک خالی است",
    "gateway.code.charging_error": "خطای شارژ. لطفاً با پشتیبانی تماس بگیرید",
    "gateway.code.insufficient_credit": "شارژ پنل شما برای ارسال کافی نیست. لطفاً پنل را شارژ کنید",
    "gateway.code.invalid_mobile": "شماره موبایل صحیح نیست",
    "gateway.code.account_blocked": "حساب کاربری شما مسدود است. لطفاً با پشتیبانی تماس بگیرید",
    "gateway.code.registration_incomplete": (
        "مرحله دوم ثبت نام شما انجام نگرفته است. "
        "لطفاً ثبت نام را کامل کنید"
    ),
    "gateway.code.number_not_allowed_for_link": "عدم مجوز شماره برای ارسال از لینک",
    "gateway.code.panel_number_error": "خطا در شماره پنل. لطفاً با پشتیبانی تماس بگیرید",
    "gateway.code.panel_number_expired": "اتمام تاریخ اعتبار شماره پنل. برای استفاده تمدید شود",
    "gateway.code.otp_not_configured": "تنظیمات کد OTP انجام نشده است",
    "gateway.code.otp_bad_format": "فرمت کد OTP صحیح نیست",
    "gateway.code.otp_not_approved": "تنظیمات کد OTP توسط ادمین تایید نشده است",
    "gateway.code.wrong_timestamp": "تایم استمپ ارسال شده صحیح نیست",
    "gateway.code.wrong_time": "زمان مورد نظر در بازه صحیح نیست (از همان روز تا یک سال بعد)",
    "gateway.code.smsid_not_found": "شناسه پیامک یافت نشد",
    "gateway.code.smsid_mismatch": "این شناسه پیامک متعلق به حساب دیگری است",
    "gateway.code.wrong_recipient": "شماره گیرنده اشتباه است",
    "gateway.code.no_recipient": "گیرنده تعریف نشده است",
    "gateway.code.no_sender": "فرستنده تعریف نشده است",
    "gateway.code.no_text": "متن تنظیم نشده است",
    "gateway.code.no_username": "نام کاربری تنظیم نشده است",
    "gateway.code.no_password": "کلمه عبور تنظیم نشده است",
    "gateway.code.no_domain": "نام دامین تنظیم نشده است",
    "gateway.code.licence_revoked": "مجوز شما باطل شده است",
    "gateway.code.no_link_for_number": "برای این شماره لینک تعریف نشده است",
    "gateway.code.link_not_permitted": "عدم مجوز برای اتصال لینک",
    "gateway.code.daily_cap": "سقف ارسال روزانه پر شده است",
    "gateway.code.owner_not_registered": "اطلاعات مالک شماره ثبت و تایید نشده است",
    "gateway.code.panel_not_permitted_yet": "هنوز اجازه ارسال به این شماره پنل داده نشده است",
    "gateway.code.ip_not_allowed": "ارسال از IP غیرمجاز انجام شده است",
    "gateway.code.blocked_promotional": "مخاطب دریافت پیام‌های تبلیغاتی خود را بسته است",
    "gateway.code.delivered": "رسیده به گوشی",
    "gateway.code.not_delivered": "نرسیده به گوشی",
    "gateway.code.expired": "وضعیت دریافت پیامک منقضی شده است",
    "gateway.code.unknown_yet": "وضعیت پیامک نامشخص است",
    "gateway.code.control_characters": "متن نویسه‌های کنترلی دارد که ارسال‌شدنی نیستند",
    "gateway.code.undocumented": "پاسخی مستندنشده",
    "gateway.fault.bad_address": "نشانی تنظیم‌شده برای درگاه نشانی معتبری نیست",
    "gateway.fault.connect_timeout": "مهلت اتصال به درگاه به پایان رسید",
    "gateway.fault.connect_failed": "اتصال به درگاه برقرار نشد",
    "gateway.fault.timeout": "درگاه در زمان مقرر پاسخ نداد",
    "gateway.fault.connection_closed": "ارتباط با درگاه قطع شد",
    "gateway.fault.http_error": "درخواست به درگاه ناموفق بود",
    "gateway.fault.http_status": "درگاه با خطای HTTP {code} پاسخ داد",
    "gateway.fault.empty_answer": "درگاه پاسخ خالی فرستاد",
    "gateway.fault.malformed_answer": "پاسخ درگاه خواندنی نبود",
    "gateway.fault.html_page": "درگاه به جای پاسخ یک صفحهٔ وب فرستاد",
    "gateway.fault.request_invalid": "درخواست ساخته نشد",
    "gateway.fault.soap_fault": "درگاه خطا گزارش کرد: {detail}",
    "gateway.fault.closed": "ربات در حال توقف است",
    "gateway.fault.proxy_failed": "اتصال به درگاه از راه پراکسی (SMS_PROXY) برقرار نشد",
    "gateway.fault.wsdl": "توضیح وب‌سرویس (SMS_WSDL) به کار نمی‌آید: {detail}",
    "gateway.unsupported.flash": (
        "با روش لینک نمی‌توان پیامک فلش فرستاد؛ با "
        "وب‌سرویس (SMS_TRANSPORT=soap) می‌توان"
    ),
    "gateway.unsupported.schedule": (
        "با روش لینک نمی‌توان پیامک زمان‌بندی‌شده فرستاد؛ با "
        "وب‌سرویس (SMS_TRANSPORT=soap) می‌توان"
    ),
    "gateway.unsupported.delivery": (
        "روش لینک وضعیت تحویل پیامک را گزارش نمی‌دهد؛ "
        "وب‌سرویس (SMS_TRANSPORT=soap) گزارش می‌دهد"
    ),
    "gateway.unsupported.balance": (
        "روش لینک اعتبار باقی‌مانده را گزارش نمی‌دهد؛ "
        "وب‌سرویس (SMS_TRANSPORT=soap) گزارش می‌دهد"
    ),
    # sends
    "sent.tracked": (
        "✅ {kind} به <code>{number}</code> · {parts} · شناسه <code>{smsid}</code>\n"
        "گزارش تحویل را همین‌جا می‌فرستم."
    ),
    "sent.untracked": (
        "✅ {kind} به <code>{number}</code> · {parts}\n"
        "ارسال با {transport} شناسه پیامک برنمی‌گرداند، پس پیگیری تحویل ممکن نیست."
    ),
    "sent.scheduled": (
        "🕒 برای {moment} به <code>{number}</code> زمان‌بندی شد · {parts}\n"
        "درگاه برای پیامک زمان‌بندی‌شده شناسه برنمی‌گرداند، پس پیگیری تحویل ممکن نیست."
    ),
    "kind.sms": "ارسال شد",
    "kind.flash": "پیامک فلش ارسال شد",
    "transport.soap": "وب‌سرویس",
    "transport.link": "روش لینک",
    "parts": "{count} بخش، {characters} نویسه ({encoding})",
    # balance, status, history
    "balance": "💳 اعتبار: <b>{credit}</b>",
    "status.line": "شناسه <code>{smsid}</code> · <code>{number}</code>\n{state} (کد <code>{code}</code>)",
    "status.not_ours": "شناسه <code>{smsid}</code> (از این ربات ارسال نشده)\n{state} "
    "(کد <code>{code}</code>)",
    "history.empty": "پیامکی با این مشخصات نیست.",
    "history.header": "<b>{count} پیامک آخر</b>",
    "history.line": "{moment} · <code>{number}</code> · {state}{smsid} · <i>{snippet}</i>",
    "history.smsid": " · <code>{smsid}</code>",
    # states of a stored message
    "state.queued": "در صف",
    "state.sending": "در حال ارسال",
    "state.sent": "ارسال‌شده",
    "state.failed": "ناموفق",
    "state.unknown": "نتیجه نامعلوم",
    "state.cancelled": "لغوشده",
    "state.delivered": "تحویل‌شده",
    "state.not_delivered": "تحویل‌نشده",
    "state.expired": "منقضی",
    "state.pending": "در انتظار گزارش",
    # واژه‌های دیگری که /history برای هر وضعیت می‌پذیرد، جدا با کامای لاتین
    "state.also.delivered": "رسیده, رسیده به گوشی",
    "state.also.undelivered": "نرسیده, نرسیده به گوشی",
    "state.also.expired": "منقضی‌شده",
    "state.also.pending": "در انتظار, منتظر, بی‌گزارش",
    "state.also.sent": "فرستاده‌شده",
    "state.also.failed": "",
    "state.also.unknown": "نامعلوم, نامشخص",
    "state.also.scheduled": "زمان‌بندی",
    "state.also.queued": "هنوز ارسال‌نشده",
    "state.also.sending": "",
    "state.also.cancelled": "لغو",
    # delivery reports
    "report.delivery": "📬 <code>{number}</code> · شناسه <code>{smsid}</code>\n{state} "
    "(کد <code>{code}</code>)",
    "report.gave_up": "📭 <code>{number}</code> · شناسه <code>{smsid}</code>\nدر بازه پیگیری "
    "گزارش نهایی نیامد؛ آخرین پاسخ: {state} (کد <code>{code}</code>)",
    # notices to admins
    "notice.startup": "🟢 ربات smsbridge {version} روشن شد · ارسال با {transport} · اعتبار {credit}",
    "notice.startup_sandbox": "🧪 حالت آزمایشی: پیامک‌ها به شبیه‌ساز داخلی می‌روند، نه به گوشی‌ها.",
    "notice.credit_unknown": "نامعلوم",
    "notice.low_credit": "🔻 اعتبار کم است: {credit} باقی مانده (آستانه هشدار {threshold}).",
    "notice.account": "🚨 مشکل حساب: {reason} (کد <code>{code}</code>)",
    "notice.interrupted": "⚠️ {count} پیامک هنگام توقف ربات در حال ارسال بود. نتیجه آن‌ها نامعلوم "
    "است و دوباره ارسال نشدند: پنل را بررسی کنید.",
    # bulk
    "bulk.ask_text": "حالا متن پیامک را بفرستید ({count} گیرنده).",
    "bulk.no_recipients": (
        "هیچ شماره معتبری پیدا نشد. در هر خط یک شماره بنویسید، یا در فایل CSV یا اکسل ستونی با نام "
        "<code>شماره</code>، <code>موبایل</code>، <code>تلفن</code>، <code>phone</code>، "
        "<code>mobile</code> یا <code>number</code> بگذارید."
    ),
    "bulk.bad_file": "فقط فایل‌های .txt، .csv و .xlsx را می‌توانم بخوانم.",
    "bulk.file_too_big": "فایل خیلی بزرگ است (حداکثر {limit} کیلوبایت).",
    "bulk.download_failed": "دریافت فایل ممکن نشد؛ لطفاً دوباره بفرستید.",
    "bulk.bad_caption": "در عنوان فایل <code>/bulk</code> و متن پیامک را بنویسید.",
    "bulk.confirm": (
        "📣 <b>کارزار #{id}</b>\n"
        "گیرندگان: {total}\nخط‌های نامعتبر (رد شد): {invalid}\nتکراری‌ها (حذف شد): {duplicates}\n"
        "هر پیامک: {parts}\nاعتبار لازم: {needed}\nاعتبار فعلی: {credit}"
    ),
    "bulk.text_preview": "\n\n<b>متن</b>\n<blockquote>{text}</blockquote>",
    "bulk.invalid_list": "\n\n<b>خط‌های نامعتبر</b>\n{lines}",
    "bulk.invalid_line": "خط {line}: <code>{content}</code>",
    "bulk.invalid_more": "… و {count} مورد دیگر",
    "bulk.short_credit": "\n\n⚠️ اعتبار برای همه گیرندگان کافی نیست.",
    "bulk.button_send": "✅ ارسال",
    "bulk.button_cancel": "✖️ لغو",
    "bulk.button_resume": "▶️ ادامه",
    "bulk.progress": (
        "📤 <b>کارزار #{id}</b>\n{bar} {percent}٪\n"
        "ارسال‌شده {sent} · ناموفق {failed} · نامعلوم {unknown} · باقی‌مانده {remaining}\n"
        "{rate} در ثانیه · "
        "حدود {eta} مانده"
    ),
    "bulk.progress_ended": (
        "📤 <b>کارزار #{id}</b>\n{bar} {percent}٪\n"
        "ارسال‌شده {sent} · ناموفق {failed} · نامعلوم {unknown} · باقی‌مانده {remaining}\n{state}"
    ),
    "bulk.started": "ارسال شروع شد.",
    "bulk.cancelled": "✖️ کارزار #{id} لغو شد.",
    "bulk.already": "کارزار #{id} از قبل {state} است.",
    "bulk.title.finished": "🏁 <b>کارزار #{id}</b> تمام شد",
    "bulk.title.cancelled": "✖️ <b>کارزار #{id}</b> لغو شد",
    "bulk.summary": (
        "{title}\n"
        "ارسال‌شده {sent} · ناموفق {failed} · نتیجه نامعلوم {unknown} · ارسال‌نشده {cancelled}"
    ),
    "bulk.failure_reason": "{reason}: {count}",
    "bulk.failures_file": "ناموفق‌های کارزار #{id}",
    "bulk.failures_name": "ناموفق‌های-کارزار-{id}.csv",
    "bulk.csv_columns": "شماره|وضعیت|کد|علت",
    "bulk.reason.transport": "اتصال به درگاه برقرار نشد",
    "bulk.reason.undocumented": "پاسخ ناشناخته {code}",
    "bulk.paused": (
        "⏸ <b>کارزار #{id}</b> متوقف شد: {why}\n"
        "ارسال‌شده {sent} · ناموفق {failed} · نتیجه نامعلوم {unknown} · هنوز ارسال‌نشده {remaining}\n"
        "برای ادامه «ادامه» را بزنید: فقط به ارسال‌نشده‌ها فرستاده می‌شود."
    ),
    "bulk.why_gateway": "{reason} (کد <code>{code}</code>)",
    "bulk.why_internal": "یک خطای داخلی (ثبت شد)",
    "bulk.interrupted": (
        "⏸ کارزار #{id} نیمه‌کاره ماند: {sent} ارسال‌شده، {unknown} نتیجه نامعلوم، "
        "{remaining} هنوز ارسال‌نشده. با «ادامه» فقط به ارسال‌نشده‌ها فرستاده می‌شود."
    ),
    "bulk.delivery": (
        "📬 <b>کارزار #{id}</b> تحویل: رسیده {delivered} · نرسیده {failed} · "
        "منقضی {expired} · بی‌گزارش {pending}"
    ),
    "bulk.expired_button": "این دکمه دیگر معتبر نیست.",
    "campaign.draft": "در انتظار ارسال",
    "campaign.running": "در حال ارسال",
    "campaign.paused": "متوقف",
    "campaign.cancelled": "لغوشده",
    "campaign.finished": "تمام‌شده",
    # export, stats
    "export.caption": "پیامک‌های {days} روز اخیر: {count}",
    "export.part": "پیامک‌های {days} روز اخیر: {count} (فایل {part} از {files})",
    "export.empty": "در {days} روز اخیر پیامکی نیست.",
    "stats": "📊 <b>امروز</b>\n{today}\n\n📊 <b>این ماه</b>\n{month}",
    "stats.line": "{state}: {count}",
    "stats.credit": "اعتبار مصرف‌شده: {parts}",
    "stats.none": "هنوز چیزی نیست",
    "duration.seconds": "{n} ثانیه",
    "duration.minutes": "{n} دقیقه",
    "duration.hours": "{n} ساعت",
    # campaigns and conversations (task B: outages, resend of unknown outcomes, drafts, hints)
    "bulk.how": (
        "📣 دستور <b>/bulk</b> یک متن را به چند شماره می‌فرستد. اگر متن را ننویسید آن را "
        "می‌پرسم، و پیش از هر ارسال، پیام تاییدی با دکمه «ارسال» می‌آید."
    ),
    "bulk.wait_expired": "⌛ مهلت فرستادن متن برای این فهرست تمام شد. فهرست را دوباره با /bulk بفرستید.",
    "bulk.draft_lifetime": "\n\nدکمه‌ها تا {hours} ساعت معتبرند.",
    "bulk.draft_expired": "مهلت کارزار #{id} تمام شد: در ۲۴ ساعت ارسال نشد.",
    "bulk.button_unknown": "🔁 ارسال دوباره به {count} گیرنده با نتیجه نامعلوم — شاید دو بار دریافت کنند",
    "bulk.resend_warning": (
        "⚠️ کارزاری تازه برای {count} گیرنده از کارزار #{id} که نتیجه ارسالشان نامعلوم است: "
        "ممکن است درگاه پیامک را قبلا برایشان فرستاده باشد و آن را دو بار دریافت کنند."
    ),
    "bulk.why_uncoded": "{reason}",
    "bulk.why_outage": "{count} ارسال پشت سر هم ناموفق بود ({why})",
    "bulk.pause_kind.credentials": "درگاه نام کاربری یا کلمه عبور را نپذیرفت",
    "bulk.pause_kind.account": "درگاه حساب کاربری را نپذیرفت",
    "bulk.pause_kind.credit": "اعتبار کافی نیست یا سقف ارسال روزانه پر شده است",
    "bulk.pause_kind.transport": "اتصال به درگاه برقرار نشد",
    "bulk.pause_kind.outcome_unknown": "درگاه دیگر پاسخ نداد",
    "bulk.stalled_paused": (
        "⏸ کارزار #{id} متوقف است: {why}. {sent} ارسال‌شده، {unknown} نتیجه نامعلوم، "
        "{remaining} هنوز ارسال‌نشده. پس از رفع مشکل «ادامه» را بزنید."
    ),
    "hint.unknown_command": "این دستور را نمی‌شناسم. فهرست دستورها در /help است.",
    "hint.stray_text": "برای ارسال پیامک با دستوری مثل /send شروع کنید؛ همه دستورها در /help است.",
    "send.confirm_long": (
        "✉️ این متن {parts} است؛ ارسال آن به <code>{number}</code> {needed} واحد اعتبار می‌برد "
        "(اعتبار فعلی: {credit}). تا «ارسال» را نزنید چیزی فرستاده نمی‌شود."
    ),
    "send.button_confirm": "✅ ارسال ({count} بخش)",
    "send.confirm_expired": "مهلت این تایید تمام شده است؛ دستور را دوباره بفرستید.",
    # trust at the edges (issue 10): numbers, uploaded files, CSV headers, private data
    "input.phone.digit_count": (
        "شماره <code>{raw}</code> {count} رقم دارد؛ شماره موبایل به این شکل {expected} رقم دارد."
    ),
    "input.phone.grouping": (
        "عبارت <code>{raw}</code> یک شماره نیست. آن را یک‌جا (<code>09121234567</code>) "
        "یا به شکل <code>0912 123 4567</code> بنویسید."
    ),
    "upload.bad_encoding": (
        "این فایل را نتوانستم به‌صورت متن بخوانم. آن را به‌صورت متن ساده یا CSV با کدگذاری UTF-8 "
        "(یا UTF-16 یا Windows-1256) ذخیره کنید و دوباره بفرستید."
    ),
    "private_only": "🔒 این دستور اطلاعات مشتری‌ها را برمی‌گرداند و فقط در گفت‌وگوی خصوصی با من کار می‌کند.",
    "export.csv_columns": (
        "شناسه|زمان ({zone})|زمان شمسی ({zone})|گیرنده|وضعیت|کد تحویل|معنی کد تحویل|"
        "کد درگاه|smsid|تعداد بخش|فلش|کارزار|زمان‌بندی ({zone})|متن"
    ),
    # charts and reports people look at, and the weekly report (issue 16)
    "chart.sent": "ارسال‌شده، بی‌گزارش",
    "chart.delivered": "تحویل‌شده",
    "chart.failed": "ناموفق",
    "chart.rate": "نرخ تحویل",
    "chart.percent": "{n}٪",
    "chart.rate_none": "–",
    "stats.window": (
        "📊 <b>{days} روز اخیر</b> ({first} تا {last})\n"
        "تحویل‌شده {delivered} · ارسال‌شده بی‌گزارش {sent} · ناموفق {failed} · "
        "نرخ تحویل {rate}\nاعتبار مصرف‌شده در این روزها: {parts}"
    ),
    "usage.stats": "نحوه استفاده: <code>/stats [روز]</code>، مثلاً <code>/stats 90</code>",
    "input.chart_days": "عبارت <code>{raw}</code> تعداد روزی بین {lowest} و {highest} نیست.",
    "weekly.report": (
        "🗓 <b>گزارش هفتگی</b>\n{window}\nاعتبار باقی‌مانده: {credit}\n\n<b>کارزارها</b>\n{campaigns}"
    ),
    "weekly.campaign": "کارزار #{id}: {total} گیرنده، {status}",
    "weekly.no_campaigns": "هیچ",
    "weekly.more": "… و {count} کارزار دیگر",
    # زمان‌بندی‌هایی که ربات نگه می‌دارد (SCHEDULE_MODE=bot)
    "cmd.scheduled": "پیامک‌های زمان‌بندی‌شده",
    "cmd.cancel": "لغو یک زمان‌بندی",
    "usage.cancel": (
        "نحوه استفاده: <code>/cancel 12</code> (شماره‌ای از /scheduled؛ برای کارزار <code>C7</code>)"
    ),
    "input.schedule_id": "عبارت <code>{raw}</code> شماره زمان‌بندی نیست.",
    "input.repeat": (
        "تکرار را نفهمیدم. بنویسید <code>هر روز 09:30</code>، "
        "<code>هر هفته دوشنبه 09:30</code> یا <code>هر ماه 15 09:30</code> "
        "و بعد شماره و متن را."
    ),
    "state.scheduled": "زمان‌بندی‌شده",
    "sched.confirm": (
        "🕒 زمان‌بندی #{id} برای {moment} به <code>{number}</code> · {parts}\n"
        "در آن زمان می‌فرستمش و گزارش تحویل را همین‌جا می‌دهم."
    ),
    "sched.confirm_repeat": (
        "🔁 زمان‌بندی #{id}: هر {rule} به <code>{number}</code> · {parts}\n"
        "نخستین ارسال {moment}. هر نوبت جداگانه فرستاده و پیگیری می‌شود."
    ),
    "sched.button_cancel": "✖️ لغو",
    "sched.button_send": "▶️ همین حالا بفرست",
    "sched.button_cancel_one": "✖️ لغو {id}",
    "sched.cancelled": "✖️ زمان‌بندی #{id} لغو شد.",
    "sched.sending": "زمان‌بندی #{id} در حال ارسال است و دیگر لغوشدنی نیست.",
    "sched.done": "زمان‌بندی #{id} دیگر در انتظار نیست (فرستاده یا لغو شده است).",
    "sched.missing": "زمان‌بندی #{id} وجود ندارد.",
    "sched.started": "ارسال شروع شد.",
    "sched.campaign_not_scheduled": "کارزار #{id} دیگر در انتظار زمانش نیست.",
    "sched.empty": "چیزی زمان‌بندی نشده است.",
    "sched.list_header": "<b>زمان‌بندی‌شده‌ها ({count})</b>، نزدیک‌ترین اول",
    "sched.list_line": "<b>{label}</b> · {moment} · {target}{extra}\n<i>{snippet}</i>",
    "sched.list_number": "<code>{number}</code>",
    "sched.list_campaign": "کارزار با {count} گیرنده",
    "sched.list_repeat": " · 🔁 هر {rule}",
    "sched.list_held": " · ⏸ زمانش گذشت؛ منتظر تصمیم شما",
    "sched.sent_tracked": (
        "🕒 پیامک زمان‌بندی‌شده به <code>{number}</code> فرستاده شد · شناسه <code>{smsid}</code>"
    ),
    "sched.sent_untracked": (
        "🕒 پیامک زمان‌بندی‌شده به <code>{number}</code> فرستاده شد؛ این روش ارسال شناسه "
        "برنمی‌گرداند، پس پیگیری تحویل ممکن نیست."
    ),
    "sched.failed": "🕒 پیامک زمان‌بندی‌شده به <code>{number}</code>:\n{reason}",
    "sched.late": (
        "⏰ موعد زمان‌بندی #{id} به <code>{number}</code> ({moment}) وقتی ربات خاموش بود گذشت "
        "و پیامک فرستاده نشد. همین حالا بفرستم یا لغوش کنم؟"
    ),
    "sched.late_campaign": (
        "⏰ موعد شروع کارزار #{id} ({moment}) وقتی ربات خاموش بود گذشت و کارزار شروع نشد. "
        "همین حالا شروعش کنم یا لغوش کنم؟"
    ),
    "sched.gateway_repeat": (
        "زمان‌بندی تکراری به SCHEDULE_MODE=bot نیاز دارد: درگاه نمی‌تواند پیامک را تکرار کند."
    ),
    "rule.day": "روز ساعت {at}",
    "rule.week": "{weekday} ساعت {at}",
    "rule.month": "ماه، روز {day} ساعت {at}",
    "weekday.0": "دوشنبه",
    "weekday.1": "سه‌شنبه",
    "weekday.2": "چهارشنبه",
    "weekday.3": "پنج‌شنبه",
    "weekday.4": "جمعه",
    "weekday.5": "شنبه",
    "weekday.6": "یکشنبه",
    "bulk.button_schedule": "🕒 زمان‌بندی",
    "bulk.ask_time": (
        "کارزار #{id} کی شروع شود؟ زمان را مثل /schedule بفرستید: "
        "<code>+30m</code>، <code>+2h</code>، <code>1405-09-10 09:30</code> یا میلادی "
        "<code>2026-12-01 09:30</code>."
    ),
    "bulk.time_expired": "⌛ زمانی نرسید و کارزار زمان‌بندی نشد. دوباره «زمان‌بندی» را بزنید.",
    "bulk.scheduled": "🕒 کارزار #{id} در {moment} شروع می‌شود.",
    # network: proxies and outages
    "notice.gateway_unreachable": (
        "⚠️ درگاه پیامک هم‌اکنون در دسترس نیست: {reason}. تا وقتی پاسخ ندهد ارسال‌ها ناموفق "
        "می‌مانند؛ بررسی وضعیت تحویل همچنان ادامه دارد."
    ),
    # مخاطبان، گروه‌ها، متن شخصی، الگوها، فهرست لغو دریافت (issue 14)
    "bulk.bad_workbook": "این فایل .xlsx خوانده نشد؛ آن را دوباره در اکسل ذخیره کنید و بفرستید.",
    "bulk.scientific": (
        "\n\n⚠️ بعضی شماره‌ها شبیه <code>9.12123E+09</code> هستند: اکسل آن‌ها را به شکل علمی "
        "نوشته و رقم‌های آخرشان از دست رفته است. قالب ستون شماره را <b>Text</b> کنید، شماره‌ها را "
        "دوباره وارد کنید (یا فایل را .xlsx ذخیره کنید) و دوباره بفرستید."
    ),
    "audience.confirm": (
        "📣 <b>کارزار #{id}</b> (متن شخصی برای هر نفر)\n"
        "گیرندگان: {total}\nخط‌های نامعتبر (رد شد): {invalid}\nتکراری‌ها (حذف شد): {duplicates}\n"
        "تعداد بخش هر پیامک: {fewest} تا {most}\nاعتبار لازم: {needed}\nاعتبار فعلی: {credit}"
    ),
    "audience.blocked": "\nشماره‌های مسدود (کنار گذاشته شد): {count}",
    "audience.missing_list": "\n\n<b>کنار گذاشته شد، چون فیلدی از متن را ندارند ({count})</b>\n{lines}",
    "audience.missing_line": "<code>{number}</code>: {fields}",
    "audience.preview": "\n\n<b>چند پیامک اول، همان‌طور که فرستاده می‌شوند</b>\n{items}",
    "audience.preview_item": "<code>{number}</code>\n<blockquote>{text}</blockquote>",
    "audience.nobody": (
        "گیرنده‌ای باقی نماند: {blocked} شماره مسدود است و {missing} نفر فیلدی از متن را ندارند."
    ),
    "audience.no_group": "گروه مخاطبی با نام <code>{name}</code> نیست؛ فهرست گروه‌ها: /contacts",
    "audience.empty_group": "گروه <code>{name}</code> هیچ مخاطبی ندارد.",
    "audience.group_usage": "نحوه استفاده: <code>/bulk @گروه {lb}نام{rb} عزیز، …</code>",
    "template.unknown": "الگویی با نام <code>#{name}</code> نیست؛ فهرست الگوها: <code>/template list</code>",
    "template.needs_fields": (
        "این متن فیلدهایی می‌خواهد که یک پیامک تکی ندارد: {fields}. برای هرکدام مقدار پیش‌فرض "
        "بگذارید، مثلاً <code>{lb}نام|مشتری{rb}</code>، یا آن را با /bulk به یک گروه بفرستید."
    ),
    "cmd.contacts": "گروه‌های مخاطبان",
    "cmd.template": "متن‌های ذخیره‌شده",
    "cmd.blocked": "فهرست لغو دریافت",
    "usage.contacts": (
        "نحوه استفاده: <code>/contacts</code> (فهرست گروه‌ها)، <code>/contacts گروه</code> "
        "(فایل CSV گروه)، فایل .csv/.txt/.xlsx با عنوان <code>/contacts import گروه</code>، "
        "<code>/contacts remove 09121234567</code>، <code>/contacts drop گروه</code>"
    ),
    "contacts.bad_name": (
        "نام <code>{name}</code> پذیرفتنی نیست: نام باید یک کلمه از حروف، رقم، <code>_</code> "
        "یا <code>-</code> باشد، حداکثر ۳۲ نویسه."
    ),
    "contacts.ask_file": (
        "فایل (.csv، .txt یا .xlsx) را با عنوان <code>/contacts import {group}</code> بفرستید."
    ),
    "contacts.imported": "📇 گروه <b>{group}</b>: {added} مخاطب اضافه و {updated} مخاطب به‌روز شد.",
    "contacts.none": "هنوز گروه مخاطبی ساخته نشده است.",
    "contacts.list": "<b>گروه‌های مخاطبان</b>\n{lines}",
    "contacts.list_line": "<code>{name}</code>: {count}",
    "contacts.private_only": "فهرست مخاطبان فقط در گفت‌وگوی خصوصی با ربات فرستاده می‌شود.",
    "contacts.no_group": "گروه مخاطبی با نام <code>{name}</code> نیست؛ فهرست گروه‌ها: /contacts",
    "contacts.file_caption": "گروه {group}: {count} مخاطب",
    "contacts.csv_number": "شماره",
    "contacts.removed": "<code>{number}</code> از {count} گروه حذف شد.",
    "contacts.drop_confirm": "گروه <b>{group}</b> با {count} مخاطبش حذف شود؟",
    "contacts.button_drop": "🗑 حذف شود",
    "contacts.button_keep": "بماند",
    "contacts.dropped": "🗑 گروه <b>{group}</b> حذف شد ({count} مخاطب).",
    "contacts.kept": "گروه سر جایش ماند.",
    "usage.template": (
        "نحوه استفاده: <code>/template save نام {lb}نام{rb} عزیز، …</code>، <code>/template list</code>، "
        "<code>/template delete نام</code>؛ سپس <code>#نام</code> را به‌جای کل متن در "
        "/send، /schedule یا /bulk بنویسید"
    ),
    "template.saved": "💾 الگوی <code>#{name}</code> ذخیره شد.",
    "template.deleted": "الگوی <code>#{name}</code> حذف شد.",
    "template.not_found": "الگویی با نام <code>#{name}</code> نیست.",
    "template.none": "هنوز الگویی ذخیره نشده است.",
    "template.list": "<b>الگوها</b>\n{lines}",
    "template.list_line": "<code>#{name}</code>\n<blockquote>{text}</blockquote>",
    "usage.block": "نحوه استفاده: <code>/block 09121234567 [دلیل]</code>",
    "usage.unblock": "نحوه استفاده: <code>/unblock 09121234567</code>",
    "block.added": "⛔ <code>{number}</code> مسدود شد: دیگر پیامکی به آن فرستاده نمی‌شود.",
    "block.already": "<code>{number}</code> از قبل مسدود بود ({reason}).",
    "block.removed": "✅ <code>{number}</code> دیگر مسدود نیست.",
    "block.not_blocked": "<code>{number}</code> مسدود نیست.",
    "block.none": "هیچ شماره‌ای مسدود نیست.",
    "block.count": "⛔ {count} شماره مسدود است.",
    "block.file_caption": "شماره‌های مسدود: {count}",
    "block.csv_columns": "شماره|دلیل|smsid|از زمان",
    "block.reason_delivery": "دریافت پیامک تبلیغاتی را بسته است (وضعیت تحویل ۴)",
    "block.no_reason": "بی‌دلیل",
    "block.refused": (
        "⛔ <code>{number}</code> در فهرست لغو دریافت است ({reason})؛ چیزی فرستاده نشد.\n"
        "برای فرستادن دوباره به آن: <code>/unblock {number}</code>"
    ),
    "results.file_caption": "کارزار #{id}: همه گیرندگان و پیامکی که هرکدام گرفت",
    "results.csv_columns": "شماره|متن فرستاده‌شده|smsid|وضعیت ارسال|وضعیت تحویل",
    "results.button": "📄 فایل نتیجه",
    "results.button_resend": "🔁 ارسال دوباره به {count} ناموفق",
    "results.nothing": "چیزی برای ارسال دوباره نیست.",
    "results.expired": "این کارزار دیگر وجود ندارد.",
    "audience.choose_group": (
        "به کدام گروه مخاطبان؟ (یا شماره‌ها را هرکدام در یک خط بعد از <code>/bulk</code> بنویسید.)"
    ),
    "audience.group_button": "{name} ({count})",
    "audience.group_chosen": (
        "گروه <b>{group}</b>: {count} مخاطب. حالا متن را بفرستید؛ جای‌نگهدارهایی مثل "
        "<code>{lb}نام{rb}</code> از فیلدهای مخاطبان پر می‌شوند."
    ),
    # wording, second read (issue 10 §7): words the handlers used to hold, a missing campaign
    "encoding.gsm7": "حروف لاتین",
    "encoding.ucs2": "یونیکد، مثل فارسی",
    "bulk.missing": "کارزار #{id} وجود ندارد.",
    "bulk.paused_nothing_left": (
        "⏸ <b>کارزار #{id}</b> متوقف شد: {why}\n"
        "ارسال‌شده {sent} · ناموفق {failed} · نتیجه نامعلوم {unknown} · چیزی برای ارسال نمانده\n"
        "برای بستن کارزار و دیدن خلاصه‌اش «ادامه» را بزنید."
    ),
    # network2 (#11): TLS through CONNECT
    "gateway.fault.tls_failed": (
        "گواهی TLS درگاه پذیرفته نشد (اگر پشت پراکسی‌ای هستید که ترافیک TLS را رهگیری می‌کند، "
        "گواهی ریشهٔ آن را در SSL_CERT_FILE معرفی کنید)"
    ),
    # --- opt-out at send time (task M) ---
    "sched.blocked": (
        "⛔ پیامک زمان‌بندی‌شده به <code>{number}</code> فرستاده نشد: این شماره پس از "
        "زمان‌بندی در فهرست لغو دریافت قرار گرفته است ({reason}).\nبرای فرستادن دوباره به آن: "
        "<code>/unblock {number}</code>"
    ),
    "sched.blocked_series": "\nتکرارها ادامه دارد و هر بار فهرست دوباره بررسی می‌شود.",
    "bulk.summary_blocked": "⛔ فرستاده‌نشده، چون پس از ساخت کارزار مسدود شدند: {count}",
    "history.scheduled_for": "زمان‌بندی‌شده برای {moment}",
    "state.cancelled_blocked": "لغوشده (مسدود)",
    # team: roles, quotas, approvals, audit (task I)
    "help.team": (
        "\n\n<b>تیم</b> (مالک‌ها و مدیرها)\n"
        "/users – چه کسی چه نقش و سقفی دارد؛ <code>/users add 123456789 operator</code>، "
        "<code>role</code>، <code>quota</code>، <code>remove</code>\n"
        "/audit <code>[n] [user id]</code> – چه کسی چه کرد"
    ),
    "cmd.users": "کاربران ربات و نقش‌هایشان",
    "cmd.audit": "چه کسی چه کرد",
    "team.too_low": "⛔ نقش شما ({role}) اجازه این کار را نمی‌دهد؛ این کار نقش {needed} می‌خواهد.",
    "team.not_yours": "این کار متعلق به عضو دیگری از تیم است.",
    "team.role.owner": "مالک",
    "team.role.admin": "مدیر",
    "team.role.operator": "اپراتور",
    "team.role.viewer": "ناظر",
    "usage.users": (
        "نحوه استفاده: <code>/users</code>، <code>/users add 123456789 operator</code>، "
        "<code>/users role 123456789 viewer</code>، <code>/users quota 123456789 500</code> "
        "(بخش پیامک در روز، ۰ یعنی بدون سقف)، <code>/users remove 123456789</code>. نقش‌ها: "
        "admin (مدیر)، operator (اپراتور)، viewer (ناظر)."
    ),
    "usage.audit": "نحوه استفاده: <code>/audit [n] [user id]</code>، مثلا <code>/audit 50 123456789</code>",
    "team.bad_command": "متوجه نشدم.",
    "team.bad_audit": "کلمه‌ها بیش از حد است.",
    "team.bad_user_id": "عبارت <code>{raw}</code> شناسه کاربر تلگرام نیست.",
    "team.bad_role": "عبارت <code>{raw}</code> نام یک نقش نیست.",
    "team.refused.owner": (
        "<code>{user_id}</code> مالک است (ADMIN_IDS): مالک‌ها همه اختیارات را دارند و اینجا "
        "تغییر نمی‌کنند."
    ),
    "team.refused.member": "<code>{user_id}</code> از قبل نقش دارد؛ با /users role آن را تغییر دهید.",
    "team.refused.not_member": "<code>{user_id}</code> نقشی ندارد.",
    "team.refused.role": "این نقش را نمی‌توان داد.",
    "team.done.add": "✅ <code>{user_id}</code> اکنون {role} است.",
    "team.done.role": "✅ <code>{user_id}</code> اکنون {role} است.",
    "team.done.quota": "✅ سقف روزانه <code>{user_id}</code> اکنون {parts} بخش است (۰ یعنی بدون سقف).",
    "team.done.remove": "✅ <code>{user_id}</code> دیگر نقشی ندارد.",
    "team.header": "👥 <b>تیم</b> ({count})",
    "team.line": "<code>{user_id}</code> · {name} · {role} · {quota} · {last}",
    "team.quota": "{parts} بخش در روز",
    "team.no_quota": "بدون سقف",
    "team.last": "آخرین کار: {action}، {moment}",
    "team.never": "هنوز کاری نکرده",
    "quota.exceeded": (
        "🚫 بیش از سقف روزانه: این ارسال {needed} بخش می‌خواهد و امروز {left} از {limit} بخش "
        "باقی مانده است. چیزی ارسال نشد."
    ),
    "approval.request": "🙋 <b>{who}</b> اجازه ارسال کارزار #{id} را می‌خواهد:",
    "approval.button_yes": "✅ تایید",
    "approval.button_no": "✖️ رد",
    "approval.asked": "برای تایید فرستاده شد.",
    "approval.waiting": "کارزار #{id} از قبل در انتظار تایید است.",
    "approval.sent_to": (
        "⏳ کارزار #{id} به تایید نیاز دارد: از {count} مالک و مدیر خواسته شد. تا یکی از آنها "
        "تایید نکند چیزی ارسال نمی‌شود."
    ),
    "approval.nobody": (
        "⏳ کارزار #{id} به تایید نیاز دارد، اما به هیچ مالک یا مدیری دسترسی نبود: آنها باید "
        "اول یک گفتگوی خصوصی با من باز کنند."
    ),
    "approval.approved": "✅ کارزار #{id} ({total} گیرنده) را {who} تایید کرد.",
    "approval.rejected": "✖️ کارزار #{id} ({total} گیرنده) را {who} رد کرد.",
    "approval.gate.waiting": "کارزار #{id} در انتظار تایید است.",
    "approval.no_schedule": (
        "کارزار #{id} به تایید نیاز دارد: برای درخواست تایید «ارسال» را بزنید (کارزار تاییدشده "
        "بی‌درنگ شروع می‌شود)."
    ),
    "audit.action.schedule.cancel": "لغو زمان‌بندی",
    "audit.action.campaign.schedule": "زمان‌بندی کارزار",
    "approval.gate.rejected": "کارزار #{id} رد شده است.",
    "audit.empty": "هنوز چیزی در گزارش کارها ثبت نشده است.",
    "audit.header": "🧾 <b>گزارش کارها</b>: {count} مورد آخر",
    "audit.line": "{moment} · {who} · {action} {detail} · {recipients} گیرنده، {parts} بخش",
    "audit.file_in_private": "فایل CSV فقط در گفتگوی خصوصی فرستاده می‌شود.",
    "audit.caption": "گزارش کارها: {count} مورد",
    "audit.action.send": "ارسال",
    "audit.action.flash": "ارسال فلش",
    "audit.action.schedule": "زمان‌بندی",
    "audit.action.campaign.send": "شروع کارزار",
    "audit.action.campaign.resume": "ادامه کارزار",
    "audit.action.campaign.cancel": "لغو کارزار",
    "audit.action.approval.asked": "درخواست تایید",
    "audit.action.approval.approved": "تایید",
    "audit.action.approval.rejected": "رد",
    "audit.action.user.add": "افزودن کاربر",
    "audit.action.user.role": "تغییر نقش",
    "audit.action.user.quota": "تغییر سقف",
    "audit.action.user.remove": "حذف کاربر",
    # roles on the address book, results and schedules (task L, issue 15)
    "sched.not_yours": (
        "⛔ زمان‌بندی #{id} مال عضو دیگری از تیم است: اپراتور فقط زمان‌بندی‌های خودش را لغو "
        "یا ارسال می‌کند."
    ),
    "sched.campaign_not_yours": (
        "⛔ کارزار #{id} مال عضو دیگری از تیم است: اپراتور فقط کارزارهای خودش را لغو یا "
        "شروع می‌کند."
    ),
    "results.file_in_private": "فایل نتیجه‌ها در گفت‌وگوی خصوصی شما با ربات فرستاده می‌شود.",
    "audit.action.block": "مسدود کردن شماره",
    "audit.action.block.delivery": "مسدود شدن با گزارش تحویل (وضعیت ۴)",
    "audit.action.unblock": "رفع مسدودی شماره",
    "audit.action.template.save": "ذخیره الگو",
    "audit.action.template.delete": "حذف الگو",
    "audit.action.contacts.import": "افزودن مخاطبان",
    "audit.action.contacts.remove": "حذف شماره از مخاطبان",
    "audit.action.contacts.drop": "حذف گروه مخاطبان",
}
