"""Every code the 0098SMS guide documents, in one place (see shared/gateway-0098sms.md).

Three tables: the web service's return codes, the link API's codes, and the delivery states.
Anything not in a table is kept verbatim by the caller and reported as undocumented.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.gateway.errors import (
    ERROR_CLASS,
    ErrorKind,
    GatewayError,
    NotFoundError,
    UndocumentedAnswer,
)
from bot.states import FINAL_OUTCOMES, Outcome


@dataclass(frozen=True, slots=True)
class CodeInfo:
    name: str
    kind: ErrorKind
    en: str
    fa: str


K = ErrorKind

# Web-service (SOAP) error codes. Success (`2`, or a smsid of 9+ digits) is not an error.
SOAP_ERRORS: dict[str, CodeInfo] = {
    "-3": CodeInfo("credentials_mismatch", K.CREDENTIALS,
                   "username and password do not match, contact support",
                   "عدم تطابق نام کاربری و کلمه عبور. لطفا با پشتیبانی تماس بگیرید"),
    "10": CodeInfo("wrong_credentials", K.CREDENTIALS,
                   "wrong username or password, contact support",
                   "نام کاربری یا کلمه عبور اشتباه است. لطفا با پشتیبانی تماس بگیرید"),
    "11": CodeInfo("illegal_character", K.INPUT, "illegal character in the text",
                   "کاراکتر غیرمجاز در متن وجود دارد"),
    "-17": CodeInfo("empty_text", K.INPUT, "the text is empty", "متن پیامک خالی است"),
    "-18": CodeInfo("charging_error", K.CREDIT, "charging error, contact support",
                    "خطای شارژ. لطفا با پشتیبانی تماس بگیرید"),
    "-19": CodeInfo("insufficient_credit", K.CREDIT,
                    "not enough credit on the panel, top it up",
                    "شارژ پنل شما برای ارسال کافی نیست. لطفا پنل را شارژ کنید"),
    "-22": CodeInfo("invalid_mobile", K.INPUT, "the mobile number is not valid",
                    "شماره موبایل صحیح نیست"),
    "66": CodeInfo("credentials_mismatch_66", K.CREDENTIALS,
                   "username and password do not match, contact support",
                   "عدم تطابق نام کاربری و کلمه عبور. لطفا با پشتیبانی تماس بگیرید"),
    "1111": CodeInfo("illegal_character_1111", K.INPUT, "illegal character in the text",
                     "کاراکتر غیرمجاز در متن وجود دارد"),
    "Hang": CodeInfo("account_blocked", K.ACCOUNT,
                     "the account is blocked, contact support",
                     "حساب کاربری شما مسدود است. لطفا با پشتیبانی تماس بگیرید"),
    "No Doc": CodeInfo("registration_incomplete", K.ACCOUNT,
                       "the second step of registration is not done",
                       "مرحله دوم ثبت نام شما انجام نگرفته است. لطفا ثبت نام را کامل کنید"),
    "Doc N": CodeInfo("registration_incomplete_doc_n", K.ACCOUNT,
                      "the second step of registration is not done",
                      "مرحله دوم ثبت نام شما انجام نگرفته است. لطفا ثبت نام را کامل کنید"),
    "-23": CodeInfo("number_not_allowed_for_link", K.ACCOUNT,
                    "this number may not send through the link",
                    "عدم مجوز شماره برای ارسال از لینک"),
    "-24": CodeInfo("panel_number_error", K.ACCOUNT, "panel number error, contact support",
                    "خطا در شماره پنل. لطفا با پشتیبانی تماس بگیرید"),
    "-25": CodeInfo("panel_number_expired", K.ACCOUNT, "the panel number has expired, renew it",
                    "اتمام تاریخ اعتبار شماره پنل. برای استفاده تمدید شود"),
    "-26": CodeInfo("otp_not_configured", K.OTP, "OTP code settings not done",
                    "تنظیمات کد OTP انجام نشده است"),
    "-27": CodeInfo("otp_bad_format", K.OTP, "OTP code format is wrong",
                    "فرمت کد OTP صحیح نیست"),
    "-28": CodeInfo("otp_not_approved", K.OTP, "OTP code settings not approved by the admin",
                    "تنظیمات کد OTP توسط ادمین تایید نشده است"),
    "-29": CodeInfo("otp_bad_format_29", K.OTP, "OTP code format is wrong",
                    "فرمت کد OTP صحیح نیست"),
    "Wrong timestamp": CodeInfo("wrong_timestamp", K.SCHEDULING,
                                "the timestamp sent is not valid",
                                "تایم استمپ ارسال شده صحیح نیست"),
    "Wrong time": CodeInfo("wrong_time", K.SCHEDULING,
                           "the time is outside the allowed range (today up to one year ahead)",
                           "زمان مورد نظر در بازه صحیح نیست (از همان روز تا یک سال بعد)"),
    "-31": CodeInfo("smsid_not_found", K.INPUT, "smsid not found", "شناسه پیامک یافت نشد"),
    "-32": CodeInfo("smsid_mismatch", K.INPUT,
                    "smsid does not match (belongs to another account)",
                    "شناسه پیامک مطابقت ندارد (متعلق به حساب دیگری است)"),
}

# The link API's codes; `0` is success.
LINK_ERRORS: dict[str, CodeInfo] = {
    "1": CodeInfo("wrong_recipient", K.INPUT, "recipient number is wrong",
                  "شماره گیرنده اشتباه است"),
    "2": CodeInfo("no_recipient", K.INPUT, "recipient not given", "گیرنده تعریف نشده است"),
    "3": CodeInfo("no_sender", K.INPUT, "sender not given", "فرستنده تعریف نشده است"),
    "4": CodeInfo("no_text", K.INPUT, "text not given", "متن تنظیم نشده است"),
    "5": CodeInfo("no_username", K.CREDENTIALS, "username not given",
                  "نام کاربری تنظیم نشده است"),
    "6": CodeInfo("no_password", K.CREDENTIALS, "password not given",
                  "کلمه عبور تنظیم نشده است"),
    "7": CodeInfo("no_domain", K.INPUT, "domain not given", "نام دامین تنظیم نشده است"),
    "8": CodeInfo("licence_revoked", K.ACCOUNT, "your licence has been revoked",
                  "مجوز شما باطل شده است"),
    "9": CodeInfo("insufficient_credit", K.CREDIT, "not enough SMS credit",
                  "اعتبار پیامک شما کافی نیست"),
    "10": CodeInfo("no_link_for_number", K.ACCOUNT, "no link is defined for this number",
                   "برای این شماره لینک تعریف نشده است"),
    "11": CodeInfo("link_not_permitted", K.ACCOUNT, "not permitted to connect the link",
                   "عدم مجوز برای اتصال لینک"),
    "12": CodeInfo("wrong_credentials", K.CREDENTIALS, "wrong username or password",
                   "نام کاربری و کلمه عبور اشتباه است"),
    "13": CodeInfo("illegal_character", K.INPUT, "illegal character in the text",
                   "کاراکتر غیرمجاز در متن وجود دارد"),
    "14": CodeInfo("daily_cap", K.CREDIT, "daily sending cap reached",
                   "سقف ارسال روزانه پر شده است"),
    "16": CodeInfo("number_not_allowed_for_link", K.ACCOUNT,
                   "this number may not send through the link",
                   "عدم مجوز شماره برای ارسال از لینک"),
    "17": CodeInfo("panel_number_error", K.ACCOUNT, "panel number error, contact support",
                   "خطا در شماره پنل. لطفا با پشتیبانی تماس بگیرید"),
    "18": CodeInfo("panel_number_expired", K.ACCOUNT, "panel number has expired, renew it",
                   "اتمام تاریخ اعتبار شماره پنل. برای استفاده تمدید شود"),
    "19": CodeInfo("otp_not_configured", K.OTP, "OTP code settings not done",
                   "تنظیمات کد OTP انجام نشده است"),
    "20": CodeInfo("otp_bad_format", K.OTP, "OTP code format is wrong",
                   "فرمت کد OTP صحیح نیست"),
    "21": CodeInfo("otp_not_approved", K.OTP, "OTP code settings not approved by the admin",
                   "تنظیمات کد OTP توسط ادمین تایید نشده است"),
    "22": CodeInfo("owner_not_registered", K.ACCOUNT,
                   "the number owner's details are not registered and approved",
                   "اطلاعات مالک شماره ثبت و تایید نشده است"),
    "23": CodeInfo("panel_not_permitted_yet", K.ACCOUNT,
                   "sending from this panel number is not permitted yet",
                   "هنوز اجازه ارسال به این شماره پنل داده نشده است"),
    "24": CodeInfo("ip_not_allowed", K.ACCOUNT, "request came from an IP that is not allowed",
                   "ارسال از IP غیرمجاز انجام شده است"),
}

LINK_SUCCESS = "0"
SOAP_SENT = "2"


@dataclass(frozen=True, slots=True)
class StateInfo:
    name: str
    outcome: Outcome
    en: str
    fa: str

    @property
    def final(self) -> bool:
        return self.outcome in FINAL_OUTCOMES


DELIVERY_STATES: dict[str, StateInfo] = {
    "4": StateInfo("blocked_promotional", Outcome.FAILED,
                   "the recipient has blocked promotional messages",
                   "مخاطب دریافت پیام‌های تبلیغاتی خود را بسته است"),
    "5": StateInfo("delivered", Outcome.DELIVERED, "delivered to the handset",
                   "رسیده به گوشی"),
    "6": StateInfo("not_delivered", Outcome.FAILED, "not delivered to the handset",
                   "نرسیده به گوشی"),
    "7": StateInfo("expired", Outcome.EXPIRED, "the delivery status has expired",
                   "وضعیت دریافت پیامک منقضی شده است"),
    "8": StateInfo("unknown_yet", Outcome.PENDING, "the status is not known yet",
                   "وضعیت پیامک نامشخص است"),
    "9": StateInfo("owner_not_registered", Outcome.FAILED,
                   "the number owner's details are not registered and approved",
                   "اطلاعات مالک شماره ثبت و تایید نشده است"),
    "21": StateInfo("panel_not_permitted_yet", Outcome.FAILED,
                    "sending from this panel number is not permitted yet",
                    "هنوز اجازه ارسال به این شماره پنل داده نشده است"),
    "31": StateInfo("ip_not_allowed", Outcome.FAILED,
                    "request came from an IP that is not allowed",
                    "ارسال از IP غیرمجاز انجام شده است"),
}


def describe_state(code: str) -> StateInfo:
    """The meaning of a delivery answer; an unlisted one is kept verbatim and not final."""
    known = DELIVERY_STATES.get(code)
    if known is not None:
        return known
    error = SOAP_ERRORS.get(code)
    if error is not None:
        return StateInfo(error.name, Outcome.UNKNOWN, error.en, error.fa)
    return StateInfo("undocumented", Outcome.UNKNOWN, f"undocumented answer {code!r}",
                     f"پاسخ مستندنشده {code!r}")


def error_for(code: str, table: dict[str, CodeInfo]) -> GatewayError:
    """The typed error for a raw answer; undocumented answers are kept verbatim."""
    info = table.get(code)
    if info is None:
        return UndocumentedAnswer(
            code, f"undocumented gateway answer {code!r}", f"پاسخ مستندنشده درگاه {code!r}",
            name="undocumented",
        )
    cls = NotFoundError if info.name.startswith("smsid_") else ERROR_CLASS[info.kind]
    return cls(code, info.en, info.fa, name=info.name)
