"""A real SMTP server for the email adapter's test: it accepts every message on 127.0.0.1:PORT
and prints each as one JSON line (envelope, decoded subject and body). Python 3.11's smtpd."""
import asyncore
import email
import json
import smtpd
import sys
import warnings
from email import policy

warnings.simplefilter("ignore", DeprecationWarning)


class Sink(smtpd.SMTPServer):
    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        message = email.message_from_bytes(data, policy=policy.default)
        print(json.dumps({
            "from": mailfrom,
            "to": rcpttos,
            "subject": str(message["subject"]),
            "body": message.get_content(),
        }), flush=True)


Sink(("127.0.0.1", int(sys.argv[1])), None, decode_data=False)
print("ready", flush=True)
asyncore.loop()
