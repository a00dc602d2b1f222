"""/send, /flash end to end: the admin's command, the exact gateway request, the reply, the row."""

from __future__ import annotations

from tests.fixtures_bot import RunningBot


async def test_send_reaches_gateway_and_replies_with_smsid(running_bot: RunningBot) -> None:
    reply = await running_bot.command("/send 0912 123 4567 Hello\nsecond line")
    [request] = running_bot.gateway_requests("SendSMSWithID")
    assert request.fields["mobileno"] == "09121234567"
    assert request.fields["text"] == "Hello\nsecond line"
    assert request.fields["isflash"] == "false"
    assert request.fields["pnlno"] == running_bot.simulator.config.sender
    smsid = running_bot.simulator.sent[0].smsid
    assert smsid is not None and smsid in reply
    assert "09121234567" in reply

