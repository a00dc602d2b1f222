"""A throw-away certificate authority for the tests' made-up host names (`api.telegram.test`...):
the fakes serve https with a certificate it signs, so the bot's real clients reach them through an
HTTP proxy's CONNECT tunnel and check the certificate as they would Telegram's or the gateway's.

Made afresh for each test (`made_up_tls`): a CA no client trusts until a test says so.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path

import trustme


@dataclass(frozen=True)
class MadeUpTls:
    ca: trustme.CA
    server: ssl.SSLContext  # for the fakes (`tls=`): one certificate naming every made-up host

    def trust_in(self, context: ssl.SSLContext) -> None:
        """Make a client context trust this CA too, as one trusts a TLS-intercepting proxy's."""
        self.ca.configure_trust(context)

    def bundle(self, folder: Path) -> Path:
        """The CA as a PEM file, for SSL_CERT_FILE."""
        path = folder / "test-ca.pem"
        self.ca.cert_pem.write_to_path(str(path))
        return path


def made_up_tls(*hosts: str) -> MadeUpTls:
    ca = trustme.CA()
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(*hosts).configure_cert(server)
    return MadeUpTls(ca, server)
