"""What the shared-drive sensor remembers between ticks: the size, modification time and hash of each waiting
file, and which content it already asked to process. Kept as the sensor's cursor (JSON), so it survives
restarts; no wall-clock time is stored."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


@dataclass
class FileState:
    size: int
    mtime_ns: int
    sha256: str | None = None
    requested_sha256: str | None = None
    slow_reads: int = 0  # ticks at which these bytes could not be opened in time


MAX_REMEMBERED = 5000  # contents already requested, most recent last


@dataclass
class DriveCursor:
    files: dict[str, FileState] = field(default_factory=dict)
    requested: list[str] = field(default_factory=list)  # sha256 of every content already asked to process
    reported: list[str] = field(default_factory=list)  # links, FIFOs, devices on the drive already reported

    @classmethod
    def load(cls, text: str | None) -> DriveCursor:
        if not text:
            return cls()
        raw = json.loads(text)
        files = {name: FileState(**state) for name, state in raw.get("files", {}).items()}
        return cls(files, list(raw.get("requested", [])), list(raw.get("reported", [])))

    def dump(self) -> str:
        files = {name: asdict(state) for name, state in sorted(self.files.items())}
        state = {"files": files, "requested": self.requested[-MAX_REMEMBERED:], "reported": self.reported}
        text = json.dumps(state, ensure_ascii=False)  # names as the UI shows them: « collèges »
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # a name whose bytes are not UTF-8: escaped, so that it can be stored
            return json.dumps(state)
        return text

    def was_requested(self, sha256: str) -> bool:
        return sha256 in self.requested

    def mark_requested(self, name: str, sha256: str) -> None:
        self.files[name].requested_sha256 = sha256
        self.requested.append(sha256)

    def observe(self, name: str, size: int, mtime_ns: int) -> bool:
        """Record what the file looks like now; True when it looked the same at the previous tick (stable)."""
        state = self.files.get(name)
        if state is not None and (state.size, state.mtime_ns) == (size, mtime_ns):
            return True
        self.files[name] = FileState(size, mtime_ns)
        return False

    def forget_all_but(self, names: set[str]) -> None:
        self.files = {name: state for name, state in self.files.items() if name in names}
