"""The simulator as a real HTTP server: 0098SMS's SOAP service and link API on 127.0.0.1.

Paths are matched case-insensitively, as IIS does: `/service.asmx` (POST SOAP 1.1 or 1.2; GET
`?WSDL` for the description, plain GET for a help page) and `/sendsmslink.aspx` (GET).
Every request is recorded in arrival order before it is answered.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from ssl import SSLContext

from aiohttp import web

from bot.local_server import LocalServer
from bot.simulator import envelope
from bot.simulator.clock import ManualClock, SystemClock
from bot.simulator.config import SimulatorConfig
from bot.simulator.faults import Fault, FaultKind, Faults
from bot.simulator.pages import MALFORMED_BODY, MALFORMED_LINK_BODY, error_page, help_page
from bot.simulator.panel import LINK, SOAP_OPERATIONS, Panel, UnreadableRequest
from bot.simulator.records import RecordedRequest, SimMessage
from bot.simulator.wsdl import wsdl_for

SOAP_PATH = "/service.asmx"
LINK_PATH = "/sendsmslink.aspx"
ARRIVED = web.RequestKey("arrived", float)  # perf_counter() when the handler got the request
_SERVER_FAULT = "Server was unable to process request. ---> Object reference not set to an " \
    "instance of an object."
_HTML = "text/html"
_ACTIONS = {envelope.SERVICE_NS + operation: operation for operation in SOAP_OPERATIONS}
log = logging.getLogger(__name__)


class Simulator(LocalServer):
    """A 0098SMS look-alike; see the package docstring for how to use it."""

    def __init__(
        self,
        config: SimulatorConfig | None = None,
        clock: ManualClock | SystemClock | None = None,
        *,
        state_file: Path | None = None,
        tls: SSLContext | None = None,
    ) -> None:
        """`state_file`: where the account (credit, sends, their states) is read at start and
        written at stop, so that one-shot processes in a row share one sandbox account.
        `tls`: serve https with this server-side context."""
        # A short grace period: stop() must not wait for a latency sleep to end.
        super().__init__(shutdown_timeout=0.1, tls=tls)
        self.config = config or SimulatorConfig()
        self._state_file = state_file
        self.clock: ManualClock | SystemClock = clock or SystemClock()
        self.faults = Faults(self.config.latency)
        self.requests: list[RecordedRequest] = []
        self._panel = Panel(self.config, self.clock)
        self._wsdl = b""

    # --- life cycle -------------------------------------------------------------------------

    def _application(self) -> web.Application:
        self._load_state()  # each start serves the account as the state file last left it
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        return app

    def _started(self) -> None:
        self._wsdl = wsdl_for(self.soap_url)

    async def stop(self) -> None:
        if self.running:
            await super().stop()
            self._save_state()

    def _load_state(self) -> None:
        if self._state_file is None or not self._state_file.exists():
            return
        try:
            self._panel.restore(json.loads(self._state_file.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as error:
            log.warning("sandbox state %s not read, starting afresh: %s", self._state_file, error)

    def _save_state(self) -> None:
        if self._state_file is None:
            return
        self._state_file.parent.mkdir(parents=True, exist_ok=True)
        partial = self._state_file.with_name(self._state_file.name + ".tmp")
        partial.write_text(json.dumps(self._panel.snapshot()), encoding="utf-8")
        os.replace(partial, self._state_file)  # whole or not at all, even if killed meanwhile

    # --- addresses --------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return self.server_url

    @property
    def soap_url(self) -> str:
        return self.base_url + SOAP_PATH

    @property
    def wsdl_url(self) -> str:
        return self.soap_url + "?WSDL"

    @property
    def link_url(self) -> str:
        return self.base_url + LINK_PATH

    # --- the account ------------------------------------------------------------------------

    @property
    def credit(self) -> int:
        return self._panel.credit

    @credit.setter
    def credit(self, value: int) -> None:
        self._panel.credit = value

    @property
    def sent(self) -> list[SimMessage]:
        """Every accepted send in order, states brought up to the clock."""
        self._panel.settle()
        return self._panel.sent

    @property
    def messages(self) -> dict[str, SimMessage]:
        """Trackable messages (SendSMSWithID) by smsid, states brought up to the clock."""
        self._panel.settle()
        return self._panel.messages

    def force_state(self, smsid: str, code: str) -> None:
        """Pin a message's delivery state (KeyError for an unknown smsid)."""
        self._panel.force_state(smsid, code)

    def reset(self) -> None:
        """Forget requests, sends and faults; credit back to config.credit."""
        self.requests.clear()
        self._panel.reset()
        self.faults.clear()

    # --- HTTP -------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        request[ARRIVED] = time.perf_counter()
        body = await request.read()
        path = request.path.lower()
        if path == SOAP_PATH and request.method == "POST":
            return await self._soap(request, body)
        record = self._record(request, body)
        if path == SOAP_PATH and request.method in ("GET", "HEAD"):
            await self._pause(request)
            return self._describe(request)
        if path == LINK_PATH and request.method == "GET":
            params = record.fields = dict(record.query)
            record.operation = LINK
            return await self._operation(request, LINK, None, lambda: self._panel.link(params))
        status = 405 if path in (SOAP_PATH, LINK_PATH) else 404
        await self._pause(request)
        return _html(error_page(status), status)

    def _describe(self, request: web.Request) -> web.Response:
        if any(name.lower() == "wsdl" for name in request.query):
            return web.Response(body=self._wsdl, content_type="text/xml", charset="utf-8")
        return _html(help_page(self.wsdl_url))

    async def _soap(self, request: web.Request, body: bytes) -> web.StreamResponse:
        content_type = request.headers.get("Content-Type", "")
        version = envelope.soap_version(content_type)
        record = self._record(request, body)
        if version is None:
            await self._pause(request)
            return _html(error_page(415), 415)
        record.soap_version = version
        record.soap_action = envelope.soap_action(
            version, request.headers.get("SOAPAction"), content_type
        )
        try:
            call = envelope.parse_call(body, version)
        except envelope.EnvelopeError as exc:
            await self._pause(request)
            return _fault(version, f"Server was unable to read request. {exc}")
        record.fields = call.fields
        problem = _dispatch_problem(call, record.soap_action)
        if problem is not None:
            await self._pause(request)
            return _fault(version, problem)
        record.operation = call.operation
        return await self._operation(
            request, call.operation, version, lambda: self._panel.call(call.operation, call.inputs)
        )

    async def _operation(
        self,
        request: web.Request,
        operation: str,
        version: str | None,
        process: Callable[[], str],
    ) -> web.StreamResponse:
        """Answer an operation, unless an injected fault says otherwise."""
        fault = self.faults.take(operation, is_soap=version is not None)
        try:
            response = _respond(fault, operation, version, process)
        except UnreadableRequest as exc:
            response = _fault(version or "1.1", f"Server was unable to read request. ---> {exc}")
        await self._pause(request)
        if response is None:
            if request.transport is not None:
                request.transport.close()  # aiohttp then has nowhere to write its response
            return web.Response()
        return response

    async def _pause(self, request: web.Request) -> None:
        """Answer `latency` seconds after the request arrived, the simulator's own work included
        (as a remote service's answer time would be), so a busy machine does not add to it."""
        remaining = self.faults.latency - (time.perf_counter() - request[ARRIVED])
        if remaining > 0:
            await asyncio.sleep(remaining)

    def _record(self, request: web.Request, body: bytes) -> RecordedRequest:
        record = RecordedRequest(
            method=request.method, path=request.path, query=dict(request.query.items()),
            headers=dict(request.headers.items()), body=body, operation=None, fields={},
            soap_version=None, soap_action=None,
        )
        self.requests.append(record)
        return record


def _respond(
    fault: Fault | None, operation: str, version: str | None, process: Callable[[], str]
) -> web.Response | None:
    """The response to send, or None to drop the connection."""
    if fault is None:
        return _answer(operation, version, process())
    if fault.kind is FaultKind.ANSWER:
        return _answer(operation, version, fault.code)
    if fault.kind is FaultKind.CLOSE:
        if fault.after_processing:
            process()
        return None
    return _broken(fault, version)


def _answer(operation: str, version: str | None, value: str) -> web.Response:
    if version is None:
        return web.Response(text=value, content_type="text/plain", charset="utf-8")
    body = envelope.result_envelope(version, operation, value)
    return web.Response(body=body, content_type=envelope.CONTENT_TYPE[version], charset="utf-8")


def _broken(fault: Fault, version: str | None) -> web.Response:
    """The answer of a failing server: an error page, a soap:Fault, a broken or empty body."""
    content_type = _HTML if version is None else envelope.CONTENT_TYPE[version]
    if fault.kind is FaultKind.HTTP_ERROR:
        return _html(error_page(fault.status), fault.status)
    if fault.kind is FaultKind.SOAP_FAULT and version is not None:
        return _fault(version, _SERVER_FAULT, sender_fault=False)
    if fault.kind is FaultKind.MALFORMED:
        body = MALFORMED_LINK_BODY if version is None else MALFORMED_BODY
        return web.Response(body=body, content_type=content_type, charset="utf-8")
    return web.Response(body=b"", content_type=content_type, charset="utf-8")


def _fault(version: str, reason: str, *, sender_fault: bool = True) -> web.Response:
    body = envelope.fault_envelope(version, reason, sender_fault=sender_fault)
    return web.Response(
        status=500, body=body, content_type=envelope.CONTENT_TYPE[version], charset="utf-8"
    )


def _html(page: str, status: int = 200) -> web.Response:
    return web.Response(status=status, text=page, content_type=_HTML, charset="utf-8")


def _dispatch_problem(call: envelope.SoapCall, action: str | None) -> str | None:
    """Why ASP.NET would refuse to route this call, or None (routing by action, else by body)."""
    known = call.namespace == envelope.SERVICE_NS and call.operation in SOAP_OPERATIONS
    if action:
        if action not in _ACTIONS:
            return f"Server did not recognize the value of HTTP Header SOAPAction: {action}."
        if not known or _ACTIONS[action] != call.operation:
            return (
                "Server was unable to read request. ---> There is an error in XML document. "
                f"---> <{call.operation} xmlns='{call.namespace}'> was not expected."
            )
        return None
    if not known:
        return "Unable to handle request without a valid action parameter."
    return None

