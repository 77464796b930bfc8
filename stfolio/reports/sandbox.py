"""The jinja2 sandbox for report templates: what a portfolio's own template may read, and how much it may do.

A portfolio's ``templates/`` is other people's code to whoever renders the report (a
handledare, a studierektor), so a template may lay out data and nothing more:

- **what it reads**: a portfolio template is read only as a regular file inside ``templates/``,
  reached without a link (a link, even to a file inside, a hard link, a pipe, a file over 1 MiB
  or not UTF-8 is refused, ``TemplateRefused``); ``..`` never leaves the folder. What is not
  there comes from stfolio's own templates.
- **what it does**: jinja2's immutable sandbox (no Python internals, no changing data), plus
  limits on everything that could run for ever or fill the memory (``TemplateLimit``):
  nesting of calls (macros, recursive loops), ranges and repetitions, the length of strings and
  lists it builds, powers, the output, and a budget of steps (template lines and calls), so a
  loop of a billion turns stops in a second or two with a message instead of a hang.

``render_bounded`` renders one template under all of this; ``report_text`` in ``render`` turns
what goes wrong into a finding naming the template file and line.
"""

from __future__ import annotations

import re
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import jinja2
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Concat
from jinja2.runtime import Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from stfolio.files import TooLarge, read_regular
from stfolio.i18n import _
from stfolio.text import escape_untrusted

MAX_TEMPLATE_BYTES = 1024 * 1024
MAX_CALL_DEPTH = 64  # macros calling macros, recursive loops
MAX_COUNT = 100_000  # a range, a repetition, a width, a number of slices
MAX_ITEMS = 4_000_000  # characters of a string, items of a list, built by a template
MAX_POWER_BITS = 10_000  # 2 ** 10000 is a number of 3 011 digits
MAX_OUTPUT = 64 * 1024 * 1024
# Steps: lines of template code run plus calls made while rendering. The built-in reports of the
# bundled example take 80 000–125 000, of a portfolio of 10 000 records 300 000–560 000
# (measured); the budget is ten times that, and a loop that would not end stops within seconds.
BASE_STEPS = 5_000_000
STEPS_PER_ITEM = 200


class TemplateLimit(jinja2.TemplateRuntimeError):
    """A template went beyond one of the sandbox's limits."""


class TemplateRefused(jinja2.TemplateError):
    """A file of the portfolio's ``templates/`` that is not read: ``rel`` says which, ``reason`` why."""

    def __init__(self, rel: str, reason: str) -> None:
        super().__init__(f"{rel} {reason}")
        self.rel = rel
        self.reason = reason


class TemplateFiles(jinja2.BaseLoader):
    """The portfolio's ``templates/`` first (regular files only, no links), then stfolio's own."""

    def __init__(self, portfolio_root: Path | None, shipped: Path) -> None:
        self.root = portfolio_root
        self.shipped = shipped
        self.shown: dict[str, str] = {}  # file name as compiled -> name for findings

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = jinja2.loaders.split_template_path(template)  # refuses '..'
        if not pieces:
            raise jinja2.TemplateNotFound(template)
        found = self._portfolio_template(pieces) if self.root is not None else None
        if found is None:
            path = self.shipped.joinpath(*pieces)
            if not path.is_file():
                raise jinja2.TemplateNotFound(template)
            found = (path.read_text(encoding="utf-8"), path, str(path))
        text, path, shown = found
        self.shown[str(path)] = shown
        return text, str(path), lambda: True

    def _portfolio_template(self, pieces: list[str]) -> tuple[str, Path, str] | None:
        assert self.root is not None
        path = self.root
        parts = ["templates", *pieces]
        info = None
        for i, part in enumerate(parts):
            path = path / part
            rel = "/".join(parts[: i + 1])
            try:
                info = path.lstat()
            except FileNotFoundError:
                return None
            except OSError as exc:
                raise TemplateRefused(
                    rel, _("template cannot be read: {error}").format(error=exc.strerror or exc)
                ) from None
            if stat.S_ISLNK(info.st_mode):
                raise TemplateRefused(
                    rel, _("template is a link; templates are read only as regular files inside templates/")
                )
            if i < len(parts) - 1 and not stat.S_ISDIR(info.st_mode):
                return None
        rel = "/".join(parts)
        assert info is not None
        if not stat.S_ISREG(info.st_mode):
            raise TemplateRefused(rel, _("template is not a regular file"))
        if info.st_nlink > 1:
            raise TemplateRefused(
                rel, _("template is a hard link: another name for a file that may lie outside the portfolio")
            )
        try:
            raw = read_regular(path, MAX_TEMPLATE_BYTES)
        except TooLarge:
            raise TemplateRefused(
                rel, _("template is larger than {size} MiB").format(size=MAX_TEMPLATE_BYTES // 1024 // 1024)
            ) from None
        except OSError as exc:
            raise TemplateRefused(
                rel, _("template cannot be read: {error}").format(error=exc.strerror or exc)
            ) from None
        try:
            return raw.decode("utf-8-sig"), path, rel
        except UnicodeDecodeError:
            raise TemplateRefused(rel, _("template is not UTF-8")) from None


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple | dict) else 0


def bounded(value: Any) -> Any:
    """``value``, if a template may hold it: no string or list longer than MAX_ITEMS."""
    if _size(value) > MAX_ITEMS:
        raise TemplateLimit(f"a text or list of {_size(value)} items; templates may build at most {MAX_ITEMS}")
    return value


def _room(items: int) -> None:
    """Refuse to build something of ``items`` characters or items before it is built."""
    if items > MAX_ITEMS:
        raise TemplateLimit(f"a text or list of {items} items; templates may build at most {MAX_ITEMS}")


def _count(value: Any, what: str) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_COUNT:
        raise TemplateLimit(f"{what} of {value}; at most {MAX_COUNT} are allowed")


def _format_widths(fmt: Any) -> None:
    """A %-format or str.format text must not ask for a width or precision above MAX_COUNT."""
    if isinstance(fmt, str):
        for digits in re.findall(r"(?:%|[:.<>^=])[-+ #0,_]*(\d{6,})", fmt):
            _count(int(digits), "a width")


class _Generator(CodeGenerator):
    """jinja2's code generator, with every ``~`` concatenation checked for size."""

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        self.write("environment.bounded(")
        super().visit_Concat(node, frame)
        self.write(")")


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with limits on calls, operators, filters, ranges and sizes."""

    code_generator_class = _Generator
    intercepted_binops = frozenset({"*", "**", "+", "%", "/", "//"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.depth = 0
        self.globals["range"] = _bounded_range
        self.globals["lipsum"] = _bounded_lipsum
        self.filters = {name: _bounded_filter(name, f) for name, f in self.filters.items()}
        self.bounded = bounded

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if (
            operator == "**"
            and isinstance(left, int)
            and isinstance(right, int)
            and (right > MAX_COUNT or max(left.bit_length(), 1) * max(right, 0) > MAX_POWER_BITS)
        ):
            raise TemplateLimit(f"the power {left} ** {right} is above {MAX_POWER_BITS} bits")
        if operator == "*":
            for count, other in ((left, right), (right, left)):
                if isinstance(count, int) and _size(other) and _size(other) * count > MAX_ITEMS:
                    raise TemplateLimit(f"a repetition of {_size(other) * count} items; at most {MAX_ITEMS}")
            if (
                isinstance(left, int)
                and isinstance(right, int)
                and left.bit_length() + right.bit_length() > MAX_POWER_BITS
            ):
                raise TemplateLimit(f"a product above {MAX_POWER_BITS} bits")
        if operator == "%":
            _format_widths(left)
        return bounded(super().call_binop(context, operator, left, right))

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(__obj, Macro):
            _check_method(__obj, args)
        for value in (*args, *kwargs.values()):
            bounded(value)
        if __self.depth >= MAX_CALL_DEPTH:
            raise TemplateLimit(f"calls nested deeper than {MAX_CALL_DEPTH} (a macro calling itself?)")
        __self.depth += 1
        try:
            return bounded(super().call(__context, __obj, *args, **kwargs))
        finally:
            __self.depth -= 1


def _check_method(method: Any, args: tuple[Any, ...]) -> None:
    """Methods of text that can multiply a size in one step: check what they would build."""
    owner = getattr(method, "__self__", None)
    name = getattr(method, "__name__", "")
    wrapped = getattr(method, "__wrapped__", None)
    if name in ("format", "format_map") and wrapped is not None:
        _format_widths(getattr(wrapped, "__self__", None))
    if not isinstance(owner, str):
        return
    if name in ("ljust", "rjust", "center", "zfill") and args:
        _count(args[0], "a width")
    elif name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        grows = (owner.count(args[0]) if args[0] else len(owner) + 1) * max(len(args[1]) - len(args[0]), 0)
        _room(len(owner) + grows)
    elif name == "join" and args:
        items = list(args[0])
        _room(len(owner) * max(len(items) - 1, 0) + sum(_size(i) for i in items))
    elif name == "expandtabs":
        _room(len(owner) + owner.count("\t") * (args[0] if args and isinstance(args[0], int) else 8))


def _bounded_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_COUNT:
        raise TemplateLimit(f"a range of {len(numbers)} numbers; at most {MAX_COUNT}")
    return numbers


def _bounded_lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    for value in (n, min, max):
        _count(value * 100, "a lipsum size")
    return str(jinja2.utils.generate_lorem_ipsum(n=n, html=html, min=min, max=max))


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter whose size arguments are checked first and whose result is checked after."""

    def checked(*args: Any, **kwargs: Any) -> Any:
        values = list(args) + list(kwargs.values())
        if name in ("center", "indent", "batch", "slice", "wordwrap", "truncate"):
            for value in values[1:]:
                _count(value, f"a '{name}' size")
        if name in ("center", "indent") and values:
            width = next((v for v in values[1:] if isinstance(v, int) and not isinstance(v, bool)), 0)
            _room(str(values[0]).count("\n") * width + len(str(values[0])) + width)
        if name == "format" and args:
            _format_widths(args[0])
        if name == "join" and len(args) >= 2 and not isinstance(args[1], str):
            items = list(args[1])
            separator = args[2] if len(args) > 2 else kwargs.get("d", "")
            _room(_size(separator) * max(len(items) - 1, 0) + sum(_size(i) for i in items))
        if name == "replace" and len(args) >= 4 and isinstance(args[1], str):
            text, old, new = str(args[1]), args[2], args[3]
            if isinstance(old, str) and isinstance(new, str):
                grows = (text.count(old) if old else len(text) + 1) * max(len(new) - len(old), 0)
                _room(len(text) + grows)
        return bounded(function(*args, **kwargs))

    for attribute in ("jinja_pass_arg",):  # context/environment passing, as jinja2 marks it
        if hasattr(function, attribute):
            setattr(checked, attribute, getattr(function, attribute))
    checked.__name__ = getattr(function, "__name__", name)
    return checked


def shown_value(value: Any) -> Any:
    """What a report prints of a value: escaped and masked text (line breaks kept), others as they are."""
    if isinstance(value, Markup):
        return Markup(escape_untrusted(str(value), keep_newlines=True))
    if isinstance(value, str):
        return escape_untrusted(value, keep_newlines=True)
    return value


class _Steps:
    """A budget of steps for one rendering: lines of template code and calls, counted by a trace."""

    def __init__(self, budget: int, is_template: Callable[[str], bool]) -> None:
        self.left = budget
        self.budget = budget
        self.is_template = is_template

    def _exhausted(self) -> None:
        raise TemplateLimit(f"the template ran more than {self.budget} steps (a loop that would not end?)")

    def on_call(self, frame: FrameType, event: str, arg: Any) -> Any:
        self.left -= 1
        if self.left < 0:
            self._exhausted()
        return self.on_line if self.is_template(frame.f_code.co_filename) else None

    def on_line(self, frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            self.left -= 1
            if self.left < 0:
                self._exhausted()
        return self.on_line


def render_bounded(env: BoundedSandbox, files: TemplateFiles, name: str, items: int, **context: Any) -> str:
    """Render the template ``name`` within every limit; raises jinja2 errors and TemplateLimit."""
    steps = _Steps(BASE_STEPS + STEPS_PER_ITEM * items, lambda filename: filename in files.shown)
    previous = sys.gettrace()
    sys.settrace(steps.on_call)
    try:
        template = env.get_template(name)
        chunks: list[str] = []
        size = 0
        for chunk in _generate(template, context):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise TemplateLimit(f"the output is larger than {MAX_OUTPUT // 1024 // 1024} MiB")
            chunks.append(chunk)
        return "".join(chunks)
    finally:
        sys.settrace(previous)


def _generate(template: jinja2.Template, context: dict[str, Any]) -> Iterator[str]:
    yield from template.generate(**context)


def sandbox(portfolio_root: Path | None, shipped: Path) -> tuple[BoundedSandbox, TemplateFiles]:
    """The environment for reports, and the loader that knows which file each template came from."""
    files = TemplateFiles(portfolio_root, shipped)
    env = BoundedSandbox(
        loader=files,
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=shown_value,
        auto_reload=False,
    )
    return env, files
