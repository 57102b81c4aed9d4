"""kombu's filesystem transport with messages written atomically.

The stock transport creates the message file, then writes it: a worker listing the
folder in between moves an empty file and dies on it ("Unrecoverable error:
JSONDecodeError"), seen when a test killed one worker while others ran. Writing to a
name no queue matches and renaming it into place makes a message appear whole or not
at all. Registered as the "filesystem" transport in zoomadmin/celery.py.
"""

from __future__ import annotations

import os
import uuid

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        name = f"{round(filesystem.monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = final + ".part"  # ".part" is no queue's suffix: _get skips it
        try:
            with open(partial, "wb") as fh:
                fh.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel
