"""Faults injected at run time: each applies to the next matching requests, then expires.

Only operation requests match (a SOAP call to one of the five operations, or a link send); WSDL
downloads and malformed requests never use up a fault. Pending faults are kept in the order
they were asked for; a request takes the first one that matches it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FaultKind(StrEnum):
    ANSWER = "answer"  # answer this raw code instead of processing
    HTTP_ERROR = "http_error"  # an ASP.NET-style HTML error page with this status
    MALFORMED = "malformed"  # 200 with broken XML
    SOAP_FAULT = "soap_fault"  # a proper soap:Fault, HTTP 500 (SOAP requests only)
    EMPTY = "empty"  # 200 with an empty body
    CLOSE = "close"  # drop the connection without an answer


@dataclass
class Fault:
    kind: FaultKind
    times: int
    code: str = ""
    operation: str | None = None  # None: any operation (including "link")
    status: int = 500
    after_processing: bool = False  # CLOSE only: the send is accepted before the drop

    def matches(self, operation: str, is_soap: bool) -> bool:
        if self.kind is FaultKind.SOAP_FAULT and not is_soap:
            return False
        return self.operation is None or self.operation == operation


class Faults:
    def __init__(self, latency: float = 0.0) -> None:
        self._base_latency = latency
        self.latency = latency  # real seconds from each request to its answer
        self._pending: list[Fault] = []

    def answer_next(self, code: str, times: int = 1, operation: str | None = None) -> None:
        """Answer with this raw code (e.g. "-19", "Hang", "No Doc", "12" for the link)."""
        self._add(Fault(FaultKind.ANSWER, times, code=code, operation=operation))

    def http_error_next(self, status: int = 500, times: int = 1) -> None:
        if not 400 <= status <= 599:
            raise ValueError("an HTTP error status lies between 400 and 599")
        self._add(Fault(FaultKind.HTTP_ERROR, times, status=status))

    def malformed_next(self, times: int = 1) -> None:
        self._add(Fault(FaultKind.MALFORMED, times))

    def soap_fault_next(self, times: int = 1) -> None:
        self._add(Fault(FaultKind.SOAP_FAULT, times))

    def empty_next(self, times: int = 1) -> None:
        self._add(Fault(FaultKind.EMPTY, times))

    def close_next(self, times: int = 1, after_processing: bool = False) -> None:
        """Drop the connection; with after_processing the send was accepted before the drop."""
        self._add(Fault(FaultKind.CLOSE, times, after_processing=after_processing))

    def clear(self) -> None:
        """Forget pending faults; latency goes back to the configured value."""
        self._pending.clear()
        self.latency = self._base_latency

    @property
    def pending(self) -> list[Fault]:
        return list(self._pending)

    def take(self, operation: str, is_soap: bool) -> Fault | None:
        """The fault that applies to this request, if any, counting one use of it."""
        for fault in self._pending:
            if fault.matches(operation, is_soap):
                fault.times -= 1
                if fault.times == 0:
                    self._pending.remove(fault)
                return fault
        return None

    def _add(self, fault: Fault) -> None:
        if fault.times < 1:
            raise ValueError("times must be at least 1")
        self._pending.append(fault)
