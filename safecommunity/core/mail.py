"""The console e-mail backend of a local checkout, readable by a person."""

from __future__ import annotations

from email.header import decode_header, make_header

from django.core.mail.backends.console import EmailBackend


class ConsoleEmailBackend(EmailBackend):
    """Django's console backend, with headers shown decoded and on one line.

    On the wire a subject with letters such as ø is encoded (RFC 2047) and
    folded, as mail clients expect; printed that way it cannot be read.
    """

    def write_message(self, message) -> None:
        msg = message.message()
        charset = (
            msg.get_charset().get_output_charset() if msg.get_charset() else "utf-8"
        )
        raw = msg.as_bytes().decode(charset, "replace")
        _headers, _blank, content = raw.partition("\n\n")
        headers = [
            f"{name}: {' '.join(str(make_header(decode_header(str(value)))).split())}"
            for name, value in msg.items()
        ]
        self.stream.write("\n".join(headers) + "\n\n" + content + "\n")
        self.stream.write("-" * 79)
        self.stream.write("\n")
