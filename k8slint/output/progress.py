"""A progress line on stderr, only on a terminal, only for runs long enough to need one."""

from __future__ import annotations

import sys
import threading
import time
from types import TracebackType


class Progress:
    DELAY = 0.5  # seconds before anything is shown

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._shown = False

    def _spin(self) -> None:
        if self._stop.wait(self.DELAY):
            return
        start = time.monotonic() - self.DELAY
        frames = "|/-\\"
        i = 0
        while not self._stop.wait(0.1):
            sys.stderr.write(f"\rk8slint: analyzing... {frames[i % 4]} {time.monotonic() - start:4.1f}s")
            sys.stderr.flush()
            self._shown = True
            i += 1

    def __enter__(self) -> Progress:
        if self.enabled:
            self._thread = threading.Thread(target=self._spin, daemon=True)
            self._thread.start()
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
