"""The result cache: `check`, `status` and `report` on a portfolio that has not changed answer
with the last run's output, before the command line, pydantic or a single record is loaded.

An answer is stored under a key made of everything that can change it:

- the command line as typed, the current folder (output shows paths relative to it), today's
  date (the default ``--as-of``), ``STFOLIO_LANG``, the user and groups (what may be read), and
  what decides how output looks: whether standard output and error are terminals, their size
  and encoding, the colour and terminal variables;
- stfolio itself: its version and the size, times and inode of every file of the package and of
  the shipped catalogues, policy packs, templates and message catalogs (so an editable checkout
  that edits a catalogue is never answered from before the edit); the interpreter and the
  folders it imports from (an upgraded dependency changes them);
- the portfolio: its resolved root and every file and folder under it, evidence, local goals,
  policy packs and templates included (path, type, size, modification and change time, inode),
  except ``.git/``, which git rewrites on every command. A run that reads a file inside
  ``.git/`` (an intyg kept there, say) is therefore not stored.

Only what is known to be keyed completely is cached: the commands above with the options they
document, writing to standard output (never ``-o``), and an answer with exit code 0 or 1. A
command line this module does not recognise, a portfolio holding a link (whose target can
change outside it), a file changed in the last moments (its next change could keep the same
time stamp) or a run during which anything changed is simply run, and not stored.

Entries live in the user's cache folder (``STFOLIO_CACHE_DIR``, else ``$XDG_CACHE_HOME/stfolio``
or ``~/.cache/stfolio``; never the portfolio), readable by the user only, since an answer quotes
the portfolio. Each is written to a temporary file and renamed into place (concurrent runs see
a whole entry or none), carries the format, its full key and a checksum of its content (an entry
that is torn, foreign or tampered with is ignored, never trusted), and the folder is kept to
``MAX_ENTRIES`` entries and ``MAX_TOTAL_BYTES``, the least recently used evicted first.
``--no-cache`` or ``STFOLIO_NO_CACHE=1`` runs without the cache.

This module is on the start-up path of every command, so it imports only what the interpreter
has at hand: no pathlib, json, hashlib (``_blake2`` is what ``hashlib.blake2b`` is), dataclasses,
typing or contextlib, each of which would cost more than answering.
"""

from __future__ import annotations

import os
import stat
import sys
import time

import stfolio

TYPE_CHECKING = False  # typing itself costs more than this module: only the type checker reads these
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TextIO

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter built without it
    from hashlib import blake2b

FORMAT = b"stfolio result cache 1\n"
DIR_ENV = "STFOLIO_CACHE_DIR"
OFF_ENV = "STFOLIO_NO_CACHE"
MAX_ENTRIES = 200
MAX_TOTAL_BYTES = 64 * 1024 * 1024
MAX_ENTRY_BYTES = 8 * 1024 * 1024
MAX_FILES = 200_000  # a portfolio with more files and folders is not cached
UNWATCHED = frozenset({".git"})  # top-level names of a portfolio the key leaves out
# A file changed this recently may change again within the same time stamp tick, so an answer
# is not stored until every file it depends on is older (2 s on file systems that keep whole
# seconds: FAT, HFS+, ext3).
RACY_NS = 100_000_000
COARSE_RACY_NS = 2_000_000_000
# What, besides the terminal itself, decides how output looks.
OUTPUT_ENVIRONMENT = (
    "STFOLIO_LANG",
    "NO_COLOR",
    "FORCE_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "TERM",
    "COLORTERM",
    "COLUMNS",
    "LINES",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "JUPYTER_COLUMNS",
    "JUPYTER_LINES",
    "PYTHONIOENCODING",
    "PYTHONUTF8",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "LC_MESSAGES",
)
COMPLETION_ENV = "_STFOLIO_COMPLETE"
PROFILE = "stfolio.yaml"
_PACKAGE = os.path.dirname(os.path.realpath(stfolio.__file__))


class _Spec:
    """The options of a cached command: with a value, with a value that may be left out, flags."""

    flags = frozenset({"--example", "--no-cache"})

    def __init__(
        self, values: frozenset[str], optional: frozenset[str] = frozenset(), positional: bool = False
    ) -> None:
        self.values = values
        self.optional = optional
        self.positional = positional


_REPORT = frozenset({"--format", "-f", "--as-of", "--dir", "-C", "--detail"})
SPECS = {
    ("check",): _Spec(
        frozenset({"--format", "--as-of", "--dir", "-C"}), optional=frozenset({"--application"}), positional=True
    ),
    ("status",): _Spec(frozenset({"--goal", "--as-of", "--dir", "-C", "--format"}), positional=True),
    ("report", "annual"): _Spec(_REPORT | {"--year"}),
    ("report", "iup"): _Spec(_REPORT | {"--sheet"}),
    ("report", "application"): _Spec(_REPORT),
}
# `check --application` may stand without a value (cli.application.with_optional_values).
_APPLICATION_VALUES = ("bt", "st", "next")


class Command:
    """A command line the cache understands: the command's words, its options, the folder named."""

    def __init__(
        self,
        words: tuple[str, ...],
        options: dict[str, str] | None = None,
        positional: str | None = None,
        example: bool = False,
        no_cache: bool = False,
    ) -> None:
        self.words = words
        self.options = options if options is not None else {}
        self.positional = positional
        self.example = example
        self.no_cache = no_cache

    def _fields(self) -> tuple[object, ...]:
        return self.words, self.options, self.positional, self.example, self.no_cache

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Command) and self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Command{self._fields()!r}"


def parse(argv: list[str]) -> Command | None:
    """The command line as the cache reads it, or None if it is not one the cache may answer.

    Strict on purpose: anything unusual (an unknown or repeated option, ``--``, ``-o``, help) is
    left to the command line, uncached, so the cache never names a folder the command would not.
    """
    i = 0
    while i < len(argv) and argv[i].startswith("--lang"):
        i += 2 if argv[i] == "--lang" else 1
    rest = argv[i:]
    for words, spec in SPECS.items():
        if tuple(rest[: len(words)]) == words:
            return _options(Command(words), spec, rest[len(words) :])
    return None


def _options(command: Command, spec: _Spec, args: list[str]) -> Command | None:
    seen: set[str] = set()
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        name, has_value, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name in seen or arg == "-" or (name in ("--dir", "-C") and seen & {"--dir", "-C"}):
            return None
        if not arg.startswith("-"):
            if not spec.positional or command.positional is not None:
                return None
            command.positional = arg
            continue
        seen.add(name)
        if name in spec.flags and not has_value:
            command.example |= name == "--example"
            command.no_cache |= name == "--no-cache"
        elif name in spec.values or name in spec.optional:
            if not has_value:
                following = args[i] if i < len(args) else None
                if name in spec.optional and (
                    following is None
                    or (
                        following not in _APPLICATION_VALUES
                        and (following.startswith("-") or os.path.exists(following))
                    )
                ):
                    value = "next"
                elif following is None or following.startswith("-"):
                    return None
                else:
                    value = following
                    i += 1
            command.options[name] = value
        else:
            return None
    return command


def disabled(command: Command | None) -> bool:
    """Whether the cache is off for this run: --no-cache, STFOLIO_NO_CACHE, or nothing to key."""
    if command is None or command.no_cache:
        return True
    if os.environ.get(OFF_ENV, "") not in ("", "0") or os.environ.get(COMPLETION_ENV):
        return True
    for stream in (sys.stdout, sys.stderr):
        if stream is None or not hasattr(stream, "encoding"):
            return True
        # click writes around an ASCII stream, and on a Windows console past sys.stdout
        if (stream.encoding or "ascii").lower() in ("ascii", "us-ascii", "646") or (
            sys.platform == "win32" and stream.isatty()
        ):
            return True
    return False


def cache_dir() -> str:
    """The folder of the result cache (``STFOLIO_CACHE_DIR`` or resources.user_cache_dir()/results)."""
    if os.environ.get(DIR_ENV):
        return os.path.abspath(os.environ[DIR_ENV])
    # resources.user_cache_dir(), without importing pathlib on the start-up path
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        base = os.path.join(os.environ["LOCALAPPDATA"], "stfolio")
    elif sys.platform == "darwin":
        base = os.path.join(os.path.expanduser("~"), "Library", "Caches", "stfolio")
    else:
        base = os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "stfolio"
        )
    return os.path.join(base, "results")


def example_dir() -> str:
    """resources.example_portfolio(), without pathlib."""
    for candidate in (os.path.join(_PACKAGE, "_data", "examples"), os.path.join(os.path.dirname(_PACKAGE), "examples")):
        if os.path.isdir(candidate):
            return os.path.join(candidate, "psykiatri-2021")
    return os.path.join(_PACKAGE, "_data", "examples", "psykiatri-2021")


def find_root(start: str) -> str | None:
    """loader.find_root, without pathlib: the nearest folder at or above ``start`` with a profile."""
    folder = os.path.realpath(start)
    while True:
        if os.path.isfile(os.path.join(folder, PROFILE)):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _start(command: Command) -> str:
    if command.example:
        return example_dir()
    named = command.options.get("--dir") or command.options.get("-C")
    if command.words[0] in ("check", "status"):
        named = command.positional or named
    return named if named is not None else os.getcwd()


# --- the key -------------------------------------------------------------------------------


class _Fingerprint:
    """The key's material, and the newest change time among the files it covers."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.newest_ns = 0
        self.files = 0

    def file(self, rel: str, info: os.stat_result) -> None:
        self.parts.append(
            f"f{len(rel)}:{rel} {info.st_mode} {info.st_size} {info.st_mtime_ns} {info.st_ctime_ns} {info.st_ino}"
        )
        self.newest_ns = max(self.newest_ns, info.st_mtime_ns, info.st_ctime_ns)

    def walk(self, top: str, skip: frozenset[str] = frozenset(), follow: bool = False) -> bool:
        """Every file and folder under ``top`` (sorted); False if one cannot be keyed (a link, an error)."""
        stack = [""]
        while stack:
            rel = stack.pop()
            try:
                with os.scandir(os.path.join(top, rel) if rel else top) as listing:
                    entries = sorted(listing, key=lambda entry: entry.name)
            except OSError:
                return False
            folders = []
            for entry in entries:
                if (not rel and entry.name in skip) or (follow and entry.name == "__pycache__"):
                    continue
                child = f"{rel}/{entry.name}" if rel else entry.name
                try:
                    info = entry.stat(follow_symlinks=follow)
                except OSError:
                    return False
                self.files += 1
                if self.files > MAX_FILES or stat.S_ISLNK(info.st_mode):
                    return False
                if stat.S_ISDIR(info.st_mode):
                    self.parts.append(f"d{len(child)}:{child} {info.st_mode} {info.st_ino}")
                    folders.append(child)
                else:
                    self.file(child, info)
            stack.extend(reversed(folders))
        return True

    def digest(self) -> bytes:
        return blake2b("\0".join(self.parts).encode("utf-8", "surrogateescape"), digest_size=32).digest()


def _stream(name: str, stream: TextIO) -> str:
    return f"{name} tty={stream.isatty()} {stream.encoding} {getattr(stream, 'errors', '')}"


def _terminal_sizes() -> str:
    """The size of each standard stream that is a terminal: rich takes the first of 0, 1, 2, so
    ``stfolio status | less`` is as wide as the terminal that standard input is."""
    sizes = []
    for fd in (0, 1, 2):
        try:
            sizes.append(str(tuple(os.get_terminal_size(fd))))
        except (OSError, ValueError):
            sizes.append("-")
    return "terminal " + " ".join(sizes)


def _shipped(fingerprint: _Fingerprint) -> bool:
    """The package and the data it ships (the checkout's goals/ and templates/ when not inside)."""
    if not fingerprint.walk(_PACKAGE, follow=True):
        return False
    for name in ("goals", "templates"):
        if not os.path.isdir(os.path.join(_PACKAGE, "_data", name)):
            fingerprint.parts.append(f"data {name}")
            if not fingerprint.walk(os.path.join(os.path.dirname(_PACKAGE), name), follow=True):
                return False
    return True


def today() -> str:
    """Today's date as ``datetime.date.today()`` gives it (local time), without importing datetime."""
    return time.strftime("%Y-%m-%d", time.localtime())


def fingerprint(command: Command, argv: list[str], root: str) -> _Fingerprint | None:
    """Everything the answer to ``argv`` depends on, or None if something cannot be keyed."""
    found = _Fingerprint()
    found.parts += [
        FORMAT.decode(),
        stfolio.__version__,
        sys.version,
        sys.executable,
        repr(sys.argv[:1]),  # click names the program in what it prints after it
        repr(argv),
        os.getcwd(),
        today(),
        repr(sorted((name, os.environ[name]) for name in OUTPUT_ENVIRONMENT if name in os.environ)),
        _stream("stdout", sys.stdout),
        _stream("stderr", sys.stderr),
        f"stdin tty={sys.stdin is not None and sys.stdin.isatty()}",
        _terminal_sizes(),
    ]
    if hasattr(os, "geteuid"):
        found.parts.append(f"user {os.geteuid()} {os.getegid()} {sorted(os.getgroups())}")
    for entry in sys.path:
        try:
            info = os.stat(entry or ".")
        except OSError:
            found.parts.append(f"path {entry} -")
        else:
            found.parts.append(f"path {entry} {info.st_mode} {info.st_mtime_ns} {info.st_ino}")
    if not _shipped(found):
        return None
    # The language at start-up comes from the profile nearest the current folder, which may not
    # be the portfolio checked.
    here = find_root(os.getcwd())
    if here is not None and here != root:
        try:
            found.file(f"cwd profile {here}", os.stat(os.path.join(here, PROFILE)))
        except OSError:
            return None
    try:
        info = os.stat(root)
    except OSError:
        return None
    found.parts.append(f"root {root} {info.st_dev} {info.st_ino} {info.st_mode}")
    return found if found.walk(root, skip=UNWATCHED) else None


class _Unwatched:
    """Whether this process resolved a path inside a folder the key leaves out (see files.resolve_inside)."""

    read = False


def note_read(parts: tuple[str, ...]) -> None:
    """A path under the portfolio (``parts`` relative to its root) is read: a folder left out of the key makes the run uncacheable."""
    if parts and parts[0] in UNWATCHED:
        _Unwatched.read = True


# --- one run -------------------------------------------------------------------------------


class _Tee:
    """A text stream that passes everything on to ``stream`` and notes each write and flush."""

    def __init__(self, stream: TextIO, number: int, events: list[tuple[int, str | None]]) -> None:
        self._stream = stream
        self._number = number
        self._events = events
        self.bypassed = False

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # like a text stream: click probes with b"" for a binary one
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if text:
            self._events.append((self._number, text))
        return self._stream.write(text)

    def writelines(self, lines: list[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self._events.append((self._number, None))
        self._stream.flush()

    @property
    def buffer(self) -> Any:
        self.bypassed = True  # bytes written past the text layer are not seen: not stored
        return self._stream.buffer

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _encode(code: int, events: list[tuple[int, str | None]]) -> bytes:
    body = [b"exit %d\n" % code]
    pending: tuple[int, list[str]] | None = None
    for number, text in [*events, (0, None)]:
        if pending is not None and (text is None or number != pending[0]):
            data = "".join(pending[1]).encode("utf-8", "surrogatepass")
            body.append(b"%dw%d\n" % (pending[0], len(data)) + data)
            pending = None
        if text is None:
            if number:
                body.append(b"%df\n" % number)
        elif pending is None:
            pending = (number, [text])
        else:
            pending[1].append(text)
    return b"".join(body)


def _decode(body: bytes) -> tuple[int, list[tuple[int, str | None]]] | None:
    head, _, rest = body.partition(b"\n")
    if head not in (b"exit 0", b"exit 1"):
        return None
    events: list[tuple[int, str | None]] = []
    at = 0
    while at < len(rest):
        line_end = rest.find(b"\n", at)
        if line_end < 0:
            return None
        line = rest[at:line_end]
        at = line_end + 1
        number, op, size = line[:1], line[1:2], line[2:]
        if number not in (b"1", b"2") or op not in (b"w", b"f") or (op == b"f") != (size == b""):
            return None
        if op == b"f":
            events.append((int(number), None))
            continue
        if not size.isdigit() or at + int(size) > len(rest):
            return None
        events.append((int(number), rest[at : at + int(size)].decode("utf-8", "surrogatepass")))
        at += int(size)
    return int(head[5:]), events


class Request:
    """One cacheable run: its key, where its entry lives, and how to answer or record it."""

    def __init__(
        self, command: Command, argv: list[str], root: str, key: bytes, folder: str, started_ns: int, newest_ns: int
    ) -> None:
        self.command = command
        self.argv = argv
        self.root = root
        self.key = key
        self.folder = folder
        self.started_ns = started_ns
        self.newest_ns = newest_ns

    @property
    def entry(self) -> str:
        return os.path.join(self.folder, self.key.hex() + ".entry")

    def answer(self) -> int | None:
        """Replay the stored answer (output and order exactly as first written); its exit code, or None."""
        found = self._read()
        if found is None:
            return None
        code, events = found
        streams = {1: sys.stdout, 2: sys.stderr}
        for number, text in events:
            if text is None:
                streams[number].flush()
            else:
                streams[number].write(text)
        try:  # noqa: SIM105 - contextlib (with collections, functools) is not imported here
            os.utime(self.entry)  # recently used: evicted last
        except OSError:
            pass
        return code

    def _read(self) -> tuple[int, list[tuple[int, str | None]]] | None:
        try:
            fd = os.open(self.entry, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
                return None
            data = b""
            while chunk := os.read(fd, MAX_ENTRY_BYTES + 1 - len(data)):
                data += chunk
                if len(data) > MAX_ENTRY_BYTES:
                    return None
        except OSError:
            return None
        finally:
            os.close(fd)
        head = len(FORMAT)
        if data[:head] != FORMAT or data[head : head + 32] != self.key:
            return None
        checksum, body = data[head + 32 : head + 64], data[head + 64 :]
        if blake2b(body, digest_size=32).digest() != checksum:
            return None
        try:
            return _decode(body)
        except ValueError:  # text that is not what this module writes: not ours, ignored
            return None

    def run(self, command: Callable[[], None]) -> None:
        """Run ``command``: what it writes is shown as usual, and stored if it may be."""
        events: list[tuple[int, str | None]] = []
        _Unwatched.read = False
        saved = sys.stdout, sys.stderr
        tees = _Tee(sys.stdout, 1, events), _Tee(sys.stderr, 2, events)
        sys.stdout, sys.stderr = tees
        try:
            command()
        except SystemExit as exit:
            sys.stdout, sys.stderr = saved
            code = 0 if exit.code is None else exit.code
            if code in (0, 1) and not any(tee.bypassed for tee in tees):
                try:  # noqa: SIM105
                    self._store(int(code), events)
                except OSError:
                    pass  # a full disk or a read-only cache: the answer was given, it is just not kept
            raise
        finally:
            sys.stdout, sys.stderr = saved

    def _store(self, code: int, events: list[tuple[int, str | None]]) -> None:
        if not self._still_valid():
            return
        body = _encode(code, events)
        data = FORMAT + self.key + blake2b(body, digest_size=32).digest() + body
        if len(data) > MAX_ENTRY_BYTES:
            return
        os.makedirs(self.folder, mode=0o700, exist_ok=True)
        temporary = os.path.join(self.folder, f".tmp-{os.getpid()}-{os.urandom(6).hex()}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temporary, self.entry)
        finally:
            if os.path.lexists(temporary):
                os.unlink(temporary)
        evict(self.folder)

    def _still_valid(self) -> bool:
        """Whether the answer may be stored: nothing it read changed during the run, nor just before."""
        if _Unwatched.read:
            return False
        racy = COARSE_RACY_NS if self.newest_ns % 1_000_000_000 == 0 else RACY_NS
        if self.newest_ns > self.started_ns - racy:
            return False
        again = fingerprint(self.command, self.argv, self.root)
        return again is not None and again.digest() == self.key


def evict(folder: str) -> None:
    """Keep the cache within MAX_ENTRIES and MAX_TOTAL_BYTES, the least recently used going first."""
    entries = []
    now = time.time()
    with os.scandir(folder) as listing:
        for item in listing:
            try:
                info = item.stat(follow_symlinks=False)
                if item.name.startswith(".tmp-"):
                    if now - info.st_mtime > 600:  # left by a run that was killed while writing
                        os.unlink(item.path)
                elif item.name.endswith(".entry"):
                    entries.append((info.st_mtime_ns, info.st_size, item.path))
            except OSError:
                continue  # gone already: another run evicted it
    entries.sort()
    total = sum(size for _, size, _ in entries)
    while entries and (len(entries) > MAX_ENTRIES or total > MAX_TOTAL_BYTES):
        _, size, path = entries.pop(0)
        try:  # noqa: SIM105
            os.unlink(path)
        except OSError:
            pass
        total -= size


def request(argv: list[str]) -> Request | None:
    """The cacheable run ``argv`` asks for, or None: not a cached command, cache off, or unkeyable."""
    command = parse(argv)
    if command is None or disabled(command):
        return None
    try:
        start = _start(command)
        if not os.path.exists(start):
            return None
        root = find_root(start)
        folder = cache_dir()
        if root is None or os.path.realpath(folder).startswith(os.path.join(root, "")):
            return None
        # A folder named below the root is reached through folders the key does not cover.
        inside = os.path.relpath(os.path.realpath(start), root).split(os.sep)[0]
        if inside in UNWATCHED:
            return None
        started = time.time_ns()
        found = fingerprint(command, argv, root)
    except (OSError, ValueError):
        return None
    if found is None:
        return None
    return Request(command, argv, root, found.digest(), folder, started, found.newest_ns)
